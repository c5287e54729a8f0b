"""The skills taxonomy as a similarity matrix: how much a candidate's skill counts for a requirement.

``S[r, c]`` is the credit a candidate with skill ``c`` gets for a requirement on skill ``r``:
exact 1.0; a narrower skill (a descendant of ``r``, e.g. PyTorch for "Deep learning frameworks")
1.0; the broader skill (an ancestor) 0.6; a sibling (same parent) 0.5; a related skill 0.5; else 0
(values from ``TALENTCENTER_MATCHING_SKILL_CREDIT``). ``HOW[r, c]`` records which of those relations
gave the credit, for the explanation. The matrix is a few hundred by a few hundred: tiny.

``current_taxonomy()`` builds it from ``reference.Skill`` once per process and rebuilds it when a
cheap fingerprint of the table (one query) changes.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import connections

from talentcenter.foundation.i18n import in_language

NONE, EXACT, NARROWER, BROADER, SIBLING, RELATED = 0, 1, 2, 3, 4, 5
HOW_NAMES = {EXACT: "exact", NARROWER: "narrower", BROADER: "broader", SIBLING: "sibling", RELATED: "related"}
DEFAULT_CREDIT = {"exact": 1.0, "narrower": 1.0, "broader": 0.6, "sibling": 0.5, "related": 0.5}


def skill_credit() -> dict[str, float]:
    configured = getattr(settings, "TALENTCENTER_MATCHING_SKILL_CREDIT", None) or {}
    return {**DEFAULT_CREDIT, **configured}


@dataclass(frozen=True)
class SkillRow:
    """One skill as the taxonomy needs it (a ``reference.Skill`` row, or built by hand in tests)."""

    code: str
    name_en: str = ""
    name_ko: str = ""
    category: str = ""
    parent: str = ""  # the parent's code
    related: tuple[str, ...] = ()
    synonyms: str = ""  # "|"-separated


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True, eq=False)
class Taxonomy:
    codes: tuple[str, ...]
    names_en: tuple[str, ...]
    names_ko: tuple[str, ...]
    similarity: np.ndarray  # float32 [n, n]: requirement row, candidate skill column
    how: np.ndarray  # int8 [n, n]: HOW codes
    lookup: Mapping[str, str]  # normalised name, synonym or code -> code
    fingerprint: tuple[object, ...] = ()
    index: dict[str, int] = field(default_factory=dict)
    columns: tuple[np.ndarray, ...] = ()  # per requirement row: candidate columns with credit > 0

    @property
    def size(self) -> int:
        return len(self.codes)

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[SkillRow],
        *,
        credit: Mapping[str, float] | None = None,
        fingerprint: tuple[object, ...] = (),
    ) -> Taxonomy:
        rows = sorted(rows, key=lambda row: row.code)
        credits = {**DEFAULT_CREDIT, **(credit if credit is not None else skill_credit())}
        codes = tuple(row.code for row in rows)
        index = {code: position for position, code in enumerate(codes)}
        n = len(codes)
        parent = np.full(n, -1, dtype=np.int64)
        for position, row in enumerate(rows):
            if row.parent and row.parent in index and row.parent != row.code:
                parent[position] = index[row.parent]
        # Ancestors of each skill (a cycle in bad data stops the walk).
        ancestors: list[list[int]] = []
        for position in range(n):
            chain: list[int] = []
            current = int(parent[position])
            while current >= 0 and current != position and current not in chain:
                chain.append(current)
                current = int(parent[current])
            ancestors.append(chain)

        similarity = np.zeros((n, n), dtype=np.float32)
        how = np.zeros((n, n), dtype=np.int8)

        def offer(requirement: int, candidate: int, kind: int) -> None:
            value = credits[HOW_NAMES[kind]]
            if value <= 0:
                return
            if value > similarity[requirement, candidate] or (
                value == similarity[requirement, candidate] and how[requirement, candidate] > kind
            ):
                similarity[requirement, candidate] = value
                how[requirement, candidate] = kind

        for position, row in enumerate(rows):
            for other in row.related:
                if other in index and other != row.code:
                    offer(position, index[other], RELATED)
                    offer(index[other], position, RELATED)
        children: dict[int, list[int]] = {}
        for position in range(n):
            if parent[position] >= 0:
                children.setdefault(int(parent[position]), []).append(position)
        for siblings in children.values():
            for first in siblings:
                for second in siblings:
                    if first != second:
                        offer(first, second, SIBLING)
        for position in range(n):
            for ancestor in ancestors[position]:
                offer(ancestor, position, NARROWER)  # the candidate's skill is narrower than asked
                offer(position, ancestor, BROADER)  # the candidate's skill is broader than asked
        for position in range(n):
            similarity[position, position] = credits["exact"]
            how[position, position] = EXACT

        lookup: dict[str, str] = {}
        for row in rows:
            for text in (row.code, row.name_en, row.name_ko, *row.synonyms.split("|")):
                key = _normalise(text)
                if key:
                    lookup.setdefault(key, row.code)
        columns = tuple(np.flatnonzero(similarity[position]).astype(np.intp) for position in range(n))
        return cls(
            codes=codes,
            names_en=tuple(row.name_en or row.code for row in rows),
            names_ko=tuple(row.name_ko or row.name_en or row.code for row in rows),
            similarity=similarity,
            how=how,
            lookup=lookup,
            fingerprint=fingerprint,
            index=index,
            columns=columns,
        )

    def resolve(self, text: str) -> str | None:
        """The skill code for a name, a synonym or a code, in English or Korean, any case."""
        return self.lookup.get(_normalise(text))

    def name(self, code: str, language: str | None = None) -> str:
        position = self.index.get(code)
        if position is None:
            return code
        return in_language(self.names_ko[position], self.names_en[position], language=language)

    def how_name(self, requirement: str, candidate: str) -> str:
        kind = int(self.how[self.index[requirement], self.index[candidate]])
        return HOW_NAMES.get(kind, "")

    def credit(self, requirement: str, candidate: str) -> float:
        return float(self.similarity[self.index[requirement], self.index[candidate]])

    def positions(self, codes: Sequence[str]) -> list[int]:
        return [self.index[code] for code in codes if code in self.index]


# From the database -----------------------------------------------------------------------------

_lock = threading.Lock()
_cache: dict[str, Taxonomy] = {}


def taxonomy_fingerprint(using: str = "default") -> tuple[object, ...]:
    """Count and largest id of the skills, plus a sum over parents and the related links (one query)."""
    from talentcenter.reference.models import Skill

    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(Skill._meta.db_table)
    related_table = quote(Skill.related.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), MAX(id), SUM(COALESCE(parent_id, 0)), SUM(LENGTH(synonyms)), "  # noqa: S608
            f"SUM(LENGTH(name_en) + LENGTH(name_ko)), (SELECT COUNT(*) FROM {related_table}) FROM {table}"
        )
        row = cursor.fetchone()
    return (*row, tuple(sorted(skill_credit().items())))


def rows_from_database(using: str = "default") -> list[SkillRow]:
    from talentcenter.reference.models import Skill

    skills = list(Skill.objects.using(using).values_list("id", "code", "name_en", "name_ko", "category", "parent_id"))
    code_of = {pk: code for pk, code, *_rest in skills}
    synonyms = dict(Skill.objects.using(using).values_list("id", "synonyms"))
    related: dict[int, list[str]] = {}
    through = Skill.related.through
    for from_id, to_id in through.objects.using(using).values_list("from_skill_id", "to_skill_id"):
        if to_id in code_of:
            related.setdefault(from_id, []).append(code_of[to_id])
    return [
        SkillRow(
            code=code,
            name_en=name_en,
            name_ko=name_ko,
            category=category,
            parent=code_of.get(parent_id, "") if parent_id else "",
            related=tuple(related.get(pk, ())),
            synonyms=synonyms.get(pk) or "",
        )
        for pk, code, name_en, name_ko, category, parent_id in skills
    ]


def current_taxonomy(using: str = "default") -> Taxonomy:
    """The taxonomy as stored, rebuilt only when the skills table changed (one query to check)."""
    fingerprint = taxonomy_fingerprint(using)
    cached = _cache.get(using)
    if cached is not None and cached.fingerprint == fingerprint:
        return cached
    with _lock:
        cached = _cache.get(using)
        if cached is not None and cached.fingerprint == fingerprint:
            return cached
        built = Taxonomy.from_rows(rows_from_database(using), fingerprint=fingerprint)
        _cache[using] = built
        return built
