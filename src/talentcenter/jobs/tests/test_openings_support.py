"""What the opening and pipeline tests (H3) share: valid opening values, openings made through the
services, applications, discoverable profiles and the people of the authorization matrix.
Everything through the ORM and the real services, nothing mocked. (No tests in this module.)"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from talentcenter.jobs.enums import ApplicationStage, OpeningStatus, Region, Sponsorship
from talentcenter.jobs.models import JobApplication, Opening
from talentcenter.jobs.services import openings as services
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.reference.models import Skill
from talentcenter.talent.enums import Visibility
from talentcenter.talent.models import SkillEntry, TalentProfile
from tests.factories import CompanyFactory, MembershipFactory, TalentProfileFactory, UserFactory

SKILL = "ai.machine_learning"
OTHER_SKILL = "semi.lithography"


def today() -> datetime.date:
    return timezone.localdate()


def values(**overrides: Any) -> dict[str, Any]:
    """Everything an opening needs to be published."""
    return {
        "title_en": "Machine learning engineer",
        "title_ko": "머신러닝 엔지니어",
        "description_en": "Train and ship models for our fab analytics.",
        "description_ko": "팹 분석을 위한 모델을 개발합니다.",
        "industry": AdvancedIndustry.AI,
        "occupation": "2211",
        "min_years": 3,
        "salary_min_krw": 60_000_000,
        "salary_max_krw": 90_000_000,
        "region": Region.SEOUL,
        "location_detail": "Gangnam",
        "closing_date": today() + datetime.timedelta(days=30),
        "start_date": today() + datetime.timedelta(days=60),
        "sponsorship": Sponsorship.KTECH_PASS,
        "skills": [(SKILL, 5, True), (OTHER_SKILL, 2, False)],
        "languages": [("en", 4, True), ("ko", 2, False)],
        **overrides,
    }


@dataclass
class People:
    member: Any
    company: Any
    other_member: Any
    unverified_member: Any
    talent: Any
    staff: Any


def people() -> People:
    from talentcenter.accounts.enums import Role

    membership = MembershipFactory()
    pending = MembershipFactory(company=CompanyFactory(status=CompanyStatus.PENDING))
    return People(
        member=membership.user,
        company=membership.company,
        other_member=MembershipFactory().user,
        unverified_member=pending.user,
        talent=TalentProfileFactory().user,
        staff=UserFactory(roles=[Role.STAFF_REVIEWER]),
    )


def draft(member: Any, company: Any, **overrides: Any) -> Opening:
    return services.opening_create(actor=member, company=company, **values(**overrides))


def published(member: Any, company: Any, **overrides: Any) -> Opening:
    opening = draft(member, company, **overrides)
    return services.opening_publish(actor=member, opening=opening)


def discoverable_profile(*, skills: dict[str, int] | None = None, user: Any = None) -> TalentProfile:
    """A profile its owner lets verified companies find, with its matching index row."""
    from talentcenter.matching.services import profile_vector_refresh

    fields: dict[str, Any] = {"visibility": Visibility.VERIFIED_COMPANIES, "completed_at": timezone.now()}
    if user is not None:
        fields["user"] = user
    profile = TalentProfileFactory(**fields)
    for code, proficiency in (skills or {SKILL: 4}).items():
        SkillEntry.objects.create(profile=profile, skill=Skill.objects.get(code=code), proficiency=proficiency)
    profile_vector_refresh(profile_id=profile.pk)
    return profile


def application(opening: Opening, profile: TalentProfile | None = None, **fields: Any) -> JobApplication:
    """A talent's application, written directly (applying is the talent services' part, tested there)."""
    return JobApplication.objects.create(
        opening=opening,
        profile=profile or TalentProfileFactory(),
        stage=fields.pop("stage", ApplicationStage.NEW),
        **fields,
    )


def opening_status(opening: Opening) -> str:
    return Opening.objects.values_list("status", flat=True).get(pk=opening.pk)


__all__ = ["OpeningStatus"]
