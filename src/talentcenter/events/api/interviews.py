"""The interview grid in the API: companies shortlist registrants for their booth
(``/api/v1/events/booths/{id}/candidates``), talents mark booths they want to meet and read their
interviews (``/api/v1/me/events/{id}/...``), staff plan slots, run the optimiser and edit the grid
by hand (``/api/v1/staff/events/{id}/interviews``). 404 for what the caller may not see, 409 (code
``conflict``) for a step the grid's state does not allow, 422 for invalid input."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.events import policies, selectors
from talentcenter.events.api.schemas import Id
from talentcenter.events.enums import InterviewStatus, RegistrationStatus, SolveJobStatus
from talentcenter.events.models import BoothRegistration, Event, Interview, InterviewGrid, TalentRegistration
from talentcenter.events.services import interviews as services
from talentcenter.foundation.api.schemas import InputSchema, ObjectId, StrictBoolean, WholeNumber
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_list_access

company_router = Router(tags=["events"])
talent_router = Router(tags=["events"])
staff_router = Router(tags=["staff"])

SlotNumber = Annotated[int, Field(ge=0, le=services.MAX_SLOTS - 1), WholeNumber]


# --- Schemas ----------------------------------------------------------------------------------
class CandidateSummaryOut(Schema):
    skills: list[str]
    education: str
    years: float | None
    languages: list[tuple[str, int]]


class BoothCandidateOut(Schema):
    """A confirmed registrant ranked for the booth: a professional summary, never a name."""

    registration_id: int
    rank: int
    score: float = Field(description="The match with the booth's best opening, 0–1.")
    opening_id: int | None
    summary: CandidateSummaryOut
    shortlisted: bool
    wants_to_meet: bool


class CandidateQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    opening_id: int | None = Field(None, ge=1, description="Rank against this opening of the booth only.")
    min_score: float | None = Field(None, ge=0, le=1, description="Leave out matches below this (0–1).")
    wants_to_meet: bool = Field(False, description="Only talents who marked the booth.")


class ShortlistIn(InputSchema):
    registration_id: Id
    shortlisted: StrictBoolean = True


class WishIn(InputSchema):
    booth_id: Id
    wants_to_meet: StrictBoolean = True


class OpeningRefOut(Schema):
    id: int
    title: str


class WishBoothOut(Schema):
    booth_id: int
    company: str
    openings: list[OpeningRefOut]
    score: float = Field(description="My match with the booth's best opening, 0–1.")
    wants_to_meet: bool


class InterestOut(Schema):
    registration_id: int
    booth_id: int
    shortlisted: bool
    wants_to_meet: bool
    score: float


class SlotOut(Schema):
    index: int
    starts_at: datetime
    ends_at: datetime
    is_break: bool


class InterviewOut(Schema):
    id: int
    slot: int
    starts_at: datetime
    ends_at: datetime
    registration_id: int
    booth_id: int
    company: str
    pinned: bool
    status: InterviewStatus
    status_label: str


class SolveRecordOut(Schema):
    solved_at: datetime | None
    solver: str
    status: str
    objective: float | None
    upper_bound: float | None
    talents_interviewed: int | None
    seconds: float | None
    max_interviews_per_talent: int


class GridOut(Schema):
    slots: list[SlotOut]
    interviews: list[InterviewOut]
    last_run: SolveRecordOut | None


class SlotsIn(InputSchema):
    starts_at: datetime
    count: Annotated[int, Field(ge=1, le=services.MAX_SLOTS), WholeNumber]
    minutes: Annotated[int, Field(ge=services.SLOT_MINUTES[0], le=services.SLOT_MINUTES[1]), WholeNumber]
    breaks: list[SlotNumber] = Field(default_factory=list, max_length=services.MAX_SLOTS)
    max_interviews_per_talent: Annotated[int, Field(ge=1, le=16), WholeNumber] | None = None


class SolveIn(InputSchema):
    draft: StrictBoolean = False
    seconds: float = Field(services.DEFAULT_SOLVE_SECONDS, ge=1, le=25)


class SolveJobOut(Schema):
    """A solve run by the task worker (a grid too large for the request)."""

    status: str = Field(description="queued, running, done, failed, superseded; empty: none was ever queued.")
    status_label: str
    message: str
    requested_at: datetime | None
    finished_at: datetime | None
    status_url: str


class AvailabilityIn(InputSchema):
    unavailable_slots: list[SlotNumber] = Field(max_length=services.MAX_SLOTS)


class StaffAvailabilityIn(AvailabilityIn):
    registration_id: Id | None = None
    booth_id: Id | None = None


class AvailabilityOut(Schema):
    unavailable_slots: list[int] = Field(description="Slot indexes (from 0) nobody meets them in; breaks left out.")


class PlaceIn(InputSchema):
    registration_id: Id
    booth_id: Id
    slot: SlotNumber


class InterviewPatchIn(InputSchema):
    """Move the meeting to another slot (it is then pinned), or pin or unpin it."""

    slot: SlotNumber | None = None
    pinned: StrictBoolean | None = None


def _interview_out(interview: Interview) -> dict[str, Any]:
    return {
        "id": interview.pk,
        "slot": interview.slot.index,
        "starts_at": interview.slot.starts_at,
        "ends_at": interview.slot.ends_at,
        "registration_id": interview.registration_id,
        "booth_id": interview.booth_id,
        "company": interview.booth.company.name,
        "pinned": interview.pinned,
        "status": interview.status,
        "status_label": str(InterviewStatus(interview.status).label),
    }


def _interest_out(registration_id: int, booth_id: int, interest: Any) -> dict[str, Any]:
    return {
        "registration_id": registration_id,
        "booth_id": booth_id,
        "shortlisted": bool(interest and interest.shortlisted),
        "wants_to_meet": bool(interest and interest.wants_to_meet),
        "score": interest.score if interest else 0.0,
    }


def _grid_out(event: Event) -> dict[str, Any]:
    view = selectors.interview_grid(event)
    record = view["record"]
    return {
        "slots": [
            {"index": slot.index, "starts_at": slot.starts_at, "ends_at": slot.ends_at, "is_break": slot.is_break}
            for slot in view["slots"]
        ],
        "interviews": [_interview_out(interview) for interview in view["meetings"]],
        "last_run": None
        if record is None
        else {
            "solved_at": record.solved_at,
            "solver": record.solver,
            "status": record.solve_status,
            "objective": record.objective,
            "upper_bound": record.upper_bound,
            "talents_interviewed": record.talents_interviewed,
            "seconds": record.solve_seconds,
            "max_interviews_per_talent": record.max_interviews_per_talent,
        },
    }


def _job_out(request: HttpRequest, event: Event, record: InterviewGrid | None) -> dict[str, Any]:
    status = record.solve_job_status if record else ""
    return {
        "status": status,
        "status_label": str(SolveJobStatus(status).label) if status else "",
        "message": record.solve_job_message if record else "",
        "requested_at": record.solve_job_requested_at if record else None,
        "finished_at": record.solve_job_finished_at if record else None,
        "status_url": request.build_absolute_uri(reverse("api:staff_grid_solve_status", kwargs={"event_id": event.pk})),
    }


# --- Companies --------------------------------------------------------------------------------
def _confirmed_booth(request: HttpRequest, booth_id: int) -> BoothRegistration:
    booth = policies.access_booth_for_company(user=request.user, booth_id=booth_id)
    if booth.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed registrations and booths take part in interviews."), code="conflict")
    return booth


@company_router.get(
    "/{booth_id}/candidates", response=list[BoothCandidateOut], summary="Registrants ranked for my booth"
)
def booth_candidates(request: HttpRequest, booth_id: ObjectId, filters: Query[CandidateQuery]) -> list[dict[str, Any]]:
    """The event's confirmed registrants who made their profile discoverable, ranked by their match
    with the booth's openings, with whom the company shortlisted and who asked to meet it."""
    booth = _confirmed_booth(request, booth_id)
    rows = selectors.booth_candidates(
        booth,
        limit=filters.limit,
        opening_id=filters.opening_id,
        min_score=filters.min_score,
        wants_to_meet_only=filters.wants_to_meet,
    )
    record_personal_data_list_access(
        viewer=signed_in_user(request),
        subjects=User.objects.filter(talent_profile__in=[row["profile_id"] for row in rows]),
        what=AccessWhat.TALENT_LIST,
        via="api",
    )
    return rows


@company_router.post("/{booth_id}/shortlist", response=InterestOut, summary="Shortlist a registrant for my booth")
def booth_shortlist(request: HttpRequest, booth_id: ObjectId, payload: ShortlistIn) -> dict[str, Any]:
    booth = _confirmed_booth(request, booth_id)
    registration = TalentRegistration.objects.filter(pk=payload.registration_id, event_id=booth.event_id).first()
    if registration is None:
        raise Http404
    interest = services.interest_shortlist(
        actor=signed_in_user(request), booth=booth, registration=registration, shortlisted=payload.shortlisted
    )
    return _interest_out(registration.pk, booth.pk, interest)


@company_router.get("/{booth_id}/availability", response=AvailabilityOut, summary="My booth's availability")
def booth_availability(request: HttpRequest, booth_id: ObjectId) -> dict[str, Any]:
    booth = _confirmed_booth(request, booth_id)
    return {"unavailable_slots": sorted(booth.unavailable_slots or [])}


@company_router.put("/{booth_id}/availability", response=AvailabilityOut, summary="Set my booth's availability")
def booth_availability_set(request: HttpRequest, booth_id: ObjectId, payload: AvailabilityIn) -> dict[str, Any]:
    """The slots (indexes from 0) in which the booth interviews nobody; 409 while a meeting is on
    the grid in a slot newly marked."""
    booth = _confirmed_booth(request, booth_id)
    kept = services.booth_availability_set(
        actor=signed_in_user(request), booth=booth, unavailable_slots=payload.unavailable_slots
    )
    return {"unavailable_slots": kept}


# --- Talents ----------------------------------------------------------------------------------
@talent_router.get("/{registration_id}/booths", response=list[WishBoothOut], summary="The booths at my event")
def registration_booths(request: HttpRequest, registration_id: ObjectId) -> list[dict[str, Any]]:
    """The event's confirmed booths, best match with my profile first (0–1), and whether I want to
    meet each."""
    registration = policies.access_registration_for_talent(user=request.user, registration_id=registration_id)
    return [
        {
            "booth_id": row["booth"].pk,
            "company": row["booth"].company.name,
            "openings": [{"id": opening.pk, "title": opening.title} for opening in row["openings"]],
            "score": row["score"],
            "wants_to_meet": row["wants_to_meet"],
        }
        for row in selectors.booths_for_talent(registration)
    ]


@talent_router.get("/{registration_id}/availability", response=AvailabilityOut, summary="My availability")
def registration_availability(request: HttpRequest, registration_id: ObjectId) -> dict[str, Any]:
    registration = policies.access_registration_for_talent(user=request.user, registration_id=registration_id)
    return {"unavailable_slots": sorted(registration.unavailable_slots or [])}


@talent_router.put("/{registration_id}/availability", response=AvailabilityOut, summary="Set my availability")
def registration_availability_set(
    request: HttpRequest, registration_id: ObjectId, payload: AvailabilityIn
) -> dict[str, Any]:
    """The slots (indexes from 0) in which I cannot meet anybody; 409 while a meeting is on the grid
    in a slot newly marked."""
    registration = policies.access_registration_for_talent(user=request.user, registration_id=registration_id)
    kept = services.talent_availability_set(
        actor=signed_in_user(request), registration=registration, unavailable_slots=payload.unavailable_slots
    )
    return {"unavailable_slots": kept}


@talent_router.post("/{registration_id}/wishes", response=InterestOut, summary="Mark a booth I want to meet")
def registration_wish(request: HttpRequest, registration_id: ObjectId, payload: WishIn) -> dict[str, Any]:
    registration = policies.access_registration_for_talent(user=request.user, registration_id=registration_id)
    booth = BoothRegistration.objects.filter(
        pk=payload.booth_id, event_id=registration.event_id, status=RegistrationStatus.CONFIRMED
    ).first()
    if booth is None:
        raise Http404
    interest = services.interest_wish(
        actor=signed_in_user(request), registration=registration, booth=booth, wants_to_meet=payload.wants_to_meet
    )
    return _interest_out(registration.pk, booth.pk, interest)


@talent_router.get("/{registration_id}/interviews", response=list[InterviewOut], summary="My interviews at an event")
def registration_interviews(request: HttpRequest, registration_id: ObjectId) -> list[dict[str, Any]]:
    registration = policies.access_registration_for_talent(user=request.user, registration_id=registration_id)
    return [_interview_out(interview) for interview in selectors.talent_interviews(registration)]


# --- Staff ------------------------------------------------------------------------------------
@staff_router.get("/{event_id}/interviews", response=GridOut, summary="Read an event's interview grid")
def staff_grid(request: HttpRequest, event_id: ObjectId) -> dict[str, Any]:
    return _grid_out(policies.access_event_for_staff(user=request.user, event_id=event_id))


@staff_router.post("/{event_id}/interviews/slots", response=GridOut, summary="Plan the interview slots")
def staff_slots_plan(request: HttpRequest, event_id: ObjectId, payload: SlotsIn) -> dict[str, Any]:
    """Replaces the slots; refused (409) once meetings are on the grid."""
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    services.interview_slots_plan(actor=signed_in_user(request), event=event.pk, **payload.model_dump())
    return _grid_out(event)


@staff_router.post(
    "/{event_id}/interviews/solve",
    response={200: GridOut, 202: SolveJobOut},
    summary="Run the interview optimiser",
)
def staff_grid_solve(request: HttpRequest, event_id: ObjectId, payload: SolveIn) -> Status[dict[str, Any]]:
    """CP-SAT within ``seconds`` (or the greedy ``draft``); the meetings nobody pinned are replaced.
    409 when the grid changed while it was being solved: run it again. A grid larger than the
    in-request limit is queued for the task worker instead: 202 with the job and its ``status_url``
    (409 while another is waiting or running)."""
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    outcome = services.interview_grid_solve_or_queue(
        actor=signed_in_user(request), event=event.pk, draft=payload.draft, seconds=payload.seconds
    )
    if outcome.queued:
        return Status(202, _job_out(request, event, outcome.grid))
    return Status(200, _grid_out(event))


@staff_router.get("/{event_id}/interviews/solve", response=SolveJobOut, summary="The background solve's state")
def staff_grid_solve_status(request: HttpRequest, event_id: ObjectId) -> dict[str, Any]:
    """``status`` is empty when no solve was ever queued for the grid."""
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    return _job_out(request, event, InterviewGrid.objects.filter(event=event).first())


@staff_router.put(
    "/{event_id}/interviews/availability", response=AvailabilityOut, summary="Set a talent's or a booth's availability"
)
def staff_availability_set(request: HttpRequest, event_id: ObjectId, payload: StaffAvailabilityIn) -> dict[str, Any]:
    """Name exactly one of ``registration_id`` and ``booth_id`` (a confirmed one of this event)."""
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    actor = signed_in_user(request)
    if (payload.registration_id is None) == (payload.booth_id is None):
        raise ValidationError({"registration_id": [_("Name either a registration or a booth.")]})
    if payload.registration_id is None:
        booth = BoothRegistration.objects.filter(pk=payload.booth_id or 0, event=event).first()
        if booth is None:
            raise Http404
        kept = services.booth_availability_set(actor=actor, booth=booth, unavailable_slots=payload.unavailable_slots)
    else:
        registration = TalentRegistration.objects.filter(pk=payload.registration_id, event=event).first()
        if registration is None:
            raise Http404
        kept = services.talent_availability_set(
            actor=actor, registration=registration, unavailable_slots=payload.unavailable_slots
        )
    return {"unavailable_slots": kept}


@staff_router.post("/{event_id}/interviews", response={201: InterviewOut}, summary="Place a meeting by hand")
def staff_interview_place(request: HttpRequest, event_id: ObjectId, payload: PlaceIn) -> Status[dict[str, Any]]:
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    placed = services.interview_place(
        actor=signed_in_user(request),
        event=event.pk,
        registration=payload.registration_id,
        booth=payload.booth_id,
        slot_index=payload.slot,
    )
    return Status(201, _interview_out(Interview.objects.select_related("slot", "booth__company").get(pk=placed.pk)))


def _interview_of(request: HttpRequest, event_id: int, interview_id: int) -> Interview:
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    interview = Interview.objects.filter(pk=interview_id, event_id=event.pk).first()
    if interview is None:
        raise Http404
    return interview


@staff_router.patch("/{event_id}/interviews/{interview_id}", response=InterviewOut, summary="Move or pin a meeting")
def staff_interview_change(
    request: HttpRequest, event_id: ObjectId, interview_id: ObjectId, payload: InterviewPatchIn
) -> dict[str, Any]:
    interview = _interview_of(request, event_id, interview_id)
    actor = signed_in_user(request)
    if payload.slot is not None:
        services.interview_place(
            actor=actor,
            event=interview.event_id,
            registration=interview.registration_id,
            booth=interview.booth_id,
            slot_index=payload.slot,
            interview=interview,
        )
    if payload.pinned is not None:
        services.interview_pin(actor=actor, interview=interview.pk, pinned=payload.pinned)
    return _interview_out(Interview.objects.select_related("slot", "booth__company").get(pk=interview.pk))


@staff_router.delete("/{event_id}/interviews/{interview_id}", response={204: None}, summary="Remove a meeting")
def staff_interview_remove(request: HttpRequest, event_id: ObjectId, interview_id: ObjectId) -> Status[None]:
    interview = _interview_of(request, event_id, interview_id)
    services.interview_remove(actor=signed_in_user(request), interview=interview.pk)
    return Status(204, None)
