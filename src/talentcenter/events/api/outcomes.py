"""After the event, in the API: the funnel and the certificates of attendance.

- ``GET /staff/events/{id}/funnel``: counts and rates per step, and the cases of the last step
  (their ids, references, types and statuses; no names, so nothing to log);
- ``POST /staff/events/{id}/certificates``: issue a certificate to every attendee who has none
  (idempotent; 409 before the event has ended);
- ``GET /me/events/{registration_id}/certificate``: the talent's own certificate as a PDF (404
  before the event has ended, when they did not attend, or before it is issued).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.documents.files import private_file_bytes
from talentcenter.events import policies
from talentcenter.events.attendance import attended
from talentcenter.events.funnel import event_funnel
from talentcenter.events.services import certificates as services
from talentcenter.foundation.api.schemas import ObjectId

staff_router = Router(tags=["staff"])
talent_router = Router(tags=["events"])


class FunnelStepOut(Schema):
    step: str
    label: str
    count: int
    rate_of_previous: float | None
    rate_of_registered: float | None


class FunnelCaseOut(Schema):
    id: int
    reference: str
    case_type: str
    status: str
    created_at: datetime.datetime


class FunnelOut(Schema):
    event_id: int
    steps: list[FunnelStepOut]
    cases: list[FunnelCaseOut]


class CertificateRunOut(Schema):
    issued: list[str]
    existing: int
    skipped: int
    queued: int = Field(0, description="Certificates left to the task worker (answered 202): a large event's run")


@staff_router.get("/{event_id}/funnel", response=FunnelOut, summary="An event's funnel, from registration to a case")
def staff_event_funnel(request: HttpRequest, event_id: ObjectId) -> dict[str, Any]:
    """Registered → confirmed → checked in → interviewed → offer → case started; each step counts
    the registrations that reached it and every step before it."""
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    funnel = event_funnel(event)
    return {
        "event_id": event.pk,
        "steps": [
            {
                "step": step.key,
                "label": step.label,
                "count": step.count,
                "rate_of_previous": step.rate_of_previous,
                "rate_of_registered": step.rate_of_registered,
            }
            for step in funnel.steps
        ],
        "cases": [
            {
                "id": case.pk,
                "reference": case.reference,
                "case_type": case.case_type,
                "status": case.status,
                "created_at": case.created_at,
            }
            for case in funnel.cases
        ],
    }


@staff_router.post(
    "/{event_id}/certificates",
    response={200: CertificateRunOut, 202: CertificateRunOut},
    summary="Issue certificates of attendance to every attendee",
)
def staff_certificates_issue(request: HttpRequest, event_id: ObjectId) -> Status:
    """Idempotent: attendees who have a valid certificate keep it; 409 before the event has ended.
    A large event's certificates are issued by the task worker: 202 with how many are queued."""
    event = policies.access_event_for_staff(user=request.user, event_id=event_id)
    run = services.attendance_certificates_issue_or_queue(actor=signed_in_user(request), event=event)
    if isinstance(run, services.CertificatesQueued):
        return Status(202, {"issued": [], "existing": 0, "skipped": 0, "queued": run.pending})
    return Status(
        200,
        {"issued": [document.serial for document in run.issued], "existing": run.existing, "skipped": len(run.skipped)},
    )


@talent_router.get(
    "/{registration_id}/certificate",
    response={200: None},
    summary="Download my certificate of attendance",
    openapi_extra={"responses": {200: {"description": "The PDF", "content": {"application/pdf": {}}}}},
)
def my_certificate(request: HttpRequest, registration_id: ObjectId) -> HttpResponse:
    registration = policies.access_registration_for_talent(user=request.user, registration_id=registration_id)
    if registration.event.ends_at > timezone.now() or not attended(registration):
        raise Http404
    document = services.certificate_of(registration)
    if document is None or not document.file:
        raise Http404
    return private_file_bytes(document.file, filename=f"{document.serial}.pdf", content_type="application/pdf")
