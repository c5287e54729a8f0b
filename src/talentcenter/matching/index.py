"""The in-memory index: one NumPy row per profile (and per opening), caught up before every query.

The database is the truth every web process and worker shares (``matching.store``: one row per
profile and per opening, and a clock that moves on every change). Each process keeps a NumPy copy
here and, before each query, reads the clock (one query); when it moved, it applies only the
records changed since it last looked, in place. When the clock went backwards (the table was
emptied, as tests do) or the taxonomy changed, it reloads from scratch. So a process cannot keep
serving a stale copy without noticing.

Layout of :class:`ProfileIndex` (``n`` rows, capacity doubling on append):

- ``skills`` uint8 ``[n, n_skills]``, column-major (Fortran order): proficiency 0-4 per taxonomy
  skill. Scoring reads the few columns that matter to a requirement, each contiguous in memory.
- ``languages`` uint8 ``[n, n_languages]`` (``talent.enums.SpokenLanguage`` order), level 0-6,
  also column-major.
- ``education`` uint8 (``EducationLevel`` value, 0 unknown), ``years`` float32, ``salary`` int64
  (desired, KRW, 0 unknown), ``nationality`` uint16 (code into ``nationality_codes``),
  ``industries`` uint64 (a bit per desired industry), ``present`` and ``discoverable`` bool.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
from django.conf import settings

from talentcenter.matching.records import OpeningRecord, ProfileRecord
from talentcenter.matching.taxonomy import Taxonomy, current_taxonomy
from talentcenter.talent.enums import SpokenLanguage

LANGUAGES: tuple[str, ...] = tuple(SpokenLanguage.values)
LANGUAGE_INDEX = {code: position for position, code in enumerate(LANGUAGES)}
INDUSTRY_BITS = 64
# The columns of a ProfileIndex, as written to and mapped from a snapshot (``matching.snapshot``).
PROFILE_ARRAYS = (
    "ids",
    "present",
    "discoverable",
    "skills",
    "education",
    "years",
    "languages",
    "salary",
    "nationality",
    "industries",
)


class IndustryBits:
    """A bit per industry code, shared by profiles and queries (the 64th bit is "any other")."""

    def __init__(self) -> None:
        self.bits: dict[str, int] = {}

    def bit(self, code: str) -> int:
        position = self.bits.get(code)
        if position is None:
            position = min(len(self.bits), INDUSTRY_BITS - 1)
            if len(self.bits) < INDUSTRY_BITS - 1:
                self.bits[code] = position
        return position

    def mask(self, codes: Iterable[str]) -> int:
        value = 0
        for code in codes:
            if code:
                value |= 1 << self.bit(code)
        return value

    def known_mask(self, code: str) -> int:
        """The bit for ``code`` when some profile wants it, else 0 (a query never adds codes)."""
        position = self.bits.get(code)
        return 0 if position is None else 1 << position


class RowLookup:
    """Profile id -> row: a binary search over the sorted ids of a mapped snapshot (shared by every
    process, nothing per process), then a dictionary of the rows appended since."""

    def __init__(self, sorted_ids: np.ndarray) -> None:
        self.base = sorted_ids
        self.extra: dict[int, int] = {}

    def get(self, profile_id: int, default: int | None = None) -> int | None:
        row = self.extra.get(profile_id)
        if row is not None:
            return row
        position = int(np.searchsorted(self.base, profile_id))
        if position < len(self.base) and int(self.base[position]) == profile_id:
            return position
        return default

    def __getitem__(self, profile_id: int) -> int:
        row = self.get(profile_id)
        if row is None:
            raise KeyError(profile_id)
        return row

    def __contains__(self, profile_id: object) -> bool:
        return isinstance(profile_id, int) and self.get(profile_id) is not None

    def __setitem__(self, profile_id: int, row: int) -> None:
        self.extra[profile_id] = row

    def __len__(self) -> int:
        return len(self.base) + len(self.extra)


@dataclass(frozen=True)
class ProfileColumns:
    """A consistent view of the first ``n`` rows (taken under the lock, read without it)."""

    n: int
    ids: np.ndarray
    present: np.ndarray
    discoverable: np.ndarray
    skills: np.ndarray
    education: np.ndarray
    years: np.ndarray
    languages: np.ndarray
    salary: np.ndarray
    nationality: np.ndarray
    industries: np.ndarray

    @property
    def active(self) -> np.ndarray:
        return self.present & self.discoverable


class ProfileIndex:
    def __init__(self, taxonomy: Taxonomy, capacity: int = 1024) -> None:
        self.taxonomy = taxonomy
        self.n = 0
        self.capacity = 0
        self.row_of: dict[int, int] | RowLookup = {}
        self.nationality_codes: list[str] = [""]
        self._nationality_index: dict[str, int] = {"": 0}
        self.industry_bits = IndustryBits()
        self._lock = threading.RLock()
        self.generation: str | None = None  # the snapshot it maps, if any
        self._allocate(max(capacity, 16))

    @classmethod
    def mapped(
        cls,
        taxonomy: Taxonomy,
        arrays: dict[str, np.ndarray],
        *,
        n: int,
        nationality_codes: list[str],
        industry_bits: dict[str, int],
        generation: str,
    ) -> ProfileIndex:
        """An index over the mapped columns of a snapshot (rows sorted by profile id). Rows it
        changes later are written in place, into this process's copy of the pages it touches."""
        index = cls.__new__(cls)
        index.taxonomy = taxonomy
        index.n = n
        index.capacity = len(arrays["ids"])
        for name in PROFILE_ARRAYS:
            # A plain ndarray view of the memmap: NumPy results are then plain arrays too.
            setattr(index, name, arrays[name].view(np.ndarray))
        index.row_of = RowLookup(index.ids[:n])
        index.nationality_codes = list(nationality_codes)
        index._nationality_index = {code: position for position, code in enumerate(index.nationality_codes)}
        index.industry_bits = IndustryBits()
        index.industry_bits.bits = dict(industry_bits)
        index._lock = threading.RLock()
        index.generation = generation
        return index

    # Storage ------------------------------------------------------------------------------------

    def _allocate(self, capacity: int) -> None:
        n_skills, n_languages = self.taxonomy.size, len(LANGUAGES)

        def grow(old: np.ndarray | None, shape: tuple[int, ...], dtype: Any, order: str = "C") -> np.ndarray:
            new = np.zeros(shape, dtype=dtype, order=order)  # type: ignore[call-overload]
            if old is not None and self.n:
                new[: self.n] = old[: self.n]
            return new

        get = self.__dict__.get
        self.ids = grow(get("ids"), (capacity,), np.int64)
        self.present = grow(get("present"), (capacity,), np.bool_)
        self.discoverable = grow(get("discoverable"), (capacity,), np.bool_)
        self.skills = grow(get("skills"), (capacity, n_skills), np.uint8, "F")
        self.education = grow(get("education"), (capacity,), np.uint8)
        self.years = grow(get("years"), (capacity,), np.float32)
        self.languages = grow(get("languages"), (capacity, n_languages), np.uint8, "F")
        self.salary = grow(get("salary"), (capacity,), np.int64)
        self.nationality = grow(get("nationality"), (capacity,), np.uint16)
        self.industries = grow(get("industries"), (capacity,), np.uint64)
        self.capacity = capacity

    def _nationality_code(self, code: str) -> int:
        position = self._nationality_index.get(code)
        if position is None:
            position = len(self.nationality_codes)
            self.nationality_codes.append(code)
            self._nationality_index[code] = position
        return position

    def nationality_mask(self, codes: Iterable[str]) -> np.ndarray:
        wanted = [self._nationality_index[code] for code in codes if code in self._nationality_index]
        return np.asarray(wanted, dtype=np.uint16)

    # Building and catching up ---------------------------------------------------------------------

    @classmethod
    def from_records(cls, records: Sequence[ProfileRecord], taxonomy: Taxonomy) -> ProfileIndex:
        index = cls(taxonomy, capacity=max(1024, int(len(records) * 1.1)))
        index.apply(records, ())
        return index

    def apply(self, records: Iterable[ProfileRecord], removed_ids: Iterable[int] = ()) -> None:
        """Write changed records in place (appending new ones) and mark removed ids inactive."""
        with self._lock:
            records = list(records)
            rows = np.empty(len(records), dtype=np.int64)
            new = 0
            for position, record in enumerate(records):
                row = self.row_of.get(record.profile_id)
                if row is None:
                    row = self.n + new
                    self.row_of[record.profile_id] = row
                    new += 1
                rows[position] = row
            if self.n + new > self.capacity:
                self._allocate(max(self.capacity * 2, self.n + new))
            if len(records):
                self._write(rows, records)
            self.n += new
            for profile_id in removed_ids:
                row = self.row_of.get(profile_id)
                if row is not None:
                    self.present[row] = False
                    self.discoverable[row] = False

    def _write(self, rows: np.ndarray, records: list[ProfileRecord]) -> None:
        skill_index, count = self.taxonomy.index, len(records)
        skill_rows: list[int] = []
        skill_columns: list[int] = []
        skill_levels: list[int] = []
        language_rows: list[int] = []
        language_columns: list[int] = []
        language_levels: list[int] = []
        education = np.zeros(count, dtype=np.uint8)
        years = np.zeros(count, dtype=np.float32)
        salary = np.zeros(count, dtype=np.int64)
        nationality = np.zeros(count, dtype=np.uint16)
        industries = np.zeros(count, dtype=np.uint64)
        discoverable = np.zeros(count, dtype=np.bool_)
        ids = np.zeros(count, dtype=np.int64)
        nationality_code, industry_mask = self._nationality_code, self.industry_bits.mask
        for position, record in enumerate(records):
            row = int(rows[position])
            ids[position] = record.profile_id
            for code, level in record.skills.items():
                column = skill_index.get(code)
                if column is not None:
                    skill_rows.append(row)
                    skill_columns.append(column)
                    skill_levels.append(min(max(int(level), 0), 4))
            for code, level in record.languages.items():
                column = LANGUAGE_INDEX.get(code)
                if column is not None:
                    language_rows.append(row)
                    language_columns.append(column)
                    language_levels.append(min(max(int(level), 0), 6))
            education[position] = record.education_level or 0
            years[position] = max(record.years_experience or 0.0, 0.0)
            salary[position] = record.desired_salary_krw or 0
            nationality[position] = nationality_code(record.nationality or "")
            industries[position] = industry_mask(record.desired_industries)
            discoverable[position] = record.discoverable
        # A changed record replaces the whole row: clear the old skills and languages first.
        self.skills[rows] = 0
        self.languages[rows] = 0
        if skill_rows:
            self.skills[np.asarray(skill_rows), np.asarray(skill_columns)] = np.asarray(skill_levels, dtype=np.uint8)
        if language_rows:
            self.languages[np.asarray(language_rows), np.asarray(language_columns)] = np.asarray(
                language_levels, dtype=np.uint8
            )
        self.ids[rows] = ids
        self.present[rows] = True
        self.discoverable[rows] = discoverable
        self.education[rows] = education
        self.years[rows] = years
        self.salary[rows] = salary
        self.nationality[rows] = nationality
        self.industries[rows] = industries

    # Reading ----------------------------------------------------------------------------------------

    def columns(self) -> ProfileColumns:
        with self._lock:
            n = self.n
            return ProfileColumns(
                n=n,
                ids=self.ids[:n],
                present=self.present[:n],
                discoverable=self.discoverable[:n],
                skills=self.skills[:n],
                education=self.education[:n],
                years=self.years[:n],
                languages=self.languages[:n],
                salary=self.salary[:n],
                nationality=self.nationality[:n],
                industries=self.industries[:n],
            )

    def row(self, profile_id: int) -> int | None:
        row = self.row_of.get(profile_id)
        if row is None or not self.present[row]:
            return None
        return row

    def record(self, profile_id: int) -> ProfileRecord | None:
        """The profile as the index holds it (what ranked openings score for a talent)."""
        row = self.row(profile_id)
        if row is None:
            return None
        codes = self.taxonomy.codes
        skills = {codes[column]: int(level) for column, level in enumerate(self.skills[row]) if level}
        languages = {LANGUAGES[column]: int(level) for column, level in enumerate(self.languages[row]) if level}
        mask = int(self.industries[row])
        industries = tuple(code for code, bit in self.industry_bits.bits.items() if mask >> bit & 1)
        return ProfileRecord(
            profile_id=profile_id,
            skills=skills,
            education_level=int(self.education[row]) or None,
            years_experience=float(self.years[row]),
            languages=languages,
            desired_salary_krw=int(self.salary[row]) or None,
            desired_industries=industries,
            nationality=self.nationality_codes[int(self.nationality[row])],
            discoverable=bool(self.discoverable[row]),
        )

    @property
    def active_count(self) -> int:
        columns = self.columns()
        return int(np.count_nonzero(columns.active))

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (at capacity) plus the id-to-row dictionary."""
        arrays = [getattr(self, name) for name in PROFILE_ARRAYS]
        # A dict entry costs about 100 bytes with its two int objects.
        rows = self.row_of.extra if isinstance(self.row_of, RowLookup) else self.row_of
        return sum(array.nbytes for array in arrays) + sys.getsizeof(rows) + 56 * len(rows)


# Openings ---------------------------------------------------------------------------------------


class OpeningIndex:
    """Open positions (hundreds to tens of thousands): flat requirement arrays, rebuilt on change."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.records: dict[int, OpeningRecord] = {}
        self._lock = threading.RLock()
        self._arrays: OpeningColumns | None = None

    @classmethod
    def from_records(cls, records: Sequence[OpeningRecord], taxonomy: Taxonomy) -> OpeningIndex:
        index = cls(taxonomy)
        index.apply(records, ())
        return index

    def apply(self, records: Iterable[OpeningRecord], removed_ids: Iterable[int] = ()) -> None:
        with self._lock:
            for record in records:
                if record.open:
                    self.records[record.opening_id] = record
                else:
                    self.records.pop(record.opening_id, None)
            for opening_id in removed_ids:
                self.records.pop(opening_id, None)
            self._arrays = None

    def columns(self) -> OpeningColumns:
        with self._lock:
            if self._arrays is None:
                self._arrays = OpeningColumns.build(list(self.records.values()), self.taxonomy)
            return self._arrays

    @property
    def nbytes(self) -> int:
        columns = self.columns()
        return sum(value.nbytes for value in vars(columns).values() if isinstance(value, np.ndarray))


@dataclass(frozen=True)
class OpeningColumns:
    ids: np.ndarray  # int64 [m]
    min_education: np.ndarray  # uint8, 0 none
    min_years: np.ndarray  # float32, 0 none
    salary_max: np.ndarray  # int64, 0 none
    industries: tuple[str, ...]
    skill_opening: np.ndarray  # int64 row of each skill requirement
    skill_code: np.ndarray  # int64 taxonomy position
    skill_weight: np.ndarray  # float32 weight (1-5)
    skill_required: np.ndarray  # bool
    language_opening: np.ndarray
    language_code: np.ndarray  # position in LANGUAGES
    language_minimum: np.ndarray  # uint8
    language_required: np.ndarray

    @property
    def size(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, records: list[OpeningRecord], taxonomy: Taxonomy) -> OpeningColumns:
        records.sort(key=lambda record: record.opening_id)
        skills: list[tuple[int, int, int, bool]] = []
        languages: list[tuple[int, int, int, bool]] = []
        for row, record in enumerate(records):
            for code, weight, required in record.skills:
                position = taxonomy.index.get(code)
                if position is not None:
                    skills.append((row, position, weight, required))
            for code, minimum, required in record.languages:
                position = LANGUAGE_INDEX.get(code)
                if position is not None:
                    languages.append((row, position, minimum, required))
        skill_array = np.asarray(skills, dtype=np.int64).reshape(-1, 4)
        language_array = np.asarray(languages, dtype=np.int64).reshape(-1, 4)
        return cls(
            ids=np.asarray([record.opening_id for record in records], dtype=np.int64),
            min_education=np.asarray([record.min_education_level or 0 for record in records], dtype=np.uint8),
            min_years=np.asarray([record.min_years or 0 for record in records], dtype=np.float32),
            salary_max=np.asarray([record.salary_max_krw or 0 for record in records], dtype=np.int64),
            industries=tuple(record.industry for record in records),
            skill_opening=skill_array[:, 0],
            skill_code=skill_array[:, 1],
            skill_weight=skill_array[:, 2].astype(np.float32),
            skill_required=skill_array[:, 3].astype(np.bool_),
            language_opening=language_array[:, 0],
            language_code=language_array[:, 1],
            language_minimum=language_array[:, 2].astype(np.uint8),
            language_required=language_array[:, 3].astype(np.bool_),
        )


# Shared per process, caught up before each query --------------------------------------------------

IndexT = TypeVar("IndexT", ProfileIndex, OpeningIndex)


def _under_test() -> bool:
    """Tests roll their transactions back, so the store's seqs repeat between tests."""
    return bool(settings.TESTING or os.environ.get("PYTEST_CURRENT_TEST"))


class SharedIndex(Generic[IndexT]):
    """This process's copy of one kind of index for one database alias.

    ``current()`` reads the store's clock (one query); when it moved forward it applies the
    records changed since, when it went backwards or the taxonomy changed it reloads. A lock keeps
    two threads from catching up at once; the first query loads lazily.
    """

    def __init__(self, kind: str, using: str = "default") -> None:
        if kind not in ("profiles", "openings"):
            raise ValueError(kind)
        self.kind = kind
        self.using = using
        self.index: IndexT | None = None
        self.seen = 0
        self.reloads = 0
        self.catch_ups = 0
        self._seen_anchor: tuple[object, ...] | None = None
        self._stamp = 0  # the snapshot manifest's modification time when the copy was loaded
        self._lock = threading.Lock()

    def _since(self, seq: int) -> tuple[int, list[Any], list[int]]:
        from talentcenter.matching import store

        if self.kind == "profiles":
            return store.profile_records_since(seq)
        return store.opening_records_since(seq)

    def _build(self, records: list[Any], taxonomy: Taxonomy) -> IndexT:
        if self.kind == "profiles":
            return ProfileIndex.from_records(records, taxonomy)  # type: ignore[return-value]
        return OpeningIndex.from_records(records, taxonomy)  # type: ignore[return-value]

    def _anchor(self, seq: int) -> tuple[object, ...] | None:
        """What carries ``seq`` in the store now (the row or tombstone written with it)."""
        from talentcenter.matching.models import IndexTombstone, OpeningVector, ProfileVector

        if seq <= 0:
            return None
        if self.kind == "profiles":
            row = ProfileVector.objects.filter(seq=seq).values_list("profile_id", "updated_at").first()
        else:
            row = OpeningVector.objects.filter(seq=seq).values_list("opening_id", "updated_at").first()
        if row is None:
            row = IndexTombstone.objects.filter(kind=self.kind, seq=seq).values_list("item_id", "created_at").first()
        return None if row is None else tuple(row)

    def current(self) -> IndexT:
        from talentcenter.matching import store

        taxonomy = current_taxonomy(self.using)
        clock = store.clock_value(self.kind)
        with self._lock:
            index = self.index
            # The store's clock only moves forward, but tests roll their transactions back and
            # hand out the same seqs again: there, the row that carried the last seq seen must
            # still be the same one, or the copy reloads.
            verify = _under_test()
            diverged = verify and self.seen and self._anchor(self.seen) != self._seen_anchor
            newer = self._newer_snapshot()
            if index is None or index.taxonomy is not taxonomy or clock < self.seen or diverged or newer:
                index, self.seen = self._load(taxonomy, clock)
                self.index = index
                self.reloads += 1
            elif clock > self.seen:
                seen, records, removed = self._since(self.seen)
                index.apply(records, removed)
                self.seen = seen
                self.catch_ups += 1
            else:
                return index
            if verify:
                self._seen_anchor = self._anchor(self.seen)
            return index

    def _load(self, taxonomy: Taxonomy, clock: int) -> tuple[IndexT, int]:
        """The mapped snapshot caught up with the rows changed since it was written, when there is a
        usable one (profiles only; ``matching.snapshot``); else every row read and built in memory."""
        if self.kind == "profiles":
            from talentcenter.matching import snapshot

            self._stamp = snapshot.manifest_stamp()
            mapped = snapshot.load_profiles(taxonomy, clock, using=self.using)
            if mapped is not None:
                index, seen = mapped
                seen, records, removed = self._since(seen)
                index.apply(records, removed)
                return index, seen  # type: ignore[return-value]
        seen, records, _removed = self._since(0)
        return self._build(records, taxonomy), seen

    def _newer_snapshot(self) -> bool:
        """A new generation of the snapshot was written since this copy was loaded (one ``stat``)."""
        if self.kind != "profiles" or self.index is None:
            return False
        from talentcenter.matching import snapshot

        return snapshot.manifest_stamp() != self._stamp

    def reset(self) -> None:
        with self._lock:
            self.index, self.seen, self._seen_anchor = None, 0, None


_holders: dict[tuple[str, str], SharedIndex[Any]] = {}
_holders_lock = threading.Lock()


def shared(kind: str, using: str = "default") -> SharedIndex[Any]:
    key = (kind, using)
    holder = _holders.get(key)
    if holder is None:
        with _holders_lock:
            holder = _holders.setdefault(key, SharedIndex(kind, using))
    return holder


def reset_shared_indexes() -> None:
    """Forget this process's copies (the next query reloads): for tests and after a restore."""
    for holder in list(_holders.values()):
        holder.reset()


def shared_profiles(using: str = "default") -> ProfileIndex:
    return shared("profiles", using).current()


def shared_openings(using: str = "default") -> OpeningIndex:
    return shared("openings", using).current()
