"""The privacy hooks of the apps above privacy: their sections of "download my data", their
erasure on account deletion, what a withdrawn consent changes, and the companies of viewers.

privacy sits just above accounts so that every app can record reads of personal data; it cannot
import talent, organizations, jobs or cases, so their part is registered here, from the top layer
(``WebConfig.ready``). An app's owner may move its hook into the app itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from talentcenter.accounts.models import User
from talentcenter.cases.models import Case
from talentcenter.jobs.models import JobApplication, SavedSearch
from talentcenter.organizations.models import CompanyMembership
from talentcenter.privacy import registry
from talentcenter.privacy.enums import Purpose
from talentcenter.talent.enums import Visibility
from talentcenter.talent.models import TalentProfile
from talentcenter.talent.services import talent_preferences_update
from talentcenter.talent.signals import profile_changed

PROFILE_PERSONAL_FIELDS = [
    "family_name",
    "given_name",
    "name_hangul",
    "birth_date",
    "nationality",
    "country_of_residence",
    "phone",
    "contact_email",
    "headline",
    "desired_salary_krw",
    "search_document",
]


def _profile(user: User) -> TalentProfile | None:
    return TalentProfile.objects.filter(user=user).first()


def talent_section(user: User) -> dict[str, Any] | None:
    profile = _profile(user)
    if profile is None:
        return None
    return {
        "family_name": profile.family_name,
        "given_name": profile.given_name,
        "name_hangul": profile.name_hangul,
        "birth_date": profile.birth_date,
        "nationality": str(profile.nationality),
        "country_of_residence": str(profile.country_of_residence),
        "phone": profile.phone,
        "contact_email": profile.contact_email,
        "headline": profile.headline,
        "desired_industries": sorted(profile.desired_industries.values_list("code", flat=True)),
        "desired_salary_krw": profile.desired_salary_krw,
        "visibility": profile.visibility,
        "completed_at": profile.completed_at,
        "educations": list(
            profile.educations.values("level", "field", "institution", "country", "completed_on").order_by("id")
        ),
        "experiences": list(
            profile.experiences.values(
                "organization", "organization_kind", "role", "field", "started_on", "ended_on", "is_postdoctoral"
            ).order_by("id")
        ),
        "skills": list(profile.skills.values("skill__code", "proficiency").order_by("id")),
        "languages": list(profile.languages.values("language", "test", "level").order_by("id")),
    }


def companies_section(user: User) -> list[dict[str, Any]]:
    return [
        {"company": membership.company.name_en, "role": membership.role, "joined_at": membership.joined_at}
        for membership in CompanyMembership.objects.filter(user=user).select_related("company").order_by("id")
    ]


def job_applications_section(user: User) -> list[Any]:
    return list(
        JobApplication.objects.filter(profile__user=user)
        .order_by("submitted_at")
        .values(
            "opening__title_en", "opening__title_ko", "opening__company__name_en", "stage", "cover_note", "submitted_at"
        )
    )


def saved_searches_section(user: User) -> list[Any]:
    return list(SavedSearch.objects.filter(user=user).order_by("id").values("name", "criteria", "alert", "created_at"))


def cases_section(user: User) -> list[dict[str, Any]]:
    """The person's own applications (as the talent, or started by them): the case's own fields."""
    cases = Case.objects.filter(Q(talent__user=user) | Q(created_by=user)).select_related("company").order_by("id")
    return [
        {
            "reference": case.reference,
            "type": case.case_type,
            "status": case.status,
            "company": case.company.name_en,
            "job_title": case.job_title,
            "annual_salary_krw": case.annual_salary_krw,
        }
        for case in cases
    ]


def erase_talent_profile(user: User) -> None:
    """Erase the profile's personal fields and hide it. Education and experience stay only when an
    application (kept for its legal retention) relies on them; otherwise they go too."""
    profile = TalentProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        return
    for name in PROFILE_PERSONAL_FIELDS:
        field = TalentProfile._meta.get_field(name)
        setattr(profile, name, None if field.null else "")
    profile.visibility = Visibility.PRIVATE
    profile.save(update_fields=[*PROFILE_PERSONAL_FIELDS, "visibility", "updated_at"])
    profile.desired_industries.clear()
    profile.skills.all().delete()
    profile.languages.all().delete()
    if not Case.objects.filter(talent=profile).exists():
        profile.educations.all().delete()
        profile.experiences.all().delete()
    profile_changed.send(sender=TalentProfile, profile_id=profile.pk)


def erase_saved_searches(user: User) -> None:
    SavedSearch.objects.filter(user=user).delete()


def hide_profile_from_companies(user: User, purpose: Purpose) -> None:
    """Provision to companies withdrawn: the profile is no longer visible to them."""
    if purpose != Purpose.THIRD_PARTY_COMPANIES:
        return
    profile = _profile(user)
    if profile is None:
        return
    talent_preferences_update(
        profile=profile,
        actor=user,
        desired_industry_codes=list(profile.desired_industries.values_list("code", flat=True)),
        visibility=Visibility.PRIVATE,
        consent_profile_sharing=False,
        consent_marketing=bool(user.privacy_consents.filter(purpose=Purpose.MARKETING, withdrawn_at__isnull=True)),
    )


def company_names(user_ids: Iterable[int]) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    for membership in (
        CompanyMembership.objects.filter(user_id__in=list(user_ids)).select_related("company").order_by("joined_at")
    ):
        names.setdefault(membership.user_id, []).append(membership.company.name)
    return {user_id: ", ".join(each) for user_id, each in names.items()}


def register() -> None:
    registry.register_export_section("talent_profile", talent_section)
    registry.register_export_section("company_memberships", companies_section)
    registry.register_export_section("job_applications", job_applications_section)
    registry.register_export_section("saved_searches", saved_searches_section)
    registry.register_export_section("cases", cases_section)
    registry.register_eraser("talent_profile", erase_talent_profile)
    registry.register_eraser("saved_searches", erase_saved_searches)
    registry.register_withdrawal_hook("talent_visibility", hide_profile_from_companies)
    registry.register_viewer_organisations(company_names)
