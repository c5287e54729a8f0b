"""Who may use the policy engine's restricted parts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from talentcenter.accounts.enums import Role
from talentcenter.accounts.policies import Visitor, can_use_back_office, is_signed_in
from talentcenter.policy.enums import PoolKind
from talentcenter.policy.models import Assessment, Simulation


def can_manage_policy(user: Visitor) -> bool:
    """Policy analysts and administrators edit parameter variants and run simulations."""
    return is_signed_in(user) and (
        user.is_superuser or user.has_role(Role.POLICY_ANALYST) or user.has_role(Role.ADMINISTRATOR)
    )


def can_record_official_assessment(user: Visitor) -> bool:
    return can_use_back_office(user)


def can_view_individual_assessments(user: Visitor) -> bool:
    """Casework: reviewers and administrators open any recorded assessment of a person.

    Policy analysts do not: an assessment holds a person's birth date, salary and employer, and
    analysts work on aggregates (:func:`can_view_assessment_statistics`)."""
    return can_use_back_office(user)


def can_view_assessment_statistics(user: Visitor) -> bool:
    """Counts of recorded assessments by programme, track and status, with small cells suppressed."""
    return can_manage_policy(user) or can_use_back_office(user)


def can_view_simulation_rows(user: Visitor, simulation: Simulation) -> bool:
    """Who sees a simulation applicant by applicant (the flips, their CSV) and its exact counts.

    A stored pool is the latest recorded assessment of real people, so its rows, and counts small
    enough to single one of them out, go only to those who may open individual assessments;
    a policy analyst gets aggregates with small cells suppressed
    (:func:`~talentcenter.policy.selectors.simulation_result_for`). Synthetic and uploaded pools
    hold no record of the center's: every policy manager sees them whole."""
    if not can_manage_policy(user):
        return False
    return simulation.pool_kind != PoolKind.STORED or can_view_individual_assessments(user)


def can_use_staff_assessment_endpoints(user: Visitor) -> bool:
    """Who may call the staff assessment endpoints at all (others get 403): casework and policy staff.

    Among them, an analyst is answered 404 for every individual assessment (:func:`access_assessment`)."""
    return can_use_back_office(user) or can_manage_policy(user)


def can_view_assessment(user: Visitor, assessment: Assessment) -> bool:
    """Casework staff see every assessment; anyone else only their own (made by or about them)."""
    if not is_signed_in(user):
        return False
    if can_view_individual_assessments(user):
        return True
    return assessment.created_by_id == user.pk or (
        assessment.subject is not None and assessment.subject.user_id == user.pk
    )


def access_assessment(user: Visitor, pk: int) -> Assessment:
    """The assessment, or 404 alike for one that does not exist and one the user may not see, so
    that ids cannot be probed."""
    assessment = (
        Assessment.objects.select_related("parameter_snapshot", "subject__user", "created_by").filter(pk=pk).first()
    )
    if assessment is None or not can_view_assessment(user, assessment):
        raise Http404
    return assessment


def require_policy_manager(user: Visitor) -> None:
    if not can_manage_policy(user):
        raise PermissionDenied


def require_assessment_statistics(user: Visitor) -> None:
    if not can_view_assessment_statistics(user):
        raise PermissionDenied


def require_staff_assessment_endpoints(user: Visitor) -> None:
    if not can_use_staff_assessment_endpoints(user):
        raise PermissionDenied
