"""A talent's registrations, at ``/api/v1/me/events``: list, read, cancel, confirm an offered seat.

404 for a registration that is not the caller's; 409 (code ``conflict``) when it has moved on
(cancelled already, the offer lapsed).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.events import policies, selectors
from talentcenter.events.api.schemas import MyRegistrationOut, PageQuery, registration_out
from talentcenter.events.models import TalentRegistration
from talentcenter.events.services import registrations as registration_services
from talentcenter.foundation.api.schemas import ObjectId
from talentcenter.jobs.policies import talent_profile_id

router = Router(tags=["events"])


def _one(request: HttpRequest, registration_id: int) -> dict[str, Any]:
    registration = TalentRegistration.objects.select_related("event", "profile").get(pk=registration_id)
    return registration_out(registration, user=request.user)


@router.get("", response=list[MyRegistrationOut], summary="My event registrations")
def my_registrations(request: HttpRequest, page: Query[PageQuery]) -> list[dict[str, Any]]:
    """The next event first; someone without a talent profile has none."""
    user = signed_in_user(request)
    registrations = selectors.registrations_of_profile(talent_profile_id(user)).select_related("profile")
    return [
        registration_out(registration, user=user)
        for registration in registrations[page.offset : page.offset + page.limit]
    ]


@router.get("/{registration_id}", response=MyRegistrationOut, summary="Read one of my registrations")
def my_registration(request: HttpRequest, registration_id: ObjectId) -> dict[str, Any]:
    registration = policies.access_registration_for_talent(user=request.user, registration_id=registration_id)
    return _one(request, registration.pk)


@router.post("/{registration_id}/cancel", response=MyRegistrationOut, summary="Cancel my registration")
def my_registration_cancel(request: HttpRequest, registration_id: ObjectId) -> dict[str, Any]:
    """The freed seat is offered to the next person waiting."""
    registration = policies.access_registration_for_talent(user=request.user, registration_id=registration_id)
    registration_services.registration_cancel(actor=signed_in_user(request), registration=registration.pk)
    return _one(request, registration.pk)


@router.post("/{registration_id}/confirm", response=MyRegistrationOut, summary="Confirm the seat offered to me")
def my_registration_confirm(request: HttpRequest, registration_id: ObjectId) -> dict[str, Any]:
    """Before the deadline given with the offer (``offer_expires_at``); 409 after it."""
    registration = policies.access_registration_for_talent(user=request.user, registration_id=registration_id)
    registration_services.registration_confirm(actor=signed_in_user(request), registration=registration.pk)
    return _one(request, registration.pk)
