"""After the event: certificates of attendance (staff issue them for every attendee in one action;
a talent downloads theirs from "My events") and the funnel as CSV for staff.

The funnel itself is on the event's back-office page (``backoffice.event_detail``).
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases.models import Case
from talentcenter.documents.files import private_file_response
from talentcenter.events.attendance import attended, attended_among
from talentcenter.events.enums import RegistrationStatus
from talentcenter.events.funnel import annotated_registrations
from talentcenter.events.models import TalentRegistration
from talentcenter.events.policies import access_event_for_staff, access_registration_for_talent, can_manage_events
from talentcenter.events.services import certificates as services
from talentcenter.foundation.display import choice_label
from talentcenter.foundation.downloads import csv_cell
from talentcenter.foundation.views import role_required
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_list_access

staff_required = role_required(can_manage_events)


@require_POST
@staff_required
def certificates_issue(request: HttpRequest, event_id: int) -> HttpResponse:
    """Issue a certificate of attendance to every attendee who has none yet."""
    event = access_event_for_staff(user=request.user, event_id=event_id)
    try:
        run = services.attendance_certificates_issue_or_queue(actor=signed_in_user(request), event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if isinstance(run, services.CertificatesQueued):
            messages.success(
                request,
                ngettext(
                    "%(count)d certificate of attendance is being issued in the background: reload this page"
                    " in a few minutes to see it.",
                    "%(count)d certificates of attendance are being issued in the background: reload this page"
                    " in a few minutes to see them.",
                    run.pending,
                )
                % {"count": run.pending},
            )
            return redirect("events_backoffice:detail", event_id=event.pk)
        issued = len(run.issued)
        text = ngettext(
            "%(count)d certificate of attendance issued.", "%(count)d certificates of attendance issued.", issued
        ) % {"count": issued}
        if run.existing:
            text += " " + _("%(count)s attendees already had theirs.") % {"count": run.existing}
        messages.success(request, text)
        if run.skipped:
            messages.warning(
                request,
                _("%(count)s attendees were left out: their profile lacks the name, date of birth or nationality.")
                % {"count": len(run.skipped)},
            )
    return redirect("events_backoffice:detail", event_id=event.pk)


def csv_response(rows: list[list[Any]], filename: str) -> HttpResponse:
    """Rows as CSV, every cell neutralised against formulas (``csv_cell``)."""
    output = io.StringIO()
    writer = csv.writer(output)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _moment(value: Any) -> str:
    return value.isoformat() if value else ""


@require_GET
@staff_required
def funnel_csv(request: HttpRequest, event_id: int) -> HttpResponse:
    """One row per registration with the date of each step of the funnel (staff only; an export of
    personal data, logged for each person in it)."""
    event = access_event_for_staff(user=request.user, event_id=event_id)
    registrations = list(annotated_registrations(event).select_related("profile__user"))
    record_personal_data_list_access(
        viewer=signed_in_user(request),
        subjects=[registration.profile.user for registration in registrations],
        what=AccessWhat.EXPORT,
    )
    case_references = dict(
        Case.objects.filter(
            pk__in=[row.case_id for row in registrations if row.case_id]  # type: ignore[attr-defined]
        ).values_list("pk", "reference")
    )
    rows: list[list[Any]] = [
        [
            _("Arrival"),
            _("Name"),
            _("E-mail"),
            _("Status"),
            _("Registered"),
            _("Seat confirmed"),
            _("Checked in"),
            _("First interview held"),
            _("Interviews held"),
            _("Offer from a booth's company"),
            _("Case started"),
            _("Case"),
            _("Certificate of attendance"),
        ]
    ]
    for row in registrations:
        annotated: Any = row
        rows.append(
            [
                row.arrival,
                row.profile.full_name,
                row.profile.user.email,
                choice_label(RegistrationStatus, row.status),
                _moment(row.registered_at),
                _moment(row.status_changed_at) if row.status == RegistrationStatus.CONFIRMED else "",
                _moment(annotated.present_at) if row.status == RegistrationStatus.CONFIRMED else "",
                _moment(annotated.interviewed_at),
                annotated.interviews_held,
                _moment(annotated.offer_at),
                _moment(annotated.case_at),
                case_references.get(annotated.case_id, ""),
                annotated.certificate_serial or "",
            ]
        )
    return csv_response(rows, f"event-{event.slug}-funnel.csv")


@require_GET
@login_required
def my_certificate(request: HttpRequest, registration_id: int) -> FileResponse:
    """The talent's own certificate of attendance, once the event has ended, if they attended and
    the center issued it."""
    registration = access_registration_for_talent(user=request.user, registration_id=registration_id)
    if registration.event.ends_at > timezone.now() or not attended(registration):
        raise Http404
    document = services.certificate_of(registration)
    if document is None or not document.file:
        raise Http404
    return private_file_response(document.file, filename=f"{document.serial}.pdf", content_type="application/pdf")


def my_certificates(registrations: list[TalentRegistration], *, now: datetime.datetime) -> dict[int, str]:
    """For "My events": per registration of an ended event that the talent attended, "issued" when
    their certificate can be downloaded, "pending" while the center has not issued it yet."""
    over = [row for row in registrations if row.event.ends_at <= now and row.status == RegistrationStatus.CONFIRMED]
    present = attended_among([row.pk for row in over])
    issued = services.certificates_of(sorted(present))
    return {pk: "issued" if pk in issued else "pending" for pk in present}


staff_urlpatterns = [
    path("<int:event_id>/certificates/", certificates_issue, name="certificates_issue"),
    path("<int:event_id>/funnel.csv", funnel_csv, name="funnel_csv"),
]
talent_urlpatterns = [
    path("my/<int:registration_id>/certificate/", my_certificate, name="my_certificate"),
]
