"""A NUL character (``\\u0000``) in a JSON body is a 422 ``validation_error`` on every operation,
never a 500 from the database (PostgreSQL cannot store NUL in text or JSON)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from talentcenter.foundation.tests.test_api_nul import poisoned_json
from tests.api import ApiClient, token_for

pytestmark = pytest.mark.django_db

BODY_METHODS = ("post", "put", "patch", "delete")
NESTED_NUL = {"a": [1, {"b": {"c": ["fine", "bad\x00"]}}], "nested": {"key\x00": None}}


def test_every_operation_refuses_a_nested_nul(talent: Any, staff: Any) -> None:
    # Given the API's operations that take a body, and callers with tokens
    document = ApiClient(token=token_for(staff)).get("openapi.json").json()
    operations = [
        (method, re.sub(r"\{[^}]+\}", "1", path))
        for path, item in document["paths"].items()
        for method in item
        if method in BODY_METHODS
    ]
    assert len(operations) > 20
    talent_api = ApiClient(token=token_for(talent))

    # When each gets a JSON body with NUL nested in a value and a key
    answers = {(method, path): talent_api.request(method, path, NESTED_NUL) for method, path in operations}

    # Then each answers 422 in the error contract
    wrong = {operation: response.status_code for operation, response in answers.items() if response.status_code != 422}
    assert not wrong
    assert {response.json()["code"] for response in answers.values()} == {"validation_error"}


def test_nul_in_a_known_field_names_the_field(talent_api: ApiClient) -> None:
    response = talent_api.patch("me/profile", {"headline": "Engineer\x00"})

    assert response.status_code == 422
    assert response.json()["fields"] == {"headline": ["Remove the control characters."]}


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=poisoned_json)
def test_any_nested_json_with_nul_is_refused_and_changes_nothing(talent_api: ApiClient, body: Any) -> None:
    # Given a talent's profile
    client = talent_api
    before = client.get("me/profile").json()

    # When a body with NUL somewhere is sent
    response = client.patch("me/profile", body)

    # Then it is refused as invalid input and the profile is as it was
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert client.get("me/profile").json() == before
