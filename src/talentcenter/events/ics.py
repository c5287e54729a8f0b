"""Interview schedules as iCalendar files (RFC 5545), one per side of the grid; and an event's own
calendar entry ("add to my calendar" on its public page).

- One VEVENT per interview, its UID ``interview-<id>@<site domain>`` kept for the meeting's whole
  life (a re-run of the optimiser keeps the row of every pair it keeps: ``services.interviews``),
  and its SEQUENCE the interview's ``sequence``, bumped by each move, so a calendar replaces the
  copy it has.
- DTSTART and DTEND carry the venue's IANA zone (``TZID=America/New_York``) with the VTIMEZONE
  built by icalendar from the zone database for the years around the event.
- SUMMARY, DESCRIPTION and LOCATION are written in the language active when the file is made
  (the recipient's: callers use ``translation.override``).
- A schedule is ``METHOD:PUBLISH``; removed interviews go out in a separate ``METHOD:CANCEL``
  file, ``STATUS:CANCELLED``, with the same UID and a higher SEQUENCE.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from talentcenter.events import times
from talentcenter.events.models import Event

PRODUCT_ID = "-//Global Talent Center//talentcenter interview schedule//EN"
PUBLISH = "PUBLISH"
CANCEL = "CANCEL"


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "talentcenter.example"


def interview_uid(interview_id: int) -> str:
    """The UID of one interview in every calendar file, e-mailed or downloaded, for its whole life."""
    return f"interview-{interview_id}@{site_domain()}"


@dataclass(frozen=True)
class Entry:
    """One interview as a calendar shows it, in the reader's language."""

    interview_id: int
    sequence: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    description: str


def location(event: Event) -> str:
    if event.is_online:
        return event.online_url
    return ", ".join(part for part in (event.venue_name, event.venue_address, event.city) if part)


def entry(
    event: Event,
    *,
    interview_id: int,
    sequence: int,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    other_side: str,
    status: str = "",
) -> Entry:
    """An interview with ``other_side`` (the company for a talent, the talent for a booth)."""
    lines = [
        _("Event: {event}").format(event=event.title),
        _("Time: {time}").format(time=times.span(starts_at, ends_at, event.time_zone)),
        _("With: {name}").format(name=other_side),
    ]
    if status:
        lines.append(_("Status: {status}").format(status=status))
    place = location(event)
    if place:
        lines.append(_("Place: {place}").format(place=place))
    return Entry(
        interview_id=interview_id,
        sequence=sequence,
        starts_at=starts_at,
        ends_at=ends_at,
        summary=_("Interview with {name} – {event}").format(name=other_side, event=event.title),
        description="\n".join(lines),
    )


def calendar_text(
    event: Event,
    entries: Iterable[Entry],
    *,
    method: str = PUBLISH,
    attendee: str = "",
    now: datetime.datetime | None = None,
) -> str:
    """The calendar file of ``entries`` at ``event`` (``CANCEL``: each one cancelled)."""
    now = now or datetime.datetime.now(datetime.UTC)
    calendar = _new_calendar(PRODUCT_ID, method)
    calendar.add("x-wr-calname", event.title)
    organizer_name, organizer_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    zone = event.zone
    for item in entries:
        vevent = icalendar.Event()
        vevent.add("uid", interview_uid(item.interview_id))
        vevent.add("sequence", item.sequence)
        vevent.add("dtstamp", now)
        vevent.add("dtstart", item.starts_at.astimezone(zone))
        vevent.add("dtend", item.ends_at.astimezone(zone))
        vevent.add(
            "summary", _("Cancelled: {summary}").format(summary=item.summary) if method == CANCEL else item.summary
        )
        vevent.add("description", item.description)
        place = location(event)
        if place:
            vevent.add("location", place)
        vevent.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
        vevent.add("transp", "OPAQUE")
        if organizer_address:
            organizer = icalendar.vCalAddress(f"mailto:{organizer_address}")
            if organizer_name:
                organizer.params["cn"] = icalendar.vText(organizer_name)
            vevent.add("organizer", organizer)
        if attendee:
            vevent.add("attendee", icalendar.vCalAddress(f"mailto:{attendee}"))
        calendar.add_component(vevent)
    return _text(calendar, event)


def _new_calendar(product_id: str, method: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", product_id)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _text(calendar: icalendar.Calendar, event: Event) -> str:
    """The file, with the VTIMEZONE of every zone it names for the years around the event."""
    first = (event.starts_at - datetime.timedelta(days=366)).date()
    last = (event.ends_at + datetime.timedelta(days=366)).date()
    calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical().decode()


def filename(event: Event, *, cancelled: bool = False) -> str:
    return f"{event.slug}-{'cancelled' if cancelled else 'interviews'}.ics"


def event_uid(event_id: int) -> str:
    """The UID of an event's own calendar entry."""
    return f"event-{event_id}@{site_domain()}"


def event_calendar_text(event: Event, *, page_url: str, now: datetime.datetime | None = None) -> str:
    """The event itself as one VEVENT, for anyone who may see its page: in the venue's zone (an
    online event's in UTC), its SEQUENCE ``Event.calendar_sequence`` (bumped by every edit, the
    publishing and the cancellation), ``STATUS:CANCELLED`` once cancelled. An online event's link is not in it: the
    page gives it to the people with a confirmed place."""
    now = now or datetime.datetime.now(datetime.UTC)
    calendar = _new_calendar("-//Global Talent Center//talentcenter events//EN", PUBLISH)
    zone = datetime.UTC if event.is_online else event.zone
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event.pk))
    vevent.add("sequence", event.calendar_sequence)
    vevent.add("dtstamp", now)
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    vevent.add("summary", event.title)
    lines = [event.summary] if event.summary else []
    lines.append(_("Details and registration: {url}").format(url=page_url))
    vevent.add("description", "\n\n".join(lines))
    vevent.add("location", _("Online") if event.is_online else location(event))
    vevent.add("url", page_url)
    vevent.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    calendar.add_component(vevent)
    return _text(calendar, event)
