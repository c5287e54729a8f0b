"""Who may see and do what with openings, applicants, saved searches and talent requests.

- Published openings are public. Drafts, unpublished and closed openings are seen by the
  company's members (and center staff).
- Members of a *verified* company manage its openings and applicants; an applicant's profile
  reaches the company because the talent applied.
- A talent sees and withdraws only their own applications; saved searches are their owner's.
- Talent requests: the company's members and center staff. A shortlisted profile reaches the
  company only after the talent agrees (``ShortlistStatus.RELEASED``), as a snapshot; the talent
  alone sees and withdraws their releases.
``access_*`` functions fetch and authorise in one call: 404 for what the actor may not see, 403
for what it may see but not do. Services check again on the locked row.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from talentcenter.accounts.policies import Visitor, can_use_back_office, is_signed_in
from talentcenter.jobs.enums import OpeningStatus
from talentcenter.jobs.models import JobApplication, Opening, ProfileRelease, ShortlistEntry, TalentRequest
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import CompanyMembership
from talentcenter.organizations.policies import CompanyNotVerified
from talentcenter.talent.models import TalentProfile


def is_member(user: Visitor, company_id: int) -> bool:
    return is_signed_in(user) and CompanyMembership.objects.filter(company_id=company_id, user=user).exists()


def can_act_for_company(user: Visitor, company_id: int) -> bool:
    """Members of a verified company may post openings, move applicants and ask for talent."""
    return (
        is_signed_in(user)
        and CompanyMembership.objects.filter(
            company_id=company_id, user=user, company__status=CompanyStatus.VERIFIED
        ).exists()
    )


def member_company_status(user: Visitor, company_id: int) -> str | None:
    """The company's status when the user is one of its members, else None: ``is_member`` and
    ``can_act_for_company`` in one query."""
    if not is_signed_in(user):
        return None
    return (
        CompanyMembership.objects.filter(company_id=company_id, user=user)
        .values_list("company__status", flat=True)
        .first()
    )


def is_center_staff(user: Visitor) -> bool:
    return can_use_back_office(user)


def talent_profile_id(user: Visitor) -> int | None:
    """The signed-in person's talent profile id, or None."""
    if not is_signed_in(user):
        return None
    profile: TalentProfile | None = getattr(user, "talent_profile", None)
    return profile.pk if profile is not None else None


def can_view_opening(user: Visitor, opening: Opening) -> bool:
    return opening.status == OpeningStatus.PUBLISHED or is_member(user, opening.company_id) or is_center_staff(user)


def access_opening_for_viewing(*, user: Visitor, opening_id: int) -> Opening:
    opening = Opening.objects.select_related("company", "occupation").filter(pk=opening_id).first()
    if opening is None or not can_view_opening(user, opening):
        raise Http404
    return opening


def access_opening_for_company(*, user: Visitor, opening_id: int) -> Opening:
    """An opening of a company the user belongs to; acting on it needs the company verified."""
    opening = Opening.objects.select_related("company", "occupation").filter(pk=opening_id).first()
    status = None if opening is None else member_company_status(user, opening.company_id)
    if opening is None or status is None:
        raise Http404
    if status != CompanyStatus.VERIFIED:
        raise CompanyNotVerified(opening.company)
    return opening


def access_application_for_company(*, user: Visitor, application_id: int) -> JobApplication:
    application = (
        JobApplication.objects.select_related("opening__company", "profile__user").filter(pk=application_id).first()
    )
    if application is None or not is_member(user, application.opening.company_id):
        raise Http404
    if not can_act_for_company(user, application.opening.company_id):
        raise CompanyNotVerified(application.opening.company)
    return application


def access_application_for_talent(*, user: Visitor, application_id: int) -> JobApplication:
    profile_id = talent_profile_id(user)
    if profile_id is None:
        raise Http404
    application = (
        JobApplication.objects.select_related("opening__company")
        .filter(pk=application_id, profile_id=profile_id)
        .first()
    )
    if application is None:
        raise Http404
    return application


def access_talent_request_for_company(*, user: Visitor, request_id: int) -> TalentRequest:
    talent_request = TalentRequest.objects.select_related("company").filter(pk=request_id).first()
    if talent_request is None or not is_member(user, talent_request.company_id):
        raise Http404
    return talent_request


def access_talent_request_for_staff(*, user: Visitor, request_id: int) -> TalentRequest:
    if not is_center_staff(user):
        raise Http404
    talent_request = TalentRequest.objects.select_related("company", "curator").filter(pk=request_id).first()
    if talent_request is None:
        raise Http404
    return talent_request


def access_invitation_for_talent(*, user: Visitor, entry_id: int) -> ShortlistEntry:
    """A shortlist entry the center asked this talent about; anyone else's is as good as missing."""
    profile_id = talent_profile_id(user)
    entry = (
        ShortlistEntry.objects.filter(pk=entry_id, profile_id=profile_id, invited_at__isnull=False).first()
        if profile_id is not None
        else None
    )
    if entry is None:
        raise Http404
    return entry


def access_release_for_talent(*, user: Visitor, release_id: int) -> ProfileRelease:
    """A release of the signed-in talent's own data; anyone else's is as good as missing."""
    profile_id = talent_profile_id(user)
    release = (
        ProfileRelease.objects.select_related("company", "entry__talent_request")
        .filter(pk=release_id, profile_id=profile_id)
        .first()
        if profile_id is not None
        else None
    )
    if release is None:
        raise Http404
    return release


def ensure(condition: bool) -> None:
    if not condition:
        raise PermissionDenied
