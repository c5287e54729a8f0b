"""The timed work of events, run by ``talentcenter periodic`` and the tasks in ``events.tasks``:
offers not confirmed in time lapse (and go to the next person waiting), and reminders go out
before an event. Both are idempotent and take their rows with ``skip_locked``, so several workers
may run them at once without doing anything twice."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from talentcenter.audit import events as audit
from talentcenter.events import notices, workflow
from talentcenter.events.enums import EventStatus, RegistrationStatus
from talentcenter.events.models import Event
from talentcenter.events.services.places import BOOTHS, SEATS, Queue, fill_free_places

REMINDER_HOURS = 48


def _expire_at_event(queue: Queue, event_id: int, now: datetime.datetime) -> int:
    with transaction.atomic():
        event = Event.objects.select_for_update(of=("self",), skip_locked=True).filter(pk=event_id).first()
        if event is None:
            return 0  # another worker (or a registration) holds it: the next run will see it
        due = list(
            queue.of_event(event)
            .select_for_update(of=("self",))
            .filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now)
            .order_by("arrival")
        )
        for registration in due:
            old, new = workflow.REGISTRATION_TRANSITIONS.move(registration, "expire")
            deadline = registration.offer_expires_at
            registration.offer_expires_at = None
            registration.status_changed_at = now
            registration.save(update_fields=["status", "offer_expires_at", "status_changed_at"])
            registration.event = event
            audit.record(
                actor=None,
                action=f"{queue.audit_prefix}_offer_expired",
                subject=registration,
                changes={"status": [old, new], "event": event.pk, "confirm_by": deadline},
            )
            notices.offer_expired(registration)
        fill_free_places(queue, event, now=now, on_offer=notices.place_offered)
        return len(due)


def offers_expire_due(*, now: datetime.datetime | None = None) -> int:
    """Let every offer past its deadline lapse and offer the place to the next person waiting, one
    event per transaction; returns how many offers lapsed."""
    now = now or timezone.now()
    expired = 0
    for queue in (SEATS, BOOTHS):
        event_ids = sorted(
            set(
                queue.model.objects.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now).values_list(
                    "event_id", flat=True
                )
            )
        )
        for event_id in event_ids:
            expired += _expire_at_event(queue, event_id, now)
    return expired


def reminders_send(*, now: datetime.datetime | None = None, hours: int = REMINDER_HOURS) -> int:
    """Remind everyone holding a confirmed place at a published event starting within ``hours``,
    once (``reminder_sent_at``), in their language; returns how many were reminded."""
    now = now or timezone.now()
    events = Event.objects.filter(
        status=EventStatus.PUBLISHED, starts_at__gt=now, starts_at__lte=now + datetime.timedelta(hours=hours)
    )
    sent = 0
    for event in events:
        for queue in (SEATS, BOOTHS):
            with transaction.atomic():
                due = list(
                    queue.of_event(event)
                    .select_for_update(of=("self",), skip_locked=True)
                    .filter(status=RegistrationStatus.CONFIRMED, reminder_sent_at__isnull=True)
                    .order_by("arrival")
                )
                for registration in due:
                    registration.event = event
                    notices.reminder(registration)
                    registration.reminder_sent_at = now
                    registration.save(update_fields=["reminder_sent_at"])
                sent += len(due)
    return sent
