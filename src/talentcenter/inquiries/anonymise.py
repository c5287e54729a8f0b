"""Stripping what identifies a petitioner from a text before it becomes a public FAQ entry."""

from __future__ import annotations

import re
from collections.abc import Sequence

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+?\d{1,3}[\s.-]?)?(?:\(?\d{2,4}\)?[\s.-]?)\d{3,4}[\s.-]?\d{4}")
# A Korean resident or alien registration number (YYMMDD-NNNNNNN).
REGISTRATION_NUMBER = re.compile(r"\b\d{6}[\s-]?\d{7}\b")
MASK = "***"


def anonymise_text(text: str, *, names: Sequence[str] = ()) -> str:
    """``text`` with e-mail addresses, phone and registration numbers and the given names masked."""
    text = EMAIL.sub(MASK, text)
    text = REGISTRATION_NUMBER.sub(MASK, text)
    text = PHONE.sub(MASK, text)
    for name in sorted({name.strip() for name in names if name and len(name.strip()) > 1}, key=len, reverse=True):
        text = re.sub(re.escape(name), MASK, text, flags=re.IGNORECASE)
        for part in name.split():
            if len(part) > 2:
                text = re.sub(rf"\b{re.escape(part)}\b", MASK, text, flags=re.IGNORECASE)
    return text
