"""A talent's registrations: register from the event's page with the existing profile (answering
the screening questions), "My events", cancel, and confirm a place offered from the waiting list.

Each change is one service call (``events.services.registrations``); what the service refuses
becomes a message or an error beside the answers. The fit check is told as a sentence.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.events import ics, listing, selectors, times
from talentcenter.events.enums import RegistrationStatus
from talentcenter.events.fit import fit_reason
from talentcenter.events.forms import RegistrationForm
from talentcenter.events.models import Event, Interview, TalentRegistration
from talentcenter.events.policies import access_registration_for_talent
from talentcenter.events.services import registrations as services
from talentcenter.events.services import schedules
from talentcenter.events.services.registrations import registration_window_problem
from talentcenter.events.views.outcomes import my_certificates
from talentcenter.foundation.downloads import calendar_download
from talentcenter.foundation.views import act_and_return
from talentcenter.jobs.policies import talent_profile_id


def fit_sentence(registration: TalentRegistration) -> str:
    names = {industry.code: industry.name for industry in registration.event.target_industries.all()}
    return fit_reason(registration.fit, registration.fit_details, industries=names)


def status_sentence(registration: TalentRegistration) -> str:
    """What the registration means for the talent, in words."""
    status = registration.status
    if status == RegistrationStatus.CONFIRMED:
        return _("Your seat is confirmed.")
    if status == RegistrationStatus.WAITLISTED:
        position = listing.waiting_position(registration)
        return _("You are number {position} on the waiting list. If a seat frees up, we offer it to you.").format(
            position=position
        )
    if status == RegistrationStatus.OFFERED:
        assert registration.offer_expires_at is not None
        deadline = times.in_zones(registration.offer_expires_at, registration.event.time_zone)
        return _("A seat is offered to you. Confirm it by {deadline}, or it goes to the next person.").format(
            deadline=deadline
        )
    if status == RegistrationStatus.EXPIRED:
        return _("The offered seat was not confirmed in time.")
    return _("You cancelled this registration, or the center did.")


def _event(request: HttpRequest, slug: str) -> Event:
    event = listing.event_by_slug(user=request.user, slug=slug)
    if event is None:
        raise Http404
    return event


@require_http_methods(["GET", "POST"])
@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """The screening questions, then the registration; the result page is "My events"."""
    event = _event(request, slug)
    if talent_profile_id(request.user) is None:
        raise PermissionDenied(_("Only talents with a profile can register. Create your talent profile first."))
    problem = registration_window_problem(event, timezone.now())
    questions = list(event.screening_questions.all())
    form = RegistrationForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid() and problem is None:
        try:
            registration = services.talent_register(
                actor=signed_in_user(request), event=event, screening_answers=form.answers()
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for messages_ in error.message_dict.values():
                    for message in messages_:
                        form.add_error(None, message)
            else:
                form.add_error(None, error.messages)
        else:
            registration.event = event
            messages.success(request, f"{status_sentence(registration)} {fit_sentence(registration)}")
            return redirect("events:mine")
    return render(
        request,
        "events/register.html",
        {"event": event, "form": form, "problem": " ".join(problem.messages) if problem else ""},
    )


@require_GET
@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    profile_id = talent_profile_id(request.user)
    rows = []
    if profile_id is not None:
        now = timezone.now()
        registrations = list(listing.registrations_of_profile(profile_id).prefetch_related("event__target_industries"))
        interviews = schedule_rows(profile_id)
        # The next event first, then the past ones, the latest first.
        registrations.sort(key=lambda row: (row.event.ends_at <= now, abs((row.event.starts_at - now).total_seconds())))
        certificates = my_certificates(registrations, now=now)
        for registration in registrations:
            event = registration.event
            rows.append(
                {
                    "registration": registration,
                    "event": event,
                    "starts": times.shown(event.starts_at, zone=event.time_zone, online_only=event.is_online),
                    "over": event.ends_at <= now,
                    "status": _("This event is over.") if event.ends_at <= now else status_sentence(registration),
                    "fit": fit_sentence(registration),
                    "can_cancel": registration.status
                    in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED)
                    and event.ends_at > now,
                    "can_confirm": registration.status == RegistrationStatus.OFFERED,
                    "interviews": interviews.get(registration.pk, []),
                    "certificate": certificates.get(registration.pk, ""),
                }
            )
    return render(
        request,
        "events/my_events.html",
        {"rows": rows, "has_profile": profile_id is not None, "needs_local_times": True},
    )


def interview_time(interview: Interview) -> times.Shown:
    """A slot as the pages show it: in the venue's zone with Korea time beside it (an online
    event's in the viewer's zone)."""
    event = interview.event
    if event.is_online:
        return times.shown(interview.slot.starts_at, zone=event.time_zone, online_only=True)
    text = times.span(interview.slot.starts_at, interview.slot.ends_at, event.time_zone)
    return times.Shown(interview.slot.starts_at.isoformat(), text, False)


def schedule_rows(profile_id: int) -> dict[int, list[dict[str, Any]]]:
    """The talent's interviews by registration: time, company, the booth's openings, status."""
    rows: dict[int, list[dict[str, Any]]] = {}
    for interview in selectors.interviews_of_profile(profile_id):
        rows.setdefault(interview.registration_id, []).append(
            {
                "interview": interview,
                "time": interview_time(interview),
                "company": interview.booth.company.name,
                "openings": ", ".join(opening.title for opening in interview.booth.openings.all()),
            }
        )
    return rows


@require_GET
@login_required
def calendar(request: HttpRequest, registration_id: int) -> HttpResponse:
    """The talent's interviews at the event as a calendar file, in the page's language."""
    registration = access_registration_for_talent(user=request.user, registration_id=registration_id)
    return calendar_download(schedules.talent_calendar(registration), ics.filename(registration.event))


@require_POST
@login_required
def cancel(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = access_registration_for_talent(user=request.user, registration_id=registration_id)
    return act_and_return(
        request,
        lambda: services.registration_cancel(actor=signed_in_user(request), registration=registration),
        done=_("Your registration for “{event}” is cancelled.").format(event=registration.event.title),
        to="events:mine",
    )


@require_POST
@login_required
def confirm(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = access_registration_for_talent(user=request.user, registration_id=registration_id)
    return act_and_return(
        request,
        lambda: services.registration_confirm(actor=signed_in_user(request), registration=registration),
        done=_("Your seat at “{event}” is confirmed.").format(event=registration.event.title),
        to="events:mine",
    )


def my_events_url() -> str:
    return reverse("events:mine")


urlpatterns = [
    path("my/", my_events, name="mine"),
    path("my/<int:registration_id>/cancel/", cancel, name="registration_cancel"),
    path("my/<int:registration_id>/confirm/", confirm, name="registration_confirm"),
    path("my/<int:registration_id>/interviews.ics", calendar, name="registration_calendar"),
]
detail_patterns = [
    path("<slug:slug>/register/", register, name="register"),
]
