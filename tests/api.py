"""The API tests' client, shared by every app's tests (a pytest plugin, loaded by the root conftest).

:class:`ApiClient` speaks JSON to ``/api/v1/``; :func:`token_for` gives a user a personal API token;
the fixtures are the actors of the authorization matrices, signed in as each would be.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.test import Client


class ApiClient:
    """A Django test client that speaks JSON to /api/v1/ with a token, a session or nothing."""

    def __init__(self, *, client: Client | None = None, token: str = "", language: str = "en") -> None:
        self.client = client or Client()
        self.headers: dict[str, str] = {"Accept-Language": language}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        url = path if path.startswith("/") else f"/api/v1/{path}"
        data = None if body is None else json.dumps(body)
        return self.client.generic(
            method.upper(),
            url,
            data=data or "",
            content_type="application/json",
            headers={**self.headers, **headers},
        )

    def get(self, path: str, **headers: str) -> Any:
        return self.request("GET", path, **headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.request("POST", path, body, **headers)

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.request("PATCH", path, body, **headers)

    def delete(self, path: str, **headers: str) -> Any:
        return self.request("DELETE", path, **headers)


def token_for(user: Any) -> str:
    from talentcenter.accounts.services import api_token_create

    _token, secret = api_token_create(user=user, name="tests")
    return secret


@pytest.fixture
def as_token() -> Callable[..., ApiClient]:
    def make(user: Any, *, language: str = "en") -> ApiClient:
        return ApiClient(token=token_for(user), language=language)

    return make


@pytest.fixture
def anonymous() -> ApiClient:
    return ApiClient()


@pytest.fixture
def talent_api(talent: Any) -> ApiClient:
    return ApiClient(token=token_for(talent))


@pytest.fixture
def staff_api(staff: Any) -> ApiClient:
    return ApiClient(token=token_for(staff))


@pytest.fixture
def staff_session_without_mfa(staff: Any) -> ApiClient:
    client = Client()
    client.force_login(staff)
    return ApiClient(client=client)


@pytest.fixture
def staff_session_with_mfa(staff: Any) -> ApiClient:
    return ApiClient(client=staff_client_with_second_factor(staff))
