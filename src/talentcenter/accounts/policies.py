"""Who may do what with accounts. Roles are checked at the edge; objects in the services."""

from __future__ import annotations

from typing import Any

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def can_use_back_office(user: Any) -> bool:
    """Center staff: reviewers and administrators see the back office."""
    return is_signed_in(user) and (
        user.is_superuser or user.has_role(Role.STAFF_REVIEWER) or user.has_role(Role.ADMINISTRATOR)
    )


def can_verify_companies(user: Any) -> bool:
    return can_use_back_office(user)


def needs_second_factor(user: User) -> bool:
    return user.is_back_office
