"""People and records for the talent request tests (no tests here; imported by test_requests_*)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conftest import staff_client_with_second_factor
from django.test import Client
from django.utils import timezone

from talentcenter.accounts.enums import Role
from talentcenter.jobs.models import ShortlistEntry, TalentRequest
from talentcenter.jobs.services import requests as services
from talentcenter.matching.services import profile_vector_refresh
from talentcenter.reference.models import Skill
from talentcenter.talent.enums import EducationLevel, Proficiency, Visibility
from talentcenter.talent.models import LanguageEntry, SkillEntry, TalentProfile
from tests.factories import (
    EducationFactory,
    ExperienceFactory,
    MembershipFactory,
    TalentProfileFactory,
    UserFactory,
)

CRITERIA: dict[str, Any] = {
    "skills": [{"code": "common.python", "weight": 5, "required": True}],
    "min_education_level": EducationLevel.BACHELOR,
    "languages": [{"language": "en", "level": 3, "required": False}],
    "industry": "ai",
}


def discoverable_profile(
    *, given_name: str = "Amara", family_name: str = "Okafor", email: str = "", discoverable: bool = True, **extra: Any
) -> TalentProfile:
    """A complete profile with Python, a doctorate, experience and English, in the index."""
    user_kwargs = {"email": email} if email else {}
    profile = TalentProfileFactory(
        given_name=given_name,
        family_name=family_name,
        user=UserFactory(roles=[Role.TALENT], **user_kwargs),
        visibility=Visibility.VERIFIED_COMPANIES if discoverable else Visibility.PRIVATE,
        completed_at=timezone.now(),
        headline="Machine learning engineer",
        phone="+34 600 123 456",
        **extra,
    )
    EducationFactory(profile=profile, field="Computer science", institution="Universidad Politécnica de Madrid")
    ExperienceFactory(profile=profile, organization="Telefónica I+D", role="ML engineer", field="Machine learning")
    SkillEntry.objects.create(
        profile=profile, skill=Skill.objects.get(code="common.python"), proficiency=Proficiency.EXPERT
    )
    SkillEntry.objects.create(
        profile=profile, skill=Skill.objects.get(code="ai.pytorch"), proficiency=Proficiency.ADVANCED
    )
    LanguageEntry.objects.create(profile=profile, language="en", test="none", level="")
    profile_vector_refresh(profile_id=profile.pk)
    return profile


def make_private(profile: TalentProfile) -> None:
    TalentProfile.objects.filter(pk=profile.pk).update(visibility=Visibility.PRIVATE)
    profile_vector_refresh(profile_id=profile.pk)


@dataclass
class People:
    member: Any
    company: Any
    other_member: Any
    staff: Any
    talent_profile: TalentProfile
    other_talent: Any

    @classmethod
    def create(cls) -> People:
        membership = MembershipFactory()
        return cls(
            member=membership.user,
            company=membership.company,
            other_member=MembershipFactory().user,
            staff=UserFactory(roles=[Role.STAFF_REVIEWER]),
            talent_profile=discoverable_profile(email="amara.okafor@example.org"),
            other_talent=TalentProfileFactory().user,
        )

    @property
    def talent(self) -> Any:
        return self.talent_profile.user


def new_request(people: People, **overrides: Any) -> TalentRequest:
    values: dict[str, Any] = {
        "actor": people.member,
        "company": people.company,
        "title": "Machine learning engineers for our Seoul lab",
        "description": "Computer vision for wafer inspection.",
        "criteria": CRITERIA,
        "headcount": 2,
    }
    values.update(overrides)
    return services.talent_request_create(**values)


def curating(people: People) -> TalentRequest:
    return services.talent_request_start_curating(actor=people.staff, talent_request=new_request(people))


def invited(people: People, note: str = "You built vision models at Telefónica.") -> ShortlistEntry:
    talent_request = curating(people)
    entry = services.shortlist_add(
        actor=people.staff, talent_request=talent_request, profile_id=people.talent_profile.pk, note_for_talent=note
    )
    return services.shortlist_invite(actor=people.staff, entry=entry)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def staff_client(user: Any) -> Client:
    return staff_client_with_second_factor(user)
