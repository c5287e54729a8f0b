"""Schemathesis over the cases and evaluations operations, in process, on a real draft case: its
talent, its company's member, a reviewer and an evaluator each send every generated request, and
every answer conforms to the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from talentcenter.cases.enums import CaseType
from tests.api import token_for
from tests.cases import CasePeople, start
from tests.fuzzing import CHECKS, DEDICATED, api_operations

FUZZ_EXAMPLES = 5

# django_db is named: the lazy schema hides the test's own fixtures from pytest-django.
pytestmark = [pytest.mark.fuzz, pytest.mark.django_db, pytest.mark.usefixtures("fuzzing")]


@pytest.fixture
def fuzz_world(db: None) -> dict[str, Any]:
    """A draft KOTRA case with its parties, a reviewer and an evaluator: the world every generated
    request of every operation acts on, as a live server's database would be."""
    people = CasePeople.create(evaluators=1)
    case = start(people, CaseType.KOTRA_RECOMMENDATION)
    users = (people.talent, people.company_member, people.reviewer, people.evaluators[0])
    return {"case": case, "tokens": [token_for(user) for user in users]}


@api_operations(DEDICATED["cases"]).parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_cases_api_conforms_to_its_openapi_document(case: Any, fuzz_world: dict[str, Any]) -> None:
    # Given a draft case: generated ids would almost never name it, so the path names it
    if "case_id" in (case.path_parameters or {}):
        case.path_parameters["case_id"] = fuzz_world["case"].pk

    # When its talent, its company's member, a reviewer and an evaluator send the generated request,
    # then every answer conforms to the document
    for token in fuzz_world["tokens"]:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
