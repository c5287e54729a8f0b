"""Writing the shared index: one profile's row when it changes, openings from jobs, a full rebuild.

Every write takes its seqs from ``IndexClock`` under ``select_for_update`` and keeps that lock
until its transaction commits, so transactions that write index rows commit in seq order; a
reader that has seen clock value ``v`` has seen every row with ``seq <= v`` (``matching.store``).
The talent services call ``profile_vector_refresh`` through the ``profile_changed`` signal inside
their own transaction: the profile change and its index row commit together or not at all.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Q
from django.utils import timezone

from talentcenter.matching.languages import language_level
from talentcenter.matching.models import (
    PROFILE_VECTOR_FIELDS,
    IndexClock,
    IndexKind,
    IndexTombstone,
    OpeningVector,
    ProfileVector,
)
from talentcenter.matching.records import OpeningRecord
from talentcenter.policy.engine.facts import years_worked
from talentcenter.talent.enums import Visibility
from talentcenter.talent.models import Education, Experience, LanguageEntry, SkillEntry, TalentProfile

Progress = Callable[[str], None]
TEXT_MAX_LENGTH = 2000


# --- The clock --------------------------------------------------------------------------------
def clock_take(kind: str, count: int = 1) -> int:
    """Reserve ``count`` consecutive seqs for ``kind`` and return the first. Must run inside a
    transaction: the clock row stays locked until it commits, which orders the commits."""
    return _clock_advance(clock_lock(kind), count)


def clock_lock(kind: str) -> IndexClock:
    """Lock the clock row of ``kind`` for the rest of the transaction (created at 0 if missing)."""
    clock, _created = IndexClock.objects.select_for_update().get_or_create(kind=kind)
    return clock


def _clock_advance(clock: IndexClock, count: int) -> int:
    first = clock.value + 1
    clock.value += count
    clock.save(update_fields=["value"])
    return first


# --- What a profile row holds -----------------------------------------------------------------
def years_of_experience(periods: Iterable[tuple[date, date | None]], *, today: date) -> float:
    """Years worked up to ``today``, counted as the rules count them (``policy.engine.facts.years_worked``:
    last days included, overlaps once, whole calendar months), rounded to two decimals. Used by both
    the single refresh and the bulk build, so both give the same number, and the same as the rules."""
    return round(years_worked(periods, today), 2)


def is_discoverable(*, visibility: str, completed_at: Any) -> bool:
    """Only complete profiles whose owners let verified companies find them are ever shown."""
    return visibility == Visibility.VERIFIED_COMPANIES and completed_at is not None


def _text(parts: Iterable[str]) -> str:
    seen: dict[str, None] = {}
    for part in parts:
        cleaned = " ".join((part or "").split()).lower()
        if cleaned:
            seen.setdefault(cleaned, None)
    return " ".join(seen)[:TEXT_MAX_LENGTH]


# The columns of a computed row, in order (seq and updated_at are added when it is written).
ROW_COLUMNS = ("profile_id", *PROFILE_VECTOR_FIELDS, "applicant")
_VECTOR_FIELDS = ["seq", *PROFILE_VECTOR_FIELDS, "applicant", "updated_at"]
Row = tuple[
    int, bool, dict[str, int], int | None, float, dict[str, int], int | None, list[str], str, str, dict[str, Any] | None
]


def profile_rows(low: int, high: int, *, today: date) -> list[Row]:
    """The index rows (``ROW_COLUMNS``) of the profiles whose ids are in ``low..high``, in id order:
    six queries whatever the number of profiles, each on an index of ``profile_id``; the same reads
    give the matcher's columns and the policy engine's data the visa fit reads
    (``visa.ApplicantData``). The single refresh and the bulk build both use it, so they cannot
    disagree."""
    from talentcenter.matching.visa import ApplicantData

    entries = Q(profile_id__gte=low, profile_id__lte=high)
    applicants = ApplicantData()
    skills: dict[int, dict[str, int]] = defaultdict(dict)
    for profile_id, code, proficiency in (
        SkillEntry.objects.filter(entries).values_list("profile_id", "skill__code", "proficiency").order_by()
    ):
        skills[profile_id][code] = proficiency
    profiles = list(
        TalentProfile.objects.filter(pk__gte=low, pk__lte=high)
        .values_list("pk", "visibility", "completed_at", "desired_salary_krw", "nationality", "headline", "birth_date")
        .order_by("pk")
    )
    for profile_id, *_columns, nationality, _headline, birth_date in profiles:
        applicants.person(profile_id, birth_date, nationality)
    languages: dict[int, dict[str, int]] = defaultdict(dict)
    for profile_id, language, test, level in (
        LanguageEntry.objects.filter(entries)
        .values_list("profile_id", "language", "test", "level")
        .order_by(*ApplicantData.LANGUAGE_ORDER)
    ):
        languages[profile_id][language] = language_level(test, level)
        applicants.language(profile_id, language, test, level)
    periods: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    roles: dict[int, list[str]] = defaultdict(list)
    for profile_id, role, *experience in (
        Experience.objects.filter(entries)
        .values_list("profile_id", "role", *ApplicantData.EXPERIENCE)
        .order_by(*ApplicantData.EXPERIENCE_ORDER)
    ):
        _organization, _kind, _field, started_on, ended_on, _postdoctoral = experience
        periods[profile_id].append((started_on, ended_on))
        roles[profile_id].append(role)
        applicants.experience(profile_id, *experience)
    education: dict[int, int] = {}
    fields: dict[int, list[str]] = defaultdict(list)
    for profile_id, *degree in (
        Education.objects.filter(entries)
        .values_list("profile_id", *ApplicantData.EDUCATION)
        .order_by(*ApplicantData.EDUCATION_ORDER)
    ):
        level, field = degree[0], degree[1]
        education.setdefault(profile_id, level)  # the first is the highest
        fields[profile_id].append(field)
        applicants.education(profile_id, *degree)
    industries: dict[int, list[str]] = defaultdict(list)
    through = TalentProfile.desired_industries.through
    for profile_id, code in (
        through.objects.filter(talentprofile_id__gte=low, talentprofile_id__lte=high)
        .values_list("talentprofile_id", "industry__code")
        .order_by()
    ):
        industries[profile_id].append(code)
    return [
        (
            profile_id,
            is_discoverable(visibility=visibility, completed_at=completed_at),
            skills.get(profile_id, {}),
            education.get(profile_id),
            years_of_experience(periods.get(profile_id, ()), today=today),
            languages.get(profile_id, {}),
            salary,
            sorted(industries.get(profile_id, ())),
            str(nationality or ""),
            _text([headline, *fields.get(profile_id, ()), *roles.get(profile_id, ())]),
            applicants.data.get(profile_id),
        )
        for profile_id, visibility, completed_at, salary, nationality, headline, _birth_date in profiles
    ]


def _write_rows(rows: list[Row], first_seq: int) -> None:
    """Upsert computed rows with consecutive seqs from ``first_seq``: COPY into a temporary table
    and one ``INSERT ... ON CONFLICT`` on PostgreSQL, ``bulk_create`` with upsert elsewhere."""
    if not rows:
        return
    now = timezone.now()
    connection = connections[router.db_for_write(ProfileVector)]
    if connection.vendor != "postgresql" or len(rows) == 1:
        ProfileVector.objects.bulk_create(
            [
                ProfileVector(**dict(zip(ROW_COLUMNS, row, strict=True)), seq=first_seq + offset, updated_at=now)
                for offset, row in enumerate(rows)
            ],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["profile"],
            update_fields=_VECTOR_FIELDS,
        )
        return
    table = connection.ops.quote_name(ProfileVector._meta.db_table)
    columns = [*ROW_COLUMNS, "seq", "updated_at"]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    updates = ", ".join(
        f"{connection.ops.quote_name(column)} = EXCLUDED.{connection.ops.quote_name(column)}" for column in columns[1:]
    )
    json_columns = {ROW_COLUMNS.index(name) for name in ("skills", "languages", "desired_industries", "applicant")}
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS matching_profilevector_load (LIKE {table}) ON COMMIT DROP"
        )
        cursor.execute("TRUNCATE matching_profilevector_load")
        with cursor.cursor.copy(f"COPY matching_profilevector_load ({quoted}) FROM STDIN") as copy:
            for offset, row in enumerate(rows):
                copy.write_row(
                    [
                        *(
                            json.dumps(value) if index in json_columns and value is not None else value
                            for index, value in enumerate(row)
                        ),
                        first_seq + offset,
                        now,
                    ]
                )
        # Every name in the statement is a model column, quoted; no value is spliced in.
        cursor.execute(
            f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM matching_profilevector_load "  # noqa: S608
            f"ON CONFLICT (profile_id) DO UPDATE SET {updates}"
        )


# --- One profile ------------------------------------------------------------------------------
@transaction.atomic
def profile_vector_refresh(*, profile_id: int) -> None:
    """Recompute one profile's index row from the talent tables and give it the next seq (a fixed
    number of queries). Called inside the talent service's transaction by ``profile_changed``."""
    clock = clock_lock(IndexKind.PROFILES)
    rows = profile_rows(profile_id, profile_id, today=timezone.localdate())
    # A profile already gone has no row to write; its deletion left a tombstone.
    _write_rows(rows, _clock_advance(clock, len(rows)))


@transaction.atomic
def profile_vector_remove(*, profile_id: int) -> None:
    """Record that a profile is gone (its row goes with it, by cascade), so every reader drops it.

    Locks the profile before the clock, in the order the talent services lock them."""
    list(TalentProfile.objects.select_for_update().filter(pk=profile_id).values_list("pk"))
    seq = clock_take(IndexKind.PROFILES)
    IndexTombstone.objects.create(kind=IndexKind.PROFILES, item_id=profile_id, seq=seq)


# --- Everything -------------------------------------------------------------------------------
def _chunks(ids: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for first in range(0, len(ids), size):
        yield ids[first : first + size]


def profile_vectors_rebuild(*, batch_size: int = 5000, progress: Progress | None = None) -> dict[str, Any]:
    """Recompute every profile's index row from the talent tables, ``batch_size`` profiles per
    transaction (six reads and one bulk upsert each). Safe while people edit their profiles: each
    batch locks the clock before reading, so a concurrent change either committed before the batch
    read it or commits after, with a higher seq. Returns the counts and the time taken."""
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    today = timezone.localdate()
    ids = list(TalentProfile.objects.order_by("pk").values_list("pk", flat=True))
    written = discoverable = 0
    for chunk in _chunks(ids, max(1, batch_size)):
        low, high = chunk[0], chunk[-1]
        with transaction.atomic():
            clock = clock_lock(IndexKind.PROFILES)
            rows = profile_rows(low, high, today=today)
            _write_rows(rows, _clock_advance(clock, len(rows)))
        written += len(rows)
        discoverable += sum(row[1] for row in rows)
        say(f"Profile index: {written:,} of {len(ids):,}")
    return {
        "profiles": written,
        "discoverable": discoverable,
        "seconds": round(time.perf_counter() - started, 2),
    }


# --- Openings (written by jobs inside its transactions) ----------------------------------------
def opening_payload(record: OpeningRecord) -> dict[str, Any]:
    """The JSON an ``OpeningVector`` keeps: the record's fields but its id and open flag."""
    payload = asdict(record)
    payload.pop("opening_id")
    payload.pop("open")
    payload["skills"] = [list(item) for item in record.skills]
    payload["languages"] = [list(item) for item in record.languages]
    return payload


@transaction.atomic
def opening_vector_put(record: OpeningRecord) -> None:
    """Write (or replace) one opening's index row with the next seq."""
    seq = clock_take(IndexKind.OPENINGS)
    OpeningVector.objects.update_or_create(
        opening_id=record.opening_id,
        defaults={"seq": seq, "open": record.open, "payload": opening_payload(record)},
    )
    IndexTombstone.objects.filter(kind=IndexKind.OPENINGS, item_id=record.opening_id).delete()


@transaction.atomic
def opening_vector_remove(*, opening_id: int) -> None:
    """Drop an opening from the index (deleted); a closed one is ``put`` with ``open=False``."""
    clock = clock_lock(IndexKind.OPENINGS)  # the clock first, as in ``opening_vector_put``
    deleted, _counts = OpeningVector.objects.filter(opening_id=opening_id).delete()
    if deleted:
        seq = _clock_advance(clock, 1)
        IndexTombstone.objects.create(kind=IndexKind.OPENINGS, item_id=opening_id, seq=seq)
