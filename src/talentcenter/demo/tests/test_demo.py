"""The demo generator, the fixed demo accounts and the `totp` helper."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import override_settings

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import ConsentRecord, User
from talentcenter.audit.models import AuditEvent
from talentcenter.demo.accounts import (
    ADMIN_EMAIL,
    COMPANY_EMAIL,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    PENDING_COMPANY_EMAIL,
    STAFF_EMAIL,
    STAFF_TOTP_SECRET,
    TALENT_EMAIL,
)
from talentcenter.demo.generator import demo_load, reference_context
from talentcenter.demo.plan import DEMO_AS_OF, generated_brn, plan_company, plan_profile
from talentcenter.demo.totp import totp_current_code
from talentcenter.organizations.enums import CompanyStatus, SizeClass
from talentcenter.organizations.models import Company
from talentcenter.organizations.validators import clean_business_registration_number
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.talent.models import Education, Experience, LanguageEntry, TalentProfile
from tests.database import loaded_once

PROFILES = 40
COMPANIES = 24


@pytest.fixture(scope="module")
def demo_loaded(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The demo's people and companies, loaded once for this module (the demo cases have their own
    tests, test_demo_cases.py). The services queue e-mails; stand-in templates keep these tests
    independent of their wording."""
    templates = django_settings.TEMPLATES
    extra: list[Path] = []
    try:
        get_template("notifications/email/company_verified_subject.txt")
    except TemplateDoesNotExist:
        folder = tmp_path_factory.mktemp("templates")
        (folder / "notifications" / "email").mkdir(parents=True)
        for name in ("company_verified", "company_rejected", "company_invitation"):
            for part in ("subject.txt", "message.txt", "message.html"):
                (folder / "notifications" / "email" / f"{name}_{part}").write_text(name)
        extra.append(folder)
    with (
        override_settings(TEMPLATES=[{**templates[0], "DIRS": [*templates[0]["DIRS"], *extra]}]),
        loaded_once(django_db_blocker, lambda: demo_load(seed=11, profiles=PROFILES, companies=COMPANIES, cases=False)),
    ):
        yield


@pytest.fixture
def demo(demo_loaded: None, db: None) -> None:
    """Each test sees the loaded demo; what it changes is rolled back after it."""


def _snapshot() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "profiles": TalentProfile.objects.count(),
        "educations": Education.objects.count(),
        "experiences": Experience.objects.count(),
        "companies": Company.objects.count(),
        "consents": ConsentRecord.objects.count(),
        "emails": EmailAddress.objects.count(),
        "authenticators": Authenticator.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_plans_are_the_same_for_the_same_seed_and_differ_for_another(db: None) -> None:
    # Given the reference data
    context = reference_context()

    # When the same records are planned twice with one seed, and once with another
    first = [plan_profile(seed=5, index=index, context=context) for index in range(60)]
    again = [plan_profile(seed=5, index=index, context=context) for index in range(60)]
    other = [plan_profile(seed=6, index=index, context=context) for index in range(60)]

    # Then the same seed gives identical records, another seed other records
    assert first == again
    assert [plan_company(seed=5, index=index) for index in range(30)] == [
        plan_company(seed=5, index=index) for index in range(30)
    ]
    assert sum(a.email != b.email for a, b in zip(first, other, strict=True)) > 50


def test_loaded_data_is_what_the_seed_plans(demo: None) -> None:
    context = reference_context()
    expected = {plan_profile(seed=11, index=index, context=context).email for index in range(PROFILES)}

    stored = set(
        TalentProfile.objects.filter(user__email__endswith="@talent.example.org").values_list("user__email", flat=True)
    )

    assert stored == expected
    plan = plan_profile(seed=11, index=7, context=context)
    profile = TalentProfile.objects.get(user__email=plan.email)
    assert (profile.given_name, profile.family_name, profile.birth_date, profile.nationality) == (
        plan.given_name,
        plan.family_name,
        plan.birth_date,
        plan.nationality,
    )
    assert profile.educations.count() == len(plan.educations)
    assert profile.experiences.count() == len(plan.experiences)
    assert profile.highest_education_level == plan.highest_education_level


def test_every_generated_business_registration_number_is_valid_and_unique(demo: None) -> None:
    numbers = list(Company.objects.values_list("business_registration_number", flat=True))

    assert len(numbers) == COMPANIES + 2
    assert all(clean_business_registration_number(number) == number for number in numbers)
    many = [generated_brn(index) for index in range(20_000)]
    assert len(set(many)) == len(many)
    assert all(clean_business_registration_number(number) == number for number in many)


def test_companies_cover_every_industry_and_size_and_every_status(demo: None) -> None:
    pairs = set(Company.objects.values_list("industry", "size_class"))
    statuses = list(Company.objects.values_list("status", flat=True))

    assert pairs == {(industry, size) for industry in AdvancedIndustry.values for size in SizeClass.values}
    assert statuses.count(CompanyStatus.REJECTED) == 1
    assert statuses.count(CompanyStatus.PENDING) >= 2
    assert statuses.count(CompanyStatus.VERIFIED) > COMPANIES // 2
    assert not Company.objects.filter(memberships__isnull=True).exists()


def test_no_experience_ends_before_it_starts_and_nothing_lies_in_the_future(demo: None) -> None:
    assert Experience.objects.count() > PROFILES
    assert not Experience.objects.filter(ended_on__lt=F("started_on")).exists()
    assert not Experience.objects.filter(started_on__gt=DEMO_AS_OF).exists()
    assert not Experience.objects.filter(ended_on__gt=DEMO_AS_OF).exists()
    assert not Education.objects.filter(completed_on__gt=DEMO_AS_OF).exists()
    assert Experience.objects.filter(is_postdoctoral=True).exists()


def test_generated_records_pass_the_model_validation(demo: None) -> None:
    for profile in TalentProfile.objects.all():
        profile.full_clean(exclude=["user"], validate_unique=False)
        assert 1965 <= profile.birth_date.year <= 2000 or profile.user.email == TALENT_EMAIL
    for education in Education.objects.all():
        education.full_clean(exclude=["profile"], validate_unique=False)
    for experience in Experience.objects.all():
        experience.full_clean(exclude=["profile"], validate_unique=False)
    for language in LanguageEntry.objects.all():
        language.full_clean(exclude=["profile"], validate_unique=False)
    for company in Company.objects.all():
        company.full_clean()


def test_a_second_run_changes_nothing(demo: None) -> None:
    before = _snapshot()

    out = io.StringIO()
    call_command(
        "demo",
        "--seed",
        "11",
        "--profiles",
        str(PROFILES),
        "--companies",
        str(COMPANIES),
        "--without-cases",
        stdout=out,
    )

    assert _snapshot() == before
    assert "already loaded" in out.getvalue()
    assert STAFF_TOTP_SECRET in out.getvalue()


def test_a_larger_run_adds_only_the_missing_records(demo: None) -> None:
    first = set(User.objects.filter(email__endswith="@talent.example.org").values_list("email", flat=True))

    demo_load(seed=11, profiles=PROFILES + 10, companies=COMPANIES, cases=False)

    after = set(User.objects.filter(email__endswith="@talent.example.org").values_list("email", flat=True))
    assert first < after
    assert len(after) == PROFILES + 10


def test_demo_accounts_sign_in_with_the_printed_password(demo: None) -> None:
    for account in DEMO_ACCOUNTS:
        user = authenticate(email=account.email, password=DEMO_PASSWORD)
        assert user is not None, account.email
        assert EmailAddress.objects.filter(user=user, email=account.email, verified=True, primary=True).exists()
    generated = User.objects.filter(email__endswith="@talent.example.org").first()
    assert generated is not None
    assert generated.check_password(DEMO_PASSWORD)


def test_demo_accounts_have_their_roles_and_data(demo: None) -> None:
    staff = User.objects.get(email=STAFF_EMAIL)
    admin = User.objects.get(email=ADMIN_EMAIL)
    talent = TalentProfile.objects.get(user__email=TALENT_EMAIL)
    owned = Company.objects.get(memberships__user__email=COMPANY_EMAIL)
    pending = Company.objects.get(memberships__user__email=PENDING_COMPANY_EMAIL)

    assert staff.has_role(Role.STAFF_REVIEWER) and staff.is_back_office
    assert admin.is_superuser and admin.has_role(Role.ADMINISTRATOR)
    assert talent.completed_at is not None
    assert talent.skills.count() == 5
    assert talent.user.has_role(Role.TALENT)
    assert (owned.status, owned.size_class, owned.verified_by) == (CompanyStatus.VERIFIED, SizeClass.SME, staff)
    assert pending.status == CompanyStatus.PENDING
    assert AuditEvent.objects.filter(action="company.verified", actor=staff).count() == 1
    assert AuditEvent.objects.filter(action="talent.profile_completed", actor=talent.user).count() == 1
    for user in (staff, admin):
        assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
            Authenticator.Type.TOTP,
            Authenticator.Type.RECOVERY_CODES,
        }


def test_the_totp_command_prints_a_code_allauth_accepts(demo: None) -> None:
    out = io.StringIO()

    call_command("totp", STAFF_EMAIL, stdout=out)

    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    authenticator = Authenticator.objects.get(user__email=STAFF_EMAIL, type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(code)


def test_the_totp_code_follows_the_clock(demo: None) -> None:
    # RFC 6238 style: the code changes every 30 seconds and is the same within a period
    assert totp_current_code(email=STAFF_EMAIL, at=1_800_000_000) == totp_current_code(
        email=STAFF_EMAIL, at=1_800_000_029
    )


def test_the_totp_command_refuses_in_production(demo: None, settings: Any) -> None:
    settings.ENVIRONMENT = "production"
    settings.DEBUG = False

    with pytest.raises(CommandError, match="production"):
        call_command("totp", STAFF_EMAIL, stdout=io.StringIO())


def test_the_totp_command_refuses_a_user_without_authenticator(demo: None) -> None:
    with pytest.raises(CommandError, match="no TOTP authenticator"):
        call_command("totp", TALENT_EMAIL, stdout=io.StringIO())
