"""The site's two languages, Korean and English, and picking the text of one of them.

Pages run under ``/ko/`` or ``/en/`` and Django knows the active language; data written in both
languages (``name_ko`` and ``name_en``, notices, parameter notes) is read through
:func:`in_language` so every page, e-mail and API answer picks the same way.
"""

from __future__ import annotations

from django.utils.translation import get_language

from talentcenter.foundation.languages import LANGUAGES, Language, language_of, text_in

__all__ = ["LANGUAGES", "Language", "current_language", "in_language", "language_of"]


def current_language() -> Language:
    """The language of the page, e-mail or API answer being made (``translation.override`` counts)."""
    return language_of(get_language())


def in_language(korean: str, english: str, *, language: str | None = None) -> str:
    """``korean`` or ``english``, whichever is in the current language (or in ``language``); the
    other one when that is blank, so a text written in one language only is still shown."""
    return text_in(korean, english, language if language is not None else current_language())
