"""Ranked candidates in process: build the index for N synthetic profiles, then time top 50.

    .venv/bin/python bench/matching_candidates.py                      # 100,000 profiles
    .venv/bin/python bench/matching_candidates.py --profiles 1000000
    .venv/bin/python bench/matching_candidates.py --visa               # also the visa-fit cost
    .venv/bin/python bench/matching_candidates.py --mapped-workers 2   # the index as a shared file

It reads the bundled taxonomy (``reference/data/skills.csv``, with its parents, related skills
and synonyms) without a database, generates ``--profiles`` synthetic ``ProfileRecord``s (seeded,
drawn with NumPy: each talent has a home category and 2-8 skills mostly from it), builds the
``ProfileIndex`` from them (timed; memory from ``nbytes`` and the process's peak RSS), then ranks
``--queries`` random openings' queries (2-6 skills of one category, a degree, years, a salary and
sometimes a language), top 50, with explanations and without visa fit (the pure in-process path).
It prints p50 / p95 / max per mode and exits 1 when p95 misses the target (50 ms at 100,000,
500 ms at 1,000,000). ``--visa`` adds the visa fit of the top 200 (one engine batch) plus the
hints for the returned 50, on synthetic applicants against the bundled catalogue.

``--mapped-workers N`` then writes the index as a snapshot (``matching.snapshot.write_index``, into
a temporary directory) and starts N fresh processes that map it (as gunicorn workers do) and run
the same top-50 queries; while all N are alive it reads their ``/proc/PID/smaps_rollup`` (RSS,
PSS, shared, private) and exits 1 when a worker holds less than 90 % of the mapped index's resident
pages as shared.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SKILLS_CSV = ROOT / "src" / "talentcenter" / "reference" / "data" / "skills.csv"
LANGUAGES = ("ko", "en", "zh", "ja", "vi", "hi")
INDUSTRIES = ("semiconductor", "display", "secondary_battery", "bio", "advanced_mobility", "robotics", "ai")
NATIONALITIES = ("IN", "VN", "CN", "US", "UZ", "ID", "FR", "DE", "PH", "NP")
EDUCATION = np.array([10, 20, 30, 40, 50], dtype=np.int64)


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    import django

    django.setup()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def taxonomy() -> Any:
    from talentcenter.matching.taxonomy import SkillRow, Taxonomy

    lines = [line for line in SKILLS_CSV.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = [
        SkillRow(
            code=row["code"],
            name_en=row["name_en"],
            name_ko=row["name_ko"],
            category=row["category"],
            parent=row.get("parent") or "",
            related=tuple(code for code in (row.get("related") or "").split("|") if code),
            synonyms=row.get("synonyms") or "",
        )
        for row in csv.DictReader(lines)
    ]
    return Taxonomy.from_rows(rows), rows


def synthetic_records(count: int, codes: list[str], categories: list[str], seed: int) -> list[Any]:
    """``count`` profiles, drawn column by column with NumPy, then wrapped as records."""
    from talentcenter.matching.records import ProfileRecord

    rng = np.random.default_rng(seed)
    category_names = sorted(set(categories))
    by_category = [np.flatnonzero(np.asarray(categories) == name) for name in category_names]
    home = rng.integers(0, len(category_names), count)
    skill_counts = rng.integers(2, 9, count)
    total = int(skill_counts.sum())
    owner = np.repeat(np.arange(count), skill_counts)
    from_home = rng.random(total) < 0.75
    home_pick = rng.random(total)
    skill = rng.integers(0, len(codes), total)
    for position, members in enumerate(by_category):
        chosen = from_home & (home[owner] == position)
        skill[chosen] = members[(home_pick[chosen] * len(members)).astype(np.int64)]
    proficiency = rng.integers(1, 5, total)
    education = EDUCATION[rng.choice(5, count, p=[0.05, 0.05, 0.4, 0.35, 0.15])]
    years = np.round(rng.gamma(2.0, 3.0, count), 1)
    salary = np.where(rng.random(count) < 0.3, 0, rng.integers(35, 220, count) * 1_000_000)
    nationality = rng.integers(0, len(NATIONALITIES), count)
    korean = np.where(rng.random(count) < 0.6, rng.integers(1, 7, count), 0)
    english = rng.integers(2, 7, count)
    industry = rng.integers(0, len(INDUSTRIES), count)
    discoverable = rng.random(count) < 0.9
    starts = np.concatenate([[0], np.cumsum(skill_counts)])
    skill_codes = [codes[position] for position in skill.tolist()]
    levels = proficiency.tolist()
    records = []
    for row in range(count):
        start, end = int(starts[row]), int(starts[row + 1])
        languages = {"en": int(english[row])}
        if korean[row]:
            languages["ko"] = int(korean[row])
        records.append(
            ProfileRecord(
                profile_id=row + 1,
                skills=dict(zip(skill_codes[start:end], levels[start:end], strict=True)),
                education_level=int(education[row]),
                years_experience=float(years[row]),
                languages=languages,
                desired_salary_krw=int(salary[row]) or None,
                desired_industries=(INDUSTRIES[int(industry[row])],),
                nationality=NATIONALITIES[int(nationality[row])],
                discoverable=bool(discoverable[row]),
            )
        )
    return records


def synthetic_queries(count: int, codes: list[str], categories: list[str], seed: int) -> list[Any]:
    from talentcenter.matching.query import CandidateQuery, LanguageRequirement, OfferFacts, SkillRequirement

    rng = np.random.default_rng(seed + 1)
    category_names = sorted(set(categories))
    queries = []
    for _ in range(count):
        members = np.flatnonzero(np.asarray(categories) == category_names[rng.integers(len(category_names))])
        picked = rng.choice(members, size=min(len(members), int(rng.integers(2, 7))), replace=False)
        skills = tuple(
            SkillRequirement(codes[int(position)], int(rng.integers(1, 6)), bool(rng.random() < 0.6))
            for position in picked
        )
        languages = (
            (LanguageRequirement("ko", int(rng.integers(2, 5)), bool(rng.random() < 0.5)),)
            if rng.random() < 0.4
            else ()
        )
        salary_max = int(rng.integers(60, 200)) * 1_000_000
        queries.append(
            CandidateQuery(
                skills=skills,
                min_education_level=int(rng.choice([0, 30, 40])) or None,
                min_years=float(rng.integers(0, 8)) or None,
                salary_max_krw=salary_max,
                languages=languages,
                industry=INDUSTRIES[int(rng.integers(len(INDUSTRIES)))],
                offer=OfferFacts(
                    company_name="Hanbit Semiconductor",
                    company_size="sme",
                    industry="semiconductor",
                    annual_salary_krw=salary_max,
                    occupation_code="2211",
                ),
            )
        )
    return queries


def _percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def synthetic_applicant(rng: np.random.Generator) -> dict[str, Any]:
    level = ["bachelor", "master", "doctorate"][int(rng.integers(3))]
    start = int(rng.integers(2005, 2022))
    return {
        "person": {
            "birth_date": f"{start - 24}-05-01",
            "nationality": NATIONALITIES[int(rng.integers(len(NATIONALITIES)))],
        },
        "education": [
            {
                "level": level,
                "field": "Electrical engineering",
                "institution": "Seoul National University",
                "country": "KR",
                "completed": f"{start}-02-28",
            }
        ],
        "experience": [
            {
                "organization": "Samsung Electronics",
                "kind": "company",
                "field": "Semiconductor",
                "start": f"{start}-03-01",
                "end": None,
                "postdoctoral": False,
            }
        ],
        "languages": [{"language": "ko", "test": "TOPIK", "level": int(rng.integers(1, 7))}],
    }


def bench_visa(queries: list[Any], repeat: int, seed: int) -> dict[str, Any]:
    """Visa fit of 200 candidates (one batch) and hints for the returned 50, per query."""
    from talentcenter.matching.visa import visa_fit_for_applicants
    from talentcenter.policy.engine import bundled_catalogue

    rng = np.random.default_rng(seed + 2)
    applicants = {pk: synthetic_applicant(rng) for pk in range(1, 201)}
    catalogue = bundled_catalogue()
    as_of = date(2026, 11, 23)
    batch, hints = [], []
    visa_fit_for_applicants(applicants, queries[0].offer, as_of=as_of, catalogue=catalogue)  # warm the caches
    for query in queries[:repeat]:
        started = time.perf_counter()
        fits = visa_fit_for_applicants(applicants, query.offer, as_of=as_of, catalogue=catalogue)
        batch.append(time.perf_counter() - started)
        top = sorted(fits, key=lambda pk: -fits[pk].score)[:50]
        started = time.perf_counter()
        visa_fit_for_applicants(
            {pk: applicants[pk] for pk in top}, query.offer, as_of=as_of, hints_for=top, catalogue=catalogue
        )
        hints.append(time.perf_counter() - started)
    return {"batch_200": _percentiles(batch), "returned_50_with_hints": _percentiles(hints)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--visa", action="store_true", help="also time the visa fit (top 200, hints for 50)")
    parser.add_argument("--mapped-workers", type=int, default=0, help="processes that map the index as a file")
    parser.add_argument("--map-worker", default="", help=argparse.SUPPRESS)  # a generation to map (child)
    arguments = parser.parse_args()
    _setup()
    if arguments.map_worker:
        return map_worker(Path(arguments.map_worker), arguments.queries, arguments.seed)
    from talentcenter.matching.selectors import count_candidates_in_index, rank_candidates_in_index

    target_ms = 50.0 if arguments.profiles <= 100_000 else 500.0
    tax, rows = taxonomy()
    codes, categories = [row.code for row in rows], [row.category for row in rows]
    rss_before = _peak_rss_mb()
    started = time.perf_counter()
    records = synthetic_records(arguments.profiles, codes, categories, arguments.seed)
    generate_seconds = time.perf_counter() - started

    from talentcenter.matching.index import ProfileIndex

    started = time.perf_counter()
    index = ProfileIndex.from_records(records, tax)
    build_seconds = time.perf_counter() - started
    del records
    queries = synthetic_queries(arguments.queries, codes, categories, arguments.seed)
    rank_candidates_in_index(index, queries[0], limit=50)  # warm up

    results: dict[str, Any] = {}
    for mode, explain in (("top50_explained", True), ("top50_scores_only", False)):
        times = []
        for query in queries:
            started = time.perf_counter()
            matches = rank_candidates_in_index(index, query, limit=50, explain=explain, visa=False)
            times.append(time.perf_counter() - started)
            assert len(matches) <= 50
        results[mode] = _percentiles(times)
    times = []
    for query in queries[:50]:
        started = time.perf_counter()
        count_candidates_in_index(index, query)
        times.append(time.perf_counter() - started)
    results["count"] = _percentiles(times)
    if arguments.visa:
        results["visa"] = bench_visa(queries, min(20, len(queries)), arguments.seed)

    summary = {
        "profiles": arguments.profiles,
        "skills": tax.size,
        "queries": len(queries),
        "generate_s": round(generate_seconds, 2),
        "build_s": round(build_seconds, 2),
        "index_mb": round(index.nbytes / 2**20, 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "rss_before_mb": round(rss_before, 1),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        **results,
    }
    print(
        f"matching_candidates: {arguments.profiles:,} profiles, {tax.size} skills, "
        f"{len(queries)} queries, {os.cpu_count()} CPUs"
    )
    print(
        f"  generate {generate_seconds:.1f} s, build index {build_seconds:.1f} s, "
        f"index {summary['index_mb']} MB, peak RSS {summary['peak_rss_mb']} MB"
    )
    print(f"  {'mode':<28}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    rows_out = [(mode, results[mode]) for mode in ("top50_explained", "top50_scores_only", "count")]
    if arguments.visa:
        rows_out += [
            ("visa: batch of 200", results["visa"]["batch_200"]),
            ("visa: 50 with hints", results["visa"]["returned_50_with_hints"]),
        ]
    for mode, figures in rows_out:
        print(f"  {mode:<28}{figures['p50_ms']:>10}{figures['p95_ms']:>10}{figures['max_ms']:>10}")
    print(json.dumps(summary))
    ok = results["top50_explained"]["p95_ms"] < target_ms
    print(f"  target p95 < {target_ms:g} ms: {'met' if ok else 'MISSED'}")
    if arguments.mapped_workers:
        ok = mapped_workers(index, arguments.mapped_workers, arguments.queries, arguments.seed) and ok
    return 0 if ok else 1


def rollup(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if rest.strip().endswith("kB"):
            values[name] = int(rest.split()[0])
    return values


def mapped_rss(pid: int, directory: str) -> tuple[int, int]:
    """kB (resident, shared) of the mappings of files under ``directory``."""
    rss = shared = 0
    inside = False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) >= 5 and "-" in parts[0] and ":" not in parts[0]:
            inside = len(parts) == 6 and parts[5].startswith(directory)
        elif inside and line.startswith("Rss:"):
            rss += int(line.split()[1])
        elif inside and line.startswith(("Shared_Clean:", "Shared_Dirty:")):
            shared += int(line.split()[1])
    return rss, shared


def mapped_workers(index: Any, count: int, queries: int, seed: int) -> bool:
    """Write ``index`` as a snapshot, start ``count`` processes that map it and query it, and read
    their memory while they are all alive."""
    import subprocess
    import tempfile

    from talentcenter.matching.snapshot import write_index

    directory = Path(tempfile.mkdtemp(prefix="matching-bench-snapshot-"))
    started = time.perf_counter()
    generation = write_index(index, directory=directory, seq=0, database="bench")
    print(f"  snapshot: {generation.meta['n']:,} rows written in {time.perf_counter() - started:.1f} s to {directory}")
    print(f"  this process (built in memory from records): RSS now {rollup(os.getpid())['Rss'] / 1024:.0f} MB")
    children = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--map-worker",
                str(generation.path),
                "--queries",
                str(queries),
                "--seed",
                str(seed),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    ok = True
    try:
        lines = [child.stdout.readline().strip() if child.stdout else "" for child in children]
        print(
            f"  {'mapping process':<22}{'RSS MB':>9}{'PSS MB':>9}{'shared MB':>11}{'private MB':>12}"
            f"{'index RSS/shared MB':>22}"
        )
        total_pss = 0
        for child, line in zip(children, lines, strict=True):
            values = rollup(child.pid)
            shared = values["Shared_Clean"] + values["Shared_Dirty"]
            private = values["Private_Clean"] + values["Private_Dirty"]
            rss, mapped_shared = mapped_rss(child.pid, str(directory))
            total_pss += values["Pss"]
            print(
                f"  {child.pid:<22}{values['Rss'] / 1024:>9.1f}{values['Pss'] / 1024:>9.1f}{shared / 1024:>11.1f}"
                f"{private / 1024:>12.1f}{rss / 1024:>13.1f} / {mapped_shared / 1024:.1f}   {line}"
            )
            ok = ok and rss > 0 and mapped_shared >= 0.9 * rss
        print(f"  the {count} mapping processes together: PSS {total_pss / 1024:.1f} MB")
    finally:
        for child in children:
            child.communicate("done\n", timeout=60)
    print(f"  target: the index's pages shared by every mapping process: {'met' if ok else 'MISSED'}")
    return ok


def map_worker(path: Path, count: int, seed: int) -> int:
    """(A child of ``--mapped-workers``.) Map the generation, run the queries, report, wait."""
    from talentcenter.matching.selectors import rank_candidates_in_index
    from talentcenter.matching.snapshot import Generation, map_generation

    tax, rows = taxonomy()
    codes, categories = [row.code for row in rows], [row.category for row in rows]
    generation = Generation(path.name, path, json.loads((path / "meta.json").read_text()))
    started = time.perf_counter()
    index = map_generation(generation, tax)
    mapped_ms = (time.perf_counter() - started) * 1000
    times, cpu = [], []
    for query in synthetic_queries(count, codes, categories, seed):
        started, cpu_started = time.perf_counter(), time.process_time()
        rank_candidates_in_index(index, query, limit=50, explain=True, visa=False)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    wall, spent = _percentiles(times), _percentiles(cpu)
    print(
        f"mapped in {mapped_ms:.0f} ms; top 50 explained p50 {wall['p50_ms']} / p95 {wall['p95_ms']} ms wall, "
        f"{spent['p50_ms']} / {spent['p95_ms']} ms CPU",
        flush=True,
    )
    sys.stdin.readline()
    return 0


if __name__ == "__main__":
    sys.exit(main())
