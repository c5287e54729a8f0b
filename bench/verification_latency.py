"""Latency of public verification: the result page and the API (target p95 < 20 ms).

    .venv/bin/python bench/verification_latency.py                   # throwaway SQLite database
    .venv/bin/python bench/verification_latency.py --requests 1000 \\
        --database-url postgres://postgres@127.0.0.1:5432/talentcenter_bench_documents

Issues ``--documents`` documents (some revoked, some expired), then sends ``--requests`` requests
per scenario through Django's full request handling (every middleware, templates, the API's auth,
throttling and error contract) with the test client in this process, for random serials, and
prints p50/p95/p99 per scenario. No network and no web server: the figure is the application's
own time. Exits 1 when a p95 is 20 ms or more.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 20.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--database-url", default="")
    arguments = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="talentcenter-bench-verification-"))
    os.environ.setdefault("TALENTCENTER_ENV", "test")
    if arguments.database_url:
        os.environ["DATABASE_URL"] = arguments.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from documents_issue import _ensure_postgres_database, machine

    from talentcenter.accounts.enums import Role
    from talentcenter.documents import services
    from talentcenter.documents.enums import DocumentKind
    from talentcenter.documents.models import IssuedDocument, SerialCounter
    from tests.factories import UserFactory

    if arguments.database_url:
        _ensure_postgres_database(arguments.database_url)
    call_command("migrate", verbosity=0)
    settings.MEDIA_ROOT = workdir / "media"
    settings.TALENTCENTER_API_THROTTLE_RATES = {}
    settings.TALENTCENTER_VERIFICATION_LOOKUPS_PER_MINUTE = 10**9  # counted (real cost), never refused
    settings.ALLOWED_HOSTS = ["testserver"]
    IssuedDocument.objects.all().delete()
    SerialCounter.objects.all().delete()
    staff = UserFactory(roles=[Role.STAFF_REVIEWER], email=f"bench-{uuid.uuid4().hex}@example.org")
    today = timezone.localdate()
    serials = []
    for number in range(arguments.documents):
        expired = number % 10 == 1
        document = services.document_issue(
            actor=staff,
            kind=DocumentKind.KTECH_PASS_CERTIFICATE if number % 2 else DocumentKind.KOTRA_RECOMMENDATION_LETTER,
            holder_name_latin=f"Holder Number {number}",
            holder_name_hangul="김서연",
            holder_birth_date=date(1990, 1, 1),
            nationality="IN",
            issued_on=today - timedelta(days=800 if expired else 10),
            valid_until=today - timedelta(days=1) if expired else today + timedelta(days=700),
        )
        if number % 10 == 2:
            services.document_revoke(actor=staff, document=document, reason="Issued in error")
        serials.append(document.serial)
    serials.append("KTP-2026-999999")  # not found

    client = Client()
    scenarios = {
        "page /en/verify/<serial>/": lambda serial: client.get(f"/en/verify/{serial}/"),
        "page /ko/verify/<serial>/": lambda serial: client.get(f"/ko/verify/{serial}/"),
        "API GET /api/v1/verifications/<serial>": lambda serial: client.get(f"/api/v1/verifications/{serial}"),
    }
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}; {arguments.documents} documents; {arguments.requests} requests per scenario")
    failed = False
    rng = random.Random(7)
    for name, send in scenarios.items():
        for serial in serials[:20]:  # warm-up
            send(serial)
        timings = []
        for _ in range(arguments.requests):
            serial = rng.choice(serials)
            started = time.perf_counter()
            response = send(serial)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code not in (200, 404):
                raise SystemExit(f"{name}: unexpected {response.status_code} for {serial}")
        cuts = statistics.quantiles(timings, n=100)
        p50, p95, p99 = cuts[49], cuts[94], cuts[98]
        verdict = "met" if p95 < TARGET_MS else "MISSED"
        failed = failed or p95 >= TARGET_MS
        print(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms → {verdict}")
    IssuedDocument.objects.all().delete()
    SerialCounter.objects.all().delete()
    shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
