"""The concierge desk's ticket queue with 100,000 requests on PostgreSQL (target p95 < 150 ms).

    .venv/bin/python bench/concierge_queue.py --database-url postgres://postgres@127.0.0.1:5432/talentcenter_bench_concierge
    .venv/bin/python bench/concierge_queue.py --tickets 100000 --requests 200 --database-url ...

Creates the database when missing and migrates it, then fills it (once; a later run with the same
``--tickets`` reuses the rows) with ``--tickets`` concierge requests made by ``bulk_create`` — no
services, no audit rows, no messages — from 3,000 people, with 10 desk members, in a realistic mix:
a third active (new, in progress, waiting for the person with the clock paused), the rest
resolved, closed (most rated) or withdrawn; due dates spread from four weeks late to three weeks
ahead; a quarter of the active ones without an assignee.

Then it sends ``--requests`` requests per scenario through Django's full request handling (the test
client in this process, every middleware, a desk member signed in with a second factor as
``conftest.staff_client_with_second_factor`` does) to the back-office queue
``/en/backoffice/concierge/`` with several filters and to ``/api/v1/staff/concierge/requests``;
prints p50/p95/p99, the CPU time of this process per request (``time.process_time``: the
application's own work, without the database server's), the queries of each scenario and the load
average before and after.

Exits 1 when a p95 is 150 ms or more, or when a page's queries differ from the count its test
asserts (``concierge/tests/test_pages.py``: ``QUEUE_QUERIES``).
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 150.0
BENCH_DOMAIN = "bench-concierge.example.org"
PEOPLE = 3000
DESK = 10
# (status, share) of the seeded requests.
STATUS_MIX = [("new", 10), ("open", 15), ("waiting", 8), ("resolved", 12), ("closed", 50), ("withdrawn", 5)]
SUBJECTS = ["A flat near Pangyo", "Salary account", "Alien registration", "School places", "Tax reduction form"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/talentcenter_bench_concierge"),
    )
    arguments = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from documents_issue import django_on_database

    django_on_database(arguments.database_url)
    from django.db import connection

    desk = _seed(arguments.tickets)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by then
    return _measure(desk, arguments.requests)


def _seed(count: int):  # type: ignore[no-untyped-def]
    """Fill the database once with ``count`` requests (reused when exactly that many are there)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from talentcenter.accounts.enums import Role
    from talentcenter.accounts.models import User
    from talentcenter.accounts.services import role_groups_ensure
    from talentcenter.concierge.enums import DEFAULT_SLA_WORKING_DAYS, ServiceCategory
    from talentcenter.concierge.models import ConciergeRequest

    role_groups_ensure()
    desk_emails = [f"desk{number:02d}@{BENCH_DOMAIN}" for number in range(DESK)]
    desk = list(User.objects.filter(email__in=desk_emails).order_by("email"))
    if not desk:
        password = make_password(None)
        desk = User.objects.bulk_create(
            [User(email=email, password=password, display_name=f"Desk {email[4:6]}") for email in desk_emails]
        )
        Group.objects.get(name=Role.CONCIERGE.value).user_set.add(*desk)
    existing = ConciergeRequest.objects.count()
    if existing == count:
        print(f"seed: reusing {count:,} requests")
        return desk[0]

    rng = random.Random(2026)
    started = time.perf_counter()
    with transaction.atomic():
        ConciergeRequest.objects.all().delete()
        people = list(User.objects.filter(email__startswith="person", email__endswith=f"@{BENCH_DOMAIN}"))
        if not people:
            password = make_password(None)
            people = User.objects.bulk_create(
                [
                    User(email=f"person{number:05d}@{BENCH_DOMAIN}", password=password, display_name=f"Person {number}")
                    for number in range(PEOPLE)
                ],
                batch_size=2000,
            )
        now = timezone.now()
        today = timezone.localdate()
        statuses = [status for status, _share in STATUS_MIX]
        weights = [share for _status, share in STATUS_MIX]
        categories = list(ServiceCategory)
        batch = []
        for number in range(1, count + 1):
            status = rng.choices(statuses, weights)[0]
            category = categories[number % len(categories)]
            submitted = now - timedelta(days=rng.randint(1, 400), minutes=number % 600)
            active = status in ("new", "open", "waiting")
            paused = now - timedelta(days=rng.randint(1, 10)) if status == "waiting" else None
            resolved = status in ("resolved", "closed")
            rated = status == "closed" and rng.random() < 0.7
            batch.append(
                ConciergeRequest(
                    requester=people[number % len(people)],
                    category=category,
                    subject=f"{SUBJECTS[number % len(SUBJECTS)]} {number}",
                    status=status,
                    assignee=None if status == "new" or (active and rng.random() < 0.25) else desk[number % DESK],
                    submitted_at=submitted,
                    sla_working_days=DEFAULT_SLA_WORKING_DAYS[category],
                    pauses=[[paused.isoformat(), None]] if paused else [],
                    paused_since=paused,
                    due_date=None if paused else today + timedelta(days=rng.randint(-28, 21)),
                    resolved_at=submitted + timedelta(days=3) if resolved else None,
                    met_sla=rng.random() < 0.8 if resolved else None,
                    closed_at=submitted + timedelta(days=5) if status in ("closed", "withdrawn") else None,
                    rating=rng.randint(1, 5) if rated else None,
                    rated_at=submitted + timedelta(days=5) if rated else None,
                    last_activity_at=submitted,
                )
            )
            if len(batch) == 5000:
                ConciergeRequest.objects.bulk_create(batch)
                batch = []
        ConciergeRequest.objects.bulk_create(batch)
    active = ConciergeRequest.objects.filter(status__in=["new", "open", "waiting"]).count()
    print(f"seed: {count:,} requests ({active:,} active) in {time.perf_counter() - started:.1f} s")
    return desk[0]


def _measure(desk, requests: int) -> int:  # type: ignore[no-untyped-def]
    from conftest import staff_client_with_second_factor
    from django.db import connection
    from django.urls import reverse

    from talentcenter.concierge.models import ConciergeRequest
    from talentcenter.concierge.tests.test_pages import QUEUE_QUERIES

    client = staff_client_with_second_factor(desk)
    ids = list(ConciergeRequest.objects.order_by("?").values_list("pk", flat=True)[:200])
    rng = random.Random(7)
    page = reverse("concierge_backoffice:queue")
    scenarios: dict[str, Callable[[], object]] = {}
    for name, query in (
        ("default (active, overdue first)", ""),
        ("overdue only", "?overdue=on"),
        ("waiting (clock paused)", "?status=waiting"),
        ("nobody assigned", "?assignee=none"),
        ("assigned to me", "?assignee=mine"),
        ("category housing", "?category=housing"),
        ("all statuses", "?status=all"),
        ("page 20", "?page=20"),
    ):
        scenarios[f"page {name}"] = functools.partial(client.get, page + query)
    scenarios["page search by reference"] = lambda: client.get(
        page, {"q": f"CRQ-{rng.choice(ids):06d}", "status": "all"}
    )
    api = "/api/v1/staff/concierge/requests"
    for name, query in (("default", ""), ("overdue", "?overdue=true"), ("category tax", "?category=tax")):
        scenarios[f"API {name}"] = functools.partial(client.get, api + query)

    print(f"load average before: {', '.join(f'{value:.2f}' for value in os.getloadavg())}")
    print(
        f"{'scenario':40} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'CPU mean':>8} {'CPU p50':>7} "
        f"{'queries':>7} {'asserted':>8}  verdict"
    )
    failed = False
    for name, send in scenarios.items():
        for _ in range(5):  # warm-up
            send()
        queries: list[str] = []

        def counted(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = send()
        status = getattr(response, "status_code", 200)
        if status != 200:
            raise SystemExit(f"{name}: unexpected {status}")
        asserted = QUEUE_QUERIES if name.startswith("page ") else None
        timings, cpu = [], []
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            send()
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        cuts = statistics.quantiles(timings, n=100)
        p50, p95, p99 = cuts[49], cuts[94], cuts[98]
        misses = []
        if p95 >= TARGET_MS:
            misses.append(f"p95 >= {TARGET_MS:.0f} ms")
        if asserted is not None and len(queries) != asserted:
            misses.append(f"{len(queries)} queries, the test asserts {asserted}")
        failed = failed or bool(misses)
        print(
            f"{name:40} {p50:7.1f} {p95:7.1f} {p99:7.1f} {statistics.fmean(cpu):8.1f} {statistics.median(cpu):7.1f} "
            f"{len(queries):7d} {asserted if asserted is not None else '':>8}  {'; '.join(misses) or 'met'}"
        )
    print(f"load average after: {', '.join(f'{value:.2f}' for value in os.getloadavg())}")
    print(f"finished {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
