"""Tickets: a talent's seat (``/events/my/<id>/ticket/``) and a company's booth
(``/events/booths/<id>/ticket/``), each with its QR code (SVG) and a printable ticket (PNG).

Only the ticket's holder (the talent; the members of the company) and center staff see a ticket;
anybody else gets 404, as for the registration itself. A place that is not confirmed has no ticket:
its page says why and its pictures are missing. Nothing here is cached (``never_cache``): the code
is the ticket.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.events import tickets, times
from talentcenter.events.enums import RegistrationStatus, TicketKind
from talentcenter.events.models import BoothRegistration, TalentRegistration
from talentcenter.events.policies import access_ticket_of_booth, access_ticket_of_registration, can_manage_events
from talentcenter.events.ticket_images import TicketFacts, qr_svg, ticket_png
from talentcenter.foundation.display import choice_label
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_access

Ticket = TalentRegistration | BoothRegistration


def _registration(request: HttpRequest, registration_id: int) -> TalentRegistration:
    access_ticket_of_registration(user=request.user, registration_id=registration_id)
    registration = TalentRegistration.objects.select_related("event", "profile__user").get(pk=registration_id)
    if can_manage_events(request.user) and registration.profile.user_id:
        record_personal_data_access(
            viewer=signed_in_user(request),
            subject=registration.profile.user,
            what=AccessWhat.TALENT_PROFILE,
            obj=registration,
        )
    return registration


def _booth(request: HttpRequest, booth_id: int) -> BoothRegistration:
    access_ticket_of_booth(user=request.user, booth_id=booth_id)
    return BoothRegistration.objects.select_related("event", "company").get(pk=booth_id)


def facts_of(ticket: Ticket) -> TicketFacts | None:
    """What the ticket says; None when the place is not confirmed (no ticket)."""
    if ticket.status != RegistrationStatus.CONFIRMED or not ticket.ticket_code:
        return None
    if isinstance(ticket, TalentRegistration):
        return TicketFacts(
            event=ticket.event, code=ticket.ticket_code, kind=TicketKind.TALENT, holder=ticket.profile.full_name
        )
    return TicketFacts(event=ticket.event, code=ticket.ticket_code, kind=TicketKind.BOOTH, holder=ticket.company.name)


def _page(request: HttpRequest, ticket: Ticket, *, urls: dict[str, str]) -> HttpResponse:
    facts = facts_of(ticket)
    event = ticket.event
    context: dict[str, Any] = {
        "event": event,
        "ticket": ticket,
        "facts": facts,
        "code": tickets.formatted(ticket.ticket_code) if facts else "",
        "kind_label": choice_label(
            TicketKind, TicketKind.TALENT if isinstance(ticket, TalentRegistration) else TicketKind.BOOTH
        ),
        "holder": facts.holder if facts else "",
        "starts": times.shown(event.starts_at, zone=event.time_zone, online_only=event.is_online),
        "checked_in": times.in_zones(ticket.checked_in_at, event.time_zone) if ticket.checked_in_at else "",
        "no_ticket": ""
        if facts
        else _("There is no ticket: this place is “{status}”. A ticket comes with a confirmed place.").format(
            status=choice_label(RegistrationStatus, ticket.status)
        ),
        "needs_local_times": True,
        **urls,
    }
    return render(request, "events/ticket.html", context)


def _picture(ticket: Ticket, kind: str) -> HttpResponse:
    facts = facts_of(ticket)
    if facts is None:
        raise Http404
    if kind == "svg":
        response = HttpResponse(qr_svg(facts), content_type="image/svg+xml")
    else:
        response = HttpResponse(ticket_png(facts), content_type="image/png")
        filename = f"ticket-{ticket.event.slug}.png"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@never_cache
@require_GET
@login_required
def registration_ticket(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = _registration(request, registration_id)
    kwargs = {"registration_id": registration.pk}
    return _page(
        request,
        registration,
        urls={
            "qr_url": reverse("events:ticket_qr", kwargs=kwargs),
            "png_url": reverse("events:ticket_png", kwargs=kwargs),
            "back_url": reverse("events_backoffice:detail", kwargs={"event_id": registration.event_id})
            if can_manage_events(request.user)
            else reverse("events:mine"),
        },
    )


@never_cache
@require_GET
@login_required
def registration_ticket_qr(request: HttpRequest, registration_id: int) -> HttpResponse:
    return _picture(_registration(request, registration_id), "svg")


@never_cache
@require_GET
@login_required
def registration_ticket_png(request: HttpRequest, registration_id: int) -> HttpResponse:
    return _picture(_registration(request, registration_id), "png")


@never_cache
@require_GET
@login_required
def booth_ticket(request: HttpRequest, booth_id: int) -> HttpResponse:
    booth = _booth(request, booth_id)
    kwargs = {"booth_id": booth.pk}
    return _page(
        request,
        booth,
        urls={
            "qr_url": reverse("events:booth_ticket_qr", kwargs=kwargs),
            "png_url": reverse("events:booth_ticket_png", kwargs=kwargs),
            "back_url": reverse("events_backoffice:detail", kwargs={"event_id": booth.event_id})
            if can_manage_events(request.user)
            else reverse("events:booths"),
        },
    )


@never_cache
@require_GET
@login_required
def booth_ticket_qr(request: HttpRequest, booth_id: int) -> HttpResponse:
    return _picture(_booth(request, booth_id), "svg")


@never_cache
@require_GET
@login_required
def booth_ticket_png(request: HttpRequest, booth_id: int) -> HttpResponse:
    return _picture(_booth(request, booth_id), "png")


urlpatterns = [
    path("my/<int:registration_id>/ticket/", registration_ticket, name="ticket"),
    path("my/<int:registration_id>/ticket/qr.svg", registration_ticket_qr, name="ticket_qr"),
    path("my/<int:registration_id>/ticket/ticket.png", registration_ticket_png, name="ticket_png"),
    path("booths/<int:booth_id>/ticket/", booth_ticket, name="booth_ticket"),
    path("booths/<int:booth_id>/ticket/qr.svg", booth_ticket_qr, name="booth_ticket_qr"),
    path("booths/<int:booth_id>/ticket/ticket.png", booth_ticket_png, name="booth_ticket_png"),
]
