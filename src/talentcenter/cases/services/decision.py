"""Decision with the engine as of the submission date, issuance, reopening and the E-7 step."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.cases import notices, workflow
from talentcenter.cases import policies as case_policies
from talentcenter.cases.enums import (
    CaseStatus,
    CaseType,
    Decision,
    KTechTrack,
    RecordKind,
    RecordStatus,
)
from talentcenter.cases.models import (
    Case,
)
from talentcenter.cases.selectors import (
    PROGRAMME_OF_CASE_TYPE,
    needs_external_evaluation,
    quorum,
    submitted_evaluations,
    track_of,
)
from talentcenter.cases.services._common import (
    close_open_request,
    current_time,
    lock_case,
    refresh_due_date,
    require,
    required_text,
    transition,
    validated_applicant,
)
from talentcenter.documents.enums import DocumentKind, DocumentStatus
from talentcenter.documents.services import document_issue, document_revoke
from talentcenter.policy.engine import ApplicantIn
from talentcenter.policy.enums import AssessmentKind
from talentcenter.policy.services import assessment_record
from talentcenter.reference import selectors as reference_selectors

DOCUMENT_KIND_OF_CASE_TYPE: dict[str, str] = {
    CaseType.KTECH_PASS: DocumentKind.KTECH_PASS_CERTIFICATE,
    CaseType.KOTRA_RECOMMENDATION: DocumentKind.KOTRA_RECOMMENDATION_LETTER,
}
# How long an issued document stays valid (not published; talentcenter default): the pass is used
# for the F-2 application within a year, the letter with the E-7 application within six months.
DOCUMENT_VALIDITY_DAYS: dict[str, int] = {CaseType.KTECH_PASS: 365, CaseType.KOTRA_RECOMMENDATION: 182}


def decision_applicant(case: Case) -> ApplicantIn:
    """The application as submitted, less the records validation refused, plus the evaluators'
    mean qualitative points."""
    data = dict(case.applicant.items())
    refused = {(record.kind, record.position) for record in case.records.filter(status=RecordStatus.REFUSED)}
    data["education"] = [
        item
        for position, item in enumerate(data.get("education") or [], start=1)
        if (RecordKind.EDUCATION, position) not in refused
    ]
    data["experience"] = [
        item
        for position, item in enumerate(data.get("experience") or [], start=1)
        if (RecordKind.EXPERIENCE, position) not in refused
    ]
    if (RecordKind.OFFER, 0) in refused:
        # Refused, not merely unknown: the salary counts as none (a missing one would need review).
        data["offer"] = {**(data.get("offer") or {}), "annual_salary_krw": 0}
    if (RecordKind.PROGRAMME, 0) in refused:
        data.pop("government_programme", None)
    scores = submitted_evaluations(case)
    if scores:
        data["qualitative_scores"] = {
            "technical_expertise": float(sum(item.technical_expertise or 0 for item in scores) / len(scores)),
            "strategic_value": float(sum(item.strategic_value or 0 for item in scores) / len(scores)),
        }
    return validated_applicant(data)


def _decide(actor: User, case: Case, decision: str, reason: str) -> None:
    assert case.submission_date is not None
    assessment = assessment_record(
        actor=actor,
        applicant=decision_applicant(case),
        as_of=case.submission_date,
        kind=AssessmentKind.OFFICIAL,
        subject=case.profile,
        programmes=[PROGRAMME_OF_CASE_TYPE[case.case_type]],
    )
    status = assessment.summary[f"{PROGRAMME_OF_CASE_TYPE[case.case_type]}/{track_of(case)}"]
    if decision == Decision.APPROVE and status == "not_eligible":
        raise ValidationError(
            _(
                "The rules as of the submission date answer “not eligible” with the validated records; "
                "the application cannot be approved."
            ),
            code="not_eligible",
        )
    if decision == Decision.APPROVE and status == "needs_review" and not reason:
        raise ValidationError(
            {"reason": _("The rules leave this application for review: give the reasons for approving it.")}
        )
    case.decision, case.decision_reason = decision, reason
    case.decided_at, case.decided_by, case.decision_assessment = current_time(), actor, assessment


@transaction.atomic
def case_approve(*, actor: User, case: Case, reason: str = "") -> Case:
    """Approve with the engine as of the submission date; the assessment is kept with the case and
    the certificate or letter is issued by a background task once this commits."""
    case = lock_case(case)
    require(case_policies.is_case_staff(actor))
    workflow.target_of(case, "approve")
    reason = reason.strip()
    if case.records.filter(status=RecordStatus.PENDING).exists():
        raise ValidationError(_("Validate every record first."), code="not_ready")
    needs_evaluation = needs_external_evaluation(case)
    if needs_evaluation and len(submitted_evaluations(case)) < quorum():
        raise ValidationError(
            _("{quorum} evaluators must score the application before a decision.").format(quorum=quorum()),
            code="not_ready",
        )
    if case.status == CaseStatus.IN_VALIDATION and needs_evaluation:
        raise ValidationError(_("This application needs the external evaluation first."), code="not_ready")
    _decide(actor, case, Decision.APPROVE, reason)
    transition(actor, case, "approve", reason=reason, changes={"assessment": case.decision_assessment_id})
    transaction.on_commit(lambda: _enqueue_issue(case.pk))
    notices.decided(case)
    return case


@transaction.atomic
def case_reject(*, actor: User, case: Case, reason: str) -> Case:
    """Reject with reasons (also while a request is open); the engine's answer is kept too."""
    case = lock_case(case)
    require(case_policies.is_case_staff(actor))
    workflow.target_of(case, "reject")
    reason = required_text(reason, "reason", _("Give the reasons for the rejection."))
    close_open_request(case)
    _decide(actor, case, Decision.REJECT, reason)
    transition(actor, case, "reject", reason=reason, changes={"assessment": case.decision_assessment_id})
    notices.decided(case)
    return case


def _enqueue_issue(case_id: int) -> None:
    from talentcenter.cases.tasks import issue_case_document

    issue_case_document.enqueue(case_id=case_id)


def _document_details(case: Case) -> dict[str, Any]:
    offer = case.applicant.get("offer") or {}
    details: dict[str, Any] = {
        "case_reference": case.reference,
        "employer": case.company.name,
        "employer_registration_number": case.company.formatted_business_registration_number,
        "position": case.job_title,
        "industry": offer.get("industry") or "",
    }
    if case.case_type == CaseType.KTECH_PASS:
        # Stored as printed: the document is bilingual, whatever language the issuing worker runs in.
        track = KTechTrack(track_of(case))
        with translation.override("ko"):
            korean = str(track.label)
        with translation.override("en"):
            english = str(track.label)
        details["track"] = f"{korean} / {english}"
    if case.occupation_code:
        details["occupation_code"] = _occupation_as_printed(case.occupation_code)
    return details


def _occupation_as_printed(code: str) -> str:
    """The occupation code with its title in both languages, as the document prints it."""
    occupation = reference_selectors.occupation(code)
    if occupation is None:
        return code
    return f"{code} {occupation.title_ko} / {occupation.title_en}"


@transaction.atomic
def case_issue(*, case_id: int) -> Case:
    """Issue the certificate or letter of an approved case (the background task calls this).

    Idempotent: a case already issued, or reopened meanwhile, is left alone; a worker killed while
    rendering rolls everything back, and the retry issues exactly one document."""
    case = lock_case(case_id)
    if case.status != CaseStatus.APPROVED:
        return case
    talent = case.profile
    person = case.applicant.get("person") or {}
    birth_date = date.fromisoformat(person["birth_date"]) if person.get("birth_date") else talent.birth_date
    if birth_date is None:
        raise ValidationError(_("The talent's date of birth is missing; it is printed on the document."))
    issued_at = current_time()
    issued_on = timezone.localdate(issued_at)
    document = document_issue(
        actor=case.decided_by,
        kind=DOCUMENT_KIND_OF_CASE_TYPE[case.case_type],
        holder_name_latin=talent.full_name,
        holder_name_hangul=talent.name_hangul,
        holder_birth_date=birth_date,
        nationality=str(person.get("nationality") or talent.nationality),
        valid_until=issued_on + timedelta(days=DOCUMENT_VALIDITY_DAYS[case.case_type]),
        details=_document_details(case),
        subject_type=case._meta.label_lower,
        subject_id=str(case.pk),
        issued_on=issued_on,
        issued_at=issued_at,
    )
    case.issued_document = document
    transition(case.decided_by, case, "issue", changes={"serial": document.serial})
    notices.issued(case)
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case, reason: str) -> Case:
    """A lead reopens a decided case for another review; an issued document is revoked with the
    same reason. The earlier decision stays in the audit trail and in the stored assessment."""
    case = lock_case(case)
    require(case_policies.is_lead(actor))
    workflow.target_of(case, "reopen")
    reason = required_text(reason, "reason", _("Give the reason for reopening."))
    revoked = ""
    if case.issued_document is not None and case.issued_document.status == DocumentStatus.VALID:
        revoked = document_revoke(actor=actor, document=case.issued_document, reason=reason).serial
    previous = {
        "decision": case.decision,
        "decided_at": case.decided_at.isoformat() if case.decided_at else None,
        "assessment": case.decision_assessment_id,
    }
    case.decision, case.decision_reason, case.decided_at, case.decided_by = "", "", None, None
    case.decision_assessment, case.issued_document = None, None
    case.clock_started_at = current_time()
    refresh_due_date(case)
    transition(actor, case, "reopen", reason=reason, changes={"previous": previous, "revoked": revoked})
    notices.reopened(case)
    return case


@transaction.atomic
def case_record_use(*, actor: User, case: Case, filed_on: date, application_number: str = "") -> Case:
    """KOTRA's seventh step: the company records that the letter went with the E-7 application."""
    case = lock_case(case)
    require(case_policies.is_case_company_member(actor, case) or case_policies.is_case_staff(actor))
    workflow.target_of(case, "record_use")
    today = timezone.localdate()
    if case.issued_document is None or not (case.issued_document.issued_on <= filed_on <= today):
        raise ValidationError({"filed_on": _("The filing date must be between the letter's issue date and today.")})
    case.e7_application_on, case.e7_application_number = filed_on, application_number.strip()[:40]
    transition(actor, case, "record_use", changes={"filed_on": filed_on})
    return case
