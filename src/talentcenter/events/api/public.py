"""Events over HTTP, at ``/api/v1/events``: the public list and pages, a talent's registration,
and companies' booths.

Thin clients of ``events.services`` and ``events.selectors``: 404 for an event, booth or company
the caller may not see, 403 when a talent profile or a verified company is needed, 409 (code
``conflict``) when registration is closed, the person or company is registered already, or the
booth has moved on; 422 for invalid input (bodies are strict: unknown fields are refused).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from talentcenter.accounts.api_auth import OPTIONAL
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.events import ics, policies, selectors
from talentcenter.events.api.schemas import (
    BoothIn,
    BoothOut,
    BoothPatchIn,
    EventDetailOut,
    EventPageOut,
    MyRegistrationOut,
    RegistrationIn,
    booth_out,
    event_detail,
    event_summary,
    registration_out,
)
from talentcenter.events.enums import EventKind
from talentcenter.events.models import BoothRegistration, TalentRegistration
from talentcenter.events.services import booths as booth_services
from talentcenter.events.services import registrations as registration_services
from talentcenter.foundation.api.schemas import MAX_LIMIT, MAX_OFFSET, ObjectId, PlainText
from talentcenter.foundation.downloads import calendar_download

router = Router(tags=["events"])


class EventFilters(Schema):
    kind: EventKind | None = None
    city: Annotated[str, PlainText(100)] | None = Field(None, description="The venue's city, e.g. Seoul.")
    industry: Annotated[str, PlainText(60)] | None = Field(
        None, description="A reference industry code, e.g. semiconductor."
    )
    upcoming: bool | None = Field(None, description="true: not over yet; false: over.")
    limit: int = Field(25, ge=1, le=MAX_LIMIT, description="How many items to return.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


def _booth(booth_id: int) -> dict[str, Any]:
    return booth_out(BoothRegistration.objects.select_related("event", "company").get(pk=booth_id))


# --- Booths (before /{event_id}, so that "booths" is not read as an event) ---------------------
@router.get("/booths", response=list[BoothOut], summary="My companies' booths")
def booth_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The booths of every company the caller belongs to, the next event first."""
    user = signed_in_user(request)
    booths = (
        BoothRegistration.objects.filter(company__memberships__user_id=user.pk)
        .select_related("event", "company")
        .prefetch_related("openings")
        .order_by("event__starts_at", "pk")[:MAX_LIMIT]
    )
    return [booth_out(booth) for booth in booths]


@router.patch("/booths/{booth_id}", response=BoothOut, summary="Change a booth's openings or interviewers")
def booth_update(request: HttpRequest, booth_id: ObjectId, payload: BoothPatchIn) -> dict[str, Any]:
    booth = policies.access_booth_for_company(user=request.user, booth_id=booth_id)
    booth_services.booth_update(
        actor=signed_in_user(request),
        booth=booth,
        opening_ids=payload.opening_ids,
        interviewers_per_slot=payload.interviewers_per_slot,
    )
    return _booth(booth.pk)


@router.post("/booths/{booth_id}/cancel", response=BoothOut, summary="Cancel a booth")
def booth_cancel(request: HttpRequest, booth_id: ObjectId) -> dict[str, Any]:
    """The freed booth is offered to the next company waiting."""
    booth = policies.access_booth_for_company(user=request.user, booth_id=booth_id)
    booth_services.booth_cancel(actor=signed_in_user(request), booth=booth)
    return _booth(booth.pk)


@router.post("/booths/{booth_id}/confirm", response=BoothOut, summary="Confirm a booth offered from the waiting list")
def booth_confirm(request: HttpRequest, booth_id: ObjectId) -> dict[str, Any]:
    booth = policies.access_booth_for_company(user=request.user, booth_id=booth_id)
    booth_services.booth_confirm(actor=signed_in_user(request), booth=booth)
    return _booth(booth.pk)


# --- Public -----------------------------------------------------------------------------------
@router.get("", response=EventPageOut, auth=OPTIONAL, summary="List events")
def event_list(request: HttpRequest, filters: Query[EventFilters]) -> dict[str, Any]:
    """Published events (and cancelled ones, marked so), soonest first, with filters."""
    now = timezone.now()
    events = selectors.event_list(
        user=None,
        kind=filters.kind,
        city=filters.city,
        industry=filters.industry,
        upcoming=filters.upcoming,
        now=now,
    )
    count = events.count()
    return {
        "items": [event_summary(event, now=now) for event in events[filters.offset : filters.offset + filters.limit]],
        "count": count,
    }


@router.get("/{event_id}", response=EventDetailOut, auth=OPTIONAL, summary="Read an event")
def event_read(request: HttpRequest, event_id: ObjectId) -> dict[str, Any]:
    """Sessions with their times in the venue's zone and Korea's, the places left and the
    screening questions. The online link only for people with a confirmed place."""
    event = policies.access_event_for_viewing(user=request.user, event_id=event_id)
    return event_detail(event, user=request.user, now=timezone.now())


@router.get(
    "/{event_id}/calendar.ics",
    response={200: None},
    auth=OPTIONAL,
    summary="An event as a calendar file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The event as an iCalendar file (RFC 5545): one VEVENT, a stable UID, the venue's "
                "zone with its VTIMEZONE; STATUS:CANCELLED once cancelled. No online link.",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def event_calendar(request: HttpRequest, event_id: ObjectId) -> HttpResponse:
    event = policies.access_event_for_viewing(user=request.user, event_id=event_id)
    page_url = request.build_absolute_uri(reverse("events:detail", kwargs={"slug": event.slug}))
    return calendar_download(ics.event_calendar_text(event, page_url=page_url), f"{event.slug}.ics", private=False)


@router.post(
    "/{event_id}/registrations", response={201: MyRegistrationOut}, summary="Register for an event with my profile"
)
def registration_create(request: HttpRequest, event_id: ObjectId, payload: RegistrationIn) -> Status[dict[str, Any]]:
    """A free seat confirms at once; a full event puts you on the waiting list. 403 without a
    talent profile, 409 when registration is not open or you are registered already, 422 when a
    required screening question is not answered."""
    user = signed_in_user(request)
    event = policies.access_event_for_viewing(user=user, event_id=event_id)
    registration = registration_services.talent_register(
        actor=user, event=event.pk, screening_answers=payload.screening_answers
    )
    registration = TalentRegistration.objects.select_related("event", "profile").get(pk=registration.pk)
    return Status(201, registration_out(registration, user=user))


@router.post("/{event_id}/booths", response={201: BoothOut}, summary="Register my company's booth")
def booth_create(request: HttpRequest, event_id: ObjectId, payload: BoothIn) -> Status[dict[str, Any]]:
    """With the company's openings and the number of interviewers per slot. 404 for a company you
    do not belong to, 403 while it is not verified, 409 when registration is not open or the
    company has a booth already, 422 for an opening that is not the company's."""
    user = signed_in_user(request)
    event = policies.access_event_for_viewing(user=user, event_id=event_id)
    company = policies.access_company_for_booth(user=user, company_id=payload.company_id)
    booth = booth_services.booth_register(
        actor=user,
        event=event.pk,
        company=company,
        opening_ids=payload.opening_ids,
        interviewers_per_slot=payload.interviewers_per_slot,
    )
    return Status(201, _booth(booth.pk))
