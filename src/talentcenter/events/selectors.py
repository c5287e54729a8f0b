"""Reads of the events app: the public list with its filters, an event's places, a talent's
registrations, and the staff's lists of registrations and booths."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from talentcenter.accounts.policies import Visitor
from talentcenter.events.enums import HOLDING_STATUSES, EventStatus, RegistrationStatus
from talentcenter.events.models import (
    BoothRegistration,
    Event,
    Interview,
    InterviewGrid,
    InterviewInterest,
    InterviewSlot,
    TalentRegistration,
)
from talentcenter.events.policies import can_manage_events


@dataclass(frozen=True)
class Places:
    """What is left of an event's capacity, and how many wait."""

    seats_held: int
    seats_left: int
    waiting: int
    booths_held: int
    booths_left: int
    booths_waiting: int


def places_of(event: Event) -> Places:
    seats = TalentRegistration.objects.filter(event_id=event.pk).aggregate(
        held=Count("pk", filter=Q(status__in=HOLDING_STATUSES)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    booths = BoothRegistration.objects.filter(event_id=event.pk).aggregate(
        held=Count("pk", filter=Q(status__in=HOLDING_STATUSES)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    return Places(
        seats_held=seats["held"],
        seats_left=max(event.talent_capacity - seats["held"], 0),
        waiting=seats["waiting"],
        booths_held=booths["held"],
        booths_left=max(event.company_capacity - booths["held"], 0),
        booths_waiting=booths["waiting"],
    )


def event_list(
    *,
    user: Visitor,
    kind: str | None = None,
    city: str | None = None,
    industry: str | None = None,
    upcoming: bool | None = None,
    status: str | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[Event]:
    """Public events (published, and cancelled ones that had been) soonest first; staff see drafts
    too. ``industry`` is a reference industry code (any scheme); ``upcoming`` keeps events not yet
    over (or, false, those over)."""
    now = now or timezone.now()
    events = Event.objects.all()
    if not can_manage_events(user):
        events = events.filter(
            Q(status=EventStatus.PUBLISHED) | Q(status=EventStatus.CANCELLED, published_at__isnull=False)
        )
    if status:
        events = events.filter(status=status)
    if kind:
        events = events.filter(kind=kind)
    if city:
        events = events.filter(city__iexact=city.strip())
    if industry:
        events = events.filter(target_industries__code=industry).distinct()
    if upcoming is True:
        events = events.filter(ends_at__gt=now)
    elif upcoming is False:
        events = events.filter(ends_at__lte=now)
    return events.prefetch_related("target_industries").order_by("starts_at", "pk")


def registrations_of_profile(profile_id: int | None) -> QuerySet[TalentRegistration]:
    """A talent's registrations, the next event first."""
    if profile_id is None:
        return TalentRegistration.objects.none()
    return (
        TalentRegistration.objects.filter(profile_id=profile_id)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )


def waiting_position(registration: TalentRegistration | BoothRegistration) -> int | None:
    """1 for the next person to be offered a place; None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    model = type(registration)
    return (
        model.objects.filter(
            event_id=registration.event_id, status=RegistrationStatus.WAITLISTED, arrival__lt=registration.arrival
        ).count()
        + 1
    )


def registrations_of_event(event: Event, *, status: str | None = None) -> QuerySet[TalentRegistration]:
    """For staff: every registration in arrival order, with the person."""
    registrations = TalentRegistration.objects.filter(event_id=event.pk).select_related("profile__user")
    if status:
        registrations = registrations.filter(status=status)
    return registrations.order_by("arrival")


def booths_of_event(event: Event, *, status: str | None = None) -> QuerySet[BoothRegistration]:
    booths = BoothRegistration.objects.filter(event_id=event.pk).select_related("company").prefetch_related("openings")
    if status:
        booths = booths.filter(status=status)
    return booths.order_by("arrival")


def holds_confirmed_seat(*, user: Visitor, event: Event) -> bool:
    """Whether the visitor may see the online link: a confirmed seat, a confirmed booth, or staff."""
    if can_manage_events(user):
        return True
    if user is None or not user.is_authenticated:
        return False
    return (
        TalentRegistration.objects.filter(
            event_id=event.pk, profile__user_id=user.pk, status=RegistrationStatus.CONFIRMED
        ).exists()
        or BoothRegistration.objects.filter(
            event_id=event.pk, company__memberships__user_id=user.pk, status=RegistrationStatus.CONFIRMED
        ).exists()
    )


# --- The interview grid -----------------------------------------------------------------------
def booth_candidates(
    booth: BoothRegistration,
    *,
    limit: int = 100,
    opening_id: int | None = None,
    min_score: float | None = None,
    wants_to_meet_only: bool = False,
    explain: bool = False,
) -> list[dict[str, Any]]:
    """The event's confirmed registrants ranked by their match with the booth (the best of its
    openings, or ``opening_id`` alone; 0–1), for the company to shortlist from, with what it
    already chose and what the talent asked for. As in an opening's ranked candidates, a
    professional summary only (no name, no contact), and only for profiles their owners made
    discoverable. Filters: ``min_score`` (0–1), ``wants_to_meet_only`` (talents who marked the
    booth). ``explain`` adds each row's ``match`` (``matching.explain.CandidateMatch``, with why,
    against the row's best opening): a fixed number of queries whatever the number of rows."""
    from talentcenter.jobs.queries import candidate_query_for_opening
    from talentcenter.jobs.selectors.company import candidate_summaries
    from talentcenter.matching.selectors import explain_given_profiles, score_given_profiles

    registrations = dict(
        TalentRegistration.objects.filter(event_id=booth.event_id, status=RegistrationStatus.CONFIRMED).values_list(
            "profile_id", "pk"
        )
    )
    openings = list(
        booth.openings.select_related("company", "occupation").prefetch_related("skills__skill", "languages")
    )
    if opening_id is not None:
        openings = [opening for opening in openings if opening.pk == opening_id]
    queries = {opening.pk: candidate_query_for_opening(opening) for opening in openings}
    best: dict[int, tuple[float, int | None]] = dict.fromkeys(registrations, (0.0, None))
    for pk, query in queries.items():
        for profile_id, score in score_given_profiles(list(registrations), query).items():
            if score / 100 > best[profile_id][0]:
                best[profile_id] = (round(score / 100, 4), pk)
    chosen = {
        registration_id: (shortlisted, wants)
        for registration_id, shortlisted, wants in InterviewInterest.objects.filter(booth=booth).values_list(
            "registration_id", "shortlisted", "wants_to_meet"
        )
    }
    eligible = [
        profile_id
        for profile_id, registration_id in registrations.items()
        if (min_score is None or best[profile_id][0] >= min_score)
        and (not wants_to_meet_only or chosen.get(registration_id, (False, False))[1])
    ]
    summaries = candidate_summaries(eligible)
    ranked = sorted(
        (profile_id for profile_id in eligible if profile_id in summaries),
        key=lambda profile_id: (-best[profile_id][0], registrations[profile_id]),
    )[:limit]
    matches: dict[int, Any] = {}
    if explain:
        by_opening: dict[int, list[int]] = {}
        for profile_id in ranked:
            opening_pk = best[profile_id][1]
            if opening_pk is not None:
                by_opening.setdefault(opening_pk, []).append(profile_id)
        for opening_pk, query in queries.items():  # every opening, rows or not: a fixed number of queries
            matches.update(explain_given_profiles(by_opening.get(opening_pk, []), query))
    rows = []
    for rank, profile_id in enumerate(ranked, start=1):
        registration_id = registrations[profile_id]
        shortlisted, wants = chosen.get(registration_id, (False, False))
        score, best_opening = best[profile_id]
        row = {
            "registration_id": registration_id,
            "profile_id": profile_id,
            "rank": rank,
            "score": score,
            "opening_id": best_opening,
            "summary": summaries[profile_id],
            "shortlisted": shortlisted,
            "wants_to_meet": wants,
        }
        if explain:
            row["match"] = matches.get(profile_id)
        rows.append(row)
    return rows


def booths_for_talent(registration: TalentRegistration) -> list[dict[str, Any]]:
    """The confirmed booths of the talent's event, best match first, with the talent's own match to
    each (the best of its openings, 0–1, with why: ``matching.explain.CandidateMatch``, without
    the visa fit, as the pair's score), the openings and whether the talent wants to meet it. The
    talent reads about themselves: their profile is scored whether or not it is discoverable."""
    from talentcenter.jobs.queries import candidate_query_for_opening
    from talentcenter.matching.selectors import explain_given_profiles

    booths = list(
        BoothRegistration.objects.filter(event_id=registration.event_id, status=RegistrationStatus.CONFIRMED)
        .select_related("company")
        .prefetch_related("openings__company", "openings__occupation", "openings__skills__skill", "openings__languages")
        .order_by("arrival")
    )
    wants = set(
        InterviewInterest.objects.filter(registration=registration, wants_to_meet=True).values_list(
            "booth_id", flat=True
        )
    )
    rows = []
    for booth in booths:
        best: Any = None
        openings = list(booth.openings.all())
        for opening in openings:
            match = explain_given_profiles([registration.profile_id], candidate_query_for_opening(opening)).get(
                registration.profile_id
            )
            if match is not None and (best is None or match.score > best.score):
                best = match
        rows.append(
            {
                "booth": booth,
                "openings": openings,
                "score": round(best.score / 100, 4) if best is not None else 0.0,
                "match": best,
                "wants_to_meet": booth.pk in wants,
            }
        )
    rows.sort(key=lambda row: (-row["score"], row["booth"].arrival))
    return rows


def interview_grid(event: Event) -> dict[str, Any]:
    """The event's slots, meetings (with each booth's company) and the record of the last run."""
    record = InterviewGrid.objects.filter(event_id=event.pk).first()
    slots = list(InterviewSlot.objects.filter(event_id=event.pk).order_by("index"))
    meetings = (
        Interview.objects.filter(event_id=event.pk)
        .select_related("slot", "booth__company")
        .order_by("slot__index", "booth_id", "registration_id")
    )
    return {"record": record, "slots": slots, "meetings": list(meetings)}


def talent_interviews(registration: TalentRegistration) -> list[Interview]:
    """The talent's own meetings, in time order, with each booth's company."""
    return list(
        Interview.objects.filter(registration_id=registration.pk)
        .select_related("slot", "booth__company")
        .order_by("slot__index")
    )


def interviews_of_profile(profile_id: int) -> QuerySet[Interview]:
    """A talent's interviews at every event, in time order, with the booth's company and openings."""
    return (
        Interview.objects.filter(registration__profile_id=profile_id)
        .select_related("slot", "event", "booth__company")
        .prefetch_related("booth__openings")
        .order_by("slot__starts_at", "pk")
    )


def booth_interviews(booth: BoothRegistration) -> list[Interview]:
    """The booth's timetable: its interviews in time order, with each talent's profile (the name
    is all the page shows of it)."""
    return list(
        Interview.objects.filter(booth_id=booth.pk)
        .select_related("slot", "event", "registration__profile__user")
        .order_by("slot__starts_at", "pk")
    )


# --- Check-in -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckedIn:
    """How many of an event's confirmed talents and booths have checked in."""

    talents: int
    talents_confirmed: int
    booths: int
    booths_confirmed: int


def checked_in_counts(event: Event) -> CheckedIn:
    """Two counting queries, whatever the size of the event."""
    confirmed = Q(status=RegistrationStatus.CONFIRMED)
    counts = {
        model: model.objects.filter(event_id=event.pk).aggregate(
            checked_in=Count("pk", filter=confirmed & Q(checked_in_at__isnull=False)),
            confirmed=Count("pk", filter=confirmed),
        )
        for model in (TalentRegistration, BoothRegistration)
    }
    return CheckedIn(
        talents=counts[TalentRegistration]["checked_in"],
        talents_confirmed=counts[TalentRegistration]["confirmed"],
        booths=counts[BoothRegistration]["checked_in"],
        booths_confirmed=counts[BoothRegistration]["confirmed"],
    )
