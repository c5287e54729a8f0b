"""Reads for the events pages: the public list (a fixed number of queries whatever the page holds),
an event's page with its places, a talent's and a company's registrations, and the staff's lists.

Seats and booths held are counted by subqueries on the ``(event, status, arrival)`` index, so a
page of events costs one query for the rows, one for the count and one for their industries.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from talentcenter.accounts.policies import Visitor
from talentcenter.events.enums import HOLDING_STATUSES, EventStatus, RegistrationStatus
from talentcenter.events.models import BoothRegistration, Event, TalentRegistration
from talentcenter.events.policies import can_manage_events
from talentcenter.reference.models import Industry

PAGE_SIZE = 12


def _count_of(model: type[TalentRegistration] | type[BoothRegistration], statuses: Sequence[str]) -> Coalesce:
    counted = (
        model.objects.filter(event_id=OuterRef("pk"), status__in=statuses)
        .order_by()
        .values("event_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_places(events: QuerySet[Event]) -> QuerySet[Event]:
    """Each event with ``seats_held``, ``seats_waiting``, ``booths_held`` and ``booths_waiting``."""
    holding = sorted(HOLDING_STATUSES)
    return events.annotate(
        seats_held=_count_of(TalentRegistration, holding),
        seats_waiting=_count_of(TalentRegistration, [RegistrationStatus.WAITLISTED]),
        booths_held=_count_of(BoothRegistration, holding),
        booths_waiting=_count_of(BoothRegistration, [RegistrationStatus.WAITLISTED]),
    )


def public_events() -> QuerySet[Event]:
    """Published events, and cancelled ones that had been published (their page says so)."""
    return Event.objects.filter(
        Q(status=EventStatus.PUBLISHED) | Q(status=EventStatus.CANCELLED, published_at__isnull=False)
    )


def public_event_page(
    *,
    kind: str = "",
    city: str = "",
    industry: str = "",
    upcoming: bool | None = True,
    page: int | str = 1,
    now: datetime.datetime | None = None,
) -> Page[Event]:
    """One page of the public list: upcoming events soonest first, past ones latest first."""
    now = now or timezone.now()
    events = public_events()
    if kind:
        events = events.filter(kind=kind)
    if city:
        events = events.filter(city__iexact=city)
    if industry:
        events = events.filter(
            pk__in=Event.target_industries.through.objects.filter(industry__code=industry).values("event_id")
        )
    if upcoming is True:
        events = events.filter(ends_at__gt=now).order_by("starts_at", "pk")
    elif upcoming is False:
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        events = events.order_by("-starts_at", "-pk")
    events = with_places(events).prefetch_related("target_industries")
    return Paginator(events, PAGE_SIZE).get_page(page)


def filter_options() -> tuple[list[str], list[Industry]]:
    """The cities of public events and the industries they target, for the list's filters."""
    public = public_events()
    cities = sorted(set(public.exclude(city="").values_list("city", flat=True)))
    industries = list(
        Industry.objects.filter(
            pk__in=Event.target_industries.through.objects.filter(event__in=public).values("industry_id")
        ).order_by("scheme", "pk")
    )
    return cities, industries


def event_by_slug(*, user: Visitor, slug: str) -> Event | None:
    """The event with its places, when ``user`` may see it (public, or staff for a draft)."""
    event = (
        with_places(Event.objects.filter(slug=slug))
        .prefetch_related("target_industries", "sessions", "screening_questions")
        .first()
    )
    if event is None:
        return None
    if event.status == EventStatus.DRAFT and not can_manage_events(user):
        return None
    if event.status == EventStatus.CANCELLED and event.published_at is None and not can_manage_events(user):
        return None
    return event


@dataclass(frozen=True)
class Places:
    seats_left: int
    waiting: int
    booths_left: int
    booths_waiting: int


def places(event: Event) -> Places:
    """From the annotations of ``with_places``."""
    held = int(getattr(event, "seats_held", 0))
    booths = int(getattr(event, "booths_held", 0))
    return Places(
        seats_left=max(event.talent_capacity - held, 0),
        waiting=int(getattr(event, "seats_waiting", 0)),
        booths_left=max(event.company_capacity - booths, 0),
        booths_waiting=int(getattr(event, "booths_waiting", 0)),
    )


def waiting_position(registration: TalentRegistration | BoothRegistration) -> int | None:
    """1 for the next person offered a place; None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return (
        type(registration)
        .objects.filter(
            event_id=registration.event_id, status=RegistrationStatus.WAITLISTED, arrival__lt=registration.arrival
        )
        .count()
        + 1
    )


def registrations_of_profile(profile_id: int) -> QuerySet[TalentRegistration]:
    """A talent's registrations, the next event first."""
    return (
        TalentRegistration.objects.filter(profile_id=profile_id)
        .select_related("event")
        .order_by("-event__starts_at", "pk")
    )


def booths_of_companies(company_ids: list[int]) -> QuerySet[BoothRegistration]:
    return (
        BoothRegistration.objects.filter(company_id__in=company_ids)
        .select_related("event", "company")
        .prefetch_related("openings")
        .order_by("-event__starts_at", "pk")
    )


def staff_events(*, status: str = "") -> QuerySet[Event]:
    """Every event for staff (drafts too), the latest first, with its places."""
    events = Event.objects.all()
    if status:
        events = events.filter(status=status)
    return with_places(events).order_by("-starts_at", "-pk")


def staff_registrations(event: Event) -> QuerySet[TalentRegistration]:
    return TalentRegistration.objects.filter(event_id=event.pk).select_related("profile__user").order_by("arrival")


def staff_booths(event: Event) -> QuerySet[BoothRegistration]:
    return (
        BoothRegistration.objects.filter(event_id=event.pk)
        .select_related("company", "registered_by")
        .prefetch_related("openings")
        .order_by("arrival")
    )
