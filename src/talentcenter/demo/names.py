"""Names in the Latin letters of a passport, whatever script the Faker locale writes in.

The profile accepts Latin letters (with the accents of Western and Central European languages)
for given and family names, so Cyrillic is transliterated the way passports do (ICAO 9303),
Chinese and Japanese use Faker's romanised names, and other letters lose their diacritics.
"""

from __future__ import annotations

import re
import unicodedata

from faker import Faker

from talentcenter.talent.models import latin_name_validator

_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "ie",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
    "'": "",
    "’": "",
}
_LATIN_NAME = (
    latin_name_validator.regex
    if isinstance(latin_name_validator.regex, re.Pattern)
    else re.compile(latin_name_validator.regex)
)
_ROMANISED_LOCALES = frozenset({"zh_CN", "ja_JP"})
_CYRILLIC_LOCALES = frozenset({"ru_RU", "uk_UA"})


def transliterate_cyrillic(text: str) -> str:
    letters = []
    for char in text:
        latin = _CYRILLIC.get(char.lower())
        if latin is None:
            letters.append(char)
        elif char.isupper():
            letters.append(latin.capitalize())
        else:
            letters.append(latin)
    return "".join(letters)


def to_passport_latin(text: str) -> str:
    """Keep letters the profile accepts; strip the diacritics of any other Latin letter."""
    if _LATIN_NAME.match(text):
        return text
    kept = []
    for char in text:
        if _LATIN_NAME.match(char):
            kept.append(char)
            continue
        base = "".join(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))
        kept.append(base if base and _LATIN_NAME.match(base) else "")
    cleaned = " ".join("".join(kept).split())
    return cleaned or "X"


def _call(fake: Faker, *names: str) -> str:
    for name in names:
        method = getattr(fake, name, None)
        if method is not None:
            return str(method())
    raise AttributeError(names)


def latin_name(fake: Faker, locale: str, *, female: bool) -> tuple[str, str]:
    """A (given name, family name) pair for the locale, in passport Latin letters."""
    if locale in _ROMANISED_LOCALES:
        given = _call(
            fake, "first_romanized_name_female" if female else "first_romanized_name_male", "first_romanized_name"
        )
        family = _call(fake, "last_romanized_name")
        return to_passport_latin(given), to_passport_latin(family)
    gender = "female" if female else "male"
    given = _call(fake, f"first_name_{gender}", "first_name")
    family = _call(fake, f"last_name_{gender}", "last_name")
    if locale in _CYRILLIC_LOCALES:
        given, family = transliterate_cyrillic(given), transliterate_cyrillic(family)
    return to_passport_latin(given)[:80], to_passport_latin(family)[:80]


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits, for e-mail local parts and host names."""
    base = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L").replace("ı", "i"))
    ascii_text = base.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"
