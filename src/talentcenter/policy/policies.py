"""Who may use the policy engine's restricted parts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from talentcenter.accounts.enums import Role
from talentcenter.accounts.policies import Visitor, can_use_back_office, is_signed_in
from talentcenter.policy.models import Assessment


def can_manage_policy(user: Visitor) -> bool:
    """Policy analysts and administrators edit parameter variants and run simulations."""
    return is_signed_in(user) and (
        user.is_superuser or user.has_role(Role.POLICY_ANALYST) or user.has_role(Role.ADMINISTRATOR)
    )


def can_record_official_assessment(user: Visitor) -> bool:
    return can_use_back_office(user)


def can_view_assessment(user: Visitor, assessment: Assessment) -> bool:
    if not is_signed_in(user):
        return False
    if can_use_back_office(user) or can_manage_policy(user):
        return True
    return assessment.created_by_id == user.pk or (
        assessment.subject is not None and assessment.subject.user_id == user.pk
    )


def access_assessment(user: Visitor, pk: int) -> Assessment:
    assessment = Assessment.objects.select_related("parameter_snapshot", "subject").filter(pk=pk).first()
    if assessment is None or not can_view_assessment(user, assessment):
        raise Http404
    return assessment


def require_policy_manager(user: Visitor) -> None:
    if not can_manage_policy(user):
        raise PermissionDenied
