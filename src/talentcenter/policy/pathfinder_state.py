"""The pathfinder's answers travel in a signed, compressed form field, never in the database.

An anonymous self-check stores nothing on the server: each step posts the answers so far as
``state`` (signed with the secret key, so it cannot be tampered with, and expiring after a day).
The state is ``{"applicant": <interchange dict>, "as_of": "YYYY-MM-DD", "step": <int>}``.
"""

from __future__ import annotations

from typing import Any

from django.core import signing

SALT = "talentcenter.policy.pathfinder"
MAX_AGE_SECONDS = 24 * 60 * 60


def state_dump(state: dict[str, Any]) -> str:
    return signing.dumps(state, salt=SALT, compress=True)


def state_load(token: str) -> dict[str, Any] | None:
    """The state, or None when it is missing, tampered with or expired."""
    if not token:
        return None
    try:
        loaded = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    return loaded if isinstance(loaded, dict) else None
