"""Connects to django-allauth's signals (framework plumbing, not domain flow)."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added)
def count_enrolment_as_second_factor(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    """Enrolling proves possession of the new factor, so this session has passed a second factor."""
    if request is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True)
