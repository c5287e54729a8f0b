"""The person behind a request, with the type the rest of the code can rely on.

``request.user`` is a ``User`` or an ``AnonymousUser``. Policies accept either (an ``accounts.policies.Visitor``) and
answer no for the anonymous one; services act for a ``User`` only. A view behind sign-in gets
that ``User`` from ``signed_in_user(request)``, which refuses (403) rather than guesses should the
guard in front of it ever be missing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import is_signed_in


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in person making ``request``; 403 when nobody is signed in."""
    user = request.user
    if not is_signed_in(user):
        raise PermissionDenied
    return user
