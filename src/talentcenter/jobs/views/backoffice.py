"""The center's pages for talent requests: /backoffice/talent-requests/ (the queue) and /<id>/ (criteria,
ranked candidates with the reasons, the shortlist, the audit history and the release log).

Only center staff see these pages (others get 404; anonymous visitors are sent to sign in), and
``StaffSecondFactorMiddleware`` has already required a second factor. Each POST calls one service
and redirects back; a transition somebody else made first becomes a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.views import role_required
from talentcenter.jobs import policies, workflow
from talentcenter.jobs.enums import ShortlistStatus, TalentRequestStatus
from talentcenter.jobs.forms.requests import ShortlistAddForm
from talentcenter.jobs.models import ShortlistEntry, TalentRequest
from talentcenter.jobs.selectors import requests as selectors
from talentcenter.jobs.services import requests as services
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_list_access

staff_required = role_required(policies.is_center_staff)


@require_GET
@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", TalentRequestStatus.SUBMITTED)
    if status not in TalentRequestStatus.values:
        status = TalentRequestStatus.SUBMITTED
    counts = selectors.staff_tab_counts()
    tabs = [
        {
            "key": key,
            "label": label,
            "count": counts.get(key, 0),
            "url": reverse("jobs_backoffice:queue") + f"?status={key}",
            "current": key == status,
        }
        for key, label in selectors.STAFF_TABS
    ]
    return render(
        request,
        "jobs/backoffice/queue.html",
        {
            "talent_requests": list(selectors.staff_queue(status=status)),
            "tabs": tabs,
            "status_label": TalentRequestStatus(status).label,
            "section": "talent_requests",
        },
    )


@require_GET
@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    talent_request = policies.access_talent_request_for_staff(user=request.user, request_id=pk)
    view = selectors.staff_talent_request(talent_request)
    record_personal_data_list_access(
        viewer=signed_in_user(request), subjects=selectors.people_on_curation(view), what=AccessWhat.SHORTLIST
    )
    status = talent_request.status
    curating = status in (TalentRequestStatus.CURATING, TalentRequestStatus.SHORTLIST_SENT)
    return render(
        request,
        "jobs/backoffice/detail.html",
        {
            "talent_request": talent_request,
            "view": view,
            "section": "talent_requests",
            "can_start": status in workflow.TALENT_REQUEST_TRANSITIONS["start_curating"].sources,
            "can_curate": curating,
            "can_send": status in workflow.TALENT_REQUEST_TRANSITIONS["send_shortlist"].sources
            and any(
                entry.status in (ShortlistStatus.INVITED, ShortlistStatus.RELEASED, ShortlistStatus.WITHDRAWN)
                for entry in view.shortlist
            ),
            "can_close": status in workflow.TALENT_REQUEST_TRANSITIONS["close"].sources,
            "add_form": ShortlistAddForm(),
        },
    )


def _back(pk: int) -> HttpResponse:
    return redirect("jobs_backoffice:detail", pk=pk)


def _run(request: HttpRequest, pk: int, call: Callable[[], Any], done: str) -> HttpResponse:
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return _back(pk)


@require_POST
@staff_required
def start_curating(request: HttpRequest, pk: int) -> HttpResponse:
    talent_request = policies.access_talent_request_for_staff(user=request.user, request_id=pk)
    return _run(
        request,
        pk,
        lambda: services.talent_request_start_curating(actor=signed_in_user(request), talent_request=talent_request),
        _("You are now curating this request."),
    )


@require_POST
@staff_required
def send_shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    talent_request = policies.access_talent_request_for_staff(user=request.user, request_id=pk)
    return _run(
        request,
        pk,
        lambda: services.talent_request_send_shortlist(actor=signed_in_user(request), talent_request=talent_request),
        _("The company has been told that its shortlist is ready."),
    )


@require_POST
@staff_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    talent_request = policies.access_talent_request_for_staff(user=request.user, request_id=pk)
    reason = request.POST.get("reason", "")[:500]
    return _run(
        request,
        pk,
        lambda: services.talent_request_close(
            actor=signed_in_user(request), talent_request=talent_request, reason=reason
        ),
        _("The request is closed."),
    )


@require_POST
@staff_required
def shortlist_add(request: HttpRequest, pk: int) -> HttpResponse:
    talent_request = policies.access_talent_request_for_staff(user=request.user, request_id=pk)
    form = ShortlistAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a candidate from the ranked list."))
        return _back(pk)
    return _run(
        request,
        pk,
        lambda: services.shortlist_add(
            actor=signed_in_user(request),
            talent_request=talent_request,
            profile_id=form.cleaned_data["profile_id"],
            note_for_talent=form.cleaned_data["note"],
        ),
        _("Added to the shortlist."),
    )


def _entry(request: HttpRequest, pk: int, entry_id: int) -> ShortlistEntry:
    talent_request: TalentRequest = policies.access_talent_request_for_staff(user=request.user, request_id=pk)
    entry = ShortlistEntry.objects.filter(pk=entry_id, talent_request=talent_request).first()
    if entry is None:
        raise Http404
    return entry


@require_POST
@staff_required
def shortlist_invite(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    entry = _entry(request, pk, entry_id)
    return _run(
        request,
        pk,
        lambda: services.shortlist_invite(actor=signed_in_user(request), entry=entry),
        _("The talent has been asked."),
    )


@require_POST
@staff_required
def shortlist_remove(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    entry = _entry(request, pk, entry_id)
    return _run(
        request,
        pk,
        lambda: services.shortlist_remove(actor=signed_in_user(request), entry=entry),
        _("Removed from the shortlist."),
    )


urlpatterns: list[URLPattern] = [
    path("", queue, name="queue"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/start-curating/", start_curating, name="start_curating"),
    path("<int:pk>/send-shortlist/", send_shortlist, name="send_shortlist"),
    path("<int:pk>/close/", close, name="close"),
    path("<int:pk>/shortlist/", shortlist_add, name="shortlist_add"),
    path("<int:pk>/shortlist/<int:entry_id>/invite/", shortlist_invite, name="shortlist_invite"),
    path("<int:pk>/shortlist/<int:entry_id>/remove/", shortlist_remove, name="shortlist_remove"),
]
