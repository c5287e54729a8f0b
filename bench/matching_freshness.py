"""How soon a profile change made in one process is seen by another process reading the index.

    .venv/bin/python bench/matching_freshness.py                         # 50 changes
    .venv/bin/python bench/matching_freshness.py --database-url postgres://... --changes 100

A reader process polls the index the way every web process does before a query: it reads the
clock (one indexed query) every millisecond and, when it moved, ``store.profile_records_since``
its last seq, printing what it saw with the time. This process changes one discoverable profile
through the talent service (``skill_set``, which writes the index row in the same transaction) and
waits for the reader to report it. It prints p50/p95 of "service called -> seen by the other
process" and of "committed -> seen", and a JSON line. Needs a database with profiles (run
bench/matching_index_build.py first).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/h1a_bench"
ROOT = Path(__file__).resolve().parent.parent


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    import django

    django.setup()


def reader() -> int:
    from talentcenter.matching import store
    from talentcenter.matching.models import IndexKind

    last = store.clock_value(IndexKind.PROFILES)
    print(f"ready {last}", flush=True)
    while True:
        if store.clock_value(IndexKind.PROFILES) > last:
            last, records, _removed = store.profile_records_since(last)
            seen = time.time()
            for record in records:
                print(f"seen {record.profile_id} {last} {seen:.6f}", flush=True)
        time.sleep(0.001)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--reader", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    setup(arguments.database_url)
    if arguments.reader:
        return reader()

    from talentcenter.matching.models import ProfileVector
    from talentcenter.talent.models import TalentProfile
    from talentcenter.talent.services import skill_set

    profile_id = (
        ProfileVector.objects.filter(discoverable=True)
        .order_by("profile_id")
        .values_list("profile_id", flat=True)
        .first()
    )
    if profile_id is None:
        print("No discoverable profile in the index: run bench/matching_index_build.py first.")
        return 1
    profile = TalentProfile.objects.select_related("user").get(pk=profile_id)
    child = subprocess.Popen(
        [sys.executable, __file__, "--reader", "--database-url", arguments.database_url],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None
    try:
        assert child.stdout.readline().startswith("ready")
        from_call: list[float] = []
        from_commit: list[float] = []
        for number in range(arguments.changes):
            called = time.time()
            skill_set(profile=profile, actor=profile.user, skill_code="ai.pytorch", proficiency=1 + number % 4)
            committed = time.time()
            while True:
                _word, seen_id, _seq, seen_at = child.stdout.readline().split()
                if int(seen_id) == profile_id:
                    break
            from_call.append((float(seen_at) - called) * 1000)
            from_commit.append(max(0.0, float(seen_at) - committed) * 1000)
            time.sleep(0.02)
    finally:
        child.kill()
    summary = {
        "changes": arguments.changes,
        "call_to_seen_ms": {
            "p50": round(statistics.median(from_call), 1),
            "p95": round(percentile(from_call, 0.95), 1),
        },
        "commit_to_seen_ms": {
            "p50": round(statistics.median(from_commit), 1),
            "p95": round(percentile(from_commit, 0.95), 1),
        },
    }
    print(
        f"service call -> seen by another process: p50 {summary['call_to_seen_ms']['p50']} ms, "
        f"p95 {summary['call_to_seen_ms']['p95']} ms; "
        f"commit -> seen: p50 {summary['commit_to_seen_ms']['p50']} ms, p95 {summary['commit_to_seen_ms']['p95']} ms"
    )
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
