"""`talentcenter assess [--as-of YYYY-MM-DD] [--programme ID ...] [--language ko|en] FILE.json`

Assesses one applicant in the interchange format (``docs/policy-engine.md``; ``-`` reads standard
input) and prints the engine's explained answer as JSON, the same answer as
``POST /api/v1/assessments``. Nothing is stored. A malformed file, an unknown programme or a bad
date, or a birth date or degree completion after the ``--as-of`` date prints what is wrong, naming
the field, on standard error and exits with code 2.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pydantic
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from talentcenter.policy import services
from talentcenter.policy.engine import PROGRAMMES, ApplicantIn
from talentcenter.policy.engine.inputs import NotJson, parse_strictly, refuse_facts_dated_after

USAGE_ERROR = 2


class InputError(Exception):
    """What is wrong with the input, in one line per problem."""


def _field(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location) or "(the whole file)"


def read_applicant(text: str, as_of: date | None = None) -> ApplicantIn:
    """Parse the interchange format strictly, exactly as ``POST /api/v1/assessments`` does; with
    ``as_of``, a birth date or a degree completed after it is refused too."""
    try:
        applicant = parse_strictly(ApplicantIn, text)
        if as_of is not None:
            refuse_facts_dated_after(applicant, as_of)
        return applicant
    except NotJson as error:
        raise InputError(f"not valid JSON: {error}") from None
    except pydantic.ValidationError as error:
        problems = [f"{_field(item['loc'])}: {item['msg']}" for item in error.errors(include_url=False)]
        raise InputError("\n".join(problems)) from None


def parse_as_of(value: str | None) -> date:
    if value is None:
        return timezone.localdate()
    try:
        as_of = date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--as-of: {value!r} is not a date (YYYY-MM-DD)") from None
    if len(value) != len("YYYY-MM-DD"):
        raise InputError(f"--as-of: {value!r} is not a date (YYYY-MM-DD)")
    return as_of


def check_programmes(programmes: list[str]) -> list[str] | None:
    unknown = [programme for programme in programmes if programme not in PROGRAMMES]
    if unknown:
        raise InputError(
            f"--programme: unknown programme {', '.join(map(repr, unknown))} (known: {', '.join(PROGRAMMES)})"
        )
    return list(dict.fromkeys(programmes)) or None


class Command(BaseCommand):
    help = "Assess an applicant (interchange-format JSON file, or - for standard input) and print the answer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="applicant JSON file, or - for standard input")
        parser.add_argument("--as-of", dest="as_of", help="date the rules are applied as of (default: today in Korea)")
        parser.add_argument(
            "--programme",
            dest="programmes",
            action="append",
            default=[],
            metavar="ID",
            help=f"programme to assess (repeatable; default: all): {', '.join(PROGRAMMES)}",
        )
        parser.add_argument("--language", choices=["ko", "en"], default="en", help="language of labels and hints")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = parse_as_of(options["as_of"])
            programmes = check_programmes(options["programmes"])
            applicant = read_applicant(self._read(options["file"]), as_of)
        except InputError as error:
            self.stderr.write(f"assess: {error}")
            sys.exit(USAGE_ERROR)
        result = services.assessment_run(applicant, as_of=as_of, programmes=programmes, language=options["language"])
        if getattr(self.stdout, "_out", None) is sys.stdout and isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(encoding="utf-8")  # Korean labels, whatever the terminal's locale
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))

    def _read(self, name: str) -> str:
        if name == "-":
            return sys.stdin.read()
        try:
            return Path(name).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{name}: cannot be read ({error})") from None
