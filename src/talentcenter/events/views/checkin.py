"""The check-in page for staff at the door: /backoffice/events/<id>/check-in/, made for a phone.

A form with one field takes the ticket's code, typed (it works without JavaScript) or filled in by
the camera scanner (``events/check-in.js`` with the vendored ``qr-scanner``, served from this site).
Posting it calls ``services.checkin.ticket_check_in``; the answer says whose ticket it is and
whether this is its first check-in or it was checked in already, and when. A refusal (another
event, a place not confirmed, an unknown code or a typo) is said in words and changes nothing.

The page alone lets the camera in: ``Permissions-Policy: camera=(self)`` instead of the site's
``camera=()``, and ``worker-src 'self' blob:`` for the scanner's decoding worker. A ticket's QR
code opens this page with ``?code=`` filled in, for a phone whose own camera app read it.
"""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.events import selectors
from talentcenter.events.forms import CheckInForm
from talentcenter.events.models import Event, TalentRegistration
from talentcenter.events.policies import access_event_for_staff, can_manage_events
from talentcenter.events.services import checkin as services
from talentcenter.foundation.views import role_required
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_access

staff_required = role_required(can_manage_events)
CAMERA_POLICY = ", ".join(
    "camera=(self)" if part.strip() == "camera=()" else part.strip()
    for part in getattr(settings, "TALENTCENTER_PERMISSIONS_POLICY", "").split(",")
    if part.strip()
)


def _page(
    request: HttpRequest,
    event: Event,
    form: CheckInForm,
    *,
    answer: dict[str, Any] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    response = render(
        request,
        "events/backoffice/check_in.html",
        {
            "event": event,
            "form": form,
            "answer": answer,
            "refusal": refusal,
            "counts": selectors.checked_in_counts(event),
        },
        status=status,
    )
    if CAMERA_POLICY:
        response["Permissions-Policy"] = CAMERA_POLICY
    return response


@never_cache
@csp_update({"worker-src": ["'self'", "blob:"]})  # type: ignore[arg-type]  # django-csp types views without arguments
@require_http_methods(["GET", "POST"])
@staff_required
def check_in(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_staff(user=request.user, event_id=event_id)
    if request.method != "POST":
        initial = {"code": request.GET.get("code", "")[:300]}
        return _page(request, event, CheckInForm(initial=initial))
    form = CheckInForm(request.POST)
    if not form.is_valid():
        return _page(request, event, form, status=400)
    try:
        result = services.ticket_check_in(actor=signed_in_user(request), event=event, code=form.cleaned_data["code"])
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for message in error.message_dict.get("code", error.messages):
                form.add_error("code", message)
            return _page(request, event, form, status=400)
        return _page(request, event, CheckInForm(), refusal=" ".join(error.messages), status=409)
    ticket = result.ticket
    if isinstance(ticket, TalentRegistration) and ticket.profile.user_id:
        record_personal_data_access(
            viewer=signed_in_user(request), subject=ticket.profile.user, what=AccessWhat.TALENT_PROFILE, obj=ticket
        )
    # A fresh, empty form: the next person in the queue is scanned at once.
    return _page(request, event, CheckInForm(), answer=services.check_in_answer(result, event))


urlpatterns: list[URLPattern] = [
    path("<int:event_id>/check-in/", check_in, name="check_in"),
]
