"""A registration rush on PostgreSQL: 2,000 talents register at once for a 500-seat event.

    .venv/bin/python bench/events_registration_rush.py
    .venv/bin/python bench/events_registration_rush.py --talents 2000 --seats 500 --processes 4 --threads 20

Every registration calls the real service (``events.services.registrations.talent_register``: lock
the event row, check the window and duplicates, fit check, count the seats held, take the arrival
number, write the registration, the audit event, the in-app notice and the queued e-mail). The
talents are spread over ``--processes`` × ``--threads`` workers, each with its own database
connection (PostgreSQL allows 100 here, so 2,000 connections at once are not possible; 80 workers
released together by a barrier keep the event's lock contended for the whole run).

The order of commits is witnessed independently of the service: each call runs inside an outer
transaction that, after the service returns and while the event's row lock is still held, takes
``nextval`` of a sequence. The next registration can only reach the lock after this one commits,
so the sequence numbers are the commit order; the arrival numbers must follow it exactly.

Checks (exit 1 when one fails): exactly ``--seats`` confirmed; the rest waitlisted; no error; the
confirmed are arrivals 1..seats and the waiting list is arrivals seats+1..N in commit order; and
a cancellation then offers exactly one seat, to the first person waiting.

Prints the wall time, the CPU time of the bench (parent and workers) and of PostgreSQL's backends
(from /proc, when the server runs on this machine), and the load average. The database
(``talentcenter_bench_events`` by default) is dropped, created and migrated on every run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEQUENCE = "events_bench_commit_order"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--talents", type=int, default=2000)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--threads", type=int, default=20, help="threads per process, one connection each")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/talentcenter_bench_events"),
    )
    arguments = parser.parse_args()

    os.environ.setdefault("TALENTCENTER_ENV", "test")
    os.environ["DATABASE_URL"] = arguments.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))

    import django
    from documents_issue import machine

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    _recreate_postgres_database(arguments.database_url)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, skip_checks=True)
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only: SQLite has no row locks.")
    print(f"machine: {machine()}")
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']} "
        f"(migrated in {time.perf_counter() - started:.1f} s)"
    )

    event_id, user_ids = _world(arguments.talents, arguments.seats)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE {SEQUENCE}")
    postmaster = _postmaster_pid()
    connections.close_all()

    workers = arguments.processes * arguments.threads
    slices = [user_ids[worker::workers] for worker in range(workers)]
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers + 1)
    results: Any = context.Queue()
    server_before = _children_cpu(postmaster)
    cpu_before = os.times()
    processes = [
        context.Process(
            target=_process,
            args=(event_id, slices[number * arguments.threads : (number + 1) * arguments.threads], barrier, results),
        )
        for number in range(arguments.processes)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    wall_start = time.perf_counter()
    rows: list[tuple[Any, ...]] = []
    for _process_number in processes:
        rows += results.get()
    wall = time.perf_counter() - wall_start
    for process in processes:
        process.join()
    cpu_after = os.times()
    server_after = _children_cpu(postmaster)
    load = os.getloadavg()

    ok = _report(rows, arguments.talents, arguments.seats)
    ok = _cancellation_offers_one(event_id, arguments.seats) and ok
    bench_cpu = (cpu_after.user - cpu_before.user + cpu_after.system - cpu_before.system) + (
        cpu_after.children_user - cpu_before.children_user + cpu_after.children_system - cpu_before.children_system
    )
    print(
        f"wall {wall:.2f} s for {arguments.talents} registrations ({arguments.talents / wall:.0f}/s, "
        f"{workers} connections: {arguments.processes} processes × {arguments.threads} threads)"
    )
    server = (
        "n/a (server not on this machine)"
        if server_before is None or server_after is None
        else f"{server_after - server_before:.2f} s"
    )
    print(
        f"CPU: bench {bench_cpu:.2f} s, PostgreSQL backends {server}; "
        f"load average {', '.join(f'{value:.2f}' for value in load)}"
    )
    print("RESULT:", "ok" if ok else "WRONG")
    return 0 if ok else 1


def _recreate_postgres_database(url: str) -> None:
    import psycopg
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    if name in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing to drop the database {name!r}; give a dedicated one")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def _world(talents: int, seats: int) -> tuple[int, list[int]]:
    """A published fair at COEX with ``seats`` seats, registration open, and ``talents`` people with a profile."""
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from talentcenter.accounts.models import User
    from talentcenter.events.models import Event
    from talentcenter.reference.models import Industry
    from talentcenter.talent.models import TalentProfile

    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=f"rush{number}@example.org",
                password=password,
                preferred_language="ko" if number % 3 == 0 else "en",
            )
            for number in range(talents)
        ]
    )
    semiconductor = Industry.objects.filter(code="semiconductor").first()
    profiles = TalentProfile.objects.bulk_create(
        [TalentProfile(user=user, given_name="Rush", family_name=f"Person {user.pk}") for user in users]
    )
    if semiconductor is not None:
        TalentProfile.desired_industries.through.objects.bulk_create(
            [
                TalentProfile.desired_industries.through(talentprofile_id=profile.pk, industry_id=semiconductor.pk)
                for profile in profiles[::2]
            ]
        )
    now = timezone.now()
    staff = User.objects.create(email="rush-staff@example.org", password=password)
    event = Event.objects.create(
        slug="global-talent-fair-rush",
        kind="fair",
        status="published",
        published_at=now,
        title_en="Global Talent Fair",
        title_ko="글로벌 인재 페어",
        venue_name="COEX",
        city="Seoul",
        starts_at=now + datetime.timedelta(days=30),
        ends_at=now + datetime.timedelta(days=30, hours=8),
        registration_opens_at=now - datetime.timedelta(hours=1),
        registration_closes_at=now + datetime.timedelta(days=7),
        talent_capacity=seats,
        company_capacity=0,
        created_by=staff,
    )
    if semiconductor is not None:
        event.target_industries.set([semiconductor])
    return event.pk, [user.pk for user in users]


def _process(event_id: int, slices: list[list[int]], barrier: Any, results: Any) -> None:
    """One worker process: a thread per slice, each registering its talents one after another."""
    rows: list[tuple[Any, ...]] = []
    lock = threading.Lock()

    def run(user_ids: list[int]) -> None:
        from django.db import connection, transaction

        from talentcenter.accounts.models import User
        from talentcenter.events.services.registrations import talent_register

        users = list(User.objects.filter(pk__in=user_ids))
        connection.close()
        barrier.wait()
        for user in users:
            try:
                with transaction.atomic():
                    registration = talent_register(actor=user, event=event_id)
                    with connection.cursor() as cursor:
                        cursor.execute(f"SELECT nextval('{SEQUENCE}')")
                        witness = cursor.fetchone()[0]
                row: tuple[Any, ...] = (registration.pk, registration.arrival, registration.status, witness, "")
            except Exception as error:  # reported, never hidden
                row = (None, None, None, None, f"{type(error).__name__}: {error}")
            with lock:
                rows.append(row)
        connection.close()

    threads = [threading.Thread(target=run, args=(user_ids,)) for user_ids in slices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(rows)


def _report(rows: list[tuple[Any, ...]], talents: int, seats: int) -> bool:
    from talentcenter.events.models import TalentRegistration

    errors = [row[4] for row in rows if row[4]]
    done = [row for row in rows if not row[4]]
    confirmed = sorted(row[1] for row in done if row[2] == "confirmed")
    by_commit = sorted(done, key=lambda row: row[3])
    waiting = [row for row in by_commit if row[2] == "waitlisted"]
    in_database = TalentRegistration.objects.filter(status="confirmed").count()
    waiting_in_database = list(
        TalentRegistration.objects.filter(status="waitlisted").order_by("arrival").values_list("pk", flat=True)
    )
    checks = {
        f"exactly {seats} confirmed (answers)": len(confirmed) == seats,
        f"exactly {seats} confirmed (database)": in_database == seats,
        "no errors": not errors and len(rows) == talents,
        "the confirmed are arrivals 1..seats": confirmed == list(range(1, seats + 1)),
        "arrival numbers follow the commit order": [row[1] for row in by_commit] == list(range(1, len(by_commit) + 1)),
        "the waiting list (database, by arrival) is the commit order": waiting_in_database
        == [row[0] for row in waiting],
        f"{talents - seats} waitlisted": len(waiting_in_database) == talents - seats,
    }
    print(
        f"confirmed: {len(confirmed)} (database: {in_database}); "
        f"waitlisted: {len(waiting_in_database)}; errors: {len(errors)}"
    )
    print(
        "waiting list, first 10 (registration id@arrival): "
        + ", ".join(f"{row[0]}@{row[1]}" for row in waiting[:10])
        + f" … last: {waiting[-1][0]}@{waiting[-1][1]}"
        if waiting
        else "waiting list: empty"
    )
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}")
    for name, passed in checks.items():
        print(f"  {'ok   ' if passed else 'WRONG'} {name}")
    return all(checks.values())


def _cancellation_offers_one(event_id: int, seats: int) -> bool:
    from talentcenter.events.models import TalentRegistration
    from talentcenter.events.services.registrations import registration_cancel

    first = TalentRegistration.objects.select_related("profile__user").get(event_id=event_id, arrival=1)
    registration_cancel(actor=first.profile.user, registration=first)
    offered = list(
        TalentRegistration.objects.filter(event_id=event_id, status="offered").values_list("arrival", flat=True)
    )
    held = TalentRegistration.objects.filter(event_id=event_id, status__in=["confirmed", "offered"]).count()
    ok = offered == [seats + 1] and held == seats
    print(
        f"a cancellation offers exactly one seat, to arrival {seats + 1}: "
        f"offered {offered}, held {held} → {'ok' if ok else 'WRONG'}"
    )
    return ok


def _postmaster_pid() -> int | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        stat = Path(f"/proc/{backend}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _children_cpu(pid: int | None) -> float | None:
    """CPU seconds of the ended children of the postmaster (the backends that closed) plus its own."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    utime, stime, cutime, cstime = (int(fields[index]) for index in (11, 12, 13, 14))
    return (utime + stime + cutime + cstime) / ticks


if __name__ == "__main__":
    sys.exit(main())
