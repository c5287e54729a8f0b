"""Check-in at the door: staff scan or type a ticket's code (``events/tickets.py``) on the event's
check-in page or through the API.

Checking in is idempotent. The ticket's row is locked (``select_for_update``) before it is read, so
two staff scanning the same ticket at once are served one after the other: the first records the
time and who checked it in and writes the one audit row; the second finds it checked in and answers
"already checked in at …" with the first time, changing nothing. Only the ticket's row is locked,
not the event's: a busy door must not hold up registrations, and a cancellation (which locks the
event, then the same row) cannot slip between the reading of the status and the check-in.

Refused, with nothing changed: a code that is not a code or has a typo, an unknown code (422, field
``code``); a ticket of another event, or of a place that is not confirmed (waiting list, offered,
cancelled, lapsed) (409).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events as audit
from talentcenter.events import tickets, times
from talentcenter.events.enums import RegistrationStatus, TicketKind
from talentcenter.events.models import BoothRegistration, Event, TalentRegistration
from talentcenter.events.policies import can_manage_events
from talentcenter.foundation.display import choice_label

Ticket = TalentRegistration | BoothRegistration


@dataclass(frozen=True)
class CheckIn:
    """The answer to a check-in: whose ticket, and whether this was its first check-in."""

    ticket: Ticket
    first: bool

    @property
    def kind(self) -> TicketKind:
        return TicketKind.TALENT if isinstance(self.ticket, TalentRegistration) else TicketKind.BOOTH

    @property
    def checked_in_at(self) -> datetime.datetime:
        assert self.ticket.checked_in_at is not None
        return self.ticket.checked_in_at


def ticket_holder(ticket: Ticket) -> str:
    """Who the ticket lets in: the talent's name, or the company's."""
    if isinstance(ticket, TalentRegistration):
        return str(ticket.profile.full_name)
    return str(ticket.company.name)


def check_in_answer(check_in: CheckIn, event: Event) -> dict[str, Any]:
    """The check-in's answer in words, for the page and the API alike."""
    ticket = check_in.ticket
    moment = times.in_zones(check_in.checked_in_at, event.time_zone)
    holder = ticket_holder(ticket)
    kind = choice_label(TicketKind, check_in.kind)
    if check_in.first:
        message = _("Checked in: {holder} ({kind}) at {event}. First check-in at {time}.")
    else:
        message = _("Already checked in at {time}: {holder} ({kind}) at {event}. Nothing changed.")
    return {
        "first": check_in.first,
        "holder": holder,
        "kind": check_in.kind,
        "kind_label": kind,
        "event_title": event.title,
        "time": moment,
        "message": message.format(holder=holder, kind=kind, event=event.title, time=moment),
    }


def _locked_ticket(code: str) -> Ticket | None:
    talent = (
        TalentRegistration.objects.select_for_update(of=("self",))
        .select_related("profile", "event")
        .filter(ticket_code=code)
        .first()
    )
    if talent is not None:
        return talent
    return (
        BoothRegistration.objects.select_for_update(of=("self",))
        .select_related("company", "event")
        .filter(ticket_code=code)
        .first()
    )


@transaction.atomic
def ticket_check_in(*, actor: User, event: Event | int, code: str, now: datetime.datetime | None = None) -> CheckIn:
    """Center staff check in the ticket ``code`` (typed or scanned) at ``event``.

    The first check-in records the moment and the staff member and is audited; any later one of the
    same ticket answers with that first moment and changes nothing."""
    if not can_manage_events(actor):
        raise PermissionDenied
    event_id = event if isinstance(event, int) else event.pk
    if not Event.objects.filter(pk=event_id).exists():
        raise Http404
    cleaned = tickets.clean_code(code)
    ticket = _locked_ticket(cleaned)
    if ticket is None:
        raise ValidationError({"code": _("No ticket has this code. Check it against the ticket.")})
    if ticket.event_id != event_id:
        raise ValidationError(
            _("This ticket is for another event: “{event}”. Nothing was recorded.").format(event=ticket.event.title),
            code="conflict",
        )
    if ticket.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            _("This ticket is not valid: its place is “{status}”. Nothing was recorded.").format(
                status=choice_label(RegistrationStatus, ticket.status)
            ),
            code="conflict",
        )
    if ticket.checked_in_at is not None:
        return CheckIn(ticket=ticket, first=False)
    ticket.checked_in_at = now or timezone.now()
    ticket.checked_in_by = actor
    ticket.save(update_fields=["checked_in_at", "checked_in_by"])
    action = "events.registration_checked_in" if isinstance(ticket, TalentRegistration) else "events.booth_checked_in"
    audit.record(
        actor=actor,
        action=action,
        subject=ticket,
        changes={"event": event_id, "checked_in_at": ticket.checked_in_at},
    )
    return CheckIn(ticket=ticket, first=True)
