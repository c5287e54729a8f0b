"""The plain keyword baseline: BM25 (``bm25s``, Lucene variant, k1=1.5, b=0.75) over profile text.

Each profile is one document: its ``ProfileRecord.text`` (headline, fields of study, roles and the
names of its skills as the person wrote them). The query for an opening is its title, its
description and the English and Korean names of its required and preferred skills.

The tokenizer keeps Korean: it lower-cases, keeps runs of two or more word characters (the same
pattern as ``bm25s.tokenize``; Hangul syllables are word characters), drops English stop words,
and strips one common postposition from the end of a Hangul word ("반도체를" -> "반도체") so
that Korean inflection does not hide a match. No stemmer, no synonyms: that is what "plain" means.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import bm25s
import numpy as np
from bm25s.stopwords import STOPWORDS_EN

from talentcenter.matching.records import ProfileRecord
from talentcenter.matching.taxonomy import SkillRow

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Common postpositions (조사), longest first; stripped only when at least two syllables remain.
_PARTICLES = (
    "에서는",
    "으로는",
    "에서",
    "으로",
    "에게",
    "까지",
    "부터",
    "와의",
    "과의",
    "을",
    "를",
    "이",
    "가",
    "은",
    "는",
    "의",
    "에",
    "로",
    "와",
    "과",
    "도",
)
_STOPWORDS = frozenset(STOPWORDS_EN)


def _strip_particle(token: str) -> str:
    if not _HANGUL.search(token[-1:]):
        return token
    for particle in _PARTICLES:
        if token.endswith(particle) and len(token) - len(particle) >= 2:
            return token[: -len(particle)]
    return token


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of ``text``, Korean kept, English stop words dropped."""
    tokens = []
    for token in _TOKEN.findall(text.lower()):
        if token in _STOPWORDS:
            continue
        tokens.append(_strip_particle(token))
    return tokens


class BM25Baseline:
    """A BM25 index over a pool of profiles; ``rank`` returns profile ids, best first."""

    def __init__(self, records: Sequence[ProfileRecord]) -> None:
        self.profile_ids = np.array([record.profile_id for record in records], dtype=np.int64)
        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
        self.model = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
        self.model.index([tokenize(record.text) for record in records], show_progress=False)
        self._vocab = self.model.vocab_dict

    def scores(self, query_text: str) -> np.ndarray:
        tokens = [token for token in tokenize(query_text) if token in self._vocab]
        if not tokens:
            return np.zeros(len(self.profile_ids), dtype=np.float32)
        return np.asarray(self.model.get_scores(tokens), dtype=np.float32)

    def rank(self, query_text: str, k: int) -> list[int]:
        """The ``k`` best profile ids for ``query_text`` (ties: lower position in the pool first)."""
        scores = self.scores(query_text)
        k = min(k, len(scores))
        # A stable sort on the negated scores keeps pool order among equal scores.
        order = np.argsort(-scores, kind="stable")[:k]
        return [int(profile_id) for profile_id in self.profile_ids[order]]


def opening_query_text(title: str, description: str, skill_codes: Sequence[str], rows: Sequence[SkillRow]) -> str:
    """The BM25 query for an opening: title, description, and each skill's English and Korean name."""
    names = {row.code: (row.name_en, row.name_ko) for row in rows}
    words = [title, description]
    for code in skill_codes:
        words.extend(names.get(code, (code, "")))
    return " ".join(word for word in words if word)
