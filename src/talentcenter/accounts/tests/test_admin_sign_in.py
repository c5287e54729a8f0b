"""The Django admin has no password form of its own: it is reached through the one sign-in."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from talentcenter.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_the_admin_sends_anonymous_visitors_to_the_one_sign_in_and_back(client: Client) -> None:
    response = client.get("/en/admin/", follow=True)

    final, _status = response.redirect_chain[-1]
    assert urlsplit(final).path == reverse("account_login")
    assert _query(final)["next"] == ["/en/admin/"]


def test_the_admin_login_form_checks_no_password(client: Client) -> None:
    # Given a superuser whose password is known
    admin_user = UserFactory(is_superuser=True, is_staff=True)

    # When the password is posted to the admin's login page
    response = client.post("/en/admin/login/?next=/en/admin/", {"username": admin_user.email, "password": PASSWORD})

    # Then nobody is signed in: the answer is the way to the one sign-in
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("account_login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/admin/"])
def test_the_admin_login_sends_only_to_this_site(client: Client, next_url: str) -> None:
    response = client.get("/en/admin/login/", {"next": next_url})

    assert _query(response.url)["next"] == [reverse("admin:index")]


def test_an_admin_with_a_second_factor_uses_the_admin() -> None:
    from conftest import staff_client_with_second_factor

    client = staff_client_with_second_factor(UserFactory(is_superuser=True, is_staff=True))

    assert client.get("/en/admin/").status_code == 200
    assert client.get("/en/admin/login/").url == reverse("admin:index")


@pytest.mark.parametrize("flags", [{"is_superuser": True, "is_staff": True}, {"is_staff": True}])
def test_the_admin_without_a_second_factor_is_closed(client: Client, flags: dict[str, Any]) -> None:
    client.force_login(UserFactory(**flags))

    response = client.get("/en/admin/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_a_signed_in_person_without_admin_rights_is_refused_and_it_is_recorded(client: Client, talent: Any) -> None:
    client.force_login(talent)

    response = client.get("/en/admin/login/", {"next": "/en/admin/"})

    assert response.status_code == 404
    event = AuditEvent.objects.get(action="account.admin_refused")
    assert event.actor_id == talent.pk
