"""Classifying free-text fields of study and work (ISCED-F 2013) to decide "in a related field".

A text is classified by its longest keyword match. Two different fields matching equally, or no
field at all, leave it unclassified: the engine then answers ``needs_review`` rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from talentcenter.policy.engine.matching import CACHE_LIMIT, normalize

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "isced_f.yaml"


@dataclass(frozen=True)
class Field:
    code: str
    name_en: str
    name_ko: str


class FieldClassifier:
    def __init__(self, fields: dict[str, Field], keywords: dict[str, str], related: dict[str, frozenset[str]]) -> None:
        self.fields = fields
        self.related = related
        self._keywords = sorted(keywords.items(), key=lambda item: -len(item[0]))
        self._patterns = [(_pattern(word), word, code) for word, code in self._keywords]
        self._cache: dict[str, str | None] = {}

    def classify(self, text: str) -> str | None:
        """The ISCED-F detailed code of ``text``, or None when it is unclear."""
        if text in self._cache:
            return self._cache[text]
        normalized = normalize(text)
        best_length, best_codes = 0, set()
        for pattern, word, code in self._patterns:
            if len(word) < best_length:
                break
            if pattern.search(normalized):
                best_length = len(word)
                best_codes.add(code)
        result = next(iter(best_codes)) if len(best_codes) == 1 else None
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()  # free text from the public self-check: keep memory bounded
        self._cache[text] = result
        return result

    def is_related(self, text: str, targets: tuple[str, ...]) -> bool | None:
        """True or False when the field is clear and there is something to relate to; else None."""
        if not targets:
            return None
        code = self.classify(text)
        if code is None:
            return None
        return any(code in self.related.get(target, frozenset()) for target in targets)


_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _pattern(word: str) -> re.Pattern[str]:
    """Whole words for Latin text; Korean compounds (반도체공학) are matched inside the word."""
    if _HANGUL.search(word):
        return re.compile(re.escape(word))
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


@cache
def classifier() -> FieldClassifier:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    fields: dict[str, Field] = {}
    keywords: dict[str, str] = {}
    for code, raw in data["fields"].items():
        fields[str(code)] = Field(code=str(code), name_en=raw["en"], name_ko=raw["ko"])
        for word in raw["keywords"]:
            key = normalize(str(word))
            if key in keywords and keywords[key] != str(code):
                raise ValueError(f"keyword {word!r} is listed under two fields")
            keywords[key] = str(code)
    related = {target: frozenset(str(code) for code in codes) for target, codes in data["related"].items()}
    unknown = {code for codes in related.values() for code in codes} - set(fields)
    if unknown:
        raise ValueError(f"related fields not defined: {sorted(unknown)}")
    return FieldClassifier(fields, keywords, related)
