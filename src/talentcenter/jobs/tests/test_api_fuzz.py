"""Schemathesis over the jobs operations, in process, each against real objects to act on: the
openings API with a published opening, an application and a discoverable profile; the talent
requests API with a request and an invitation; the talent's own jobs API with an application and
a saved search. Every answer conforms to the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from talentcenter.jobs.services import requests as requests_services
from talentcenter.jobs.services.applications import application_submit
from talentcenter.jobs.services.searches import saved_search_create
from talentcenter.jobs.tests import talent_support
from talentcenter.jobs.tests.test_openings_support import application, discoverable_profile, people, published
from talentcenter.jobs.tests.test_requests_support import People, invited
from talentcenter.jobs.tests.test_requests_support import discoverable_profile as discoverable_profile_for_requests
from tests.api import token_for
from tests.fuzzing import CHECKS, DEDICATED, api_operations

# django_db is named: the lazy schema hides the test's own fixtures from pytest-django.
pytestmark = [pytest.mark.fuzz, pytest.mark.django_db, pytest.mark.usefixtures("fuzzing")]

FUZZ_EXAMPLES = 5
MY_JOBS_EXAMPLES = 12
FUZZ_SETTINGS = settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def name_in_path(case: Any, **objects: Any) -> None:
    """Generated ids would almost never name a real object: put the world's in the path."""
    parameters = case.path_parameters or {}
    for parameter, value in objects.items():
        if parameter in parameters:
            parameters[parameter] = value.pk


# --- Openings ---------------------------------------------------------------------------------
@pytest.fixture
def openings_world(db: None) -> dict[str, Any]:
    given = people()
    opening = published(given.member, given.company)
    return {
        "objects": {
            "opening_id": opening,
            "application_id": application(opening),
            "profile_id": discoverable_profile(),
        },
        "tokens": [token_for(user) for user in (given.talent, given.member)],
    }


@api_operations(DEDICATED["openings"]).parametrize()
@FUZZ_SETTINGS
def test_the_openings_api_conforms_to_its_openapi_document(case: Any, openings_world: dict[str, Any]) -> None:
    name_in_path(case, **openings_world["objects"])

    case.call_and_validate(checks=CHECKS)
    for token in openings_world["tokens"]:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


# --- Talent requests --------------------------------------------------------------------------
@pytest.fixture
def requests_world(db: None) -> dict[str, Any]:
    given = People.create()
    entry = invited(given)
    shared = discoverable_profile_for_requests(given_name="Linh", family_name="Nguyen")
    added = requests_services.shortlist_add(
        actor=given.staff, talent_request=entry.talent_request, profile_id=shared.pk
    )
    released = requests_services.shortlist_agree(
        actor=shared.user, entry=requests_services.shortlist_invite(actor=given.staff, entry=added)
    )
    return {
        "objects": {"request_id": entry.talent_request, "entry_id": entry, "release_id": released.release},
        "tokens": [token_for(user) for user in (given.talent, given.member, given.staff, shared.user)],
    }


@api_operations(DEDICATED["talent_requests"]).parametrize()
@FUZZ_SETTINGS
def test_the_talent_requests_api_conforms_to_its_openapi_document(case: Any, requests_world: dict[str, Any]) -> None:
    name_in_path(case, **requests_world["objects"])

    for token in requests_world["tokens"]:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


# --- The talent's own jobs --------------------------------------------------------------------
@pytest.fixture
def my_jobs_tokens(staff: Any, db: None) -> list[str]:
    """A talent with an application (ids 1.. are likely hits) and a saved search, and staff: their
    tokens, made once per operation."""
    profile = talent_support.complete_profile()
    application_submit(actor=profile.user, opening=talent_support.opening())
    saved_search_create(actor=profile.user, name="Fabs", criteria={"industry": "semiconductor"})
    return [token_for(profile.user), token_for(staff)]


@api_operations(DEDICATED["my_jobs"]).parametrize()
@settings(max_examples=MY_JOBS_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_my_jobs_api_conforms_to_its_openapi_document(case: Any, my_jobs_tokens: list[str]) -> None:
    # When the talent and staff each send the generated request, then the answer conforms
    for token in my_jobs_tokens:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
