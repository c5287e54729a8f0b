"""A company's booths: register one from the event's page (its own openings, interviewers per
slot), change it, cancel it, confirm a booth offered from the waiting list, and the list of the
booths of every company the person belongs to (``/events/booths/``).

Members of a company not verified yet may look but not act (403 with where the verification
stands). Booths of other companies are missing (404).
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
from talentcenter.events import ics, listing, selectors, times, workflow
from talentcenter.events.enums import ACTIVE_STATUSES, RegistrationStatus
from talentcenter.events.forms import BoothForm
from talentcenter.events.models import BoothRegistration, Interview
from talentcenter.events.policies import access_booth_for_company, access_company_for_booth
from talentcenter.events.services import booths as services
from talentcenter.events.services import schedules
from talentcenter.events.views.talent import interview_time
from talentcenter.foundation.downloads import calendar_download
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import act_and_return
from talentcenter.jobs.selectors.company import companies_of_user
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_list_access

FIELD_NAMES = {"opening_ids": "openings"}


def booth_sentence(booth: BoothRegistration) -> str:
    if booth.status == RegistrationStatus.CONFIRMED:
        return _("The booth is confirmed.")
    if booth.status == RegistrationStatus.WAITLISTED:
        return _("Number {position} on the waiting list for a booth.").format(position=listing.waiting_position(booth))
    if booth.status == RegistrationStatus.OFFERED:
        assert booth.offer_expires_at is not None
        return _("A booth is offered. Confirm it by {deadline}, or it goes to the next company.").format(
            deadline=times.in_zones(booth.offer_expires_at, booth.event.time_zone)
        )
    if booth.status == RegistrationStatus.EXPIRED:
        return _("The offered booth was not confirmed in time.")
    return _("The booth is cancelled.")


@require_GET
@login_required
def my_booths(request: HttpRequest) -> HttpResponse:
    companies = list(companies_of_user(request.user))
    if not companies:
        raise PermissionDenied(_("Only members of a registered company can book a booth."))
    now = timezone.now()
    rows = [
        {
            "booth": booth,
            "starts": times.shown(booth.event.starts_at, zone=booth.event.time_zone, online_only=booth.event.is_online),
            "status": booth_sentence(booth),
            "active": booth.status in ACTIVE_STATUSES and booth.event.ends_at > now,
        }
        for booth in listing.booths_of_companies([company.pk for company in companies])
    ]
    return render(request, "events/company/booths.html", {"rows": rows, "companies": companies})


def _errors_to_form(form: BoothForm, error: ValidationError) -> None:
    add_service_errors(form, error, field_names=FIELD_NAMES)


@require_http_methods(["GET", "POST"])
@login_required
def booth_register(request: HttpRequest, slug: str, company_id: int) -> HttpResponse:
    event = listing.event_by_slug(user=request.user, slug=slug)
    if event is None:
        raise Http404
    company = access_company_for_booth(user=request.user, company_id=company_id)
    form = BoothForm(request.POST if request.method == "POST" else None, company_id=company.pk)
    if request.method == "POST" and form.is_valid():
        try:
            booth = services.booth_register(
                actor=signed_in_user(request),
                event=event,
                company=company,
                opening_ids=form.opening_ids(),
                interviewers_per_slot=form.cleaned_data["interviewers_per_slot"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            booth.event = event
            messages.success(request, booth_sentence(booth))
            return redirect("events:booths")
    return render(request, "events/company/booth_form.html", {"event": event, "company": company, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def booth_edit(request: HttpRequest, booth_id: int) -> HttpResponse:
    booth = access_booth_for_company(user=request.user, booth_id=booth_id)
    if booth.status not in ACTIVE_STATUSES:
        messages.error(request, _("This booth is no longer registered; it cannot change."))
        return redirect("events:booths")
    initial: dict[str, Any] = {
        "openings": [str(pk) for pk in booth.openings.values_list("pk", flat=True)],
        "interviewers_per_slot": booth.interviewers_per_slot,
    }
    form = BoothForm(request.POST if request.method == "POST" else None, initial=initial, company_id=booth.company_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.booth_update(
                actor=signed_in_user(request),
                booth=booth,
                opening_ids=form.opening_ids(),
                interviewers_per_slot=form.cleaned_data["interviewers_per_slot"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The booth is changed."))
            return redirect("events:booths")
    return render(
        request,
        "events/company/booth_form.html",
        {"event": booth.event, "company": booth.company, "form": form, "booth": booth},
    )


@require_POST
@login_required
def booth_cancel(request: HttpRequest, booth_id: int) -> HttpResponse:
    booth = access_booth_for_company(user=request.user, booth_id=booth_id)
    return act_and_return(
        request,
        lambda: services.booth_cancel(actor=signed_in_user(request), booth=booth),
        done=_("The booth at “{event}” is cancelled.").format(event=booth.event.title),
        to="events:booths",
    )


@require_POST
@login_required
def booth_confirm(request: HttpRequest, booth_id: int) -> HttpResponse:
    booth = access_booth_for_company(user=request.user, booth_id=booth_id)
    return act_and_return(
        request,
        lambda: services.booth_confirm(actor=signed_in_user(request), booth=booth),
        done=_("The booth at “{event}” is confirmed.").format(event=booth.event.title),
        to="events:booths",
    )


@require_GET
@login_required
def booth_schedule(request: HttpRequest, booth_id: int) -> HttpResponse:
    """The booth's interview timetable: time, the talent's name (a registrant on the grid with the
    booth, which they agreed to by registering), status, and the held / no-show buttons once a
    slot has started."""
    booth = access_booth_for_company(user=request.user, booth_id=booth_id)
    interviews = selectors.booth_interviews(booth)
    record_personal_data_list_access(
        viewer=signed_in_user(request),
        subjects=list({interview.registration.profile.user for interview in interviews}),
        what=AccessWhat.INTERVIEW_SCHEDULE,
    )
    now = timezone.now()
    rows = [
        {
            "interview": interview,
            "time": interview_time(interview),
            "talent": str(interview.registration.profile),
            "can_mark": interview.slot.starts_at <= now,
            "moves": [
                {"name": move.name, "label": move.label}
                for move in workflow.INTERVIEW_TRANSITIONS.allowed(interview.status)
            ],
        }
        for interview in interviews
    ]
    return render(
        request,
        "events/company/schedule.html",
        {"booth": booth, "event": booth.event, "rows": rows, "needs_local_times": True},
    )


@require_GET
@login_required
def booth_calendar(request: HttpRequest, booth_id: int) -> HttpResponse:
    booth = access_booth_for_company(user=request.user, booth_id=booth_id)
    interviews = selectors.booth_interviews(booth)
    record_personal_data_list_access(
        viewer=signed_in_user(request),
        subjects=list({interview.registration.profile.user for interview in interviews}),
        what=AccessWhat.INTERVIEW_SCHEDULE,
    )
    return calendar_download(schedules.booth_calendar(booth), ics.filename(booth.event))


@require_POST
@login_required
def interview_mark(request: HttpRequest, booth_id: int, interview_id: int) -> HttpResponse:
    booth = access_booth_for_company(user=request.user, booth_id=booth_id)
    interview = Interview.objects.filter(pk=interview_id, booth_id=booth.pk).first()
    if interview is None:
        raise Http404
    outcome = request.POST.get("status", "")
    return act_and_return(
        request,
        lambda: schedules.interview_mark(actor=signed_in_user(request), interview=interview, outcome=outcome),
        done=_("The interview is marked."),
        to=reverse("events:booth_schedule", kwargs={"booth_id": booth.pk}),
    )


urlpatterns = [
    path("booths/", my_booths, name="booths"),
    path("booths/<int:booth_id>/schedule/", booth_schedule, name="booth_schedule"),
    path("booths/<int:booth_id>/schedule.ics", booth_calendar, name="booth_calendar"),
    path("booths/<int:booth_id>/interviews/<int:interview_id>/mark/", interview_mark, name="interview_mark"),
    path("booths/<int:booth_id>/", booth_edit, name="booth_edit"),
    path("booths/<int:booth_id>/cancel/", booth_cancel, name="booth_cancel"),
    path("booths/<int:booth_id>/confirm/", booth_confirm, name="booth_confirm"),
]
detail_patterns = [
    path("<slug:slug>/booth/<int:company_id>/", booth_register, name="booth_register"),
]
