"""The interview grid: slots, who wants to meet whom, the optimiser's run and staff's hand edits.

- Staff plan the slots (``interview_slots_plan``) and set the cap per talent.
- A company shortlists confirmed registrants for its booth, a talent marks booths they want to
  meet (``interest_shortlist``, ``interest_wish``); each interest keeps the pair's match score
  (0–1, the best of the booth's openings, from ``matching``) with what made it.
- Staff run the optimiser (``interview_grid_solve``: CP-SAT through ``events.grid``, or the greedy
  draft). The problem is read without a lock and solved outside any transaction (a whole fair
  takes seconds); the timetable is written under the event's lock only if the grid's ``version``
  is still the one that was read, so a shortlist or a hand edit made meanwhile is never lost: the
  run is refused and can be repeated.
- Staff add, move, pin and remove meetings by hand (``interview_place``, ``interview_pin``,
  ``interview_remove``). A placed or moved meeting is pinned, and the next run keeps it. Every
  hand edit is checked against the same hard constraints as the optimiser's output.

- Talents and booths mark the slots they cannot meet in (``talent_availability_set``,
  ``booth_availability_set``); the optimiser keeps them free.
- A grid too large to solve in the request (``solve_size`` over
  ``TALENTCENTER_EVENTS_SOLVE_IN_REQUEST_MAX``) is solved by the task worker
  (``interview_grid_solve_or_queue``); its state (queued, running, done, failed, superseded) is
  kept on the ``InterviewGrid``.

Every write locks the event row, bumps the grid's version and is audited.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events as audit
from talentcenter.events import grid
from talentcenter.events.enums import SOLVE_JOB_ACTIVE, InterviewStatus, RegistrationStatus, SolveJobStatus
from talentcenter.events.models import (
    BoothRegistration,
    Event,
    Interview,
    InterviewGrid,
    InterviewInterest,
    InterviewSlot,
    TalentRegistration,
)
from talentcenter.events.policies import can_act_for_company, can_manage_events
from talentcenter.events.services.places import lock_event
from talentcenter.events.services.schedules import schedules_changed

MAX_SLOTS = 48
SLOT_MINUTES = (5, 120)
# Within the request (gunicorn gives a worker 30 s): a whole fair of 300 booths solves in 9–13 s.
DEFAULT_SOLVE_SECONDS = 20.0
# A queued or running background solve older than this is taken as lost (a worker stopped).
SOLVE_JOB_STALE = datetime.timedelta(minutes=15)

logger = logging.getLogger(__name__)


def _require_staff(actor: User) -> None:
    if not can_manage_events(actor):
        raise PermissionDenied


def grid_of(event: Event) -> InterviewGrid:
    """The event's grid settings (made with the defaults the first time)."""
    found, _created = InterviewGrid.objects.get_or_create(event=event)
    return found


def _locked_grid(event: Event) -> InterviewGrid:
    grid_of(event)
    return InterviewGrid.objects.select_for_update().get(event=event)


def _bump(locked: InterviewGrid) -> None:
    locked.version += 1
    locked.save(update_fields=["version"])


@transaction.atomic
def interview_slots_plan(
    *,
    actor: User,
    event: Event | int,
    starts_at: datetime.datetime,
    count: int,
    minutes: int,
    breaks: Iterable[int] = (),
    max_interviews_per_talent: int | None = None,
) -> list[InterviewSlot]:
    """Replace the event's interview slots with ``count`` slots of ``minutes`` from ``starts_at``
    (``breaks``: slot numbers, from 0, in which nobody meets). Refused once meetings exist."""
    _require_staff(actor)
    locked_event = lock_event(event)
    errors: dict[str, list[str]] = {}
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_SLOTS:
        errors["count"] = [_("Plan between 1 and {maximum} slots.").format(maximum=MAX_SLOTS)]
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not SLOT_MINUTES[0] <= minutes <= SLOT_MINUTES[1]:
        errors["minutes"] = [
            _("A slot lasts between {low} and {high} minutes.").format(low=SLOT_MINUTES[0], high=SLOT_MINUTES[1])
        ]
    break_set = set(breaks)
    if not errors and any(not 0 <= number < count for number in break_set):
        errors["breaks"] = [_("A break must be one of the planned slots.")]
    if not errors:
        ends_at = starts_at + datetime.timedelta(minutes=minutes * count)
        if starts_at < locked_event.starts_at or ends_at > locked_event.ends_at:
            errors["starts_at"] = [_("The slots must fall within the event's own start and end.")]
    if max_interviews_per_talent is not None and not 1 <= max_interviews_per_talent <= 16:
        errors["max_interviews_per_talent"] = [_("Give between 1 and 16 interviews per talent.")]
    if errors:
        raise ValidationError(errors)
    locked = _locked_grid(locked_event)
    if Interview.objects.filter(event=locked_event).exists():
        raise ValidationError(
            _("Meetings are already on the grid: remove them before planning the slots again."), code="conflict"
        )
    InterviewSlot.objects.filter(event=locked_event).delete()
    slots = InterviewSlot.objects.bulk_create(
        InterviewSlot(
            event=locked_event,
            index=number,
            starts_at=starts_at + datetime.timedelta(minutes=minutes * number),
            ends_at=starts_at + datetime.timedelta(minutes=minutes * (number + 1)),
            is_break=number in break_set,
        )
        for number in range(count)
    )
    if max_interviews_per_talent is not None:
        locked.max_interviews_per_talent = max_interviews_per_talent
        locked.save(update_fields=["max_interviews_per_talent"])
    _bump(locked)
    audit.record(
        actor=actor,
        action="events.interview_slots_planned",
        subject=locked_event,
        changes={"count": count, "minutes": minutes, "breaks": sorted(break_set), "starts_at": starts_at.isoformat()},
    )
    return slots


@dataclass(frozen=True)
class PairMatch:
    score: float  # 0–1
    opening_id: int | None
    components: dict[str, float]


def pair_match(registration: TalentRegistration, booth: BoothRegistration) -> PairMatch:
    """How well the talent fits the booth: the best of its openings' match scores (0–1, without
    the visa fit), with the parts of that score. 0 when the profile is not in the matching index
    or the booth names no opening."""
    from talentcenter.jobs.queries import candidate_query_for_opening
    from talentcenter.matching.selectors import explain_match

    best = PairMatch(0.0, None, {})
    for opening in booth.openings.all():
        match = explain_match(registration.profile_id, candidate_query_for_opening(opening))
        if match is not None and match.score / 100 > best.score:
            best = PairMatch(round(match.score / 100, 4), opening.pk, dict(match.components))
    return best


def _check_pair(registration: TalentRegistration, booth: BoothRegistration) -> None:
    if registration.event_id != booth.event_id:
        raise ValidationError(_("The talent and the booth are at different events."))
    if registration.status != RegistrationStatus.CONFIRMED or booth.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed registrations and booths take part in interviews."), code="conflict")


def _set_interest(
    *, actor: User, registration: TalentRegistration, booth: BoothRegistration, side: str, on: bool
) -> InterviewInterest | None:
    # The match is read before the lock (the matching index and the engine's visa fit take a few
    # milliseconds per opening), so that the event's registrations do not wait for it.
    match = pair_match(registration, booth) if on else None
    locked_event = lock_event(registration.event_id)
    registration = TalentRegistration.objects.get(pk=registration.pk)
    booth = BoothRegistration.objects.get(pk=booth.pk)
    _check_pair(registration, booth)
    locked = _locked_grid(locked_event)
    interest = InterviewInterest.objects.filter(registration=registration, booth=booth).first()
    if interest is None and not on:
        return None
    if interest is None:
        interest = InterviewInterest(event=locked_event, registration=registration, booth=booth)
    setattr(interest, side, on)
    if not interest.shortlisted and not interest.wants_to_meet:
        interest.delete()
        result = None
    else:
        if match is not None:  # a side said yes: the match as it is now (a "no" keeps the last one)
            interest.score = match.score
            interest.opening_id = match.opening_id
            interest.explanation = {"opening": match.opening_id, "components": match.components}
        interest.save()
        result = interest
    _bump(locked)
    audit.record(
        actor=actor,
        action=f"events.interest_{side}",
        subject=booth,
        changes={"registration": registration.pk, side: on, "event": locked_event.pk},
    )
    return result


@transaction.atomic
def interest_shortlist(
    *, actor: User, booth: BoothRegistration, registration: TalentRegistration, shortlisted: bool = True
) -> InterviewInterest | None:
    """A member of the booth's company shortlists (or drops) a confirmed registrant."""
    if not can_act_for_company(actor, booth.company_id):
        raise PermissionDenied
    return _set_interest(actor=actor, registration=registration, booth=booth, side="shortlisted", on=shortlisted)


@transaction.atomic
def interest_wish(
    *, actor: User, registration: TalentRegistration, booth: BoothRegistration, wants_to_meet: bool = True
) -> InterviewInterest | None:
    """The talent marks (or unmarks) a booth they want to meet."""
    profile = getattr(actor, "talent_profile", None)
    if profile is None or profile.pk != registration.profile_id:
        raise PermissionDenied
    return _set_interest(actor=actor, registration=registration, booth=booth, side="wants_to_meet", on=wants_to_meet)


@dataclass(frozen=True)
class GridSnapshot:
    """The optimiser's problem as read from the database, and the grid version it was read at."""

    problem: grid.GridProblem
    version: int
    slot_ids: dict[int, int]  # slot index -> InterviewSlot id


def grid_snapshot(event: Event, *, pins: Iterable[grid.Meeting] | None = None) -> GridSnapshot:
    """Confirmed registrations and booths, their interests and the pinned meetings as a problem
    (``pins``: instead of the stored pinned meetings, e.g. every meeting to check a hand edit)."""
    grid_settings = grid_of(event)
    slots = list(InterviewSlot.objects.filter(event=event).order_by("index"))
    booths = list(BoothRegistration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED))
    talents = list(
        TalentRegistration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).values_list(
            "pk", "unavailable_slots"
        )
    )
    indexes = {slot.index for slot in slots}

    def away(marked: Any) -> frozenset[int]:  # a slot planned away since is ignored
        return frozenset(index for index in marked or () if index in indexes)

    interests = InterviewInterest.objects.filter(
        event=event, registration__status=RegistrationStatus.CONFIRMED, booth__status=RegistrationStatus.CONFIRMED
    ).values_list("registration_id", "booth_id", "score", "shortlisted", "wants_to_meet")
    if pins is None:
        pins = [
            grid.Meeting(registration_id, booth_id, index)
            for registration_id, booth_id, index in Interview.objects.filter(
                event=event,
                pinned=True,
                registration__status=RegistrationStatus.CONFIRMED,
                booth__status=RegistrationStatus.CONFIRMED,
            ).values_list("registration_id", "booth_id", "slot__index")
        ]
    problem = grid.GridProblem.build(
        slots=[grid.Slot(slot.index, is_break=slot.is_break) for slot in slots],
        companies=[
            grid.Company(
                booth.pk, interviewers=booth.interviewers_per_slot, unavailable_slots=away(booth.unavailable_slots)
            )
            for booth in booths
        ],
        talents=[
            grid.Talent(pk, max_interviews=grid_settings.max_interviews_per_talent, unavailable_slots=away(marked))
            for pk, marked in talents
        ],
        candidates=[
            grid.Candidate(registration_id, booth_id, score, shortlisted=shortlisted, wants_to_meet=wants)
            for registration_id, booth_id, score, shortlisted, wants in interests
        ],
        pins=list(pins),
    )
    return GridSnapshot(problem, grid_settings.version, {slot.index: slot.pk for slot in slots})


_CONFLICT_MESSAGES = {
    grid.PinConflictCode.UNKNOWN_TALENT: lambda: _("the talent's registration is not confirmed"),
    grid.PinConflictCode.UNKNOWN_COMPANY: lambda: _("the booth is not confirmed"),
    grid.PinConflictCode.UNKNOWN_SLOT: lambda: _("the slot does not exist"),
    grid.PinConflictCode.BREAK_SLOT: lambda: _("the slot is a break"),
    grid.PinConflictCode.TALENT_UNAVAILABLE: lambda: _("the talent is not available then"),
    grid.PinConflictCode.COMPANY_UNAVAILABLE: lambda: _("the booth is not available then"),
    grid.PinConflictCode.TALENT_DOUBLE_BOOKED: lambda: _("the talent has another meeting in that slot"),
    grid.PinConflictCode.COMPANY_OVER_CAPACITY: lambda: _("the booth has no free interviewer in that slot"),
    grid.PinConflictCode.TALENT_OVER_CAP: lambda: _("the talent would have more interviews than the cap"),
    grid.PinConflictCode.PAIR_REPEATED: lambda: _("the talent already meets this booth"),
}


def _conflicts_error(error: grid.PinConflictError) -> ValidationError:
    reasons = sorted({_CONFLICT_MESSAGES[conflict.code]() for conflict in error.conflicts})
    return ValidationError(
        _("The meetings pinned by hand cannot all be kept: {reasons}.").format(reasons="; ".join(reasons)),
        code="conflict",
    )


class GridChangedError(ValidationError):
    """The grid changed while it was being solved: nothing was written."""


def _solve_snapshot(
    *, actor: User, event_id: int, snapshot: GridSnapshot, draft: bool, seconds: float, job_token: str = ""
) -> InterviewGrid:
    try:
        result = grid.solve_greedy(snapshot.problem) if draft else grid.solve(snapshot.problem, time_limit=seconds)
    except grid.PinConflictError as error:
        raise _conflicts_error(error) from error
    with transaction.atomic():
        locked_event = lock_event(event_id)
        locked = _locked_grid(locked_event)
        if locked.version != snapshot.version:
            raise GridChangedError(
                _(
                    "The grid changed while it was being solved (a shortlist, a registration or a hand edit):"
                    " run it again."
                ),
                code="conflict",
            )
        # Cancellations lock the event too, so what is confirmed now is what the meetings may use:
        # a registration or booth cancelled since the problem was read loses its meetings.
        talents = set(
            TalentRegistration.objects.filter(event=locked_event, status=RegistrationStatus.CONFIRMED).values_list(
                "pk", flat=True
            )
        )
        booths = set(
            BoothRegistration.objects.filter(event=locked_event, status=RegistrationStatus.CONFIRMED).values_list(
                "pk", flat=True
            )
        )
        _write_timetable(
            locked_event,
            [meeting for meeting in result.meetings if meeting.talent_id in talents and meeting.company_id in booths],
            snapshot.slot_ids,
        )
        locked.solved_at = timezone.now()
        locked.solved_by = actor
        locked.solver = result.solver
        locked.solve_status = str(result.status)
        locked.objective = result.objective
        locked.upper_bound = result.upper_bound
        locked.talents_interviewed = result.talents_interviewed
        locked.solve_seconds = round(result.seconds, 3)
        if job_token and locked.solve_job_token == job_token:
            locked.solve_job_status = SolveJobStatus.DONE
            locked.solve_job_message = ""
            locked.solve_job_finished_at = locked.solved_at
        locked.version += 1
        locked.save()
        audit.record(
            actor=actor,
            action="events.interview_grid_solved",
            subject=locked_event,
            changes={
                "solver": result.solver,
                "status": str(result.status),
                "meetings": len(result.meetings),
                "objective": round(result.objective, 3),
                "talents_interviewed": result.talents_interviewed,
                "background": bool(job_token),
            },
        )
    return locked


def _write_timetable(event: Event, meetings: list[grid.Meeting], slot_ids: dict[int, int]) -> None:
    """Make the event's scheduled meetings the run's ``meetings`` (pins included), keeping the row
    of every pair that still meets: its id is the calendar files' UID, so a talent's calendar keeps
    one entry per interview across runs. A pair that moved keeps its id with the next ``sequence``
    (deleted and written again, as two pairs may swap slots); a pair that no longer meets is
    removed; a new pair is added. Outcomes already marked are never touched."""
    wanted = {(meeting.talent_id, meeting.company_id): slot_ids[meeting.slot] for meeting in meetings}
    scheduled = {
        (interview.registration_id, interview.booth_id): interview
        for interview in Interview.objects.filter(event=event, status=InterviewStatus.SCHEDULED)
    }
    marked = set(
        Interview.objects.filter(event=event)
        .exclude(status=InterviewStatus.SCHEDULED)
        .values_list("registration_id", "booth_id")
    )
    moved = [interview for pair, interview in scheduled.items() if pair in wanted and interview.slot_id != wanted[pair]]
    dropped = [interview.pk for pair, interview in scheduled.items() if pair not in wanted]
    Interview.objects.filter(pk__in=dropped + [interview.pk for interview in moved]).delete()
    for interview in moved:
        interview.slot_id = wanted[(interview.registration_id, interview.booth_id)]
        interview.sequence += 1
    Interview.objects.bulk_create(moved)
    added = Interview.objects.bulk_create(
        Interview(event=event, slot_id=slot_id, registration_id=registration_id, booth_id=booth_id)
        for (registration_id, booth_id), slot_id in wanted.items()
        if (registration_id, booth_id) not in scheduled and (registration_id, booth_id) not in marked
    )
    if moved or dropped or added:
        schedules_changed(event)


def _event_snapshot(actor: User, event: Event | int) -> tuple[int, GridSnapshot]:
    _require_staff(actor)
    event_id = event if isinstance(event, int) else event.pk
    snapshot = grid_snapshot(Event.objects.get(pk=event_id))
    if not snapshot.problem.slots:
        raise ValidationError(_("Plan the interview slots first."), code="conflict")
    return event_id, snapshot


def interview_grid_solve(
    *, actor: User, event: Event | int, draft: bool = False, seconds: float = DEFAULT_SOLVE_SECONDS
) -> InterviewGrid:
    """Run the optimiser (or the greedy draft) and replace the meetings nobody pinned with its
    timetable. Refused (409) when the grid changed while it was being solved."""
    event_id, snapshot = _event_snapshot(actor, event)
    return _solve_snapshot(actor=actor, event_id=event_id, snapshot=snapshot, draft=draft, seconds=seconds)


def solve_size(problem: grid.GridProblem) -> int:
    """How big a grid is for the optimiser: candidate pairs × slots where meetings happen."""
    return len(problem.candidates) * sum(1 for slot in problem.slots if not slot.is_break)


@dataclass(frozen=True)
class SolveOutcome:
    grid: InterviewGrid
    queued: bool  # True: the task worker solves it; ``grid.solve_job_status`` follows it


def interview_grid_solve_or_queue(
    *, actor: User, event: Event | int, draft: bool = False, seconds: float = DEFAULT_SOLVE_SECONDS
) -> SolveOutcome:
    """What the grid page and the API call: the draft and a grid up to
    ``TALENTCENTER_EVENTS_SOLVE_IN_REQUEST_MAX`` (``solve_size``) are solved in the request; a
    larger one is queued for the task worker (``interview_grid_solve_queue``)."""
    event_id, snapshot = _event_snapshot(actor, event)
    if draft or solve_size(snapshot.problem) <= settings.TALENTCENTER_EVENTS_SOLVE_IN_REQUEST_MAX:
        solved = _solve_snapshot(actor=actor, event_id=event_id, snapshot=snapshot, draft=draft, seconds=seconds)
        return SolveOutcome(solved, queued=False)
    return SolveOutcome(interview_grid_solve_queue(actor=actor, event=event_id), queued=True)


def solve_job_active(record: InterviewGrid | None, *, now: datetime.datetime | None = None) -> bool:
    """A background solve is waiting or running (and not so old that its worker must have stopped)."""
    if record is None or record.solve_job_status not in SOLVE_JOB_ACTIVE or record.solve_job_requested_at is None:
        return False
    return record.solve_job_requested_at > (now or timezone.now()) - SOLVE_JOB_STALE


@transaction.atomic
def interview_grid_solve_queue(*, actor: User, event: Event | int) -> InterviewGrid:
    """Queue a solve of the grid for the task worker; refused (409) while one is waiting or running.
    The job keeps the run's rule: it writes only if the grid did not change while it solved."""
    _require_staff(actor)
    locked_event = lock_event(event)
    locked = _locked_grid(locked_event)
    if not InterviewSlot.objects.filter(event=locked_event).exists():
        raise ValidationError(_("Plan the interview slots first."), code="conflict")
    if solve_job_active(locked):
        raise ValidationError(_("A solve of this grid is already waiting or running."), code="conflict")
    locked.solve_job_token = uuid.uuid4().hex
    locked.solve_job_status = SolveJobStatus.QUEUED
    locked.solve_job_message = ""
    locked.solve_job_requested_at = timezone.now()
    locked.solve_job_requested_by = actor
    locked.solve_job_finished_at = None
    locked.save(
        update_fields=[
            "solve_job_token",
            "solve_job_status",
            "solve_job_message",
            "solve_job_requested_at",
            "solve_job_requested_by",
            "solve_job_finished_at",
        ]
    )
    audit.record(
        actor=actor,
        action="events.interview_grid_solve_queued",
        subject=locked_event,
        changes={"job": locked.solve_job_token, "version": locked.version},
    )
    from talentcenter.events.tasks import solve_interview_grid

    event_id, token = locked_event.pk, locked.solve_job_token
    transaction.on_commit(lambda: solve_interview_grid.enqueue(event_id=event_id, token=token))
    return locked


def _finish_job(event_id: int, token: str, status: SolveJobStatus, message: str) -> None:
    InterviewGrid.objects.filter(event_id=event_id, solve_job_token=token).update(
        solve_job_status=status, solve_job_message=message[:2000], solve_job_finished_at=timezone.now()
    )


def interview_grid_solve_job_run(*, event_id: int, token: str) -> str:
    """The task worker's side of ``interview_grid_solve_queue``: run the queued solve once. A job
    already taken, finished or replaced by a newer one is left alone (the task may be retried).
    A grid changed during the solve records the job as superseded; a refusal as failed, with why."""
    with transaction.atomic():
        record = InterviewGrid.objects.select_for_update().filter(event_id=event_id, solve_job_token=token).first()
        if record is None or record.solve_job_status != SolveJobStatus.QUEUED:
            return record.solve_job_status if record else ""
        record.solve_job_status = SolveJobStatus.RUNNING
        record.save(update_fields=["solve_job_status"])
    actor = record.solve_job_requested_by
    language = actor.preferred_language if actor is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            if actor is None:
                raise PermissionDenied
            event_id, snapshot = _event_snapshot(actor, event_id)
            _solve_snapshot(
                actor=actor,
                event_id=event_id,
                snapshot=snapshot,
                draft=False,
                seconds=float(settings.TALENTCENTER_EVENTS_SOLVE_BACKGROUND_SECONDS),
                job_token=token,
            )
        except GridChangedError as error:
            _finish_job(event_id, token, SolveJobStatus.SUPERSEDED, " ".join(error.messages))
            return SolveJobStatus.SUPERSEDED
        except ValidationError as error:
            _finish_job(event_id, token, SolveJobStatus.FAILED, " ".join(error.messages))
            return SolveJobStatus.FAILED
        except PermissionDenied:
            _finish_job(event_id, token, SolveJobStatus.FAILED, _("The person who asked may no longer run it."))
            return SolveJobStatus.FAILED
        except Exception:
            logger.exception("The background solve of event %s failed", event_id)
            _finish_job(event_id, token, SolveJobStatus.FAILED, _("The optimiser stopped with an error."))
            raise
    return SolveJobStatus.DONE


# --- Availability -------------------------------------------------------------------------------
def _clean_unavailable(event: Event, slots: Iterable[int]) -> list[int]:
    planned = dict(InterviewSlot.objects.filter(event=event).values_list("index", "is_break"))
    chosen = sorted(set(slots))
    if any(isinstance(index, bool) or not isinstance(index, int) or index not in planned for index in chosen):
        raise ValidationError({"unavailable_slots": [_("Choose among the event's interview slots.")]})
    return [index for index in chosen if not planned[index]]  # nobody meets in a break anyway


def _set_unavailable(
    *, actor: User, subject: TalentRegistration | BoothRegistration, slots: Iterable[int], meetings: Any
) -> list[int]:
    locked_event = lock_event(subject.event_id)
    fresh = type(subject).objects.get(pk=subject.pk)
    if fresh.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed registrations and booths take part in interviews."), code="conflict")
    chosen = _clean_unavailable(locked_event, slots)
    before = sorted(fresh.unavailable_slots or [])
    if chosen == before:
        return chosen
    taken = sorted(set(meetings.filter(slot__index__in=chosen).values_list("slot__index", flat=True)) - set(before))
    if taken:
        raise ValidationError(
            _("A meeting is already on the grid in slot {slots}: the organisers must move it first.").format(
                slots=", ".join(str(index + 1) for index in taken)
            ),
            code="conflict",
        )
    fresh.unavailable_slots = chosen
    fresh.save(update_fields=["unavailable_slots"])
    _bump(_locked_grid(locked_event))
    audit.record(
        actor=actor,
        action="events.availability_changed",
        subject=fresh,
        changes={"event": locked_event.pk, "before": before, "after": chosen},
    )
    subject.unavailable_slots = chosen
    return chosen


@transaction.atomic
def talent_availability_set(
    *, actor: User, registration: TalentRegistration, unavailable_slots: Iterable[int]
) -> list[int]:
    """The slots (indexes) in which the talent cannot meet anybody; set by the talent or by staff.
    Refused while a meeting is on the grid in a slot newly marked. Returns the slots kept (breaks
    are left out: nobody meets in them)."""
    profile = getattr(actor, "talent_profile", None)
    if not can_manage_events(actor) and (profile is None or profile.pk != registration.profile_id):
        raise PermissionDenied
    meetings = Interview.objects.filter(registration_id=registration.pk)
    return _set_unavailable(actor=actor, subject=registration, slots=unavailable_slots, meetings=meetings)


@transaction.atomic
def booth_availability_set(*, actor: User, booth: BoothRegistration, unavailable_slots: Iterable[int]) -> list[int]:
    """The slots in which the booth interviews nobody; set by its company's members or by staff."""
    if not can_manage_events(actor) and not can_act_for_company(actor, booth.company_id):
        raise PermissionDenied
    meetings = Interview.objects.filter(booth_id=booth.pk)
    return _set_unavailable(actor=actor, subject=booth, slots=unavailable_slots, meetings=meetings)


def _check_meetings(event: Event, meetings: list[grid.Meeting]) -> None:
    """Every hard constraint on the whole timetable as it would be (each meeting taken as a pin)."""
    snapshot = grid_snapshot(event, pins=meetings)
    conflicts = grid.pin_conflicts(snapshot.problem)
    if conflicts:
        raise _conflicts_error(grid.PinConflictError(conflicts))


def _meetings_of(event: Event, *, without: int | None = None) -> list[grid.Meeting]:
    interviews = Interview.objects.filter(event=event)
    if without is not None:
        interviews = interviews.exclude(pk=without)
    rows = interviews.values_list("registration_id", "booth_id", "slot__index")
    return [grid.Meeting(registration_id, booth_id, index) for registration_id, booth_id, index in rows]


@transaction.atomic
def interview_place(
    *,
    actor: User,
    event: Event | int,
    registration: TalentRegistration | int,
    booth: BoothRegistration | int,
    slot_index: int,
    interview: Interview | int | None = None,
) -> Interview:
    """Put a meeting on the grid by hand, or move ``interview`` there; either way it is pinned."""
    _require_staff(actor)
    locked_event = lock_event(event)
    locked = _locked_grid(locked_event)
    registration_id = registration if isinstance(registration, int) else registration.pk
    booth_id = booth if isinstance(booth, int) else booth.pk
    moving = None
    if interview is not None:
        moving = Interview.objects.filter(
            pk=interview if isinstance(interview, int) else interview.pk, event=locked_event
        ).first()
        if moving is None:
            raise ValidationError(_("That meeting is not on this event's grid."))
    slot = InterviewSlot.objects.filter(event=locked_event, index=slot_index).first()
    if slot is None:
        raise ValidationError({"slot": [_("That slot does not exist.")]})
    meetings = [*_meetings_of(locked_event, without=moving.pk if moving else None)]
    meetings.append(grid.Meeting(registration_id, booth_id, slot_index))
    _check_meetings(locked_event, meetings)
    before: dict[str, Any] = {}
    if moving is None:
        placed = Interview.objects.create(
            event=locked_event, slot=slot, registration_id=registration_id, booth_id=booth_id, pinned=True
        )
    else:
        before = {"slot": moving.slot_id, "registration": moving.registration_id, "booth": moving.booth_id}
        if before != {"slot": slot.pk, "registration": registration_id, "booth": booth_id}:
            moving.sequence += 1  # the calendar files' copy of it changes
        moving.slot, moving.registration_id, moving.booth_id, moving.pinned = slot, registration_id, booth_id, True
        moving.save(update_fields=["slot", "registration", "booth", "pinned", "sequence"])
        placed = moving
    _bump(locked)
    schedules_changed(locked_event)
    audit.record(
        actor=actor,
        action="events.interview_moved" if before else "events.interview_placed",
        subject=locked_event,
        changes={
            "interview": placed.pk,
            "before": before,
            "after": {"slot": slot.pk, "registration": registration_id, "booth": booth_id},
        },
    )
    return placed


@transaction.atomic
def interview_pin(*, actor: User, interview: Interview | int, pinned: bool) -> Interview:
    """Pin a meeting the optimiser placed (the next run keeps it), or let it go again."""
    _require_staff(actor)
    interview_id = interview if isinstance(interview, int) else interview.pk
    found = Interview.objects.filter(pk=interview_id).first()
    if found is None:
        raise ValidationError(_("That meeting is not on the grid."))
    locked_event = lock_event(found.event_id)
    locked = _locked_grid(locked_event)
    found = Interview.objects.get(pk=interview_id)
    if found.pinned != pinned:
        found.pinned = pinned
        found.save(update_fields=["pinned"])
        _bump(locked)
        audit.record(
            actor=actor,
            action="events.interview_pinned",
            subject=locked_event,
            changes={"interview": found.pk, "pinned": pinned},
        )
    return found


@transaction.atomic
def interview_remove(*, actor: User, interview: Interview | int) -> None:
    """Take a meeting off the grid (pinned or not)."""
    _require_staff(actor)
    interview_id = interview if isinstance(interview, int) else interview.pk
    found = Interview.objects.filter(pk=interview_id).first()
    if found is None:
        return
    locked_event = lock_event(found.event_id)
    locked = _locked_grid(locked_event)
    removed = Interview.objects.filter(pk=interview_id).values("registration_id", "booth_id", "slot_id").first()
    if removed is None:
        return
    Interview.objects.filter(pk=interview_id).delete()
    _bump(locked)
    schedules_changed(locked_event)  # its cancellation goes to both sides
    audit.record(
        actor=actor,
        action="events.interview_removed",
        subject=locked_event,
        changes={"interview": interview_id, **removed},
    )
