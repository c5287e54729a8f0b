"""Reading the shared index: what changed since a seq (the read side of ``matching.models``).

Every process keeps its own in-memory copy (``matching.index``) and, before each query, asks
``clock_value`` and, when that moved, ``*_records_since`` its last seq. Because seqs are handed out
under a lock on the clock row and commit in order, "every row with seq > mine" is exactly what the
copy has missed; nothing committed later can carry a smaller seq.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from talentcenter.matching.models import (
    PROFILE_VECTOR_FIELDS,
    IndexClock,
    IndexKind,
    IndexTombstone,
    OpeningVector,
    ProfileVector,
)
from talentcenter.matching.records import OpeningRecord, ProfileRecord

CHUNK_SIZE = 5000
_PROFILE_COLUMNS = ("profile_id", "seq", *PROFILE_VECTOR_FIELDS)


def clock_value(kind: str) -> int:
    """The last seq handed out for ``kind`` ("profiles" or "openings"); 0 before the first write."""
    value = IndexClock.objects.filter(kind=kind).values_list("value", flat=True).first()
    return int(value or 0)


def _removed(kind: str, seq: int, upto: int) -> dict[int, int]:
    """Items removed after ``seq`` up to ``upto``: item id -> the seq of its (latest) removal."""
    removed: dict[int, int] = {}
    tombstones = IndexTombstone.objects.filter(kind=kind, seq__gt=seq, seq__lte=upto)
    for item_id, at in tombstones.values_list("item_id", "seq"):
        removed[item_id] = max(at, removed.get(item_id, 0))
    return removed


def _settle(changed: list[tuple[int, int, Any]], removed: dict[int, int]) -> tuple[list[Any], list[int]]:
    """``(records, removed ids)`` where an item both written and removed in the range counts as
    whichever happened last (a higher seq)."""
    records = [record for item_id, at, record in changed if removed.get(item_id, 0) < at]
    written = {item_id: at for item_id, at, _record in changed}
    gone = sorted(item_id for item_id, at in removed.items() if written.get(item_id, 0) < at)
    return records, gone


def profile_record(row: Iterable[Any]) -> tuple[int, ProfileRecord]:
    """A ``ProfileRecord`` from one row of ``_PROFILE_COLUMNS`` values, with the row's seq."""
    (
        profile_id,
        seq,
        discoverable,
        skills,
        education_level,
        years,
        languages,
        salary,
        industries,
        nationality,
        text,
    ) = row
    return seq, ProfileRecord(
        profile_id=profile_id,
        skills=skills or {},
        education_level=education_level,
        years_experience=float(years or 0.0),
        languages=languages or {},
        desired_salary_krw=salary,
        desired_industries=tuple(industries or ()),
        nationality=nationality or "",
        discoverable=bool(discoverable),
        text=text or "",
    )


def profile_records_since(seq: int, *, limit: int | None = None) -> tuple[int, list[ProfileRecord], list[int]]:
    """The profile rows changed after ``seq`` (0: all of them) and the ids of profiles deleted since.

    Returns ``(highest seq included, records, removed ids)``. Records include profiles that are no
    longer discoverable, with ``discoverable=False``, so a reader drops them. With ``limit``, at
    most that many records come, in seq order, and the highest seq tells where to go on from.

    The clock is read first: every row with a seq up to that value has committed (seqs commit in
    order), so the rows read next contain them all and the answer cannot skip a change."""
    clock = clock_value(IndexKind.PROFILES)
    rows = ProfileVector.objects.filter(seq__gt=seq)
    rows = rows.filter(seq__lte=clock) if limit is None else rows.order_by("seq")[:limit]
    changed: list[tuple[int, int, ProfileRecord]] = []
    last = seq
    for row in rows.values_list(*_PROFILE_COLUMNS).iterator(chunk_size=CHUNK_SIZE):
        last, record = profile_record(row)
        changed.append((record.profile_id, last, record))
    # A full page stops at its last row; otherwise the answer reaches the clock (or a row that
    # committed after the clock was read: everything below it has committed too).
    top = last if limit is not None and len(changed) >= limit else max(seq, clock, last)
    records, removed = _settle(changed, _removed(IndexKind.PROFILES, seq, top))
    return top, records, removed


def opening_record(opening_id: int, is_open: bool, payload: dict[str, Any]) -> OpeningRecord:
    """An ``OpeningRecord`` from an ``OpeningVector`` payload (see ``services.opening_payload``)."""
    return OpeningRecord(
        opening_id=opening_id,
        skills=tuple((str(code), int(weight), bool(required)) for code, weight, required in payload.get("skills", ())),
        min_education_level=payload.get("min_education_level"),
        min_years=payload.get("min_years"),
        salary_min_krw=payload.get("salary_min_krw"),
        salary_max_krw=payload.get("salary_max_krw"),
        languages=tuple(
            (str(code), int(level), bool(required)) for code, level, required in payload.get("languages", ())
        ),
        industry=payload.get("industry", ""),
        open=is_open,
        offer=payload.get("offer"),
    )


def opening_records_since(seq: int) -> tuple[int, list[OpeningRecord], list[int]]:
    """The opening rows changed after ``seq`` (0: all) and the ids of openings removed since:
    ``(highest seq included, records, removed ids)``; closed openings come with ``open=False``."""
    top = max(seq, clock_value(IndexKind.OPENINGS))
    rows = OpeningVector.objects.filter(seq__gt=seq, seq__lte=top).values_list("opening_id", "seq", "open", "payload")
    changed = [
        (opening_id, at, opening_record(opening_id, is_open, payload))
        for opening_id, at, is_open, payload in rows.iterator(CHUNK_SIZE)
    ]
    records, removed = _settle(changed, _removed(IndexKind.OPENINGS, seq, top))
    return top, records, removed
