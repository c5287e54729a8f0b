"""Who may see and act on which company.

Predicates answer yes/no; ``access_*`` functions fetch and authorise in one call, raising
``Http404`` for what the actor may not see and ``PermissionDenied`` for what it may see but not do.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from talentcenter.accounts.policies import Visitor, can_use_back_office, is_signed_in
from talentcenter.organizations.enums import CompanyStatus, MemberRole
from talentcenter.organizations.models import Company, CompanyMembership


class CompanyNotVerified(PermissionDenied):
    """A member of ``company`` asked for what only a verified company may do (403). The error page
    explains where the verification stands and what happens next, instead of a bare refusal."""

    def __init__(self, company: Company) -> None:
        super().__init__()
        self.company = company


def membership_of(user: Visitor, company: Company) -> CompanyMembership | None:
    if not is_signed_in(user):
        return None
    return CompanyMembership.objects.filter(company=company, user=user).first()


def can_view_company(user: Visitor, company: Company) -> bool:
    """Verified companies are public; others only to their members and staff."""
    return (
        company.status == CompanyStatus.VERIFIED
        or can_use_back_office(user)
        or membership_of(user, company) is not None
    )


def can_manage_members(user: Visitor, company: Company) -> bool:
    membership = membership_of(user, company)
    return membership is not None and membership.role == MemberRole.OWNER


def company_can_act(company: Company) -> bool:
    """Only a company verified by staff may invite colleagues or, later, post and apply."""
    return company.status == CompanyStatus.VERIFIED


def access_company_for_viewing(*, user: Visitor, company_id: int) -> Company:
    company = Company.objects.filter(pk=company_id).first()
    if company is None or not can_view_company(user, company):
        raise Http404
    return company


def access_company_for_member_management(*, user: Visitor, company_id: int) -> Company:
    company = access_company_for_viewing(user=user, company_id=company_id)
    if not can_manage_members(user, company):
        raise PermissionDenied
    return company


def access_company_for_verification(*, user: Visitor, company_id: int) -> Company:
    if not can_use_back_office(user):
        raise Http404
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        raise Http404
    return company
