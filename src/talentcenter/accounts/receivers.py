"""Connects to django-allauth's signals (framework plumbing, not domain flow)."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_added, authenticator_removed
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from talentcenter.accounts.middleware import session_start


@receiver(authenticator_added)
def count_enrolment_as_second_factor(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    """Enrolling proves possession of the new factor, so this session has passed a second factor."""
    if request is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True)


@receiver(user_logged_in)
def start_the_session_clock(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A back-office session's idle and absolute limits count from the sign-in."""
    if request is not None and hasattr(request, "session"):
        session_start(request)


@receiver(password_changed)
@receiver(password_set)
@receiver(password_reset)
def revoke_tokens_when_the_password_changes(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A new password ends the other browser sessions; it ends every API token as well."""
    from talentcenter.accounts.services import api_tokens_revoke_all

    api_tokens_revoke_all(user=user, reason="password changed")


@receiver(authenticator_removed)
def revoke_tokens_when_mfa_is_turned_off(
    sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    if not is_mfa_enabled(user):
        from talentcenter.accounts.services import api_tokens_revoke_all

        api_tokens_revoke_all(user=user, reason="second factor turned off")
