"""Interview schedules: each side's calendar file, sending the schedules, and marking outcomes.

- ``talent_calendar`` / ``booth_calendar``: a registration's or a booth's interviews as an
  iCalendar file (``events/ics.py``) in the active language.
- ``interview_schedules_send``: staff send the schedules. From then on every change of a person's
  interviews (a run of the optimiser, a hand edit, a cancellation) sends them the updated file:
  ``schedules_changed`` queues ``schedules_deliver`` on the task worker after the commit.
- ``schedules_deliver`` compares what each side was last sent (``ScheduleDelivery.sent``: each
  interview's sequence and times) with its interviews now and, where they differ, queues one
  e-mail per recipient in their language with the schedule (``METHOD:PUBLISH``) and the
  cancellations (``METHOD:CANCEL``, same UIDs) attached, and an in-app notice. The side's row is
  locked while it is compared and written, so a retried or concurrent run sends nothing twice.
- ``interview_mark``: the booth's company (or staff) marks an interview held or a no-show once its
  slot has started.
- ``interviews_remove_for``: a cancelled registration or booth loses its future interviews, in the
  cancellation's transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events as audit
from talentcenter.events import ics, times, workflow
from talentcenter.events.enums import InterviewStatus
from talentcenter.events.models import (
    BoothRegistration,
    Event,
    Interview,
    InterviewGrid,
    ScheduleDelivery,
    TalentRegistration,
)
from talentcenter.events.policies import can_act_for_company, can_manage_events
from talentcenter.events.services.places import lock_event
from talentcenter.foundation.i18n import language_of
from talentcenter.notifications.services import TextAttachment, email_render_and_queue, notice_path, notify
from talentcenter.organizations.selectors import company_recipients

Side = TalentRegistration | BoothRegistration


# --- The calendar files -----------------------------------------------------------------------
def _interviews_of(side: Side) -> list[Interview]:
    interviews = Interview.objects.select_related("slot", "booth__company", "registration__profile").order_by(
        "slot__starts_at", "pk"
    )
    if isinstance(side, TalentRegistration):
        return list(interviews.filter(registration_id=side.pk))
    return list(interviews.filter(booth_id=side.pk))


def _other_side(side: Side, interview: Interview) -> str:
    if isinstance(side, TalentRegistration):
        return interview.booth.company.name
    return str(interview.registration.profile)


def _entries(event: Event, side: Side, interviews: Iterable[Interview]) -> list[ics.Entry]:
    return [
        ics.entry(
            event,
            interview_id=interview.pk,
            sequence=interview.sequence,
            starts_at=interview.slot.starts_at,
            ends_at=interview.slot.ends_at,
            other_side=_other_side(side, interview),
            status=str(InterviewStatus(interview.status).label),
        )
        for interview in interviews
    ]


def talent_calendar(registration: TalentRegistration) -> str:
    """The talent's interviews at the event, in the active language."""
    event = registration.event
    return ics.calendar_text(event, _entries(event, registration, _interviews_of(registration)))


def booth_calendar(booth: BoothRegistration) -> str:
    """The booth's timetable: its interviews with the talents' names, in the active language."""
    event = booth.event
    return ics.calendar_text(event, _entries(event, booth, _interviews_of(booth)))


# --- Sending ----------------------------------------------------------------------------------
@transaction.atomic
def interview_schedules_send(*, actor: User, event: Event | int) -> InterviewGrid:
    """Staff send every talent and booth on the grid their schedule (e-mail with the calendar
    file, in-app notice), through the task worker. Pressing it again sends only what changed since
    (nothing when nothing did); from the first time on, every change is sent as it happens."""
    if not can_manage_events(actor):
        raise PermissionDenied
    locked_event = lock_event(event)
    InterviewGrid.objects.get_or_create(event=locked_event)
    grid = InterviewGrid.objects.select_for_update().get(event=locked_event)
    if not Interview.objects.filter(event=locked_event).exists():
        raise ValidationError(_("No interview is on the grid yet: there is no schedule to send."), code="conflict")
    first = grid.schedules_sent_at is None
    grid.schedules_sent_at = timezone.now()
    grid.schedules_sent_by = actor
    grid.save(update_fields=["schedules_sent_at", "schedules_sent_by"])
    audit.record(
        actor=actor,
        action="events.interview_schedules_sent",
        subject=locked_event,
        changes={"first": first, "interviews": Interview.objects.filter(event=locked_event).count()},
    )
    _deliver_on_commit(locked_event.pk)
    return grid


def _deliver_on_commit(event_id: int) -> None:
    from talentcenter.events.tasks import deliver_interview_schedules

    transaction.on_commit(lambda: deliver_interview_schedules.enqueue(event_id=event_id))


def schedules_changed(event: Event | int) -> None:
    """Called by the services that change interviews: once the schedules were sent, send the
    changes after the commit (nothing before: nobody has a schedule to update yet)."""
    event_id = event if isinstance(event, int) else event.pk
    if InterviewGrid.objects.filter(event_id=event_id, schedules_sent_at__isnull=False).exists():
        _deliver_on_commit(event_id)


def _state(interviews: Iterable[Interview]) -> dict[str, dict[str, Any]]:
    return {
        str(interview.pk): {
            "sequence": interview.sequence,
            "starts_at": interview.slot.starts_at.isoformat(),
            "ends_at": interview.slot.ends_at.isoformat(),
            "registration": interview.registration_id,
            "booth": interview.booth_id,
        }
        for interview in interviews
    }


def _versions(state: dict[str, dict[str, Any]]) -> dict[str, int]:
    return {key: int(value["sequence"]) for key, value in state.items()}


def schedules_deliver(*, event_id: int) -> int:
    """Send each side of the event's grid whose interviews changed since it was last sent (or
    that was never sent any) its schedule; returns how many sides were sent one. Idempotent."""
    grid = InterviewGrid.objects.filter(event_id=event_id).first()
    if grid is None or grid.schedules_sent_at is None:
        return 0
    current: dict[tuple[str, int], dict[str, int]] = {}
    for pk, registration_id, booth_id, sequence in Interview.objects.filter(event_id=event_id).values_list(
        "pk", "registration_id", "booth_id", "sequence"
    ):
        current.setdefault(("registration", registration_id), {})[str(pk)] = sequence
        current.setdefault(("booth", booth_id), {})[str(pk)] = sequence
    sent: dict[tuple[str, int], dict[str, int]] = {}
    for registration_id, booth_id, state in ScheduleDelivery.objects.filter(event_id=event_id).values_list(
        "registration_id", "booth_id", "sent"
    ):
        key = ("registration", registration_id) if registration_id else ("booth", booth_id)
        sent[key] = _versions(state)
    delivered = 0
    for key in sorted(set(current) | set(sent)):
        if current.get(key, {}) != sent.get(key, {}):
            kind, pk = key
            delivered += _deliver_to(
                event_id,
                registration_id=pk if kind == "registration" else None,
                booth_id=pk if kind == "booth" else None,
            )
    return delivered


@transaction.atomic
def _deliver_to(event_id: int, *, registration_id: int | None, booth_id: int | None) -> int:
    ScheduleDelivery.objects.get_or_create(event_id=event_id, registration_id=registration_id, booth_id=booth_id)
    delivery = ScheduleDelivery.objects.select_for_update().get(registration_id=registration_id, booth_id=booth_id)
    side: Side
    if registration_id is not None:
        side = TalentRegistration.objects.select_related("event", "profile__user").get(pk=registration_id)
        recipients = [side.profile.user]
        link = notice_path("events:mine")
    else:
        side = BoothRegistration.objects.select_related("event", "company").get(pk=int(booth_id or 0))
        recipients = company_recipients(company_id=side.company_id)
        link = notice_path("events:booth_schedule", booth_id=side.pk)
    interviews = _interviews_of(side)
    state = _state(interviews)
    if _versions(state) == _versions(delivery.sent):
        return 0  # sent already (a retry, or another worker got here first)
    cancelled = {key: value for key, value in delivery.sent.items() if key not in state}
    changed = {key for key, value in state.items() if delivery.sent.get(key, {}).get("sequence") != value["sequence"]}
    told: set[int] = set()
    for user in recipients:
        if user is None or user.pk in told or not user.is_active:
            continue
        told.add(user.pk)
        _send(side, user, interviews, cancelled, changed=changed, link=link)
    delivery.sent = state
    delivery.sent_at = timezone.now()
    delivery.messages += 1
    delivery.save(update_fields=["sent", "sent_at", "messages"])
    return 1


def _cancelled_entries(event: Event, side: Side, cancelled: dict[str, dict[str, Any]]) -> list[ics.Entry]:
    if isinstance(side, TalentRegistration):
        booth_ids = {value["booth"] for value in cancelled.values()}
        names = {
            booth.pk: booth.company.name
            for booth in BoothRegistration.objects.filter(pk__in=booth_ids).select_related("company")
        }
        name_of = {key: names.get(value["booth"], "") for key, value in cancelled.items()}
    else:
        registration_ids = {value["registration"] for value in cancelled.values()}
        profiles = {
            registration.pk: str(registration.profile)
            for registration in TalentRegistration.objects.filter(pk__in=registration_ids).select_related("profile")
        }
        name_of = {key: profiles.get(value["registration"], "") for key, value in cancelled.items()}
    return [
        ics.entry(
            event,
            interview_id=int(key),
            # The removed row is gone: its cancellation follows the last copy the person was sent.
            sequence=int(value["sequence"]) + 1,
            starts_at=datetime.datetime.fromisoformat(value["starts_at"]),
            ends_at=datetime.datetime.fromisoformat(value["ends_at"]),
            other_side=name_of[key] or _("(no longer registered)"),
        )
        for key, value in sorted(cancelled.items(), key=lambda item: item[1]["starts_at"])
    ]


def _send(
    side: Side,
    user: Any,
    interviews: list[Interview],
    cancelled: dict[str, dict[str, Any]],
    *,
    changed: set[str],
    link: str,
) -> None:
    event = side.event
    language = language_of(user.preferred_language)
    with translation.override(language):
        entries = _entries(event, side, interviews)
        gone = _cancelled_entries(event, side, cancelled)
        attachments = []
        if entries:
            attachments.append(
                TextAttachment(
                    filename=ics.filename(event),
                    content_type="text/calendar",
                    params={"method": ics.PUBLISH},
                    text=ics.calendar_text(event, entries, attendee=user.email),
                )
            )
        if gone:
            attachments.append(
                TextAttachment(
                    filename=ics.filename(event, cancelled=True),
                    content_type="text/calendar",
                    params={"method": ics.CANCEL},
                    text=ics.calendar_text(event, gone, method=ics.CANCEL, attendee=user.email),
                )
            )
        rows = [
            {
                "summary": item.summary,
                "time": times.span(item.starts_at, item.ends_at, event.time_zone),
                "new": str(item.interview_id) in changed,
            }
            for item in entries
        ]
        cancelled_rows = [
            {"summary": item.summary, "time": times.span(item.starts_at, item.ends_at, event.time_zone)}
            for item in gone
        ]
        url = f"{settings.SITE_URL}/{language}{link}"
        if user.email:
            email_render_and_queue(
                template="interview_schedule",
                to=user.email,
                language=language,
                context={
                    "user": user,
                    "event": event,
                    "rows": rows,
                    "cancelled": cancelled_rows,
                    "for_company": isinstance(side, BoothRegistration),
                    "url": url,
                },
                attachments=attachments,
            )
    notify(
        recipient=user,
        kind="events.interview_schedule",
        title=lambda: _("Your interview schedule for {event}").format(event=event.title),
        body=lambda: _(
            "Your interviews at “{event}” are set or have changed. The e-mail has the calendar file; the page "
            "shows the schedule and lets you download it again."
        ).format(event=event.title),
        link=link,
        email=False,
    )


# --- Cancellations and outcomes ---------------------------------------------------------------
def interviews_remove_for(side: Side | Event, *, now: datetime.datetime) -> list[int]:
    """Take the future interviews of a cancelled registration, booth or whole event off the grid
    (inside the cancellation's transaction, under the event's lock); their cancellations go to both
    sides."""
    interviews = Interview.objects.filter(status=InterviewStatus.SCHEDULED, slot__starts_at__gt=now)
    if isinstance(side, Event):
        interviews, event_id = interviews.filter(event_id=side.pk), side.pk
    elif isinstance(side, TalentRegistration):
        interviews, event_id = interviews.filter(registration_id=side.pk), side.event_id
    else:
        interviews, event_id = interviews.filter(booth_id=side.pk), side.event_id
    removed = list(interviews.values_list("pk", flat=True))
    if removed:
        Interview.objects.filter(pk__in=removed).delete()
        schedules_changed(event_id)
    return removed


OUTCOMES = (InterviewStatus.HELD, InterviewStatus.NO_SHOW)


@transaction.atomic
def interview_mark(
    *, actor: User, interview: Interview | int, outcome: str, now: datetime.datetime | None = None
) -> Interview:
    """A member of the booth's company (or staff) marks an interview ``held`` or ``no_show`` once
    its slot has started; marking the other outcome corrects a mistake. Nobody else may (403)."""
    now = now or timezone.now()
    interview_id = interview if isinstance(interview, int) else interview.pk
    event_id = Interview.objects.filter(pk=interview_id).values_list("event_id", flat=True).first()
    if event_id is None:
        raise ValidationError(_("That meeting is not on the grid."))
    lock_event(event_id)
    locked = Interview.objects.select_for_update(of=("self",)).select_related("slot", "booth").get(pk=interview_id)
    if not (can_manage_events(actor) or can_act_for_company(actor, locked.booth.company_id)):
        raise PermissionDenied
    if outcome not in OUTCOMES:
        raise ValidationError({"status": [_("Mark the interview held or a no-show.")]})
    if now < locked.slot.starts_at:
        raise ValidationError(_("An interview can be marked once its slot has started."), code="conflict")
    old, new = workflow.INTERVIEW_TRANSITIONS.move(locked, str(outcome))
    locked.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="events.interview_marked",
        subject=locked.booth,
        changes={
            "interview": locked.pk,
            "status": [old, new],
            "registration": locked.registration_id,
            "event": event_id,
        },
    )
    return locked
