"""The kinds of case, their statuses and the parts of a case file.

Each case type has its own status enum; the transition maps in ``workflow.py`` say which moves
each type allows, and only the transition services in ``services.py`` change a status.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseType(models.TextChoices):
    KTECH_PASS = "ktech_pass", _("K-Tech Pass application")
    KOTRA_RECOMMENDATION = "kotra_recommendation", _("KOTRA employment recommendation")


class KTechPassStatus(models.TextChoices):
    INVITED = "invited", _("Invitation sent")
    DECLINED = "declined", _("Declined")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("Document review")
    INFORMATION_REQUESTED = "information_requested", _("Waiting for the applicant")
    IN_VALIDATION = "in_validation", _("Validation")
    IN_EVALUATION = "in_evaluation", _("External evaluation")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Certificate issued")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class KotraStatus(models.TextChoices):
    """KOTRA's seven steps: eligibility confirmation and online application (draft, submitted),
    document review, validation, external evaluation, issuance, and use with the E-7 application.
    Before them, the invitation the talent accepts or declines when the company starts the case."""

    INVITED = "invited", _("Invitation sent")
    DECLINED = "declined", _("Declined")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("Document review")
    INFORMATION_REQUESTED = "information_requested", _("Waiting for the applicant")
    IN_VALIDATION = "in_validation", _("Validation")
    IN_EVALUATION = "in_evaluation", _("External evaluation")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Letter issued")
    USED = "used", _("Used for the E-7 application")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CaseStatus(StrEnum):
    """Every status of either type, for the code that treats both types alike (the named sets
    below, the services' guards, the interfaces). Which statuses a type has, and their labels, are
    in the type's own enum; the values are the same strings."""

    INVITED = "invited"
    DECLINED = "declined"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    INFORMATION_REQUESTED = "information_requested"
    IN_VALIDATION = "in_validation"
    IN_EVALUATION = "in_evaluation"
    APPROVED = "approved"
    ISSUED = "issued"
    USED = "used"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


STATUS_ENUMS: dict[str, type[models.TextChoices]] = {
    CaseType.KTECH_PASS: KTechPassStatus,
    CaseType.KOTRA_RECOMMENDATION: KotraStatus,
}

# Every status of every type, for the model field's choices (labels from the first type that has it).
ALL_STATUSES: list[tuple[str, str]] = list(
    {value: label for enum in reversed(STATUS_ENUMS.values()) for value, label in enum.choices}.items()
)

_S = CaseStatus
# Statuses in which a case is with the center (the processing clock runs or is paused); only then
# can it be given to a reviewer.
OPEN_STATUSES = frozenset({_S.SUBMITTED, _S.IN_REVIEW, _S.INFORMATION_REQUESTED, _S.IN_VALIDATION, _S.IN_EVALUATION})
DECIDED_STATUSES = frozenset({_S.APPROVED, _S.ISSUED, _S.USED, _S.REJECTED})
FINAL_STATUSES = frozenset({_S.REJECTED, _S.WITHDRAWN, _S.USED, _S.DECLINED})
# A case the company started waits for the talent to accept before the company sees anything of them.
INVITATION_STATUSES = frozenset({_S.INVITED, _S.DECLINED})
# The parties add documents while preparing the application and while a request is open.
UPLOAD_STATUSES = frozenset({_S.DRAFT, _S.INFORMATION_REQUESTED})
# Staff assign external evaluators during validation (to reach the quorum) and evaluation.
EVALUATOR_ASSIGNMENT_STATUSES = frozenset({_S.IN_VALIDATION, _S.IN_EVALUATION})


class CaseAction(StrEnum):
    """What someone may do to a case now, as ``selectors.actions_for`` answers it for the API's
    ``actions``, the portal's buttons and the back office's forms. The order is the order the API
    lists them in: the parties' first, then the staff's."""

    ACCEPT = "accept"
    DECLINE = "decline"
    CONSENT = "consent"
    CONFIRM_OFFER = "confirm_offer"
    UPDATE = "update"
    CHECK_ELIGIBILITY = "check_eligibility"
    UPLOAD = "upload"
    SUBMIT = "submit"
    ANSWER = "answer"
    WITHDRAW = "withdraw"
    RECORD_USE = "record_use"
    DOWNLOAD_DOCUMENT = "download_document"
    START_REVIEW = "start_review"
    REQUEST_INFORMATION = "request_information"
    START_VALIDATION = "start_validation"
    START_EVALUATION = "start_evaluation"
    APPROVE = "approve"
    REJECT = "reject"
    REOPEN = "reopen"
    ASSIGN = "assign"
    ASSIGN_EVALUATOR = "assign_evaluator"
    VALIDATE_RECORDS = "validate_records"
    ISSUE = "issue"


_A = CaseAction
# What the parties do (the portal, ``/cases`` in the API) and what staff do (the back office,
# ``/staff/cases``). Recording the E-7 application is both: the company's, or staff on its behalf.
PARTY_ACTIONS = frozenset(
    {
        _A.ACCEPT,
        _A.DECLINE,
        _A.CONSENT,
        _A.CONFIRM_OFFER,
        _A.UPDATE,
        _A.CHECK_ELIGIBILITY,
        _A.UPLOAD,
        _A.SUBMIT,
        _A.ANSWER,
        _A.WITHDRAW,
        _A.RECORD_USE,
        _A.DOWNLOAD_DOCUMENT,
    }
)
STAFF_ACTIONS = frozenset(
    {
        _A.START_REVIEW,
        _A.REQUEST_INFORMATION,
        _A.START_VALIDATION,
        _A.START_EVALUATION,
        _A.APPROVE,
        _A.REJECT,
        _A.REOPEN,
        _A.ASSIGN,
        _A.ASSIGN_EVALUATOR,
        _A.VALIDATE_RECORDS,
        _A.ISSUE,
        _A.RECORD_USE,
    }
)


class KTechTrack(models.TextChoices):
    STANDARD = "standard", _("Standard track")
    QUALITATIVE = "qualitative", _("Qualitative (points) track")
    GOVERNMENT_PROGRAMME = "government-programme", _("Government-programme track")


class Party(models.TextChoices):
    """Who started a case (the other party confirms)."""

    TALENT = "talent", _("Talent")
    COMPANY = "company", _("Company")


class RecordKind(models.TextChoices):
    """The claims of a case file that validation marks one by one."""

    IDENTITY = "identity", _("Identity")
    EDUCATION = "education", _("Academic record")
    EXPERIENCE = "experience", _("Career record")
    OFFER = "offer", _("Employment offer")
    COMPANY = "company", _("Hiring company")
    PROGRAMME = "programme", _("Government programme")


class RecordStatus(models.TextChoices):
    PENDING = "pending", _("Not yet validated")
    VERIFIED = "verified", _("Verified")
    REFUSED = "refused", _("Refused")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed without an answer")


class ConflictAnswer(models.TextChoices):
    UNDECLARED = "undeclared", _("Not yet declared")
    NONE = "none", _("No conflict of interest")
    CONFLICT = "conflict", _("Conflict of interest (recused)")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")


# Evaluators' qualitative points that feed the engine (K-Tech Pass qualitative track).
QUALITATIVE_CRITERIA: dict[str, str] = {
    "technical_expertise": "ktech_pass.qualitative.technical_expertise_max",
    "strategic_value": "ktech_pass.qualitative.strategic_value_max",
}
