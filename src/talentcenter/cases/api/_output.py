"""The cases API's answers built from the domain objects: one builder per schema of ``schemas.py``,
shared by the parties', the staff's and the evaluators' routers."""

from decimal import Decimal
from typing import Any

from django.utils import timezone

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor
from talentcenter.cases import blind, conflicts, policies, selectors, services
from talentcenter.cases.enums import (
    PARTY_ACTIONS,
    STAFF_ACTIONS,
    CaseAction,
    CaseType,
    KTechTrack,
    RequestStatus,
)
from talentcenter.cases.models import Case, CaseDocument, CaseRecord, EvaluatorAssignment, InformationRequest
from talentcenter.documents.certificates import verification_url
from talentcenter.foundation.i18n import current_language


def user_ref(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "email": user.email, "display_name": user.display_name}


def clock_out(case: Case) -> dict[str, Any] | None:
    if not case.is_open:
        return None
    clock = selectors.case_clock(case)
    if clock is None:
        return None
    now = timezone.now()
    state = clock.state(now)
    return {
        "state": state,
        "label": state.label,
        "remaining_working_days": clock.remaining(now),
        "due_on": clock.due_date(),
    }


def eligibility_out(case: Case) -> dict[str, Any] | None:
    answer = case.eligibility
    if not answer:
        return None
    language = current_language()
    text = answer.get(language) or {}
    return {
        "as_of": answer["as_of"],
        "status": answer["status"],
        "points": answer.get("points"),
        "max_points": answer.get("max_points"),
        "track_label": text.get("label", ""),
        "missing": list(text.get("missing") or []),
        "hints": list(text.get("hints") or []),
    }


def version_out(document: CaseDocument | None, *, anonymous: bool = False) -> dict[str, Any] | None:
    """A document's version; ``anonymous`` names it by what it is (``diploma-1-v2.pdf``), not as uploaded."""
    if document is None:
        return None
    return {
        "version": document.version,
        "original_name": document.anonymous_name if anonymous else document.original_name,
        "content_type": document.content_type,
        "size": document.size,
        "pages": document.pages,
        "uploaded_at": document.uploaded_at,
    }


def checklist_lines_out(lines: list[selectors.ChecklistLine], *, anonymous: bool = False) -> list[dict[str, Any]]:
    return [
        {
            "requirement": line.requirement.code,
            "label": str(line.requirement.label),
            "reason": str(line.requirement.reason),
            "party": line.requirement.party,
            "versions": len(line.versions),
            "latest": version_out(line.latest, anonymous=anonymous),
        }
        for line in lines
    ]


def checklist_out(case: Case) -> list[dict[str, Any]]:
    return checklist_lines_out(selectors.case_checklist(case))


def request_out(request: InformationRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "status": request.status,
        "message": request.message,
        "respond_by": request.respond_by,
        "opened_at": request.opened_at,
        "answered_at": request.answered_at,
        "answer_note": request.answer_note,
        "items": [{"requirement": item.requirement, "instruction": item.instruction} for item in request.items.all()],
    }


def issued_document_out(case: Case) -> dict[str, Any] | None:
    document = case.issued_document
    if document is None:
        return None
    return {
        "serial": document.serial,
        "status": document.status,
        "issued_on": document.issued_on,
        "valid_until": document.valid_until,
        "verification_url": verification_url(document.serial),
    }


# The staff API has no operation to issue (the background task does; the back office can press it)
# nor to record the E-7 application (the company does it through /cases).
STAFF_API_ACTIONS = STAFF_ACTIONS - {CaseAction.ISSUE, CaseAction.RECORD_USE}


def _listed(actions: frozenset[CaseAction], vocabulary: frozenset[CaseAction]) -> list[str]:
    return [action.value for action in CaseAction if action in actions and action in vocabulary]


def party_actions(user: Visitor, case: Case) -> list[str]:
    """What a party may do now (``selectors.actions_for``); the services decide again when they do it."""
    return _listed(selectors.actions_for(user, case), PARTY_ACTIONS)


def staff_actions(user: Visitor, case: Case) -> list[str]:
    """What a member of staff may do now through this API (``selectors.actions_for``)."""
    return _listed(selectors.actions_for(user, case), STAFF_API_ACTIONS)


def case_out(case: Case, actions: list[str], *, sees_talent: bool) -> dict[str, Any]:
    """The case; with ``sees_talent`` false (the company before the talent accepted) nothing of the
    talent: no name, no eligibility, no checklist (it names their schools and employers)."""
    company = case.company
    open_request = case.requests.filter(status=RequestStatus.OPEN).prefetch_related("items").first()
    return {
        "id": case.pk,
        "reference": case.reference,
        "case_type": case.case_type,
        "case_type_label": str(CaseType(case.case_type).label),
        "status": case.status,
        "status_label": case.status_label,
        "track": case.track,
        "track_label": str(KTechTrack(case.track).label) if case.track else "",
        "started_by_party": case.started_by_party,
        "talent_name": case.profile.full_name if sees_talent else "",
        "invited_email": case.invited_email,
        "talent_accepted_at": case.talent_accepted_at,
        "company": {"id": company.pk, "name_en": company.name_en, "name_ko": company.name_ko},
        "offer": {
            "job_title": case.job_title,
            "occupation_code": case.occupation_code,
            "annual_salary_krw": case.annual_salary_krw,
            "start_date": case.start_date,
            "technology_field": case.technology_field,
            "government_programme": case.government_programme,
            "confirmed_at": case.company_confirmed_at,
        },
        "talent_consented_at": case.talent_consented_at,
        "eligibility": eligibility_out(case) if sees_talent else None,
        "submitted_at": case.submitted_at,
        "due_on": case.due_on,
        "clock": clock_out(case),
        "checklist": checklist_out(case) if sees_talent else [],
        "open_request": request_out(open_request) if open_request else None,
        "decision": (
            {"decision": case.decision, "reason": case.decision_reason, "decided_at": case.decided_at}
            if case.decision
            else None
        ),
        "document": issued_document_out(case),
        "e7_application_on": case.e7_application_on,
        "e7_application_number": case.e7_application_number,
        "withdrawn_reason": case.withdrawn_reason,
        "actions": actions,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
    }


def record_out(record: CaseRecord) -> dict[str, Any]:
    return {
        "id": record.pk,
        "kind": record.kind,
        "position": record.position,
        "description": record.description,
        "requirement": record.requirement,
        "status": record.status,
        "reason": record.reason,
        "validated_by": user_ref(record.validated_by),
        "validated_at": record.validated_at,
    }


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def evaluation_staff_out(assignment: EvaluatorAssignment) -> dict[str, Any]:
    """An evaluator's assignment as staff see it (scores included: the back office shows them)."""
    return {
        "id": assignment.pk,
        "evaluator": user_ref(assignment.evaluator),
        "evaluator_organisation": assignment.evaluator.organisation,
        "assigned_at": assignment.assigned_at,
        "conflict": assignment.conflict,
        "conflict_note": assignment.conflict_note,
        "detected_conflicts": [conflict.describe() for conflict in conflicts.recorded_conflicts(assignment)],
        "conflict_override_reason": assignment.conflict_override_reason,
        "declared_at": assignment.declared_at,
        "technical_expertise": number(assignment.technical_expertise),
        "strategic_value": number(assignment.strategic_value),
        "total": number(assignment.total),
        "recommends": assignment.recommends,
        "comment": assignment.comment,
        "submitted_at": assignment.submitted_at,
    }


def staff_case_out(user: Visitor, case: Case) -> dict[str, Any]:
    documents = case.documents.select_related("uploaded_by").order_by("requirement", "-version")
    evaluations = case.evaluations.select_related("evaluator").order_by("assigned_at", "pk")
    return {
        **case_out(case, staff_actions(user, case), sees_talent=True),
        "reviewer": user_ref(case.reviewer),
        "paused_since": case.paused_since,
        "blind_review": blind.is_blind_review(case),
        "applicant": case.applicant,
        "records": [record_out(record) for record in case.records.select_related("validated_by")],
        "documents": [
            {
                **(version_out(document) or {}),
                "id": document.pk,
                "requirement": document.requirement,
                "sha256": document.sha256,
                "uploaded_by": user_ref(document.uploaded_by),
            }
            for document in documents
        ],
        "requests": [request_out(request) for request in case.requests.prefetch_related("items")],
        "evaluations": [evaluation_staff_out(assignment) for assignment in evaluations],
        "decision_assessment_id": case.decision_assessment_id,
    }


def evaluation_file_out(case: Case, *, is_blind: bool) -> dict[str, Any]:
    """The case file an evaluator reads; on a blind review only what scoring needs (``cases.blind``)."""
    records = list(case.records.select_related("validated_by"))
    if not is_blind:
        return {
            "applicant": case.applicant,
            "records": [record_out(record) for record in records],
            "checklist": checklist_out(case),
        }
    until = blind.as_of(case)
    return {
        "applicant": blind.blind_applicant(case),
        "records": [
            {**record_out(record), "description": description, "reason": ""}
            for record in records
            if (description := blind.blind_record_summary(record, until)) is not None
        ],
        "checklist": checklist_lines_out(blind.evaluator_checklist(case, blind=True), anonymous=True),
    }


def evaluation_out(assignment: EvaluatorAssignment) -> dict[str, Any]:
    """An evaluator's own assignment: the case file only once they have declared no conflict."""
    case = assignment.case
    is_blind = blind.is_blind_review(case)
    file = evaluation_file_out(case, is_blind=is_blind) if policies.can_see_case_file(assignment) else None
    return {
        "id": assignment.pk,
        "case_id": case.pk,
        "case_reference": case.reference,
        "case_type": case.case_type,
        "track": case.track,
        "case_status": case.status,
        "case_status_label": case.status_label,
        "blind": is_blind,
        "applicant_name": blind.pseudonym(assignment) if is_blind else case.profile.full_name,
        "assigned_at": assignment.assigned_at,
        "conflict": assignment.conflict,
        "declared_at": assignment.declared_at,
        "technical_expertise": number(assignment.technical_expertise),
        "strategic_value": number(assignment.strategic_value),
        "recommends": assignment.recommends,
        "comment": assignment.comment,
        "submitted_at": assignment.submitted_at,
        "maximum": {
            "technical_expertise": float(services.qualitative_maximum(case, "technical_expertise")),
            "strategic_value": float(services.qualitative_maximum(case, "strategic_value")),
        },
        "file": file,
    }


def shows_applicant(answer: dict[str, Any]) -> bool:
    """Whether an evaluation answer carries the applicant's personal data: the name (a named
    review) or the file (either kind), for the access log."""
    return not answer["blind"] or answer["file"] is not None
