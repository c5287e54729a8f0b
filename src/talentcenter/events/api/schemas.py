"""The events API's schemas and the functions that fill them (shared by its three routers)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema

from talentcenter.accounts.policies import Visitor
from talentcenter.events import selectors
from talentcenter.events.enums import EventKind, EventStatus, FitResult, RegistrationStatus
from talentcenter.events.fit import fit_reason
from talentcenter.events.models import KOREA_TIME_ZONE, BoothRegistration, Event, TalentRegistration
from talentcenter.events.policies import can_manage_events
from talentcenter.events.services import booths as booth_services
from talentcenter.events.services import events as event_services
from talentcenter.events.services import registrations as registration_services
from talentcenter.foundation.api.schemas import (
    MAX_ID,
    MAX_LIMIT,
    MAX_OFFSET,
    InputSchema,
    PlainText,
    StrictBoolean,
    WholeNumber,
)

KST = zoneinfo.ZoneInfo(KOREA_TIME_ZONE)
Id = Annotated[int, Field(ge=1, le=MAX_ID), WholeNumber]
Answer = Annotated[str, PlainText(registration_services.ANSWER_MAX_LENGTH)]


# --- Out --------------------------------------------------------------------------------------
class IndustryOut(Schema):
    id: int
    scheme: str
    code: str
    name: str


class SessionOut(Schema):
    id: int
    title: str
    title_ko: str
    title_en: str
    starts_at: datetime
    ends_at: datetime
    starts_at_local: datetime = Field(description="In the venue's time zone (UTC for an online event).")
    ends_at_local: datetime
    room: str
    is_break: bool


class QuestionOut(Schema):
    id: int
    text: str
    text_ko: str
    text_en: str
    required: bool


class PlacesOut(Schema):
    seats_left: int
    waiting: int
    booths_left: int
    booths_waiting: int


class EventSummaryOut(Schema):
    id: int
    slug: str
    kind: EventKind
    kind_label: str
    status: EventStatus
    status_label: str
    title: str
    title_ko: str
    title_en: str
    city: str
    country: str
    venue_name: str
    is_online: bool
    time_zone: str
    starts_at: datetime
    ends_at: datetime
    starts_at_local: datetime = Field(description="In the venue's time zone (UTC for an online event).")
    starts_at_kst: datetime = Field(description="In Korea's time zone.")
    registration_opens_at: datetime
    registration_closes_at: datetime
    registration_open: bool
    talent_capacity: int
    company_capacity: int
    target_industries: list[IndustryOut]


class EventPageOut(Schema):
    items: list[EventSummaryOut]
    count: int


class EventDetailOut(EventSummaryOut):
    summary: str
    summary_ko: str
    summary_en: str
    venue_address: str
    online_url: str = Field(description="Only for people with a confirmed place, and staff; empty otherwise.")
    offer_hours: int
    places: PlacesOut
    sessions: list[SessionOut]
    screening_questions: list[QuestionOut]
    cancel_reason: str


class MyRegistrationOut(Schema):
    id: int
    event_id: int
    event_slug: str
    event_title: str
    event_starts_at: datetime
    status: RegistrationStatus
    status_label: str
    arrival: int
    waiting_position: int | None = Field(description="1 = the next to be offered a place; null when not waiting.")
    offer_expires_at: datetime | None = Field(description="The deadline to confirm an offered place.")
    registered_at: datetime
    status_changed_at: datetime
    fit: FitResult
    fit_label: str
    fit_reason: str
    screening_answers: dict[str, str]
    can_cancel: bool
    can_confirm: bool


class StaffRegistrationOut(MyRegistrationOut):
    profile_id: int
    name: str
    email: str


class StaffRegistrationPageOut(Schema):
    items: list[StaffRegistrationOut]
    count: int


class BoothOut(Schema):
    id: int
    event_id: int
    event_title: str
    company_id: int
    company_name: str
    status: RegistrationStatus
    status_label: str
    arrival: int
    waiting_position: int | None
    offer_expires_at: datetime | None
    opening_ids: list[int]
    interviewers_per_slot: int
    registered_at: datetime
    status_changed_at: datetime


# --- In ---------------------------------------------------------------------------------------
class RegistrationIn(InputSchema):
    screening_answers: dict[Annotated[str, PlainText(20)], Answer] = Field(
        default_factory=dict, max_length=50, description="Answers by question id."
    )


class BoothIn(InputSchema):
    company_id: Id
    opening_ids: list[Id] = Field(default_factory=list, max_length=booth_services.MAX_OPENINGS)
    interviewers_per_slot: Annotated[int, Field(ge=1, le=booth_services.MAX_INTERVIEWERS), WholeNumber] = 1


class BoothPatchIn(InputSchema):
    opening_ids: list[Id] | None = Field(None, max_length=booth_services.MAX_OPENINGS)
    interviewers_per_slot: Annotated[int, Field(ge=1, le=booth_services.MAX_INTERVIEWERS), WholeNumber] | None = None


class SessionIn(InputSchema):
    title_ko: Annotated[str, PlainText(200)] = ""
    title_en: Annotated[str, PlainText(200)] = ""
    starts_at: datetime
    ends_at: datetime
    room: Annotated[str, PlainText(120)] = ""
    is_break: StrictBoolean = False


class QuestionIn(InputSchema):
    text_ko: Annotated[str, PlainText(500)] = ""
    text_en: Annotated[str, PlainText(500)] = ""
    required: StrictBoolean = False


Capacity = Annotated[int, Field(ge=0, le=100_000), WholeNumber]


class EventPatchIn(InputSchema):
    """Send only what changes. Times with their offset (``2026-09-01T09:00:00+09:00``)."""

    slug: Annotated[str, PlainText(80, min_length=1)] | None = None
    kind: EventKind | None = None
    title_ko: Annotated[str, PlainText(200)] | None = None
    title_en: Annotated[str, PlainText(200)] | None = None
    summary_ko: Annotated[str, PlainText(10_000)] | None = None
    summary_en: Annotated[str, PlainText(10_000)] | None = None
    venue_name: Annotated[str, PlainText(200)] | None = None
    venue_address: Annotated[str, PlainText(300)] | None = None
    city: Annotated[str, PlainText(100)] | None = None
    country: Annotated[str, PlainText(2)] | None = Field(None, description="ISO 3166 alpha-2, e.g. US.")
    time_zone: Annotated[str, PlainText(64, min_length=1)] | None = Field(None, description="IANA, e.g. Asia/Seoul.")
    online_url: Annotated[str, PlainText(500)] | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    talent_capacity: Capacity | None = None
    company_capacity: Capacity | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    offer_hours: Annotated[int, Field(ge=1, le=14 * 24), WholeNumber] | None = None
    target_industries: list[Id] | None = Field(None, max_length=event_services.MAX_TARGET_INDUSTRIES)
    sessions: list[SessionIn] | None = Field(None, max_length=event_services.MAX_SESSIONS)
    screening_questions: list[QuestionIn] | None = Field(None, max_length=event_services.MAX_QUESTIONS)


class EventIn(EventPatchIn):
    slug: Annotated[str, PlainText(80, min_length=1)]
    kind: EventKind
    starts_at: datetime
    ends_at: datetime
    talent_capacity: Capacity
    registration_opens_at: datetime
    registration_closes_at: datetime


class CancelIn(InputSchema):
    reason: Annotated[str, PlainText(2000, min_length=1)]


class PageQuery(Schema):
    limit: int = Field(25, ge=1, le=MAX_LIMIT, description="How many items to return.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


# --- Filling ----------------------------------------------------------------------------------
def _local(event: Event, moment: datetime) -> datetime:
    return moment.astimezone(zoneinfo.ZoneInfo("UTC") if event.is_online else event.zone)


def event_summary(event: Event, *, now: datetime) -> dict[str, Any]:
    return {
        "id": event.pk,
        "slug": event.slug,
        "kind": event.kind,
        "kind_label": str(event.get_kind_display()),
        "status": event.status,
        "status_label": str(event.get_status_display()),
        "title": event.title,
        "title_ko": event.title_ko,
        "title_en": event.title_en,
        "city": event.city,
        "country": str(event.country or ""),
        "venue_name": event.venue_name,
        "is_online": event.is_online,
        "time_zone": event.time_zone,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "starts_at_local": _local(event, event.starts_at),
        "starts_at_kst": event.starts_at.astimezone(KST),
        "registration_opens_at": event.registration_opens_at,
        "registration_closes_at": event.registration_closes_at,
        "registration_open": event.registration_is_open(now),
        "talent_capacity": event.talent_capacity,
        "company_capacity": event.company_capacity,
        "target_industries": [
            {"id": industry.pk, "scheme": industry.scheme, "code": industry.code, "name": industry.name}
            for industry in event.target_industries.all()
        ],
    }


def event_detail(event: Event, *, user: Visitor, now: datetime) -> dict[str, Any]:
    places = selectors.places_of(event)
    return {
        **event_summary(event, now=now),
        "summary": event.summary,
        "summary_ko": event.summary_ko,
        "summary_en": event.summary_en,
        "venue_address": event.venue_address,
        "online_url": event.online_url if selectors.holds_confirmed_seat(user=user, event=event) else "",
        "offer_hours": event.offer_hours,
        "places": {
            "seats_left": places.seats_left,
            "waiting": places.waiting,
            "booths_left": places.booths_left,
            "booths_waiting": places.booths_waiting,
        },
        "sessions": [
            {
                "id": session.pk,
                "title": session.title,
                "title_ko": session.title_ko,
                "title_en": session.title_en,
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "starts_at_local": _local(event, session.starts_at),
                "ends_at_local": _local(event, session.ends_at),
                "room": session.room,
                "is_break": session.is_break,
            }
            for session in event.sessions.all()
        ],
        "screening_questions": [
            {
                "id": question.pk,
                "text": question.text,
                "text_ko": question.text_ko,
                "text_en": question.text_en,
                "required": question.required,
            }
            for question in event.screening_questions.all()
        ],
        "cancel_reason": event.cancel_reason,
    }


def registration_out(
    registration: TalentRegistration, *, user: Visitor, industries: dict[str, str] | None = None
) -> dict[str, Any]:
    event = registration.event
    if industries is None:
        industries = {industry.code: industry.name for industry in event.target_industries.all()}
    own = getattr(user, "pk", None) is not None and registration.profile.user_id == getattr(user, "pk", None)
    return {
        "id": registration.pk,
        "event_id": event.pk,
        "event_slug": event.slug,
        "event_title": event.title,
        "event_starts_at": event.starts_at,
        "status": registration.status,
        "status_label": str(registration.get_status_display()),
        "arrival": registration.arrival,
        "waiting_position": selectors.waiting_position(registration),
        "offer_expires_at": registration.offer_expires_at,
        "registered_at": registration.registered_at,
        "status_changed_at": registration.status_changed_at,
        "fit": registration.fit,
        "fit_label": str(registration.get_fit_display()),
        "fit_reason": fit_reason(registration.fit, registration.fit_details, industries=industries),
        "screening_answers": dict(registration.screening_answers or {}),
        "can_cancel": registration.status
        in {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED}
        and (own or can_manage_events(user)),
        "can_confirm": own and registration.status == RegistrationStatus.OFFERED,
    }


def staff_registration_out(
    registration: TalentRegistration, *, user: Visitor, industries: dict[str, str]
) -> dict[str, Any]:
    profile = registration.profile
    return {
        **registration_out(registration, user=user, industries=industries),
        "profile_id": profile.pk,
        "name": profile.full_name,
        "email": profile.user.email,
    }


def booth_out(booth: BoothRegistration) -> dict[str, Any]:
    return {
        "id": booth.pk,
        "event_id": booth.event_id,
        "event_title": booth.event.title,
        "company_id": booth.company_id,
        "company_name": booth.company.name,
        "status": booth.status,
        "status_label": str(booth.get_status_display()),
        "arrival": booth.arrival,
        "waiting_position": selectors.waiting_position(booth),
        "offer_expires_at": booth.offer_expires_at,
        "opening_ids": sorted(opening.pk for opening in booth.openings.all()),
        "interviewers_per_slot": booth.interviewers_per_slot,
        "registered_at": booth.registered_at,
        "status_changed_at": booth.status_changed_at,
    }
