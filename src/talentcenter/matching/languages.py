"""One scale for every language certificate: 1 (beginner) to 6 (mastery, native).

The index stores each profile's languages on this scale so that an opening can ask for "Korean at
least 4" whatever test the talent took. TOPIK is already 1-6; CEFR A1..C2 is 1..6; the English
tests follow the publishers' own CEFR tables (ETS for TOEIC and TOEFL iBT, IELTS band
descriptors); a native speaker is 6; a self-assessed language with no level counts as 3, the middle.
"""

from __future__ import annotations

from functools import lru_cache

NATIVE_LEVEL = 6
SELF_ASSESSED_LEVEL = 3
CEFR_SCALE = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6}

# Lowest score for each level on the common scale, from the publishers' CEFR mappings.
_SCORE_FLOORS: dict[str, tuple[tuple[float, int], ...]] = {
    # TOEIC Listening and Reading (10-990): A2 225, B1 550, B2 785, C1 945 (ETS); no C2 band.
    "toeic": ((945, 5), (785, 4), (550, 3), (225, 2), (0, 1)),
    # TOEFL iBT (0-120): B1 42, B2 72, C1 95, C2 114 (ETS).
    "toefl_ibt": ((114, 6), (95, 5), (72, 4), (42, 3), (20, 2), (0, 1)),
    # IELTS bands (0-9): A2 3.0, B1 4.0, B2 5.5, C1 7.0, C2 8.5.
    "ielts": ((8.5, 6), (7.0, 5), (5.5, 4), (4.0, 3), (3.0, 2), (0, 1)),
    # KIIP stages (0-5): stage 5 completed is about TOPIK 5; stage 0 a beginner.
    "kiip": ((5, 5), (4, 4), (3, 3), (2, 2), (0, 1)),
}


def _number(level: str) -> float | None:
    try:
        return float(level)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def language_level(test: str, level: str) -> int:
    """The 1-6 level of a language entry (``talent.LanguageEntry.test`` and ``.level``).

    Anything the entry does not tell (no level, a level the test cannot have) falls back to the
    self-assessed middle, 3, so a profile is never shut out by a typo."""
    test = (test or "").strip().lower()
    level = (level or "").strip()
    if test == "native":
        return NATIVE_LEVEL
    if level.upper() in CEFR_SCALE:
        return CEFR_SCALE[level.upper()]
    number = _number(level)
    if test == "topik":
        return max(1, min(6, int(number))) if number is not None and number >= 1 else SELF_ASSESSED_LEVEL
    floors = _SCORE_FLOORS.get(test)
    if floors is not None and number is not None and number >= 0:
        return next(value for floor, value in floors if number >= floor)
    if test in ("none", "") and number is not None and 1 <= number <= 6:
        return int(number)
    return SELF_ASSESSED_LEVEL
