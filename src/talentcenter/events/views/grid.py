"""The interview grid for staff: /backoffice/events/<id>/interviews/.

One page shows the slots, the meetings booth by booth and the last run of the optimiser, with
forms to plan the slots, run the optimiser (or an instant draft), place a meeting by hand, and pin,
unpin or remove one. Each write is one call of ``events.services.interviews``; what it refuses is
shown on the page in the reader's language. Talents' names are personal data: showing them is
recorded like every staff list of people.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.events import selectors, workflow
from talentcenter.events.enums import RegistrationStatus, SolveJobStatus
from talentcenter.events.forms import (
    GridSlotsForm,
    PlaceInterviewForm,
    StaffAvailabilityForm,
    as_wall_clock,
    in_zone,
)
from talentcenter.events.models import BoothRegistration, Event, Interview, InterviewGrid, TalentRegistration
from talentcenter.events.policies import access_event_for_staff, can_manage_events
from talentcenter.events.services import interviews as services
from talentcenter.events.services import schedules
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import act_and_return, role_required
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_list_access

staff_required = role_required(can_manage_events)
SECTION = "events"


def _grid_url(event: Event) -> str:
    return reverse("events_backoffice:grid", kwargs={"event_id": event.pk})


def _place_form(event: Event, slots: list[Any], data: Any = None) -> PlaceInterviewForm:
    talents = TalentRegistration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).select_related(
        "profile"
    )
    booths = BoothRegistration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).select_related(
        "company"
    )
    return PlaceInterviewForm(
        data,
        talents=[(registration.pk, str(registration.profile)) for registration in talents.order_by("arrival")],
        booths=[(booth.pk, booth.company.name) for booth in booths.order_by("arrival")],
        slots=[
            (slot.index, f"{slot.index + 1} · {slot.starts_at.astimezone(event.zone):%H:%M}")
            for slot in slots
            if not slot.is_break
        ],
    )


def _availability_form(event: Event, data: Any = None) -> StaffAvailabilityForm:
    talents = TalentRegistration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).select_related(
        "profile"
    )
    booths = BoothRegistration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).select_related(
        "company"
    )
    return StaffAvailabilityForm(
        data,
        talents=[(registration.pk, str(registration.profile)) for registration in talents.order_by("arrival")],
        booths=[(booth.pk, booth.company.name) for booth in booths.order_by("arrival")],
    )


def _page(
    request: HttpRequest,
    event: Event,
    *,
    slots_form: GridSlotsForm | None = None,
    place_form: PlaceInterviewForm | None = None,
    availability_form: StaffAvailabilityForm | None = None,
) -> HttpResponse:
    view = selectors.interview_grid(event)
    slots, meetings, record = view["slots"], view["meetings"], view["record"]
    meetings_with_people = list(
        Interview.objects.filter(pk__in=[meeting.pk for meeting in meetings]).select_related(
            "registration__profile__user"
        )
    )
    names = {meeting.pk: str(meeting.registration.profile) for meeting in meetings_with_people}
    # Who marked slots they cannot meet in (talents by name: recorded with the meetings' people).
    away_talents = [
        registration
        for registration in TalentRegistration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED
        ).select_related("profile__user")
        if registration.unavailable_slots
    ]
    away_booths = [
        booth
        for booth in BoothRegistration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).select_related(
            "company"
        )
        if booth.unavailable_slots
    ]
    away = [
        *({"name": booth.company.name, "slots": booth.unavailable_slots} for booth in away_booths),
        *(
            {"name": str(registration.profile), "slots": registration.unavailable_slots}
            for registration in away_talents
        ),
    ]
    for item in away:
        item["slots"] = ", ".join(str(index + 1) for index in sorted(item["slots"]))
    record_personal_data_list_access(
        viewer=signed_in_user(request),
        subjects=list(
            {meeting.registration.profile.user for meeting in meetings_with_people}
            | {registration.profile.user for registration in away_talents}
        ),
        what=AccessWhat.TALENT_LIST,
    )
    cells: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    now = timezone.now()
    for meeting in meetings:
        moves = workflow.INTERVIEW_TRANSITIONS.allowed(meeting.status) if meeting.slot.starts_at <= now else []
        cells[(meeting.booth_id, meeting.slot.index)].append(
            {"meeting": meeting, "talent": names[meeting.pk], "moves": moves}
        )
    booths = list(
        BoothRegistration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("company")
        .order_by("arrival")
    )
    rows = [
        {"booth": booth, "cells": [{"slot": slot, "meetings": cells[(booth.pk, slot.index)]} for slot in slots]}
        for booth in booths
    ]
    # A GET writes nothing: before the first plan the grid's row does not exist yet.
    cap = record.max_interviews_per_talent if record else InterviewGrid().max_interviews_per_talent
    if slots_form is None:
        start = slots[0].starts_at if slots else event.starts_at
        slots_form = GridSlotsForm(
            initial={
                "starts_at": as_wall_clock(start, event.zone),
                "count": len(slots) or 16,
                "minutes": int((slots[0].ends_at - slots[0].starts_at).total_seconds() // 60) if slots else 20,
                "breaks": ", ".join(str(slot.index + 1) for slot in slots if slot.is_break),
                "max_interviews_per_talent": cap,
            }
        )
    return render(
        request,
        "events/backoffice/grid.html",
        {
            "event": event,
            "section": SECTION,
            "record": record,
            "slots": [{"slot": slot, "time": f"{slot.starts_at.astimezone(event.zone):%H:%M}"} for slot in slots],
            "rows": rows,
            "meeting_count": len(meetings),
            "slots_form": slots_form,
            "place_form": place_form or _place_form(event, slots),
            "schedules_sent_at": record.schedules_sent_at if record else None,
            "availability_form": availability_form or _availability_form(event),
            "away": away,
            "job": _job(record),
        },
    )


def _job(record: InterviewGrid | None) -> dict[str, Any] | None:
    """The background solve, if one was asked for: its state in words, and whether it is still going
    (the page then refreshes itself)."""
    if record is None or not record.solve_job_status:
        return None
    status = SolveJobStatus(record.solve_job_status)
    return {
        "status": status,
        "label": status.label,
        "active": services.solve_job_active(record),
        "message": record.solve_job_message,
        "requested_at": record.solve_job_requested_at,
        "finished_at": record.solve_job_finished_at,
    }


@require_GET
@staff_required
def grid_page(request: HttpRequest, event_id: int) -> HttpResponse:
    return _page(request, access_event_for_staff(user=request.user, event_id=event_id))


@require_POST
@staff_required
def grid_plan(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    form = GridSlotsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        starts_at = in_zone(data["starts_at"], event.zone)
        assert starts_at is not None  # a required field
        try:
            services.interview_slots_plan(
                actor=signed_in_user(request),
                event=event,
                starts_at=starts_at,
                count=data["count"],
                minutes=data["minutes"],
                breaks=data["breaks"],
                max_interviews_per_talent=data["max_interviews_per_talent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_grid_url(event))
    return _page(request, event, slots_form=form)


@require_POST
@staff_required
def grid_solve(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    draft = request.POST.get("draft") == "1"
    try:
        outcome = services.interview_grid_solve_or_queue(actor=signed_in_user(request), event=event, draft=draft)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if outcome.queued:
            messages.info(
                request, _("The grid is large: the optimiser runs in the background. This page shows how it goes.")
            )
        else:
            messages.success(
                request,
                _("The draft timetable is on the grid.") if draft else _("The optimised timetable is on the grid."),
            )
    return redirect(_grid_url(event))


@require_POST
@staff_required
def grid_availability(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    form = _availability_form(event, request.POST)
    if form.is_valid():
        kind, _separator, pk = form.cleaned_data["who"].partition(":")
        slots = form.cleaned_data["unavailable_slots"]
        actor = signed_in_user(request)
        try:
            if kind == "booth":
                booth = BoothRegistration.objects.filter(pk=int(pk), event=event).first()
                if booth is None:
                    raise Http404
                services.booth_availability_set(actor=actor, booth=booth, unavailable_slots=slots)
            else:
                registration = TalentRegistration.objects.filter(pk=int(pk), event=event).first()
                if registration is None:
                    raise Http404
                services.talent_availability_set(actor=actor, registration=registration, unavailable_slots=slots)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The availability is saved."))
            return redirect(_grid_url(event))
    return _page(request, event, availability_form=form)


@require_POST
@staff_required
def grid_place(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    form = _place_form(event, list(event.interview_slots.all()), request.POST)
    if form.is_valid():
        try:
            services.interview_place(
                actor=signed_in_user(request),
                event=event,
                registration=form.cleaned_data["registration"],
                booth=form.cleaned_data["booth"],
                slot_index=form.cleaned_data["slot"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_grid_url(event))
    return _page(request, event, place_form=form)


def _meeting(request: HttpRequest, event_id: int, interview_id: int) -> tuple[Event, Interview]:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    meeting = Interview.objects.filter(pk=interview_id, event=event).first()
    if meeting is None:
        raise Http404
    return event, meeting


@require_POST
@staff_required
def interview_pin(request: HttpRequest, event_id: int, interview_id: int) -> HttpResponse:
    event, meeting = _meeting(request, event_id, interview_id)
    pinned = request.POST.get("pinned") == "1"
    return act_and_return(
        request,
        lambda: services.interview_pin(actor=signed_in_user(request), interview=meeting, pinned=pinned),
        done=_("The meeting is pinned: the optimiser keeps it.") if pinned else _("The meeting is no longer pinned."),
        to=_grid_url(event),
    )


@require_POST
@staff_required
def interview_remove(request: HttpRequest, event_id: int, interview_id: int) -> HttpResponse:
    event, meeting = _meeting(request, event_id, interview_id)
    return act_and_return(
        request,
        lambda: services.interview_remove(actor=signed_in_user(request), interview=meeting),
        done=_("The meeting is off the grid."),
        to=_grid_url(event),
    )


@require_POST
@staff_required
def grid_send_schedules(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    return act_and_return(
        request,
        lambda: schedules.interview_schedules_send(actor=signed_in_user(request), event=event),
        done=_(
            "The schedules are being sent: every talent and booth on the grid gets theirs by e-mail with the "
            "calendar file. From now on, each change is sent to the people it concerns."
        ),
        to=_grid_url(event),
    )


@require_POST
@staff_required
def interview_mark(request: HttpRequest, event_id: int, interview_id: int) -> HttpResponse:
    event, meeting = _meeting(request, event_id, interview_id)
    outcome = request.POST.get("status", "")
    return act_and_return(
        request,
        lambda: schedules.interview_mark(actor=signed_in_user(request), interview=meeting, outcome=outcome),
        done=_("The interview is marked."),
        to=_grid_url(event),
    )


urlpatterns: list[URLPattern] = [
    path("<int:event_id>/interviews/", grid_page, name="grid"),
    path("<int:event_id>/interviews/slots/", grid_plan, name="grid_plan"),
    path("<int:event_id>/interviews/solve/", grid_solve, name="grid_solve"),
    path("<int:event_id>/interviews/place/", grid_place, name="grid_place"),
    path("<int:event_id>/interviews/availability/", grid_availability, name="grid_availability"),
    path("<int:event_id>/interviews/<int:interview_id>/pin/", interview_pin, name="interview_pin"),
    path("<int:event_id>/interviews/<int:interview_id>/remove/", interview_remove, name="interview_remove"),
    path("<int:event_id>/interviews/schedules/", grid_send_schedules, name="grid_send_schedules"),
    path("<int:event_id>/interviews/<int:interview_id>/mark/", interview_mark, name="interview_mark"),
]
