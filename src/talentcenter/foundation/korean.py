"""Korean particles (조사) that agree with the word before them.

A Korean particle has two forms: one after a final consonant (받침), one after a vowel — 석사**를**,
학위**를**, but 박사 과정**을**. A translation cannot know the value it will interpolate, so the
catalogue writes both forms, as Korean software traditionally does: ``%(level)s을(를)``. Shown as is,
that reads "석사을(를)". :func:`fix_particles` replaces every such marker in a rendered Korean text
with the form the character before it asks for; it runs once per channel (pages, e-mails and
notices, API errors). New templates can choose the form directly with ``{{ value|josa:"을/를" }}``.

The character before a particle is read as a Korean speaker reads it aloud:

* a Hangul syllable (U+AC00–U+D7A3) by its final consonant, ``(code - 0xAC00) % 28`` (0 is none);
* a number by its Korean reading: the last digit (0 영, 1 일, 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠,
  8 팔, 9 구), or, for a whole number ending in zeros, its unit (10 십, 100 백, 1,000 천,
  10,000 만, 100,000,000 억, 10¹² 조) — ``TRQ-2026-000001이``, ``2020년``, ``10을``;
* a Latin letter by its Korean letter name. L (엘), M (엠), N (엔) and R (알) end in a consonant;
  every other letter ends in a vowel (A 에이, B 비, C 씨, D 디, E 이, F 에프, G 지, H 에이치, I 아이,
  J 제이, K 케이, O 오, P 피, Q 큐, S 에스, T 티, U 유, V 브이, W 더블유, X 엑스, Y 와이, Z 제트);
* ``%`` as 퍼센트 (a vowel).

Closing quotes, spaces, HTML tags and character references after the word are skipped
(``“석사”를``, ``<strong>석사</strong>를``); a bracketed part is skipped to the word before it, as
the National Institute of Korean Language advises (``엔지니어(HBM)를``), or read when nothing comes
before it (``(연구원)과``). Anything else (another script, a symbol) is left with both forms, which
stays correct Korean.
"""

from __future__ import annotations

import re

HANGUL_FIRST = 0xAC00
HANGUL_LAST = 0xD7A3
RIEUL = 8  # the index of ㄹ among the final consonants

# The Korean reading of what is not a Hangul syllable, as one syllable carrying its final sound.
DIGIT_READINGS = dict(zip("0123456789", "영일이삼사오육칠팔구", strict=True))
LETTER_NAMES = {
    "A": "에이", "B": "비", "C": "씨", "D": "디", "E": "이", "F": "에프", "G": "지", "H": "에이치", "I": "아이",
    "J": "제이", "K": "케이", "L": "엘", "M": "엠", "N": "엔", "O": "오", "P": "피", "Q": "큐", "R": "알",
    "S": "에스", "T": "티", "U": "유", "V": "브이", "W": "더블유", "X": "엑스", "Y": "와이", "Z": "제트",
}  # fmt: skip
LETTER_READINGS = {letter: name[-1] for letter, name in LETTER_NAMES.items()}
SYMBOL_READINGS = {"%": "트"}
# A whole number ending in zeros is read by its largest unit: 10 십, 100 백, 1000 천, 10⁴ 만, 10⁸ 억, 10¹² 조.
ZERO_UNITS = ((12, "조"), (8, "억"), (4, "만"), (3, "천"), (2, "백"), (1, "십"))

# Both forms of each particle: (after a final consonant, after a vowel).
PARTICLES: dict[str, tuple[str, str]] = {
    "을/를": ("을", "를"),
    "은/는": ("은", "는"),
    "이/가": ("이", "가"),
    "과/와": ("과", "와"),
    "으로/로": ("으로", "로"),
}
for _pair, (_after_consonant, _after_vowel) in list(PARTICLES.items()):
    PARTICLES[f"{_after_vowel}/{_after_consonant}"] = (_after_consonant, _after_vowel)

# The markers a translation writes: "을(를)", "를(을)", "(을)를", and for 으로 "으로(로)", "(으)로".
_MARKERS: dict[str, tuple[str, str]] = {}
for _after_consonant, _after_vowel in set(PARTICLES.values()):
    _MARKERS[f"{_after_consonant}({_after_vowel})"] = (_after_consonant, _after_vowel)
    _MARKERS[f"{_after_vowel}({_after_consonant})"] = (_after_consonant, _after_vowel)
    _MARKERS[f"({_after_consonant}){_after_vowel}"] = (_after_consonant, _after_vowel)
_MARKERS["(으)로"] = ("으로", "로")
MARKER_PATTERN = re.compile("|".join(re.escape(marker) for marker in sorted(_MARKERS, key=len, reverse=True)))

# What may stand between a word and its particle: closing brackets and quotes, spaces, HTML tags
# and character references (``&quot;``, ``&#x27;``).
_TRAILER = re.compile(r"(?:[\s>\"'”’」』》〉]|<[^<>]*>|&#?\w+;)$")
_BRACKETS = {")": "(", "]": "["}
_LOOK_BACK = 200  # characters before a marker that may hold its word (a long page is not rescanned)
_NUMBER_TAIL = re.compile(r"(?<![\d.,])\d[\d,]*$")


def final_consonant(char: str) -> int | None:
    """The final consonant (jongseong) index of ``char`` read in Korean: 0 for none, 1–27 for
    ㄱ…ㅎ (8 is ㄹ); ``None`` for what has no Korean reading here."""
    if len(char) != 1:
        return None
    code = ord(char)
    if HANGUL_FIRST <= code <= HANGUL_LAST:
        return (code - HANGUL_FIRST) % 28
    reading = DIGIT_READINGS.get(char) or LETTER_READINGS.get(char.upper()) or SYMBOL_READINGS.get(char)
    return final_consonant(reading) if reading else None


def _last_sound(text: str) -> int | None:
    """The final consonant index of the last word of ``text``, trailers skipped."""
    text = text[-_LOOK_BACK:]
    while text:
        trailer = _TRAILER.search(text)
        if trailer is not None:
            text = text[: trailer.start()]
        elif text[-1] in _BRACKETS:
            opening = _opening_bracket(text)
            before = text[:opening] if opening is not None else ""
            # The particle agrees with the word before a bracket ("컴퓨터(computer)를"), or with the
            # bracket's content when nothing comes before it.
            text = before if before.strip() else text[:-1]
        else:
            break
    if not text:
        return None
    number = _NUMBER_TAIL.search(text)
    if number is not None and text.endswith("0"):
        digits = number.group().replace(",", "")
        zeros = len(digits) - len(digits.rstrip("0"))
        if zeros < len(digits):
            unit = next(unit for power, unit in ZERO_UNITS if zeros >= power)
            return final_consonant(unit)
    return final_consonant(text[-1])


def _opening_bracket(text: str) -> int | None:
    """Where the bracket closed by the last character of ``text`` opens."""
    closing = text[-1]
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == closing:
            depth += 1
        elif text[index] == _BRACKETS[closing]:
            depth -= 1
            if depth == 0:
                return index
    return None


def has_batchim(word: str) -> bool | None:
    """Whether ``word`` ends in a final consonant (받침) when read in Korean; ``None`` if unknown."""
    sound = _last_sound(word)
    return None if sound is None else sound != 0


def _choose(sound: int | None, forms: tuple[str, str]) -> str | None:
    after_consonant, after_vowel = forms
    if sound is None:
        return None
    if after_consonant == "으로":
        return after_vowel if sound in (0, RIEUL) else after_consonant
    return after_consonant if sound else after_vowel


def particle(word: str, pair: str) -> str:
    """The form of the particle ``pair`` (``"을/를"``, ``"은/는"``, ``"이/가"``, ``"과/와"``,
    ``"으로/로"``, either order) that follows ``word``: 으로 after a final consonant other than ㄹ.
    When the end of ``word`` has no Korean reading, both forms, as ``을(를)``."""
    forms = PARTICLES[pair]
    chosen = _choose(_last_sound(word), forms)
    return chosen if chosen is not None else f"{forms[0]}({forms[1]})"


def fix_particles(text: str) -> str:
    """``text`` with every particle marker (``을(를)``, ``은(는)``, ``이(가)``, ``와(과)``, ``으로(로)``
    and their variants) replaced by the form the word before it takes."""
    if "(" not in text:
        return text
    parts: list[str] = []
    position = 0
    for match in MARKER_PATTERN.finditer(text):
        chosen = _choose(_last_sound(text[: match.start()]), _MARKERS[match.group()])
        parts.append(text[position : match.start()])
        parts.append(chosen if chosen is not None else match.group())
        position = match.end()
    if not parts:
        return text
    parts.append(text[position:])
    return "".join(parts)
