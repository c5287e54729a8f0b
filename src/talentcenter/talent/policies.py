"""Who may see which talent profile."""

from __future__ import annotations

from typing import TypeVar

from django.http import Http404

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor, can_use_back_office, is_signed_in
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.talent.enums import Visibility
from talentcenter.talent.models import Education, Experience, LanguageEntry, SkillEntry, TalentProfile

ProfileEntry = TypeVar("ProfileEntry", Education, Experience, SkillEntry, LanguageEntry)


def is_member_of_verified_company(user: Visitor) -> bool:
    return is_signed_in(user) and user.memberships.filter(company__status=CompanyStatus.VERIFIED).exists()


def can_start_talent_profile(user: User) -> bool:
    """A talent profile is a professional's own. Staff, and company people who did not also sign up
    as professionals, do not start one by opening the page (nor gain the talent role by it); an
    account older than the sign-up question, with neither role, may (as its menu offers)."""
    if user.has_role(Role.TALENT):
        return True
    return not (user.is_back_office or user.has_role(Role.COMPANY_MEMBER))


def can_view_profile(user: Visitor, profile: TalentProfile) -> bool:
    """The owner and staff always; members of verified companies when the talent allows it."""
    if not is_signed_in(user):
        return False
    if profile.user_id == user.pk or can_use_back_office(user):
        return True
    return profile.visibility == Visibility.VERIFIED_COMPANIES and is_member_of_verified_company(user)


def access_profile_for_viewing(*, user: Visitor, profile_id: int) -> TalentProfile:
    profile = TalentProfile.objects.select_related("user").filter(pk=profile_id).first()
    if profile is None or not can_view_profile(user, profile):
        raise Http404
    return profile


def access_own_profile_entry(*, user: User, model: type[ProfileEntry], entry_id: int) -> ProfileEntry:
    """An education, position, skill or language of the person's own profile; another person's
    entry is as good as missing (404), so ids cannot be probed."""
    entry = model.objects.select_related("profile").filter(pk=entry_id, profile__user_id=user.pk).first()
    if entry is None:
        raise Http404
    return entry
