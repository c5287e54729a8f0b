"""The site's two languages, Korean and English, and picking the text of one of them.

Pages run under ``/ko/`` or ``/en/`` and Django knows the active language; data written in both
languages (``name_ko`` and ``name_en``, notices, parameter notes) is read through
:func:`in_language` so every page, e-mail and API answer picks the same way.
"""

from __future__ import annotations

from typing import Literal

from django.utils.translation import get_language

Language = Literal["ko", "en"]
LANGUAGES: tuple[Language, ...] = ("ko", "en")


def language_of(code: str | None) -> Language:
    """The site language a language code stands for: Korean for ``ko`` and ``ko-kr``, English for
    anything else, including no language at all (translations off show the English msgids)."""
    return "ko" if code and code.lower().startswith("ko") else "en"


def current_language() -> Language:
    """The language of the page, e-mail or API answer being made (``translation.override`` counts)."""
    return language_of(get_language())


def in_language(korean: str, english: str, *, language: str | None = None) -> str:
    """``korean`` or ``english``, whichever is in the current language (or in ``language``); the
    other one when that is blank, so a text written in one language only is still shown."""
    chosen = language_of(language) if language is not None else current_language()
    if chosen == "ko":
        return korean or english
    return english or korean
