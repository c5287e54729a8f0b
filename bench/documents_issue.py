"""Rendering and issuing documents: 1,000 bilingual PDFs (target < 60 s).

    .venv/bin/python bench/documents_issue.py                       # throwaway SQLite database
    .venv/bin/python bench/documents_issue.py --count 1000 \\
        --database-url postgres://postgres@127.0.0.1:5432/talentcenter_bench_documents

Two figures, one after the other, in one process:

1. render: ``certificates.render_document`` alone, half certificates and half letters, each with
   its own serial and holder (so every QR code differs);
2. issue: ``services.document_issue`` end to end, one transaction per document: lock the serial
   counter, render, write the file under a temporary MEDIA_ROOT, insert the row and its audit event.

A PostgreSQL database is created when missing and migrated; a SQLite one lives in a temporary
folder. Prints the machine, the load average and the numbers; exits 1 when issuing 1,000 takes 60 s or more.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60.0


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{platform.node()} · {model} · {os.cpu_count()} CPUs · Python {platform.python_version()} · load {load}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    arguments = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="talentcenter-bench-documents-"))
    os.environ.setdefault("TALENTCENTER_ENV", "test")
    if arguments.database_url:
        os.environ["DATABASE_URL"] = arguments.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from talentcenter.accounts.enums import Role
    from talentcenter.documents import services
    from talentcenter.documents.certificates import DocumentContent, render_document
    from talentcenter.documents.enums import DocumentKind
    from talentcenter.documents.models import IssuedDocument, SerialCounter

    if arguments.database_url:
        _ensure_postgres_database(arguments.database_url)
    call_command("migrate", verbosity=0)
    settings.MEDIA_ROOT = workdir / "media"
    kinds = [DocumentKind.KTECH_PASS_CERTIFICATE, DocumentKind.KOTRA_RECOMMENDATION_LETTER]
    details = {"employer": "Hanbit Semiconductor Co., Ltd.", "track": "Standard", "occupation": "Process engineer"}

    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}")

    started = time.perf_counter()
    total_bytes = 0
    for number in range(1, arguments.count + 1):
        kind = kinds[number % 2]
        content = DocumentContent(
            kind=kind,
            serial=services.format_serial(kind=kind, year=2026, sequence=number),
            holder_name_latin=f"Holder Number {number}",
            holder_name_hangul="김서연",
            holder_birth_date=date(1990, 1, 1),
            nationality="IN",
            issued_on=date(2026, 11, 23),
            valid_until=date(2029, 11, 22),
            details=details,
        )
        total_bytes += len(render_document(content))
    render_seconds = time.perf_counter() - started
    print(
        f"render: {arguments.count} PDFs in {render_seconds:.1f} s "
        f"({render_seconds / arguments.count * 1000:.1f} ms each, {total_bytes / arguments.count / 1024:.0f} KiB each)"
    )

    from tests.factories import UserFactory

    IssuedDocument.objects.all().delete()
    SerialCounter.objects.all().delete()
    staff = UserFactory(roles=[Role.STAFF_REVIEWER], email=f"bench-{uuid.uuid4().hex}@example.org")
    started = time.perf_counter()
    for number in range(1, arguments.count + 1):
        services.document_issue(
            actor=staff,
            kind=kinds[number % 2],
            holder_name_latin=f"Holder Number {number}",
            holder_name_hangul="김서연",
            holder_birth_date=date(1990, 1, 1),
            nationality="IN",
            issued_on=date(2026, 11, 23),
            valid_until=date(2029, 11, 22),
            details=details,
            subject_type="bench.case",
            subject_id=str(number),
        )
    issue_seconds = time.perf_counter() - started
    counters = dict(SerialCounter.objects.values_list("kind", "last_number"))
    print(
        f"issue: {arguments.count} documents in {issue_seconds:.1f} s "
        f"({issue_seconds / arguments.count * 1000:.1f} ms each); counters {counters}"
    )
    per_thousand = issue_seconds / arguments.count * 1000
    ok = per_thousand < TARGET_SECONDS
    print(
        f"target: 1,000 documents issued < {TARGET_SECONDS:.0f} s → {per_thousand:.1f} s, {'met' if ok else 'MISSED'}"
    )
    IssuedDocument.objects.all().delete()
    SerialCounter.objects.all().delete()
    shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


def _ensure_postgres_database(url: str) -> None:
    import psycopg
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def django_on_database(database_url: str) -> None:
    """Django set up on ``database_url`` (created when missing, migrated) with the API's throttles
    off, as the staff-queue benchmarks use it; prints the machine and the database."""
    os.environ.setdefault("TALENTCENTER_ENV", "test")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    _ensure_postgres_database(database_url)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, skip_checks=True)
    print(f"machine: {machine()}")
    name = connection.settings_dict["NAME"]
    print(f"database: {connection.vendor} {name}; migrate {time.perf_counter() - started:.1f} s")
    settings.TALENTCENTER_API_THROTTLE_RATES = {}
    settings.ALLOWED_HOSTS = ["testserver"]


if __name__ == "__main__":
    sys.exit(main())
