"""Tickets and check-in in the API: a talent reads their seat's ticket
(``GET /api/v1/me/events/{registration_id}/ticket``), a member of a verified company its booth's
(``GET /api/v1/events/booths/{booth_id}/ticket``), and staff check a ticket in
(``POST /api/v1/staff/events/{event_id}/check-in``) by the rules of the check-in page: the same
ticket twice is harmless (``first_check_in`` false, the first time kept).

404 for a ticket that is not the caller's; 409 (code ``conflict``) for a place with no ticket (not
confirmed), a ticket of another event or of a place no longer confirmed; 422 (field ``code``) for a
code that is not one, has a typo or is unknown.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.events import policies, tickets
from talentcenter.events.enums import RegistrationStatus, TicketKind
from talentcenter.events.models import BoothRegistration, TalentRegistration
from talentcenter.events.services import checkin as services
from talentcenter.foundation.api.errors import ErrorOut
from talentcenter.foundation.api.schemas import InputSchema, ObjectId, PlainText
from talentcenter.foundation.display import choice_label
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_access

talent_router = Router(tags=["events"])
company_router = Router(tags=["events"])
staff_router = Router(tags=["staff"])


class TicketOut(Schema):
    kind: TicketKind
    kind_label: str
    id: int = Field(description="The registration's id (a talent's seat) or the booth's.")
    event_id: int
    event_title: str
    event_starts_at: datetime
    holder: str = Field(description="The talent's name, or the company's.")
    code: str = Field(description="The code to type at the door, in two groups of five: 7KQ4M-ZT2XB.")
    qr_payload: str = Field(description="What the ticket's QR code holds: the event's check-in address with the code.")
    checked_in_at: datetime | None


class CheckInIn(InputSchema):
    code: Annotated[str, PlainText(tickets.MAX_INPUT_LENGTH, min_length=1)] = Field(
        description="The ticket's code as typed (dashes, spaces and case do not matter) or the scanned address."
    )


class CheckInOut(Schema):
    first_check_in: bool = Field(description="False when the ticket was checked in before: nothing changed.")
    checked_in_at: datetime = Field(description="The first check-in, kept.")
    kind: TicketKind
    kind_label: str
    id: int = Field(description="The registration's id (a talent's seat) or the booth's.")
    holder: str
    event_id: int
    event_title: str
    message: str


def ticket_out(ticket: TalentRegistration | BoothRegistration) -> dict[str, Any]:
    if ticket.status != RegistrationStatus.CONFIRMED or not ticket.ticket_code:
        raise ValidationError(
            _("There is no ticket: this place is “{status}”. A ticket comes with a confirmed place.").format(
                status=choice_label(RegistrationStatus, ticket.status)
            ),
            code="conflict",
        )
    kind = TicketKind.TALENT if isinstance(ticket, TalentRegistration) else TicketKind.BOOTH
    return {
        "kind": kind,
        "kind_label": choice_label(TicketKind, kind),
        "id": ticket.pk,
        "event_id": ticket.event_id,
        "event_title": ticket.event.title,
        "event_starts_at": ticket.event.starts_at,
        "holder": services.ticket_holder(ticket),
        "code": tickets.formatted(ticket.ticket_code),
        "qr_payload": tickets.check_in_address(ticket.event_id, ticket.ticket_code),
        "checked_in_at": ticket.checked_in_at,
    }


# A place that is not confirmed has no ticket: 409, declared (a read has no 409 by default).
TICKET_RESPONSES: dict[int, Any] = {200: TicketOut, 409: ErrorOut}


@talent_router.get("/{registration_id}/ticket", response=TICKET_RESPONSES, summary="My ticket for an event")
def my_ticket(request: HttpRequest, registration_id: ObjectId) -> dict[str, Any]:
    """Only for a confirmed seat (409 otherwise)."""
    registration = policies.access_registration_for_talent(user=request.user, registration_id=registration_id)
    return ticket_out(TalentRegistration.objects.select_related("event", "profile").get(pk=registration.pk))


@company_router.get("/{booth_id}/ticket", response=TICKET_RESPONSES, summary="The ticket of my company's booth")
def booth_ticket(request: HttpRequest, booth_id: ObjectId) -> dict[str, Any]:
    """For members of the booth's verified company; only for a confirmed booth (409 otherwise)."""
    booth = policies.access_booth_for_company(user=request.user, booth_id=booth_id)
    return ticket_out(booth)


@staff_router.post("/{event_id}/check-in", response=CheckInOut, summary="Check a ticket in at the door")
def staff_check_in(request: HttpRequest, event_id: ObjectId, payload: CheckInIn) -> dict[str, Any]:
    """Idempotent: a ticket checked in before answers with its first check-in and changes nothing."""
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    actor = signed_in_user(request)
    result = services.ticket_check_in(actor=actor, event=event, code=payload.code)
    ticket = result.ticket
    if isinstance(ticket, TalentRegistration) and ticket.profile.user_id:
        record_personal_data_access(
            viewer=actor, subject=ticket.profile.user, what=AccessWhat.TALENT_PROFILE, obj=ticket, via="api"
        )
    answer = services.check_in_answer(result, event)
    return {
        "first_check_in": result.first,
        "checked_in_at": result.checked_in_at,
        "kind": result.kind,
        "kind_label": answer["kind_label"],
        "id": ticket.pk,
        "holder": answer["holder"],
        "event_id": event.pk,
        "event_title": event.title,
        "message": answer["message"],
    }
