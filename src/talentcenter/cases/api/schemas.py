"""The cases API's request and response bodies (ninja schemas), shared by the three routers.

Inputs are strict (:class:`~talentcenter.foundation.api.schemas.InputSchema`: unknown fields refused, strings
and numbers bounded) so that no input reaches a service unchecked.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator

from talentcenter.cases import policies, services
from talentcenter.cases.clock import ClockState
from talentcenter.cases.enums import (
    ALL_STATUSES,
    CaseType,
    ConflictAnswer,
    Decision,
    KTechTrack,
    Party,
    RecordKind,
    RecordStatus,
    RequestStatus,
)
from talentcenter.cases.models import Case
from talentcenter.documents.enums import DocumentStatus
from talentcenter.foundation.api.schemas import (
    MAX_ID,
    DateText,
    InputSchema,
    PlainText,
    StrictBoolean,
    WholeNumber,
)
from talentcenter.policy.engine.inputs import industry_codes

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
        """Empty until the talent accepted (the company sees nothing of them before)."""
        return case.profile.full_name if policies.talent_shared_with_company(case) else ""

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
    talent_name: str = Field(description="Empty until the talent accepts the company's invitation.")
    invited_email: str = Field(description="The e-mail the company invited (empty when the talent started).")
    talent_accepted_at: datetime | None = Field(
        description="When the talent accepted, agreeing to share their profile with the company."
    )
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
    evaluator_organisation: str
    assigned_at: datetime
    conflict: ConflictAnswer
    conflict_note: str
    detected_conflicts: list[str] = Field(
        description="What the automatic check found between the evaluator's organisation and the application."
    )
    conflict_override_reason: str = Field(description="Why staff assigned the evaluator despite what was found.")
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
    blind_review: bool = Field(
        description="External evaluators see a pseudonym, not the applicant's identity (fixed at the first assignment)."
    )
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

    applicant: dict[str, Any] = Field(
        description=(
            "The application as submitted (interchange format). On a blind review only: education "
            "(level, field), experience (kind, field, years, postdoctoral), experience_years, offer "
            "(job_title, occupation, industry, technology_field, company_size, annual_salary_band_krw "
            "as [from, to)), languages and government_programme."
        )
    )
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
    blind: bool = Field(description="A blind review: the applicant is a pseudonym, identity documents are withheld.")
    applicant_name: str = Field(
        description="The talent's name; on a blind review a pseudonym, the same each time for you."
    )
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
Salary = Annotated[int, Field(ge=1, le=MAX_SALARY), WholeNumber]
Id = Annotated[int, Field(ge=1, le=MAX_ID), WholeNumber]


class OfferIn(InputSchema):
    job_title: Annotated[str, PlainText(160)] = ""
    occupation_code: str = Field("", pattern=r"^[0-9A-Za-z]{0,10}$", description="KSCO occupation code")
    annual_salary_krw: Salary | None = None
    start_date: StartDate = None
    technology_field: TechnologyField = Field("", description="KOTRA technology field (KOTRA cases)")
    government_programme: Annotated[str, PlainText(60)] = ""


class CaseStartIn(OfferIn):
    """A company member names the talent by e-mail (and the company, if they belong to several);
    a talent names the hiring company."""

    case_type: CaseType
    talent_email: str | None = Field(None, min_length=3, max_length=254, pattern=EMAIL_PATTERN)
    company_id: Id | None = None
    track: KTechTrack | None = Field(None, description="K-Tech Pass only; standard when omitted.")


class CaseDraftIn(OfferIn):
    """Send only what changes. Offer fields are the company's (changing them confirms the offer)."""

    track: KTechTrack | None = None


class AnswerIn(InputSchema):
    note: Annotated[str, PlainText(4000)] = ""


class WithdrawIn(InputSchema):
    reason: Annotated[str, PlainText(4000)] = ""


class RecordUseIn(InputSchema):
    filed_on: DateText
    application_number: Annotated[str, PlainText(40)] = ""


class QueueFilters(Schema):
    status: CaseStatus | None = None
    case_type: CaseType | None = None
    reviewer: Literal["me", "unassigned"] | None = Field(None, description="Mine, or nobody's yet.")
    overdue: bool = Field(False, description="Only running cases past their due date.")
    paused: bool = Field(False, description="Only cases waiting for the applicant.")


class AssignIn(InputSchema):
    case_ids: list[Id] = Field(min_length=1, max_length=MAX_BULK)
    reviewer_id: Id


class StaffTransition(StrEnum):
    START_REVIEW = "start_review"
    START_VALIDATION = "start_validation"
    START_EVALUATION = "start_evaluation"
    APPROVE = "approve"
    REJECT = "reject"
    REOPEN = "reopen"


class TransitionIn(InputSchema):
    reason: Annotated[str, PlainText(4000)] = Field("", description="Required to reject and to reopen.")


class RequestItemIn(InputSchema):
    requirement: str = Field(
        "",
        max_length=80,
        pattern=r"^([a-z0-9][a-z0-9-]{0,79})?$",
        description='A checklist code, "new" for an additional document, or empty for a correction.',
    )
    instruction: Annotated[str, PlainText(500, min_length=1)]


class InformationRequestIn(InputSchema):
    items: list[RequestItemIn] = Field(min_length=1, max_length=services.review.MAX_REQUEST_ITEMS)
    message: Annotated[str, PlainText(4000)] = ""
    respond_by: DateText | None = Field(None, description="After today, within 90 days; 10 working days if omitted.")


class RecordValidationIn(InputSchema):
    verified: StrictBoolean
    reason: Annotated[str, PlainText(4000)] = Field("", description="Required when refusing.")


class EvaluatorIn(InputSchema):
    evaluator_id: Id
    conflict_override_reason: Annotated[str, PlainText(2000)] = Field(
        "",
        description=(
            "Required only when the automatic check finds the evaluator's organisation among the "
            "applicant's schools and employers or the hiring company (422 otherwise)."
        ),
    )


class DeclarationIn(InputSchema):
    conflict: StrictBoolean = Field(description="true recuses you from this case.")
    note: Annotated[str, PlainText(4000)] = Field("", description="Required when declaring a conflict.")


Points = Annotated[float, Field(ge=0, le=100, multiple_of=0.5)]


class ScoresIn(InputSchema):
    technical_expertise: Points = Field(description="0 to the rubric's maximum, in steps of 0.5.")
    strategic_value: Points = Field(description="0 to the rubric's maximum, in steps of 0.5.")
    recommends: StrictBoolean
    comment: Annotated[str, PlainText(8000)] = ""


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
