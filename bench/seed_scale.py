"""Seed a PostgreSQL database with the demo at scale and report how long each step took.

    .venv/bin/python bench/seed_scale.py                      # 100,000 profiles, 10,000 companies
    .venv/bin/python bench/seed_scale.py --recreate           # drop and create the database first
    .venv/bin/python bench/seed_scale.py --profiles 20000 --companies 2000

The database is ``$BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/talentcenter_bench``); it is created when missing. The demo
is idempotent, so running this again on a seeded database only reports the counts. It prints a
JSON line at the end for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/talentcenter_bench"


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def _admin_connection(url: str) -> psycopg.Connection:
    parts = urlparse(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )


def database_ensure(url: str, *, recreate: bool) -> None:
    name = urlparse(url).path.lstrip("/")
    with _admin_connection(url) as connection:
        if recreate:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def run(step: str, arguments: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    print(f"$ talentcenter {' '.join(arguments)}", flush=True)
    subprocess.run([sys.executable, "-m", "talentcenter", *arguments], env=env, cwd=ROOT, check=True)
    seconds = time.perf_counter() - started
    print(f"{step}: {seconds:.1f} s", flush=True)
    return seconds


def counts(url: str) -> dict[str, int]:
    tables = {
        "users": "accounts_user",
        "talent_profiles": "talent_talentprofile",
        "educations": "talent_education",
        "experiences": "talent_experience",
        "skills": "talent_skillentry",
        "languages": "talent_languageentry",
        "companies": "organizations_company",
        "memberships": "organizations_companymembership",
    }
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")
        return {
            label: int(
                connection.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            )
            for label, table in tables.items()
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--recreate", action="store_true", help="drop the database first")
    arguments = parser.parse_args()

    url = database_url()
    database_ensure(url, recreate=arguments.recreate)
    env = {**os.environ, "DATABASE_URL": url, "TALENTCENTER_ENV": os.environ.get("TALENTCENTER_ENV", "development")}
    migrate = run("migrate", ["migrate", "--no-input", "-v", "0"], env)
    demo = run(
        "demo",
        [
            "demo",
            "--seed",
            str(arguments.seed),
            "--profiles",
            str(arguments.profiles),
            "--companies",
            str(arguments.companies),
            "-v",
            "2",
        ],
        env,
    )
    result = {
        "database": urlparse(url).path.lstrip("/"),
        "profiles": arguments.profiles,
        "companies": arguments.companies,
        "migrate_seconds": round(migrate, 1),
        "demo_seconds": round(demo, 1),
        "rows": counts(url),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
