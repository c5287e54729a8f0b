"""Planning demo records: pure functions from (seed, index, reference data) to plain values.

Every record gets its own random generator seeded with the run's seed and its index, so record
number 1234 is the same whether 300 or 100,000 records are made, and a second, larger run can
add only the records that are missing. Nothing here touches the database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from faker import Faker

from talentcenter.demo import catalog
from talentcenter.demo.names import ascii_slug, latin_name
from talentcenter.organizations.enums import CompanyStatus, MemberRole, SizeClass
from talentcenter.organizations.validators import brn_check_digit
from talentcenter.talent.enums import EducationLevel, LanguageTest, OrganizationKind, Visibility

# Generated people get addresses under example.org (RFC 2606): nothing is ever delivered there.
TALENT_EMAIL_DOMAIN = "talent.example.org"
COMPANY_EMAIL_DOMAIN = "company.example.org"
# The day the generated histories end; fixed, so that a seed gives the same data on any day.
DEMO_AS_OF = date(2026, 11, 1)

INDUSTRIES: tuple[str, ...] = tuple(catalog.INDUSTRY_WEIGHTS)
SIZE_PATTERN: tuple[str, ...] = (
    SizeClass.SME,
    SizeClass.MID_SIZED,
    SizeClass.LARGE,
    SizeClass.SME,
    SizeClass.SME,
    SizeClass.MID_SIZED,
    SizeClass.SME,
    SizeClass.SME,
    SizeClass.LARGE,
    SizeClass.SME,
)
# Generated business registration numbers use corporate type codes 81, 86, 87 and 88; the fixed
# demo companies use 85, so the two never collide.
GENERATED_BRN_KINDS = (81, 86, 87, 88)
_BRN_OFFICES = 798  # tax office codes 101..898
_BRN_SERIALS = 9999
_BRN_SPACE = _BRN_OFFICES * len(GENERATED_BRN_KINDS) * _BRN_SERIALS
_BRN_STRIDE = 7_919  # prime, coprime with the space, so index -> number is one-to-one


@dataclass(frozen=True)
class University:
    name: str
    country: str
    ranked_id: int | None = None


@dataclass(frozen=True)
class ReferenceContext:
    """The reference data a plan draws from, in a fixed order so that plans are reproducible."""

    ranked_universities: tuple[University, ...]
    korean_universities: tuple[University, ...]
    ranked_companies: tuple[tuple[str, str], ...]
    skills_by_category: dict[str, tuple[tuple[str, str], ...]]  # category -> ((code, English name), ...)


@dataclass(frozen=True)
class EducationPlan:
    level: int
    field: str
    institution: str
    country: str
    completed_on: date
    ranked_institution_id: int | None


@dataclass(frozen=True)
class ExperiencePlan:
    organization: str
    organization_kind: str
    role: str
    field: str
    started_on: date
    ended_on: date | None
    is_postdoctoral: bool


@dataclass(frozen=True)
class ProfilePlan:
    index: int
    email: str
    preferred_language: str
    given_name: str
    family_name: str
    name_hangul: str
    birth_date: date
    nationality: str
    country_of_residence: str
    phone: str
    headline: str
    visibility: str
    completed: bool
    consents: tuple[tuple[str, bool], ...]
    educations: tuple[EducationPlan, ...]
    experiences: tuple[ExperiencePlan, ...]
    skills: tuple[tuple[str, int], ...]
    languages: tuple[tuple[str, str, str], ...]
    desired_industries: tuple[str, ...]

    @property
    def highest_education_level(self) -> int | None:
        return max((education.level for education in self.educations), default=None)


@dataclass(frozen=True)
class MemberPlan:
    email: str
    display_name: str
    role: str


@dataclass(frozen=True)
class CompanyPlan:
    index: int
    business_registration_number: str
    name_en: str
    name_ko: str
    industry: str
    size_class: str
    postal_code: str
    address: str
    address_detail: str
    website: str
    status: str
    status_reason: str
    members: tuple[MemberPlan, ...] = field(default=())


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def _rng(seed: int, kind: str, index: int) -> random.Random:
    return random.Random(f"{seed}:{kind}:{index}")  # noqa: S311 - demo data, not secrets


def _day(rng: random.Random, year: int, months: tuple[int, ...] = tuple(range(1, 13))) -> date:
    return date(year, rng.choice(months), rng.randint(1, 28))


def generated_brn(index: int) -> str:
    """The business registration number of generated company ``index``; valid and unique."""
    number = (index * _BRN_STRIDE + 1) % _BRN_SPACE
    serial = 1 + number % _BRN_SERIALS
    number //= _BRN_SERIALS
    kind = GENERATED_BRN_KINDS[number % len(GENERATED_BRN_KINDS)]
    office = 101 + number // len(GENERATED_BRN_KINDS)
    first_nine = f"{office:03d}{kind:02d}{serial:04d}"
    return first_nine + str(brn_check_digit(first_nine))


# --- Profiles ----------------------------------------------------------------------------------


def _pick_origin(rng: random.Random) -> catalog.Origin:
    return rng.choices(catalog.ORIGINS, weights=[origin.weight for origin in catalog.ORIGINS])[0]


def _pick_university(rng: random.Random, context: ReferenceContext, *, level: int, home: str) -> University:
    weights = {
        EducationLevel.BACHELOR: (25, 3, 72),
        EducationLevel.MASTER: (40, 12, 48),
        EducationLevel.DOCTORATE: (45, 15, 40),
    }[EducationLevel(level)]
    choice = rng.choices(("ranked", "korean", "national"), weights=weights)[0]
    if choice == "korean" and context.korean_universities:
        return rng.choice(context.korean_universities)
    if choice == "ranked" and context.ranked_universities:
        same_country = [university for university in context.ranked_universities if university.country == home]
        if same_country and rng.random() < 0.4:
            return rng.choice(same_country)
        return rng.choice(context.ranked_universities)
    national = catalog.UNIVERSITIES_BY_COUNTRY.get(home) or catalog.UNIVERSITIES_BY_COUNTRY["US"]
    return University(name=rng.choice(national), country=home if home in catalog.UNIVERSITIES_BY_COUNTRY else "US")


def _plan_educations(
    rng: random.Random, context: ReferenceContext, *, birth_date: date, home: str, focus: str, as_of: date
) -> list[EducationPlan]:
    top = rng.choices((EducationLevel.BACHELOR, EducationLevel.MASTER, EducationLevel.DOCTORATE), weights=(15, 45, 40))[
        0
    ]
    subject = rng.choice(catalog.FIELDS_OF_STUDY[focus])
    year = birth_date.year + rng.choice((22, 22, 23, 23, 24))
    plans: list[EducationPlan] = []
    levels = [EducationLevel.BACHELOR]
    if top >= EducationLevel.MASTER:
        levels.append(EducationLevel.MASTER)
    if top == EducationLevel.DOCTORATE:
        levels.append(EducationLevel.DOCTORATE)
    for level in levels:
        if level == EducationLevel.MASTER:
            year += rng.choice((1, 2, 2, 2, 3))
        elif level == EducationLevel.DOCTORATE:
            year += rng.choice((3, 4, 4, 5, 5, 6))
        completed_on = _day(rng, year, (2, 6, 7, 8, 12))
        if completed_on > as_of:
            break
        university = _pick_university(rng, context, level=level, home=home)
        if level != EducationLevel.BACHELOR and rng.random() < 0.25:
            subject = rng.choice(catalog.FIELDS_OF_STUDY[focus])
        plans.append(
            EducationPlan(
                level=level,
                field=subject,
                institution=university.name,
                country=university.country,
                completed_on=completed_on,
                ranked_institution_id=university.ranked_id,
            )
        )
    return plans


def _employer(rng: random.Random, context: ReferenceContext, focus: str, kind: str) -> tuple[str, str]:
    if kind == OrganizationKind.RESEARCH_INSTITUTE:
        return rng.choice(catalog.RESEARCH_INSTITUTES)
    if kind == OrganizationKind.GOVERNMENT:
        return rng.choice(catalog.GOVERNMENT_BODIES)
    if kind == OrganizationKind.UNIVERSITY:
        university = rng.choice(context.ranked_universities or (University("KAIST", "KR"),))
        return university.name, university.country
    if context.ranked_companies and rng.random() < 0.3:
        # Prefer the ranked companies that employ engineers in these industries, when the list has them.
        tech = [entry for entry in context.ranked_companies if entry[0] in catalog.TECH_RANKED_COMPANIES]
        return rng.choice(tech or context.ranked_companies)
    industry = focus if rng.random() < 0.8 else rng.choice(INDUSTRIES)
    return rng.choice(catalog.INDUSTRY_EMPLOYERS[industry])


def _role(rng: random.Random, kind: str, seniority: int) -> str:
    ladder = {
        OrganizationKind.COMPANY: catalog.COMPANY_ROLES,
        OrganizationKind.RESEARCH_INSTITUTE: catalog.RESEARCH_ROLES,
        OrganizationKind.UNIVERSITY: catalog.UNIVERSITY_ROLES,
        OrganizationKind.GOVERNMENT: catalog.GOVERNMENT_ROLES,
    }[OrganizationKind(kind)]
    return rng.choice(ladder[min(seniority, len(ladder) - 1)])


def _plan_experiences(
    rng: random.Random,
    context: ReferenceContext,
    *,
    educations: list[EducationPlan],
    birth_date: date,
    focus: str,
    as_of: date,
) -> list[ExperiencePlan]:
    fields = [name for _code, name in context.skills_by_category.get(focus, ())] or [focus]
    last_degree = max((education.completed_on for education in educations), default=None)
    start = (last_degree or date(birth_date.year + 20, 3, 1)) + timedelta(days=rng.randint(20, 150))
    start = min(start, as_of)
    career_start = start
    plans: list[ExperiencePlan] = []
    has_doctorate = any(education.level == EducationLevel.DOCTORATE for education in educations)
    if has_doctorate and rng.random() < 0.6:
        for _ in range(rng.choice((1, 1, 2))):
            end = start + timedelta(days=rng.randint(540, 1100))
            if end >= as_of:
                break
            kind = OrganizationKind.RESEARCH_INSTITUTE if rng.random() < 0.6 else OrganizationKind.UNIVERSITY
            organization, _country = _employer(rng, context, focus, kind)
            plans.append(
                ExperiencePlan(
                    organization=organization,
                    organization_kind=kind,
                    role="Postdoctoral researcher"
                    if kind == OrganizationKind.RESEARCH_INSTITUTE
                    else "Postdoctoral fellow",
                    field=rng.choice(fields),
                    started_on=start,
                    ended_on=end,
                    is_postdoctoral=True,
                )
            )
            start = end + timedelta(days=rng.randint(1, 60))
    while True:
        start = min(start, as_of)
        kind = rng.choices(
            (
                OrganizationKind.COMPANY,
                OrganizationKind.RESEARCH_INSTITUTE,
                OrganizationKind.UNIVERSITY,
                OrganizationKind.GOVERNMENT,
            ),
            weights=(65, 20, 10, 5),
        )[0]
        organization, _country = _employer(rng, context, focus, kind)
        seniority = (start - career_start).days // (365 * 5) + (1 if has_doctorate else 0)
        planned_finish = start + timedelta(days=rng.randint(365, 7 * 365))
        current = planned_finish >= as_of
        finish: date | None = planned_finish
        if current:
            # The latest position: most people still hold it, some left it recently.
            finish = (
                None if rng.random() < 0.85 else as_of - timedelta(days=rng.randint(0, max(0, (as_of - start).days)))
            )
        plans.append(
            ExperiencePlan(
                organization=organization,
                organization_kind=kind,
                role=_role(rng, kind, seniority),
                field=rng.choice(fields),
                started_on=start,
                ended_on=finish,
                is_postdoctoral=False,
            )
        )
        if current:
            return plans
        start = planned_finish + timedelta(days=rng.randint(1, 120))


def _plan_languages(rng: random.Random, origin: catalog.Origin, *, korean_heritage: bool) -> list[tuple[str, str, str]]:
    languages: list[tuple[str, str, str]] = []
    if origin.native_language in catalog.KNOWN_SPOKEN_LANGUAGES:
        languages.append((origin.native_language, LanguageTest.NATIVE, ""))
    if origin.native_language != "en":
        test = rng.choices(
            (LanguageTest.IELTS, LanguageTest.TOEFL_IBT, LanguageTest.TOEIC, LanguageTest.CEFR, LanguageTest.NONE),
            weights=(35, 30, 10, 10, 15),
        )[0]
        level = {
            LanguageTest.IELTS: lambda: f"{rng.choice((5.5, 6, 6.5, 7, 7, 7.5, 8, 8.5)):g}",
            LanguageTest.TOEFL_IBT: lambda: str(rng.randint(72, 116)),
            LanguageTest.TOEIC: lambda: str(5 * rng.randint(130, 198)),
            LanguageTest.CEFR: lambda: rng.choice(("B1", "B2", "B2", "C1", "C1", "C2")),
            LanguageTest.NONE: lambda: "",
        }[LanguageTest(test)]()
        languages.append(("en", test, level))
    if korean_heritage or rng.random() < 0.4:
        test = rng.choices((LanguageTest.TOPIK, LanguageTest.KIIP, LanguageTest.NONE), weights=(60, 10, 30))[0]
        level = {
            LanguageTest.TOPIK: lambda: str(rng.choices((1, 2, 3, 4, 5, 6), weights=(15, 20, 25, 20, 12, 8))[0]),
            LanguageTest.KIIP: lambda: str(rng.randint(0, 5)),
            LanguageTest.NONE: lambda: "",
        }[LanguageTest(test)]()
        languages.append(("ko", test, level))
    if rng.random() < 0.1:
        extra = rng.choice(("ja", "zh", "de", "fr", "es"))
        if extra not in {language for language, _test, _level in languages}:
            languages.append((extra, LanguageTest.CEFR, rng.choice(("A2", "B1", "B2"))))
    return languages


def plan_profile(*, seed: int, index: int, context: ReferenceContext, as_of: date = DEMO_AS_OF) -> ProfilePlan:
    """One talent profile with its education, experience, skills, languages and preferences."""
    rng = _rng(seed, "profile", index)
    origin = _pick_origin(rng)
    fake = _faker(origin.locale)
    fake.seed_instance(rng.getrandbits(64))
    female = rng.random() < 0.38
    given, family = latin_name(fake, origin.locale, female=female)
    name_hangul = ""
    korean_heritage = rng.random() < origin.korean_heritage_share
    if korean_heritage:
        family_ko, family = rng.choice(catalog.KOREAN_FAMILY_NAMES)
        given_ko, given_korean_latin = rng.choice(catalog.KOREAN_GIVEN_NAMES)
        name_hangul = family_ko + given_ko
        if origin.country in {"CN", "JP"} or rng.random() < 0.4:
            given = given_korean_latin
    birth_date = _day(rng, rng.randint(1965, 2000))
    focus = rng.choices(INDUSTRIES, weights=tuple(catalog.INDUSTRY_WEIGHTS.values()))[0]
    educations = _plan_educations(rng, context, birth_date=birth_date, home=origin.country, focus=focus, as_of=as_of)
    experiences = _plan_experiences(
        rng, context, educations=educations, birth_date=birth_date, focus=focus, as_of=as_of
    )
    category_skills = [code for code, _name in context.skills_by_category.get(focus, ())]
    common_skills = [code for code, _name in context.skills_by_category.get("cross_cutting", ())]
    chosen = rng.sample(category_skills, min(len(category_skills), rng.randint(2, 5)))
    chosen += rng.sample(common_skills, min(len(common_skills), rng.randint(0, 2)))
    skills = [(code, rng.choices((1, 2, 3, 4), weights=(5, 25, 45, 25))[0]) for code in chosen]
    languages = _plan_languages(rng, origin, korean_heritage=korean_heritage)
    others = [industry for industry in INDUSTRIES if industry != focus]
    desired = (focus, *rng.sample(others, rng.choice((0, 0, 1, 1, 2))))
    visibility = Visibility.VERIFIED_COMPANIES if rng.random() < 0.65 else Visibility.PRIVATE
    completed = rng.random() < 0.88
    if not completed:
        # A draft: the person stopped before the skills step, some before the experience step.
        skills = []
        if rng.random() < 0.5:
            experiences = []
    residence = origin.country
    roll = rng.random()
    if roll < 0.15:
        residence = "KR"
    elif roll < 0.3:
        residence = rng.choice(("US", "DE", "SG", "JP", "GB", "CA", "AU"))
    calling_code = "82" if residence == "KR" else origin.calling_code
    mobile = "10" if residence == "KR" else str(rng.randint(20, 99))
    phone = f"+{calling_code} {mobile} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
    latest = max(experiences, key=lambda experience: experience.started_on, default=None)
    top_level = max((education.level for education in educations), default=None)
    headline_parts = [
        latest.role if latest else "Graduate",
        latest.field if latest else focus.replace("_", " ").title(),
    ]
    if top_level == EducationLevel.DOCTORATE:
        headline_parts.append("PhD")
    consents: list[tuple[str, bool]] = [("terms", True), ("privacy", True)]
    if visibility == Visibility.VERIFIED_COMPANIES:
        consents.append(("profile_sharing", True))
    consents.append(("marketing", rng.random() < 0.4))
    korean_level = next((level for language, test, level in languages if language == "ko" and test == "topik"), "0")
    preferred_language = "ko" if int(korean_level or 0) >= 5 or (korean_heritage and rng.random() < 0.5) else "en"
    return ProfilePlan(
        index=index,
        email=f"{ascii_slug(given)}.{ascii_slug(family)}.{index}@{TALENT_EMAIL_DOMAIN}",
        preferred_language=preferred_language,
        given_name=given,
        family_name=family,
        name_hangul=name_hangul,
        birth_date=birth_date,
        nationality=origin.country,
        country_of_residence=residence,
        phone=phone,
        headline=" · ".join(headline_parts)[:160],
        visibility=visibility,
        completed=completed,
        consents=tuple(consents),
        educations=tuple(educations),
        experiences=tuple(experiences),
        skills=tuple(skills),
        languages=tuple(languages),
        desired_industries=desired,
    )


# --- Companies ---------------------------------------------------------------------------------


def plan_company(*, seed: int, index: int) -> CompanyPlan:
    """A Korean company; every eighth one in the same industry, all three size classes in each."""
    rng = _rng(seed, "company", index)
    industry = INDUSTRIES[index % len(INDUSTRIES)]
    size_class = SIZE_PATTERN[(index // len(INDUSTRIES)) % len(SIZE_PATTERN)]
    prefix_en, prefix_ko = rng.choice(catalog.COMPANY_PREFIXES)
    word_en, word_ko = rng.choice(catalog.INDUSTRY_WORDS[industry])
    form_en, form_ko = rng.choice(catalog.COMPANY_FORMS)
    if size_class == SizeClass.LARGE and rng.random() < 0.5:
        word_en, word_ko = f"{word_en} Holdings", f"{word_ko}홀딩스"
    base_en = f"{prefix_en} {word_en}"
    places = [entry for entry in catalog.KOREAN_ADDRESSES if industry in entry[2]] or list(catalog.KOREAN_ADDRESSES)
    postal_prefix, street, _industries = rng.choice(places)
    if index == 2:
        status, reason = CompanyStatus.REJECTED, catalog.REJECTION_REASON
    elif index % 9 == 4:
        status, reason = CompanyStatus.PENDING, ""
    else:
        status, reason = CompanyStatus.VERIFIED, catalog.VERIFICATION_NOTE
    recruiters = {SizeClass.SME: (0, 1, 1, 2), SizeClass.MID_SIZED: (1, 2, 2, 3), SizeClass.LARGE: (2, 3, 3, 4)}
    people = rng.sample(
        range(len(catalog.KOREAN_FAMILY_NAMES) * len(catalog.KOREAN_GIVEN_NAMES)),
        1 + rng.choice(recruiters[SizeClass(size_class)]),
    )
    members = []
    for position, person in enumerate(people):
        family_ko, family = catalog.KOREAN_FAMILY_NAMES[person // len(catalog.KOREAN_GIVEN_NAMES)]
        given_ko, given = catalog.KOREAN_GIVEN_NAMES[person % len(catalog.KOREAN_GIVEN_NAMES)]
        members.append(
            MemberPlan(
                email=f"{ascii_slug(given).replace('-', '')}.{ascii_slug(family)}@c{index}.{COMPANY_EMAIL_DOMAIN}",
                display_name=f"{family_ko}{given_ko}",
                role=MemberRole.OWNER if position == 0 else MemberRole.RECRUITER,
            )
        )
    return CompanyPlan(
        index=index,
        business_registration_number=generated_brn(index),
        name_en=f"{base_en} {form_en}",
        name_ko=form_ko.format(name=f"{prefix_ko}{word_ko}"),
        industry=industry,
        size_class=size_class,
        postal_code=f"{postal_prefix}{rng.randint(0, 99):02d}",
        address=street.format(number=rng.randint(1, 420)),
        address_detail=rng.choice(catalog.ADDRESS_DETAILS),
        website=f"https://{ascii_slug(base_en)}.example.com",
        status=status,
        status_reason=reason,
        members=tuple(members),
    )
