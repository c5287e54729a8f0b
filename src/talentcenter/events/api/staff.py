"""The center's events, at ``/api/v1/staff/events`` (staff with a second factor): create, change,
publish and cancel events; list and cancel registrations and booths.

404 for an event that does not exist; 409 (code ``conflict``) for a step the event's status does
not allow (publishing twice, changing a cancelled event); 422 for invalid input.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.events import policies, selectors
from talentcenter.events.api.schemas import (
    BoothOut,
    CancelIn,
    EventDetailOut,
    EventIn,
    EventPageOut,
    EventPatchIn,
    PageQuery,
    StaffRegistrationOut,
    StaffRegistrationPageOut,
    booth_out,
    event_detail,
    event_summary,
    staff_registration_out,
)
from talentcenter.events.enums import EventKind, EventStatus, RegistrationStatus
from talentcenter.events.models import BoothRegistration, TalentRegistration
from talentcenter.events.services import booths as booth_services
from talentcenter.events.services import events as event_services
from talentcenter.events.services import registrations as registration_services
from talentcenter.foundation.api.schemas import MAX_LIMIT, MAX_OFFSET, ObjectId

router = Router(tags=["staff"])
TEXT_FIELDS = frozenset(
    {"title_ko", "title_en", "summary_ko", "summary_en", "venue_name", "venue_address", "city", "country", "online_url"}
)


class StaffEventFilters(Schema):
    status: EventStatus | None = None
    kind: EventKind | None = None
    upcoming: bool | None = None
    limit: int = Field(25, ge=1, le=MAX_LIMIT, description="How many items to return.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class RegistrationFilters(PageQuery):
    status: RegistrationStatus | None = None


def _detail(request: HttpRequest, event_id: int) -> dict[str, Any]:
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    return event_detail(event, user=request.user, now=timezone.now())


def _values(payload: EventPatchIn) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=True)
    for key in ("sessions", "screening_questions"):
        if values.get(key) is not None:
            values[key] = [dict(row) for row in values[key]]
    for key in ("sessions", "screening_questions", "target_industries"):
        if key in values and values[key] is None:
            del values[key]
    refused = {}
    for key, value in list(values.items()):
        if value is None and key in TEXT_FIELDS:
            values[key] = ""  # a text sent as null is cleared
        elif value is None:
            refused[key] = [_("Give a value; this cannot be emptied.")]
    if refused:
        raise ValidationError(refused)
    return values


@router.get("", response=EventPageOut, summary="List every event, drafts included")
def staff_event_list(request: HttpRequest, filters: Query[StaffEventFilters]) -> dict[str, Any]:
    now = timezone.now()
    events = selectors.event_list(
        user=request.user, status=filters.status, kind=filters.kind, upcoming=filters.upcoming, now=now
    )
    count = events.count()
    return {
        "items": [event_summary(event, now=now) for event in events[filters.offset : filters.offset + filters.limit]],
        "count": count,
    }


@router.post("", response={201: EventDetailOut}, summary="Create an event (a draft)")
def staff_event_create(request: HttpRequest, payload: EventIn) -> Status[dict[str, Any]]:
    event = event_services.event_create(actor=signed_in_user(request), **_values(payload))
    return Status(201, _detail(request, event.pk))


@router.get("/{event_id}", response=EventDetailOut, summary="Read an event")
def staff_event_read(request: HttpRequest, event_id: ObjectId) -> dict[str, Any]:
    return _detail(request, event_id)


@router.patch("/{event_id}", response=EventDetailOut, summary="Change an event")
def staff_event_update(request: HttpRequest, event_id: ObjectId, payload: EventPatchIn) -> dict[str, Any]:
    """Sessions and screening questions, when sent, replace the old ones."""
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    event_services.event_update(actor=signed_in_user(request), event=event.pk, **_values(payload))
    return _detail(request, event.pk)


@router.post("/{event_id}/publish", response=EventDetailOut, summary="Publish an event")
def staff_event_publish(request: HttpRequest, event_id: ObjectId) -> dict[str, Any]:
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    event_services.event_publish(actor=signed_in_user(request), event=event.pk)
    return _detail(request, event.pk)


@router.post("/{event_id}/cancel", response=EventDetailOut, summary="Cancel an event")
def staff_event_cancel(request: HttpRequest, event_id: ObjectId, payload: CancelIn) -> dict[str, Any]:
    """Every registration and booth is cancelled and its people told, with the reason."""
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    event_services.event_cancel(actor=signed_in_user(request), event=event.pk, reason=payload.reason)
    return _detail(request, event.pk)


@router.get("/{event_id}/registrations", response=StaffRegistrationPageOut, summary="An event's registrations")
def staff_registration_list(
    request: HttpRequest, event_id: ObjectId, filters: Query[RegistrationFilters]
) -> dict[str, Any]:
    """In arrival order, with the fit check and the screening answers."""
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    registrations = selectors.registrations_of_event(event, status=filters.status)
    industries = {industry.code: industry.name for industry in event.target_industries.all()}
    count = registrations.count()
    items = []
    for registration in registrations[filters.offset : filters.offset + filters.limit]:
        registration.event = event
        items.append(staff_registration_out(registration, user=request.user, industries=industries))
    return {"items": items, "count": count}


@router.get("/{event_id}/booths", response=list[BoothOut], summary="An event's booths")
def staff_booth_list(
    request: HttpRequest, event_id: ObjectId, filters: Query[RegistrationFilters]
) -> list[dict[str, Any]]:
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    booths = selectors.booths_of_event(event, status=filters.status)[filters.offset : filters.offset + filters.limit]
    return [booth_out(booth) for booth in booths]


@router.post("/registrations/{registration_id}/cancel", response=StaffRegistrationOut, summary="Cancel a registration")
def staff_registration_cancel(request: HttpRequest, registration_id: ObjectId) -> dict[str, Any]:
    registration = policies.access_registration_for_staff(user=request.user, registration_id=registration_id)
    registration_services.registration_cancel(actor=signed_in_user(request), registration=registration.pk)
    registration = TalentRegistration.objects.select_related("event", "profile__user").get(pk=registration.pk)
    industries = {industry.code: industry.name for industry in registration.event.target_industries.all()}
    return staff_registration_out(registration, user=request.user, industries=industries)


@router.post("/booths/{booth_id}/cancel", response=BoothOut, summary="Cancel a booth")
def staff_booth_cancel(request: HttpRequest, booth_id: ObjectId) -> dict[str, Any]:
    booth = policies.access_booth_for_staff(user=request.user, booth_id=booth_id)
    booth_services.booth_cancel(actor=signed_in_user(request), booth=booth.pk)
    return booth_out(BoothRegistration.objects.select_related("event", "company").get(pk=booth.pk))
