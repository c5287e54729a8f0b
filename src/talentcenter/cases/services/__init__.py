"""Everything that changes a case: one service per transition, and the few writes around them.

Each transition service locks the case row, checks the actor's permission on the locked row,
guards the move (the map in ``workflow.py`` plus the business conditions), changes the case,
writes an audit event and schedules notifications and tasks for after the commit. Nothing else
sets ``Case.status``. Two reviewers pressing the same button at once: the second waits for the
lock, then finds the case moved on and gets :class:`~talentcenter.foundation.workflow.TransitionNotAllowed`.

``application`` is the parties' side (start, prepare, submit, withdraw), ``review`` the center's
document review and validation, ``evaluation`` the external evaluators', ``decision`` the
decision, issuance, reopening and the E-7 step.
"""

from talentcenter.cases.services.application import (
    case_accept,
    case_check_eligibility,
    case_confirm_offer,
    case_decline,
    case_document_upload,
    case_give_consent,
    case_invite,
    case_start,
    case_submit,
    case_update_draft,
    case_withdraw,
)
from talentcenter.cases.services.decision import (
    case_approve,
    case_issue,
    case_record_use,
    case_reject,
    case_reopen,
    decision_applicant,
)
from talentcenter.cases.services.evaluation import (
    case_start_evaluation,
    evaluation_declare,
    evaluation_submit,
    evaluator_assign,
    qualitative_maximum,
)
from talentcenter.cases.services.review import (
    RequestedItem,
    case_answer_request,
    case_assign,
    case_request_information,
    case_start_review,
    case_start_validation,
    record_validate,
)

__all__ = [
    "RequestedItem",
    "case_accept",
    "case_answer_request",
    "case_approve",
    "case_assign",
    "case_check_eligibility",
    "case_confirm_offer",
    "case_decline",
    "case_document_upload",
    "case_give_consent",
    "case_invite",
    "case_issue",
    "case_record_use",
    "case_reject",
    "case_reopen",
    "case_request_information",
    "case_start",
    "case_start_evaluation",
    "case_start_review",
    "case_start_validation",
    "case_submit",
    "case_update_draft",
    "case_withdraw",
    "decision_applicant",
    "evaluation_declare",
    "evaluation_submit",
    "evaluator_assign",
    "qualitative_maximum",
    "record_validate",
]
