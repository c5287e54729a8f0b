"""Who may do what with accounts. Roles are checked at the edge; objects in the services.

Each predicate accepts whoever is asking: a ``User``, an ``AnonymousUser`` or nobody (``None``),
and answers no for anyone not signed in. ``is_signed_in`` narrows the type to ``User``.
"""

from __future__ import annotations

from typing import TypeAlias, TypeGuard

from django.contrib.auth.models import AnonymousUser

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User

# Whoever is asking: a signed-in user, the anonymous visitor, or nobody at all (a background job).
Visitor: TypeAlias = User | AnonymousUser | None


def is_signed_in(user: Visitor) -> TypeGuard[User]:
    return isinstance(user, User) and user.is_authenticated and user.is_active


def can_use_back_office(user: Visitor) -> bool:
    """Center staff: reviewers and administrators see the back office."""
    return is_signed_in(user) and (
        user.is_superuser or user.has_role(Role.STAFF_REVIEWER) or user.has_role(Role.ADMINISTRATOR)
    )


def is_external_evaluator(user: Visitor) -> TypeGuard[User]:
    """External evaluators: they state where they work or study (``User.organisation``), which the
    center checks against each application it asks them to evaluate."""
    return is_signed_in(user) and user.has_role(Role.EXTERNAL_EVALUATOR)


def can_verify_companies(user: Visitor) -> bool:
    return can_use_back_office(user)


def needs_second_factor(user: User) -> bool:
    """Back-office people, and anyone the Django admin lets in (``is_staff``)."""
    return user.is_back_office or user.is_staff
