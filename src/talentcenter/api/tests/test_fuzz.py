"""Schemathesis against the API's own OpenAPI document, in-process: every operation, generated input,
once with a talent's token and once with a staff token. No 5xx, and every answer matches the
document (status declared, body valid against its schema, content type as documented)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from talentcenter.api.tests.conftest import token_for
from tests.factories import EducationFactory, ExperienceFactory

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
MAX_EXAMPLES = 30


def _load_schema() -> Any:
    from talentcenter.wsgi import application

    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    loaded.config.generation.update(max_examples=MAX_EXAMPLES, database="none")
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def _no_throttling(settings: Any) -> None:
    settings.TALENTCENTER_API_THROTTLE_RATES = {}


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Requests go straight to the WSGI application, not through Django's test client, so the
    end of each request would close the database connection that holds the test's transaction
    (PostgreSQL). Do what the test client does: keep it open while the test runs."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case: Any, talent: Any, staff: Any, db: None) -> None:
    # Given a talent with a profile to change, and staff
    profile = talent.talent_profile
    if not profile.educations.exists():
        EducationFactory(profile=profile)
        ExperienceFactory(profile=profile)
    tokens = {"talent": token_for(talent), "staff": token_for(staff)}

    # When each of them sends the generated request, then the answer conforms
    for token in tokens.values():
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
