"""Latency over HTTP and queries per request, against the database seeded by bench/seed_scale.py.

    .venv/bin/python bench/http_latency.py                  # 300 requests per scenario
    .venv/bin/python bench/http_latency.py --requests 1000 --workers 2

It starts gunicorn on 127.0.0.1 in production mode (``TALENTCENTER_ENV=production``, DEBUG off,
Argon2, whitenoise with the manifest from ``collectstatic``), except that it speaks plain HTTP
(``DJANGO_SECURE_SSL_REDIRECT=0``). It signs in the demo staff reviewer by creating a session that
records a second factor, exactly as allauth does after a TOTP code, and the demo talent with a
plain session and a personal API token. Then, per scenario, it sends warm-up requests and
``--requests`` measured requests one after the other with varied search terms and filters, and
prints p50/p95/p99. Separately, in this process, it counts the SQL queries of each page with
``CaptureQueriesContext`` on the same database, and checks that list pages issue the same number
of queries whatever the page number, the filters or the page size.

It also reads the CPU time the gunicorn processes spent on each scenario's measured requests
(``/proc/<pid>/stat`` of the master and its workers, user + system) and prints it per request next
to the latencies, with the load average: the machine is shared, so CPU per page is the figure to
compare between runs.

Exits 1 when a target is missed: staff talent list with filter and search p95 < 150 ms (issue 2) and
at most 20 ms of server CPU per page (issue 14); the staff case queue at most 20 ms of CPU per page;
profile pages and the API profile read p95 < 50 ms; and the queries of every list page equal to the
count the tests assert (``TALENT_LIST_QUERIES`` and ``QUEUE_QUERIES``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from api_assessments import process_tree_cpu_seconds  # bench/ is on the path: one /proc reader

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/talentcenter_bench"
TARGETS_MS = {
    "staff talent list (filter + search)": 150.0,
    "staff case queue (filters + search)": 150.0,
    "staff talent detail": 50.0,
    "own profile page": 50.0,
    "API GET /api/v1/me/profile": 50.0,
}
# Server CPU per request (issue 14): the staff pages.
CPU_TARGETS_MS = {
    "staff talent list (filter + search)": 20.0,
    "staff case queue (filters + search)": 20.0,
}
# The queries the tests assert (web/tests/test_backoffice.py, cases/tests/test_queue_queries.py):
# a page with rows, and an empty result (nothing to read for the page, nobody to log).
TALENT_LIST_QUERIES, EMPTY_TALENT_LIST_QUERIES = 8, 5
QUEUE_QUERIES, EMPTY_QUEUE_QUERIES = 9, 7


def production_environment(database_url: str) -> dict[str, str]:
    var = Path(tempfile.gettempdir()) / "talentcenter-bench-var"
    return {
        "DATABASE_URL": database_url,
        "TALENTCENTER_ENV": "production",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "TALENTCENTER_VAR": str(var),
        "LOG_LEVEL": "WARNING",
    }


@dataclass
class Scenario:
    name: str
    paths: list[str]
    headers: dict[str, str] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    server_cpu_ms: float = 0.0

    @property
    def cpu_per_request_ms(self) -> float:
        return self.server_cpu_ms / len(self.latencies_ms) if self.latencies_ms else float("nan")

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Prepared:
    staff_cookie: str
    talent_cookie: str
    token: str
    list_paths: list[str]
    detail_paths: list[str]
    own_profile_path: str
    api_path: str
    queue_paths: list[str]
    query_counts: dict[str, int]
    # label → (queries counted, queries the tests assert)
    list_queries: dict[str, tuple[int, int]]


def prepare(*, requests: int, seed: int) -> Prepared:
    """Sessions, a token, request paths and query counts, made in-process on the bench database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    django.setup()
    from allauth.account.internal.flows.login import record_authentication
    from django.conf import settings
    from django.db import connection
    from django.http import HttpRequest
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse
    from django.utils import translation

    from talentcenter.accounts.models import User
    from talentcenter.accounts.services import api_token_create
    from talentcenter.demo.accounts import STAFF_EMAIL, TALENT_EMAIL
    from talentcenter.talent.enums import EducationLevel, Visibility
    from talentcenter.talent.models import TalentProfile

    staff = User.objects.get(email=STAFF_EMAIL)
    talent = User.objects.get(email=TALENT_EMAIL)

    staff_client = Client()
    staff_client.force_login(staff)
    session = staff_client.session
    request = HttpRequest()
    request.session = session  # type: ignore[assignment]
    record_authentication(request, staff, "mfa", type="totp")
    session.save()
    talent_client = Client()
    talent_client.force_login(talent)
    _token, secret = api_token_create(user=talent, name="bench/http_latency.py")

    rng = random.Random(seed)
    total = TalentProfile.objects.count()
    ids = list(TalentProfile.objects.order_by("?").values_list("pk", flat=True)[: max(requests, 50)])
    names = list(TalentProfile.objects.filter(pk__in=ids[:200]).values_list("family_name", "given_name", "nationality"))
    with translation.override("en"):
        list_url = reverse("backoffice:talents")
        detail_urls = [reverse("backoffice:talent_detail", args=[pk]) for pk in ids]
        own_profile = reverse("talent:profile")
    api_path = "/api/v1/me/profile"

    def filter_query() -> str:
        family, given, nationality = rng.choice(names)
        term = family if rng.random() < 0.6 else given
        term = term.split(" ")[0][: rng.choice((3, 4, 5, 8))].lower()
        filters = rng.choice(
            (
                {"nationality": nationality},
                {"education_level": str(EducationLevel.MASTER)},
                {"education_level": str(EducationLevel.DOCTORATE)},
                {"visibility": Visibility.VERIFIED_COMPANIES},
                {"industry": rng.choice(("semiconductor", "ai", "bio", "secondary_battery"))},
            )
        )
        params = {"q": term, **filters}
        if rng.random() < 0.2:
            params["page"] = "2"
        return list_url + "?" + "&".join(f"{key}={value}" for key, value in params.items())

    list_paths = [filter_query() for _ in range(requests)]

    with translation.override("en"):
        queue_url = reverse("cases_backoffice:queue")
    family_names = sorted({family for family, _given, _nationality in names})
    queue_filters = (
        "",
        "?clock=overdue",
        "?clock=due_soon",
        "?clock=paused",
        "?reviewer=unassigned",
        "?reviewer=me",
        "?status=in_review&case_type=kotra_recommendation",
        "?status=issued",
        "?page=2",
    )
    queue_searches = ["?" + urlencode({"q": family}) for family in family_names]
    queue_paths = [
        queue_url + rng.choice(queue_filters if rng.random() < 0.7 else queue_searches) for _ in range(requests)
    ]

    counts: dict[str, int] = {}
    list_queries: dict[str, tuple[int, int]] = {}

    def count(label: str, client: Client, path: str, **headers: str) -> Any:
        with CaptureQueriesContext(connection) as context:
            response = client.get(path, **headers)
        if response.status_code != 200:
            raise SystemExit(f"{label}: {path} answered {response.status_code}")
        counts[label] = len(context.captured_queries)
        return response

    def count_list(label: str, path: str, *, row: str, queries: int, empty: int) -> None:
        """A list page's queries next to what the tests assert: ``queries`` with rows, ``empty`` without."""
        response = count(label, staff_client, path)
        listed = response.content.decode().count(row)
        list_queries[f"{label} ({listed} rows)"] = (counts.pop(label), queries if listed else empty)

    talent_row = '<th scope="row"><a href="' + list_url
    for label, query in (
        ("talent list, page 1, no filter", ""),
        ("talent list, page 2", "?page=2"),
        (f"talent list, last page (of {total:,} profiles)", "?page=999999"),
        ("talent list, search + nationality", f"?q={names[0][0][:4].lower()}&nationality={names[0][2]}"),
        ("talent list, search + industry + education", "?q=an&industry=ai&education_level=50"),
        ("talent list, search matching nobody", "?q=zzzzqqq"),
    ):
        count_list(
            label, list_url + query, row=talent_row, queries=TALENT_LIST_QUERIES, empty=EMPTY_TALENT_LIST_QUERIES
        )
    for size in (10, 100):
        with override_settings(TALENTCENTER_PAGE_SIZE=size):
            count_list(
                f"talent list, page size {size}",
                list_url,
                row=talent_row,
                queries=TALENT_LIST_QUERIES,
                empty=EMPTY_TALENT_LIST_QUERIES,
            )
    counts["(page size in settings)"] = settings.TALENTCENTER_PAGE_SIZE
    for query in (*queue_filters, queue_searches[0], "?q=zzzzqqq"):
        count_list(
            f"case queue {query or '(default)'}",
            queue_url + query,
            row='name="cases"',
            queries=QUEUE_QUERIES,
            empty=EMPTY_QUEUE_QUERIES,
        )
    for number, path in enumerate(detail_urls[:3], start=1):
        count(f"staff talent detail #{number}", staff_client, path)
    count("own profile page", talent_client, own_profile)
    count("API GET /api/v1/me/profile", Client(), api_path, HTTP_AUTHORIZATION=f"Bearer {secret}")

    return Prepared(
        staff_cookie=staff_client.cookies[settings.SESSION_COOKIE_NAME].value,
        talent_cookie=talent_client.cookies[settings.SESSION_COOKIE_NAME].value,
        token=secret,
        list_paths=list_paths,
        detail_paths=[rng.choice(detail_urls) for _ in range(requests)],
        own_profile_path=own_profile,
        api_path=api_path,
        queue_paths=queue_paths,
        query_counts=counts,
        list_queries=list_queries,
    )


def start_server(env: dict[str, str], *, port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "talentcenter.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    # The home page, not the OpenAPI document (404 in production unless TALENTCENTER_API_DOCS); the
    # first request of a worker loads the application, which takes ~20 s on a busy machine.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/en/", timeout=60).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 180 s")


def run_scenario(client: httpx.Client, scenario: Scenario, *, warmup: int, server: int, cookie: str = "") -> None:
    headers = dict(scenario.headers)
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    for path in scenario.paths[:warmup]:
        client.get(path, headers=headers)
    cpu_before = process_tree_cpu_seconds(server)
    for path in scenario.paths:
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
        scenario.statuses[response.status_code] = scenario.statuses.get(response.status_code, 0) + 1
        scenario.latencies_ms.append(elapsed)
    scenario.server_cpu_ms = (process_tree_cpu_seconds(server) - cpu_before) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="measured requests per scenario")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (the machine has 2 cores)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()

    env = {**os.environ, **production_environment(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))}
    os.environ.update(env)
    subprocess.run(
        [sys.executable, "-m", "talentcenter", "collectstatic", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True
    )
    prepared = prepare(requests=arguments.requests, seed=arguments.seed)
    server = start_server(env, port=arguments.port, workers=arguments.workers)
    scenarios: list[tuple[Scenario, str]] = [
        (Scenario("staff talent list (filter + search)", prepared.list_paths), prepared.staff_cookie),
        (Scenario("staff case queue (filters + search)", prepared.queue_paths), prepared.staff_cookie),
        (Scenario("staff talent detail", prepared.detail_paths), prepared.staff_cookie),
        (Scenario("own profile page", [prepared.own_profile_path] * arguments.requests), prepared.talent_cookie),
        (
            Scenario(
                "API GET /api/v1/me/profile",
                [prepared.api_path] * arguments.requests,
                headers={"Authorization": f"Bearer {prepared.token}"},
            ),
            "",
        ),
    ]
    load_before = os.getloadavg()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{arguments.port}", timeout=30) as client:
            for scenario, cookie in scenarios:
                run_scenario(client, scenario, warmup=arguments.warmup, server=server.pid, cookie=cookie)
    finally:
        server.terminate()
        server.wait(timeout=30)

    load_after = os.getloadavg()
    failures: list[str] = []
    print(f"\nload average (1, 5, 15 min) before: {load_before}, after: {load_after} on {os.cpu_count()} CPUs")
    print(
        f"\n{'scenario':38} {'n':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'target':>7} "
        f"{'CPU ms/req':>10} {'CPU target':>10}  statuses"
    )
    results: dict[str, Any] = {}
    for scenario, _cookie in scenarios:
        target = TARGETS_MS[scenario.name]
        cpu_target = CPU_TARGETS_MS.get(scenario.name)
        cpu = scenario.cpu_per_request_ms
        p50, p95, p99 = (scenario.percentile(share) for share in (0.5, 0.95, 0.99))
        print(
            f"{scenario.name:38} {len(scenario.latencies_ms):5} {p50:7.1f} {p95:7.1f} {p99:7.1f} {target:7.0f} "
            f"{cpu:10.1f} {cpu_target or float('nan'):10.0f}  {scenario.statuses}"
        )
        results[scenario.name] = {
            "p50": round(p50, 1),
            "p95": round(p95, 1),
            "p99": round(p99, 1),
            "mean": round(statistics.fmean(scenario.latencies_ms), 1),
            "server_cpu_ms_per_request": round(cpu, 2),
            "statuses": scenario.statuses,
        }
        if p95 >= target:
            failures.append(f"{scenario.name}: p95 {p95:.1f} ms >= {target:.0f} ms")
        if cpu_target is not None and cpu > cpu_target:
            failures.append(f"{scenario.name}: {cpu:.1f} ms of server CPU per request > {cpu_target:.0f} ms")
        if set(scenario.statuses) != {200}:
            failures.append(f"{scenario.name}: statuses {scenario.statuses}")

    print("\nqueries per list page (in-process, same database) and the count the tests assert:")
    for label, (number, asserted) in prepared.list_queries.items():
        print(f"  {label:70} {number:3}  asserted {asserted}{'' if number == asserted else '  DIFFERENT'}")
        if number != asserted:
            failures.append(f"{label}: {number} queries, the tests assert {asserted}")
    print("queries per request, other pages:")
    for label, number in prepared.query_counts.items():
        print(f"  {label:70} {number:3}")
    print(
        json.dumps(
            {
                "latency": results,
                "list_queries": prepared.list_queries,
                "queries": prepared.query_counts,
                "load": [load_before, load_after],
            }
        )
    )
    for failure in failures:
        print(f"MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
