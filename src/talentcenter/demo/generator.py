"""Writing the planned demo data in bulk.

For speed the generator bypasses the services: it inserts model rows directly with
``bulk_create`` in batches (one transaction per batch), shares one password hash computed once,
writes no audit rows and sends no e-mail. It fills the two derived profile columns with the same
function the services use (``talent.services.profile_search_document``). Only the fixed demo
accounts (``demo.accounts``) go through the real services, so their audit timeline is real.

Runs are idempotent and can grow: generated people have addresses that carry their index, the
records already present are counted, and only the missing indexes are made.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as day_time
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connections, router, transaction
from django.db.models import Field, Model

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import ConsentRecord, User
from talentcenter.accounts.services import role_groups_ensure
from talentcenter.demo import catalog
from talentcenter.demo.accounts import DEMO_PASSWORD, demo_accounts_ensure
from talentcenter.demo.cases import demo_cases_ensure
from talentcenter.demo.concierge import demo_concierge_ensure
from talentcenter.demo.events import demo_events_ensure
from talentcenter.demo.guides import demo_guides_ensure
from talentcenter.demo.inquiries import demo_inquiries_ensure
from talentcenter.demo.jobs import demo_jobs_ensure
from talentcenter.demo.plan import (
    COMPANY_EMAIL_DOMAIN,
    DEMO_AS_OF,
    TALENT_EMAIL_DOMAIN,
    CompanyPlan,
    ProfilePlan,
    ReferenceContext,
    University,
    plan_company,
    plan_profile,
)
from talentcenter.demo.policy import demo_policy_ensure
from talentcenter.demo.talent_requests import demo_talent_requests_ensure
from talentcenter.matching.services import profile_vectors_rebuild
from talentcenter.matching.store import clock_value
from talentcenter.organizations.enums import CompanyStatus, MemberRole
from talentcenter.organizations.models import Company, CompanyMembership
from talentcenter.privacy.enums import CONSENT_TEXT_VERSION, REQUIRED_PURPOSES, Purpose
from talentcenter.privacy.models import Consent
from talentcenter.reference.enums import ListKind
from talentcenter.reference.models import ListEdition, Skill
from talentcenter.reference.selectors import advanced_industries, ranked_companies, ranked_universities
from talentcenter.reference.services import BUNDLED_LISTS, reference_load_bundled
from talentcenter.talent.models import Education, Experience, LanguageEntry, SkillEntry, TalentProfile
from talentcenter.talent.services import profile_search_document

DEFAULT_SEED = 2026
DEFAULT_PROFILES = 300
DEFAULT_COMPANIES = 60
BATCH_SIZE = 1000

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DemoResult:
    profiles_created: int
    companies_created: int
    profiles_total: int
    companies_total: int
    seconds: float
    cases_created: int = 0


def reference_ensure() -> bool:
    """Load the bundled reference data unless every bundled edition is already there."""
    present = {(edition.kind, edition.edition) for edition in ListEdition.objects.all()}
    if Skill.objects.exists() and all((item.kind.value, item.edition) in present for item in BUNDLED_LISTS):
        return False
    reference_load_bundled()
    return True


def reference_context() -> ReferenceContext:
    """The ranked universities and companies and the skills, in a fixed order."""
    universities: dict[str, University] = {}
    kind_order = {ListKind.QS_WORLD.value: 0, ListKind.USNEWS_GLOBAL.value: 1}
    entries = sorted(ranked_universities(), key=lambda entry: (kind_order[entry.edition.kind], entry.rank, entry.name))
    for entry in entries:
        universities.setdefault(entry.name, University(name=entry.name, country=entry.country, ranked_id=entry.pk))
    korean = tuple(
        universities.get(name, University(name=name, country="KR")) for name in catalog.KOREAN_EQUIVALENT_UNIVERSITIES
    )
    companies = tuple((entry.name, entry.country) for entry in ranked_companies().order_by("rank", "name"))
    skills: dict[str, list[tuple[str, str]]] = {}
    for code, category, name in Skill.objects.order_by("code").values_list("code", "category", "name_en"):
        skills.setdefault(category, []).append((code, name))
    return ReferenceContext(
        ranked_universities=tuple(universities.values()),
        korean_universities=korean,
        ranked_companies=companies,
        skills_by_category={category: tuple(items) for category, items in skills.items()},
    )


def generated_profile_count() -> int:
    return User.objects.filter(email__endswith=f"@{TALENT_EMAIL_DOMAIN}").count()


def generated_company_count() -> int:
    return CompanyMembership.objects.filter(
        role=MemberRole.OWNER, user__email__endswith=f".{COMPANY_EMAIL_DOMAIN}"
    ).count()


def _batches(start: int, stop: int, size: int) -> Iterator[range]:
    for first in range(start, stop, size):
        yield range(first, min(stop, first + size))


def _moment(plan_index: int, days_before: int) -> datetime:
    """A plausible time of day on a day before the demo's reference date."""
    day = DEMO_AS_OF - timedelta(days=days_before)
    return datetime.combine(day, day_time(1 + plan_index % 12, plan_index % 60), tzinfo=UTC)


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return str(field.column)


def insert_rows(model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert plain rows whose ids nobody needs: COPY on PostgreSQL, ``bulk_create`` elsewhere.

    ``columns`` are attribute names (``profile_id``, not ``profile``); values must be ready for the
    database, because COPY skips the model layer (no defaults, no ``auto_now``).
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        quoted = ", ".join(connection.ops.quote_name(_column(model, name)) for name in columns)
        statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return
    model._default_manager.bulk_create(
        [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=BATCH_SIZE
    )


class _Loader:
    def __init__(self, *, password_hash: str, staff: User | None) -> None:
        self.password_hash = password_hash
        self.staff = staff
        self.groups = {role: Group.objects.get(name=role.value).pk for role in (Role.TALENT, Role.COMPANY_MEMBER)}
        self.skill_ids = dict(Skill.objects.values_list("code", "pk"))
        self.industry_ids = dict(advanced_industries().values_list("code", "pk"))

    def _users(self, rows: list[tuple[str, str, str, datetime]], role: Role) -> list[User]:
        users = User.objects.bulk_create(
            [
                User(
                    email=email,
                    password=self.password_hash,
                    display_name=name[:150],
                    preferred_language=language,
                    date_joined=joined,
                )
                for email, name, language, joined in rows
            ],
            batch_size=BATCH_SIZE,
        )
        insert_rows(
            EmailAddress,
            ["user_id", "email", "verified", "primary"],
            [(user.pk, user.email, True, True) for user in users],
        )
        insert_rows(User.groups.through, ["user_id", "group_id"], [(user.pk, self.groups[role]) for user in users])
        insert_rows(
            Consent,
            ["user_id", "purpose", "version", "given_at"],
            [
                (user.pk, purpose.value, CONSENT_TEXT_VERSION, user.date_joined)
                for user in users
                for purpose in REQUIRED_PURPOSES
            ],
        )
        return users

    @transaction.atomic
    def profiles(self, plans: list[ProfilePlan]) -> None:
        joined = {plan.index: _moment(plan.index, 1 + plan.index % 600) for plan in plans}
        users = self._users(
            [
                (plan.email, f"{plan.given_name} {plan.family_name}", plan.preferred_language, joined[plan.index])
                for plan in plans
            ],
            Role.TALENT,
        )
        profiles = TalentProfile.objects.bulk_create(
            [
                TalentProfile(
                    user=user,
                    family_name=plan.family_name,
                    given_name=plan.given_name,
                    name_hangul=plan.name_hangul,
                    birth_date=plan.birth_date,
                    nationality=plan.nationality,
                    country_of_residence=plan.country_of_residence,
                    phone=plan.phone,
                    contact_email=plan.email,
                    headline=plan.headline,
                    visibility=plan.visibility,
                    highest_education_level=plan.highest_education_level,
                    search_document=profile_search_document(
                        given_name=plan.given_name,
                        family_name=plan.family_name,
                        name_hangul=plan.name_hangul,
                        email=plan.email,
                        headline=plan.headline,
                    ),
                    completed_at=joined[plan.index] + timedelta(hours=1 + plan.index % 48) if plan.completed else None,
                )
                for plan, user in zip(plans, users, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        pairs = [(plan, profile.pk, profile.user_id) for plan, profile in zip(plans, profiles, strict=True)]
        insert_rows(
            Education,
            ["profile_id", "level", "field", "institution", "ranked_institution_id", "country", "completed_on"],
            [
                (
                    pk,
                    item.level,
                    item.field,
                    item.institution,
                    item.ranked_institution_id,
                    item.country,
                    item.completed_on,
                )
                for plan, pk, _user in pairs
                for item in plan.educations
            ],
        )
        insert_rows(
            Experience,
            [
                "profile_id",
                "organization",
                "organization_kind",
                "role",
                "field",
                "started_on",
                "ended_on",
                "is_postdoctoral",
            ],
            [
                (
                    pk,
                    item.organization,
                    item.organization_kind,
                    item.role,
                    item.field[:120],
                    item.started_on,
                    item.ended_on,
                    item.is_postdoctoral,
                )
                for plan, pk, _user in pairs
                for item in plan.experiences
            ],
        )
        insert_rows(
            SkillEntry,
            ["profile_id", "skill_id", "proficiency"],
            [(pk, self.skill_ids[code], proficiency) for plan, pk, _user in pairs for code, proficiency in plan.skills],
        )
        insert_rows(
            LanguageEntry,
            ["profile_id", "language", "test", "level"],
            [(pk, *language) for plan, pk, _user in pairs for language in plan.languages],
        )
        insert_rows(
            TalentProfile.desired_industries.through,
            ["talentprofile_id", "industry_id"],
            [(pk, self.industry_ids[code]) for plan, pk, _user in pairs for code in plan.desired_industries],
        )
        insert_rows(
            ConsentRecord,
            ["user_id", "kind", "granted", "policy_version", "recorded_at"],
            [
                (user_id, kind, granted, "2026-01", joined[plan.index])
                for plan, _pk, user_id in pairs
                for kind, granted in plan.consents
            ],
        )
        optional = {"profile_sharing": Purpose.THIRD_PARTY_COMPANIES, "marketing": Purpose.MARKETING}
        insert_rows(
            Consent,
            ["user_id", "purpose", "version", "given_at"],
            [
                (user_id, optional[kind].value, CONSENT_TEXT_VERSION, joined[plan.index])
                for plan, _pk, user_id in pairs
                for kind, granted in plan.consents
                if granted and kind in optional
            ],
        )

    @transaction.atomic
    def companies(self, plans: list[CompanyPlan]) -> None:
        members = [(plan, member) for plan in plans for member in plan.members]
        users = self._users(
            [
                (member.email, member.display_name, "ko", _moment(plan.index, 30 + plan.index % 500))
                for plan, member in members
            ],
            Role.COMPANY_MEMBER,
        )
        companies = Company.objects.bulk_create(
            [
                Company(
                    business_registration_number=plan.business_registration_number,
                    name_en=plan.name_en,
                    name_ko=plan.name_ko,
                    industry=plan.industry,
                    size_class=plan.size_class,
                    postal_code=plan.postal_code,
                    address=plan.address,
                    address_detail=plan.address_detail,
                    website=plan.website,
                    status=plan.status,
                    status_reason=plan.status_reason,
                    verified_at=_moment(plan.index, 20 + plan.index % 400)
                    if plan.status == CompanyStatus.VERIFIED
                    else None,
                    verified_by=self.staff if plan.status == CompanyStatus.VERIFIED else None,
                )
                for plan in plans
            ],
            batch_size=BATCH_SIZE,
        )
        company_ids = {plan.index: company.pk for plan, company in zip(plans, companies, strict=True)}
        insert_rows(
            CompanyMembership,
            ["company_id", "user_id", "role", "joined_at"],
            [
                (company_ids[plan.index], user.pk, member.role, user.date_joined)
                for (plan, member), user in zip(members, users, strict=True)
            ],
        )


def _jobs_ensure(say: Progress, *, rebuild: bool) -> None:
    """The matching index (the generator writes profiles in bulk, past the services that keep it in
    step), then the demo openings with their applicants, the talent requests and the events."""
    if rebuild:
        built = profile_vectors_rebuild()
        say(f"Matching index: {built['profiles']:,} profiles, {built['discoverable']:,} discoverable.")
    openings = demo_jobs_ensure()
    if openings:
        say(f"Job openings: {openings:,}.")
    requests = demo_talent_requests_ensure()
    if requests:
        say(f"Talent requests: {requests}.")
    events = demo_events_ensure()
    if events:
        say(f"Events: {events}.")
    inquiries = demo_inquiries_ensure()
    if inquiries:
        say(f"Petitions: {inquiries}.")
    notices = demo_guides_ensure()
    if notices:
        say(f"Guides published; notices: {notices}.")
    concierge = demo_concierge_ensure()
    if concierge:
        say(f"Concierge: {concierge} settlement plans and requests.")


def demo_load(
    *,
    seed: int = DEFAULT_SEED,
    profiles: int = DEFAULT_PROFILES,
    companies: int = DEFAULT_COMPANIES,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    cases: bool = True,
) -> DemoResult:
    """Load reference data, the fixed demo accounts, the demo applications (unless ``cases`` is false:
    they take most of the time, through the real services), then whatever generated records are missing."""
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    if reference_ensure():
        say("Loaded the bundled reference data.")
    role_groups_ensure()
    staff = demo_accounts_ensure()
    demo_policy_ensure()
    cases_created = demo_cases_ensure() if cases else 0
    if cases_created:
        say(f"Demo applications: {cases_created} cases in every status.")
    existing_companies = generated_company_count()
    existing_profiles = generated_profile_count()
    if existing_companies >= companies and existing_profiles >= profiles:
        _jobs_ensure(say, rebuild=clock_value("profiles") == 0)
        return DemoResult(
            0, 0, existing_profiles, existing_companies, time.perf_counter() - started, cases_created=cases_created
        )

    loader = _Loader(password_hash=make_password(DEMO_PASSWORD), staff=staff)
    for indexes in _batches(existing_companies, companies, batch_size):
        loader.companies([plan_company(seed=seed, index=index) for index in indexes])
        say(f"Companies: {indexes.stop:,} of {companies:,}")
    context = reference_context()
    for indexes in _batches(existing_profiles, profiles, batch_size):
        loader.profiles([plan_profile(seed=seed, index=index, context=context) for index in indexes])
        say(f"Talent profiles: {indexes.stop:,} of {profiles:,}")
    _jobs_ensure(say, rebuild=True)
    return DemoResult(
        profiles_created=max(0, profiles - existing_profiles),
        companies_created=max(0, companies - existing_companies),
        profiles_total=max(profiles, existing_profiles),
        companies_total=max(companies, existing_companies),
        seconds=time.perf_counter() - started,
        cases_created=cases_created,
    )
