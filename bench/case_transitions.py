"""Concurrency of case transitions and issuance on PostgreSQL.

    .venv/bin/python bench/case_transitions.py --database-url postgres://postgres@127.0.0.1:5432/talentcenter_bench_cases
    .venv/bin/python bench/case_transitions.py --repeat 10 --threads 20 --issuances 50 --sequential 100

Three figures, made with the real services on cases walked there by ``tests/cases.py``:

1. the same transition at once: ``--threads`` reviewers (one thread and one database connection
   each, released together by a barrier) call ``case_start_review`` on one submitted case; repeated
   ``--repeat`` times on fresh cases, once more through the API
   (``POST /api/v1/staff/cases/{id}/transitions/start_review``, one signed-in client per thread).
   Exactly one must get through each time; the others get the conflict answer (409 in the API);
2. ``--issuances`` approved cases issued at once by ``case_issue`` (the task's service), one thread
   each: the serials must be distinct and without gaps;
3. ``--sequential`` approved cases issued one after another by ``case_issue`` (lock, render both
   languages, QR code, file, row, audit, notices), timed; ``bench/documents_issue.py`` measures the
   bare ``document_issue`` for 1,000 documents.

Needs PostgreSQL (SQLite has no row locks). The database is dropped, created and migrated on every
run (the test factories' sequences start again at 1). Exits 1 when a figure is wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--issuances", type=int, default=50)
    parser.add_argument("--sequential", type=int, default=50)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/talentcenter_bench_cases"),
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
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    _recreate_postgres_database(arguments.database_url)
    call_command("migrate", verbosity=0, skip_checks=True)
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only: SQLite has no row locks.")
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="talentcenter-bench-transitions-"))
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.TALENTCENTER_API_THROTTLE_RATES = {}
    # Approval enqueues the issuance task on commit; here the bench itself calls ``case_issue``.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default", "email"]}
    }
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")

    ok = _same_transition(arguments.threads, arguments.repeat)
    ok = _same_transition_over_the_api(arguments.threads) and ok
    ok = _concurrent_issuance(arguments.issuances) and ok
    _sequential_issuance(arguments.sequential)
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


def _at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(index)`` in ``count`` threads released together; each result or exception."""
    from django.db import connections

    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _answer(result: Any) -> str:
    from talentcenter.foundation.workflow import TransitionNotAllowed

    if isinstance(result, TransitionNotAllowed):
        return f"conflict ({result.code}): {result.messages[0]}"
    if isinstance(result, Exception):
        return f"{type(result).__name__}: {result}"
    return "through"


def _submitted_case(reviewers: int) -> tuple[Any, Any, list[Any]]:
    from talentcenter.accounts.enums import Role
    from tests.cases import CasePeople, start, walk
    from tests.factories import UserFactory

    people = CasePeople.create()
    case = walk(start(people), people, "submitted")
    staff = [UserFactory(roles=[Role.STAFF_REVIEWER]) for _ in range(reviewers)]
    return people, case, staff


def _same_transition(threads: int, repeat: int) -> bool:
    from talentcenter.cases import services

    ok = True
    answers: Counter[str] = Counter()
    through_per_round = []
    for _round in range(repeat):
        _people, case, staff = _submitted_case(threads)

        def start_review(index: int, case: Any = case, staff: list[Any] = staff) -> Any:
            return services.case_start_review(actor=staff[index], case=case)

        results = _at_once(threads, start_review)
        round_answers = [_answer(result) for result in results]
        answers.update(round_answers)
        through = round_answers.count("through")
        through_per_round.append(through)
        case.refresh_from_db()
        ok = ok and through == 1 and case.status == "in_review" and case.reviewer in staff
    print(
        f"same transition (case_start_review), {threads} threads × {repeat} rounds: "
        f"through per round {through_per_round} → {'exactly one each time' if ok else 'WRONG'}"
    )
    for answer, count in answers.most_common():
        print(f"  {count:4d} × {answer}")
    return ok


def _same_transition_over_the_api(threads: int) -> bool:
    from conftest import staff_client_with_second_factor

    _people, case, staff = _submitted_case(threads)
    clients = [staff_client_with_second_factor(user) for user in staff]
    url = f"/api/v1/staff/cases/{case.pk}/transitions/start_review"
    if clients[0].get(f"/api/v1/staff/cases/{case.pk}").status_code == 404:
        print("API: /api/v1/staff/cases is not mounted; skipped")
        return True
    responses = _at_once(threads, lambda index: clients[index].post(url, {}, content_type="application/json"))
    statuses = Counter(getattr(response, "status_code", type(response).__name__) for response in responses)
    conflict = next((response for response in responses if getattr(response, "status_code", 0) == 409), None)
    ok = statuses.get(200, 0) == 1 and statuses.get(409, 0) == threads - 1
    print(f"same transition over the API, {threads} clients: {dict(statuses)} → {'ok' if ok else 'WRONG'}")
    if conflict is not None:
        print(f"  409 body: {conflict.content.decode()[:300]}")
    return ok


def _approved_cases(count: int) -> list[Any]:
    from tests.cases import CasePeople, start, walk

    cases = []
    for _ in range(count):
        people = CasePeople.create()
        cases.append(walk(start(people), people, "approved"))
    return cases


def _serial_numbers(cases: list[Any]) -> list[tuple[str, int]]:
    from talentcenter.cases.models import Case

    serials = Case.objects.filter(pk__in=[case.pk for case in cases]).values_list("issued_document__serial", flat=True)
    return sorted((serial.rsplit("-", 1)[0], int(serial.rsplit("-", 1)[1])) for serial in serials if serial)


def _concurrent_issuance(count: int) -> bool:
    from talentcenter.cases import services

    started = time.perf_counter()
    cases = _approved_cases(count)
    prepared = time.perf_counter() - started
    results = _at_once(count, lambda index: services.case_issue(case_id=cases[index].pk))
    errors = [_answer(result) for result in results if isinstance(result, Exception)]
    numbers = _serial_numbers(cases)
    prefixes = {prefix for prefix, _number in numbers}
    sequence = [number for _prefix, number in numbers]
    gap_free = bool(sequence) and sequence == list(range(sequence[0], sequence[0] + count))
    ok = not errors and len(numbers) == count and len(prefixes) == 1 and gap_free
    print(
        f"{count} concurrent issuances ({count} cases approved in {prepared:.1f} s): "
        f"{len(numbers)} serials, {len(set(numbers))} distinct, "
        f"{next(iter(prefixes), '?')}-{sequence[0] if sequence else 0:06d} … {sequence[-1] if sequence else 0:06d}, "
        f"{'gap-free' if gap_free else 'GAPS'}, errors {len(errors)} → {'ok' if ok else 'WRONG'}"
    )
    for error in errors[:3]:
        print(f"  {error}")
    return ok


def _sequential_issuance(count: int) -> None:
    from talentcenter.cases import services

    if count <= 0:
        return
    cases = _approved_cases(count)
    started = time.perf_counter()
    for case in cases:
        services.case_issue(case_id=case.pk)
    seconds = time.perf_counter() - started
    print(
        f"case_issue one after another: {count} documents in {seconds:.1f} s "
        f"({seconds / count * 1000:.0f} ms each → 1,000 in ~{seconds / count * 1000:.0f} s)"
    )


if __name__ == "__main__":
    sys.exit(main())
