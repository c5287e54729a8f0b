"""Interview schedules in the API: each side's calendar file (``text/calendar``), a booth's
timetable with the talents' names, marking an interview held or a no-show, and staff sending the
schedules. Under the grid's role checks: a talent reads their own registration's file, a member of
a verified company its own booth's, staff any; 404 for what the caller may not see, 409 (code
``conflict``) for a mark before the slot started or a send with nothing on the grid."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.events import ics, policies, selectors
from talentcenter.events.api.interviews import InterviewOut, _interview_out
from talentcenter.events.enums import InterviewStatus
from talentcenter.events.models import Interview
from talentcenter.events.services import schedules as services
from talentcenter.foundation.api.schemas import InputSchema, ObjectId
from talentcenter.foundation.downloads import calendar_download
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_access, record_personal_data_list_access

company_router = Router(tags=["events"])
talent_router = Router(tags=["events"])
staff_router = Router(tags=["staff"])

CALENDAR = {
    "responses": {
        200: {
            "description": "The interviews as an iCalendar file (RFC 5545): one VEVENT per interview, a stable UID, "
            "times in the venue's zone with its VTIMEZONE.",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        }
    }
}


class BoothInterviewOut(Schema):
    """One interview on the booth's timetable: the talent's name, nothing more of them."""

    id: int
    starts_at: datetime
    ends_at: datetime
    registration_id: int
    talent_name: str
    status: InterviewStatus
    status_label: str


class MarkIn(InputSchema):
    status: Literal["held", "no_show"]


class SchedulesSentOut(Schema):
    schedules_sent_at: datetime | None


def _booth_row(interview: Interview) -> dict[str, Any]:
    return {
        "id": interview.pk,
        "starts_at": interview.slot.starts_at,
        "ends_at": interview.slot.ends_at,
        "registration_id": interview.registration_id,
        "talent_name": str(interview.registration.profile),
        "status": interview.status,
        "status_label": str(InterviewStatus(interview.status).label),
    }


def _record(request: HttpRequest, interviews: list[Interview]) -> None:
    record_personal_data_list_access(
        viewer=signed_in_user(request),
        subjects=list({interview.registration.profile.user for interview in interviews}),
        what=AccessWhat.INTERVIEW_SCHEDULE,
        via="api",
    )


# --- Talents ----------------------------------------------------------------------------------
@talent_router.get(
    "/{registration_id}/interviews.ics",
    response={200: None},
    summary="My interviews at an event as a calendar file",
    openapi_extra=CALENDAR,
)
def registration_calendar(request: HttpRequest, registration_id: ObjectId) -> HttpResponse:
    registration = policies.access_registration_for_talent(user=request.user, registration_id=registration_id)
    return calendar_download(services.talent_calendar(registration), ics.filename(registration.event))


# --- Companies --------------------------------------------------------------------------------
@company_router.get(
    "/{booth_id}/interviews", response=list[BoothInterviewOut], summary="My booth's interview timetable"
)
def booth_timetable(request: HttpRequest, booth_id: ObjectId) -> list[dict[str, Any]]:
    """The talents on the grid with the booth, by name (they agreed to it by registering)."""
    booth = policies.access_booth_for_company(user=request.user, booth_id=booth_id)
    interviews = selectors.booth_interviews(booth)
    _record(request, interviews)
    return [_booth_row(interview) for interview in interviews]


@company_router.get(
    "/{booth_id}/interviews.ics",
    response={200: None},
    summary="My booth's interview timetable as a calendar file",
    openapi_extra=CALENDAR,
)
def booth_calendar(request: HttpRequest, booth_id: ObjectId) -> HttpResponse:
    booth = policies.access_booth_for_company(user=request.user, booth_id=booth_id)
    _record(request, selectors.booth_interviews(booth))
    return calendar_download(services.booth_calendar(booth), ics.filename(booth.event))


@company_router.post(
    "/{booth_id}/interviews/{interview_id}/status",
    response=BoothInterviewOut,
    summary="Mark an interview at my booth held or a no-show",
)
def booth_interview_mark(
    request: HttpRequest, booth_id: ObjectId, interview_id: ObjectId, payload: MarkIn
) -> dict[str, Any]:
    """Once its slot has started (409 before)."""
    booth = policies.access_booth_for_company(user=request.user, booth_id=booth_id)
    interview = Interview.objects.filter(pk=interview_id, booth_id=booth.pk).first()
    if interview is None:
        raise Http404
    services.interview_mark(actor=signed_in_user(request), interview=interview, outcome=payload.status)
    return _booth_row(Interview.objects.select_related("slot", "registration__profile").get(pk=interview.pk))


# --- Staff ------------------------------------------------------------------------------------
@staff_router.post(
    "/{event_id}/interviews/schedules/send", response=SchedulesSentOut, summary="Send the interview schedules"
)
def staff_schedules_send(request: HttpRequest, event_id: ObjectId) -> dict[str, Any]:
    """Every talent and booth on the grid is sent their schedule by e-mail with the calendar file
    (through the task worker); from then on every change is sent to those it concerns. Sending
    again sends only what changed."""
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    grid = services.interview_schedules_send(actor=signed_in_user(request), event=event.pk)
    return {"schedules_sent_at": grid.schedules_sent_at}


@staff_router.get(
    "/registrations/{registration_id}/interviews.ics",
    response={200: None},
    summary="A talent's interviews as a calendar file",
    openapi_extra=CALENDAR,
)
def staff_registration_calendar(request: HttpRequest, registration_id: ObjectId) -> HttpResponse:
    registration = policies.access_registration_for_staff(user=request.user, registration_id=registration_id)
    record_personal_data_access(
        viewer=signed_in_user(request),
        subject=registration.profile.user,
        what=AccessWhat.INTERVIEW_SCHEDULE,
        obj=registration,
        via="api",
    )
    return calendar_download(services.talent_calendar(registration), ics.filename(registration.event))


@staff_router.get(
    "/booths/{booth_id}/interviews.ics",
    response={200: None},
    summary="A booth's interview timetable as a calendar file",
    openapi_extra=CALENDAR,
)
def staff_booth_calendar(request: HttpRequest, booth_id: ObjectId) -> HttpResponse:
    booth = policies.access_booth_for_staff(user=request.user, booth_id=booth_id)
    _record(request, selectors.booth_interviews(booth))
    return calendar_download(services.booth_calendar(booth), ics.filename(booth.event))


@staff_router.post(
    "/{event_id}/interviews/{interview_id}/status", response=InterviewOut, summary="Mark an interview held or a no-show"
)
def staff_interview_mark(
    request: HttpRequest, event_id: ObjectId, interview_id: ObjectId, payload: MarkIn
) -> dict[str, Any]:
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    interview = Interview.objects.filter(pk=interview_id, event_id=event.pk).first()
    if interview is None:
        raise Http404
    services.interview_mark(actor=signed_in_user(request), interview=interview, outcome=payload.status)
    return _interview_out(Interview.objects.select_related("slot", "booth__company").get(pk=interview.pk))
