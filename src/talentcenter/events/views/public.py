"""The public events list (``/events/``) and an event's page (``/events/<slug>/``), open to all.

Times show in the venue's zone with Korea time beside them (``events.times``); an online-only
event's times are rewritten in the viewer's zone by ``events/local-times.js``. The page also tells
the visitor where they stand: a talent's registration, a company member's booths, staff's link to
the back office. Drafts are seen by staff only (404 for anyone else).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from talentcenter.events import ics, listing, times
from talentcenter.events.enums import EventStatus, RegistrationStatus
from talentcenter.events.forms import EventFilterForm
from talentcenter.events.models import BoothRegistration, Event, EventSession, TalentRegistration
from talentcenter.events.policies import can_manage_events
from talentcenter.foundation.downloads import calendar_download
from talentcenter.jobs.policies import talent_profile_id
from talentcenter.jobs.selectors.company import companies_of_user
from talentcenter.organizations.enums import CompanyStatus


@dataclass(frozen=True)
class EventFacts:
    """What a line of the list (and the top of an event's page) shows."""

    event: Event
    starts: times.Shown
    ends: times.Shown
    place: str
    places: listing.Places
    industries: list[str]
    registration_open: bool
    is_past: bool


def place_of(event: Event) -> str:
    if event.is_online:
        from django.utils.translation import gettext as _

        return str(_("Online"))
    country = str(getattr(event.country, "name", "")) if event.country else ""
    parts = [event.venue_name, event.city, "" if country == event.city else country]
    return ", ".join(part for part in parts if part)


def event_facts(event: Event, now: Any) -> EventFacts:
    return EventFacts(
        event=event,
        starts=times.shown(event.starts_at, zone=event.time_zone, online_only=event.is_online),
        ends=times.shown(event.ends_at, zone=event.time_zone, online_only=event.is_online),
        place=place_of(event),
        places=listing.places(event),
        industries=[industry.name for industry in event.target_industries.all()],
        registration_open=event.registration_is_open(now),
        is_past=event.ends_at <= now,
    )


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming events by default; the filters are a GET form, so a filtered list is a link."""
    cities, industries = listing.filter_options()
    form = EventFilterForm(request.GET, cities=cities, industries=industries)
    criteria = form.criteria()
    page = listing.public_event_page(**criteria, page=request.GET.get("page") or 1)
    now = timezone.now()
    return render(
        request,
        "events/list.html",
        {
            "form": form,
            "page": page,
            "events": [event_facts(event, now) for event in page.object_list],
            "filtered": any(criteria[key] for key in ("kind", "city", "industry")),
            "upcoming": criteria["upcoming"],
        },
    )


@dataclass(frozen=True)
class SessionRow:
    session: EventSession
    starts: times.Shown
    ends: times.Shown
    span: str


def _viewer_registration(request: HttpRequest, event: Event) -> TalentRegistration | None:
    profile_id = talent_profile_id(request.user)
    if profile_id is None:
        return None
    return TalentRegistration.objects.filter(event_id=event.pk, profile_id=profile_id).first()


def _viewer_booths(request: HttpRequest, event: Event) -> tuple[list[BoothRegistration], list[Any]]:
    """The booths of the viewer's companies at ``event``, and the verified companies without one."""
    companies = list(companies_of_user(request.user))
    if not companies:
        return [], []
    booths = list(BoothRegistration.objects.filter(event_id=event.pk, company__in=companies).select_related("company"))
    active = {
        booth.company_id
        for booth in booths
        if booth.status not in (RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED)
    }
    free = [company for company in companies if company.status == CompanyStatus.VERIFIED and company.pk not in active]
    return booths, free


def _may_see_link(request: HttpRequest, event: Event, registration: Any, booths: list[BoothRegistration]) -> bool:
    if can_manage_events(request.user):
        return True
    if registration is not None and registration.status == RegistrationStatus.CONFIRMED:
        return True
    return any(booth.status == RegistrationStatus.CONFIRMED for booth in booths)


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = listing.event_by_slug(user=request.user, slug=slug)
    if event is None:
        raise Http404
    now = timezone.now()
    facts = event_facts(event, now)
    registration = _viewer_registration(request, event)
    booths, companies_free = _viewer_booths(request, event)
    sessions = [
        SessionRow(
            session,
            times.shown(session.starts_at, zone=event.time_zone, online_only=event.is_online),
            times.shown(session.ends_at, zone=event.time_zone, online_only=event.is_online),
            "" if event.is_online else times.span(session.starts_at, session.ends_at, event.time_zone),
        )
        for session in event.sessions.all()
    ]
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "facts": facts,
            "sessions": sessions,
            "opens": times.shown(event.registration_opens_at, zone=event.time_zone, online_only=event.is_online),
            "closes": times.shown(event.registration_closes_at, zone=event.time_zone, online_only=event.is_online),
            "not_yet_open": now < event.registration_opens_at,
            "registration": registration,
            "waiting_position": listing.waiting_position(registration) if registration else None,
            "offer_deadline": times.shown(
                registration.offer_expires_at, zone=event.time_zone, online_only=event.is_online
            )
            if registration and registration.offer_expires_at
            else None,
            "is_talent": talent_profile_id(request.user) is not None,
            "booths": booths,
            "companies_free": companies_free if facts.registration_open and event.company_capacity else [],
            "is_staff": can_manage_events(request.user),
            "show_link": event.online_url and _may_see_link(request, event, registration, booths),
            "is_cancelled": event.status == EventStatus.CANCELLED,
            "is_draft": event.status == EventStatus.DRAFT,
            "needs_local_times": event.is_online,
        },
    )


urlpatterns = [
    path("", event_list, name="list"),
]


@require_GET
def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The event as a calendar file ("add to my calendar"), for whoever may see its page."""
    event = listing.event_by_slug(user=request.user, slug=slug)
    if event is None:
        raise Http404
    page_url = request.build_absolute_uri(reverse("events:detail", kwargs={"slug": event.slug}))
    return calendar_download(ics.event_calendar_text(event, page_url=page_url), f"{event.slug}.ics", private=False)


detail_patterns = [
    path("<slug:slug>/", event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", event_calendar, name="calendar"),
]
