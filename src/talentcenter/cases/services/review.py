"""Document review: assignment, requests for documents or corrections, and four-eyes validation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.cases import checklist, notices, workflow
from talentcenter.cases import policies as case_policies
from talentcenter.cases.clock import add_working_days
from talentcenter.cases.enums import (
    OPEN_STATUSES,
    CaseStatus,
    RecordStatus,
    RequestStatus,
)
from talentcenter.cases.models import (
    Case,
    CaseRecord,
    InformationRequest,
    RequestItem,
)
from talentcenter.cases.selectors import (
    case_requirements,
    case_reviewers,
)
from talentcenter.cases.services._common import (
    audit,
    current_time,
    lock_case,
    refresh_due_date,
    require,
    required_text,
    transition,
)
from talentcenter.cases.services.application import freeze_application

MAX_REQUEST_ITEMS = 20


def _reviewer_candidates_check(reviewer: User) -> None:
    if not case_policies.is_case_staff(reviewer):
        raise ValidationError({"reviewer": _("Only center staff can review applications.")})


@transaction.atomic
def case_assign(*, actor: User, cases: Sequence[Case], reviewer: User) -> list[Case]:
    """Give cases to a reviewer (one or many at once); each change is audited on its case."""
    require(case_policies.is_case_staff(actor))
    _reviewer_candidates_check(reviewer)
    assigned = []
    for case_id in sorted({case.pk for case in cases}):
        case = lock_case(case_id)
        if case.status not in OPEN_STATUSES:
            raise workflow.not_allowed(case, "assign")
        if case.reviewer_id != reviewer.pk:
            previous = case.reviewer.email if case.reviewer else ""
            case.reviewer = reviewer
            case.save(update_fields=["reviewer", "updated_at"])
            audit(actor, "case.assigned", case, {"reviewer": [previous, reviewer.email]})
        assigned.append(case)
    return assigned


@transaction.atomic
def case_start_review(*, actor: User, case: Case) -> Case:
    case = lock_case(case)
    require(case_policies.is_case_staff(actor))
    if case.reviewer_id is None:
        case.reviewer = actor
    transition(actor, case, "start_review", changes={"reviewer": case.reviewer.email if case.reviewer else ""})
    return case


@dataclass(frozen=True)
class RequestedItem:
    """One line of a request: a checklist document (or ``""`` for a new one) and what is needed."""

    requirement: str
    instruction: str


@transaction.atomic
def case_request_information(
    *, actor: User, case: Case, items: Sequence[RequestedItem], message: str = "", respond_by: date | None = None
) -> InformationRequest:
    """Ask the applicant for documents or corrections, item by item, with a date to answer by.
    The processing clock stops until they answer."""
    case = lock_case(case)
    require(case_policies.is_case_staff(actor))
    workflow.target_of(case, "request_information")
    if not items:
        raise ValidationError({"items": _("List at least one document or correction.")})
    if len(items) > MAX_REQUEST_ITEMS:
        raise ValidationError({"items": _("A request can list at most 20 items.")})
    today = timezone.localdate()
    respond_by = respond_by or add_working_days(today, settings.TALENTCENTER_REQUEST_RESPONSE_WORKING_DAYS)
    if respond_by <= today or respond_by > today + timedelta(days=90):
        raise ValidationError({"respond_by": _("The answer date must be after today and within 90 days.")})
    codes = {requirement.code for requirement in case_requirements(case)}
    now = current_time()
    request = InformationRequest.objects.create(
        case=case, message=message.strip(), respond_by=respond_by, opened_by=actor, opened_at=now
    )
    for index, item in enumerate(items, start=1):
        instruction = required_text(item.instruction, "items", _("Say what is needed for each item."))[:500]
        requirement = item.requirement.strip()
        if requirement == "new":
            requirement = f"additional-{request.pk}-{index}"
        elif requirement and requirement not in codes:
            raise ValidationError(
                {"items": _("Item {number} names a document that is not on the checklist.").format(number=index)}
            )
        RequestItem.objects.create(request=request, requirement=requirement, instruction=instruction)
    case.paused_since = now
    transition(actor, case, "request_information", changes={"request": request.pk, "respond_by": respond_by})
    notices.information_requested(case, request)
    return request


@transaction.atomic
def case_answer_request(*, actor: User, case: Case, note: str = "") -> Case:
    """The applicant has uploaded what was asked and answers the request; the clock restarts and
    the application is read again from the profile (corrections included)."""
    case = lock_case(case)
    require(case_policies.is_party(actor, case))
    workflow.target_of(case, "answer_request")
    request = case.requests.select_for_update().get(status=RequestStatus.OPEN)
    uploaded_since = set(
        case.documents.filter(uploaded_at__gte=request.opened_at).values_list("requirement", flat=True)
    )
    lacking = [item for item in request.items.exclude(requirement="") if item.requirement not in uploaded_since]
    if lacking:
        labels = {requirement.code: requirement.label for requirement in case_requirements(case)}
        raise ValidationError(
            [
                _("Upload a new version of: {document}.").format(
                    document=labels.get(item.requirement, item.instruction).rstrip(". ")
                )
                for item in lacking
            ],
            code="not_ready",
        )
    now = current_time()
    request.status, request.answered_at, request.answer_note = RequestStatus.ANSWERED, now, note.strip()[:4000]
    request.save(update_fields=["status", "answered_at", "answer_note"])
    case.paused_since = None
    freeze_application(case)
    refresh_due_date(case)
    transition(actor, case, "answer_request", changes={"request": request.pk, "due_on": case.due_on})
    notices.request_answered(case, request)
    return case


@transaction.atomic
def case_start_validation(*, actor: User, case: Case) -> Case:
    """Document review is done: every document on the checklist is there."""
    case = lock_case(case)
    require(case_policies.is_case_staff(actor))
    workflow.target_of(case, "start_validation")
    lacking = checklist.missing(case_requirements(case), case.documents.values_list("requirement", flat=True))
    if lacking:
        raise ValidationError(
            [_("Missing document: {document}.").format(document=item.label) for item in lacking], code="not_ready"
        )
    if case.reviewer_id is None:
        case.reviewer = actor
    transition(actor, case, "start_validation")
    return case


@transaction.atomic
def record_validate(*, actor: User, record: CaseRecord, verified: bool, reason: str = "") -> CaseRecord:
    """Mark one academic or career record verified or refused (with a reason). The person who
    reviewed the documents may not validate them: a second member of staff does."""
    case = lock_case(record.case_id)
    require(case_policies.is_case_staff(actor))
    if case.status != CaseStatus.IN_VALIDATION:
        raise workflow.not_allowed(case, "validate")
    if actor.pk in case_reviewers(case):
        raise PermissionDenied(_("The reviewer of this application cannot validate it; a second member of staff must."))
    record = CaseRecord.objects.select_for_update().get(pk=record.pk, case=case)
    if not verified:
        reason = required_text(reason, "reason", _("Say why the record is refused."))
    old = record.status
    record.status = RecordStatus.VERIFIED if verified else RecordStatus.REFUSED
    record.reason = reason.strip()
    record.validated_by, record.validated_at = actor, current_time()
    record.save()
    audit(
        actor,
        "case.record_validated",
        case,
        {"record": record.pk, "kind": record.kind, "status": [old, record.status]},
        reason,
    )
    return record
