"""Stored files are never served from /media/, have names nobody can guess, and leave the server
only through permission-checked views that say "download, do not sniff, do not keep"."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import clear_url_caches
from hypothesis import given
from hypothesis import strategies as st

from talentcenter.documents.files import unguessable_name
from talentcenter.documents.models import IssuedDocument
from talentcenter.documents.tests.conftest import IssueDocument
from tests.api import ApiClient, token_for

RANDOM_ISSUED_NAME = re.compile(r"^issued/[A-Za-z0-9_-]{43}\.pdf$")
PRIVATE_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}


def _content(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)


def _stored_bytes(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


# --- Names ------------------------------------------------------------------------------------
@given(extension=st.text(max_size=12))
def test_random_names_keep_only_a_plain_extension(extension: str) -> None:
    name = unguessable_name("cases", extension)

    folder, _, rest = name.partition("/")
    assert folder == "cases"
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}(\.[a-z0-9]{1,8})?", rest)
    assert rest.endswith(extension.lower()) or "." not in rest


def test_issued_files_are_named_by_a_random_token_not_the_serial(issue: IssueDocument) -> None:
    first, second = issue(), issue()

    for document in (first, second):
        assert RANDOM_ISSUED_NAME.match(document.file.name), document.file.name
        assert document.serial not in document.file.name
    assert first.file.name != second.file.name


def test_the_migration_renames_files_stored_under_their_serial(
    issue: IssueDocument, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a document stored the old way, under its serial, and one whose file is missing
    document = issue()
    data = _stored_bytes(document)
    old_name = default_storage.save(f"issued/{document.year}/{document.serial}.pdf", ContentFile(data))
    default_storage.delete(document.file.name)
    IssuedDocument.objects.filter(pk=document.pk).update(file=old_name)
    lost = issue()
    IssuedDocument.objects.filter(pk=lost.pk).update(file=f"issued/2026/{lost.serial}.pdf")
    migration = importlib.import_module("talentcenter.documents.migrations.0002_private_files_and_four_eyes_revocation")

    # When the data migration runs and commits
    from django.apps import apps

    with django_capture_on_commit_callbacks(execute=True):
        migration.rename_issued_files(apps, None)

    # Then the file has a random name, the same bytes, and the old name is gone; the lost one is untouched
    document.refresh_from_db()
    assert RANDOM_ISSUED_NAME.match(document.file.name)
    assert _stored_bytes(document) == data
    assert not default_storage.exists(old_name)
    lost.refresh_from_db()
    assert lost.file.name == f"issued/2026/{lost.serial}.pdf"


# --- No /media/ ---------------------------------------------------------------------------------
@pytest.fixture
def urlconf_reloaded(settings: Any) -> Iterator[Any]:
    """Rebuild the URL configuration after the test changed ``settings.DEBUG``, and once more after."""
    root_urlconf = importlib.import_module(settings.ROOT_URLCONF)

    def reload() -> None:
        importlib.reload(root_urlconf)
        clear_url_caches()

    yield reload
    settings.DEBUG = False
    reload()


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_media_is_never_served(
    client: Client, issue: IssueDocument, settings: Any, urlconf_reloaded: Any, debug: bool
) -> None:
    # Given an issued PDF on disk under MEDIA_ROOT, and the URLs built as ./dev up (DEBUG) or production builds them
    document = issue()
    settings.DEBUG = debug
    urlconf_reloaded()

    # When anyone asks for it, or anything else, under /media/
    paths = [f"/media/{document.file.name}", "/media/", "/media/issued/", "/media/cases/1/x.pdf"]

    # Then nothing is there
    assert {path: client.get(path).status_code for path in paths} == dict.fromkeys(paths, 404)


@pytest.mark.parametrize("environment", ["development", "production"])
def test_no_media_route_in_any_environment(environment: str, tmp_path: Path) -> None:
    """The settings each environment really loads (DEBUG on in development) give /media/ no route."""
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.urls import Resolver404, resolve\n"
        "assert settings.DEBUG is (settings.ENVIRONMENT == 'development'), settings.DEBUG\n"
        "for path in ('/media/issued/KTP-2026-000001.pdf', '/media/cases/1/a.pdf', '/media/'):\n"
        "    try:\n"
        "        resolve(path)\n"
        "    except Resolver404:\n"
        "        continue\n"
        "    raise SystemExit('served: ' + path)\n"
    )
    variables = {key: value for key, value in os.environ.items() if key not in {"DJANGO_DEBUG", "TALENTCENTER_ENV"}}
    variables.update(
        TALENTCENTER_ENV=environment,
        DJANGO_SETTINGS_MODULE="talentcenter.settings",
        DJANGO_SECRET_KEY="a-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        TALENTCENTER_VAR=str(tmp_path),
    )
    result = subprocess.run([sys.executable, "-c", script], env=variables, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr + result.stdout


# --- The protected views ------------------------------------------------------------------------
def test_staff_download_the_pdf_as_a_private_attachment(
    staff_client: Client, staff_api: ApiClient, issue: IssueDocument
) -> None:
    document = issue()

    page = staff_client.get(f"/en/backoffice/documents/{document.serial}/pdf/")
    api = staff_api.get(f"staff/documents/{document.serial}/pdf")

    for response in (page, api):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{document.serial}.pdf"'
        assert {header: response[header] for header in PRIVATE_HEADERS} == PRIVATE_HEADERS
        assert _content(response) == _stored_bytes(document)


@pytest.mark.parametrize(
    ("who", "page", "api"),
    [
        ("anonymous", 302, 401),
        ("talent", 404, 403),
        ("company_member", 404, 403),
        ("policy_analyst", 404, 403),
        ("staff", 200, 200),
    ],
)
def test_who_may_download_an_issued_pdf(
    issue: IssueDocument, request: pytest.FixtureRequest, who: str, page: int, api: int
) -> None:
    document = issue()
    if who == "anonymous":
        client, api_client = Client(), ApiClient()
    elif who in {"staff", "policy_analyst"}:
        client = request.getfixturevalue("staff_client" if who == "staff" else "policy_client")
        api_client = ApiClient(token=token_for(request.getfixturevalue(who)))
    else:
        user = request.getfixturevalue(who)
        client = Client()
        client.force_login(user)
        api_client = ApiClient(token=token_for(user))

    assert client.get(f"/en/backoffice/documents/{document.serial}/pdf/").status_code == page
    assert api_client.get(f"staff/documents/{document.serial}/pdf").status_code == api


def test_public_verification_never_offers_the_pdf(client: Client, issue: IssueDocument) -> None:
    document = issue()

    page = client.get(f"/en/verify/{document.serial}/").content.decode()
    api = client.get(f"/api/v1/verifications/{document.serial}").content.decode()

    for answer in (page, api):
        assert document.file.name not in answer
        assert f"{document.serial}.pdf" not in answer
        assert "/media/" not in answer
