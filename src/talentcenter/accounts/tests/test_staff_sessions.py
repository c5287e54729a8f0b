"""Back-office sessions: the second factor cannot be skipped by any URL, and sessions end."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from hypothesis import given
from hypothesis import strategies as st

from talentcenter.accounts.middleware import SESSION_SEEN, SESSION_STARTED, is_always_allowed
from talentcenter.audit.models import AuditEvent
from tests.api import ApiClient

BACK_OFFICE_ROOTS = ("backoffice/", "evaluations/", "admin/")
# Words that appear in the paths staff may use without a second factor.
FRAGMENTS = ["media", "static", "accounts", "i18n"]
PLACEHOLDER = re.compile(r"<(?:(\w+):)?\w+>")


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    routes = []
    for pattern in patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue  # the admin's regex catch-alls: covered by its other routes
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes.extend(_routes(pattern.url_patterns, route))
        else:
            routes.append(route)
    return routes


def back_office_paths(fragment: str) -> list[str]:
    """Every back-office URL (under /en/), with each placeholder filled by ``fragment``."""
    language_prefixed = next(
        p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.pattern.regex.pattern == "en/"
    )
    routes = [route for route in _routes(language_prefixed.url_patterns) if route.startswith(BACK_OFFICE_ROOTS)]

    def fill(match: re.Match[str]) -> str:
        converter = match.group(1) or "str"
        return {"int": "1", "uuid": str(uuid.UUID(int=1))}.get(converter, fragment)

    return ["/en/" + PLACEHOLDER.sub(fill, route) for route in routes]


@given(language=st.sampled_from(["en", "ko"]), root=st.sampled_from(BACK_OFFICE_ROOTS), rest=st.text())
def test_no_back_office_path_is_always_allowed(language: str, root: str, rest: str) -> None:
    assert not is_always_allowed(f"/{language}/{root}{rest}")
    assert not is_always_allowed(f"/{language}/{root}{rest}/media/accounts/static/i18n/")


def test_only_the_sign_in_pages_and_files_are_always_allowed() -> None:
    assert is_always_allowed("/en/accounts/login/")
    assert is_always_allowed("/static/krds/app.css")
    assert not is_always_allowed("/en/backoffice/policy/variants/media/")
    assert not is_always_allowed("/api/v1/staff/accounts/")


@pytest.mark.django_db
@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_every_back_office_url_asks_staff_for_the_second_factor(staff: Any, fragment: str) -> None:
    # Given staff without a second factor, and every back-office URL with the fragment in its slugs
    client = Client()
    client.force_login(staff)
    paths = back_office_paths(fragment)
    assert len(paths) > 20

    # When each is asked for, then each sends them to set up the second factor
    answers = {path: client.get(path) for path in paths}
    wrong = {
        path: answer.status_code
        for path, answer in answers.items()
        if answer.get("Location") != reverse("mfa_activate_totp")
    }
    assert not wrong


def _age(client: Client, *, started: float, seen: float) -> None:
    session = client.session
    session[SESSION_STARTED] = time.time() - started
    session[SESSION_SEEN] = time.time() - seen
    session.save()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("started", "seen", "reason"),
    [(31 * 60, 31 * 60, "idle"), (13 * 3600, 60, "absolute")],
)
def test_a_staff_session_ends_when_idle_or_too_old(
    staff_client: Client, staff: Any, started: float, seen: float, reason: str
) -> None:
    # Given a staff session idle for 31 minutes, or 13 hours old
    _age(staff_client, started=started, seen=seen)

    # When staff open the back office
    response = staff_client.get("/en/backoffice/")

    # Then they are signed out and sent to sign in, told why, and it is recorded
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("account_login")
    assert parse_qs(urlsplit(response.url).query)["next"] == ["/en/backoffice/"]
    assert "_auth_user_id" not in staff_client.session
    assert any("Sign in again" in str(message) for message in get_messages(response.wsgi_request))
    event = AuditEvent.objects.get(action="account.session_expired")
    assert (event.actor_id, event.changes) == (staff.pk, {"reason": reason})


@pytest.mark.django_db
def test_the_message_is_in_the_page_language(staff_client: Client) -> None:
    _age(staff_client, started=31 * 60, seen=31 * 60)

    response = staff_client.get("/ko/backoffice/", follow=True)

    assert "다시 로그인" in response.content.decode()


@pytest.mark.django_db
def test_an_active_staff_session_within_its_lifetime_goes_on(staff_client: Client) -> None:
    _age(staff_client, started=11 * 3600, seen=29 * 60)

    assert staff_client.get("/en/backoffice/").status_code == 200
    assert staff_client.get("/en/backoffice/").status_code == 200


@pytest.mark.django_db
def test_an_idle_staff_api_session_is_not_authenticated(staff_client: Client) -> None:
    _age(staff_client, started=31 * 60, seen=31 * 60)

    response = ApiClient(client=staff_client).get("me")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db
def test_talent_sessions_have_no_back_office_limits(client: Client, talent: Any) -> None:
    client.force_login(talent)
    _age(client, started=48 * 3600, seen=3 * 3600)

    assert client.get(reverse("talent:profile")).status_code == 200
