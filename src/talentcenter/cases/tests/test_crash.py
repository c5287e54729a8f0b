"""A worker killed while rendering the document leaves the case as it was; the retry issues one.

The worker is a real second process (``os._exit`` in the middle of ``render_document``, as a
``kill -9`` would), so it needs a database that two processes share: PostgreSQL. SQLite's test
database is in memory and private to the test process, so this test runs on PostgreSQL only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection

from talentcenter.cases import services
from talentcenter.documents.models import IssuedDocument, SerialCounter
from tests.cases import CasePeople, start, walk

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a second process cannot see SQLite's in-memory test database"
    ),
    pytest.mark.django_db(transaction=True),
]

KILLED = 137
WORKER = textwrap.dedent(
    """
    import os, sys
    import django

    django.setup()
    from talentcenter.documents import services as document_services

    def killed_while_rendering(content):
        os._exit({killed})

    document_services.render_document = killed_while_rendering
    from talentcenter.cases import services

    services.case_issue(case_id=int(sys.argv[1]))
    """
).format(killed=KILLED)


@pytest.fixture(autouse=True)
def media_root(transactional_db: None, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def database_url_of_this_process() -> str:
    """The URL of the test database this process uses, for the worker process."""
    database = connection.settings_dict
    password = f":{quote(database['PASSWORD'])}" if database.get("PASSWORD") else ""
    return (
        f"postgres://{quote(database['USER'])}{password}@{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
        f"/{database['NAME']}"
    )


def run_worker(case_id: int) -> subprocess.CompletedProcess[str]:
    root = Path(django_settings.BASE_DIR)
    environment = {
        **os.environ,
        "DATABASE_URL": database_url_of_this_process(),
        "DJANGO_SETTINGS_MODULE": "talentcenter.settings",
        "TALENTCENTER_ENV": "test",
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)]),
    }
    return subprocess.run(
        [sys.executable, "-c", WORKER, str(case_id)],
        env=environment,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_worker_killed_while_rendering_leaves_the_case_approved_and_the_retry_issues_one_document():
    people = CasePeople.create()
    case = walk(start(people), people, "approved")

    worker = run_worker(case.pk)

    assert worker.returncode == KILLED, worker.stderr
    case.refresh_from_db()
    assert case.status == "approved"
    assert case.issued_document is None
    assert not IssuedDocument.objects.exists()
    assert list(SerialCounter.objects.values_list("last_number", flat=True)) in ([], [0])

    case = services.case_issue(case_id=case.pk)

    assert case.status == "issued"
    [document] = IssuedDocument.objects.all()
    assert case.issued_document == document
    assert document.serial == f"KTP-{document.year}-000001"
    assert SerialCounter.objects.get(kind=document.kind, year=document.year).last_number == 1
