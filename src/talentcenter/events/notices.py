"""Who is told what about events: in the app and by e-mail, in the recipient's own language.

The services call these inside their transaction: the in-app notices are written at once (they
roll back with the change) and the e-mails are queued to be sent after the commit
(``notifications.services.notify``). Times are given in the venue's zone with Korea's beside
them; an online event's in Korea's time and UTC (the page shows them in the viewer's zone).
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.utils.translation import gettext as _

from talentcenter.events import tickets
from talentcenter.events.models import KOREA_TIME_ZONE, BoothRegistration, Event, TalentRegistration
from talentcenter.notifications.services import notice_path, notify_users
from talentcenter.organizations.selectors import company_recipients

KST = zoneinfo.ZoneInfo(KOREA_TIME_ZONE)


def _format(moment: datetime.datetime, zone: zoneinfo.ZoneInfo, label: str) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M} {label}"


def when(event: Event, moment: datetime.datetime | None = None) -> str:
    """``moment`` (default: the start) in the venue's zone with KST beside it, or KST and UTC online."""
    moment = moment or event.starts_at
    korea = _format(moment, KST, "KST")
    if event.is_online:
        return f"{korea} ({_format(moment, zoneinfo.ZoneInfo('UTC'), 'UTC')})"
    if event.time_zone == KOREA_TIME_ZONE:
        return korea
    return f"{_format(moment, event.zone, event.time_zone)} ({korea})"


def event_path(event: Event) -> str:
    return notice_path("events:detail", slug=event.slug)


def _talent(registration: TalentRegistration) -> list[Any]:
    return [registration.profile.user]


def _company(booth: BoothRegistration) -> list[Any]:
    return company_recipients(company_id=booth.company_id)


def talent_registered(registration: TalentRegistration) -> None:
    event = registration.event
    if registration.status == "confirmed":
        title = lambda: _("Your place at {event} is confirmed").format(event=event.title)  # noqa: E731
        body = lambda: (  # noqa: E731
            _("You are registered for “{event}”, {when}. {place}").format(
                event=event.title, when=when(event), place=_place(event)
            )
            + _ticket(registration)
        )
    else:
        title = lambda: _("You are on the waiting list for {event}").format(event=event.title)  # noqa: E731
        body = lambda: _(  # noqa: E731
            "“{event}” is full, so you are on the waiting list. If a place frees up, we will offer it to "
            "you and you will have until the deadline given then to confirm it."
        ).format(event=event.title)
    notify_users(
        _talent(registration), kind="events.registered", title=title, body=body, link=_ticket_path(registration)
    )


def _has_ticket(registration: TalentRegistration | BoothRegistration) -> bool:
    """A confirmed place at a venue, with its code: the notice tells it and links to the ticket."""
    return not registration.event.is_online and registration.status == "confirmed" and bool(registration.ticket_code)


def _ticket(registration: TalentRegistration | BoothRegistration) -> str:
    """The sentence giving the ticket's code, or "" when the notice carries no ticket."""
    if not _has_ticket(registration):
        return ""
    return " " + _("Your ticket code is {code}: show it, or the QR code on your ticket page, at the door.").format(
        code=tickets.formatted(registration.ticket_code)
    )


def _ticket_path(registration: TalentRegistration | BoothRegistration) -> str:
    """The ticket page when the notice carries a ticket, else the event's page."""
    if not _has_ticket(registration):
        return event_path(registration.event)
    if isinstance(registration, TalentRegistration):
        return notice_path("events:ticket", registration_id=registration.pk)
    return notice_path("events:booth_ticket", booth_id=registration.pk)


def _place(event: Event) -> str:
    if event.is_online:
        return _("Online: the link is on the event's page.")
    return _("Venue: {venue}, {city}.").format(venue=event.venue_name, city=event.city)


def place_offered(registration: TalentRegistration | BoothRegistration) -> None:
    event = registration.event
    deadline = registration.offer_expires_at
    assert deadline is not None
    recipients = _talent(registration) if isinstance(registration, TalentRegistration) else _company(registration)
    notify_users(
        recipients,
        kind="events.place_offered",
        title=lambda: _("A place at {event} is yours if you confirm it").format(event=event.title),
        body=lambda: _(
            "A place has become free at “{event}” and you are next on the waiting list. Confirm it by "
            "{deadline}; after that it goes to the next person."
        ).format(event=event.title, deadline=when(event, deadline)),
        link=event_path(event),
    )


def place_confirmed(registration: TalentRegistration | BoothRegistration) -> None:
    event = registration.event
    recipients = _talent(registration) if isinstance(registration, TalentRegistration) else _company(registration)
    notify_users(
        recipients,
        kind="events.place_confirmed",
        title=lambda: _("Your place at {event} is confirmed").format(event=event.title),
        body=lambda: (
            _("You have confirmed your place at “{event}”, {when}.").format(event=event.title, when=when(event))
            + _ticket(registration)
        ),
        link=_ticket_path(registration),
    )


def offer_expired(registration: TalentRegistration | BoothRegistration) -> None:
    event = registration.event
    recipients = _talent(registration) if isinstance(registration, TalentRegistration) else _company(registration)
    notify_users(
        recipients,
        kind="events.offer_expired",
        title=lambda: _("The place offered at {event} has lapsed").format(event=event.title),
        body=lambda: _(
            "The place offered to you at “{event}” was not confirmed in time and has gone to the next person "
            "on the waiting list. You may register again while registration is open."
        ).format(event=event.title),
        link=event_path(event),
    )


def registration_cancelled(registration: TalentRegistration | BoothRegistration, *, by_staff: bool) -> None:
    event = registration.event
    recipients = _talent(registration) if isinstance(registration, TalentRegistration) else _company(registration)
    if by_staff:
        body = lambda: _("The center has cancelled your registration for “{event}”.").format(  # noqa: E731
            event=event.title
        )
    else:
        body = lambda: _("Your registration for “{event}” is cancelled.").format(event=event.title)  # noqa: E731
    notify_users(
        recipients,
        kind="events.registration_cancelled",
        title=lambda: _("Registration for {event} cancelled").format(event=event.title),
        body=body,
        link=event_path(event),
    )


def booth_registered(booth: BoothRegistration, *, skip: Any = None) -> None:
    event = booth.event
    if booth.status == "confirmed":
        title = lambda: _("Your booth at {event} is confirmed").format(event=event.title)  # noqa: E731
        body = lambda: (  # noqa: E731
            _("{company} has a booth at “{event}”, {when}.").format(
                company=booth.company.name, event=event.title, when=when(event)
            )
            + _ticket(booth)
        )
    else:
        title = lambda: _("Your booth at {event} is on the waiting list").format(event=event.title)  # noqa: E731
        body = lambda: _(  # noqa: E731
            "Every booth at “{event}” is taken, so {company} is on the waiting list. If a booth frees up, "
            "we will offer it to you with a deadline to confirm."
        ).format(company=booth.company.name, event=event.title)
    notify_users(_company(booth), kind="events.booth_registered", title=title, body=body, link=_ticket_path(booth))


def event_cancelled(event: Event, registrations: list[Any]) -> None:
    """Everyone still registered (talents, and the members of companies with a booth)."""
    recipients: list[Any] = []
    for registration in registrations:
        recipients += _talent(registration) if isinstance(registration, TalentRegistration) else _company(registration)
    reason = event.cancel_reason
    notify_users(
        recipients,
        kind="events.event_cancelled",
        title=lambda: _("{event} is cancelled").format(event=event.title),
        body=lambda: _("We are sorry: “{event}” will not take place. {reason}").format(
            event=event.title, reason=reason
        ),
        link=event_path(event),
    )


def reminder(registration: TalentRegistration | BoothRegistration) -> None:
    event = registration.event
    recipients = _talent(registration) if isinstance(registration, TalentRegistration) else _company(registration)
    notify_users(
        recipients,
        kind="events.reminder",
        title=lambda: _("Reminder: {event} starts soon").format(event=event.title),
        body=lambda: (
            _("“{event}” starts {when}. {place}").format(event=event.title, when=when(event), place=_place(event))
            + _ticket(registration)
        ),
        link=_ticket_path(registration),
    )
