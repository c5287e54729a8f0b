"""Schemathesis against /api/v1/me/jobs only, in-process: generated input from a talent with a
complete profile, an application and a saved search to act on, and from staff. No 5xx, and every
answer matches the OpenAPI document (status declared, body valid, content type as documented)."""

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
from talentcenter.jobs.services.applications import application_submit
from talentcenter.jobs.services.searches import saved_search_create
from talentcenter.jobs.tests.talent_support import complete_profile, opening

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
MAX_EXAMPLES = 25


def _load_schema() -> Any:
    from talentcenter.wsgi import application

    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    loaded.config.generation.update(max_examples=MAX_EXAMPLES, database="none")
    return loaded.include(path_regex=r"^/api/v1/me/jobs")


schema = _load_schema()


@pytest.fixture(autouse=True)
def _no_throttling(settings: Any) -> None:
    settings.TALENTCENTER_API_THROTTLE_RATES = {}


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Requests go straight to the WSGI application: keep the test's connection open (see
    api/tests/test_fuzz.py)."""
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
def test_my_jobs_api_conforms_to_its_openapi_document(case: Any, staff: Any, db: None) -> None:
    # Given a talent with an application (ids 1.. are likely hits) and a saved search, and staff
    profile = complete_profile()
    application_submit(actor=profile.user, opening=opening())
    saved_search_create(actor=profile.user, name="Fabs", criteria={"industry": "semiconductor"})

    # When each of them sends the generated request, then the answer conforms
    for user in (profile.user, staff):
        case.call_and_validate(headers={"Authorization": f"Bearer {token_for(user)}"}, checks=CHECKS)
