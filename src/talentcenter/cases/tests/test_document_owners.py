"""Each party uploads only the documents it provides (``checklist.Requirement.party``).

The talent provides their passport, diplomas, certificates of employment, the evidence for the
qualitative evaluation, the programme letter and what a request asks for as a new document; the
hiring company provides the contract and KOTRA's hiring statement. For every requirement of every
kind of case and both parties: the provider's upload is stored, the other party's is refused (403)
and changes nothing — in the service, the API and the portal.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from talentcenter.audit.models import AuditEvent
from talentcenter.cases import selectors, services
from talentcenter.cases.enums import CaseAction, CaseType, Party
from talentcenter.cases.models import Case, CaseDocument
from tests.api import ApiClient, token_for
from tests.cases import OFFER, CasePeople, pdf_bytes, start, walk

pytestmark = pytest.mark.django_db

# Every kind of requirement the checklist defines, by the code's prefix.
REQUIREMENT_KINDS = {
    "passport": Party.TALENT,
    "diploma": Party.TALENT,
    "employment-certificate": Party.TALENT,
    "employment-contract": Party.COMPANY,
    "hiring-statement": Party.COMPANY,
    "qualitative-evidence": Party.TALENT,
    "programme-letter": Party.TALENT,
    "additional": Party.TALENT,
}


def kind_of(code: str) -> str:
    return next(kind for kind in sorted(REQUIREMENT_KINDS, key=len, reverse=True) if code.startswith(kind))


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TALENTCENTER_API_THROTTLE_RATES = {}


def cases_with_every_requirement(people: CasePeople) -> list[Case]:
    """A qualitative K-Tech Pass draft, a government-programme one (with another company), a KOTRA
    draft and a case waiting for a new document the center asked for."""
    qualitative = start(people, track="qualitative")
    programme = services.case_start(
        actor=people.talent,
        case_type=CaseType.KTECH_PASS,
        talent=people.talent.talent_profile,
        company=_another_company(people),
        track="government-programme",
        government_programme="Brain Pool",
    )
    kotra = start(people, CaseType.KOTRA_RECOMMENDATION)
    invitation = services.case_invite(
        actor=people.company_member,
        case_type=CaseType.KTECH_PASS,
        company=_another_company(people),
        email=people.talent.email,
        **OFFER,
    )
    asked = services.case_accept(actor=people.talent, case=invitation)
    walk(asked, people, "in_review")
    services.case_request_information(
        actor=people.reviewer, case=asked, items=[services.RequestedItem("new", "The award certificate.")]
    )
    asked.refresh_from_db()
    return [qualitative, programme, kotra, asked]


def _another_company(people: CasePeople) -> Any:
    from tests.factories import MembershipFactory

    membership = MembershipFactory()
    MembershipFactory(company=membership.company, user=people.company_member)
    return membership.company


def other_party(party: str) -> str:
    return Party.COMPANY if party == Party.TALENT else Party.TALENT


def test_every_requirement_is_uploaded_by_its_provider_and_refused_to_the_other_party() -> None:
    # Given cases whose checklists hold every kind of requirement
    people = CasePeople.create(evaluators=0)
    uploader = {Party.TALENT: people.talent, Party.COMPANY: people.company_member}
    seen: set[str] = set()

    for case in cases_with_every_requirement(people):
        for requirement in selectors.case_requirements(case):
            kind = kind_of(requirement.code)
            seen.add(kind)
            assert requirement.party == REQUIREMENT_KINDS[kind], requirement.code
            before = (CaseDocument.objects.count(), AuditEvent.objects.count())

            # When the other party uploads it, then it is refused and nothing changes
            with pytest.raises(PermissionDenied):
                services.case_document_upload(
                    actor=uploader[other_party(requirement.party)],
                    case=case,
                    requirement=requirement.code,
                    name="scan.pdf",
                    data=pdf_bytes(),
                )
            assert (CaseDocument.objects.count(), AuditEvent.objects.count()) == before, requirement.code

            # When its provider uploads it, then it is stored
            document = services.case_document_upload(
                actor=uploader[requirement.party],
                case=case,
                requirement=requirement.code,
                name="a.pdf",
                data=pdf_bytes(),
            )
            assert document.uploaded_by == uploader[requirement.party]

    assert seen == set(REQUIREMENT_KINDS)


def test_a_company_member_who_is_also_the_talent_provides_both_sides() -> None:
    # Given a talent who is also a member of the hiring company
    people = CasePeople.create(evaluators=0)
    from tests.factories import MembershipFactory

    MembershipFactory(company=people.company, user=people.talent)
    case = start(people)

    # When they upload the company's contract and their own passport, then both are stored
    for code in ("employment-contract", "passport"):
        services.case_document_upload(actor=people.talent, case=case, requirement=code, name="a.pdf", data=pdf_bytes())
    assert set(case.documents.values_list("requirement", flat=True)) == {"employment-contract", "passport"}


def upload(client: ApiClient, case: Case, requirement: str) -> Any:
    return client.client.post(
        f"/api/v1/cases/{case.pk}/documents",
        data={"requirement": requirement, "file": SimpleUploadedFile("scan.pdf", pdf_bytes())},
        headers=client.headers,
    )


@pytest.mark.parametrize(
    ("actor", "requirement", "status"),
    [
        ("company_member", "passport", 403),
        ("company_member", "diploma-1", 403),
        ("talent", "employment-contract", 403),
        ("talent", "passport", 201),
        ("company_member", "employment-contract", 201),
    ],
)
def test_the_api_refuses_the_other_partys_document_with_403(actor: str, requirement: str, status: int) -> None:
    # Given a draft with the talent's passport already uploaded
    people = CasePeople.create(evaluators=0)
    case = start(people)
    services.case_document_upload(
        actor=people.talent, case=case, requirement="passport", name="p.pdf", data=pdf_bytes()
    )
    before = list(CaseDocument.objects.order_by("pk").values_list("pk", "requirement", "version", "sha256"))

    # When one party uploads a version of a document through the API
    response = upload(ApiClient(token=token_for(getattr(people, actor))), case, requirement)

    # Then the provider's is stored; the other party's is 403 with the reason and nothing changes
    assert response.status_code == status, response.content
    if status == 403:
        provider = "hiring company" if requirement == "employment-contract" else "talent"
        assert response.json()["code"] == "permission_denied"
        assert response.json()["message"] == f"Only the {provider} can upload this document."
        assert list(CaseDocument.objects.order_by("pk").values_list("pk", "requirement", "version", "sha256")) == before


def test_the_portal_refuses_the_other_partys_document_with_a_translated_message() -> None:
    # Given a draft with the talent's passport, and the company member's browser in Korean
    people = CasePeople.create(evaluators=0)
    case = start(people)
    services.case_document_upload(
        actor=people.talent, case=case, requirement="passport", name="p.pdf", data=pdf_bytes()
    )
    browser = Client()
    browser.force_login(people.company_member)

    # When the company tries to replace the passport
    response = browser.post(
        reverse("cases:upload", kwargs={"pk": case.pk}).replace("/en/", "/ko/"),
        {"requirement": "passport", "file": SimpleUploadedFile("fake.pdf", pdf_bytes("Fake"))},
    )

    # Then the page says, in Korean, that only the talent uploads it, and the passport is unchanged
    assert response.status_code == 403
    assert "인재만 이 서류를 올릴 수 있습니다." in response.content.decode()
    assert list(case.documents.values_list("requirement", "version")) == [("passport", 1)]


def test_the_portal_shows_upload_forms_only_for_each_partys_own_documents() -> None:
    # Given a KOTRA draft (talent: passport, diploma, certificate; company: contract, statement)
    people = CasePeople.create(evaluators=0)
    case = start(people, CaseType.KOTRA_RECOMMENDATION)
    owners = {requirement.code: requirement.party for requirement in selectors.case_requirements(case)}

    for party, user in ((Party.TALENT, people.talent), (Party.COMPANY, people.company_member)):
        browser = Client()
        browser.force_login(user)
        # When each party looks at it
        page = browser.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()

        # Then the upload form is there for its own documents and not for the other's
        for code, owner in owners.items():
            assert (f'name="requirement" value="{code}"' in page) == (owner == party), (party, code)


def test_a_party_that_provides_nothing_on_the_checklist_is_not_offered_to_upload() -> None:
    # Given a K-Tech Pass draft the talent started, with no salary yet: every document is the talent's
    people = CasePeople.create(evaluators=0)
    case = services.case_start(
        actor=people.talent,
        case_type=CaseType.KTECH_PASS,
        talent=people.talent.talent_profile,
        company=people.company,
        track="standard",
    )

    # Then the company is not offered to upload, the talent is
    assert CaseAction.UPLOAD not in selectors.actions_for(people.company_member, case)
    assert CaseAction.UPLOAD in selectors.actions_for(people.talent, case)
