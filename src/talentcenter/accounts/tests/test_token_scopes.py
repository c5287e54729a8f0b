"""Personal API tokens: created only from a session, limited to their scopes and lifetime, and
revoked with the password or the second factor."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.utils import timezone

from talentcenter.accounts import services
from talentcenter.accounts.api_auth import scope_area
from talentcenter.accounts.enums import ALL_TOKEN_SCOPES
from talentcenter.accounts.models import ApiToken
from talentcenter.audit.models import AuditEvent
from tests.api import ApiClient, token_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _session(user: Any) -> ApiClient:
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)
    return ApiClient(client=client)


def _token(user: Any, *scopes: str, days: int = 90) -> ApiClient:
    _token_row, secret = services.api_token_create(user=user, name="t", scopes=scopes, lifetime_days=days)
    return ApiClient(token=secret)


def test_a_token_cannot_mint_tokens(talent_api: ApiClient, talent: Any) -> None:
    response = talent_api.post("me/tokens", {"name": "child", "scopes": ["profile:read"]})

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert ApiToken.objects.filter(user=talent).count() == 1


def test_a_session_creates_a_token_with_scopes_and_a_90_day_default_lifetime(talent: Any) -> None:
    response = _session(talent).post("me/tokens", {"name": "export", "scopes": ["profile:read", "jobs:write"]})

    assert response.status_code == 201
    body = response.json()
    assert body["scopes"] == ["jobs:write", "profile:read"]
    lifetime = datetime.datetime.fromisoformat(body["expires_at"]) - datetime.datetime.fromisoformat(body["created_at"])
    assert abs(lifetime - datetime.timedelta(days=90)) < datetime.timedelta(minutes=1)
    event = AuditEvent.objects.get(action="account.api_token_created")
    assert event.changes["scopes"] == ["jobs:write", "profile:read"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "t", "scopes": []}, "scopes"),
        ({"name": "t", "scopes": ["everything"]}, "scopes.0"),
        ({"name": "t"}, "scopes"),
        ({"name": "t", "scopes": ["profile:read"], "expires_in_days": 7}, "expires_in_days"),
        ({"name": "t", "scopes": ["profile:read"], "expires_in_days": None}, "expires_in_days"),
        ({"name": "t", "scopes": ["profile:read"], "expires_in_days": "365"}, "expires_in_days"),
    ],
)
def test_tokens_need_known_scopes_and_one_of_the_lifetimes(talent: Any, body: dict[str, Any], field: str) -> None:
    response = _session(talent).post("me/tokens", body)

    assert response.status_code == 422
    assert field in response.json()["fields"]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("days", [30, 365])
def test_the_lifetime_is_chosen_at_creation(talent: Any, days: int) -> None:
    response = _session(talent).post("me/tokens", {"name": "t", "scopes": ["account:read"], "expires_in_days": days})

    token = ApiToken.objects.get(pk=response.json()["id"])
    assert abs(token.expires_at - token.created_at - datetime.timedelta(days=days)) < datetime.timedelta(minutes=1)


# (scopes of the token, method, path, expected status)
SCOPE_MATRIX = [
    (("profile:read",), "GET", "me/profile", 200),
    (("profile:read",), "PATCH", "me/profile", 403),
    (("profile:write",), "PATCH", "me/profile", 200),
    (("profile:write",), "GET", "me/profile", 200),
    (("profile:write",), "GET", "me", 403),
    (("account:read",), "GET", "me", 200),
    (("account:read",), "PATCH", "me", 403),
    (("account:read",), "GET", "me/profile", 403),
    (("jobs:read",), "GET", "me/jobs/applications", 200),
    (("profile:read",), "GET", "me/jobs/applications", 403),
    (("policy:read",), "GET", "programmes", 200),
    (("jobs:read",), "GET", "programmes", 403),
    (("cases:read",), "GET", "cases", 200),
    (("jobs:read",), "GET", "cases", 403),
]


@pytest.mark.parametrize(("scopes", "method", "path", "status"), SCOPE_MATRIX)
def test_a_token_does_only_what_its_scopes_allow(
    talent: Any, scopes: tuple[str, ...], method: str, path: str, status: int
) -> None:
    body = {"language": "ko"} if path == "me" and method == "PATCH" else ({} if method == "PATCH" else None)

    response = _token(talent, *scopes).request(method, path, body)

    assert response.status_code == status, response.content
    if status == 403:
        assert response.json()["code"] == "insufficient_scope"
        assert set(response.json()) == {"code", "message", "fields"}


def test_staff_endpoints_need_the_staff_scope(staff: Any) -> None:
    assert _token(staff, "staff:read").get("staff/audit").status_code == 200
    refused = _token(staff, *(scope for scope in ALL_TOKEN_SCOPES if not scope.startswith("staff:"))).get("staff/audit")
    assert (refused.status_code, refused.json()["code"]) == (403, "insufficient_scope")


def test_every_api_path_belongs_to_a_scope_area(anonymous: ApiClient) -> None:
    document = anonymous.get("openapi.json").json()

    assert {path: scope_area(path) for path in document["paths"] if scope_area(path) is None} == {}
    description = document["components"]["securitySchemes"]["BearerTokenAuth"]["description"]
    assert "`profile`" in description and "insufficient_scope" in description


def test_an_expired_token_is_401_and_its_use_recorded_once(talent: Any) -> None:
    token, secret = services.api_token_create(user=talent, name="old")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client = ApiClient(token=secret)

    answers = [client.get("me") for _ in range(3)]

    assert {answer.status_code for answer in answers} == {401}
    assert answers[0].json()["code"] == "not_authenticated"
    assert AuditEvent.objects.filter(action="account.api_token_expired_used", actor_id=talent.pk).count() == 1


def test_changing_the_password_revokes_every_token(talent: Any) -> None:
    # Given a talent with a token, signed in in the browser
    secret = token_for(talent)
    browser = Client()
    browser.force_login(talent)

    # When they change their password
    response = browser.post(
        "/en/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "a-new-Passphrase-77", "password2": "a-new-Passphrase-77"},
    )

    # Then the token no longer works, and the revocation is recorded with its reason
    assert response.status_code == 302
    assert ApiClient(token=secret).get("me").status_code == 401
    event = AuditEvent.objects.get(action="account.api_token_revoked")
    assert event.reason == "password changed"


def test_turning_the_second_factor_off_revokes_every_token(staff: Any) -> None:
    from allauth.mfa.base.internal.flows import delete_and_cleanup
    from allauth.mfa.models import Authenticator
    from django.test import RequestFactory

    # Given staff with an authenticator app and a token
    totp = Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    secret = token_for(staff)
    request = RequestFactory().post("/")
    request.user = staff

    # When the only authenticator is removed
    delete_and_cleanup(request, totp)

    # Then the token is revoked
    assert ApiClient(token=secret).get("me").status_code == 401


def test_existing_tokens_are_migrated_to_full_scope_with_an_expiry(talent: Any) -> None:
    migration = importlib.import_module("talentcenter.accounts.migrations.0003_api_token_scopes")
    token, _secret = services.api_token_create(user=talent, name="before scopes")
    ApiToken.objects.filter(pk=token.pk).update(scopes=[], expires_at=timezone.now() + datetime.timedelta(days=900))

    migration.give_existing_tokens_full_scope(django_apps, None)

    token.refresh_from_db()
    # The scopes as they were then: areas added since (events) are granted only to new tokens.
    assert token.scopes == migration.FULL_SCOPE
    assert set(migration.FULL_SCOPE) < set(ALL_TOKEN_SCOPES)
    assert token.expires_at <= timezone.now() + datetime.timedelta(days=365)
