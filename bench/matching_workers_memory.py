"""Memory of the gunicorn workers of ``talentcenter serve`` once each holds the matching index.

    .venv/bin/python bench/matching_workers_memory.py --database-url postgres://…/<seeded db>
    .venv/bin/python bench/matching_workers_memory.py --no-snapshot ...   # before: a copy per worker

Starts ``talentcenter serve`` (2 workers by default, development settings with DEBUG off, the
API's rate limits off) on the database seeded by ``bench/seed_scale.py``. With the snapshot (the
default) ``serve`` writes the profile index's files into a fresh directory before gunicorn starts
(``matching.snapshot``) and each worker maps them; with ``--no-snapshot`` each worker reads every
index row and builds its own copy, as before. It waits until both workers have loaded the index
(their resident memory stops growing), sends ``--requests`` candidate searches through the API so
both have served some, then reads ``/proc/PID/smaps_rollup`` (RSS, PSS, shared and private pages)
of each worker and the master, and ``/proc/PID/smaps`` for the mapped index files. PSS counts a
page shared by k processes as 1/k to each, so the workers' PSS adds up to what they really cost.

Exits 1 with the snapshot when a worker did not map the files or holds less than 90 % of their
resident pages as shared (the index would then be paid once per worker).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/talentcenter_bench"),
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--no-snapshot", action="store_true", help="each worker builds its own copy (before)")
    arguments = parser.parse_args()

    os.environ.setdefault("TALENTCENTER_ENV", "test")
    os.environ["DATABASE_URL"] = arguments.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from documents_issue import machine
    from matching_api import _company_and_openings
    from matching_candidates import mapped_rss, rollup

    print(f"machine: {machine()}")
    token, opening_ids = _company_and_openings(10)

    snapshot_dir = "" if arguments.no_snapshot else tempfile.mkdtemp(prefix="matching-snapshot-")
    port = free_port()
    environment = {
        **os.environ,
        "TALENTCENTER_ENV": "development",
        "DJANGO_DEBUG": "0",
        "API_RATE_SIGNED_IN": "",
        "API_RATE_ANONYMOUS": "",
        "TALENTCENTER_MATCHING_SNAPSHOT_DIR": snapshot_dir,
        "TALENTCENTER_SITE_URL": f"http://127.0.0.1:{port}",
    }
    started = time.perf_counter()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "talentcenter"),
            "serve",
            f"127.0.0.1:{port}",
            "--workers",
            str(arguments.workers),
        ],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        workers = _wait_for_workers(server.pid, arguments.workers)
        _wait_until_steady(workers)
        ready = time.perf_counter() - started
        for number in range(arguments.requests):
            opening_id = opening_ids[number % len(opening_ids)]
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/openings/{opening_id}/candidates?limit=50",
                headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.status == 200, response.status
        mode = "one copy per worker (no snapshot)" if arguments.no_snapshot else f"mapped snapshot in {snapshot_dir}"
        print(
            f"{arguments.workers} workers, {mode}; ready (index loaded in every worker) after {ready:.1f} s, "
            f"then {arguments.requests} candidate searches"
        )
        print(
            f"{'process':>14} {'RSS MB':>8} {'PSS MB':>8} {'shared MB':>10} {'private MB':>11} "
            f"{'index files RSS / shared MB':>28}"
        )
        failed = False
        totals = {"Rss": 0, "Pss": 0}
        for label, pid in [("master", server.pid)] + [(f"worker {pid}", pid) for pid in workers]:
            values = rollup(pid)
            shared = values["Shared_Clean"] + values["Shared_Dirty"]
            private = values["Private_Clean"] + values["Private_Dirty"]
            files_rss, files_shared = mapped_rss(pid, snapshot_dir) if snapshot_dir else (0, 0)
            print(
                f"{label:>14} {values['Rss'] / 1024:8.1f} {values['Pss'] / 1024:8.1f} {shared / 1024:10.1f} "
                f"{private / 1024:11.1f} {files_rss / 1024:13.1f} / {files_shared / 1024:.1f}"
            )
            if pid != server.pid:
                totals["Rss"] += values["Rss"]
                totals["Pss"] += values["Pss"]
                if snapshot_dir and (files_rss == 0 or files_shared < 0.9 * files_rss):
                    failed = True
        print(
            f"workers together: RSS {totals['Rss'] / 1024:.1f} MB (pages shared between them counted twice), "
            f"PSS {totals['Pss'] / 1024:.1f} MB (what they really hold)"
        )
        print("load average: " + ", ".join(f"{value:.2f}" for value in os.getloadavg()))
        return 1 if failed else 0
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            output, _ = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
        for line in (output or "").splitlines():
            if "Matching index" in line or "snapshot" in line.lower() or "Error" in line:
                print(f"  serve: {line}")


def _wait_for_workers(master: int, count: int, timeout: float = 600) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            workers = children(master)
        except FileNotFoundError:
            raise SystemExit("serve stopped before its workers started") from None
        if len(workers) >= count:
            return workers[:count]
        time.sleep(0.5)
    raise SystemExit("the workers did not start")


def _wait_until_steady(workers: list[int], steady: float = 4.0, timeout: float = 300) -> None:
    """Until no worker's RSS grew by more than 1 MB for ``steady`` seconds (the warm-up thread has
    loaded the index)."""
    from matching_candidates import rollup

    deadline = time.monotonic() + timeout
    last = {pid: rollup(pid)["Rss"] for pid in workers}
    since = time.monotonic()
    time.sleep(2)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = {pid: rollup(pid)["Rss"] for pid in workers}
        if any(now[pid] - last[pid] > 1024 for pid in workers):
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= steady:
            return


if __name__ == "__main__":
    sys.exit(main())
