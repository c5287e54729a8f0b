"""The authorization walk (issue 11, "Proof"): every API operation of the OpenAPI document and every
page of the site, for every role, on the demo accounts, against a victim who shares nothing.

The victim is a private talent who gave no consent to share with companies or agencies. Around them
lives everything that can hold their data: a profile with school and employer, a KOTRA case through
to the issued letter with its files, evaluator assignments and records, a job application, a
talent-request release, an official assessment, a saved self-check, a saved search, a token and a
notice. Every route with an identifier in its path is called with the victim's objects; the others
act on the caller's own.

For each role that has no business with the victim (anonymous, another talent, a company that is
not a party, an evaluator not assigned, a policy analyst) the walk proves:
- **no leak**: none of the victim's canary values (name, e-mail, phone, birth date, school,
  employer, salary) appears in any answer, and no file of theirs is handed out;
- **denied writes change nothing**: every write the service refuses leaves every table as it was
  (a per-table digest before and after), and no write on the victim's objects succeeds.
Staff are walked too: they may read and change, but nothing may answer 5xx and a refused write
must still change nothing.

Sessions are left out of the digest: they are the browser's state, not the service's data.
The walk runs once per suite (marker ``walk``), on PostgreSQL in ``./dev test``.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import formats, translation

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import ApiToken
from talentcenter.accounts.services import api_token_create, role_groups_ensure
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case
from talentcenter.demo.accounts import (
    ANALYST_EMAIL,
    COMPANY_EMAIL,
    EVALUATOR_EMAILS,
    PENDING_COMPANY_EMAIL,
    STAFF_EMAIL,
    TALENT_EMAIL,
    demo_accounts_ensure,
)
from talentcenter.jobs.models import JobApplication, ProfileRelease, SavedSearch, ShortlistEntry, TalentRequest
from talentcenter.jobs.services import applications as application_services
from talentcenter.jobs.services import requests as request_services
from talentcenter.jobs.services.searches import saved_search_create
from talentcenter.matching.services import profile_vector_refresh
from talentcenter.notifications.models import Notification
from talentcenter.organizations.models import Company, CompanyInvitation, CompanyMembership
from talentcenter.organizations.services import company_invitation_create
from talentcenter.policy.enums import AssessmentKind
from talentcenter.policy.models import ParameterVariant, Simulation
from talentcenter.policy.selectors import applicant_from_profile
from talentcenter.policy.services import assessment_record
from talentcenter.talent.enums import EducationLevel, LanguageTest, OrganizationKind, Visibility
from talentcenter.talent.models import Education, Experience, LanguageEntry, SkillEntry, TalentProfile
from tests import cases as case_support
from tests.factories import EducationFactory, ExperienceFactory, MembershipFactory, TalentProfileFactory, UserFactory

pytestmark = [pytest.mark.walk, pytest.mark.django_db]

# --- The victim and the values that must never reach an outsider --------------------------------

GIVEN_NAME = "Quenby"
FAMILY_NAME = "Zarthowicz"
EMAIL = "q.zarthowicz.canary@example.org"
PHONE = "+49 151 7391 4426"
BIRTH_DATE = datetime.date(1979, 11, 23)
SCHOOL = "Kovalenkaya Institute of Photonics"
EMPLOYER = "Brightwyrm Optics GmbH"
SALARY = 163_457_000


def canaries() -> tuple[str, ...]:
    """Each value as a page or an answer could write it, in both languages."""
    dates = {BIRTH_DATE.isoformat()}
    for language in ("en", "ko"):
        with translation.override(language):
            dates |= {formats.date_format(BIRTH_DATE), formats.date_format(BIRTH_DATE, "SHORT_DATE_FORMAT")}
    salaries = {str(SALARY), f"{SALARY:,}"}
    return (GIVEN_NAME, FAMILY_NAME, EMAIL, PHONE, SCHOOL, EMPLOYER, *sorted(dates), *sorted(salaries))


@dataclass
class VictimWorld:
    """The victim's objects, by the name a route gives its identifier."""

    user: Any
    profile: TalentProfile
    case: Case
    objects: dict[str, Any] = field(default_factory=dict)


def build_victim_world() -> VictimWorld:
    profile = TalentProfileFactory(
        given_name=GIVEN_NAME,
        family_name=FAMILY_NAME,
        birth_date=BIRTH_DATE,
        nationality="UA",
        phone=PHONE,
        contact_email=EMAIL,
        user=UserFactory(email=EMAIL, roles=[Role.TALENT]),
        visibility=Visibility.VERIFIED_COMPANIES,
        headline="Photonics researcher",
    )
    EducationFactory(
        profile=profile,
        level=EducationLevel.DOCTORATE,
        field="Photonics",
        institution=SCHOOL,
        country="UA",
        completed_on=datetime.date(2008, 6, 30),
    )
    ExperienceFactory(
        profile=profile,
        organization=EMPLOYER,
        organization_kind=OrganizationKind.COMPANY,
        role="Principal optical engineer",
        field="Semiconductor",
        started_on=datetime.date(2009, 1, 5),
    )
    LanguageEntry.objects.create(profile=profile, language="ko", test=LanguageTest.TOPIK, level="3")
    from talentcenter.reference.models import Skill

    SkillEntry.objects.create(profile=profile, skill=Skill.objects.get(code="common.python"), proficiency=4)
    from django.utils import timezone

    TalentProfile.objects.filter(pk=profile.pk).update(completed_at=timezone.now())
    profile.refresh_from_db()
    profile_vector_refresh(profile_id=profile.pk)
    user = profile.user

    # The company the victim deals with, and the center's people on the victim's case.
    membership = MembershipFactory()
    people = case_support.CasePeople(
        talent=user,
        company_member=membership.user,
        company=membership.company,
        reviewer=UserFactory(roles=[Role.STAFF_REVIEWER]),
        validator=UserFactory(roles=[Role.STAFF_REVIEWER]),
        lead=UserFactory(roles=[Role.ADMINISTRATOR]),
        evaluators=[UserFactory(roles=[Role.EXTERNAL_EVALUATOR]) for _ in range(3)],
    )
    case = case_support.start(people, CaseType.KOTRA_RECOMMENDATION, annual_salary_krw=SALARY)
    case = case_support.walk(case, people, "issued", with_request=True)

    # A job application to the company's opening, a release through a talent request.
    from talentcenter.jobs.tests.talent_support import opening

    job = opening(membership.company)
    application = application_services.application_submit(actor=user, opening=job, cover_note="Dear team")
    talent_request = request_services.talent_request_create(
        actor=membership.user,
        company=membership.company,
        title="Photonics engineers",
        description="Optical inspection.",
        criteria={"skills": [{"code": "common.python", "weight": 5, "required": True}]},
        headcount=1,
    )
    reviewer = people.reviewer
    talent_request = request_services.talent_request_start_curating(actor=reviewer, talent_request=talent_request)
    entry = request_services.shortlist_add(actor=reviewer, talent_request=talent_request, profile_id=profile.pk)
    entry = request_services.shortlist_agree(
        actor=user, entry=request_services.shortlist_invite(actor=people.reviewer, entry=entry)
    )
    # Then the victim turns private: from now on no company beyond these two may learn anything.
    TalentProfile.objects.filter(pk=profile.pk).update(visibility=Visibility.PRIVATE)
    profile_vector_refresh(profile_id=profile.pk)

    official = assessment_record(
        actor=reviewer, applicant=applicant_from_profile(profile), as_of=datetime.date(2026, 6, 1), subject=profile
    )
    self_check = assessment_record(
        actor=user,
        applicant=applicant_from_profile(profile),
        as_of=datetime.date(2026, 6, 1),
        kind=AssessmentKind.SELF_CHECK,
        subject=profile,
    )
    search = saved_search_create(actor=user, name="Photonics in Seoul", criteria={})
    # A seat at a public fair, and the booth there of the company the victim deals with.
    from talentcenter.events.services.booths import booth_register
    from talentcenter.events.services.registrations import talent_register
    from talentcenter.events.tests.support import event as public_event

    fair = public_event(talent_capacity=10, company_capacity=10)
    seat = talent_register(actor=user, event=fair)
    booth = booth_register(actor=membership.user, event=fair, company=membership.company)
    # ... and their interview on the fair's grid.
    from talentcenter.events.services.interviews import interview_place, interview_slots_plan
    from talentcenter.events.tests.support import staff_user

    organiser = staff_user()
    interview_slots_plan(actor=organiser, event=fair, starts_at=fair.starts_at, count=2, minutes=20)
    interview = interview_place(actor=organiser, event=fair, registration=seat, booth=booth, slot_index=0)
    # Their settlement plan and a concierge request with a file, about their employer.
    from talentcenter.concierge import services as concierge_services
    from talentcenter.concierge.models import RequestAttachment, SettlementService

    plan = concierge_services.plan_update(
        actor=user, situation="e7", with_family=True, entry_date=datetime.date(2026, 5, 4), visa_start=None
    )
    concierge_request = concierge_services.request_create(
        actor=user,
        category="spouse_employment",
        subject=f"Work for my spouse near {EMPLOYER}",
        body=f"Call me on {PHONE}.",
        files=[concierge_services.Upload(name="cv.pdf", data=case_support.pdf_bytes("CV"))],
    )
    token, _secret = api_token_create(user=user, name="victim's script")
    # ... a petition they filed signed in, naming themselves and their phone ...
    from talentcenter.inquiries.models import FaqEntry
    from talentcenter.inquiries.services import Upload, inquiry_file

    petition = inquiry_file(
        attachments=[Upload(name="my-contract.pdf", data=case_support.pdf_bytes(f"Contract of {FAMILY_NAME}"))],
        actor=user,
        category="grievance",
        subject=f"Complaint from {GIVEN_NAME} {FAMILY_NAME}",
        body=f"Call me on {PHONE}; I work at {EMPLOYER}.",
        name=f"{GIVEN_NAME} {FAMILY_NAME}",
        email=EMAIL,
        language="en",
    )
    faq_entry = FaqEntry.objects.create(
        category="inquiry", question_ko="질문", question_en="Question", answer_ko="답변", answer_en="Answer"
    )
    invitation, _link = company_invitation_create(
        company=membership.company, actor=membership.user, email="colleague@brightwyrm.example", role="recruiter"
    )
    issued = case.issued_document
    assert issued is not None
    document = case.documents.first()
    assignment = case.evaluations.first()
    record = case.records.first()
    assert document is not None and assignment is not None and record is not None
    notice = Notification.objects.filter(recipient=user).first()
    assert notice is not None
    variant = ParameterVariant.objects.first()
    simulation = Simulation.objects.first()

    objects: dict[str, Any] = {
        "profile_id": profile.pk,
        "user_id": user.pk,
        "education_id": Education.objects.get(profile=profile).pk,
        "experience_id": Experience.objects.get(profile=profile).pk,
        "skill_entry_id": SkillEntry.objects.get(profile=profile).pk,
        "language_entry_id": LanguageEntry.objects.get(profile=profile).pk,
        "token_id": token.pk,
        "case_id": case.pk,
        "document_id": document.pk,
        "record_id": record.pk,
        "assignment_id": assignment.pk,
        "serial": issued.serial,
        "company_id": membership.company.pk,
        "membership_id": CompanyMembership.objects.get(company=membership.company, user=membership.user).pk,
        "invitation_id": invitation.pk,
        "opening_id": job.pk,
        "application_id": application.pk,
        "request_id": talent_request.pk,
        "entry_id": entry.pk,
        "release_id": ProfileRelease.objects.get(entry=entry).pk,
        "assessment_id": official.pk,
        "self_check_id": self_check.pk,
        "search_id": search.pk,
        "notification_id": notice.pk,
        "registration_id": seat.pk,
        "booth_id": booth.pk,
        "interview_id": interview.pk,
        "inquiry_id": petition.pk,
        "inquiry_attachment_id": petition.attachments.get().pk,
        "concierge_request_id": concierge_request.pk,
        "step_id": plan.steps.first().pk,  # type: ignore[union-attr]
        "attachment_id": RequestAttachment.objects.get(message__request=concierge_request).pk,
    }
    assert isinstance(application, JobApplication) and isinstance(search, SavedSearch)
    assert isinstance(entry, ShortlistEntry) and isinstance(talent_request, TalentRequest)
    assert isinstance(invitation, CompanyInvitation) and isinstance(token, ApiToken)
    assert isinstance(membership.company, Company)
    # Identifiers that name no person's data: the walk may act on them as any role's own.
    objects["variant_slug"] = variant.slug if variant else "baseline"
    objects["simulation_id"] = simulation.pk if simulation else 1
    objects["event_id"] = fair.pk  # a public event, anybody's to register for
    objects["event_slug"] = fair.slug
    objects["faq_entry_id"] = faq_entry.pk  # a draft FAQ entry names nobody
    # Guides and notices are the center's publications, nobody's personal data.
    from talentcenter.guides.models import Guide, Notice
    from talentcenter.guides.services import NoticeText, notice_create

    guide = Guide.objects.get(slug="k-tech-pass")
    bulletin = notice_create(
        actor=organiser,
        slug="walk-notice",
        text=NoticeText(kind="notice", title_ko="공지", title_en="Notice", body_ko="본문", body_en="Text"),
    )
    assert isinstance(bulletin, Notice)
    objects.update(guide_id=guide.pk, guide_slug=guide.slug, notice_id=bulletin.pk, notice_slug=bulletin.slug)
    housing = SettlementService.objects.get(code="housing")  # the catalogue is public
    objects["service_code"], objects["service_id"] = housing.code, housing.pk
    return VictimWorld(user=user, profile=profile, case=case, objects=objects)


NEUTRAL = frozenset(
    {
        "variant_slug",
        "simulation_id",
        "step",
        "transition",
        "secret",
        "event_id",
        "event_slug",
        "faq_entry_id",
        "inquiry_token",
        "guide_id",
        "guide_slug",
        "notice_id",
        "notice_slug",
        "service_code",
        "service_id",
        "concierge_transition",
    }
)


# --- Every route, with the victim's identifiers ---------------------------------------------------

# What each path parameter of the API names, by the operation's path (the first pattern that matches).
API_PARAMETERS: list[tuple[str, str, str]] = [
    (r"/me/profile/skills/", "entry_id", "skill_entry_id"),
    (r"/me/profile/languages/", "entry_id", "language_entry_id"),
    (r"", "entry_id", "entry_id"),
    (r"/transitions/", "name", "transition"),
    (r"^/api/v1/guides/", "slug", "guide_slug"),
    (r"^/api/v1/notices/", "slug", "notice_slug"),
    (r"/concierge/", "request_id", "concierge_request_id"),
    (r"/concierge/", "step_id", "step_id"),
    *[
        (r"", name, name)
        for name in (
            "token_id",
            "education_id",
            "experience_id",
            "company_id",
            "membership_id",
            "invitation_id",
            "profile_id",
            "assessment_id",
            "serial",
            "case_id",
            "record_id",
            "assignment_id",
            "opening_id",
            "application_id",
            "release_id",
            "request_id",
            "search_id",
            "event_id",
            "registration_id",
            "booth_id",
            "interview_id",
            "inquiry_id",
            "guide_id",
            "notice_id",
        )
    ],
    # A petition's tracking link: a forged one (the real one is the petitioner's key).
    (r"/inquiries/track/", "token", "inquiry_token"),
]

# What each URL keyword of the site names, by the route's name (``namespace:name``); "*" for any.
PAGE_PARAMETERS: dict[tuple[str, str], str] = {
    ("talent:step", "step"): "step",
    ("talent:education_edit", "pk"): "education_id",
    ("talent:education_remove", "pk"): "education_id",
    ("talent:experience_edit", "pk"): "experience_id",
    ("talent:experience_remove", "pk"): "experience_id",
    ("talent:skill_edit", "pk"): "skill_entry_id",
    ("talent:skill_remove", "pk"): "skill_entry_id",
    ("talent:language_edit", "pk"): "language_entry_id",
    ("talent:language_remove", "pk"): "language_entry_id",
    ("organizations:*", "pk"): "company_id",
    ("organizations:*", "invitation_pk"): "invitation_id",
    ("organizations:*", "membership_pk"): "membership_id",
    ("organizations:invitation_accept", "secret"): "secret",
    ("documents:result", "serial"): "serial",
    ("cases:*", "pk"): "case_id",
    ("cases:document_download", "document_pk"): "document_id",
    ("jobs:*", "opening_id"): "opening_id",
    ("jobs:*", "profile_id"): "profile_id",
    ("jobs:*", "application_id"): "application_id",
    ("jobs:withdraw", "pk"): "application_id",
    ("jobs:search_edit", "pk"): "search_id",
    ("jobs:search_delete", "pk"): "search_id",
    ("jobs:talent_request_detail", "pk"): "request_id",
    ("jobs:talent_request_cancel", "pk"): "request_id",
    ("jobs:*", "entry_id"): "entry_id",
    ("jobs:*", "release_id"): "release_id",
    ("notifications:mark_read", "pk"): "notification_id",
    ("cases_backoffice:*", "case_id"): "case_id",
    ("cases_backoffice:*", "document_id"): "document_id",
    ("cases_backoffice:*", "record_id"): "record_id",
    ("cases_backoffice:transition", "name"): "transition",
    ("cases_backoffice:evaluator_organisation", "user_id"): "user_id",
    ("evaluations:*", "assignment_id"): "assignment_id",
    ("evaluations:*", "document_id"): "document_id",
    ("documents_backoffice:*", "serial"): "serial",
    ("policy_backoffice:*", "slug"): "variant_slug",
    ("policy_backoffice:*", "pk"): "simulation_id",
    ("jobs_backoffice:*", "pk"): "request_id",
    ("jobs_backoffice:*", "entry_id"): "entry_id",
    ("privacy_backoffice:access_log", "user_id"): "user_id",
    ("backoffice:talent_detail", "pk"): "profile_id",
    ("backoffice:*", "pk"): "company_id",
    ("policy:pathfinder_saved_detail", "pk"): "self_check_id",
    ("events:*", "slug"): "event_slug",
    ("events:*", "registration_id"): "registration_id",
    ("events:*", "booth_id"): "booth_id",
    ("events:*", "company_id"): "company_id",
    ("events:*", "interview_id"): "interview_id",
    ("events_backoffice:*", "event_id"): "event_id",
    ("events_backoffice:*", "interview_id"): "interview_id",
    ("inquiries:*", "token"): "inquiry_token",
    ("inquiries_backoffice:*", "inquiry_id"): "inquiry_id",
    ("inquiries_backoffice:*", "entry_id"): "faq_entry_id",
    ("inquiries_backoffice:attachment", "attachment_id"): "inquiry_attachment_id",
    ("guides:detail", "slug"): "guide_slug",
    ("guides:notice_detail", "slug"): "notice_slug",
    ("guides_backoffice:*", "guide_id"): "guide_id",
    ("guides_backoffice:*", "notice_id"): "notice_id",
    ("concierge:*", "request_id"): "concierge_request_id",
    ("concierge:*", "step_id"): "step_id",
    ("concierge:*", "attachment_id"): "attachment_id",
    ("concierge:service", "code"): "service_code",
    ("concierge_backoffice:*", "request_id"): "concierge_request_id",
    ("concierge_backoffice:*", "attachment_id"): "attachment_id",
    ("concierge_backoffice:service_edit", "service_id"): "service_id",
    ("concierge_backoffice:move", "name"): "concierge_transition",
}
# Values of the identifiers that name no object.
FIXED = {
    "step": "personal",
    "transition": "start-review",
    "secret": "not-a-real-invitation-secret",
    "inquiry_token": "not-a-real-tracking-link-0000",
    "concierge_transition": "resolve",
}
# The site's own pages; the admin (its own tests) and allauth's sign-in pages (a library's) are not walked.
SKIPPED_PREFIXES = ("admin/", "accounts/", "jsi18n/", "i18n/")


def site_routes() -> Iterator[tuple[str, str, list[str]]]:
    """(route pattern, ``namespace:name``, keywords) of every page of the site, in English."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                yield route, f"{namespace}:{pattern.name}", re.findall(r"<(?:\w+:)?(\w+)>", route)

    with translation.override("en"):
        routes = list(walk(get_resolver().url_patterns, "", ""))
    for route, name, keywords in routes:
        if route.startswith("api/") or not route.startswith("en/"):
            continue
        if route.removeprefix("en/").startswith(SKIPPED_PREFIXES):
            continue
        yield route, name, keywords


def page_parameter(name: str, keyword: str) -> str:
    namespace = name.split(":")[0]
    key = PAGE_PARAMETERS.get((name, keyword)) or PAGE_PARAMETERS.get((f"{namespace}:*", keyword))
    if key is None:
        raise KeyError(f"the walk does not know what {keyword!r} of {name} names: add it to PAGE_PARAMETERS")
    return key


def api_parameter(path: str, keyword: str) -> str:
    for pattern, name, key in API_PARAMETERS:
        if name == keyword and re.search(pattern, path):
            return key
    raise KeyError(f"the walk does not know what {keyword!r} of {path} names: add it to API_PARAMETERS")


def fill(route: str, values: dict[str, str]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)], route)


# --- Bodies for the API's writes: the smallest the document accepts --------------------------------


def example_of(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    if "$ref" in schema:
        return example_of(components[schema["$ref"].rsplit("/", 1)[1]], components, depth)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            return example_of(schema[combined][0], components, depth)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 4:
            return {}
        properties = schema.get("properties", {})
        return {name: example_of(properties[name], components, depth + 1) for name in schema.get("required", [])}
    if kind == "array":
        return [] if not schema.get("minItems") else [example_of(schema["items"], components, depth + 1)]
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return max(1.0, float(schema.get("minimum", 1)))
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2026-06-01"
    if schema.get("format") == "email":
        return EMAIL
    return "x" * max(1, int(schema.get("minLength", 1)))


@functools.cache
def api_operations() -> list[tuple[str, str, Any]]:
    """(method, path, example body) of every operation in the OpenAPI document (built once: it takes
    a second)."""
    from talentcenter.api.urls import api

    document = api.get_openapi_schema()
    components = document.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            body = None
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = example_of(content["application/json"]["schema"], components)
            operations.append((method.upper(), path, body))
    return operations


# --- The digest of every table -------------------------------------------------------------------

UNDIGESTED = frozenset({"django_session"})


def table_digests() -> dict[str, tuple[int, int]]:
    """Each table's row count and the sum of its rows' hashes, in one query (PostgreSQL)."""
    tables = [name for name in connection.introspection.table_names() if name not in UNDIGESTED]
    parts = [
        f"SELECT %s, count(*), coalesce(sum(hashtextextended(t::text, 0)), 0) FROM {connection.ops.quote_name(name)} t"
        for name in tables
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), tables)
        return {name: (count, int(total)) for name, count, total in cursor.fetchall()}


def rows_written() -> int:
    """How many rows this transaction has inserted, updated or deleted so far, in every table but the
    sessions: one cheap query. A refused write usually writes nothing, and then the digest of every
    table need not be taken; when it moved, the digests say whether anything really changed (rows
    written and rolled back to a savepoint count here, but change no digest)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
            " WHERE relname <> ALL(%s)",
            [sorted(UNDIGESTED)],
        )
        return int(cursor.fetchone()[0])


def changed_tables(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(name for name in after if before.get(name) != after[name])


# --- The roles -----------------------------------------------------------------------------------


@dataclass
class Actor:
    role: str
    user: Any
    outsider: bool

    def page_client(self) -> Client:
        if self.user is None:
            client = Client()
        elif self.user.is_back_office:
            client = staff_client_with_second_factor(self.user)
        else:
            client = Client()
            client.force_login(self.user)
        client.raise_request_exception = False
        return client

    def api_headers(self) -> dict[str, str]:
        headers = {"Accept-Language": "en"}
        if self.user is not None:
            _token, secret = api_token_create(user=self.user, name="walk")
            headers["Authorization"] = f"Bearer {secret}"
        return headers


def demo_actor(role: str) -> Actor:
    from talentcenter.accounts.models import User

    by_role: dict[str, str | None] = {
        "anonymous": None,
        "talent": TALENT_EMAIL,
        "company_member": COMPANY_EMAIL,
        "unverified_company_member": PENDING_COMPANY_EMAIL,
        "external_evaluator": EVALUATOR_EMAILS[2],
        "policy_analyst": ANALYST_EMAIL,
        "staff_reviewer": STAFF_EMAIL,
    }
    email = by_role[role]
    user = None if email is None else User.objects.get(email=email)
    return Actor(role=role, user=user, outsider=role != "staff_reviewer")


ROLES = (
    "anonymous",
    "talent",
    "company_member",
    "unverified_company_member",
    "external_evaluator",
    "policy_analyst",
    "staff_reviewer",
)


# --- The walk ------------------------------------------------------------------------------------


@dataclass
class Finding:
    kind: str
    request: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.request}: {self.detail}"


@dataclass
class Walk:
    actor: Actor
    victim: VictimWorld
    secrets: tuple[str, ...]
    findings: list[Finding] = field(default_factory=list)
    requests: int = 0
    digest: dict[str, tuple[int, int]] = field(default_factory=dict)
    written: int = 0

    def start(self) -> None:
        self.digest, self.written = table_digests(), rows_written()

    def body_of(self, response: Any) -> bytes:
        if getattr(response, "streaming", False):
            content = b"".join(response.streaming_content)
            response.close()
            return content
        return bytes(response.content)

    def check(self, label: str, method: str, response: Any, victims: bool) -> None:
        """Check one answer; ``victims`` says whether the request named the victim's objects."""
        self.requests += 1
        status = response.status_code
        if status >= 500:
            self.findings.append(Finding("server error", label, str(status)))
        if self.actor.outsider:
            body = self.body_of(response)
            text = body.decode("utf-8", "replace")
            leaked = [secret for secret in self.secrets if secret in text]
            if leaked:
                self.findings.append(Finding("leak", label, f"{status} shows {leaked}"))
            kind = response.get("Content-Type", "")
            if victims and status == 200 and not kind.startswith(("text/html", "application/json")):
                self.findings.append(Finding("leak", label, f"hands out a file ({kind})"))
        written = rows_written()
        if written == self.written:
            return
        self.written = written
        after = table_digests()
        changed = changed_tables(self.digest, after)
        self.digest = after
        if method == "GET" and status < 400:  # a read that is let through may write the access log, never more
            changed = [name for name in changed if name != "audit_auditevent"]
        if changed and (status >= 400 or (self.actor.outsider and victims)):
            self.findings.append(Finding("write", label, f"{status} changed {changed}"))

    def pages(self) -> None:
        client = self.actor.page_client()
        self.start()
        values = {key: str(value) for key, value in self.victim.objects.items()} | FIXED
        for route, name, keywords in site_routes():
            keys = [page_parameter(name, keyword) for keyword in keywords]
            path = fill(route, {keyword: values[key] for keyword, key in zip(keywords, keys, strict=True)})
            victims = any(key not in NEUTRAL for key in keys)
            for method in ("GET", "POST"):
                response = client.get(path) if method == "GET" else client.post(path, {})
                self.check(f"{method} {path} ({name})", method, response, victims)

    def api(self) -> None:
        client = Client(raise_request_exception=False)
        headers = self.actor.api_headers()
        self.start()
        values = {key: str(value) for key, value in self.victim.objects.items()} | FIXED
        for method, path, body in api_operations():
            keys = {keyword: api_parameter(path, keyword) for keyword in re.findall(r"{(\w+)}", path)}
            url = path.format(**{keyword: values[key] for keyword, key in keys.items()})
            data = "" if body is None else json.dumps(body)
            response = client.generic(method, url, data=data, content_type="application/json", headers=headers)
            victims = any(key not in NEUTRAL for key in keys.values())
            self.check(f"{method} {url}", method, response, victims)


@pytest.fixture
def demo_world(settings: Any) -> VictimWorld:
    settings.TALENTCENTER_API_THROTTLE_RATES = {}
    role_groups_ensure()
    demo_accounts_ensure()
    return build_victim_world()


def test_every_route_for_every_role_leaks_nothing_and_refused_writes_change_nothing(demo_world: VictimWorld) -> None:
    # Given the demo accounts and a victim who shares nothing with any of them but staff
    # When each role calls every operation of the API and every page, reading and writing
    # (one test for every role: the victim's world is built once)
    findings: list[str] = []
    counts: dict[str, int] = {}
    for role in ROLES:
        walk = Walk(actor=demo_actor(role), victim=demo_world, secrets=canaries())
        walk.api()
        walk.pages()
        counts[role] = walk.requests
        findings += [f"{role}: {finding}" for finding in walk.findings]

    # Then nothing of the victim showed, no refused write changed a table and nothing failed
    assert min(counts.values()) > 400, counts
    assert not findings, "\n".join(findings)


def test_the_walk_knows_every_identifier_of_every_route() -> None:
    """A new route with an identifier the walk cannot fill fails here, not silently unwalked."""
    routes = list(site_routes())
    for _route, name, keywords in routes:
        for keyword in keywords:
            page_parameter(name, keyword)
    for _method, path, _body in api_operations():
        for keyword in re.findall(r"{(\w+)}", path):
            api_parameter(path, keyword)
    assert len(routes) > 100


def test_the_canaries_are_in_the_victims_own_pages(demo_world: VictimWorld) -> None:
    """The walk would prove nothing if the victim's data never reached a page: their own does."""
    client = Client()
    client.force_login(demo_world.user)
    page = client.get("/en/talent/profile/").content.decode()
    assert FAMILY_NAME in page and SCHOOL in page and EMPLOYER in page
    staff = demo_actor("staff_reviewer").page_client()
    page = staff.get(f"/en/backoffice/cases/{demo_world.case.pk}/").content.decode()
    assert FAMILY_NAME in page
