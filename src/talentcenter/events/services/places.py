"""The waiting list, shared by talents' seats and companies' booths.

The invariant, kept by every service under the event's row lock: the places held (``confirmed``
plus ``offered``) never exceed the capacity, and a free place exists only while nobody waits. A
newcomer therefore takes a free place or joins the back of the queue; a freed place is offered to
the first person waiting (lowest ``arrival``), who has ``Event.offer_hours`` (at most until the
event starts) to confirm it.

The lock is the event row (``select_for_update``): on PostgreSQL the second registration of a rush
waits for the first to commit, then counts again, so counts and arrival numbers are exact. On
SQLite the database serialises writers itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404

from talentcenter.audit import events as audit
from talentcenter.audit.events import Actor
from talentcenter.events import tickets, workflow
from talentcenter.events.enums import HOLDING_STATUSES, RegistrationStatus
from talentcenter.events.models import BoothRegistration, Event, TalentRegistration

Registration = TalentRegistration | BoothRegistration


@dataclass(frozen=True)
class Queue:
    """One kind of place at an event: which registrations, which capacity, which counter."""

    model: type[TalentRegistration] | type[BoothRegistration]
    capacity_field: str
    counter_field: str
    audit_prefix: str

    def capacity(self, event: Event) -> int:
        return int(getattr(event, self.capacity_field))

    def of_event(self, event: Event) -> QuerySet[Any]:
        return self.model.objects.filter(event_id=event.pk)

    def held(self, event: Event) -> int:
        return self.of_event(event).filter(status__in=HOLDING_STATUSES).count()

    def free(self, event: Event) -> int:
        return max(self.capacity(event) - self.held(event), 0)


SEATS = Queue(TalentRegistration, "talent_capacity", "talent_arrivals", "events.registration")
BOOTHS = Queue(BoothRegistration, "company_capacity", "booth_arrivals", "events.booth")


def lock_event(event: Event | int) -> Event:
    """The event's row, locked until the transaction ends (404 when it does not exist)."""
    event_id = event if isinstance(event, int) else event.pk
    locked = Event.objects.select_for_update(of=("self",)).filter(pk=event_id).first()
    if locked is None:
        raise Http404
    return locked


def take_arrival(queue: Queue, event: Event) -> int:
    """The next arrival number of ``queue`` at the (locked) event."""
    number = int(getattr(event, queue.counter_field)) + 1
    setattr(event, queue.counter_field, number)
    event.save(update_fields=[queue.counter_field, "updated_at"])
    return number


def newcomer_status(queue: Queue, event: Event) -> RegistrationStatus:
    """A free place if there is one, else the waiting list (free places exist only while nobody waits)."""
    return RegistrationStatus.CONFIRMED if queue.free(event) > 0 else RegistrationStatus.WAITLISTED


def take_place(
    queue: Queue,
    event: Event,
    registration: Registration,
    *,
    returning: bool,
    now: datetime.datetime,
    already: Callable[[], Exception],
) -> str:
    """Give a new registration (or one made again after a cancellation or a lapse: ``returning``)
    a free place or the back of the queue at the (locked) event, with the next arrival number, and
    save it; ``already()`` is raised when the database finds the person registered meanwhile.
    Returns the status it had before ("" when new)."""
    status = newcomer_status(queue, event)
    old = ""
    if returning:
        old, _new = workflow.REGISTRATION_TRANSITIONS.move(
            registration, "rejoin" if status == RegistrationStatus.CONFIRMED else "rejoin_waiting_list"
        )
    registration.status = status
    registration.arrival = take_arrival(queue, event)
    registration.registered_at = now
    registration.status_changed_at = now
    registration.offer_expires_at = None
    registration.reminder_sent_at = None
    give_ticket(registration)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise already() from None
    registration.event = event
    return old


def confirm_offer(registration: Registration, *, now: datetime.datetime, too_late: str) -> tuple[str, str]:
    """Confirm a place offered from the waiting list before its deadline (409 with ``too_late``
    after it, or when nothing is offered); returns the status before and after."""
    workflow.REGISTRATION_TRANSITIONS.target_of(registration, "confirm")
    if registration.offer_expires_at is not None and now >= registration.offer_expires_at:
        raise ValidationError(too_late, code="conflict")
    old, new = workflow.REGISTRATION_TRANSITIONS.move(registration, "confirm")
    registration.offer_expires_at = None
    registration.status_changed_at = now
    give_ticket(registration)
    registration.save(update_fields=["status", "offer_expires_at", "status_changed_at", "ticket_code"])
    return old, new


def give_ticket(registration: Registration) -> None:
    """A confirmed place gets its ticket code (``events/tickets.py``) unless it has one already (a
    registration made again keeps its code). A code names one ticket among seats and booths alike,
    so that a check-in finds it by the code alone; a clash of 45 random bits is drawn again."""
    if registration.status != RegistrationStatus.CONFIRMED or registration.ticket_code:
        return
    while True:
        code = tickets.new_code()
        if not (
            TalentRegistration.objects.filter(ticket_code=code).exists()
            or BoothRegistration.objects.filter(ticket_code=code).exists()
        ):
            registration.ticket_code = code
            return


def offer_deadline(event: Event, now: datetime.datetime, hours: int | None = None) -> datetime.datetime:
    """``hours`` (default: the event's ``offer_hours``) from now, but never after the event starts."""
    deadline = now + datetime.timedelta(hours=hours if hours is not None else event.offer_hours)
    return min(deadline, event.starts_at) if event.starts_at > now else deadline


def fill_free_places(
    queue: Queue,
    event: Event,
    *,
    now: datetime.datetime,
    actor: Actor = None,
    hours: int | None = None,
    on_offer: Callable[[Any], None] | None = None,
) -> list[Any]:
    """Offer each free place of the (locked) event to the next person waiting, in arrival order.

    Nothing is offered once the event has started or when it is not published; returns the
    registrations offered a place."""
    from talentcenter.events.enums import EventStatus

    if event.status != EventStatus.PUBLISHED or now >= event.starts_at:
        return []
    free = queue.free(event)
    if free <= 0:
        return []
    waiting = list(
        queue.of_event(event)
        .select_for_update(of=("self",))
        .filter(status=RegistrationStatus.WAITLISTED)
        .order_by("arrival")[:free]
    )
    deadline = offer_deadline(event, now, hours)
    for registration in waiting:
        old, new = workflow.REGISTRATION_TRANSITIONS.move(registration, "offer")
        registration.offer_expires_at = deadline
        registration.status_changed_at = now
        registration.save(update_fields=["status", "offer_expires_at", "status_changed_at"])
        audit.record(
            actor=actor,
            action=f"{queue.audit_prefix}_offered",
            subject=registration,
            changes={"status": [old, new], "event": event.pk, "arrival": registration.arrival, "confirm_by": deadline},
        )
        if on_offer is not None:
            on_offer(registration)
    return waiting


def queue_positions(queue: Queue, event: Event) -> dict[int, int]:
    """Registration id → place on the waiting list (1 = next), for the event's waiting registrations."""
    waiting = (
        queue.of_event(event)
        .filter(status=RegistrationStatus.WAITLISTED)
        .order_by("arrival")
        .values_list("pk", flat=True)
    )
    return {pk: position for position, pk in enumerate(waiting, start=1)}
