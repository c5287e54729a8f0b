"""Cases over HTTP: the parties' applications, the staff's queue and transitions, the evaluators'
declarations and scores.

Every endpoint is a thin client of ``cases.services`` (which lock, check the actor again, guard,
audit and notify), ``cases.selectors`` and ``cases.policies``: 404 for a case the caller may not
see, 403 for one it sees but may not act on, 409 (code ``conflict``) when the case has moved on
(:class:`~talentcenter.foundation.workflow.TransitionNotAllowed`), 422 for invalid input. Bodies are
strict (unknown fields refused, strings and numbers bounded) so that no input reaches a service
unchecked. The parties never get a link to a file of the case other than the issued document.
"""

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params import functions as param_functions
from ninja.responses import Status
from pydantic import AfterValidator

from talentcenter.accounts.models import User
from talentcenter.cases import policies, queues, selectors, services, workflow
from talentcenter.cases.clock import ClockState
from talentcenter.cases.enums import (
    ALL_STATUSES,
    DECIDED_STATUSES,
    OPEN_STATUSES,
    CaseType,
    ConflictAnswer,
    Decision,
    KTechTrack,
    Party,
    RecordKind,
    RecordStatus,
    RequestStatus,
)
from talentcenter.cases.models import Case, CaseDocument, CaseRecord, EvaluatorAssignment, InformationRequest
from talentcenter.cases.uploads import DEFAULT_MAX_BYTES
from talentcenter.documents.certificates import verification_url
from talentcenter.documents.enums import DocumentStatus
from talentcenter.foundation.api.errors import ApiError, ErrorCode, ErrorOut
from talentcenter.foundation.api.schemas import (
    MAX_ID,
    DateText,
    InputSchema,
    ObjectId,
    Pagination,
    StrictBoolean,
    plain_text,
    whole_number,
)
from talentcenter.organizations.models import Company
from talentcenter.organizations.selectors import memberships_of_user
from talentcenter.policy.engine.inputs import industry_codes
from talentcenter.talent.models import TalentProfile

router = Router(tags=["cases"])
staff_router = Router()
evaluation_router = Router(tags=["evaluations"])

CaseStatus = StrEnum("CaseStatus", {value: value for value, _label in ALL_STATUSES})  # type: ignore[misc]
TECHNOLOGY_FIELDS = ("", "other", *sorted(industry_codes().get("kotra", frozenset())))
TechnologyField = Literal[TECHNOLOGY_FIELDS]  # type: ignore[valid-type]
EARLIEST_START = date(2000, 1, 1)
LATEST_START = date(2100, 12, 31)
MAX_SALARY = 10_000_000_000
MAX_BULK = 100
REQUIREMENT_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
EMAIL_PATTERN = r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$"


# --- Output -----------------------------------------------------------------------------------
class CompanyRefOut(Schema):
    id: int
    name_en: str
    name_ko: str


class OfferOut(Schema):
    job_title: str
    occupation_code: str
    annual_salary_krw: int | None
    start_date: date | None
    technology_field: str
    government_programme: str
    confirmed_at: datetime | None = Field(description="When the hiring company confirmed the offer.")


class ClockOut(Schema):
    state: ClockState
    label: str
    remaining_working_days: int = Field(description="0 on the due date, negative when late.")
    due_on: date | None = Field(description="Unknown (null) while the clock is paused.")


class EligibilityOut(Schema):
    as_of: date
    status: Literal["eligible", "not_eligible", "needs_review", "not_in_force"]
    points: float | None
    max_points: float | None
    track_label: str
    missing: list[str] = Field(description="The criteria not (yet) met, in the language asked for.")
    hints: list[str]


class DocumentVersionOut(Schema):
    version: int
    original_name: str
    content_type: str
    size: int
    pages: int
    uploaded_at: datetime


class ChecklistLineOut(Schema):
    requirement: str = Field(description="The code to upload against, e.g. diploma-1.")
    label: str
    reason: str
    party: Party = Field(description="Who provides it.")
    versions: int = Field(description="How many versions were uploaded.")
    latest: DocumentVersionOut | None


class RequestItemOut(Schema):
    requirement: str = Field(description="The document to upload again or newly; empty for a correction.")
    instruction: str


class InformationRequestOut(Schema):
    id: int
    status: RequestStatus
    message: str
    respond_by: date
    opened_at: datetime
    answered_at: datetime | None
    answer_note: str
    items: list[RequestItemOut]


class DecisionOut(Schema):
    decision: Decision
    reason: str
    decided_at: datetime | None


class IssuedDocumentRefOut(Schema):
    serial: str
    status: DocumentStatus
    issued_on: date
    valid_until: date
    verification_url: str


class CaseListItemOut(Schema):
    id: int
    reference: str
    case_type: CaseType
    status: CaseStatus
    status_label: str
    track: str
    talent_name: str
    company_name: str
    submitted_at: datetime | None
    due_on: date | None
    paused: bool
    updated_at: datetime

    @staticmethod
    def resolve_talent_name(case: Case) -> str:
        return case.talent.full_name

    @staticmethod
    def resolve_company_name(case: Case) -> str:
        return case.company.name_en

    @staticmethod
    def resolve_paused(case: Case) -> bool:
        return case.paused_since is not None


class CaseOut(Schema):
    """A case as a party sees it."""

    id: int
    reference: str
    case_type: CaseType
    case_type_label: str
    status: CaseStatus
    status_label: str
    track: str = Field(description="K-Tech Pass track; empty for KOTRA.")
    track_label: str
    started_by_party: Party
    talent_name: str
    company: CompanyRefOut
    offer: OfferOut
    talent_consented_at: datetime | None
    eligibility: EligibilityOut | None
    submitted_at: datetime | None
    due_on: date | None
    clock: ClockOut | None = Field(description="Null before submission and after the decision.")
    checklist: list[ChecklistLineOut]
    open_request: InformationRequestOut | None
    decision: DecisionOut | None
    document: IssuedDocumentRefOut | None
    e7_application_on: date | None
    e7_application_number: str
    withdrawn_reason: str
    actions: list[str] = Field(description="What the caller may do now (e.g. consent, submit, withdraw).")
    created_at: datetime
    updated_at: datetime


class UserRefOut(Schema):
    id: int
    email: str
    display_name: str


class RecordOut(Schema):
    id: int
    kind: RecordKind
    position: int
    description: str
    requirement: str
    status: RecordStatus
    reason: str
    validated_by: UserRefOut | None
    validated_at: datetime | None


class StaffDocumentOut(DocumentVersionOut):
    id: int
    requirement: str
    sha256: str
    uploaded_by: UserRefOut


class EvaluationStaffOut(Schema):
    id: int
    evaluator: UserRefOut
    assigned_at: datetime
    conflict: ConflictAnswer
    conflict_note: str
    declared_at: datetime | None
    technical_expertise: float | None
    strategic_value: float | None
    total: float | None
    recommends: bool | None
    comment: str
    submitted_at: datetime | None


class StaffCaseOut(CaseOut):
    """A case as the back office sees it: the file, its records, requests and evaluations."""

    reviewer: UserRefOut | None
    paused_since: datetime | None
    applicant: dict[str, Any] = Field(description="The application as submitted (interchange format).")
    records: list[RecordOut]
    documents: list[StaffDocumentOut] = Field(description="Every uploaded version, newest first per document.")
    requests: list[InformationRequestOut]
    evaluations: list[EvaluationStaffOut]
    decision_assessment_id: int | None


class AssignedOut(Schema):
    assigned: list[CaseListItemOut]


class CaseFileOut(Schema):
    """What an evaluator sees once they have declared no conflict of interest."""

    applicant: dict[str, Any]
    records: list[RecordOut]
    checklist: list[ChecklistLineOut]


class ScoreMaximumOut(Schema):
    technical_expertise: float
    strategic_value: float


class EvaluationOut(Schema):
    id: int
    case_id: int
    case_reference: str
    case_type: CaseType
    track: str
    case_status: CaseStatus
    case_status_label: str
    assigned_at: datetime
    conflict: ConflictAnswer
    declared_at: datetime | None
    technical_expertise: float | None
    strategic_value: float | None
    recommends: bool | None
    comment: str
    submitted_at: datetime | None
    maximum: ScoreMaximumOut
    file: CaseFileOut | None = Field(description="Null until no conflict of interest is declared.")


# --- Input ------------------------------------------------------------------------------------
def _start_date_in_range(value: date | None) -> date | None:
    if value is not None and not EARLIEST_START <= value <= LATEST_START:
        raise ValueError(_("Enter a date between 2000 and 2100."))
    return value


StartDate = Annotated[DateText | None, AfterValidator(_start_date_in_range)]
Salary = whole_number(Annotated[int, Field(ge=1, le=MAX_SALARY)])
Id = whole_number(Annotated[int, Field(ge=1, le=MAX_ID)])


class OfferIn(InputSchema):
    job_title: plain_text(160) = ""  # type: ignore[valid-type]
    occupation_code: str = Field("", pattern=r"^[0-9A-Za-z]{0,10}$", description="KSCO occupation code")
    annual_salary_krw: Salary | None = None  # type: ignore[valid-type]
    start_date: StartDate = None
    technology_field: TechnologyField = Field("", description="KOTRA technology field (KOTRA cases)")
    government_programme: plain_text(60) = ""  # type: ignore[valid-type]


class CaseStartIn(OfferIn):
    """A company member names the talent by e-mail (and the company, if they belong to several);
    a talent names the hiring company."""

    case_type: CaseType
    talent_email: str | None = Field(None, min_length=3, max_length=254, pattern=EMAIL_PATTERN)
    company_id: Id | None = None  # type: ignore[valid-type]
    track: KTechTrack | None = Field(None, description="K-Tech Pass only; standard when omitted.")


class CaseDraftIn(OfferIn):
    """Send only what changes. Offer fields are the company's (changing them confirms the offer)."""

    track: KTechTrack | None = None


class AnswerIn(InputSchema):
    note: plain_text(4000) = ""  # type: ignore[valid-type]


class WithdrawIn(InputSchema):
    reason: plain_text(4000) = ""  # type: ignore[valid-type]


class RecordUseIn(InputSchema):
    filed_on: DateText
    application_number: plain_text(40) = ""  # type: ignore[valid-type]


class QueueFilters(Schema):
    status: CaseStatus | None = None
    case_type: CaseType | None = None
    reviewer: Literal["me", "unassigned"] | None = Field(None, description="Mine, or nobody's yet.")
    overdue: bool = Field(False, description="Only running cases past their due date.")
    paused: bool = Field(False, description="Only cases waiting for the applicant.")


class AssignIn(InputSchema):
    case_ids: list[Id] = Field(min_length=1, max_length=MAX_BULK)  # type: ignore[valid-type]
    reviewer_id: Id  # type: ignore[valid-type]


class StaffTransition(StrEnum):
    START_REVIEW = "start_review"
    START_VALIDATION = "start_validation"
    START_EVALUATION = "start_evaluation"
    APPROVE = "approve"
    REJECT = "reject"
    REOPEN = "reopen"


class TransitionIn(InputSchema):
    reason: plain_text(4000) = Field("", description="Required to reject and to reopen.")  # type: ignore[valid-type]


class RequestItemIn(InputSchema):
    requirement: str = Field(
        "",
        max_length=80,
        pattern=r"^([a-z0-9][a-z0-9-]{0,79})?$",
        description='A checklist code, "new" for an additional document, or empty for a correction.',
    )
    instruction: plain_text(500, min_length=1)  # type: ignore[valid-type]


class InformationRequestIn(InputSchema):
    items: list[RequestItemIn] = Field(min_length=1, max_length=services.review.MAX_REQUEST_ITEMS)
    message: plain_text(4000) = ""  # type: ignore[valid-type]
    respond_by: DateText | None = Field(None, description="After today, within 90 days; 10 working days if omitted.")


class RecordValidationIn(InputSchema):
    verified: StrictBoolean
    reason: plain_text(4000) = Field("", description="Required when refusing.")  # type: ignore[valid-type]


class EvaluatorIn(InputSchema):
    evaluator_id: Id  # type: ignore[valid-type]


class DeclarationIn(InputSchema):
    conflict: StrictBoolean = Field(description="true recuses you from this case.")
    note: plain_text(4000) = Field("", description="Required when declaring a conflict.")  # type: ignore[valid-type]


Points = Annotated[float, Field(ge=0, le=100, multiple_of=0.5)]


class ScoresIn(InputSchema):
    technical_expertise: Points = Field(description="0 to the rubric's maximum, in steps of 0.5.")
    strategic_value: Points = Field(description="0 to the rubric's maximum, in steps of 0.5.")
    recommends: StrictBoolean
    comment: plain_text(8000) = ""  # type: ignore[valid-type]


# --- Helpers ----------------------------------------------------------------------------------
Result = TypeVar("Result")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _fields_renamed(call: Callable[[], Result], names: Mapping[str, str]) -> Result:
    """Run a service; its errors name the service's arguments, the answer names the body's fields."""
    try:
        return call()
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): messages for field, messages in error.error_dict.items()}
        ) from None


def _values(payload: InputSchema, *, exclude: set[str] | None = None) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=True, exclude=exclude or set())
    return {key: getattr(value, "value", value) for key, value in values.items()}


def _user_ref(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "email": user.email, "display_name": user.display_name}


def _clock(case: Case) -> dict[str, Any] | None:
    if case.status not in OPEN_STATUSES:
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


def _eligibility(case: Case) -> dict[str, Any] | None:
    answer = case.eligibility
    if not answer:
        return None
    language = "ko" if (get_language() or "").startswith("ko") else "en"
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


def _version(document: CaseDocument | None) -> dict[str, Any] | None:
    if document is None:
        return None
    return {
        "version": document.version,
        "original_name": document.original_name,
        "content_type": document.content_type,
        "size": document.size,
        "pages": document.pages,
        "uploaded_at": document.uploaded_at,
    }


def _checklist(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "requirement": line.requirement.code,
            "label": str(line.requirement.label),
            "reason": str(line.requirement.reason),
            "party": line.requirement.party,
            "versions": len(line.versions),
            "latest": _version(line.latest),
        }
        for line in selectors.case_checklist(case)
    ]


def _request(request: InformationRequest) -> dict[str, Any]:
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


def _document(case: Case) -> dict[str, Any] | None:
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


def _party_actions(user: Any, case: Case) -> list[str]:
    """What a party may do now; the services decide again when they do it."""
    is_talent = policies.is_case_talent(user, case)
    is_company = policies.is_case_company_member(user, case)
    allowed = {transition.name for transition in workflow.allowed(case.case_type, case.status)}
    actions = []
    if case.status == "draft":
        if is_talent and case.talent_consented_at is None:
            actions.append("consent")
        if is_company:
            actions.append("confirm_offer")
        actions += ["update", "check_eligibility", "upload"]
    if "submit" in allowed:
        actions.append("submit")
    if "answer_request" in allowed:
        actions += ["upload", "answer"]
    if "withdraw" in allowed:
        actions.append("withdraw")
    if "record_use" in allowed and is_company:
        actions.append("record_use")
    if case.issued_document is not None:
        actions.append("download_document")
    return actions


def _staff_actions(user: Any, case: Case) -> list[str]:
    allowed = {transition.name for transition in workflow.allowed(case.case_type, case.status)}
    actions: list[str] = [
        name
        for name in ("start_review", "request_information", "start_validation", "start_evaluation", "approve", "reject")
        if name in allowed
    ]
    if "reopen" in allowed and policies.is_lead(user):
        actions.append("reopen")
    if case.status not in ("draft", "withdrawn", *DECIDED_STATUSES):
        actions.append("assign")
    if case.status in ("in_validation", "in_evaluation"):
        actions.append("assign_evaluator")
    if case.status == "in_validation" and case.reviewer_id != user.pk:
        actions.append("validate_records")
    return actions


def _case_out(case: Case, actions: list[str]) -> dict[str, Any]:
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
        "talent_name": case.talent.full_name,
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
        "eligibility": _eligibility(case),
        "submitted_at": case.submitted_at,
        "due_on": case.due_on,
        "clock": _clock(case),
        "checklist": _checklist(case),
        "open_request": _request(open_request) if open_request else None,
        "decision": (
            {"decision": case.decision, "reason": case.decision_reason, "decided_at": case.decided_at}
            if case.decision
            else None
        ),
        "document": _document(case),
        "e7_application_on": case.e7_application_on,
        "e7_application_number": case.e7_application_number,
        "withdrawn_reason": case.withdrawn_reason,
        "actions": actions,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
    }


def _record(record: CaseRecord) -> dict[str, Any]:
    return {
        "id": record.pk,
        "kind": record.kind,
        "position": record.position,
        "description": record.description,
        "requirement": record.requirement,
        "status": record.status,
        "reason": record.reason,
        "validated_by": _user_ref(record.validated_by),
        "validated_at": record.validated_at,
    }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _staff_case_out(user: Any, case: Case) -> dict[str, Any]:
    documents = case.documents.select_related("uploaded_by").order_by("requirement", "-version")
    evaluations = case.evaluations.select_related("evaluator").order_by("assigned_at", "pk")
    return {
        **_case_out(case, _staff_actions(user, case)),
        "reviewer": _user_ref(case.reviewer),
        "paused_since": case.paused_since,
        "applicant": case.applicant,
        "records": [_record(record) for record in case.records.select_related("validated_by")],
        "documents": [
            {
                **(_version(document) or {}),
                "id": document.pk,
                "requirement": document.requirement,
                "sha256": document.sha256,
                "uploaded_by": _user_ref(document.uploaded_by),
            }
            for document in documents
        ],
        "requests": [_request(request) for request in case.requests.prefetch_related("items")],
        "evaluations": [
            {
                "id": assignment.pk,
                "evaluator": _user_ref(assignment.evaluator),
                "assigned_at": assignment.assigned_at,
                "conflict": assignment.conflict,
                "conflict_note": assignment.conflict_note,
                "declared_at": assignment.declared_at,
                "technical_expertise": _number(assignment.technical_expertise),
                "strategic_value": _number(assignment.strategic_value),
                "total": _number(assignment.total),
                "recommends": assignment.recommends,
                "comment": assignment.comment,
                "submitted_at": assignment.submitted_at,
            }
            for assignment in evaluations
        ],
        "decision_assessment_id": case.decision_assessment_id,
    }


def _party_case(request: HttpRequest, case_id: int) -> Case:
    return policies.access_case_for_party(user=request.user, case_id=case_id)


def _party_answer(request: HttpRequest, case: Case) -> dict[str, Any]:
    case.refresh_from_db()
    return _case_out(case, _party_actions(request.user, case))


def _staff_answer(request: HttpRequest, case: Case) -> dict[str, Any]:
    case.refresh_from_db()
    return _staff_case_out(request.user, case)


# --- Parties ----------------------------------------------------------------------------------
@router.get("", response=list[CaseListItemOut], summary="List my applications")
@paginate(Pagination)
def case_list(request: HttpRequest) -> Any:
    """The caller's applications as the talent, and those of every company they belong to."""
    return selectors.cases_of_party(request.user)


def _start_parties(user: User, payload: CaseStartIn) -> tuple[TalentProfile, Company]:
    """Who the new case is for: a company member names the talent; a talent names the company."""
    if payload.talent_email is not None:
        talent = TalentProfile.objects.select_related("user").filter(user__email__iexact=payload.talent_email).first()
        if talent is None:
            raise ValidationError({"talent_email": _("No talent with a profile has this e-mail address.")})
        companies = [membership.company for membership in memberships_of_user(user=user).select_related("company")]
        if payload.company_id is not None:
            companies = [company for company in companies if company.pk == payload.company_id]
        if not companies:
            raise ApiError(
                status=403,
                code=ErrorCode.PERMISSION_DENIED,
                message=_("Only members of the hiring company can start an application for a talent."),
            )
        if len(companies) > 1:
            message = _("You belong to several companies: choose the hiring company.")
            raise ValidationError({"company_id": message})
        return talent, companies[0]
    own_profile = TalentProfile.objects.filter(user=user).first()
    if own_profile is None:
        raise ValidationError({"talent_email": _("Name the talent the application is for.")})
    company = Company.objects.filter(pk=payload.company_id).first() if payload.company_id else None
    if company is None:
        raise ValidationError({"company_id": _("Choose the hiring company.")})
    return own_profile, company


@router.post("", response={201: CaseOut}, summary="Start an application")
def case_start(request: HttpRequest, payload: CaseStartIn) -> Status[dict[str, Any]]:
    """A draft: K-Tech Pass by the talent or the hiring company, KOTRA's recommendation by the
    company. The party who starts it has confirmed its own part; the other is asked to."""
    user = _user(request)
    talent, company = _start_parties(user, payload)
    values = _values(payload, exclude={"case_type", "talent_email", "company_id"})
    case = _fields_renamed(
        lambda: services.case_start(
            actor=user, case_type=payload.case_type.value, talent=talent, company=company, **values
        ),
        {"company": "company_id"},
    )
    return Status(201, _party_answer(request, case))


@router.get("/{case_id}", response=CaseOut, summary="Read one of my applications")
def case_read(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    return _party_answer(request, _party_case(request, case_id))


@router.patch("/{case_id}", response=CaseOut, summary="Change a draft (offer: company members; track)")
def case_update(request: HttpRequest, case_id: ObjectId, payload: CaseDraftIn) -> dict[str, Any]:
    case = _party_case(request, case_id)
    services.case_update_draft(actor=_user(request), case=case, **_values(payload))
    return _party_answer(request, case)


@router.post("/{case_id}/consent", response=CaseOut, summary="Agree to the application (the talent)")
def case_consent(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    case = _party_case(request, case_id)
    services.case_give_consent(actor=_user(request), case=case)
    return _party_answer(request, case)


@router.post("/{case_id}/confirm-offer", response=CaseOut, summary="Confirm the offer (the company)")
def case_confirm_offer(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    case = _party_case(request, case_id)
    services.case_confirm_offer(actor=_user(request), case=case)
    return _party_answer(request, case)


@router.post("/{case_id}/eligibility", response=CaseOut, summary="Check eligibility with the rules of today")
def case_eligibility(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    """The answer (status, points, what is missing) is kept on the case for both parties."""
    case = _party_case(request, case_id)
    services.case_check_eligibility(actor=_user(request), case=case)
    return _party_answer(request, case)


@router.post("/{case_id}/submit", response=CaseOut, summary="Submit the application")
def case_submit(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    """Both parties have confirmed, the rules do not rule it out and every document is uploaded;
    otherwise 422 lists what is missing."""
    case = _party_case(request, case_id)
    services.case_submit(actor=_user(request), case=case)
    return _party_answer(request, case)


@router.post("/{case_id}/answer", response=CaseOut, summary="Answer the open request")
def case_answer(request: HttpRequest, case_id: ObjectId, payload: AnswerIn) -> dict[str, Any]:
    """Upload what was asked first; the processing clock restarts."""
    case = _party_case(request, case_id)
    services.case_answer_request(actor=_user(request), case=case, note=payload.note)
    return _party_answer(request, case)


@router.post("/{case_id}/withdraw", response=CaseOut, summary="Withdraw the application")
def case_withdraw(request: HttpRequest, case_id: ObjectId, payload: WithdrawIn) -> dict[str, Any]:
    case = _party_case(request, case_id)
    services.case_withdraw(actor=_user(request), case=case, reason=payload.reason)
    return _party_answer(request, case)


@router.post("/{case_id}/record-use", response=CaseOut, summary="Record the E-7 application (KOTRA, the company)")
def case_record_use(request: HttpRequest, case_id: ObjectId, payload: RecordUseIn) -> dict[str, Any]:
    case = _party_case(request, case_id)
    services.case_record_use(
        actor=_user(request), case=case, filed_on=payload.filed_on, application_number=payload.application_number
    )
    return _party_answer(request, case)


UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["requirement", "file"],
                "properties": {
                    "requirement": {
                        "type": "string",
                        "pattern": REQUIREMENT_PATTERN,
                        "description": "The checklist code, e.g. passport or diploma-1.",
                    },
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "A PDF, PNG or JPEG, at most 10 MB (checked by content).",
                    },
                },
            }
        }
    },
}


@router.post(
    "/{case_id}/documents",
    response={201: ChecklistLineOut, 400: ErrorOut},
    summary="Upload a document of the checklist",
    openapi_extra={"requestBody": UPLOAD_BODY},
)
def case_document_upload(request: HttpRequest, case_id: ObjectId) -> Status[dict[str, Any]]:
    """A new version; earlier versions stay. Refused with 422 and the reason (encrypted or active
    PDF, disguised file, too large, too many pages) when the content does not pass the checks."""
    case = _party_case(request, case_id)
    try:
        requirement = request.POST.get("requirement", "")
        upload = request.FILES.get("file")
    except MultiPartParserError:
        raise ApiError(
            status=400, code=ErrorCode.BAD_REQUEST, message=_("The request body is not valid multipart form data.")
        ) from None
    fields: dict[str, list[str]] = {}
    if not requirement:
        fields["requirement"] = [_("Choose the document of the checklist this file is for.")]
    if upload is None:
        fields["file"] = [_("Choose the file to upload.")]
    if fields:
        raise ApiError(
            status=422, code=ErrorCode.VALIDATION_ERROR, message=_("Please correct the errors below."), fields=fields
        )
    assert upload is not None
    data = upload.read(DEFAULT_MAX_BYTES + 1)  # the service refuses anything larger
    document = services.case_document_upload(
        actor=_user(request), case=case, requirement=requirement[:80], name=upload.name or "upload", data=data
    )
    line = next(
        item for item in _checklist(case) if item["requirement"] == document.requirement
    )  # the service checked it is on the checklist
    return Status(201, line)


@router.get(
    "/{case_id}/document",
    response={200: None},
    summary="Download the issued certificate or letter",
    openapi_extra={"responses": {200: {"description": "The PDF", "content": {"application/pdf": {}}}}},
)
def case_document_download(request: HttpRequest, case_id: ObjectId) -> HttpResponse:
    case = _party_case(request, case_id)
    document = case.issued_document
    if document is None:
        raise Http404
    with document.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.serial}.pdf"'
    return response


# --- Staff ------------------------------------------------------------------------------------
def _queue(user: Any, filters: QueueFilters) -> QuerySet[Case]:
    """The back office's queue (``queues.queue``) with the API's filters."""
    if filters.overdue and filters.paused:
        return Case.objects.none()  # a waiting case is never overdue
    clock = ClockState.OVERDUE if filters.overdue else ClockState.PAUSED if filters.paused else ""
    return queues.queue(
        user=user,
        filters=queues.QueueFilters(
            case_type=filters.case_type.value if filters.case_type else "",
            status=filters.status.value if filters.status else "",
            clock=clock,
            reviewer=filters.reviewer or "",
        ),
    )


@staff_router.get("", response=list[CaseListItemOut], summary="The case queue")
@paginate(Pagination)
def staff_case_list(request: HttpRequest, filters: Query[QueueFilters]) -> Any:
    """Open cases (with the center, not yet decided) unless a status is asked for; ordered by due
    date (the earliest first; cases without one last)."""
    return _queue(request.user, filters)


@staff_router.post("/assign", response=AssignedOut, summary="Assign cases to a reviewer (in bulk)")
def staff_case_assign(request: HttpRequest, payload: AssignIn) -> dict[str, Any]:
    """All or nothing: one case that cannot be assigned (draft, decided) leaves every case as it was."""
    reviewer = User.objects.filter(pk=payload.reviewer_id).first()
    if reviewer is None:
        raise ValidationError({"reviewer_id": _("Only center staff can review applications.")})
    ids = sorted(set(payload.case_ids))
    cases = list(Case.objects.filter(pk__in=ids))
    unknown = sorted(set(ids) - {case.pk for case in cases})
    if unknown:
        raise ValidationError(
            {"case_ids": _("No such case: {ids}.").format(ids=", ".join(str(case_id) for case_id in unknown))}
        )
    assigned = _fields_renamed(
        lambda: services.case_assign(actor=_user(request), cases=cases, reviewer=reviewer), {"reviewer": "reviewer_id"}
    )
    return {"assigned": assigned}


@staff_router.get("/{case_id}", response=StaffCaseOut, summary="Read a case (back office)")
def staff_case_read(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    return _staff_case_out(request.user, policies.access_case_for_staff(user=request.user, case_id=case_id))


TransitionName = Annotated[
    StaffTransition, param_functions.Path(..., description="One of the staff's transitions; 422 for any other.")
]


@staff_router.post("/{case_id}/transitions/{name}", response=StaffCaseOut, summary="Move a case on")
def staff_case_transition(
    request: HttpRequest, case_id: ObjectId, name: TransitionName, payload: TransitionIn | None = None
) -> dict[str, Any]:
    """409 (code ``conflict``) when the case is no longer in a status the transition starts from;
    ``reopen`` is for leads only; ``reject`` and ``reopen`` need a reason."""
    case = policies.access_case_for_staff(user=request.user, case_id=case_id)
    actor = _user(request)
    reason = payload.reason if payload is not None else ""
    calls: dict[StaffTransition, Callable[[], Case]] = {
        StaffTransition.START_REVIEW: lambda: services.case_start_review(actor=actor, case=case),
        StaffTransition.START_VALIDATION: lambda: services.case_start_validation(actor=actor, case=case),
        StaffTransition.START_EVALUATION: lambda: services.case_start_evaluation(actor=actor, case=case),
        StaffTransition.APPROVE: lambda: services.case_approve(actor=actor, case=case, reason=reason),
        StaffTransition.REJECT: lambda: services.case_reject(actor=actor, case=case, reason=reason),
        StaffTransition.REOPEN: lambda: services.case_reopen(actor=actor, case=case, reason=reason),
    }
    calls[name]()
    return _staff_answer(request, case)


@staff_router.post("/{case_id}/requests", response={201: StaffCaseOut}, summary="Request documents or corrections")
def staff_case_request(request: HttpRequest, case_id: ObjectId, payload: InformationRequestIn) -> Status[Any]:
    """Itemised, with a date to answer by; the processing clock stops until the applicant answers."""
    case = policies.access_case_for_staff(user=request.user, case_id=case_id)
    services.case_request_information(
        actor=_user(request),
        case=case,
        items=[services.RequestedItem(item.requirement, item.instruction) for item in payload.items],
        message=payload.message,
        respond_by=payload.respond_by,
    )
    return Status(201, _staff_answer(request, case))


@staff_router.post("/{case_id}/records/{record_id}", response=RecordOut, summary="Validate a record (four eyes)")
def staff_record_validate(
    request: HttpRequest, case_id: ObjectId, record_id: ObjectId, payload: RecordValidationIn
) -> dict[str, Any]:
    """Verified, or refused with a reason, by someone other than the case's reviewer (else 403)."""
    case = policies.access_case_for_staff(user=request.user, case_id=case_id)
    record = case.records.filter(pk=record_id).first()
    if record is None:
        raise Http404
    record = services.record_validate(
        actor=_user(request), record=record, verified=payload.verified, reason=payload.reason
    )
    return _record(record)


@staff_router.post("/{case_id}/evaluators", response={201: EvaluationStaffOut}, summary="Assign an evaluator")
def staff_evaluator_assign(request: HttpRequest, case_id: ObjectId, payload: EvaluatorIn) -> Status[Any]:
    case = policies.access_case_for_staff(user=request.user, case_id=case_id)
    evaluator = User.objects.filter(pk=payload.evaluator_id).first()
    if evaluator is None:
        raise ValidationError({"evaluator_id": _("Choose a registered external evaluator.")})
    assignment = _fields_renamed(
        lambda: services.evaluator_assign(actor=_user(request), case=case, evaluator=evaluator),
        {"evaluator": "evaluator_id"},
    )
    return Status(
        201,
        {
            "id": assignment.pk,
            "evaluator": _user_ref(evaluator),
            "assigned_at": assignment.assigned_at,
            "conflict": assignment.conflict,
            "conflict_note": assignment.conflict_note,
            "declared_at": assignment.declared_at,
            "technical_expertise": _number(assignment.technical_expertise),
            "strategic_value": _number(assignment.strategic_value),
            "total": _number(assignment.total),
            "recommends": assignment.recommends,
            "comment": assignment.comment,
            "submitted_at": assignment.submitted_at,
        },
    )


# --- Evaluators -------------------------------------------------------------------------------
def _evaluation_out(assignment: EvaluatorAssignment) -> dict[str, Any]:
    case = assignment.case
    file = None
    if policies.can_see_case_file(assignment):
        file = {
            "applicant": case.applicant,
            "records": [_record(record) for record in case.records.select_related("validated_by")],
            "checklist": _checklist(case),
        }
    return {
        "id": assignment.pk,
        "case_id": case.pk,
        "case_reference": case.reference,
        "case_type": case.case_type,
        "track": case.track,
        "case_status": case.status,
        "case_status_label": case.status_label,
        "assigned_at": assignment.assigned_at,
        "conflict": assignment.conflict,
        "declared_at": assignment.declared_at,
        "technical_expertise": _number(assignment.technical_expertise),
        "strategic_value": _number(assignment.strategic_value),
        "recommends": assignment.recommends,
        "comment": assignment.comment,
        "submitted_at": assignment.submitted_at,
        "maximum": {
            "technical_expertise": float(services.qualitative_maximum(case, "technical_expertise")),
            "strategic_value": float(services.qualitative_maximum(case, "strategic_value")),
        },
        "file": file,
    }


def _evaluator_assignment(request: HttpRequest, assignment_id: int) -> EvaluatorAssignment:
    return policies.access_assignment_for_evaluator(user=request.user, assignment_id=assignment_id)


@evaluation_router.get("", response=list[EvaluationOut], summary="My evaluations (external evaluators)")
@paginate(Pagination)
def evaluation_list(request: HttpRequest) -> Any:
    if not policies.is_external_evaluator(request.user):
        raise ApiError(
            status=403, code=ErrorCode.PERMISSION_DENIED, message=_("Only external evaluators have evaluations.")
        )
    assignments = EvaluatorAssignment.objects.filter(evaluator=_user(request)).select_related("case")
    return [_evaluation_out(assignment) for assignment in assignments.order_by("-assigned_at", "-id")]


@evaluation_router.get("/{assignment_id}", response=EvaluationOut, summary="Read one of my evaluations")
def evaluation_read(request: HttpRequest, assignment_id: ObjectId) -> dict[str, Any]:
    """The case file is included once you have declared no conflict of interest."""
    return _evaluation_out(_evaluator_assignment(request, assignment_id))


@evaluation_router.post("/{assignment_id}/declaration", response=EvaluationOut, summary="Declare any conflict")
def evaluation_declare(request: HttpRequest, assignment_id: ObjectId, payload: DeclarationIn) -> dict[str, Any]:
    """Once, before seeing the file; a conflict recuses you. A second declaration is a 409."""
    assignment = _evaluator_assignment(request, assignment_id)
    assignment = services.evaluation_declare(
        actor=_user(request), assignment=assignment, conflict=payload.conflict, note=payload.note
    )
    return _evaluation_out(assignment)


@evaluation_router.post("/{assignment_id}/scores", response=EvaluationOut, summary="Submit my scores")
def evaluation_score(request: HttpRequest, assignment_id: ObjectId, payload: ScoresIn) -> dict[str, Any]:
    """The qualitative points on the rubric (up to ``maximum``), once, while the case is in evaluation."""
    assignment = _evaluator_assignment(request, assignment_id)
    assignment = services.evaluation_submit(
        actor=_user(request),
        assignment=assignment,
        technical_expertise=Decimal(str(payload.technical_expertise)),
        strategic_value=Decimal(str(payload.strategic_value)),
        recommends=payload.recommends,
        comment=payload.comment,
    )
    return _evaluation_out(assignment)
