"""django-allauth's pages render inside the site shell, with KRDS form markup."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ENTRANCE_PAGES = [
    "/en/accounts/login/",
    "/en/accounts/signup/",
    "/en/accounts/password/reset/",
    "/ko/accounts/login/",
    "/ko/accounts/signup/",
]


@pytest.mark.parametrize("path", ENTRANCE_PAGES)
def test_entrance_pages_use_the_shell(client: Client, path: str) -> None:
    # when
    response = client.get(path)
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="krds-header"' in html
    assert f'<html lang="{path[1:3]}">' in html
    assert html.count("<h1") == 1
    assert 'class="krds-input"' in html
    assert 'class="krds-btn primary' in html
    assert "style=" not in html


def test_form_errors_are_linked_to_their_fields(client: Client) -> None:
    # when
    response = client.post("/en/accounts/signup/", {"email": "not-an-email", "password1": "x", "password2": "y"})
    # then
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'id="id_email_error1"' in html
    assert 'aria-describedby="id_email_error1"' in html


def test_two_factor_pages_use_the_shell(client: Client, talent) -> None:
    # given
    client.force_login(talent)
    # when
    response = client.get("/en/accounts/2fa/")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="krds-header"' in html
    assert 'class="site-panel"' in html


def _recently_authenticated_client(user, method: str) -> Client:
    from allauth.account.internal.flows.login import record_authentication
    from django.http import HttpRequest

    client = Client()
    client.force_login(user)
    session = client.session
    request = HttpRequest()
    request.session = session
    request.user = user
    if method == "mfa":
        record_authentication(request, user, "mfa", type="totp", reauthenticated=True)
    else:
        record_authentication(request, user, "password", email=user.email, reauthenticated=True)
    session.save()
    return client


@pytest.mark.parametrize("path", ["/en/accounts/2fa/totp/activate/", "/ko/accounts/2fa/webauthn/add/"])
def test_second_factor_set_up_pages_use_the_shell(talent, path: str) -> None:
    # given a person who has just signed in with a password
    client = _recently_authenticated_client(talent, "password")
    # when
    response = client.get(path)
    # then
    assert response.status_code == 200, response.get("Location")
    html = response.content.decode()
    assert 'id="krds-header"' in html
    assert html.count("<h1") == 1
    assert "style=" not in html


def test_recovery_codes_page_uses_the_shell(talent) -> None:
    # given a person with an authenticator app who has just passed it
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(talent, generate_totp_secret())
    RecoveryCodes.activate(talent)
    client = _recently_authenticated_client(talent, "mfa")
    # when
    response = client.get("/en/accounts/2fa/recovery-codes/")
    # then
    assert response.status_code == 200, response.get("Location")
    html = response.content.decode()
    assert 'id="krds-header"' in html
    assert html.count("<h1") == 1
