"""`talentcenter assess [--as-of YYYY-MM-DD] [--programme ID ...] [--language ko|en] FILE`

Assesses applicants in the interchange format (``docs/policy-engine.md``; ``-`` reads standard
input). ``FILE`` holds one applicant (a JSON object: the answer is printed as pretty JSON, the same
answer as ``POST /api/v1/assessments``), or many, as a JSON array or as JSON Lines (one object a
line): then one answer a line (JSON Lines), in the order of the input, all in this one process.
Nothing is stored. A malformed file (naming the line or item and the field), an unknown programme
or a bad date, or a birth date or degree completion after the ``--as-of``
date, prints what is wrong on standard error and exits with code 2, assessing nothing.

It needs no database: when the database has no ranked lists, or does not exist yet, it reads the
lists shipped with the package (``reference/data``) and says so in one line on standard error.
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

from talentcenter.policy import selectors, services
from talentcenter.policy.engine import PROGRAMMES, ApplicantIn
from talentcenter.policy.engine.inputs import NotJson, parse_strictly, refuse_facts_dated_after

USAGE_ERROR = 2
PROBLEMS_SHOWN = 20
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
SHIPPED_LISTS_NOTE = (
    "assess: the database has no ranked lists (run `talentcenter migrate` and `talentcenter import-reference`);"
    " using the lists shipped with talentcenter"
)


class InputError(Exception):
    """What is wrong with the input, in one line per problem."""


def _field(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location) or "(the whole file)"


def read_applicant(text: str, where: str = "", as_of: date | None = None) -> ApplicantIn:
    """Parse the interchange format strictly, exactly as ``POST /api/v1/assessments`` does;
    ``where`` ("line 3: ") starts each problem of one applicant among many; with ``as_of``, a birth
    date or a degree completed after it is refused too."""
    try:
        applicant = parse_strictly(ApplicantIn, text)
        if as_of is not None:
            refuse_facts_dated_after(applicant, as_of)
        return applicant
    except NotJson as error:
        raise InputError(f"{where}not valid JSON: {error}") from None
    except pydantic.ValidationError as error:
        problems = [
            f"{where}{_field(item['loc']) if item['loc'] or not where else '(the applicant)'}: {item['msg']}"
            for item in error.errors(include_url=False)
        ]
        raise InputError("\n".join(problems)) from None


def read_applicants(text: str, as_of: date | None = None) -> tuple[list[ApplicantIn], bool]:
    """The applicants of a file, and whether it held many (a JSON array or JSON Lines) rather than one
    object. Every applicant is checked before any is assessed; the problems name their line (JSON
    Lines) or item (array, from 1) and field, at most :data:`PROBLEMS_SHOWN` of them."""
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
        lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if len(lines) < 2:  # one malformed object: say what is wrong with it
            return [read_applicant(text, as_of=as_of)], False
        items = [(f"line {number}: ", line) for number, line in lines]
    else:
        if not isinstance(whole, list):
            return [read_applicant(text, as_of=as_of)], False
        items = [(f"item {index}: ", json.dumps(item)) for index, item in enumerate(whole, start=1)]
    if not items:
        raise InputError("the file holds no applicants")
    applicants, problems = [], []
    for where, item in items:
        try:
            applicants.append(read_applicant(item, where, as_of))
        except InputError as error:
            problems.extend(str(error).splitlines())
    if problems:
        more = len(problems) - PROBLEMS_SHOWN
        raise InputError("\n".join(problems[:PROBLEMS_SHOWN] + ([f"... and {more} more"] if more > 0 else [])))
    return applicants, True


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
    help = (
        "Assess applicants (interchange-format JSON: one object, an array or JSON Lines; - for standard input)"
        " and print the answers."
    )

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
        parser.add_argument(
            "--jsonl",
            action="store_true",
            help="one answer a line (JSON Lines) even for one applicant (the default for an array, JSON Lines"
            " or a .jsonl file)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = parse_as_of(options["as_of"])
            programmes = check_programmes(options["programmes"])
            applicants, many = read_applicants(self._read(options["file"]), as_of)
            many = many or options["jsonl"] or options["file"].endswith(JSON_LINES_SUFFIXES)
        except InputError as error:
            self.stderr.write(f"assess: {error}")
            sys.exit(USAGE_ERROR)
        lists = selectors.reference_lists_or_shipped()
        if lists.shipped:
            self.stderr.write(SHIPPED_LISTS_NOTE)
        if getattr(self.stdout, "_out", None) is sys.stdout and isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(encoding="utf-8")  # Korean labels, whatever the terminal's locale
        answers = services.assessment_run_many(
            applicants, as_of=as_of, programmes=programmes, language=options["language"], lists=lists
        )
        for answer in answers:
            if many:
                self.stdout.write(json.dumps(answer, ensure_ascii=False, default=str))
            else:
                self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2, default=str))

    def _read(self, name: str) -> str:
        if name == "-":
            return sys.stdin.read()
        try:
            return Path(name).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{name}: cannot be read ({error})") from None
