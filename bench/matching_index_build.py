"""Time a full build of the matching index's profile rows on PostgreSQL, and the memory it takes.

    .venv/bin/python bench/matching_index_build.py                       # 100,000 profiles
    .venv/bin/python bench/matching_index_build.py --profiles 20000 --database-url postgres://...

The database (default ``$BENCH_DATABASE_URL`` or ``postgres://postgres@127.0.0.1:5432/h1a_bench``)
is created and migrated when needed and filled with the demo generator (``demo_load`` without the
demo applications) up to ``--profiles``. Then ``profile_vectors_rebuild`` runs twice: a cold
build into an empty table and a rebuild over existing rows (the nightly case), then the snapshot
the web workers map is written into a temporary directory (``matching.snapshot.write_profiles``). It
prints the seconds, the CPU seconds of this process (PostgreSQL's own are not in them), rows per
second, the load average and the process's peak resident memory, and a JSON line at the end; it
exits 1 when the cold build takes 60 s or more.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/h1a_bench"


def rss_mb() -> float:
    """Resident memory now (from /proc), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    arguments = parser.parse_args()

    from seed_scale import database_ensure

    database_ensure(arguments.database_url, recreate=False)
    os.environ["DATABASE_URL"] = arguments.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from talentcenter.demo.generator import demo_load, generated_profile_count
    from talentcenter.matching.models import ProfileVector
    from talentcenter.matching.services import profile_vectors_rebuild
    from talentcenter.talent.models import TalentProfile

    call_command("migrate", verbosity=0, interactive=False)
    if generated_profile_count() < arguments.profiles:
        print(f"Generating the demo up to {arguments.profiles:,} profiles (a few minutes) ...", flush=True)
        demo_load(profiles=arguments.profiles, companies=60, cases=False, progress=None)
    profiles = TalentProfile.objects.count()
    print(f"{profiles:,} talent profiles in {connection.settings_dict['NAME']}", flush=True)

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {connection.ops.quote_name(ProfileVector._meta.db_table)}")
    rss_before = rss_mb()
    results = {}
    for label in ("cold", "rebuild"):
        started, cpu = time.perf_counter(), time.process_time()
        result = profile_vectors_rebuild(batch_size=arguments.batch_size)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        results[label] = {
            "seconds": round(seconds, 1),
            "cpu_seconds": round(cpu, 1),
            "rows_per_second": round(result["profiles"] / seconds),
            "discoverable": result["discoverable"],
        }
        print(
            f"{label:8s} {result['profiles']:,} rows ({result['discoverable']:,} discoverable) in {seconds:.1f} s "
            f"({cpu:.1f} s CPU), {result['profiles'] / seconds:,.0f} rows/s",
            flush=True,
        )
    import tempfile

    from talentcenter.matching.snapshot import write_profiles

    started, cpu = time.perf_counter(), time.process_time()
    generation = write_profiles(directory=Path(tempfile.mkdtemp(prefix="matching-build-snapshot-")))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    results["snapshot"] = {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "rows": generation.meta["n"]}
    print(f"snapshot {generation.meta['n']:,} rows written in {seconds:.1f} s ({cpu:.1f} s CPU) to {generation.path}")
    summary = {
        "database": connection.settings_dict["NAME"],
        "profiles": profiles,
        "batch_size": arguments.batch_size,
        "cpus": os.cpu_count(),
        **results,
        "rss_mb_before": round(rss_before),
        "rss_mb_after": round(rss_mb()),
        "peak_rss_mb": round(peak_rss_mb()),
    }
    print(f"memory: {rss_before:.0f} MB before, {rss_mb():.0f} MB after, peak {peak_rss_mb():.0f} MB")
    print("load average: " + ", ".join(f"{value:.2f}" for value in os.getloadavg()))
    print(json.dumps(summary))
    return 0 if results["cold"]["seconds"] < 60 else 1


if __name__ == "__main__":
    raise SystemExit(main())
