"""What the talent-side tests share (H4): complete profiles, published openings, the index rows
of both, and the people of the authorization matrix. Everything through the ORM, nothing mocked.

Openings are written directly (the opening services are tested on their own); their matching
index rows are put with ``matching.services.opening_vector_put`` as the opening service does.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from talentcenter.jobs.enums import OpeningStatus, Region, Sponsorship
from talentcenter.jobs.models import Opening, OpeningSkill
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.reference.models import Occupation, Skill
from talentcenter.talent.enums import EducationLevel
from talentcenter.talent.models import SkillEntry, TalentProfile
from tests.factories import (
    CompanyFactory,
    EducationFactory,
    ExperienceFactory,
    MembershipFactory,
    TalentProfileFactory,
    UserFactory,
)

SKILL = "semi.process_integration"
OTHER_SKILL = "semi.lithography"


def complete_profile(user: Any = None, *, skills: dict[str, int] | None = None, **fields: Any) -> TalentProfile:
    """A profile with everything ``profile_missing_parts`` asks for (a doctorate, a position since
    2015, a semiconductor skill)."""
    profile = TalentProfileFactory(**({"user": user} if user is not None else {}), **fields)
    EducationFactory(profile=profile, level=EducationLevel.DOCTORATE)
    ExperienceFactory(profile=profile, started_on=datetime.date(2015, 9, 1))
    for code, proficiency in (skills or {SKILL: 4}).items():
        SkillEntry.objects.create(profile=profile, skill=Skill.objects.get(code=code), proficiency=proficiency)
    return profile


def opening(
    company: Any = None,
    *,
    status: str = OpeningStatus.PUBLISHED,
    published_at: datetime.datetime | None = None,
    skills: tuple[str, ...] = (SKILL,),
    **fields: Any,
) -> Opening:
    company = company or CompanyFactory()
    creator = MembershipFactory(company=company).user
    values: dict[str, Any] = {
        "title_en": "Process integration engineer",
        "title_ko": "공정 통합 엔지니어",
        "industry": AdvancedIndustry.SEMICONDUCTOR,
        "region": Region.GYEONGGI,
        "sponsorship": Sponsorship.KTECH_PASS,
        "salary_min_krw": 80_000_000,
        "salary_max_krw": 120_000_000,
        **fields,
    }
    if status == OpeningStatus.PUBLISHED and published_at is None:
        published_at = timezone.now() - datetime.timedelta(hours=1)
    created = Opening.objects.create(
        company=company, created_by=creator, status=status, published_at=published_at, **values
    )
    for code in skills:
        OpeningSkill.objects.create(opening=created, skill=Skill.objects.get(code=code), weight=4, required=True)
    if "search_text" not in fields:  # as the opening services write it: skill names included
        from talentcenter.jobs.services.openings import search_text_of

        created.search_text = search_text_of(created, Skill.objects.filter(code__in=skills))
        Opening.objects.filter(pk=created.pk).update(search_text=created.search_text)
    return created


def index_opening(item: Opening) -> None:
    """Put the opening's row in the matching index, as the opening service does on publishing."""
    from talentcenter.matching.records import OpeningRecord
    from talentcenter.matching.services import opening_vector_put

    company = item.company
    opening_vector_put(
        OpeningRecord(
            opening_id=item.pk,
            skills=tuple((entry.skill.code, entry.weight, entry.required) for entry in item.skills.all()),
            min_education_level=item.min_education_level,
            min_years=float(item.min_years or 0),
            salary_min_krw=item.salary_min_krw,
            salary_max_krw=item.salary_max_krw,
            industry=item.industry,
            open=item.status == OpeningStatus.PUBLISHED,
            offer={
                "company": company.name_en,
                "company_size": company.size_class,
                "industry": item.industry,
                "annual_salary_krw": item.salary_max_krw,
                "occupation": item.occupation.code if item.occupation else "",
            },
        )
    )


def index_profile(profile: TalentProfile) -> None:
    from talentcenter.matching.services import profile_vector_refresh

    profile_vector_refresh(profile_id=profile.pk)


def occupation(code: str = "2211") -> Occupation:
    return Occupation.objects.get(code=code)


def korean_user(**fields: Any) -> Any:
    from talentcenter.accounts.enums import Role

    return UserFactory(preferred_language="ko", roles=[Role.TALENT], **fields)
