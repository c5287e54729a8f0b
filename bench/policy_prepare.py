"""Fact preparation speed: raw applicant profiles into a FactFrame, in profiles per second.

    .venv/bin/python bench/policy_prepare.py                    # 100,000 profiles
    .venv/bin/python bench/policy_prepare.py --profiles 20000 --as-of 2026-07-02
    .venv/bin/python bench/policy_prepare.py --per-row          # also time prepare() + from_rows
    .venv/bin/python bench/policy_prepare.py --profile          # pyinstrument report of prepare_many

It generates ``--profiles`` random but valid ``ApplicantIn`` profiles (seeded, so every run sees
the same ones) with realistic names: names from the shipped ranked lists, their aliases and
Korean names, misspellings that fuzzy matching must handle, and invented institutions and
companies that are on no list; fields of study from the classifier's vocabulary and free text
it cannot classify. Generation is not timed. Then it times preparation of all of them as of one
date into a ``FactFrame`` with ``prepare_many`` (the path the simulation and batch assessment
use), on a fresh catalogue and classifier so that no name is cached beforehand.

The issue's target is 50,000 profiles/s; it exits 1 when the measured rate is lower. It prints
the machine, and a JSON line at the end for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_PER_SECOND = 50_000

UNKNOWN_UNIVERSITY_PATTERNS = (
    "University of {place}",
    "{place} State University",
    "{place} Institute of Technology",
    "{place} Polytechnic University",
    "National University of {place}",
    "{place} College of Engineering",
)
UNKNOWN_COMPANY_PATTERNS = (
    "{place} Semiconductor Co., Ltd.",
    "{place} Robotics GmbH",
    "{place} Battery Systems Inc.",
    "{place} Software LLC",
    "{place} Display Corporation",
    "{place} Bio Labs",
)
PLACES = (
    "Lagos",
    "Nairobi",
    "Quito",
    "Tbilisi",
    "Almaty",
    "Hanoi",
    "Da Nang",
    "Cebu",
    "Surabaya",
    "Chiang Mai",
    "Porto",
    "Brno",
    "Gdansk",
    "Tartu",
    "Cluj",
    "Varna",
    "Izmir",
    "Tabriz",
    "Lahore",
    "Pune",
    "Kochi",
    "Dhaka",
    "Kandy",
    "Ulaanbaatar",
    "Osh",
    "Lviv",
    "Minsk",
    "Riga",
    "Kaunas",
    "Bergen",
    "Aarhus",
    "Tampere",
    "Leipzig",
    "Graz",
    "Ghent",
    "Lyon",
    "Bilbao",
    "Bari",
    "Cordoba",
    "Rosario",
    "Medellin",
    "Arequipa",
    "Curitiba",
    "Recife",
    "Monterrey",
    "Puebla",
    "Halifax",
    "Boise",
    "Tulsa",
    "Fresno",
    "Perth",
    "Hobart",
    "Dunedin",
    "Suva",
    "Changwon",
    "Gumi",
    "Cheonan",
    "Yeosu",
    "Jeonju",
    "Mokpo",
)
UNCLEAR_FIELDS = (
    "general studies",
    "interdisciplinary program",
    "operations",
    "research",
    "product",
    "consulting",
    "sales",
    "strategy and planning",
    "",
    "liberal arts",
)
SIZES = ("sme", "midsize", "large", None)
REGIONS = ("Seoul", "Gyeonggi", "Incheon", "Busan", "Daegu", "Gwangju", "Ulsan", "서울", "경기", None)
PROGRAMMES = ("mohw-scholar-recruitment", "kasa-scholar-recruitment", "nih-fellowship", None, None, None, None)


def _misspell(rng: random.Random, name: str) -> str:
    """One typo (swap, drop or double a letter), as people type names."""
    if len(name) < 6:
        return name
    position = rng.randrange(1, len(name) - 2)
    operation = rng.randrange(3)
    if operation == 0:
        return name[:position] + name[position + 1] + name[position] + name[position + 2 :]
    if operation == 1:
        return name[:position] + name[position + 1 :]
    return name[:position] + name[position] + name[position:]


class NamePool:
    """Names people write: on a list, an alias, a typo of one, or an institution on no list."""

    def __init__(self, rng: random.Random) -> None:
        from talentcenter.policy.engine.matching import (
            BUNDLED_SOURCES,
            DATA_DIR,
            REFERENCE_DATA_DIR,
            _read_rows,
            name_and_aliases,
        )

        self.rng = rng
        listed: dict[str, list[str]] = {"university": [], "company": []}
        for filename, _kind, _edition, _published, category, _label in BUNDLED_SOURCES:
            column = "institution" if category == "university" else "company"
            for row in _read_rows(REFERENCE_DATA_DIR / filename):
                main, extra = name_and_aliases(row[column])
                listed[category].extend([main, *extra])
        aliases: dict[str, list[str]] = {"university": [], "company": [], "institute": []}
        for row in _read_rows(DATA_DIR / "names.csv"):
            aliases[row["category"]].extend([row["canonical"], *filter(None, row["aliases"].split("|"))])
        self.universities = listed["university"] + aliases["university"]
        self.companies = listed["company"] + aliases["company"]
        self.institutes = aliases["institute"]
        self.unknown_universities = [
            pattern.format(place=place) for pattern in UNKNOWN_UNIVERSITY_PATTERNS for place in PLACES
        ]
        self.unknown_companies = [
            pattern.format(place=place) for pattern in UNKNOWN_COMPANY_PATTERNS for place in PLACES
        ]

    def university(self) -> str:
        roll = self.rng.random()
        if roll < 0.45:
            return self.rng.choice(self.universities)
        if roll < 0.55:
            return _misspell(self.rng, self.rng.choice(self.universities))
        if roll < 0.6:
            return self.rng.choice(self.institutes)
        return self.rng.choice(self.unknown_universities)

    def company(self) -> str:
        roll = self.rng.random()
        if roll < 0.4:
            return self.rng.choice(self.companies)
        if roll < 0.5:
            return _misspell(self.rng, self.rng.choice(self.companies))
        return self.rng.choice(self.unknown_companies)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def random_profile_data(
    rng: random.Random, names: NamePool, fields: list[str], codes: dict[str, list[str]]
) -> dict[str, Any]:
    """One raw applicant in the interchange format."""
    education = []
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
        education.append(
            {
                "level": rng.choice(("associate", "bachelor", "bachelor", "master", "master", "doctorate")),
                "field": rng.choice(fields) if rng.random() < 0.85 else rng.choice(UNCLEAR_FIELDS),
                "institution": names.university() if rng.random() < 0.95 else "",
                "country": rng.choice(("US", "KR", "GB", "IN", "CN", "VN", "DE", None)),
                "completed": _day(rng, date(1995, 1, 1), date(2027, 6, 30)).isoformat() if rng.random() < 0.9 else None,
            }
        )
    experience = []
    for _ in range(rng.choice((0, 1, 2, 2, 3, 3, 4, 5))):
        start = _day(rng, date(1995, 1, 1), date(2027, 6, 30))
        end = start + timedelta(days=rng.randrange(30, 3650)) if rng.random() < 0.7 else None
        kind = rng.choice(("company", "company", "company", "research_institute", "university", "government"))
        organization = (
            names.company()
            if kind == "company"
            else names.university()
            if kind == "university"
            else rng.choice(names.institutes)
        )
        experience.append(
            {
                "organization": organization,
                "kind": kind,
                "field": rng.choice(fields) if rng.random() < 0.8 else rng.choice(UNCLEAR_FIELDS),
                "start": start.isoformat(),
                "end": end.isoformat() if end else None,
                "postdoctoral": kind in {"research_institute", "university"} and rng.random() < 0.5,
            }
        )
    offer = None
    if rng.random() < 0.85:
        offer = {
            "company": names.company(),
            "company_size": rng.choice(SIZES),
            "industry": rng.choice(codes["industry"]) if rng.random() < 0.9 else None,
            "technology_field": rng.choice(codes["technology_field"]) if rng.random() < 0.8 else None,
            "annual_salary_krw": rng.randrange(20_000_000, 260_000_000, 5_000) if rng.random() < 0.95 else None,
            "occupation": rng.choice(codes["occupation"]) if rng.random() < 0.8 else None,
            "region": rng.choice(REGIONS),
        }
    languages = []
    if rng.random() < 0.4:
        languages.append({"language": "ko", "test": rng.choice(("TOPIK", "KIIP")), "level": rng.randrange(0, 7)})
    scores = None
    if rng.random() < 0.5:
        scores = {
            "technical_expertise": rng.choice((None, rng.randrange(0, 21))),
            "strategic_value": rng.choice((None, rng.randrange(0, 16))),
        }
    return {
        "person": {"birth_date": _day(rng, date(1960, 1, 1), date(2003, 12, 31)).isoformat(), "nationality": "IN"},
        "education": education,
        "experience": experience,
        "offer": offer,
        "languages": languages,
        "government_programme": rng.choice(PROGRAMMES),
        "qualitative_scores": scores,
    }


def generate(count: int, seed: int) -> list[Any]:
    """``count`` validated ``ApplicantIn`` profiles, the same ones for the same seed."""
    import yaml

    from talentcenter.policy.engine.fields import ALIASES_FILE
    from talentcenter.policy.engine.inputs import ApplicantIn, industry_codes
    from talentcenter.policy.engine.matching import REFERENCE_DATA_DIR, _read_rows

    rng = random.Random(seed)
    names = NamePool(rng)
    aliases = yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8"))["aliases"]
    fields = sorted({str(phrase) for phrases in aliases.values() for phrase in phrases})
    known = industry_codes()
    codes = {
        "industry": [*sorted(known["ktech_pass"] | known["nst"]), "other"],
        "technology_field": [*sorted(known["kotra"]), "other"],
        "occupation": [*(row["ksco_code"] for row in _read_rows(REFERENCE_DATA_DIR / "e7_1_occupations.csv")), "9999"],
    }
    return [ApplicantIn.model_validate(random_profile_data(rng, names, fields, codes)) for _ in range(count)]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 7, 2))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is reported")
    parser.add_argument("--per-row", action="store_true", help="also time prepare() per applicant + from_rows")
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile of one run")
    arguments = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    import django

    django.setup()

    from talentcenter.policy.engine.facts import FactFrame, prepare, prepare_many
    from talentcenter.policy.engine.fields import classifier
    from talentcenter.policy.engine.matching import bundled_catalogue

    started = time.perf_counter()
    applicants = generate(arguments.profiles, arguments.seed)
    print(f"generated {len(applicants):,} profiles in {time.perf_counter() - started:.1f} s", flush=True)

    def fresh() -> tuple[Any, Any]:
        # Uncached catalogue and classifier, so the timed run pays for every name match.
        bundled_catalogue.cache_clear()
        classifier.cache_clear()
        return bundled_catalogue(), classifier()

    if arguments.profile:
        from pyinstrument import Profiler

        catalogue, fields = fresh()
        profiler = Profiler()
        profiler.start()
        prepare_many(applicants, arguments.as_of, catalogue, fields)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))

    timings, cpu_timings = [], []
    for _ in range(arguments.repeat):
        catalogue, fields = fresh()
        started, cpu_started = time.perf_counter(), time.process_time()
        frame = prepare_many(applicants, arguments.as_of, catalogue, fields)
        timings.append(time.perf_counter() - started)
        cpu_timings.append(time.process_time() - cpu_started)
        assert frame.n == len(applicants)
    best, best_cpu = min(timings), min(cpu_timings)
    rate = len(applicants) / best
    load = os.getloadavg()[0]
    print(f"machine: {machine()}; load average {load:.2f}")
    print(
        f"prepare_many: {len(applicants):,} profiles in {best:.3f} s = {rate:,.0f} profiles/s "
        f"(best of {len(timings)}; {len(applicants) / best_cpu:,.0f} per CPU second)"
    )
    result: dict[str, Any] = {
        "benchmark": "policy_prepare",
        "profiles": len(applicants),
        "as_of": arguments.as_of.isoformat(),
        "seconds": round(best, 4),
        "profiles_per_second": round(rate),
        "profiles_per_cpu_second": round(len(applicants) / best_cpu),
        "target": TARGET_PER_SECOND,
        "machine": machine(),
        "load_average": round(load, 2),
    }
    if arguments.per_row:
        catalogue, fields = fresh()
        started = time.perf_counter()
        FactFrame.from_rows([prepare(applicant, arguments.as_of, catalogue, fields).values for applicant in applicants])
        seconds = time.perf_counter() - started
        print(f"prepare + from_rows: {len(applicants) / seconds:,.0f} profiles/s")
        result["per_row_profiles_per_second"] = round(len(applicants) / seconds)
    print(json.dumps(result))
    if rate < TARGET_PER_SECOND:
        print(f"below the target of {TARGET_PER_SECOND:,} profiles/s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
