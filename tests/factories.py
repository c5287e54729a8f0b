"""factory_boy factories shared by every test. Objects are made through the ORM, never mocked."""

from __future__ import annotations

import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.organizations.enums import CompanyStatus, MemberRole, SizeClass
from talentcenter.organizations.models import Company, CompanyMembership
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.talent.enums import EducationLevel, OrganizationKind
from talentcenter.talent.models import Education, Experience, TalentProfile

PASSWORD = "correct-horse-battery-9"


def valid_brn(seed: int) -> str:
    """A 10-digit business registration number with valid parts and a correct check digit."""
    from talentcenter.organizations.validators import brn_check_digit

    office = 101 + seed % 899
    kind = 1 + (seed // 899) % 99
    serial = 1 + (seed // (899 * 99)) % 9999
    first_nine = f"{office:03d}{kind:02d}{serial:04d}"
    return first_nine + str(brn_check_digit(first_nine))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    preferred_language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: object) -> None:
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get_or_create(name=role.value)[0])
            self.__dict__.pop("role_names", None)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    business_registration_number = factory.Sequence(lambda n: valid_brn(1000 + n * 7919))
    name_en = factory.Sequence(lambda n: f"Hanbit Semiconductor {n}")
    name_ko = factory.Sequence(lambda n: f"한빛반도체 {n}")
    industry = AdvancedIndustry.SEMICONDUCTOR
    size_class = SizeClass.SME
    postal_code = "06164"
    address = "513 Yeongdong-daero, Gangnam-gu, Seoul"
    status = CompanyStatus.VERIFIED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyMembership

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory, roles=[Role.COMPANY_MEMBER])
    role = MemberRole.OWNER


class TalentProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalentProfile

    user = factory.SubFactory(UserFactory, roles=[Role.TALENT])
    family_name = "Garcia"
    given_name = factory.Sequence(lambda n: f"Maria{chr(65 + n % 26)}")
    birth_date = datetime.date(1988, 4, 12)
    nationality = "ES"
    contact_email = factory.LazyAttribute(lambda profile: profile.user.email)
    search_document = factory.LazyAttribute(
        lambda profile: f"{profile.given_name} {profile.family_name} {profile.user.email}".lower()
    )


class EducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Education

    profile = factory.SubFactory(TalentProfileFactory)
    level = EducationLevel.DOCTORATE
    field = "Electrical engineering"
    institution = "Technical University of Munich"
    country = "DE"
    completed_on = datetime.date(2015, 7, 1)


class ExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Experience

    profile = factory.SubFactory(TalentProfileFactory)
    organization = "Infineon Technologies"
    organization_kind = OrganizationKind.COMPANY
    role = "Senior process engineer"
    field = "Power semiconductors"
    started_on = datetime.date(2015, 9, 1)
    ended_on = None
