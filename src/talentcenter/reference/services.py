"""Loading reference data: the bundled CSV files, or a complete edition that staff upload later."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from talentcenter.audit import events
from talentcenter.reference.enums import ListKind
from talentcenter.reference.models import GniFigure, Industry, ListEdition, ListEntry, Occupation, Skill

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class BundledList:
    filename: str
    kind: ListKind
    edition: str
    published_on: date
    entries_expected: int
    name_column: str


BUNDLED_LISTS = [
    BundledList("qs_wur_2026_top100.csv", ListKind.QS_WORLD, "2026", date(2025, 6, 19), 100, "institution"),
    BundledList(
        "usnews_bgu_2025_2026_top100.csv", ListKind.USNEWS_GLOBAL, "2025-2026", date(2025, 6, 17), 100, "institution"
    ),
    BundledList("fortune_global_500_2025.csv", ListKind.FORTUNE_GLOBAL_500, "2025", date(2025, 7, 29), 500, "company"),
]


def read_csv_rows(text: str) -> Iterator[dict[str, str]]:
    """Rows of a reference CSV; lines starting with ``#`` are the file's notes and are skipped."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    yield from csv.DictReader(io.StringIO("\n".join(lines)))


def _notes(text: str) -> str:
    return "\n".join(line.lstrip("# ").rstrip() for line in text.splitlines() if line.startswith("#"))


def rank_number(label: str) -> int:
    """``"=17"`` (a tie as published) is rank 17."""
    return int(label.strip().lstrip("=").split("-")[0])


@transaction.atomic
def list_edition_import(
    *,
    kind: ListKind | str,
    edition: str,
    csv_text: str,
    entries_expected: int,
    published_on: date | None = None,
    name_column: str = "name",
    actor: events.Actor = None,
) -> ListEdition:
    """Create or replace one edition of a ranking from CSV with columns rank, name, country, source.

    The edition is partial when it has fewer rows than the published list.
    """
    rows = list(read_csv_rows(csv_text))
    list_edition, _ = ListEdition.objects.update_or_create(
        kind=kind,
        edition=edition,
        defaults={"published_on": published_on, "entries_expected": entries_expected, "notes": _notes(csv_text)},
    )
    list_edition.entries.all().delete()
    ListEntry.objects.bulk_create(
        ListEntry(
            edition=list_edition,
            rank=rank_number(row["rank"]),
            rank_label=row["rank"].strip(),
            name=row[name_column].strip(),
            country=row.get("country_iso2", "").strip().upper()[:2],
            source_url=row.get("source_url", "").strip(),
        )
        for row in rows
    )
    list_edition.is_partial = len(rows) < entries_expected
    list_edition.save(update_fields=["is_partial"])
    if actor is not None:
        # A person importing an edition is audited; the bundled load is part of the release and
        # is versioned in git instead.
        events.record(
            actor=actor,
            action="reference.edition_imported",
            subject=list_edition,
            changes={"entries": len(rows), "partial": list_edition.is_partial},
        )
    return list_edition


class TaxonomyError(ValueError):
    """The skills CSV names a parent or related skill that does not exist, or its parents loop."""


def _codes(cell: str | None) -> list[str]:
    return [code.strip() for code in (cell or "").split("|") if code.strip()]


def _check_taxonomy(rows: list[dict[str, str]], known: set[str], parents: dict[str, str]) -> None:
    """Every parent and related code must exist, and following parents must end at a root."""
    codes = [row["code"].strip() for row in rows]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise TaxonomyError(f"skills.csv lists these codes twice: {', '.join(duplicates)}")
    for row in rows:
        for column, wanted in (("parent", _codes(row.get("parent"))), ("related", _codes(row.get("related")))):
            unknown = [code for code in wanted if code not in known]
            if unknown:
                raise TaxonomyError(f"skill {row['code']}: unknown {column} code {', '.join(unknown)}")
    for start in parents:
        seen = [start]
        code = parents.get(start, "")
        while code:
            if code in seen:
                raise TaxonomyError(f"skills form a cycle of parents: {' -> '.join([*seen, code])}")
            seen.append(code)
            code = parents.get(code, "")


def skills_load(*, csv_text: str) -> int:
    """Create or update the skills of the taxonomy from CSV (code, category, name_en, name_ko, and
    optionally parent, related, synonyms); returns the number of rows.

    Skills are updated, never deleted (profiles and openings refer to them). A first pass writes
    every row; a second sets parents and related skills, so a row may name a parent further down
    the file. Running it again changes nothing. An unknown code or a cycle of parents raises
    ``TaxonomyError`` before anything is written."""
    rows = list(read_csv_rows(csv_text))
    existing = dict(Skill.objects.values_list("code", "parent__code"))
    parents = {code: parent or "" for code, parent in existing.items()}
    for row in rows:
        if "parent" in row:
            parent = _codes(row["parent"])
            parents[row["code"].strip()] = parent[0] if parent else ""
    _check_taxonomy(rows, set(existing) | {row["code"].strip() for row in rows}, parents)
    with transaction.atomic():
        for row in rows:
            defaults = {"category": row["category"], "name_en": row["name_en"], "name_ko": row["name_ko"]}
            if "synonyms" in row:
                defaults["synonyms"] = "|".join(_codes(row["synonyms"]))[:500]
            Skill.objects.update_or_create(code=row["code"].strip(), defaults=defaults)
        skills = {skill.code: skill for skill in Skill.objects.only("pk", "code", "parent_id")}
        for row in rows:
            skill = skills[row["code"].strip()]
            if "parent" in row:
                parent_id = skills[parents[skill.code]].pk if parents[skill.code] else None
                if skill.parent_id != parent_id:
                    skill.parent_id = parent_id
                    skill.save(update_fields=["parent"])
        # Related is symmetrical: the through table holds both directions of a pair. Pairs are
        # added, never removed, so a pair may be written on either row.
        through = Skill.related.through
        present = set(through.objects.values_list("from_skill_id", "to_skill_id"))
        wanted = {
            (skills[row["code"].strip()].pk, skills[code].pk)
            for row in rows
            for code in _codes(row.get("related"))
            if code != row["code"].strip()
        }
        missing = {pair for first, second in wanted for pair in ((first, second), (second, first))} - present
        through.objects.bulk_create(
            [through(from_skill_id=first, to_skill_id=second) for first, second in sorted(missing)]
        )
    return len(rows)


@transaction.atomic
def reference_load_bundled(*, actor: events.Actor = None) -> dict[str, int]:
    """Load every CSV shipped with the package; safe to run again (it upserts)."""
    counts: dict[str, int] = {}
    industries = list(read_csv_rows((DATA_DIR / "industries.csv").read_text(encoding="utf-8")))
    for row in industries:
        Industry.objects.update_or_create(
            scheme=row["scheme"],
            code=row["code"],
            defaults={"name_en": row["name_en"], "name_ko": row["name_ko"], "source": row["source"]},
        )
    counts["industries"] = len(industries)

    counts["skills"] = skills_load(csv_text=(DATA_DIR / "skills.csv").read_text(encoding="utf-8"))

    for bundled in BUNDLED_LISTS:
        edition = list_edition_import(
            kind=bundled.kind,
            edition=bundled.edition,
            csv_text=(DATA_DIR / bundled.filename).read_text(encoding="utf-8"),
            entries_expected=bundled.entries_expected,
            published_on=bundled.published_on,
            name_column=bundled.name_column,
            actor=actor,
        )
        counts[bundled.filename] = edition.entries.count()

    gni_rows = list(read_csv_rows((DATA_DIR / "korea_gni_per_capita.csv").read_text(encoding="utf-8")))
    for row in gni_rows:
        GniFigure.objects.update_or_create(
            year=int(row["year"]),
            status=row["status"],
            release_date=row["release_date"],
            usd=int(row["usd"]) if row["usd"] else None,
            defaults={"krw": int(row["krw"]) if row["krw"] else None, "source_url": row["source_url"]},
        )
    counts["gni"] = len(gni_rows)

    occupations = list(read_csv_rows((DATA_DIR / "e7_1_occupations.csv").read_text(encoding="utf-8")))
    for row in occupations:
        Occupation.objects.update_or_create(
            code=row["ksco_code"],
            defaults={
                "title_en": row["title_en"],
                "title_ko": row["title_ko"],
                "group": row["group"],
                "needs_recommendation": row["needs_recommendation"],
                "source_url": row["source_url"],
            },
        )
    counts["occupations"] = len(occupations)
    return counts
