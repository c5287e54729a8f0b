"""Every read of another person's data is in the access log, site by site (web pages and API).

``SITES`` is the one list of instrumented read sites: each reads, as the outsider who may (a company
member, center staff, a policy analyst), the data of one person, and exactly one
``personal_data.viewed`` event must follow — about that person, with the site's ``what`` and
``via``. The table "Read sites in the access log" in ``docs/architecture.md`` names the same ids
(``test_the_documented_read_sites_are_the_tested_ones``), so a site added to one and not the other
fails here. The person reading their own data leaves no event.

(This module lives in web, the top layer: it reads through every app, which privacy's own tests
may not import.) It walks the interfaces, as the authorization walk does, and runs once per suite
(marker ``walk``, on PostgreSQL): the recorder's queries, which differ between the databases, are
tested on both in ``privacy/tests/test_access_log.py``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.test import Client
from django.urls import reverse

from talentcenter.accounts.enums import Role
from talentcenter.audit.models import AuditEvent
from talentcenter.cases.models import Case, CaseDocument
from talentcenter.cases.services import case_document_upload
from talentcenter.jobs.models import JobApplication, ShortlistEntry
from talentcenter.jobs.services import requests as request_services
from talentcenter.jobs.tests.test_openings_support import application, published
from talentcenter.jobs.tests.test_requests_support import People as RequestPeople
from talentcenter.jobs.tests.test_requests_support import invited
from talentcenter.policy.engine import ApplicantIn
from talentcenter.policy.models import Assessment
from talentcenter.policy.services import assessment_record
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import ACCESS_ACTION
from talentcenter.talent.models import TalentProfile
from tests.api import ApiClient, token_for
from tests.cases import CasePeople, pdf_bytes, put_in_status, start
from tests.factories import MembershipFactory, TalentProfileFactory, UserFactory

pytestmark = pytest.mark.walk

ARCHITECTURE = Path(__file__).resolve().parents[4] / "docs" / "architecture.md"


class World:
    """What the sites read, each part made on first use (a site builds only what it reads)."""

    @cached_property
    def reviewer(self) -> Any:
        return UserFactory(roles=[Role.STAFF_REVIEWER])

    @cached_property
    def profile(self) -> TalentProfile:
        return TalentProfileFactory()

    @cached_property
    def member(self) -> Any:
        """The one member of a verified company."""
        return MembershipFactory()

    @cached_property
    def colleagues(self) -> tuple[Any, Any]:
        """The owner of a company and a colleague of theirs."""
        owner = MembershipFactory()
        return owner, MembershipFactory(company=owner.company, role="recruiter")

    @cached_property
    def concierge_request(self) -> Any:
        """A pass holder's concierge request with a file attached."""
        from talentcenter.concierge import services as concierge_services

        return concierge_services.request_create(
            actor=TalentProfileFactory().user,
            category="housing",
            subject="A flat near Pangyo",
            body="Two bedrooms, please.",
            files=[concierge_services.Upload(name="lease.pdf", data=pdf_bytes("Lease"))],
        )

    @cached_property
    def petition(self) -> Any:
        """A signed-in person's petition with a file attached (received at once: no link to confirm)."""
        from talentcenter.inquiries.services import Upload, inquiry_file

        person = TalentProfileFactory().user
        return inquiry_file(
            actor=person,
            category="grievance",
            subject="My E-7 letter is late",
            body="Please look into it.",
            name="Ada Lovelace",
            email=person.email,
            language="en",
            attachments=[Upload(name="letter.pdf", data=pdf_bytes("Letter"))],
        )

    @cached_property
    def case_people(self) -> CasePeople:
        return CasePeople.create(evaluators=0)

    def _application_in(self, status: str) -> Case:
        """An application in ``status``, with the talent's passport uploaded while it was a draft."""
        people = self.case_people
        case = start(people)
        case_document_upload(actor=people.talent, case=case, requirement="passport", name="p.pdf", data=pdf_bytes())
        return put_in_status(case, people, status)

    @cached_property
    def case(self) -> Case:
        return self._application_in("in_review")

    @cached_property
    def issued_case(self) -> Case:
        """An application whose certificate is issued (a site reads this one or ``case``, not both)."""
        return self._application_in("issued")

    @property
    def document(self) -> CaseDocument:
        return self.case.documents.get()

    @property
    def serial(self) -> str:
        assert self.issued_case.issued_document is not None
        return self.issued_case.issued_document.serial

    @cached_property
    def application(self) -> JobApplication:
        """A talent's application to a published opening of the member's company."""
        return application(published(self.member.user, self.member.company))

    @cached_property
    def request_people(self) -> RequestPeople:
        return RequestPeople.create()

    @cached_property
    def released(self) -> ShortlistEntry:
        """A talent request whose one shortlisted talent agreed to share their profile."""
        people = self.request_people
        return request_services.shortlist_agree(actor=people.talent, entry=invited(people))

    @cached_property
    def fair_booth(self) -> tuple[Any, Any, Any]:
        """(booth, registrant's profile, booth's member): a confirmed booth at a fair with one
        confirmed registrant who made their profile discoverable."""
        from django.utils import timezone

        from talentcenter.events.services.booths import booth_register
        from talentcenter.events.services.registrations import talent_register
        from talentcenter.events.tests.support import event
        from talentcenter.jobs.tests.talent_support import complete_profile, opening
        from talentcenter.matching.services import profile_vector_refresh
        from talentcenter.talent.enums import Visibility

        profile = complete_profile(visibility=Visibility.VERIFIED_COMPANIES, completed_at=timezone.now())
        profile_vector_refresh(profile_id=profile.pk)
        fair = event()
        talent_register(actor=profile.user, event=fair)
        membership = MembershipFactory()
        booth = booth_register(
            actor=membership.user, event=fair, company=membership.company, opening_ids=[opening(membership.company).pk]
        )
        return booth, profile, membership.user

    @cached_property
    def assessment(self) -> Assessment:
        """An official assessment of a talent, recorded by a reviewer."""
        applicant = ApplicantIn.model_validate({"person": {"birth_date": "1990-04-01"}})
        return assessment_record(
            actor=self.reviewer, applicant=applicant, as_of=datetime.date(2026, 1, 1), subject=self.profile
        )

    @cached_property
    def interview(self) -> Any:
        """A talent's interview at the booth of the member's company, on a fair's grid."""
        from talentcenter.events.services.booths import booth_register
        from talentcenter.events.services.interviews import interview_place, interview_slots_plan
        from talentcenter.events.services.registrations import talent_register
        from talentcenter.events.tests.support import event

        fair = event()
        seat = talent_register(actor=self.profile.user, event=fair)
        booth = booth_register(actor=self.member.user, event=fair, company=self.member.company)
        interview_slots_plan(actor=self.reviewer, event=fair, starts_at=fair.starts_at, count=1, minutes=20)
        return interview_place(actor=self.reviewer, event=fair, registration=seat, booth=booth, slot_index=0)


def web(user: Any) -> Client:
    """The user's browser; staff and analysts have passed their second factor."""
    if user.is_back_office or user.has_role(Role.POLICY_ANALYST):
        return staff_client_with_second_factor(user)
    client = Client()
    client.force_login(user)
    return client


def api(user: Any) -> ApiClient:
    return ApiClient(token=token_for(user))


Of = Callable[["World"], Any]


@dataclass(frozen=True)
class Site:
    """One read site: ``person`` makes the data read and names whose it is, ``reader`` the outsider,
    ``address`` the page (``(url name, arguments)``) or the API path."""

    id: str  # as named in docs/architecture.md
    what: AccessWhat
    person: Of
    reader: Of
    address: Of
    method: str = "GET"

    @property
    def via(self) -> str:
        return "api" if isinstance(self.address, ApiPath) else "web"

    def read(self, world: World) -> Any:
        reader = self.reader(world)
        address = self.address(world)
        if isinstance(self.address, ApiPath):
            return api(reader).request(self.method, address)
        name, args = address
        return web(reader).get(reverse(name, args=args))


class ApiPath:
    """An API path built from the world (``Site.address`` of an API site)."""

    def __init__(self, build: Callable[[World], str]) -> None:
        self.build = build

    def __call__(self, world: World) -> str:
        return self.build(world)


def page(name: str, *args: Of) -> Of:
    return lambda world: (name, [arg(world) for arg in args])


def talent_of_case(world: World) -> Any:
    return world.case.profile.user


def talent_of_issued(world: World) -> Any:
    return world.issued_case.profile.user


def case_member(world: World) -> Any:
    return world.case_people.company_member


def case_reviewer(world: World) -> Any:
    return world.case_people.reviewer


def reviewer(world: World) -> Any:
    return world.reviewer


def talent_profile(world: World) -> Any:
    return world.profile.user


def applicant(world: World) -> Any:
    return world.application.profile.user


def member(world: World) -> Any:
    return world.member.user


def released_talent(world: World) -> Any:
    return world.released.profile.user


def request_member(world: World) -> Any:
    return world.request_people.member


def request_staff(world: World) -> Any:
    return world.request_people.staff


def assessed_talent(world: World) -> Any:
    return world.assessment.subject.user


def analyst(world: World) -> Any:
    return UserFactory(roles=[Role.POLICY_ANALYST])


def registrant(world: World) -> Any:
    return world.fair_booth[1].user


def booth_member(world: World) -> Any:
    return world.fair_booth[2]


def colleague(world: World) -> Any:
    return world.colleagues[1].user


def owner(world: World) -> Any:
    return world.colleagues[0].user


def interviewed_talent(world: World) -> Any:
    return world.interview.registration.profile.user


def interviewing_member(world: World) -> Any:
    return world.member.user


def concierge_person(world: World) -> Any:
    return world.concierge_request.requester


def concierge_attachment(world: World) -> int:
    return int(world.concierge_request.messages.get().attachments.get().pk)


def petitioner(world: World) -> Any:
    return world.petition.petitioner


SITES: list[Site] = [
    # talent profiles (back office and staff API)
    Site("talent.backoffice.list", AccessWhat.TALENT_LIST, talent_profile, reviewer, page("backoffice:talents")),
    Site("talent.backoffice.detail", AccessWhat.TALENT_PROFILE, talent_profile, reviewer,
         page("backoffice:talent_detail", lambda w: w.profile.pk)),
    Site("talent.api.staff_list", AccessWhat.TALENT_LIST, talent_profile, reviewer, ApiPath(lambda w: "staff/talents")),
    Site("talent.api.staff_read", AccessWhat.TALENT_PROFILE, talent_profile, reviewer,
         ApiPath(lambda w: f"staff/talents/{w.profile.pk}")),
    # a company's members: the colleagues of a member, and staff
    Site("organizations.company_page", AccessWhat.COMPANY_MEMBERS, colleague, owner,
         page("organizations:detail", lambda w: w.colleagues[0].company_id)),
    Site("organizations.api.members", AccessWhat.COMPANY_MEMBERS, colleague, owner,
         ApiPath(lambda w: f"companies/{w.colleagues[0].company_id}/members")),
    Site("organizations.backoffice.company", AccessWhat.COMPANY_MEMBERS, member, reviewer,
         page("backoffice:company_detail", lambda w: w.member.company_id)),
    # cases: the parties' portal (the hiring company reads the talent's application)
    Site("cases.portal.list", AccessWhat.CASE, talent_of_case, case_member, page("cases:list")),
    Site("cases.portal.detail", AccessWhat.CASE, talent_of_case, case_member,
         page("cases:detail", lambda w: w.case.pk)),
    Site("cases.portal.document", AccessWhat.CASE_DOCUMENT, talent_of_case, case_member,
         page("cases:document_download", lambda w: w.case.pk, lambda w: w.document.pk)),
    Site("cases.portal.issued", AccessWhat.ISSUED_DOCUMENT, talent_of_issued, case_member,
         page("cases:issued_download", lambda w: w.issued_case.pk)),
    Site("cases.api.list", AccessWhat.CASE, talent_of_case, case_member, ApiPath(lambda w: "cases")),
    Site("cases.api.read", AccessWhat.CASE, talent_of_case, case_member, ApiPath(lambda w: f"cases/{w.case.pk}")),
    Site("cases.api.issued", AccessWhat.ISSUED_DOCUMENT, talent_of_issued, case_member,
         ApiPath(lambda w: f"cases/{w.issued_case.pk}/document")),
    # cases: the back office and the staff API
    Site("cases.backoffice.queue", AccessWhat.CASE, talent_of_case, case_reviewer, page("cases_backoffice:queue")),
    Site("cases.backoffice.detail", AccessWhat.CASE, talent_of_case, case_reviewer,
         page("cases_backoffice:detail", lambda w: w.case.pk)),
    Site("cases.backoffice.document", AccessWhat.CASE_DOCUMENT, talent_of_case, case_reviewer,
         page("cases_backoffice:document", lambda w: w.case.pk, lambda w: w.document.pk)),
    Site("cases.api.staff_queue", AccessWhat.CASE, talent_of_case, case_reviewer, ApiPath(lambda w: "staff/cases")),
    Site("cases.api.staff_read", AccessWhat.CASE, talent_of_case, case_reviewer,
         ApiPath(lambda w: f"staff/cases/{w.case.pk}")),
    # issued documents (staff)
    Site("documents.backoffice.list", AccessWhat.ISSUED_DOCUMENT, talent_of_issued, case_reviewer,
         page("documents_backoffice:list")),
    Site("documents.backoffice.detail", AccessWhat.ISSUED_DOCUMENT, talent_of_issued, case_reviewer,
         page("documents_backoffice:detail", lambda w: w.serial)),
    Site("documents.backoffice.pdf", AccessWhat.ISSUED_DOCUMENT, talent_of_issued, case_reviewer,
         page("documents_backoffice:pdf", lambda w: w.serial)),
    Site("documents.api.list", AccessWhat.ISSUED_DOCUMENT, talent_of_issued, case_reviewer,
         ApiPath(lambda w: "staff/documents")),
    Site("documents.api.read", AccessWhat.ISSUED_DOCUMENT, talent_of_issued, case_reviewer,
         ApiPath(lambda w: f"staff/documents/{w.serial}")),
    Site("documents.api.pdf", AccessWhat.ISSUED_DOCUMENT, talent_of_issued, case_reviewer,
         ApiPath(lambda w: f"staff/documents/{w.serial}/pdf")),
    # jobs: the company reads its applicants
    Site("jobs.company.pipeline", AccessWhat.JOB_APPLICATION, applicant, member,
         page("jobs:manage_opening", lambda w: w.application.opening_id)),
    Site("jobs.company.application", AccessWhat.JOB_APPLICATION, applicant, member,
         page("jobs:manage_application", lambda w: w.application.pk)),
    Site("jobs.api.applications", AccessWhat.JOB_APPLICATION, applicant, member,
         ApiPath(lambda w: f"openings/{w.application.opening_id}/applications")),
    # jobs: talent requests (the company's released profiles, the center's curation page)
    Site("jobs.company.talent_request", AccessWhat.TALENT_PROFILE, released_talent, request_member,
         page("jobs:talent_request_detail", lambda w: w.released.talent_request_id)),
    Site("jobs.api.talent_request", AccessWhat.TALENT_PROFILE, released_talent, request_member,
         ApiPath(lambda w: f"talent-requests/{w.released.talent_request_id}")),
    Site("jobs.backoffice.talent_request", AccessWhat.SHORTLIST, released_talent, request_staff,
         page("jobs_backoffice:detail", lambda w: w.released.talent_request_id)),
    Site("jobs.api.staff_talent_request", AccessWhat.SHORTLIST, released_talent, request_staff,
         ApiPath(lambda w: f"staff/talent-requests/{w.released.talent_request_id}")),
    # policy: an assessment of a named person
    Site("events.company.shortlist", AccessWhat.TALENT_LIST, registrant, booth_member,
         page("events:booth_candidates", lambda w: w.fair_booth[0].pk)),
    Site("events.api.booth_candidates", AccessWhat.TALENT_LIST, registrant, booth_member,
         ApiPath(lambda w: f"events/booths/{w.fair_booth[0].pk}/candidates")),
    Site("policy.saved_check", AccessWhat.ASSESSMENT, assessed_talent, reviewer,
         page("policy:pathfinder_saved_detail", lambda w: w.assessment.pk)),
    Site("policy.api.assessment", AccessWhat.ASSESSMENT, assessed_talent, reviewer,
         ApiPath(lambda w: f"staff/assessments/{w.assessment.pk}")),
    Site("policy.api.replay", AccessWhat.ASSESSMENT, assessed_talent, reviewer,
         ApiPath(lambda w: f"staff/assessments/{w.assessment.pk}/replay"), method="POST"),
    # interview schedules (a booth's timetable names its talents)
    Site("events.company.booth_schedule", AccessWhat.INTERVIEW_SCHEDULE, interviewed_talent, interviewing_member,
         page("events:booth_schedule", lambda w: w.interview.booth_id)),
    Site("events.company.booth_calendar", AccessWhat.INTERVIEW_SCHEDULE, interviewed_talent, interviewing_member,
         page("events:booth_calendar", lambda w: w.interview.booth_id)),
    Site("events.api.booth_timetable", AccessWhat.INTERVIEW_SCHEDULE, interviewed_talent, interviewing_member,
         ApiPath(lambda w: f"events/booths/{w.interview.booth_id}/interviews")),
    Site("events.api.booth_calendar", AccessWhat.INTERVIEW_SCHEDULE, interviewed_talent, interviewing_member,
         ApiPath(lambda w: f"events/booths/{w.interview.booth_id}/interviews.ics")),
    Site("events.api.staff_booth_calendar", AccessWhat.INTERVIEW_SCHEDULE, interviewed_talent, reviewer,
         ApiPath(lambda w: f"staff/events/booths/{w.interview.booth_id}/interviews.ics")),
    Site("events.api.staff_registration_calendar", AccessWhat.INTERVIEW_SCHEDULE, interviewed_talent, reviewer,
         ApiPath(lambda w: f"staff/events/registrations/{w.interview.registration_id}/interviews.ics")),
    # the concierge desk (back office and staff API)
    Site("concierge.backoffice.queue", AccessWhat.CONCIERGE_REQUEST, concierge_person, reviewer,
         page("concierge_backoffice:queue")),
    Site("concierge.backoffice.detail", AccessWhat.CONCIERGE_REQUEST, concierge_person, reviewer,
         page("concierge_backoffice:detail", lambda w: w.concierge_request.pk)),
    Site("concierge.backoffice.attachment", AccessWhat.CONCIERGE_REQUEST, concierge_person, reviewer,
         page("concierge_backoffice:attachment", concierge_attachment)),
    Site("concierge.api.staff_queue", AccessWhat.CONCIERGE_REQUEST, concierge_person, reviewer,
         ApiPath(lambda w: "staff/concierge/requests")),
    Site("concierge.api.staff_read", AccessWhat.CONCIERGE_REQUEST, concierge_person, reviewer,
         ApiPath(lambda w: f"staff/concierge/requests/{w.concierge_request.pk}")),
    # petitions (민원) of signed-in people: the staff queue, a petition, its file, and the staff API
    Site("inquiries.backoffice.queue", AccessWhat.PETITION, petitioner, reviewer, page("inquiries_backoffice:queue")),
    Site("inquiries.backoffice.detail", AccessWhat.PETITION, petitioner, reviewer,
         page("inquiries_backoffice:detail", lambda w: w.petition.pk)),
    Site("inquiries.backoffice.attachment", AccessWhat.PETITION, petitioner, reviewer,
         page("inquiries_backoffice:attachment", lambda w: w.petition.pk, lambda w: w.petition.attachments.get().pk)),
    Site("inquiries.api.staff_queue", AccessWhat.PETITION, petitioner, reviewer, ApiPath(lambda w: "staff/inquiries")),
    Site("inquiries.api.staff_read", AccessWhat.PETITION, petitioner, reviewer,
         ApiPath(lambda w: f"staff/inquiries/{w.petition.pk}")),
]  # fmt: skip


@pytest.fixture
def private_files(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _reads() -> list[tuple[str, str, str]]:
    return [
        (event.subject_id, event.changes["what"], event.changes["via"])
        for event in AuditEvent.objects.filter(action=ACCESS_ACTION)
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("private_files")
@pytest.mark.parametrize("site", SITES, ids=[site.id for site in SITES])
def test_a_read_by_an_outsider_is_logged_once_for_the_person_read(site: Site) -> None:
    # Given one person's data the outsider may read (nothing read yet)
    world = World()
    person = site.person(world)
    # When the outsider reads it through the site
    response = site.read(world)
    # Then exactly one access event names that person, what was read and how
    assert response.status_code == 200, response.content[:300]
    assert _reads() == [(str(person.pk), site.what.value, site.via)]


@pytest.mark.django_db
@pytest.mark.usefixtures("private_files")
def test_reading_ones_own_data_is_not_logged() -> None:
    # Given a talent with an application, a document of it and the certificate issued
    world = World()
    talent, case = world.case_people.talent, world.issued_case
    # When they read their own application and documents on the portal and through the API
    reads = [
        web(talent).get(reverse("cases:list")),
        web(talent).get(reverse("cases:detail", args=[case.pk])),
        web(talent).get(reverse("cases:document_download", args=[case.pk, case.documents.get().pk])),
        web(talent).get(reverse("cases:issued_download", args=[case.pk])),
        api(talent).get("cases"),
        api(talent).get(f"cases/{case.pk}"),
        api(talent).get(f"cases/{case.pk}/document"),
    ]
    # Then nothing is in the access log
    assert [response.status_code for response in reads] == [200] * len(reads)
    assert _reads() == []


def _documented_sites() -> list[str]:
    """The site ids in the first column of the table that follows the heading in the docs."""
    section = ARCHITECTURE.read_text(encoding="utf-8").split("**Read sites in the access log.**", 1)[1]
    table = re.search(r"^\|.*?(?=\n\n|\Z)", section, flags=re.MULTILINE | re.DOTALL)
    assert table is not None
    return re.findall(r"^\| `([a-z_.]+)` \|", table.group(), flags=re.MULTILINE)


def test_the_documented_read_sites_are_the_tested_ones() -> None:
    documented = _documented_sites()
    assert len(documented) == len(set(documented))
    assert sorted(documented) == sorted(site.id for site in SITES)
