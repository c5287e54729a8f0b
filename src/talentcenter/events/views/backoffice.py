"""The center's pages for events: /backoffice/events/ (every event, drafts included), create and
edit (bilingual fields, venue or online link, time zone, capacities, window, industries, sessions,
screening questions), publish, cancel with a reason, and per event the registrations of talents
and the booths with CSV exports.

Only center staff see these pages (404 for others; anonymous visitors are sent to sign in), and
``StaffSecondFactorMiddleware`` has already required a second factor. Each write is one service
call; what it refuses is shown beside the fields.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.events import listing, selectors, times, workflow
from talentcenter.events.enums import EventStatus, FitResult, RegistrationStatus
from talentcenter.events.forms import (
    CancelEventForm,
    EventForm,
    QuestionFormSet,
    SessionFormSet,
    question_initial,
    questions_from,
    session_initial,
    sessions_from,
)
from talentcenter.events.funnel import event_funnel
from talentcenter.events.models import Event
from talentcenter.events.policies import access_event_for_staff, can_manage_events
from talentcenter.events.services import events as services
from talentcenter.foundation.display import choice_label
from talentcenter.foundation.downloads import csv_cell
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import role_required
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_list_access

staff_required = role_required(can_manage_events)
SECTION = "events"


@require_GET
@staff_required
def event_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in EventStatus.values:
        status = ""
    events = list(listing.staff_events(status=status))
    rows = [
        {
            "event": event,
            "starts": times.in_zones(event.starts_at, event.time_zone),
            "places": listing.places(event),
        }
        for event in events
    ]
    tabs = [("", _("All")), *EventStatus.choices]
    return render(
        request,
        "events/backoffice/list.html",
        {"rows": rows, "tabs": tabs, "status": status, "section": SECTION},
    )


def _edit_page(
    request: HttpRequest, *, event: Event | None, form: EventForm, sessions: Any, questions: Any, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "events/backoffice/edit.html",
        {
            "event": event,
            "form": form,
            "sessions": sessions,
            "questions": questions,
            "questions_locked": event is not None and event.talent_registrations.exists(),
            "section": SECTION,
        },
        status=status,
    )


def _save(request: HttpRequest, event: Event | None) -> HttpResponse:
    form = EventForm(request.POST)
    sessions = SessionFormSet(request.POST, prefix="sessions")
    questions = QuestionFormSet(request.POST, prefix="questions")
    valid = form.is_valid() & sessions.is_valid() & questions.is_valid()
    if valid:
        zone = form.zone()
        fields = form.service_fields()
        industries = fields.pop("target_industries", [])
        locked = event is not None and event.talent_registrations.exists()
        try:
            if event is None:
                event = services.event_create(
                    actor=signed_in_user(request),
                    sessions=sessions_from(sessions, zone),
                    screening_questions=questions_from(questions),
                    target_industries=industries,
                    **fields,
                )
                messages.success(request, _("The event is saved as a draft. Publish it when it is ready."))
            else:
                event = services.event_update(
                    actor=signed_in_user(request),
                    event=event,
                    sessions=sessions_from(sessions, zone),
                    screening_questions=None if locked else questions_from(questions),
                    target_industries=industries,
                    **fields,
                )
                messages.success(request, _("The event is saved."))
        except ValidationError as error:
            unplaced = add_service_errors(form, error)
            for message in unplaced.get("sessions", []):
                sessions.non_form_errors().append(message)
            for message in unplaced.get("screening_questions", []):
                questions.non_form_errors().append(message)
        else:
            return redirect("events_backoffice:detail", event_id=event.pk)
    return _edit_page(request, event=event, form=form, sessions=sessions, questions=questions, status=200)


@require_http_methods(["GET", "POST"])
@staff_required
def event_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save(request, None)
    return _edit_page(
        request,
        event=None,
        form=EventForm(),
        sessions=SessionFormSet(prefix="sessions"),
        questions=QuestionFormSet(prefix="questions"),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    if event.status == EventStatus.CANCELLED:
        messages.error(request, _("A cancelled event cannot change."))
        return redirect("events_backoffice:detail", event_id=event.pk)
    if request.method == "POST":
        return _save(request, event)
    return _edit_page(
        request,
        event=event,
        form=EventForm(initial=EventForm.initial_for(event)),
        sessions=SessionFormSet(prefix="sessions", initial=session_initial(event)),
        questions=QuestionFormSet(prefix="questions", initial=question_initial(event)),
    )


@require_GET
@staff_required
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    event = listing.with_places(Event.objects.filter(pk=event.pk)).prefetch_related("target_industries").get()
    registrations = list(listing.staff_registrations(event))
    booths = list(listing.staff_booths(event))
    record_personal_data_list_access(
        viewer=signed_in_user(request),
        subjects=[registration.profile.user for registration in registrations if registration.profile.user_id],
        what=AccessWhat.TALENT_LIST,
    )
    zone = event.time_zone
    return render(
        request,
        "events/backoffice/detail.html",
        {
            "event": event,
            "section": SECTION,
            "starts": times.in_zones(event.starts_at, zone),
            "ends": times.in_zones(event.ends_at, zone),
            "opens": times.in_zones(event.registration_opens_at, zone),
            "closes": times.in_zones(event.registration_closes_at, zone),
            "places": listing.places(event),
            "checked_in": selectors.checked_in_counts(event),
            "registrations": [
                {
                    "row": registration,
                    "registered": times.in_zones(registration.registered_at, zone),
                    "confirm_by": times.in_zones(registration.offer_expires_at, zone)
                    if registration.offer_expires_at
                    else "",
                }
                for registration in registrations
            ],
            "booths": [
                {
                    "row": booth,
                    "registered": times.in_zones(booth.registered_at, zone),
                    "confirm_by": times.in_zones(booth.offer_expires_at, zone) if booth.offer_expires_at else "",
                }
                for booth in booths
            ],
            "can_publish": event.status in workflow.EVENT_TRANSITIONS["publish"].sources,
            "can_cancel": (
                event.status in workflow.EVENT_TRANSITIONS["cancel"].sources and event.ends_at > timezone.now()
            ),
            "can_edit": event.status != EventStatus.CANCELLED,
            "cancel_form": CancelEventForm(),
            # After the event (issue 15, part 5): the funnel and the certificates of attendance.
            "funnel": event_funnel(event),
            "event_over": event.ends_at <= timezone.now(),
        },
    )


@require_POST
@staff_required
def event_publish(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    try:
        services.event_publish(actor=signed_in_user(request), event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is published: its page is public and registration opens in its window."))
    return redirect("events_backoffice:detail", event_id=event.pk)


@require_POST
@staff_required
def event_cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    form = CancelEventForm(request.POST)
    if form.is_valid():
        try:
            services.event_cancel(actor=signed_in_user(request), event=event, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The event is cancelled and everyone registered has been told."))
    else:
        messages.error(request, " ".join(str(message) for messages_ in form.errors.values() for message in messages_))
    return redirect("events_backoffice:detail", event_id=event.pk)


def _csv_response(rows: list[list[Any]], filename: str) -> HttpResponse:
    output = io.StringIO()
    writer = csv.writer(output)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@staff_required
def registrations_csv(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    registrations = list(listing.staff_registrations(event))
    record_personal_data_list_access(
        viewer=signed_in_user(request),
        subjects=[registration.profile.user for registration in registrations if registration.profile.user_id],
        what=AccessWhat.EXPORT,
    )
    rows: list[list[Any]] = [
        [_("Arrival"), _("Name"), _("E-mail"), _("Status"), _("Fit check"), _("Registered"), _("Confirm by")]
    ]
    for registration in registrations:
        profile = registration.profile
        rows.append(
            [
                registration.arrival,
                profile.full_name,
                profile.user.email if profile.user_id else "",
                choice_label(RegistrationStatus, registration.status),
                choice_label(FitResult, registration.fit),
                registration.registered_at.isoformat(),
                registration.offer_expires_at.isoformat() if registration.offer_expires_at else "",
            ]
        )
    return _csv_response(rows, f"event-{event.slug}-registrations.csv")


@require_GET
@staff_required
def booths_csv(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    rows: list[list[Any]] = [
        [
            _("Arrival"),
            _("Company"),
            _("Status"),
            _("Openings"),
            _("Interviewers per time slot"),
            _("Registered"),
            _("Confirm by"),
        ]
    ]
    for booth in listing.staff_booths(event):
        rows.append(
            [
                booth.arrival,
                booth.company.name,
                choice_label(RegistrationStatus, booth.status),
                "; ".join(opening.title for opening in booth.openings.all()),
                booth.interviewers_per_slot,
                booth.registered_at.isoformat(),
                booth.offer_expires_at.isoformat() if booth.offer_expires_at else "",
            ]
        )
    return _csv_response(rows, f"event-{event.slug}-booths.csv")


urlpatterns: list[URLPattern] = [
    path("", event_list, name="list"),
    path("new/", event_new, name="new"),
    path("<int:event_id>/", event_detail, name="detail"),
    path("<int:event_id>/edit/", event_edit, name="edit"),
    path("<int:event_id>/publish/", event_publish, name="publish"),
    path("<int:event_id>/cancel/", event_cancel, name="cancel"),
    path("<int:event_id>/registrations.csv", registrations_csv, name="registrations_csv"),
    path("<int:event_id>/booths.csv", booths_csv, name="booths_csv"),
]
