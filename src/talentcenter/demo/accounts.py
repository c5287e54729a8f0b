"""The fixed demo accounts, made through the real services so that their audit timeline is real.

Each account is created only when its e-mail address is not taken yet, so running the demo again
changes nothing. Staff and the administrator get a TOTP authenticator with a fixed, printed secret
(and recovery codes), set up the way allauth itself activates one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.accounts.services import user_grant_role, user_set_organisation
from talentcenter.organizations.enums import MemberRole, SizeClass
from talentcenter.organizations.models import Company
from talentcenter.organizations.services import (
    company_invitation_accept,
    company_invitation_create,
    company_register,
    company_verify,
)
from talentcenter.organizations.validators import brn_check_digit
from talentcenter.privacy.services import consents_required_ensure
from talentcenter.reference.enums import AdvancedIndustry, ListKind
from talentcenter.reference.models import ListEntry
from talentcenter.talent.enums import EducationLevel, LanguageTest, OrganizationKind, Visibility
from talentcenter.talent.services import (
    education_add,
    experience_add,
    language_set,
    skill_set,
    talent_preferences_update,
    talent_profile_complete,
    talent_profile_get_or_create,
    talent_profile_update_personal,
)

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed on purpose: these are demo accounts
DEMO_DOMAIN = "demo.talentcenter.kr"
TALENT_EMAIL = f"talent@{DEMO_DOMAIN}"
COMPANY_EMAIL = f"company@{DEMO_DOMAIN}"
RECRUITER_EMAIL = f"recruiter@{DEMO_DOMAIN}"
PENDING_COMPANY_EMAIL = f"pending@{DEMO_DOMAIN}"
STAFF_EMAIL = f"staff@{DEMO_DOMAIN}"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
ANALYST_EMAIL = f"analyst@{DEMO_DOMAIN}"
SECOND_REVIEWER_EMAIL = f"reviewer2@{DEMO_DOMAIN}"
EVALUATOR_EMAILS = tuple(f"evaluator{number}@{DEMO_DOMAIN}" for number in (1, 2, 3))
# Base32 secrets (20 bytes each) to type into an authenticator app, or read with `talentcenter totp`.
STAFF_TOTP_SECRET = "GLOBALTALENTCENTERSTAFFREVIEWERS"  # noqa: S105
ADMIN_TOTP_SECRET = "GLOBALTALENTCENTERADMINISTRATORS"  # noqa: S105
ANALYST_TOTP_SECRET = "GLOBALTALENTCENTERPOLICYANALYSTS"  # noqa: S105
SECOND_REVIEWER_TOTP_SECRET = "GLOBALTALENTCENTERSECONDREVIEWER"  # noqa: S105
EVALUATOR_TOTP_SECRETS = (
    "TALENTCENTEREXTERNALEVALUATORKIM",
    "TALENTCENTEREXTERNALEVALUATORLEE",
    "TALENTCENTEREXTERNALEVALUATORHAN",
)
# (display name, preferred language) of the three evaluators: the e-mails they get follow the language.
EVALUATOR_PEOPLE = (
    ("김민준 (Demo Evaluator)", "ko"),
    ("Dr. Lee Soo-jin (Demo Evaluator)", "en"),
    ("한지우 (Demo Evaluator)", "ko"),
)
# Where the demo evaluators work, for the automatic conflict-of-interest check.
EVALUATOR_ORGANISATIONS = ("서울대학교", "Korea Institute of Science and Technology", "LG Electronics Inc.")


def _demo_brn(serial: int) -> str:
    """Numbers of the Gangnam tax office (220) with type 85, which generated companies never use."""
    first_nine = f"22085{serial:04d}"
    return first_nine + str(brn_check_digit(first_nine))


VERIFIED_COMPANY_BRN = _demo_brn(2026)
PENDING_COMPANY_BRN = _demo_brn(2027)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    totp_secret: str = ""
    note: str = ""


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(TALENT_EMAIL, "talent", note="complete profile, visible to verified companies"),
    DemoAccount(COMPANY_EMAIL, "company owner", note="Saebit Semiconductor, verified SME"),
    DemoAccount(RECRUITER_EMAIL, "company recruiter", note="Saebit Semiconductor"),
    DemoAccount(PENDING_COMPANY_EMAIL, "company owner", note="Nuri Robotics, awaiting verification"),
    DemoAccount(STAFF_EMAIL, "staff reviewer", STAFF_TOTP_SECRET, note="second factor required"),
    DemoAccount(
        SECOND_REVIEWER_EMAIL, "staff reviewer", SECOND_REVIEWER_TOTP_SECRET, note="validates what staff@ reviewed"
    ),
    DemoAccount(
        ADMIN_EMAIL, "administrator (superuser)", ADMIN_TOTP_SECRET, note="the lead: reopens decided applications"
    ),
    DemoAccount(ANALYST_EMAIL, "policy analyst", ANALYST_TOTP_SECRET, note="parameter variants and simulations"),
    *(
        DemoAccount(email, "external evaluator", secret, note="scores the applications assigned to them")
        for email, secret in zip(EVALUATOR_EMAILS, EVALUATOR_TOTP_SECRETS, strict=True)
    ),
)


def _user_ensure(email: str, display_name: str, *, superuser: bool = False, language: str = "en") -> tuple[User, bool]:
    """The user with this address, created with the demo password and a verified e-mail if new."""
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    create = User.objects.create_superuser if superuser else User.objects.create_user
    user = create(email, DEMO_PASSWORD, display_name=display_name, preferred_language=language)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    consents_required_ensure(user=user)
    return user, True


def second_factor_ensure(*, user: User, secret: str) -> None:
    """A TOTP authenticator with ``secret`` and recovery codes, as allauth's activation makes them."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    RecoveryCodes.activate(user)


def _ranked(name: str) -> ListEntry | None:
    return (
        ListEntry.objects.filter(name=name, edition__kind__in=[ListKind.QS_WORLD, ListKind.USNEWS_GLOBAL])
        .order_by("edition__kind", "rank")
        .first()
    )


def _talent_ensure() -> None:
    user, created = _user_ensure(TALENT_EMAIL, "Arjun Mehta")
    if not created:
        return
    profile = talent_profile_get_or_create(user=user)
    profile = talent_profile_update_personal(
        profile=profile,
        actor=user,
        given_name="Arjun",
        family_name="Mehta",
        name_hangul="아르준 메타",
        birth_date=date(1988, 3, 14),
        nationality="IN",
        country_of_residence="BE",
        phone="+32 470 12 34 56",
        contact_email=TALENT_EMAIL,
        headline="Advanced packaging engineer · heterogeneous integration · PhD",
    )
    education_add(
        profile=profile,
        actor=user,
        level=EducationLevel.BACHELOR,
        field="Electrical engineering",
        institution="Indian Institute of Technology Bombay",
        country="IN",
        completed_on=date(2010, 5, 31),
    )
    education_add(
        profile=profile,
        actor=user,
        level=EducationLevel.MASTER,
        field="Electrical engineering",
        institution="KAIST",
        country="KR",
        completed_on=date(2013, 2, 22),
    )
    education_add(
        profile=profile,
        actor=user,
        level=EducationLevel.DOCTORATE,
        field="Materials science",
        institution="Seoul National University",
        country="KR",
        completed_on=date(2017, 8, 25),
        ranked_institution=_ranked("Seoul National University"),
    )
    for values in (
        {
            "organization": "imec",
            "organization_kind": OrganizationKind.RESEARCH_INSTITUTE,
            "role": "Postdoctoral researcher",
            "field": "3D integration",
            "started_on": date(2017, 10, 1),
            "ended_on": date(2020, 9, 30),
            "is_postdoctoral": True,
        },
        {
            "organization": "Taiwan Semiconductor Manufacturing (TSMC)",
            "organization_kind": OrganizationKind.COMPANY,
            "role": "Senior integration engineer",
            "field": "Advanced packaging (CoWoS)",
            "started_on": date(2020, 11, 2),
            "ended_on": date(2024, 6, 28),
            "is_postdoctoral": False,
        },
        {
            "organization": "imec",
            "organization_kind": OrganizationKind.RESEARCH_INSTITUTE,
            "role": "Principal member of technical staff",
            "field": "Hybrid bonding",
            "started_on": date(2024, 8, 1),
            "ended_on": None,
            "is_postdoctoral": False,
        },
    ):
        experience_add(profile=profile, actor=user, **values)
    for code, proficiency in (
        ("semi.packaging", 4),
        ("semi.process_integration", 4),
        ("semi.yield", 3),
        ("ai.machine_learning", 2),
        ("common.data_engineering", 2),
    ):
        skill_set(profile=profile, actor=user, skill_code=code, proficiency=proficiency)
    language_set(profile=profile, actor=user, language="hi", test=LanguageTest.NATIVE)
    language_set(profile=profile, actor=user, language="en", test=LanguageTest.IELTS, level="8")
    language_set(profile=profile, actor=user, language="ko", test=LanguageTest.TOPIK, level="4")
    talent_preferences_update(
        profile=profile,
        actor=user,
        desired_industry_codes=[AdvancedIndustry.SEMICONDUCTOR, AdvancedIndustry.AI],
        visibility=Visibility.VERIFIED_COMPANIES,
        consent_profile_sharing=True,
        consent_marketing=True,
    )
    talent_profile_complete(profile=profile, actor=user)


def _companies_ensure(staff: User) -> None:
    owner, _created = _user_ensure(COMPANY_EMAIL, "김서연", language="ko")
    company = Company.objects.filter(business_registration_number=VERIFIED_COMPANY_BRN).first()
    if company is None:
        company = company_register(
            actor=owner,
            business_registration_number=VERIFIED_COMPANY_BRN,
            name_en="Saebit Semiconductor Co., Ltd.",
            name_ko="(주)새빛반도체",
            industry=AdvancedIndustry.SEMICONDUCTOR,
            size_class=SizeClass.SME,
            postal_code="13487",
            address="경기도 성남시 분당구 판교로 255",
            address_detail="B동 4층",
            website="https://saebit-semiconductor.example.com",
        )
        company = company_verify(
            company=company, actor=staff, note="Checked against the National Tax Service business status service."
        )
    if not User.objects.filter(email=RECRUITER_EMAIL).exists():
        _invitation, secret = company_invitation_create(
            company=company, actor=owner, email=RECRUITER_EMAIL, role=MemberRole.RECRUITER
        )
        recruiter, _created = _user_ensure(RECRUITER_EMAIL, "박지훈", language="ko")
        company_invitation_accept(secret=secret, user=recruiter)

    pending_owner, _created = _user_ensure(PENDING_COMPANY_EMAIL, "이도윤", language="ko")
    if not Company.objects.filter(business_registration_number=PENDING_COMPANY_BRN).exists():
        company_register(
            actor=pending_owner,
            business_registration_number=PENDING_COMPANY_BRN,
            name_en="Nuri Robotics Inc.",
            name_ko="(주)누리로보틱스",
            industry=AdvancedIndustry.ROBOTICS,
            size_class=SizeClass.MID_SIZED,
            postal_code="51542",
            address="경상남도 창원시 성산구 창원대로 1144",
            website="https://nuri-robotics.example.com",
        )


@transaction.atomic
def demo_accounts_ensure() -> User:
    """Create whichever demo accounts are missing; return the staff reviewer who verifies companies."""
    admin, _created = _user_ensure(ADMIN_EMAIL, "Demo Administrator", superuser=True)
    user_grant_role(user=admin, role=Role.ADMINISTRATOR, actor=admin)
    second_factor_ensure(user=admin, secret=ADMIN_TOTP_SECRET)
    staff, _created = _user_ensure(STAFF_EMAIL, "정하은 (Demo Reviewer)", language="ko")
    user_grant_role(user=staff, role=Role.STAFF_REVIEWER, actor=admin)
    second_factor_ensure(user=staff, secret=STAFF_TOTP_SECRET)
    analyst, _created = _user_ensure(ANALYST_EMAIL, "Demo Policy Analyst")
    user_grant_role(user=analyst, role=Role.POLICY_ANALYST, actor=admin)
    second_factor_ensure(user=analyst, secret=ANALYST_TOTP_SECRET)
    second_reviewer, _created = _user_ensure(SECOND_REVIEWER_EMAIL, "Demo Second Reviewer")
    user_grant_role(user=second_reviewer, role=Role.STAFF_REVIEWER, actor=admin)
    second_factor_ensure(user=second_reviewer, secret=SECOND_REVIEWER_TOTP_SECRET)
    for email, secret, (name, language), organisation in zip(
        EVALUATOR_EMAILS, EVALUATOR_TOTP_SECRETS, EVALUATOR_PEOPLE, EVALUATOR_ORGANISATIONS, strict=True
    ):
        evaluator, _created = _user_ensure(email, name, language=language)
        user_grant_role(user=evaluator, role=Role.EXTERNAL_EVALUATOR, actor=admin)
        user_set_organisation(user=evaluator, organisation=organisation, actor=admin)
        second_factor_ensure(user=evaluator, secret=secret)
    _talent_ensure()
    _companies_ensure(staff)
    return staff
