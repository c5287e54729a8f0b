"""Throughput and latency of ``POST /api/v1/assessments`` under concurrent load.

    .venv/bin/python bench/api_assessments.py                        # starts its own server
    .venv/bin/python bench/api_assessments.py --requests 8000 --workers 2 --threads 1
    .venv/bin/python bench/api_assessments.py --url http://127.0.0.1:8000   # a server already running
    .venv/bin/python bench/api_assessments.py --profile --requests 1000      # CPU per request, queries; no HTTP
    .venv/bin/python bench/api_assessments.py --profile --pyinstrument       # and where the time goes
    .venv/bin/python bench/api_assessments.py --client wrk --deployed \
        --database-url postgres://postgres@127.0.0.1:5432/talentcenter_bench_assess   # wrk, as deployed

The targets (issue 14): at most 0.8 ms of CPU per request through Django and 0.3 ms in the engine
(``--profile``, in this process: ``time.process_time``, which the machine's other load does not
inflate the way it does wall time), then at least 800 assessments/s with p95 under 25 ms at 16
concurrent connections on an idle 2-core machine, served the way the README serves production.
The server's CPU per request (its process tree's user + system time) is printed with every run.

Without ``--url`` the script prepares a fresh SQLite
database in a temporary directory (``migrate`` and ``import-reference``; ``--database-url`` for
PostgreSQL instead) and runs ``talentcenter serve`` (gunicorn) in production mode
(``TALENTCENTER_ENV=production``, DEBUG off, static files collected), except that it speaks plain
HTTP (``DJANGO_SECURE_SSL_REDIRECT=0``). The access log goes to a file, as it would to a collector.

All requests come from one address, so the per-address rate limit must be raised or turned off:
``--rate-anonymous`` sets ``API_RATE_ANONYMOUS`` for the server (default: empty, which turns the
limit off; ``1000000/m`` keeps the throttle's bookkeeping in the request path). ``--deployed``
serves as production is deployed instead: the rate limits at their production values, kept in Redis
(``--redis-url``), behind a trusted proxy (``TALENTCENTER_TRUSTED_PROXIES=127.0.0.1``) that forwards
each client's address: every request carries ``X-Forwarded-For`` from a pool of ``--clients``
addresses, so the throttle counts and checks each request as it would for that many people.

``--client wrk`` sends the measured requests with wrk (Debian package ``wrk``) for ``--seconds``,
cycling through the same bodies, languages and addresses (a Lua script this writes), so that its
figure and this script's own client's can be compared; wrk's own CPU is printed next to the server's.

It sends ``--warmup`` requests, then ``--requests`` POSTs of varied applicants (seeded, every
programme, half of them in Korean) over ``--concurrency`` keep-alive connections, and prints
throughput, p50/p95/p99, errors, the server settings and the CPU time the client itself used
(the client shares the machine's cores with the server). Exits 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
TARGET_PER_SECOND = 800.0
TARGET_P95_MS = 25.0
TARGET_CPU_MS = 0.8  # per request, through Django (in process)
TARGET_ENGINE_CPU_MS = 0.3  # per applicant: prepare + explain

UNIVERSITIES = [
    ("Massachusetts Institute of Technology", "US"),
    ("KAIST", "KR"),
    ("Seoul National University", "KR"),
    ("University of Oxford", "GB"),
    ("Technical University of Munich", "DE"),
    ("Indian Institute of Technology Bombay", "IN"),
    ("National University of Singapore", "SG"),
    ("Tsinghua University", "CN"),
    ("Universidad de Buenos Aires", "AR"),
    ("Hanoi University of Science and Technology", "VN"),
    ("Some Regional College", "PH"),
]
COMPANIES = [
    "Samsung Electronics",
    "Hyundai Motor",
    "Google",
    "Apple",
    "Siemens",
    "Toyota Motor",
    "Infosys",
    "Small Robotics GmbH",
    "Acme Analytics",
]
INSTITUTES = ["Max Planck Society", "CNRS", "Korea Institute of Science and Technology", "Broad Institute"]
FIELDS = ["electrical engineering", "computer science", "materials science", "biology", "mechanical engineering", "art"]
INDUSTRIES = ["semiconductor", "display", "secondary_battery", "bio", "robotics", "ai", "advanced_mobility", "other"]
TECHNOLOGY_FIELDS = ["it", "digital_electronics", "biotechnology", "new_materials", "environment_energy", "other"]
NATIONALITIES = ["IN", "US", "VN", "DE", "CN", "FR", "BR", "NG", "PH", "GB"]
PROGRAMMES = [[], [], ["ktech-pass"], ["top-tier-visa"], ["kotra-recommendation", "e7-1"]]


def applicant(generator: random.Random) -> dict[str, Any]:
    """One plausible applicant in the interchange format, different each time."""
    as_of = date(2025, 6, 1) + timedelta(days=generator.randrange(700))
    birth = date(1965, 1, 1) + timedelta(days=generator.randrange(365 * 35))
    # A degree completed after the date assessed is refused (422): graduated before it.
    graduated = min(birth + timedelta(days=365 * generator.randint(22, 32)), as_of - timedelta(days=30))
    institution, country = generator.choice(UNIVERSITIES)
    education = [
        {
            "level": generator.choice(["bachelor", "master", "master", "doctorate"]),
            "field": generator.choice(FIELDS),
            "institution": institution,
            "country": country,
            "completed": graduated.isoformat(),
        }
    ]
    experience = []
    start = graduated + timedelta(days=30)
    for _ in range(generator.randint(0, 3)):
        postdoctoral = education[0]["level"] == "doctorate" and generator.random() < 0.3
        years = generator.randint(1, 8)
        end = start + timedelta(days=365 * years)
        experience.append(
            {
                "organization": generator.choice(INSTITUTES if postdoctoral else COMPANIES),
                "kind": "research_institute" if postdoctoral else "company",
                "field": generator.choice(FIELDS),
                "start": start.isoformat(),
                "end": end.isoformat() if end < date(2026, 1, 1) else None,
                "postdoctoral": postdoctoral,
            }
        )
        start = end + timedelta(days=generator.randint(0, 200))
    body: dict[str, Any] = {
        "person": {"birth_date": birth.isoformat(), "nationality": generator.choice(NATIONALITIES)},
        "education": education,
        "experience": experience,
        "languages": [{"language": "ko", "test": "TOPIK", "level": generator.randint(0, 6)}]
        if generator.random() < 0.5
        else [],
        "programmes": generator.choice(PROGRAMMES),
        "as_of": as_of.isoformat(),
    }
    if generator.random() < 0.8:
        body["offer"] = {
            "company": generator.choice(COMPANIES),
            "company_size": generator.choice(["sme", "midsize", "large"]),
            "industry": generator.choice(INDUSTRIES),
            "technology_field": generator.choice(TECHNOLOGY_FIELDS),
            "annual_salary_krw": generator.randrange(30_000_000, 300_000_000, 1_000_000),
            "occupation": generator.choice(["2211", "2221", "1311", None]),
            "region": generator.choice(["Seoul", "Gyeonggi", "Busan", "Gangwon"]),
        }
    if generator.random() < 0.3:
        body["qualitative_scores"] = {
            "technical_expertise": generator.randint(0, 20),
            "strategic_value": generator.randint(0, 15),
        }
    return body


@dataclass(frozen=True)
class Call:
    """One request: its body, its Accept-Language, and the client address a proxy forwards (or "")."""

    body: bytes
    language: str
    forwarded: str = ""


@dataclass
class Results:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class RawConnection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams.

    httpx spends about 1.5 ms of CPU per request here, a third of what the server spends, on the
    same two cores; this spends a tenth of that, so the figure measures the server.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes, language: str, forwarded: str = "") -> tuple[int, bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        forwarded_for = f"X-Forwarded-For: {forwarded}\r\n" if forwarded else ""
        request = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Type: application/json\r\n"
            f"Accept-Language: {language}\r\n{forwarded_for}Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _separator, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            content = await self.reader.readexactly(int(headers["content-length"]))
        else:
            content = await self.reader.read()
        if headers.get("connection", "").lower() == "close" or "content-length" not in headers:
            self.writer.close()
            self.reader = self.writer = None
        return status, content

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def fire(url: str, calls: list[Call], *, concurrency: int, results: Results | None, client: str = "raw") -> float:
    """Send every call over ``concurrency`` keep-alive connections; the wall time in seconds."""
    queue: asyncio.Queue[Call] = asyncio.Queue()
    for item in calls:
        queue.put_nowait(item)
    location = httpx.URL(url)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:

        async def post(raw: RawConnection | None, call: Call) -> tuple[int, bytes]:
            if raw is not None:
                return await raw.post("/api/v1/assessments", call.body, call.language, call.forwarded)
            headers = {"Content-Type": "application/json", "Accept-Language": call.language}
            if call.forwarded:
                headers["X-Forwarded-For"] = call.forwarded
            response = await http.post("/api/v1/assessments", content=call.body, headers=headers)
            return response.status_code, response.content

        async def connection() -> None:
            raw = RawConnection(location.host, location.port or 80) if client == "raw" else None
            try:
                while True:
                    try:
                        call = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    started = time.perf_counter()
                    try:
                        status, content = await post(raw, call)
                    except (httpx.HTTPError, OSError, asyncio.IncompleteReadError, ValueError) as error:
                        status, content = 0, str(error).encode()
                        if raw is not None:
                            raw.close()
                            raw = RawConnection(location.host, location.port or 80)
                    elapsed = (time.perf_counter() - started) * 1000
                    if results is not None:
                        results.latencies_ms.append(elapsed)
                        results.statuses[status] = results.statuses.get(status, 0) + 1
                        if status != 200 and len(results.errors) < 5:
                            results.errors.append(f"{status}: {content[:200]!r}")
            finally:
                if raw is not None:
                    raw.close()

        started = time.perf_counter()
        await asyncio.gather(*(connection() for _ in range(concurrency)))
        return time.perf_counter() - started


def process_tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children (gunicorn's master and workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is the state, [1] the parent, [11] utime, [12] stime (proc(5), after the name)
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment(arguments: argparse.Namespace, workdir: Path) -> dict[str, str]:
    environment = {
        **os.environ,
        "TALENTCENTER_ENV": "production",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TALENTCENTER_VAR": str(workdir / "var"),
        "API_RATE_ANONYMOUS": arguments.rate_anonymous,
        "API_RATE_SIGNED_IN": arguments.rate_anonymous,
        "LOG_LEVEL": "WARNING",
    }
    if arguments.deployed:
        # The production rate limits (settings' defaults), counted in Redis, behind a trusted proxy.
        for name in ("API_RATE_ANONYMOUS", "API_RATE_SIGNED_IN"):
            environment.pop(name, None)
        environment["REDIS_URL"] = arguments.redis_url
        environment["TALENTCENTER_TRUSTED_PROXIES"] = "127.0.0.1"
    if arguments.database_url:
        environment["DATABASE_URL"] = arguments.database_url
    else:
        environment.pop("DATABASE_URL", None)
        environment["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    return environment


def start_server(arguments: argparse.Namespace, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    environment = server_environment(arguments, workdir)
    talentcenter = [sys.executable, "-m", "talentcenter"]
    subprocess.run([*talentcenter, "migrate", "--no-input", "-v", "0"], env=environment, cwd=ROOT, check=True)
    subprocess.run(
        [*talentcenter, "import-reference"], env=environment, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    port = arguments.port or free_port()
    log = (workdir / "server.log").open("wb")
    command = [
        *talentcenter,
        "serve",
        f"127.0.0.1:{port}",
        "--workers",
        str(arguments.workers),
        "--threads",
        str(arguments.threads),
    ]
    print("server:", " ".join(command[2:]), f"(log {workdir / 'server.log'})", flush=True)
    server = subprocess.Popen(command, env=environment, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited during start-up; see {workdir / 'server.log'}")
        try:
            if httpx.get(f"{url}/api/v1/programmes", timeout=2).status_code == 200:
                return server, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.send_signal(signal.SIGTERM)
    raise SystemExit("the server did not answer within 90 s")


def profile(arguments: argparse.Namespace, calls: list[Call], workdir: Path) -> int:
    """The request path in this process: SQL queries per request and a pyinstrument profile."""
    import io

    environment = server_environment(arguments, workdir)
    talentcenter = [sys.executable, "-m", "talentcenter"]
    subprocess.run([*talentcenter, "migrate", "--no-input", "-v", "0"], env=environment, cwd=ROOT, check=True)
    subprocess.run(
        [*talentcenter, "import-reference"], env=environment, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    os.environ.update({**environment, "DJANGO_SETTINGS_MODULE": "talentcenter.settings"})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from talentcenter.wsgi import application

    def call(body: bytes, language: str, method: str = "POST", path: str = "/api/v1/assessments") -> None:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_ACCEPT_LANGUAGE": language,
        }
        statuses: list[str] = []
        b"".join(application(environ, lambda status, headers, *rest: statuses.append(status)))  # type: ignore[arg-type]
        if not statuses[0].startswith("200"):
            raise SystemExit(f"unexpected {statuses[0]}")

    for call_ in calls[: arguments.warmup]:
        call(call_.body, call_.language)
    with CaptureQueriesContext(connection) as queries:
        call(calls[arguments.warmup].body, calls[arguments.warmup].language)
    measured = calls[arguments.warmup + 1 : arguments.warmup + 1 + arguments.requests]
    started = time.process_time()
    for call_ in measured:
        call(call_.body, call_.language)
    cpu_ms = (time.process_time() - started) * 1000 / max(1, len(measured))
    engine_ms, translate_ms = engine_cpu_ms(measured)
    # For scale: a small read through the same middleware and API router (with ninja's response schema).
    started = time.process_time()
    for call_ in measured:
        call(b"", call_.language, "GET", "/api/v1/programmes")
    floor_ms = (time.process_time() - started) * 1000 / max(1, len(measured))
    if arguments.pyinstrument:
        profiler = Profiler(interval=0.0005)
        with profiler:
            for call_ in measured[:500]:
                call(call_.body, call_.language)
        print(profiler.output_text(unicode=True, color=False))
    print(f"SQL queries for one anonymous assessment (catalogue version checked recently): {len(queries)}")
    for query in queries.captured_queries:
        print(f"  {query['sql'][:160]}")
    load = [round(value, 2) for value in os.getloadavg()]
    print(
        f"CPU per request in process (no HTTP server): {cpu_ms:.3f} ms over {len(measured)} requests"
        f"   (target <= {TARGET_CPU_MS:g})"
    )
    print(
        f"CPU per applicant in the engine (prepare, explain): {engine_ms:.3f} ms"
        f"   (target <= {TARGET_ENGINE_CPU_MS:g});"
        f" translating its answer {translate_ms:.3f} ms"
    )
    print(f"CPU per GET /api/v1/programmes (a small read through the same stack, for scale): {floor_ms:.3f} ms")
    print(f"load average {load}, {os.cpu_count()} cores")
    met = cpu_ms <= TARGET_CPU_MS and engine_ms <= TARGET_ENGINE_CPU_MS
    print("  target met" if met else "  TARGET MISSED")
    return 0 if met else 1


def engine_cpu_ms(calls: list[Call]) -> tuple[float, float]:
    """CPU per applicant in the engine (preparing the facts, the explained answer) and at the
    boundary that translates its answer, from the request bodies already parsed."""
    from talentcenter.policy import selectors
    from talentcenter.policy.api import AssessmentIn
    from talentcenter.policy.engine import baseline, classifier, explain, prepare, tracks_for
    from talentcenter.policy.translation import translated

    lists = selectors.reference_lists()
    work = []
    for call_ in calls:
        payload = AssessmentIn.model_validate_json(call_.body)
        work.append((payload.applicant(), payload.as_of_date(), tracks_for(payload.programme_list()), call_.language))
    engine = boundary = 0.0
    for applicant_in, as_of, tracks, language in work:
        started = time.process_time()
        prepared = prepare(applicant_in, as_of, lists.catalogue, classifier())
        answer = explain(prepared, baseline(), as_of, tracks, language)
        between = time.process_time()
        translated(answer, language)
        engine += between - started
        boundary += time.process_time() - between
    count = max(1, len(work))
    return engine * 1000 / count, boundary * 1000 / count


WRK_SCRIPT = r"""
-- Written by bench/api_assessments.py: cycles through its requests (one per line: language,
-- forwarded address, JSON body, separated by tabs), each wrk thread from its own offset.
local calls = {}
local counter = 0
local thread_count = 0

function setup(thread)
  thread:set("offset", thread_count * 7919)
  thread_count = thread_count + 1
end

function init(args)
  for line in io.lines(args[1]) do
    local language, forwarded, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
    local headers = {["Content-Type"] = "application/json", ["Accept-Language"] = language}
    if forwarded ~= "" then headers["X-Forwarded-For"] = forwarded end
    calls[#calls + 1] = wrk.format("POST", "/api/v1/assessments", headers, body)
  end
  counter = offset or 0
end

function request()
  counter = counter + 1
  return calls[(counter % #calls) + 1]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50_ms": %f, "p95_ms": %f, "p99_ms": %f, "non_2xx": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
"""


def run_wrk(url: str, calls: list[Call], arguments: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """The measured requests with wrk: its figures (from the script's ``done``) and its own CPU seconds."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (or use --client raw)")
    requests_file = workdir / "wrk-requests.tsv"
    requests_file.write_text(
        "".join(f"{call_.language}\t{call_.forwarded}\t{call_.body.decode()}\n" for call_ in calls)
    )
    script = workdir / "wrk-requests.lua"
    script.write_text(WRK_SCRIPT)
    command = [
        wrk,
        f"--threads={arguments.wrk_threads}",
        f"--connections={arguments.concurrency}",
        f"--duration={arguments.seconds}s",
        "--timeout=10s",
        f"--script={script}",
        url,
        "--",
        str(requests_file),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures: dict[str, Any] = json.loads(finished.stdout.strip().splitlines()[-1])
    figures["client_cpu_seconds"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="", help="a running server; otherwise one is started")
    parser.add_argument("--requests", type=int, default=6000, help="measured requests")
    parser.add_argument("--warmup", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent keep-alive connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of the started server")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (1 = sync workers)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--database-url", default="", help="PostgreSQL for the started server (default: SQLite)")
    parser.add_argument("--rate-anonymous", default="", help="API_RATE_ANONYMOUS for the server (empty = off)")
    parser.add_argument(
        "--deployed",
        action="store_true",
        help="production rate limits in Redis, behind a trusted proxy forwarding --clients addresses",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15", help="Redis for --deployed")
    parser.add_argument("--clients", type=int, default=4096, help="distinct forwarded addresses (--deployed)")
    parser.add_argument("--seconds", type=int, default=20, help="how long wrk sends (--client wrk)")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--pyinstrument", action="store_true", help="with --profile: print where the time goes")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--client",
        choices=["raw", "httpx", "wrk"],
        default="raw",
        help="raw asyncio HTTP/1.1 (light), httpx, or wrk (for the measured requests)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON as well")
    parser.add_argument(
        "--profile", action="store_true", help="profile the request path in this process instead (no HTTP)"
    )
    arguments = parser.parse_args()

    generator = random.Random(arguments.seed)
    total = arguments.warmup + arguments.requests
    addresses = [f"198.18.{index // 256}.{index % 256}" for index in range(max(1, arguments.clients))]
    calls = [
        Call(
            json.dumps(applicant(generator)).encode(),
            "ko" if index % 2 else "en",
            addresses[index % len(addresses)] if arguments.deployed else "",
        )
        for index in range(total)
    ]
    workdir = Path(tempfile.mkdtemp(prefix="talentcenter-bench-assess-"))
    if arguments.profile:
        try:
            return profile(arguments, calls, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    server = None
    url = arguments.url.rstrip("/")
    try:
        if not url:
            server, url = start_server(arguments, workdir)
            settings = f"gunicorn via `talentcenter serve`: {arguments.workers} workers x {arguments.threads} threads"
            settings += ", PostgreSQL" if arguments.database_url else ", SQLite"
            if arguments.deployed:
                settings += f", Redis, trusted proxy forwarding {len(addresses)} client addresses"
        else:
            settings = "external server (settings as it was started)"
        asyncio.run(
            fire(
                url,
                calls[: arguments.warmup],
                concurrency=arguments.concurrency,
                results=None,
                client=arguments.client,
            )
        )
        results = Results()
        load_before = os.getloadavg()
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        server_cpu_before = process_tree_cpu_seconds(server.pid) if server is not None else 0.0
        if arguments.client == "wrk":
            wrk_figures = run_wrk(url, calls[arguments.warmup :], arguments, workdir)
            wall = float(wrk_figures["seconds"])
        else:
            wall = asyncio.run(
                fire(
                    url,
                    calls[arguments.warmup :],
                    concurrency=arguments.concurrency,
                    results=results,
                    client=arguments.client,
                )
            )
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        server_cpu = process_tree_cpu_seconds(server.pid) - server_cpu_before if server is not None else 0.0
        load_after = os.getloadavg()
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if not arguments.url:
            shutil.rmtree(workdir, ignore_errors=True)

    if arguments.client == "wrk":
        requests = int(wrk_figures["requests"])
        client_cpu = float(wrk_figures["client_cpu_seconds"])
        errors = sum(int(wrk_figures[kind]) for kind in ("non_2xx", "connect", "read", "write", "timeout"))
        statuses = {"non_2xx": int(wrk_figures["non_2xx"])}
        p50, p95, p99 = (float(wrk_figures[name]) for name in ("p50_ms", "p95_ms", "p99_ms"))
    else:
        requests = len(results.latencies_ms)
        client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
        errors = sum(count for status, count in results.statuses.items() if status != 200)
        statuses = {str(status): count for status, count in results.statuses.items()}
        p50, p95, p99 = (results.percentile(share) for share in (0.50, 0.95, 0.99))
    throughput = requests / wall
    figures = {
        "client": arguments.client,
        "requests": requests,
        "concurrency": arguments.concurrency,
        "seconds": round(wall, 2),
        "per_second": round(throughput, 1),
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "p99_ms": round(p99, 1),
        "errors": errors,
        "statuses": statuses,
        "server": settings,
        "rate_anonymous": "as deployed (120/m per address)"
        if arguments.deployed
        else arguments.rate_anonymous or "off",
        "client_cpu_share": round(client_cpu / wall, 2),
        "server_cpu_ms_per_request": round(server_cpu * 1000 / max(1, requests), 3),
        "client_cpu_ms_per_request": round(client_cpu * 1000 / max(1, requests), 3),
        "cpus": os.cpu_count(),
        "load_before": [round(value, 2) for value in load_before],
        "load_after": [round(value, 2) for value in load_after],
    }
    print(
        f"\nPOST /api/v1/assessments, {figures['requests']} requests over {arguments.concurrency} connections"
        f" ({arguments.client})"
    )
    print(f"  {settings}; anonymous rate limit: {figures['rate_anonymous']}")
    print(f"  throughput  {throughput:8.1f} assessments/s   (target >= {TARGET_PER_SECOND:g})")
    print(f"  latency     p50 {figures['p50_ms']} ms   p95 {figures['p95_ms']} ms   p99 {figures['p99_ms']} ms")
    print(f"              (target p95 < {TARGET_P95_MS:g} ms)")
    print(f"  errors      {errors}   statuses {statuses}")
    for error in results.errors:
        print(f"    {error}")
    print(
        f"  CPU         server {figures['server_cpu_ms_per_request']} ms/request, "
        f"client {figures['client_cpu_ms_per_request']} ms/request ({figures['client_cpu_share']:.2f} cores); "
        f"{os.cpu_count()} cores shared"
    )
    if server is not None and figures["server_cpu_ms_per_request"]:
        ceiling = (os.cpu_count() or 1) * 1000 / figures["server_cpu_ms_per_request"]
        print(f"              server-only ceiling on idle cores: {ceiling:.0f} assessments/s")
    print(f"  load avg    before {figures['load_before']} after {figures['load_after']}")
    if arguments.json:
        print(json.dumps(figures))
    met = throughput >= TARGET_PER_SECOND and p95 < TARGET_P95_MS and errors == 0
    print("  target met" if met else "  TARGET MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
