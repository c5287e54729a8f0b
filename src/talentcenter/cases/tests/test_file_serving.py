"""Case files: random stored names, and every download view's matrix and private headers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.test import Client
from django.urls import reverse

from talentcenter.accounts.enums import Role
from talentcenter.cases import services
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case
from tests.api import ApiClient, token_for
from tests.cases import CasePeople, start, walk
from tests.factories import TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

PRIVATE_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people() -> CasePeople:
    return CasePeople.create()


def _signed_in(user: Any) -> Client:
    if user is None:
        return Client()
    if user.is_back_office:
        return staff_client_with_second_factor(user)
    client = Client()
    client.force_login(user)
    return client


def _private_attachment(response: Any, stored: Any, filename: str) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert filename.split(".")[0] in response["Content-Disposition"]
    assert {header: response[header] for header in PRIVATE_HEADERS} == PRIVATE_HEADERS
    with stored.open("rb") as handle:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body == handle.read()


def test_uploads_get_random_names_and_each_view_enforces_its_matrix(people: CasePeople) -> None:
    # Given a KOTRA case in external evaluation; the first evaluator declared no conflict
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "in_validation")
    for record in case.records.all():
        services.record_validate(actor=people.validator, record=record, verified=True)
    for evaluator in people.evaluators:
        services.evaluator_assign(actor=people.reviewer, case=case, evaluator=evaluator)
    case = services.case_start_evaluation(actor=people.reviewer, case=case)
    assignment = case.evaluations.get(evaluator=people.evaluators[0])
    services.evaluation_declare(actor=people.evaluators[0], assignment=assignment, conflict=False)
    document = case.documents.order_by("pk").first()
    assert document is not None

    # Then its stored name says nothing about the case, the requirement or the file
    assert re.fullmatch(r"cases/[A-Za-z0-9_-]{43}\.(pdf|jpg|png)", document.file.name), document.file.name
    assert f"/{case.pk}/" not in document.file.name
    assert document.requirement not in document.file.name

    people_by_role = {
        "anonymous": None,
        "talent": people.talent,
        "company_member": people.company_member,
        "other_talent": TalentProfileFactory().user,
        "reviewer": people.reviewer,
        "evaluator_declared": people.evaluators[0],
        "evaluator_undeclared": people.evaluators[1],
        "evaluator_unassigned": UserFactory(roles=[Role.EXTERNAL_EVALUATOR]),
    }
    portal = reverse("cases:document_download", args=[case.pk, document.pk])
    backoffice = reverse("cases_backoffice:document", args=[case.pk, document.pk])
    evaluator = reverse("evaluations:document", args=[assignment.pk, document.pk])
    expected = {
        #                      portal backoffice evaluator
        "anonymous": (302, 302, 302),
        "talent": (200, 404, 404),
        "company_member": (200, 404, 404),
        "other_talent": (404, 404, 404),
        "reviewer": (404, 200, 404),
        "evaluator_declared": (404, 404, 200),
        "evaluator_undeclared": (404, 404, 404),  # another evaluator's assignment
        "evaluator_unassigned": (404, 404, 404),
    }

    # When each asks for the file through each view
    answers = {}
    for role, user in people_by_role.items():
        client = _signed_in(user)
        answers[role] = tuple(client.get(url) for url in (portal, backoffice, evaluator))

    # Then only the matrix's 200s get it, each as a private attachment
    assert {role: tuple(r.status_code for r in responses) for role, responses in answers.items()} == expected
    for responses in answers.values():
        for response in responses:
            if response.status_code == 200:
                _private_attachment(response, document.file, document.original_name)


def test_the_issued_pdf_through_the_party_api_is_private(people: CasePeople) -> None:
    case: Case = walk(start(people), people, "issued")
    issued = case.issued_document
    assert issued is not None
    path = f"cases/{case.pk}/document"

    for user in (people.talent, people.company_member):
        _private_attachment(ApiClient(token=token_for(user)).get(path), issued.file, f"{issued.serial}.pdf")
    assert ApiClient().get(path).status_code == 401
    assert ApiClient(token=token_for(TalentProfileFactory().user)).get(path).status_code == 404
    portal = _signed_in(people.talent).get(reverse("cases:issued_download", args=[case.pk]))
    _private_attachment(portal, issued.file, f"{issued.serial}.pdf")
