"""What production shows and refuses: no demo data, browser features off, no server banner,
API docs only when switched on."""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from tests.api import ApiClient


@pytest.mark.django_db
@override_settings(PRODUCTION=True)
def test_the_demo_refuses_to_run_in_production() -> None:
    from talentcenter.accounts.models import User

    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("demo", "--profiles", "0", "--companies", "0")

    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/api/v1/programmes", "/en/accounts/login/"])
def test_every_answer_switches_off_unused_browser_features_but_keeps_passkeys(client: Client, path: str) -> None:
    policy = client.get(path)["Permissions-Policy"]

    directives = dict(part.strip().split("=", 1) for part in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert directives[feature] == "()"
    assert directives["publickey-credentials-get"] == "(self)"
    assert directives["publickey-credentials-create"] == "(self)"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["openapi.json", "docs"])
def test_api_docs_are_off_unless_switched_on(anonymous: ApiClient, path: str) -> None:
    with override_settings(TALENTCENTER_API_DOCS=False):
        refused = anonymous.get(path)
    with override_settings(TALENTCENTER_API_DOCS=True):
        served = anonymous.get(path)

    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"
    assert served.status_code == 200


def _python(code: str, **env: str) -> str:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "talentcenter.settings", "DJANGO_SECRET_KEY": "x" * 60}
    environment.pop("TALENTCENTER_API_DOCS", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env={**environment, **env}, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_api_docs_default_to_off_in_production() -> None:
    code = "import talentcenter.settings as s; print(s.TALENTCENTER_API_DOCS)"

    assert _python(code, TALENTCENTER_ENV="production") == "False"
    assert _python(code, TALENTCENTER_ENV="production", TALENTCENTER_API_DOCS="true") == "True"


def test_the_server_does_not_name_itself_or_its_version() -> None:
    # Given gunicorn with the application loaded, as `talentcenter serve` runs it
    from gunicorn.config import Config
    from gunicorn.http import wsgi as gunicorn_wsgi

    import talentcenter.wsgi  # noqa: F401 - loading the application hides the banner

    # When it answers
    response = gunicorn_wsgi.Response(
        SimpleNamespace(version=(1, 1), method="GET", should_close=lambda: True), None, Config()
    )
    response.status = "200 OK"
    headers = response.default_headers()

    # Then the Server header and the WSGI SERVER_SOFTWARE say neither gunicorn nor a version
    assert "Server: talentcenter\r\n" in headers
    assert gunicorn_wsgi.base_environ(Config())["SERVER_SOFTWARE"] == "talentcenter"
