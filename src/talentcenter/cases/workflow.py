"""The transition maps of cases: for each case type, which transition leads from which statuses to which.

Both maps are :class:`~talentcenter.foundation.workflow.TransitionMap`s. A transition service asks
:func:`target_of` before it changes anything, and :func:`move` (the map's guarded move) is the one
place in the code that assigns ``Case.status``. A move that the map does not allow raises
:class:`~talentcenter.foundation.workflow.TransitionNotAllowed`, which the web and the API answer
with 409 Conflict: it is what the second of two reviewers clicking the same button at once gets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from talentcenter.cases.enums import CaseType, KotraStatus, KTechPassStatus
from talentcenter.foundation.workflow import Transition, TransitionMap, TransitionNotAllowed

if TYPE_CHECKING:
    from talentcenter.cases.models import Case

_K = KTechPassStatus
_BEFORE_DECISION = {
    _K.INVITED,
    _K.DRAFT,
    _K.SUBMITTED,
    _K.IN_REVIEW,
    _K.INFORMATION_REQUESTED,
    _K.IN_VALIDATION,
    _K.IN_EVALUATION,
}

# A case the company starts is an invitation first: the talent accepts it (consenting to share
# their profile with the company) or declines it; the company may withdraw it meanwhile.
KTECH_PASS_TRANSITIONS = TransitionMap(
    KTechPassStatus,
    ("accept", gettext_lazy("Accept the invitation"), {_K.INVITED}, _K.DRAFT),
    ("decline", gettext_lazy("Decline the invitation"), {_K.INVITED}, _K.DECLINED),
    ("submit", gettext_lazy("Submit"), {_K.DRAFT}, _K.SUBMITTED),
    ("start_review", gettext_lazy("Start document review"), {_K.SUBMITTED}, _K.IN_REVIEW),
    (
        "request_information",
        gettext_lazy("Request documents or corrections"),
        {_K.IN_REVIEW},
        _K.INFORMATION_REQUESTED,
    ),
    ("answer_request", gettext_lazy("Answer the request"), {_K.INFORMATION_REQUESTED}, _K.IN_REVIEW),
    ("start_validation", gettext_lazy("Send to validation"), {_K.IN_REVIEW}, _K.IN_VALIDATION),
    ("start_evaluation", gettext_lazy("Send to external evaluation"), {_K.IN_VALIDATION}, _K.IN_EVALUATION),
    ("approve", gettext_lazy("Approve"), {_K.IN_VALIDATION, _K.IN_EVALUATION}, _K.APPROVED),
    (
        "reject",
        gettext_lazy("Reject"),
        {_K.IN_REVIEW, _K.INFORMATION_REQUESTED, _K.IN_VALIDATION, _K.IN_EVALUATION},
        _K.REJECTED,
    ),
    ("issue", gettext_lazy("Issue the certificate"), {_K.APPROVED}, _K.ISSUED),
    ("reopen", gettext_lazy("Reopen"), {_K.APPROVED, _K.ISSUED, _K.REJECTED}, _K.IN_REVIEW),
    ("withdraw", gettext_lazy("Withdraw"), _BEFORE_DECISION, _K.WITHDRAWN),
)

# A KOTRA recommendation takes the K-Tech Pass route, except that it is approved only after the
# external evaluation, the document issued is a letter, and an issued letter is then used for the
# E-7 application (a status of its own).
_R = KotraStatus
KOTRA_RECOMMENDATION_TRANSITIONS = KTECH_PASS_TRANSITIONS.derive(
    KotraStatus,
    ("approve", gettext_lazy("Approve"), {_R.IN_EVALUATION}, _R.APPROVED),
    ("issue", gettext_lazy("Issue the letter"), {_R.APPROVED}, _R.ISSUED),
    ("record_use", gettext_lazy("Record the E-7 application"), {_R.ISSUED}, _R.USED),
)

TRANSITIONS: dict[str, TransitionMap] = {
    CaseType.KTECH_PASS: KTECH_PASS_TRANSITIONS,
    CaseType.KOTRA_RECOMMENDATION: KOTRA_RECOMMENDATION_TRANSITIONS,
}


def transitions_for(case_type: str) -> TransitionMap:
    return TRANSITIONS[case_type]


def allowed(case_type: str, status: str) -> list[Transition]:
    """The transitions the type's map allows from ``status`` (permissions and guards come on top)."""
    return TRANSITIONS[case_type].allowed(status)


def not_allowed(case: Case, name: str) -> TransitionNotAllowed:
    """The refusal for a step (``"upload"``, ``"validate"``…) the case's current status does not allow."""
    return TRANSITIONS[case.case_type].not_allowed(case, name)


def target_of(case: Case, name: str) -> str:
    """The status ``name`` leads to from the case's current status, or :class:`TransitionNotAllowed`."""
    return TRANSITIONS[case.case_type].target_of(case, name)


def move(case: Case, name: str) -> tuple[str, str]:
    """Set the case's status by transition ``name``; returns ``(old, new)``. Does not save."""
    return TRANSITIONS[case.case_type].move(case, name)
