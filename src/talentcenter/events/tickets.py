"""Ticket codes: short enough to type at a door, unguessable, and with a check character so that a
typo is caught before anything is looked up.

A code is 9 random characters and 1 check character from Crockford's base-32 alphabet (digits and
capitals without I, L, O and U, which look like 1, 1, 0 and V), shown in two groups of five:
``7KQ4M-ZT2XB``. The random part gives 32⁹ ≈ 3.5 × 10¹³ codes (45 bits), drawn with ``secrets``.
The check character is Luhn mod 32: every single mistyped character and every swap of two
neighbours (but for ``0`` and ``Z``) changes it. Reading is forgiving: lower case, spaces and dashes
are ignored, ``O`` reads as ``0`` and ``I``/``L`` as ``1``, and a whole scanned ticket address
(``…/check-in/?code=7KQ4M-ZT2XB``) gives its code.

The QR code on a ticket holds that address: the event's check-in page with the code filled in, so
a phone's own camera app opens the page where the scanner is not at hand.
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)
RANDOM_LENGTH = 9
CODE_LENGTH = RANDOM_LENGTH + 1
GROUP_LENGTH = 5
# What people type for what they see: Crockford's readings of the letters the alphabet leaves out.
READINGS = str.maketrans({"O": "0", "I": "1", "L": "1"})
# The longest text worth reading: a scanned ticket address.
MAX_INPUT_LENGTH = 300

_VALUES = {character: value for value, character in enumerate(ALPHABET)}


def _luhn_sum(characters: str, *, doubled_first: bool) -> int:
    total = 0
    double = doubled_first
    for character in reversed(characters):
        addend = _VALUES[character] * (2 if double else 1)
        total += addend // BASE + addend % BASE
        double = not double
    return total


def check_character(payload: str) -> str:
    """The Luhn mod 32 check character of ``payload`` (characters of the alphabet)."""
    return ALPHABET[(BASE - _luhn_sum(payload, doubled_first=True) % BASE) % BASE]


def has_valid_check(code: str) -> bool:
    return len(code) >= 2 and all(c in _VALUES for c in code) and _luhn_sum(code, doubled_first=False) % BASE == 0


def new_code() -> str:
    """A fresh code, stored without its dash (10 characters)."""
    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return payload + check_character(payload)


def formatted(code: str) -> str:
    """``7KQ4MZT2XB`` as people read it: ``7KQ4M-ZT2XB``."""
    return "-".join(code[start : start + GROUP_LENGTH] for start in range(0, len(code), GROUP_LENGTH))


def _from_address(text: str) -> str:
    """The ``code`` of a scanned ticket address; any other text as it is."""
    if "://" not in text and "?" not in text:
        return text
    values = parse_qs(urlsplit(text).query).get("code")
    return values[0] if values else text


def clean_code(text: str) -> str:
    """The stored form of a typed or scanned code, or a ValidationError (field ``code``) that says
    whether it is not a code at all or has a typo."""
    text = _from_address((text or "").strip()[:MAX_INPUT_LENGTH])
    code = "".join(text.upper().split()).replace("-", "").translate(READINGS)
    if len(code) != CODE_LENGTH or any(character not in _VALUES for character in code):
        raise ValidationError(
            {
                "code": _(
                    "This is not a ticket code: a code has 10 letters and digits,"
                    " like the one printed under the QR code."
                )
            },
            code="invalid",
        )
    if not has_valid_check(code):
        raise ValidationError(
            {"code": _("This code has a typo: check it letter by letter against the ticket.")}, code="typo"
        )
    return code


def check_in_address(event_id: int, code: str) -> str:
    """What a ticket's QR code holds: the event's check-in page with the code filled in. Without a
    language prefix, it opens in the reader's language."""
    return f"{settings.SITE_URL}/backoffice/events/{event_id}/check-in/?code={formatted(code)}"
