"""Schemathesis against the API's own OpenAPI document, in-process: every operation that no app's
own fuzz test takes (``fuzzing.DEDICATED``), with generated input, once with a talent's token and
once with a staff token. No 5xx, and every answer matches the document (status declared, body
valid against its schema, content type as documented)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.api import token_for
from tests.factories import EducationFactory, ExperienceFactory
from tests.fuzzing import CHECKS, api_operations

MAX_EXAMPLES = 15

# django_db is named: the lazy schema hides the test's own fixtures from pytest-django.
pytestmark = [pytest.mark.fuzz, pytest.mark.django_db, pytest.mark.usefixtures("fuzzing")]


@pytest.fixture
def tokens(talent: Any, staff: Any, db: None) -> dict[str, str]:
    """A talent with a profile to change, and staff: their tokens, made once per operation (the
    generated requests of one operation share them)."""
    EducationFactory(profile=talent.talent_profile)
    ExperienceFactory(profile=talent.talent_profile)
    return {"talent": token_for(talent), "staff": token_for(staff)}


@api_operations().parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case: Any, tokens: dict[str, str]) -> None:
    # When the talent and staff each send the generated request, then the answer conforms
    for token in tokens.values():
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
