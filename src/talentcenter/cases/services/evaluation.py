"""External evaluation: assignment, conflict declarations, scores on the qualitative rubric."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.cases import blind, conflicts, notices, workflow
from talentcenter.cases import policies as case_policies
from talentcenter.cases.enums import (
    EVALUATOR_ASSIGNMENT_STATUSES,
    QUALITATIVE_CRITERIA,
    CaseStatus,
    ConflictAnswer,
    RecordStatus,
)
from talentcenter.cases.models import (
    Case,
    EvaluatorAssignment,
)
from talentcenter.cases.selectors import (
    quorum,
)
from talentcenter.cases.services._common import (
    audit,
    current_time,
    lock_case,
    require,
    required_text,
    transition,
)
from talentcenter.policy.engine.parameters import baseline


@transaction.atomic
def evaluator_assign(
    *, actor: User, case: Case, evaluator: User, conflict_override_reason: str = ""
) -> EvaluatorAssignment:
    """Ask an external evaluator to evaluate the case.

    Besides the evaluator's own declaration to come, the center checks automatically that the
    evaluator's organisation is none of the application's schools, employers or hiring company
    (``cases.conflicts``): on a blind review the evaluator cannot recognise the applicant, so a tie
    must be caught here. A match refuses the assignment unless staff give the reason to assign them
    all the same; the reason and the match are kept on the assignment and in the audit event.

    The first assignment fixes whether the case is reviewed blind (``cases.blind``), so that a
    later change of the setting never shows the applicant's name to an evaluator at work.
    """
    case = lock_case(case)
    require(case_policies.is_case_staff(actor))
    if case.status not in EVALUATOR_ASSIGNMENT_STATUSES:
        raise workflow.not_allowed(case, "assign_evaluator")
    if not case_policies.is_external_evaluator(evaluator):
        raise ValidationError({"evaluator": _("Choose a registered external evaluator.")})
    if evaluator.pk in (case.reviewer_id, case.profile.user_id) or case_policies.is_case_company_member(
        evaluator, case
    ):
        raise ValidationError({"evaluator": _("This person cannot evaluate this application.")})
    existing = EvaluatorAssignment.objects.filter(case=case, evaluator=evaluator).first()
    if existing is not None:
        return existing
    found = conflicts.organisation_conflicts(case, evaluator.organisation)
    reason = (conflict_override_reason or "").strip()[:2000]
    if found and not reason:
        raise ValidationError(
            {
                "conflict_override_reason": ValidationError(
                    _(
                        "Possible conflict of interest: {conflicts}. Choose another evaluator, or give the "
                        "reason why this one may evaluate the application all the same."
                    ).format(conflicts="; ".join(conflict.describe() for conflict in found)),
                    code="organisation_conflict",
                )
            }
        )
    changes: dict[str, Any] = {"evaluator": evaluator.email}
    if case.blind_review is None:
        case.blind_review = blind.blind_by_setting(case.case_type, case.track)
        case.save(update_fields=["blind_review", "updated_at"])
        changes["blind_review"] = case.blind_review
    assignment = EvaluatorAssignment.objects.create(
        case=case,
        evaluator=evaluator,
        assigned_by=actor,
        detected_conflicts=[conflict.as_dict() for conflict in found],
        conflict_override_reason=reason if found else "",
    )
    if found:
        changes["detected_conflicts"] = assignment.detected_conflicts
    audit(actor, "case.evaluator_assigned", case, changes, reason if found else "")
    notices.evaluator_assigned(assignment)
    return assignment


def _lock_assignment(actor: User, assignment: EvaluatorAssignment) -> tuple[Case, EvaluatorAssignment]:
    case = lock_case(assignment.case_id)
    assignment = EvaluatorAssignment.objects.select_for_update().get(pk=assignment.pk)
    require(assignment.evaluator_id == actor.pk and case_policies.is_external_evaluator(actor))
    return case, assignment


@transaction.atomic
def evaluation_declare(
    *, actor: User, assignment: EvaluatorAssignment, conflict: bool, note: str = ""
) -> EvaluatorAssignment:
    """Before seeing the file, the evaluator declares any conflict of interest; one recuses them."""
    case, assignment = _lock_assignment(actor, assignment)
    if assignment.conflict != ConflictAnswer.UNDECLARED:
        raise ValidationError(_("You have already declared for this application."), code="conflict")
    if conflict:
        note = required_text(note, "note", _("Describe the conflict of interest."))
    assignment.conflict = ConflictAnswer.CONFLICT if conflict else ConflictAnswer.NONE
    assignment.conflict_note = note.strip()[:4000]
    assignment.declared_at = current_time()
    assignment.save()
    audit(actor, "case.conflict_declared", case, {"evaluator": actor.email, "conflict": assignment.conflict}, note)
    if conflict:
        notices.evaluator_recused(assignment)
    return assignment


def qualitative_maximum(case: Case, criterion: str) -> Decimal:
    as_of = case.submission_date or timezone.localdate()
    return Decimal(str(baseline().resolve(as_of).value(QUALITATIVE_CRITERIA[criterion])))


def _points(value: Any) -> Decimal | None:
    """The points as a finite decimal, or ``None`` for what is not a number (``NaN``, text)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@transaction.atomic
def evaluation_submit(
    *,
    actor: User,
    assignment: EvaluatorAssignment,
    technical_expertise: Decimal,
    strategic_value: Decimal,
    recommends: bool,
    comment: str = "",
) -> EvaluatorAssignment:
    """Score the qualitative points on the rubric (they feed the engine for the qualitative track)."""
    case, assignment = _lock_assignment(actor, assignment)
    if case.status != CaseStatus.IN_EVALUATION:
        raise workflow.not_allowed(case, "evaluate")
    if assignment.conflict != ConflictAnswer.NONE:
        raise ValidationError(_("Declare that you have no conflict of interest first."), code="conflict")
    if assignment.submitted_at is not None:
        raise ValidationError(_("Your scores are already recorded."), code="conflict")
    errors = {}
    points: dict[str, Decimal] = {}
    for field, value in (("technical_expertise", technical_expertise), ("strategic_value", strategic_value)):
        maximum = qualitative_maximum(case, field)
        number = _points(value)
        if number is None or not (Decimal(0) <= number <= maximum) or number % Decimal("0.5"):
            errors[field] = _("Enter points from 0 to {maximum}, in steps of 0.5.").format(maximum=maximum)
        else:
            points[field] = number
    if errors:
        raise ValidationError(errors)
    assignment.technical_expertise = points["technical_expertise"]
    assignment.strategic_value = points["strategic_value"]
    assignment.recommends = bool(recommends)
    assignment.comment = comment.strip()[:8000]
    assignment.submitted_at = current_time()
    assignment.save()
    audit(actor, "case.evaluation_submitted", case, {"evaluator": actor.email, "total": assignment.total})
    notices.evaluation_submitted(assignment)
    return assignment


@transaction.atomic
def case_start_evaluation(*, actor: User, case: Case) -> Case:
    """Validation is done (every record verified or refused) and enough evaluators are assigned."""
    case = lock_case(case)
    require(case_policies.is_case_staff(actor))
    workflow.target_of(case, "start_evaluation")
    problems = []
    if case.records.filter(status=RecordStatus.PENDING).exists():
        problems.append(_("Validate every record first."))
    active = case.evaluations.exclude(conflict=ConflictAnswer.CONFLICT).count()
    if active < quorum():
        problems.append(
            _("Assign at least {quorum} evaluators without a conflict of interest.").format(quorum=quorum())
        )
    if problems:
        raise ValidationError(problems, code="not_ready")
    transition(actor, case, "start_evaluation")
    return case
