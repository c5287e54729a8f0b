"""Matching institution and company names against the ranked lists, honestly.

"MIT", "Massachusetts Inst. of Technology" and "매사추세츠 공과대학교" are the same university. A
name is matched exactly, through an alias, or by fuzzy similarity (rapidfuzz) when the best
candidate is both close and clearly ahead of the next one. Anything in between is *uncertain*
and reported with its candidates; it never counts as a match. A name that is not on a list marked
partial is *unknown*, not "not on the list".
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REFERENCE_DATA_DIR = Path(__file__).resolve().parents[2] / "reference" / "data"

ACCEPT_SCORE = 93.0
ACCEPT_MARGIN = 4.0
UNCERTAIN_SCORE = 80.0
CACHE_LIMIT = 100_000  # remembered queries per index; the cache starts again when full

_ABBREVIATIONS = {
    "univ": "university",
    "uni": "university",
    "inst": "institute",
    "tech": "technology",
    "technol": "technology",
    "natl": "national",
    "nat": "national",
    "intl": "international",
    "sci": "science",
    "st": "saint",
    "co": "company",
    "corp": "corporation",
    "elec": "electronics",
    "mfg": "manufacturing",
    "ltd": "",
    "inc": "",
    "llc": "",
    "plc": "",
    "ag": "",
    "gmbh": "",
    "the": "",
    "&": "and",
}
_PARENTHESIS = re.compile(r"\(([^)]*)\)")
_NON_WORD = re.compile(r"[^\w&]+")


def normalize(name: str) -> str:
    """Lower case, accents and punctuation removed, common abbreviations expanded."""
    text = unicodedata.normalize("NFKD", name)
    text = unicodedata.normalize("NFC", "".join(char for char in text if not unicodedata.combining(char))).casefold()
    text = text.replace("-", " ").replace("&", " & ")
    words = [_ABBREVIATIONS.get(word, word) for word in _NON_WORD.sub(" ", text).split()]
    return " ".join(word for word in words if word)


def name_and_aliases(published: str) -> tuple[str, list[str]]:
    """``"Massachusetts Institute of Technology (MIT)"`` is the name plus the alias ``MIT``."""
    aliases = [part.strip() for part in _PARENTHESIS.findall(published) if part.strip()]
    main = _PARENTHESIS.sub(" ", published).strip()
    return main, aliases


# Rankings only some routes read (D-10-3, the E-7-1 top-university route) through
# Catalogue.rank_on: the top-100 tests of the K-Tech Pass and the F-2-T visa use QS and U.S. News.
ROUTE_ONLY_KINDS = frozenset({"the_world"})

MatchStatus = Literal["matched", "uncertain", "not_found"]
ListCategory = Literal["university", "company"]


@dataclass(frozen=True)
class NameMatch:
    query: str
    status: MatchStatus
    key: str = ""
    name: str = ""
    how: str = ""
    score: float = 0.0
    candidates: tuple[str, ...] = ()


class NameIndex:
    """Known names (by normalized key) with their aliases; matches are cached per query."""

    def __init__(self, names: Mapping[str, str], aliases: Mapping[str, Iterable[str]]) -> None:
        # names: key -> display name; aliases: alias key -> keys it may stand for
        self.names = dict(names)
        self.aliases = {alias: tuple(sorted(set(keys))) for alias, keys in aliases.items()}
        self._choices = list(self.names)
        self._cache: dict[str, NameMatch] = {}

    def match(self, query: str) -> NameMatch:
        cached = self._cache.get(query)
        if cached is None:
            if len(self._cache) >= CACHE_LIMIT:
                # Queries come from the public self-check too: keep memory bounded in a long-lived process.
                self._cache.clear()
            cached = self._cache[query] = self._match(query)
        return cached

    def _match(self, query: str) -> NameMatch:
        key = normalize(query)
        if not key:
            return NameMatch(query=query, status="not_found")
        if key in self.names:
            return NameMatch(query=query, status="matched", key=key, name=self.names[key], how="exact", score=100.0)
        targets = self.aliases.get(key)
        if targets:
            if len(targets) == 1:
                only = targets[0]
                return NameMatch(
                    query=query, status="matched", key=only, name=self.names[only], how="alias", score=100.0
                )
            return NameMatch(
                query=query,
                status="uncertain",
                how="alias",
                score=100.0,
                candidates=tuple(self.names[target] for target in targets),
            )
        best = process.extract(key, self._choices, scorer=fuzz.ratio, limit=2)
        if not best or best[0][1] < UNCERTAIN_SCORE:
            return NameMatch(query=query, status="not_found", score=best[0][1] if best else 0.0)
        top_key, top_score = best[0][0], float(best[0][1])
        runner_up = float(best[1][1]) if len(best) > 1 else 0.0
        if top_score >= ACCEPT_SCORE and top_score - runner_up >= ACCEPT_MARGIN:
            return NameMatch(
                query=query, status="matched", key=top_key, name=self.names[top_key], how="fuzzy", score=top_score
            )
        candidates = tuple(self.names[choice] for choice, score, _ in best if score >= UNCERTAIN_SCORE)
        return NameMatch(query=query, status="uncertain", how="fuzzy", score=top_score, candidates=candidates)


@dataclass(frozen=True)
class RankedList:
    """One edition of a ranking, e.g. QS World University Rankings 2026 (ranks by key)."""

    kind: str
    edition: str
    published_on: date
    partial: bool
    category: ListCategory
    ranks: Mapping[str, int]
    label: str = ""


@dataclass(frozen=True)
class Standing:
    """Where a named institution or company stands on the lists in force on a date."""

    match: NameMatch
    certain: bool
    rank: int | None  # 0 = a Korean equivalent named in the rules; None = not ranked / unknown
    basis: str  # the list and edition, or the reason it is unknown
    list_label: str = ""  # the ranking's name in English, when ranked on one
    edition: str = ""

    @property
    def counts(self) -> bool:
        return self.certain and self.rank is not None


@dataclass
class Catalogue:
    """The reference lists the engine reads, with one name index per category."""

    lists: tuple[RankedList, ...]
    universities: NameIndex
    companies: NameIndex
    korean_equivalent_universities: frozenset[str]
    korean_equivalent_companies: frozenset[str]
    world_class_institutes: frozenset[str] = frozenset()
    korean_universities: frozenset[str] = frozenset()
    e7_1_occupations: frozenset[str] = frozenset()
    # K-STAR designated institutions (key -> designated from); the shipped list is partial
    k_star_institutions: Mapping[str, date] = field(default_factory=dict)
    _in_force: dict[tuple[str, date], tuple[RankedList, ...]] = field(default_factory=dict, repr=False)

    def lists_in_force(
        self, category: str, as_of: date, excluded: frozenset[str] = frozenset()
    ) -> tuple[RankedList, ...]:
        """The latest edition of each ranking of ``category`` published by ``as_of`` (``excluded`` kinds left out)."""
        cache_key = (category, as_of)
        found = self._in_force.get(cache_key)
        if found is None:
            latest: dict[str, RankedList] = {}
            for ranked in self.lists:
                if ranked.category != category or ranked.published_on > as_of:
                    continue
                if ranked.kind not in latest or ranked.published_on > latest[ranked.kind].published_on:
                    latest[ranked.kind] = ranked
            found = self._in_force[cache_key] = tuple(latest[kind] for kind in sorted(latest))
        return tuple(ranked for ranked in found if ranked.kind not in excluded) if excluded else found

    def list_status(self, category: str, as_of: date, excluded: frozenset[str] = frozenset()) -> str:
        """Why the lists of ``category`` cannot settle a name on ``as_of``, or "" when they can:
        "list not loaded" when none was imported or the edition in force is empty, "no list in force
        on this date" when the first edition came later. Either way the answer needs review, never
        "not on the list"."""
        in_force = self.lists_in_force(category, as_of, excluded)
        if not in_force:
            if any(ranked.category == category and ranked.kind not in excluded for ranked in self.lists):
                return "no list in force on this date"
            return "list not loaded"
        return "" if all(ranked.ranks for ranked in in_force) else "list not loaded"

    def university(self, name: str, as_of: date) -> Standing:
        return self._standing(self.universities.match(name), "university", as_of, self.korean_equivalent_universities)

    def company(self, name: str, as_of: date) -> Standing:
        return self._standing(self.companies.match(name), "company", as_of, self.korean_equivalent_companies)

    def is_world_class_institute(self, name: str) -> bool:
        return self.universities.match(name).key in self.world_class_institutes

    def is_korean_university(self, name: str, country: str) -> bool | None:
        if country:
            return country.upper() == "KR"
        match = self.universities.match(name)
        return True if match.key in self.korean_universities else None

    def rank_on(self, name: str, as_of: date, kind: str) -> tuple[float, float]:
        """(certain rank, best-case rank) on the edition of one ranking in force (NaN = none).

        Unlike :meth:`university`, no Korean equivalent counts and other rankings are not consulted
        (D-10-3 and the E-7-1 top-university route name THE and QS, not U.S. News). A name that is
        uncertain, missing from a partial edition, or with no edition of the ranking in force on the
        date could be ranked anywhere: its best case is 0.
        """
        match = self.universities.match(name)
        if match.status == "uncertain":
            return math.nan, 0.0
        edition = next((ranked for ranked in self.lists_in_force("university", as_of) if ranked.kind == kind), None)
        if edition is None:
            return math.nan, 0.0
        if match.status == "matched" and match.key in edition.ranks:
            rank = float(edition.ranks[match.key])
            return rank, rank
        return (math.nan, 0.0) if edition.partial else (math.nan, math.nan)

    def k_star_designated(self, name: str, country: str, as_of: date) -> bool | None:
        """Whether a K-STAR institution designated on the date: True for a listed one; False for a
        university abroad (its country, or a ranked university not known as Korean); else None, as
        the shipped list names only the original five of the 32 designated."""
        if country and country.upper() != "KR":
            return False
        match = self.universities.match(name)
        if match.status == "matched":
            since = self.k_star_institutions.get(match.key)
            if since is not None and since <= as_of:
                return True
            if not country and match.key not in self.korean_universities:
                ranked = any(match.key in ranked.ranks for ranked in self.lists if ranked.category == "university")
                if ranked:
                    return False
        return None

    def _standing(self, match: NameMatch, category: str, as_of: date, equivalents: frozenset[str]) -> Standing:
        if match.status == "uncertain":
            return Standing(match, certain=False, rank=None, basis="uncertain name match")
        if match.status == "matched" and match.key in equivalents:
            return Standing(match, certain=True, rank=0, basis="Korean equivalent named in the rules")
        in_force = self.lists_in_force(category, as_of, excluded=ROUTE_ONLY_KINDS)
        status = self.list_status(category, as_of, excluded=ROUTE_ONLY_KINDS)
        if status and not any(ranked.ranks for ranked in in_force):
            return Standing(match, certain=False, rank=None, basis=status)
        if match.status == "matched":
            found = [(ranked.ranks[match.key], ranked) for ranked in in_force if match.key in ranked.ranks]
            if found:
                rank, ranked = min(found, key=lambda pair: pair[0])
                return Standing(
                    match,
                    certain=True,
                    rank=rank,
                    basis=f"{ranked.label or ranked.kind} {ranked.edition}",
                    list_label=ranked.label or ranked.kind,
                    edition=ranked.edition,
                )
        if status:  # one of the lists in force is empty: the name may be on it
            return Standing(match, certain=False, rank=None, basis=status)
        partial = [ranked for ranked in in_force if ranked.partial]
        if partial:
            return Standing(match, certain=False, rank=None, basis="not on a partial list")
        return Standing(match, certain=True, rank=None, basis="not on the list")


def _read_rows(path: Path) -> list[dict[str, str]]:
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
    ]
    return list(csv.DictReader(lines))


@dataclass(frozen=True)
class ListSource:
    """Rows of one edition as (rank, published name), wherever they come from (CSV or database)."""

    kind: str
    edition: str
    published_on: date
    partial: bool
    category: ListCategory
    label: str
    rows: tuple[tuple[int, str], ...]


def build_catalogue(sources: Iterable[ListSource], e7_1_occupations: Iterable[str] = ()) -> Catalogue:
    """A catalogue from list editions plus the shipped aliases and Korean equivalents."""
    sources = list(sources)
    names: dict[str, dict[str, str]] = {"university": {}, "company": {}}
    aliases: dict[str, dict[str, set[str]]] = {"university": defaultdict(set), "company": defaultdict(set)}
    lists = []
    for source in sources:
        ranks: dict[str, int] = {}
        for rank, published in source.rows:
            main, extra = name_and_aliases(published)
            key = normalize(main)
            names[source.category].setdefault(key, main)
            ranks[key] = min(rank, ranks.get(key, rank))
            for alias in extra:
                aliases[source.category][normalize(alias)].add(key)
        lists.append(
            RankedList(
                kind=source.kind,
                edition=source.edition,
                published_on=source.published_on,
                partial=source.partial,
                category=source.category,
                ranks=ranks,
                label=source.label,
            )
        )
    equivalents: dict[str, set[str]] = {"university": set(), "company": set()}
    institutes: set[str] = set()
    korean: set[str] = set()
    for row in _read_rows(DATA_DIR / "names.csv"):
        category, canonical = row["category"], row["canonical"]
        key = normalize(canonical)
        target_category = "university" if category in {"university", "institute"} else "company"
        names[target_category].setdefault(key, canonical)
        for alias in filter(None, (part.strip() for part in row["aliases"].split("|"))):
            aliases[target_category][normalize(alias)].add(key)
        if row["korean_equivalent"] == "yes":
            equivalents[target_category].add(key)
        if category == "institute" and row["world_class"] == "yes":
            institutes.add(key)
        if row["country"] == "KR" and target_category == "university":
            korean.add(key)
    k_star: dict[str, date] = {}
    for row in _read_rows(REFERENCE_DATA_DIR / "k_star_institutions.csv"):
        key = normalize(row["institution"])
        names["university"].setdefault(key, row["institution"])
        k_star[key] = date.fromisoformat(row["designated_from"])
    for category in ("university", "company"):
        for alias_key, keys in list(aliases[category].items()):
            if alias_key in names[category] and keys == {alias_key}:
                del aliases[category][alias_key]
    return Catalogue(
        lists=tuple(lists),
        universities=NameIndex(names["university"], aliases["university"]),
        companies=NameIndex(names["company"], aliases["company"]),
        korean_equivalent_universities=frozenset(equivalents["university"]),
        korean_equivalent_companies=frozenset(equivalents["company"]),
        world_class_institutes=frozenset(institutes),
        korean_universities=frozenset(korean),
        e7_1_occupations=frozenset(e7_1_occupations),
        k_star_institutions=k_star,
    )


# file, kind, edition, published on, category, label
BUNDLED_SOURCES: tuple[tuple[str, str, str, date, ListCategory, str], ...] = (
    ("qs_wur_2026_top100.csv", "qs_world", "2026", date(2025, 6, 19), "university", "QS World University Rankings"),
    (
        "usnews_bgu_2025_2026_top100.csv",
        "usnews_global",
        "2025-2026",
        date(2025, 6, 17),
        "university",
        "U.S. News Best Global Universities",
    ),
    ("fortune_global_500_2025.csv", "fortune_global_500", "2025", date(2025, 7, 29), "company", "Fortune Global 500"),
)


def rank_number(label: str) -> int:
    return int(label.strip().lstrip("=").split("-")[0])


@cache
def bundled_catalogue() -> Catalogue:
    """The catalogue from the CSV files shipped with the package (no database needed)."""
    sources = []
    for filename, kind, edition, published_on, category, label in BUNDLED_SOURCES:
        rows = _read_rows(REFERENCE_DATA_DIR / filename)
        name_column = "institution" if category == "university" else "company"
        sources.append(
            ListSource(
                kind=kind,
                edition=edition,
                published_on=published_on,
                partial=True,
                category=category,
                label=label,
                rows=tuple((rank_number(row["rank"]), row[name_column]) for row in rows),
            )
        )
    occupations = [row["ksco_code"] for row in _read_rows(REFERENCE_DATA_DIR / "e7_1_occupations.csv")]
    return build_catalogue(sources, occupations)
