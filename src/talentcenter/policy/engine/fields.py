"""Classifying free-text fields of study and work (ISCED-F 2013) to decide "in a related field".

A degree's subject or a job title is classified by the curated aliases of
``policy/data/field_aliases.yaml``: the longest alias found decides its ISCED-F detailed field.
Generic words ("engineering", "science", "management", "공학") are never aliases, so a title made
only of them, two different fields found at the same longest length, or no alias at all leave the
text unclassified: the engine then answers ``needs_review`` rather than guess.

Which fields are related to an offer's industry or technology field is data too
(``policy/data/isced_f.yaml``, ``related``), and so are the fields related to each E-7-1
occupation (``policy/data/occupation_fields.yaml``; an empty list means the center checks).

Matching looks every run of up to a few words up in a dictionary (English, whole words) and every
piece of a Korean word (Korean compounds have no spaces: "반도체공학과"), so a title costs a few
hundred dictionary look-ups whatever the number of aliases; each distinct text is classified once
and remembered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from talentcenter.policy.engine.matching import CACHE_LIMIT, REFERENCE_DATA_DIR, _read_rows

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_FILE = DATA_DIR / "isced_f.yaml"
ALIASES_FILE = DATA_DIR / "field_aliases.yaml"
OCCUPATIONS_FILE = DATA_DIR / "occupation_fields.yaml"
OCCUPATION_TITLES_FILE = REFERENCE_DATA_DIR / "e7_1_occupations.csv"

_NON_WORD = re.compile(r"[^\w]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HANGUL_SPACE = re.compile(r"(?<=[\uac00-\ud7a3]) (?=[\uac00-\ud7a3])")
_ONLY_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_BREAK = "|"  # stands where an ignored phrase was: no alias spans it


def normalize_field(text: str) -> str:
    """Lower case, accents, punctuation and extra spaces removed; "&" reads as "and";
    no space between two Hangul syllables ("데이터 엔지니어링" is "데이터엔지니어링")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    text = unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))
    text = text.casefold().replace("&", " and ").replace("_", " ")
    text = " ".join(_NON_WORD.sub(" ", text).split())
    return _HANGUL_SPACE.sub("", text)


@dataclass(frozen=True)
class Field:
    code: str
    name_en: str
    name_ko: str


@dataclass(frozen=True)
class Occupation:
    """An E-7-1 occupation and the detailed fields related to it (none: too broad, the center checks)."""

    code: str
    title_en: str
    title_ko: str
    fields: frozenset[str]


class FieldClassifier:
    def __init__(
        self,
        fields: dict[str, Field],
        aliases: dict[str, str],
        related: dict[str, frozenset[str]],
        *,
        ignore: tuple[str, ...] = (),
        generic: tuple[str, ...] = (),
        occupations: dict[str, Occupation] | None = None,
    ) -> None:
        """``aliases`` maps a normalized alias to its field code (``normalize_field`` applied)."""
        self.fields = fields
        self.related = related
        self.occupations = dict(occupations or {})
        self.aliases = dict(aliases)
        self.generic = frozenset(generic)
        self._words: dict[str, str] = {}  # English: words joined by one space
        self._korean: dict[str, str] = {}  # Korean: Hangul only, matched inside a word
        for alias, code in aliases.items():
            if _HANGUL.search(alias):
                self._korean[alias] = code
            else:
                self._words[alias] = code
        self._longest_phrase = max((alias.count(" ") + 1 for alias in self._words), default=0)
        self._korean_lengths = sorted({len(alias) for alias in self._korean}, reverse=True)
        latin = sorted((phrase for phrase in ignore if not _HANGUL.search(phrase)), key=len, reverse=True)
        korean = sorted((phrase for phrase in ignore if _HANGUL.search(phrase)), key=len, reverse=True)
        parts = [rf"(?<!\w)(?:{'|'.join(map(re.escape, latin))})(?!\w)"] if latin else []
        parts += [f"(?:{'|'.join(map(re.escape, korean))})"] if korean else []
        self._ignore = re.compile("|".join(parts)) if parts else None
        self._cache: dict[str, str | None] = {}

    def classify(self, text: str) -> str | None:
        """The ISCED-F detailed code of ``text``, or None when it is unclear."""
        if text in self._cache:
            return self._cache[text]
        found = self.matches(text)
        best = max((len(alias.replace(" ", "")) for alias in found), default=0)
        codes = {code for alias, code in found.items() if len(alias.replace(" ", "")) == best}
        result = next(iter(codes)) if len(codes) == 1 else None
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()  # free text from the public self-check: keep memory bounded
        self._cache[text] = result
        return result

    def matches(self, text: str) -> dict[str, str]:
        """Every alias found in ``text`` (normalized), with its field code."""
        normalized = normalize_field(text)
        if self._ignore is not None:
            normalized = self._ignore.sub(f" {_BREAK} ", normalized)
        words = normalized.split()
        found: dict[str, str] = {}
        lookup = self._words
        for start in range(len(words)):
            for end in range(start + 1, min(start + self._longest_phrase, len(words)) + 1):
                phrase = " ".join(words[start:end])
                code = lookup.get(phrase)
                if code is not None:
                    found[phrase] = code
        if self._korean:
            for run in _ONLY_HANGUL.findall(normalized):
                for start in range(len(run)):
                    for length in self._korean_lengths:
                        piece = run[start : start + length]
                        if len(piece) == length and piece in self._korean:
                            found[piece] = self._korean[piece]
        return found

    def is_related(self, text: str, targets: tuple[str, ...]) -> bool | None:
        """True or False when the field is clear and there is something to relate to; else None."""
        if not targets:
            return None
        code = self.classify(text)
        if code is None:
            return None
        return any(code in self.related.get(target, frozenset()) for target in targets)

    def relates_to_occupation(self, text: str, targets: tuple[str, ...], occupation: str | None) -> bool | None:
        """E-7-1: the field is related to the occupation OR to the offer's industry or technology
        field. An occupation not in the table leaves the industry alone to decide (:meth:`is_related`);
        one the table leaves empty (too broad) makes a field not related to the industry unclear."""
        entry = self.occupations.get(occupation) if occupation else None
        if entry is None:
            return self.is_related(text, targets)
        code = self.classify(text)
        if code is None:
            return None
        if code in entry.fields or any(code in self.related.get(target, frozenset()) for target in targets):
            return True
        return False if entry.fields else None


def _phrases(raw: object, where: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ValueError(f"{where}: expected a list of phrases")
    return [str(item) for item in raw]


def build_occupations(
    occupations_data: dict[str, object], titles: dict[str, tuple[str, str]], fields: Iterable[str]
) -> dict[str, Occupation]:
    """The E-7-1 occupations of ``occupation_fields.yaml`` (``titles``: code -> English and Korean
    titles from the occupation list), each field prefix expanded to the detailed fields it matches."""
    raw = occupations_data.get("occupations")
    if not isinstance(raw, dict):
        raise ValueError("occupations must be a mapping")
    known = sorted(fields)
    occupations: dict[str, Occupation] = {}
    for raw_code, prefixes in raw.items():
        code = str(raw_code)
        if code not in titles:
            raise ValueError(f"occupation {code} is not in the E-7-1 occupation list")
        expanded: set[str] = set()
        for prefix in _phrases(prefixes if prefixes is not None else [], f"occupation {code}"):
            matching = {field for field in known if field.startswith(prefix)}
            if not prefix.isdigit() or not 2 <= len(prefix) <= 4 or not matching:
                raise ValueError(f"occupation {code}: {prefix!r} matches no field of isced_f.yaml")
            expanded |= matching
        title_en, title_ko = titles[code]
        occupations[code] = Occupation(code=code, title_en=title_en, title_ko=title_ko, fields=frozenset(expanded))
    return occupations


def occupation_titles() -> dict[str, tuple[str, str]]:
    """Code -> (English title, Korean title) of the E-7-1 occupation list shipped with the package."""
    return {row["ksco_code"]: (row["title_en"], row["title_ko"]) for row in _read_rows(OCCUPATION_TITLES_FILE)}


def build_classifier(
    fields_data: dict[str, object],
    aliases_data: dict[str, object],
    occupations_data: dict[str, object] | None = None,
    titles: dict[str, tuple[str, str]] | None = None,
) -> FieldClassifier:
    """A classifier from the data files' content, refusing inconsistent data."""
    raw_fields = fields_data["fields"]
    raw_related = fields_data["related"]
    raw_aliases = aliases_data["aliases"]
    if not isinstance(raw_fields, dict) or not isinstance(raw_related, dict) or not isinstance(raw_aliases, dict):
        raise ValueError("fields, related and aliases must be mappings")
    fields = {
        str(code): Field(code=str(code), name_en=str(raw["en"]), name_ko=str(raw["ko"]))
        for code, raw in raw_fields.items()
    }
    generic = tuple(normalize_field(word) for word in _phrases(aliases_data.get("generic", []), "generic"))
    ignore = tuple(normalize_field(phrase) for phrase in _phrases(aliases_data.get("ignore", []), "ignore"))
    aliases: dict[str, str] = {}
    for raw_code, phrases in raw_aliases.items():
        code = str(raw_code)
        if code not in fields:
            raise ValueError(f"aliases listed under {code}, which isced_f.yaml does not define")
        for phrase in _phrases(phrases, code):
            key = normalize_field(phrase)
            if not key:
                raise ValueError(f"alias {phrase!r} under {code} is empty once normalized")
            if key in generic:
                raise ValueError(f"alias {phrase!r} under {code} is a generic word")
            if _HANGUL.search(key) and not _ONLY_HANGUL.fullmatch(key):
                raise ValueError(f"alias {phrase!r} under {code} mixes Korean with other characters")
            if key in aliases and aliases[key] != code:
                raise ValueError(f"alias {phrase!r} is listed under {aliases[key]} and {code}")
            aliases[key] = code
    related = {str(target): frozenset(str(code) for code in codes) for target, codes in raw_related.items()}
    unknown = {code for codes in related.values() for code in codes} - set(fields)
    if unknown:
        raise ValueError(f"related fields not defined: {sorted(unknown)}")
    occupations = build_occupations(occupations_data, titles or {}, fields) if occupations_data is not None else {}
    return FieldClassifier(fields, aliases, related, ignore=ignore, generic=generic, occupations=occupations)


@cache
def classifier() -> FieldClassifier:
    fields_data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    aliases_data = yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8"))
    occupations_data = yaml.safe_load(OCCUPATIONS_FILE.read_text(encoding="utf-8"))
    return build_classifier(fields_data, aliases_data, occupations_data, occupation_titles())
