import pytest
from django.test import Client
from django.urls import reverse

from talentcenter.accounts.models import User
from talentcenter.audit.models import AuditEvent
from talentcenter.notifications.models import OutboundEmail
from tests.factories import PASSWORD, UserFactory

# What the sign-up form requires besides the address and password (privacy/forms.py).
CONSENTS = {"role": "professional", "consent_terms": "on", "consent_service": "on"}


def test_signing_up_queues_a_verification_email_in_the_page_language(db: None, client: Client) -> None:
    response = client.post(
        "/ko/accounts/signup/",
        {
            "email": "new.person@example.org",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
            **CONSENTS,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert user.preferred_language == "ko"
    assert user.password.startswith(("argon2", "md5"))
    email = OutboundEmail.objects.get(to="new.person@example.org")
    assert email.language == "ko"
    assert "/accounts/confirm-email/" in email.body_text
    assert AuditEvent.objects.filter(action="account.signed_up", subject_id=str(user.pk)).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-email", "password1": "a-long-Passphrase-42", "password2": "a-long-Passphrase-42"},
        {"email": "a@example.org", "password1": "short", "password2": "short"},
        {"email": "a@example.org", "password1": "a-long-Passphrase-42", "password2": "different-Passphrase-42"},
        {
            "email": "<script>alert(1)</script>@x.org",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
        },
    ],
)
def test_bad_signups_show_errors_and_create_nothing(db: None, client: Client, data: dict) -> None:
    response = client.post("/en/accounts/signup/", data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_repeated_wrong_passwords_are_throttled(db: None, client: Client) -> None:
    user = UserFactory()
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": user.email, "password": "wrong-password"})

    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_staff_without_an_authenticator_must_set_one_up(db: None, client: Client, staff: User) -> None:
    client.force_login(staff)

    response = client.get("/en/backoffice/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_api_session_without_second_factor_is_refused(db: None, client: Client, staff: User) -> None:
    client.force_login(staff)

    response = client.get("/api/v1/me")

    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"


def test_talents_do_not_need_a_second_factor(db: None, client: Client, talent: User) -> None:
    client.force_login(talent)

    response = client.get(reverse("talent:profile"), follow=True)

    assert response.status_code == 200
    assert all(reverse("mfa_activate_totp") not in url for url, _status in response.redirect_chain)


def test_verification_email_names_the_site_and_puts_the_link_on_its_own_line(db: None, client: Client) -> None:
    client.post(
        "/en/accounts/signup/",
        {
            "email": "link.check@example.org",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
            **CONSENTS,
        },
    )

    body = OutboundEmail.objects.get(to="link.check@example.org").body_text
    link_lines = [line for line in body.splitlines() if "/accounts/confirm-email/" in line]

    assert "Global Talent Center" in body
    assert len(link_lines) == 1
    assert link_lines[0].startswith("http://") and " " not in link_lines[0].strip()
