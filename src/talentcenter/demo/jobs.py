"""Demo openings: the demo company's own six (one in every status, made by the real services, with
applicants at different stages) and about 150 published openings of the generated verified
companies (bulk inserts), so the job board, the company pages and the ranked candidates have
something to show.

1. Saebit Semiconductor (company@demo.talentcenter.kr): a draft, three published openings, an
   unpublished one and a closed one, each with skills and languages, through
   ``jobs.services.openings`` (audited, indexed). Its published openings get applications from the
   demo talent (talent@demo.talentcenter.kr) and from generated talents, through the talents' own
   service ``application_submit``, then moved along by ``jobs.services.pipeline`` (new, screening,
   interview, offer, not selected), so their histories and notices are real.
2. The generated verified companies get ``GENERATED_OPENINGS`` published openings in their own
   industries, inserted in bulk with ``search_text`` filled by the services' own function and
   their matching index rows written with ``matching.services.opening_vector_put``.

Deterministic (a seeded random generator; only dates follow the day of the run) and idempotent:
each part is made only when missing. Returns how many openings were made.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from talentcenter.accounts.models import User
from talentcenter.demo.accounts import COMPANY_EMAIL, TALENT_EMAIL, VERIFIED_COMPANY_BRN
from talentcenter.demo.plan import COMPANY_EMAIL_DOMAIN, TALENT_EMAIL_DOMAIN
from talentcenter.foundation.korean import fix_particles
from talentcenter.jobs import queries
from talentcenter.jobs.enums import CloseReason, OpeningStatus, Region, Sponsorship
from talentcenter.jobs.models import JobApplication, Opening, OpeningLanguage, OpeningSkill
from talentcenter.jobs.services import openings as opening_services
from talentcenter.jobs.services import pipeline
from talentcenter.jobs.services.openings import search_text_of
from talentcenter.matching.services import opening_vector_put
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import Company, CompanyMembership
from talentcenter.reference.models import Occupation, Skill

SEED = 2026
GENERATED_OPENINGS = 150
GENERATED_APPLICANTS = 8

DESCRIPTION_EN = (
    "{company} is hiring a {title}. You will work with a small team on {skills}. "
    "We offer relocation support and, if you qualify, we apply for your visa with you."
)
DESCRIPTION_KO = (
    "{company}에서 {title}을(를) 채용합니다. {skills} 분야에서 함께 일할 분을 찾습니다. 비자 신청을 지원합니다."
)

# The demo company's openings: (status, title_en, title_ko, skills, languages, salary range, region).
DEMO_OPENINGS: list[dict[str, Any]] = [
    {
        "status": OpeningStatus.PUBLISHED,
        "title_en": "Advanced packaging engineer (HBM)",
        "title_ko": "첨단 패키징 엔지니어 (HBM)",
        "skills": [("semi.packaging", 5, True), ("semi.process_integration", 3, False)],
        "languages": [("en", 4, True), ("ko", 2, False)],
        "salary": (70_000_000, 110_000_000),
        "region": Region.GYEONGGI,
        "sponsorship": Sponsorship.KTECH_PASS,
        "education": 40,
        "years": 5,
    },
    {
        "status": OpeningStatus.PUBLISHED,
        "title_en": "Machine learning engineer for yield analytics",
        "title_ko": "수율 분석 머신러닝 엔지니어",
        "skills": [("ai.machine_learning", 5, True), ("semi.yield", 3, False), ("ai.mlops", 2, False)],
        "languages": [("en", 4, True)],
        "salary": (60_000_000, 95_000_000),
        "region": Region.SEOUL,
        "sponsorship": Sponsorship.EITHER,
        "education": 30,
        "years": 2,
    },
    {
        "status": OpeningStatus.PUBLISHED,
        "title_en": "Analog IC design engineer",
        "title_ko": "아날로그 회로 설계 엔지니어",
        "skills": [("semi.analog_design", 5, True), ("semi.verification", 2, False)],
        "languages": [("en", 3, True)],
        "salary": (65_000_000, 100_000_000),
        "region": Region.GYEONGGI,
        "sponsorship": Sponsorship.E7_RECOMMENDATION,
        "education": 40,
        "years": 3,
    },
    {
        "status": OpeningStatus.DRAFT,
        "title_en": "EUV lithography process engineer",
        "title_ko": "EUV 노광 공정 엔지니어",
        "skills": [("semi.lithography", 5, True)],
        "languages": [("en", 3, True)],
        "salary": (70_000_000, 100_000_000),
        "region": Region.GYEONGGI,
        "sponsorship": Sponsorship.KTECH_PASS,
        "education": 40,
        "years": 4,
    },
    {
        "status": OpeningStatus.UNPUBLISHED,
        "title_en": "Design verification engineer",
        "title_ko": "설계 검증 엔지니어",
        "skills": [("semi.verification", 5, True), ("semi.digital_design", 3, False)],
        "languages": [("en", 3, True)],
        "salary": (55_000_000, 85_000_000),
        "region": Region.SEOUL,
        "sponsorship": Sponsorship.NONE,
        "education": 30,
        "years": 3,
    },
    {
        "status": OpeningStatus.CLOSED,
        "title_en": "Etch and deposition engineer",
        "title_ko": "식각·증착 엔지니어",
        "skills": [("semi.etch_deposition", 5, True)],
        "languages": [("en", 3, True)],
        "salary": (60_000_000, 90_000_000),
        "region": Region.CHUNGNAM,
        "sponsorship": Sponsorship.KTECH_PASS,
        "education": 30,
        "years": 3,
    },
]

# Where generated applicants end up on the demo company's published openings.
STAGE_PATHS: list[list[str]] = [
    [],
    ["screen"],
    ["invite_to_interview"],
    ["screen", "make_offer"],
    ["screen", "reject"],
    [],
    ["screen", "invite_to_interview"],
    ["screen"],
]

TITLES: dict[str, list[tuple[str, str]]] = {
    "semiconductor": [
        ("Process integration engineer", "공정 통합 엔지니어"),
        ("Memory device engineer", "메모리 소자 엔지니어"),
        ("Yield enhancement engineer", "수율 개선 엔지니어"),
        ("Digital IC designer", "디지털 회로 설계자"),
    ],
    "display": [("OLED process engineer", "OLED 공정 엔지니어"), ("Display panel designer", "디스플레이 패널 설계자")],
    "secondary_battery": [
        ("Battery cell engineer", "배터리 셀 엔지니어"),
        ("Cathode materials researcher", "양극재 연구원"),
        ("BMS software engineer", "BMS 소프트웨어 엔지니어"),
    ],
    "bio": [("Bioinformatics scientist", "생물정보학 연구원"), ("Bioprocess engineer", "바이오 공정 엔지니어")],
    "robotics": [("Robot control engineer", "로봇 제어 엔지니어"), ("Robot perception engineer", "로봇 인지 엔지니어")],
    "defence": [
        ("Radar systems engineer", "레이더 시스템 엔지니어"),
        ("Embedded systems engineer", "임베디드 시스템 엔지니어"),
    ],
    "ai": [
        ("Machine learning engineer", "머신러닝 엔지니어"),
        ("Computer vision researcher", "컴퓨터 비전 연구원"),
        ("LLM engineer", "LLM 엔지니어"),
        ("MLOps engineer", "MLOps 엔지니어"),
    ],
    "advanced_mobility": [
        ("Autonomous driving engineer", "자율주행 엔지니어"),
        ("ADAS perception engineer", "ADAS 인지 엔지니어"),
    ],
}
REGIONS = [Region.SEOUL, Region.GYEONGGI, Region.INCHEON, Region.DAEJEON, Region.BUSAN, Region.ULSAN, Region.SEJONG]
SPONSORSHIPS = [Sponsorship.KTECH_PASS, Sponsorship.EITHER, Sponsorship.E7_RECOMMENDATION, Sponsorship.NONE]


def _demo_company() -> tuple[Company, User] | None:
    company = Company.objects.filter(business_registration_number=VERIFIED_COMPANY_BRN).first()
    owner = User.objects.filter(email=COMPANY_EMAIL).first()
    if company is None or owner is None:
        return None
    return company, owner


def _demo_values(plan: dict[str, Any], company: Company, today: Any) -> dict[str, Any]:
    skills_text = ", ".join(code.split(".")[-1].replace("_", " ") for code, _weight, _required in plan["skills"])
    return {
        "title_en": plan["title_en"],
        "title_ko": plan["title_ko"],
        "description_en": DESCRIPTION_EN.format(company=company.name_en, title=plan["title_en"], skills=skills_text),
        "description_ko": fix_particles(
            DESCRIPTION_KO.format(company=company.name_ko, title=plan["title_ko"], skills=skills_text)
        ),
        "industry": "semiconductor" if not plan["skills"][0][0].startswith("ai.") else "ai",
        "occupation": "2211" if Occupation.objects.filter(code="2211").exists() else "",
        "min_education_level": plan["education"],
        "min_years": plan["years"],
        "salary_min_krw": plan["salary"][0],
        "salary_max_krw": plan["salary"][1],
        "region": plan["region"],
        "location_detail": "",
        "closing_date": today + timedelta(days=45),
        "start_date": today + timedelta(days=90),
        "sponsorship": plan["sponsorship"],
        "skills": plan["skills"],
        "languages": plan["languages"],
    }


def _move(owner: User, application: JobApplication, path: list[str]) -> None:
    for transition in path:
        reason = "Another candidate's experience fits the role better." if transition == "reject" else ""
        pipeline.application_move(actor=owner, application=application, transition=transition, reason=reason)


def _apply(user: User, opening: Opening) -> JobApplication | None:
    from talentcenter.jobs.services.applications import application_submit

    try:
        return application_submit(actor=user, opening=opening, cover_note="")
    except (ValidationError, PermissionDenied):  # an incomplete generated profile just does not apply
        return None


def _demo_openings() -> int:
    """The demo company's six openings and their applicants (once)."""
    found = _demo_company()
    if found is None:
        return 0
    company, owner = found
    if Opening.objects.filter(company=company).exists():
        return 0
    today = timezone.localdate()
    made: list[Opening] = []
    with transaction.atomic():
        for plan in DEMO_OPENINGS:
            opening = opening_services.opening_create(
                actor=owner, company=company, **_demo_values(plan, company, today)
            )
            if plan["status"] != OpeningStatus.DRAFT:
                opening_services.opening_publish(actor=owner, opening=opening)
            if plan["status"] == OpeningStatus.UNPUBLISHED:
                opening_services.opening_unpublish(actor=owner, opening=opening)
            if plan["status"] == OpeningStatus.CLOSED:
                opening_services.opening_close(actor=owner, opening=opening, reason=CloseReason.FILLED)
            made.append(opening)
    published = [opening for opening, plan in zip(made, DEMO_OPENINGS, strict=True) if plan["status"] == "published"]
    talent = User.objects.filter(email=TALENT_EMAIL).first()
    if talent is not None:
        with transaction.atomic():
            applied = _apply(talent, published[0])
            if applied is not None:
                _move(owner, applied, ["screen", "invite_to_interview"])
    applicants = list(
        User.objects.filter(
            email__endswith=f"@{TALENT_EMAIL_DOMAIN}", talent_profile__completed_at__isnull=False
        ).order_by("pk")[: GENERATED_APPLICANTS * 2]
    )
    for index, user in enumerate(applicants):
        opening = published[index % len(published)]
        with transaction.atomic():
            applied = _apply(user, opening)
            if applied is not None:
                _move(owner, applied, STAGE_PATHS[index % len(STAGE_PATHS)])
    return len(made)


def _skills_by_industry() -> dict[str, list[Skill]]:
    skills: dict[str, list[Skill]] = {}
    for skill in Skill.objects.order_by("code"):
        skills.setdefault(skill.category, []).append(skill)
    return skills


def _generated_companies() -> list[tuple[Company, int]]:
    """Verified generated companies with the user id of a member, by id."""
    rows = (
        CompanyMembership.objects.filter(
            company__status=CompanyStatus.VERIFIED, user__email__endswith=f".{COMPANY_EMAIL_DOMAIN}"
        )
        .select_related("company")
        .order_by("company_id", "pk")
    )
    seen: dict[int, tuple[Company, int]] = {}
    for membership in rows:
        seen.setdefault(membership.company_id, (membership.company, membership.user_id))
    return list(seen.values())


def _generated_openings(total: int = GENERATED_OPENINGS) -> int:
    """Published openings of the generated verified companies, in bulk (up to ``total``)."""
    companies = _generated_companies()
    if not companies:
        return 0
    existing = Opening.objects.filter(company_id__in=[company.pk for company, _user in companies]).count()
    missing = total - existing
    if missing <= 0:
        return 0
    rng = random.Random(SEED + existing)  # noqa: S311 - demo data, not secrets
    skills = _skills_by_industry()
    cross = skills.get("cross_cutting", [])
    occupations = list(Occupation.objects.filter(code__in=["2211", "2212", "2221", "2231", "2351"]).order_by("code"))
    now = timezone.now()
    today = timezone.localdate()
    plans: list[tuple[Opening, list[tuple[Skill, int, bool]], list[tuple[str, int, bool]]]] = []
    for number in range(missing):
        company, user_id = companies[(existing + number) % len(companies)]
        industry = company.industry if company.industry in TITLES else rng.choice(list(TITLES))
        title_en, title_ko = rng.choice(TITLES[industry])
        own = skills.get(industry, []) or cross
        chosen = rng.sample(own, k=min(len(own), rng.randint(1, 3)))
        extra = rng.sample(cross, k=min(len(cross), rng.randint(0, 2)))
        opening_skills = [(skill, rng.randint(3, 5), True) for skill in chosen] + [
            (skill, rng.randint(1, 3), False) for skill in extra if skill not in chosen
        ]
        languages = [("en", rng.randint(3, 5), True)] + (
            [("ko", rng.randint(1, 3), False)] if rng.random() < 0.5 else []
        )
        low = rng.randrange(40, 90) * 1_000_000
        skills_text = ", ".join(skill.name_en for skill, _weight, _required in opening_skills)
        opening = Opening(
            company=company,
            created_by_id=user_id,
            status=OpeningStatus.PUBLISHED,
            title_en=title_en,
            title_ko=title_ko,
            description_en=DESCRIPTION_EN.format(company=company.name_en, title=title_en, skills=skills_text),
            description_ko=fix_particles(
                DESCRIPTION_KO.format(company=company.name_ko, title=title_ko, skills=skills_text)
            ),
            industry=industry,
            occupation=rng.choice(occupations) if occupations else None,
            min_education_level=rng.choice([None, 30, 40, 50]),
            min_years=rng.randint(0, 8),
            salary_min_krw=low,
            salary_max_krw=low + rng.randrange(10, 50) * 1_000_000,
            region=rng.choice(REGIONS),
            closing_date=today + timedelta(days=rng.randint(14, 120)),
            start_date=today + timedelta(days=rng.randint(130, 200)),
            sponsorship=rng.choice(SPONSORSHIPS),
            published_at=now - timedelta(hours=rng.randint(1, 24 * 60)),
        )
        opening.search_text = search_text_of(opening, [skill for skill, _weight, _required in opening_skills])
        plans.append((opening, opening_skills, languages))
    with transaction.atomic():
        created = Opening.objects.bulk_create([opening for opening, _skills, _languages in plans], batch_size=500)
        OpeningSkill.objects.bulk_create(
            [
                OpeningSkill(opening=opening, skill=skill, weight=weight, required=required)
                for opening, (_plan, opening_skills, _languages) in zip(created, plans, strict=True)
                for skill, weight, required in opening_skills
            ],
            batch_size=1000,
        )
        OpeningLanguage.objects.bulk_create(
            [
                OpeningLanguage(opening=opening, language=code, minimum_level=level, required=required)
                for opening, (_plan, _skills, languages) in zip(created, plans, strict=True)
                for code, level, required in languages
            ],
            batch_size=1000,
        )
        loaded = (
            Opening.objects.filter(pk__in=[opening.pk for opening in created])
            .select_related("company", "occupation")
            .prefetch_related("skills__skill", "languages")
        )
        for opening in loaded:
            opening_vector_put(queries.opening_record(opening, today=today))
    return len(created)


def demo_jobs_ensure() -> int:
    """Make the demo openings that are missing; returns how many openings were made."""
    return _demo_openings() + _generated_openings()
