"""Reads on companies, with their visibility rules applied."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor, can_use_back_office, is_signed_in
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import Company, CompanyInvitation, CompanyMembership


def company_list_visible_to(
    *,
    user: Visitor,
    search: str = "",
    industry: str = "",
    size_class: str = "",
    status: str = "",
) -> QuerySet[Company]:
    """Companies the user may see: staff see all; others verified ones and their own."""
    companies = Company.objects.all()
    if not can_use_back_office(user):
        visible = Q(status=CompanyStatus.VERIFIED)
        if is_signed_in(user):
            visible |= Q(memberships__user=user)
        companies = companies.filter(visible).distinct()
    if search:
        digits = "".join(char for char in search if char.isdigit())
        match = Q(name_en__icontains=search) | Q(name_ko__icontains=search)
        if len(digits) >= 3:
            match |= Q(business_registration_number__startswith=digits)
        companies = companies.filter(match)
    if industry:
        companies = companies.filter(industry=industry)
    if size_class:
        companies = companies.filter(size_class=size_class)
    if status:
        companies = companies.filter(status=status)
    return companies.order_by("name_en", "id")


def companies_pending_verification() -> QuerySet[Company]:
    return (
        Company.objects.filter(status=CompanyStatus.PENDING)
        .annotate(member_count=Count("memberships"))
        .order_by("created_at", "id")
    )


def memberships_of_user(*, user: User) -> QuerySet[CompanyMembership]:
    return CompanyMembership.objects.filter(user=user).select_related("company").order_by("joined_at")


def members_of(*, company: Company) -> QuerySet[CompanyMembership]:
    return company.memberships.select_related("user").order_by("joined_at")


def company_recipients(*, company_id: int) -> list[Any]:
    """The people told about a company's business (its applications, cases and talent requests):
    every member, in the order they joined."""
    return [
        membership.user
        for membership in CompanyMembership.objects.filter(company_id=company_id)
        .select_related("user")
        .order_by("joined_at", "pk")
    ]


def open_invitations_of(*, company: Company) -> QuerySet[CompanyInvitation]:
    return company.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).select_related("invited_by")
