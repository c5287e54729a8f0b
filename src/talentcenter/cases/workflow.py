"""The transition maps: for each case type, which transition leads from which statuses to which.

A transition service asks :func:`target_of` before it changes anything, and :func:`move` is the
one place in the code that assigns ``Case.status``. A move that the map does not allow raises
:class:`TransitionNotAllowed`, which the web and the API answer with 409 Conflict: it is what
the second of two reviewers clicking the same button at once gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentcenter.cases.enums import CaseType, KotraStatus, KTechPassStatus


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any
    sources: frozenset[str]
    target: str


def _map(*transitions: tuple[str, Any, set[Any], str]) -> dict[str, Transition]:
    return {name: Transition(name, label, frozenset(sources), target) for name, label, sources, target in transitions}


_K = KTechPassStatus
_R = KotraStatus
_BEFORE_DECISION_K = {
    _K.DRAFT,
    _K.SUBMITTED,
    _K.IN_REVIEW,
    _K.INFORMATION_REQUESTED,
    _K.IN_VALIDATION,
    _K.IN_EVALUATION,
}
_BEFORE_DECISION_R = {
    _R.DRAFT,
    _R.SUBMITTED,
    _R.IN_REVIEW,
    _R.INFORMATION_REQUESTED,
    _R.IN_VALIDATION,
    _R.IN_EVALUATION,
}

TRANSITIONS: dict[str, dict[str, Transition]] = {
    CaseType.KTECH_PASS: _map(
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
        ("withdraw", gettext_lazy("Withdraw"), _BEFORE_DECISION_K, _K.WITHDRAWN),
    ),
    CaseType.KOTRA_RECOMMENDATION: _map(
        ("submit", gettext_lazy("Submit"), {_R.DRAFT}, _R.SUBMITTED),
        ("start_review", gettext_lazy("Start document review"), {_R.SUBMITTED}, _R.IN_REVIEW),
        (
            "request_information",
            gettext_lazy("Request documents or corrections"),
            {_R.IN_REVIEW},
            _R.INFORMATION_REQUESTED,
        ),
        ("answer_request", gettext_lazy("Answer the request"), {_R.INFORMATION_REQUESTED}, _R.IN_REVIEW),
        ("start_validation", gettext_lazy("Send to validation"), {_R.IN_REVIEW}, _R.IN_VALIDATION),
        ("start_evaluation", gettext_lazy("Send to external evaluation"), {_R.IN_VALIDATION}, _R.IN_EVALUATION),
        ("approve", gettext_lazy("Approve"), {_R.IN_EVALUATION}, _R.APPROVED),
        (
            "reject",
            gettext_lazy("Reject"),
            {_R.IN_REVIEW, _R.INFORMATION_REQUESTED, _R.IN_VALIDATION, _R.IN_EVALUATION},
            _R.REJECTED,
        ),
        ("issue", gettext_lazy("Issue the letter"), {_R.APPROVED}, _R.ISSUED),
        ("record_use", gettext_lazy("Record the E-7 application"), {_R.ISSUED}, _R.USED),
        ("reopen", gettext_lazy("Reopen"), {_R.APPROVED, _R.ISSUED, _R.REJECTED}, _R.IN_REVIEW),
        ("withdraw", gettext_lazy("Withdraw"), _BEFORE_DECISION_R, _R.WITHDRAWN),
    ),
}


class TransitionNotAllowed(ValidationError):
    """The case is not (or no longer) in a status from which this transition starts."""

    def __init__(self, *, transition: str, status: str, status_label: str) -> None:
        super().__init__(
            _(
                "This case is now “{status}”, so it cannot be done any more. Reload the page to see its current state."
            ).format(status=status_label),
            code="conflict",
        )
        self.transition = transition
        self.status = status


def not_allowed(case: object, name: str) -> TransitionNotAllowed:
    """The refusal for a step (``"upload"``, ``"validate"``…) the case's current status does not allow."""
    return TransitionNotAllowed(
        transition=name,
        status=case.status,  # type: ignore[attr-defined]
        status_label=str(case.status_label),  # type: ignore[attr-defined]
    )


def transitions_for(case_type: str) -> dict[str, Transition]:
    return TRANSITIONS[case_type]


def allowed(case_type: str, status: str) -> list[Transition]:
    """The transitions the map allows from ``status`` (permissions and guards come on top)."""
    return [transition for transition in TRANSITIONS[case_type].values() if status in transition.sources]


def target_of(case: object, name: str) -> str:
    """The status ``name`` leads to from the case's current status, or :class:`TransitionNotAllowed`."""
    case_type: str = case.case_type  # type: ignore[attr-defined]
    status: str = case.status  # type: ignore[attr-defined]
    transition = TRANSITIONS[case_type].get(name)
    if transition is None or status not in transition.sources:
        raise not_allowed(case, name)
    return transition.target


def move(case: object, name: str) -> tuple[str, str]:
    """Set the case's status by transition ``name``; returns ``(old, new)``. Does not save."""
    target = target_of(case, name)
    old: str = case.status  # type: ignore[attr-defined]
    case.status = target  # type: ignore[attr-defined]
    return old, target
