"""Who may see what of privacy. Everyone signed in manages their own consents and data."""

from __future__ import annotations

from talentcenter.accounts.policies import Visitor, can_use_back_office, is_signed_in


def can_manage_own_privacy(user: Visitor) -> bool:
    return is_signed_in(user)


def can_read_access_log(user: Visitor) -> bool:
    """Center staff see who read a person's data (the back office's "who saw this person")."""
    return can_use_back_office(user)
