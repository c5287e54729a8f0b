"""Throughput and latency of ``POST /api/v1/assessments`` under concurrent load.

    .venv/bin/python bench/api_assessments.py                        # starts its own server
    .venv/bin/python bench/api_assessments.py --requests 8000 --workers 2 --threads 1
    .venv/bin/python bench/api_assessments.py --url http://127.0.0.1:8000   # a server already running
    .venv/bin/python bench/api_assessments.py --profile --requests 1000      # queries + pyinstrument, no HTTP

The target (issue): at least 400 assessments/s with p95 under 50 ms at 16 concurrent connections,
served the way the README serves production. Without ``--url`` the script prepares a fresh SQLite
database in a temporary directory (``migrate`` and ``import-reference``; ``--database-url`` for
PostgreSQL instead) and runs ``talentcenter serve`` (gunicorn) in production mode
(``TALENTCENTER_ENV=production``, DEBUG off, static files collected), except that it speaks plain
HTTP (``DJANGO_SECURE_SSL_REDIRECT=0``). The access log goes to a file, as it would to a collector.

All requests come from one address, so the per-address rate limit must be raised or turned off:
``--rate-anonymous`` sets ``API_RATE_ANONYMOUS`` for the server (default: empty, which turns the
limit off; ``1000000/m`` keeps the throttle's bookkeeping in the request path).

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
TARGET_PER_SECOND = 400.0
TARGET_P95_MS = 50.0

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

    async def post(self, path: str, body: bytes, language: str) -> tuple[int, bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Type: application/json\r\n"
            f"Accept-Language: {language}\r\nContent-Length: {len(body)}\r\n\r\n"
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


async def fire(
    url: str, bodies: list[tuple[bytes, str]], *, concurrency: int, results: Results | None, client: str = "raw"
) -> float:
    """Send every body over ``concurrency`` keep-alive connections; the wall time in seconds."""
    queue: asyncio.Queue[tuple[bytes, str]] = asyncio.Queue()
    for item in bodies:
        queue.put_nowait(item)
    location = httpx.URL(url)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:

        async def post(raw: RawConnection | None, body: bytes, language: str) -> tuple[int, bytes]:
            if raw is not None:
                return await raw.post("/api/v1/assessments", body, language)
            headers = {"Content-Type": "application/json", "Accept-Language": language}
            response = await http.post("/api/v1/assessments", content=body, headers=headers)
            return response.status_code, response.content

        async def connection() -> None:
            raw = RawConnection(location.host, location.port or 80) if client == "raw" else None
            try:
                while True:
                    try:
                        body, language = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    started = time.perf_counter()
                    try:
                        status, content = await post(raw, body, language)
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


def profile(arguments: argparse.Namespace, bodies: list[tuple[bytes, str]], workdir: Path) -> int:
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

    def call(body: bytes, language: str) -> None:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/api/v1/assessments",
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

    for body, language in bodies[: arguments.warmup]:
        call(body, language)
    with CaptureQueriesContext(connection) as queries:
        call(*bodies[arguments.warmup])
    measured = bodies[arguments.warmup + 1 : arguments.warmup + 1 + arguments.requests]
    started = time.process_time()
    for body, language in measured:
        call(body, language)
    cpu_ms = (time.process_time() - started) * 1000 / max(1, len(measured))
    profiler = Profiler(interval=0.0005)
    with profiler:
        for body, language in measured[:500]:
            call(body, language)
    print(profiler.output_text(unicode=True, color=False))
    print(f"SQL queries for one anonymous assessment (catalogue version checked recently): {len(queries)}")
    for query in queries.captured_queries:
        print(f"  {query['sql'][:160]}")
    print(f"CPU per request in process (no HTTP server): {cpu_ms:.2f} ms over {len(measured)} requests")
    return 0


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
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--client", choices=["raw", "httpx"], default="raw", help="raw asyncio HTTP/1.1 (light) or httpx"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON as well")
    parser.add_argument(
        "--profile", action="store_true", help="profile the request path in this process instead (no HTTP)"
    )
    arguments = parser.parse_args()

    generator = random.Random(arguments.seed)
    total = arguments.warmup + arguments.requests
    bodies = [(json.dumps(applicant(generator)).encode(), "ko" if index % 2 else "en") for index in range(total)]
    workdir = Path(tempfile.mkdtemp(prefix="talentcenter-bench-assess-"))
    if arguments.profile:
        try:
            return profile(arguments, bodies, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    server = None
    url = arguments.url.rstrip("/")
    try:
        if not url:
            server, url = start_server(arguments, workdir)
            settings = f"gunicorn via `talentcenter serve`: {arguments.workers} workers x {arguments.threads} threads"
        else:
            settings = "external server (settings as it was started)"
        asyncio.run(
            fire(
                url,
                bodies[: arguments.warmup],
                concurrency=arguments.concurrency,
                results=None,
                client=arguments.client,
            )
        )
        results = Results()
        load_before = os.getloadavg()
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        server_cpu_before = process_tree_cpu_seconds(server.pid) if server is not None else 0.0
        wall = asyncio.run(
            fire(
                url,
                bodies[arguments.warmup :],
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

    client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    errors = sum(count for status, count in results.statuses.items() if status != 200)
    throughput = len(results.latencies_ms) / wall
    figures = {
        "requests": len(results.latencies_ms),
        "concurrency": arguments.concurrency,
        "seconds": round(wall, 2),
        "per_second": round(throughput, 1),
        "p50_ms": round(results.percentile(0.50), 1),
        "p95_ms": round(results.percentile(0.95), 1),
        "p99_ms": round(results.percentile(0.99), 1),
        "errors": errors,
        "statuses": results.statuses,
        "server": settings,
        "rate_anonymous": arguments.rate_anonymous or "off",
        "client_cpu_share": round(client_cpu / wall, 2),
        "server_cpu_ms_per_request": round(server_cpu * 1000 / max(1, len(results.latencies_ms)), 2),
        "client_cpu_ms_per_request": round(client_cpu * 1000 / max(1, len(results.latencies_ms)), 2),
        "cpus": os.cpu_count(),
        "load_before": [round(value, 2) for value in load_before],
        "load_after": [round(value, 2) for value in load_after],
    }
    print(f"\nPOST /api/v1/assessments, {figures['requests']} requests over {arguments.concurrency} connections")
    print(f"  {settings}; anonymous rate limit: {figures['rate_anonymous']}")
    print(f"  throughput  {throughput:8.1f} assessments/s   (target >= {TARGET_PER_SECOND:g})")
    print(f"  latency     p50 {figures['p50_ms']} ms   p95 {figures['p95_ms']} ms   p99 {figures['p99_ms']} ms")
    print(f"              (target p95 < {TARGET_P95_MS:g} ms)")
    print(f"  errors      {errors}   statuses {results.statuses}")
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
    met = throughput >= TARGET_PER_SECOND and results.percentile(0.95) < TARGET_P95_MS and errors == 0
    print("  target met" if met else "  TARGET MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
