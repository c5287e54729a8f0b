"""Demo data for the policy engine: two parameter variants and a few stored assessments.

Made through the real services (so they are audited) and only when missing, like the accounts.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from talentcenter.accounts.models import User
from talentcenter.demo.accounts import ANALYST_EMAIL, STAFF_EMAIL, TALENT_EMAIL
from talentcenter.policy.engine import ApplicantIn
from talentcenter.policy.enums import AssessmentKind
from talentcenter.policy.models import Assessment, ParameterVariant
from talentcenter.policy.selectors import applicant_data_from_profile
from talentcenter.policy.services import assessment_record, variant_create, variant_publish, variant_set_value
from talentcenter.talent.models import TalentProfile

DEMO_OFFER = {
    "company": "Saebit Semiconductor Co., Ltd.",
    "company_size": "sme",
    "industry": "semiconductor",
    "technology_field": "digital_electronics",
    "annual_salary_krw": 152_000_000,
    "occupation": "2211",
    "region": "Gyeonggi",
}


def _variants_ensure(analyst: User) -> None:
    if not ParameterVariant.objects.filter(slug="salary-2-5x-2027").exists():
        variant = variant_create(
            actor=analyst,
            slug="salary-2-5x-2027",
            name="K-Tech Pass salary bar at 2.5x GNI from 2027",
            description="What if the standard track asked for 2.5 times per-capita GNI instead of 3?",
        )
        variant_set_value(
            actor=analyst,
            variant=variant,
            parameter="ktech_pass.salary_gni_multiple",
            effective_from=date(2027, 1, 1),
            value=2.5,
            source="Policy analysis draft (demo)",
        )
        variant_publish(actor=analyst, variant=variant)
    if not ParameterVariant.objects.filter(slug="pass-mark-65").exists():
        variant = variant_create(
            actor=analyst,
            slug="pass-mark-65",
            name="Qualitative track pass mark 65",
            description="Draft: lower the rubric's pass mark from 70 to 65 from 2027.",
        )
        variant_set_value(
            actor=analyst,
            variant=variant,
            parameter="ktech_pass.qualitative.pass_mark",
            effective_from=date(2027, 1, 1),
            value=65,
            source="Policy analysis draft (demo)",
        )


def _assessments_ensure(staff: User, talent: User) -> None:
    profile = TalentProfile.objects.filter(user=talent).first()
    if profile is None or Assessment.objects.filter(subject=profile).exists():
        return
    data = applicant_data_from_profile(profile)
    data["offer"] = DEMO_OFFER
    applicant = ApplicantIn.model_validate(data)
    assessment_record(
        actor=talent,
        applicant=applicant,
        as_of=date(2026, 8, 1),
        kind=AssessmentKind.SELF_CHECK,
        subject=profile,
        language="en",
    )
    assessment_record(
        actor=staff,
        applicant=applicant,
        as_of=date(2026, 8, 1),
        kind=AssessmentKind.OFFICIAL,
        subject=profile,
        programmes=["ktech-pass"],
        language="ko",
    )


@transaction.atomic
def demo_policy_ensure() -> None:
    analyst = User.objects.get(email=ANALYST_EMAIL)
    staff = User.objects.get(email=STAFF_EMAIL)
    talent = User.objects.get(email=TALENT_EMAIL)
    _variants_ensure(analyst)
    _assessments_ensure(staff, talent)
