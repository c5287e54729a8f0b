"""Reads of the events app: the public list with its filters, an event's places, a talent's
registrations, and the staff's lists of registrations and booths."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from talentcenter.accounts.policies import Visitor
from talentcenter.events.enums import HOLDING_STATUSES, EventStatus, RegistrationStatus
from talentcenter.events.models import BoothRegistration, Event, TalentRegistration
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
