"""Reads on talent profiles: the full profile for one person, and the staff list."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from talentcenter.reference.models import Industry
from talentcenter.talent.models import Education, Experience, LanguageEntry, SkillEntry, TalentProfile


def _profiles_with_everything() -> QuerySet[TalentProfile]:
    """Profiles with their user, entries and industries loaded in a fixed number of queries."""
    return TalentProfile.objects.select_related("user").prefetch_related(
        Prefetch("educations", queryset=Education.objects.select_related("ranked_institution")),
        Prefetch("experiences", queryset=Experience.objects.all()),
        Prefetch("skills", queryset=SkillEntry.objects.select_related("skill")),
        Prefetch("languages", queryset=LanguageEntry.objects.all()),
        "desired_industries",
    )


def talent_profile_detail(*, profile_id: int) -> TalentProfile:
    """One profile with everything on it, in a fixed number of queries."""
    return _profiles_with_everything().get(pk=profile_id)


def talent_profile_of_user(*, user_id: int) -> TalentProfile | None:
    """The person's own profile with everything on it, or None before they start one."""
    return _profiles_with_everything().filter(user_id=user_id).first()


def talent_list_for_staff(
    *,
    search: str = "",
    nationality: str = "",
    industry: str = "",
    education_level: int | None = None,
    visibility: str = "",
) -> QuerySet[TalentProfile]:
    """The back-office list. Search looks in the lower-cased name/e-mail column, which carries a
    trigram index on PostgreSQL; filters use plain indexed columns, so pages stay fast at scale."""
    profiles = TalentProfile.objects.select_related("user")
    if search:
        profiles = profiles.filter(search_document__contains=search.strip().lower())
    if nationality:
        profiles = profiles.filter(nationality=nationality.upper())
    if industry:
        profiles = profiles.filter(desired_industries__code=industry)
    if education_level is not None:
        profiles = profiles.filter(highest_education_level__gte=education_level)
    if visibility:
        profiles = profiles.filter(visibility=visibility)
    return profiles.order_by("-updated_at", "-id")


def talent_list_page_for_staff(**filters: Any) -> QuerySet[TalentProfile]:
    """The back-office list (:func:`talent_list_for_staff`) with only what its table shows: the
    profile's listed columns, the account's e-mail and name (the access log names each listed
    person) and the desired industries' names, in a fixed number of queries. Narrow rows make a
    page cheaper to load than whole profiles (issue 14)."""
    return (
        talent_list_for_staff(**filters)
        .only(
            "given_name",
            "family_name",
            "nationality",
            "highest_education_level",
            "visibility",
            "updated_at",
            "user__email",
            "user__display_name",
        )
        .prefetch_related(Prefetch("desired_industries", queryset=Industry.objects.only("name_en", "name_ko")))
    )
