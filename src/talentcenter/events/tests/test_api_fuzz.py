"""Schemathesis over the events operations, in process, against a published fair with a talent's
seat and a company's booth named in the paths; a talent, the company's member and staff each send
every generated request. No 5xx, and every answer conforms to the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from talentcenter.events.services.booths import booth_register
from talentcenter.events.services.registrations import talent_register
from talentcenter.events.tests.support import event
from tests.api import token_for
from tests.fuzzing import CHECKS, DEDICATED, api_operations

# django_db is named: the lazy schema hides the test's own fixtures from pytest-django.
pytestmark = [pytest.mark.fuzz, pytest.mark.django_db, pytest.mark.usefixtures("fuzzing")]


@pytest.fixture
def events_world(talent: Any, company_member: Any, staff: Any) -> dict[str, Any]:
    fair = event(talent_capacity=5, company_capacity=5)
    registration = talent_register(actor=talent, event=fair)
    booth = booth_register(actor=company_member, event=fair, company=company_member.memberships.get().company)
    return {
        "objects": {"event_id": fair.pk, "registration_id": registration.pk, "booth_id": booth.pk},
        "tokens": [token_for(user) for user in (talent, company_member, staff)],
    }


@api_operations(DEDICATED["events"]).parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_events_api_conforms_to_its_openapi_document(case: Any, events_world: dict[str, Any]) -> None:
    parameters = case.path_parameters or {}
    for name, value in events_world["objects"].items():
        if name in parameters:
            parameters[name] = value

    case.call_and_validate(checks=CHECKS)
    for token in events_world["tokens"]:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
