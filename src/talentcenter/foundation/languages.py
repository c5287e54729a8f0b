"""The site's two languages and picking one, without Django: the policy engine (pure) uses these,
and ``foundation.i18n`` builds the active-language helpers on them."""

from __future__ import annotations

from typing import Literal

Language = Literal["ko", "en"]
LANGUAGES: tuple[Language, ...] = ("ko", "en")


def language_of(code: str | None) -> Language:
    """The site language a language code stands for: Korean for ``ko`` and ``ko-kr``, English for
    anything else, including no language at all (translations off show the English msgids)."""
    return "ko" if code and code.lower().startswith("ko") else "en"


def text_in(korean: str, english: str, language: str | None) -> str:
    """``korean`` or ``english``, whichever is in ``language``; the other one when that is blank."""
    if language_of(language) == "ko":
        return korean or english
    return english or korean
