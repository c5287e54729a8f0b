"""Signed links for people without an account: confirming the e-mail address (expires) and
following one's petition (lasts until the petition is anonymised, which changes its key)."""

from __future__ import annotations

from django.core import signing

VERIFY_SALT = "talentcenter.inquiries.verify"
TRACK_SALT = "talentcenter.inquiries.track"
VERIFY_MAX_AGE = 48 * 3600
"""Seconds a confirmation link stays valid."""


def verify_token(*, inquiry_id: int, key: str) -> str:
    return signing.dumps([inquiry_id, key[:12]], salt=VERIFY_SALT, compress=True)


def track_token(*, inquiry_id: int, key: str) -> str:
    return signing.dumps([inquiry_id, key], salt=TRACK_SALT, compress=True)


def read_verify_token(token: str) -> tuple[int, str] | None:
    """The petition id and key prefix, or None for a forged, damaged or expired link."""
    try:
        inquiry_id, key = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (int(inquiry_id), str(key)) if isinstance(inquiry_id, int) else None


def read_track_token(token: str) -> tuple[int, str] | None:
    try:
        inquiry_id, key = signing.loads(token, salt=TRACK_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (int(inquiry_id), str(key)) if isinstance(inquiry_id, int) else None
