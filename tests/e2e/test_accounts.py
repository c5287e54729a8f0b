"""Accounts in the browser: sign-up with e-mail verification, password reset, sign-in throttling."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import (
    URL_CHARACTERS,
    fill,
    form_with,
    link_in,
    message_subject,
    message_text,
    sign_in,
    sign_up,
    submit,
    translated,
    wait_for_messages,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Gyeongbok-palace-lantern-58"


def test_sign_up_in_korean_verifies_the_address_with_a_korean_email(page: Any, mailbox: Any) -> None:
    from allauth.account.models import EmailAddress

    from talentcenter.accounts.models import User
    from talentcenter.notifications.models import OutboundEmail

    # Given a visitor on the Korean site, when they sign up
    message = sign_up(page, language="ko", email="Minji.Kim@Example.org", password=NEW_PASSWORD, mailbox=mailbox)

    # then the page asks them to verify their address, in Korean
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("main h1")).to_have_text("이메일을 인증하세요")
    # and the account exists, unverified, remembering the language they used
    user = User.objects.get()
    assert (user.email, user.preferred_language, user.is_active) == ("minji.kim@example.org", "ko", True)
    assert list(EmailAddress.objects.values_list("email", "verified")) == [("minji.kim@example.org", False)]
    # and the e-mail went out over SMTP in Korean, through the queue
    assert message["To"] == "minji.kim@example.org"
    assert message_subject(message) == "[Global Talent Center] " + translated("ko", "Please Confirm Your Email Address")
    assert "이메일" in message_subject(message)
    email_row = OutboundEmail.objects.get()
    assert (email_row.to, email_row.language, email_row.status) == ("minji.kim@example.org", "ko", "sent")

    # When they follow the link and confirm
    page.goto(link_in(message, "/ko/accounts/confirm-email/"))
    check_page(page, "confirm address")
    expect(page.locator("main h1")).to_have_text(translated("ko", "Confirm Email Address"))
    submit(page.locator("main form").first)
    check_page(page, "address confirmed")

    # then the address is verified and they are signed in on their dashboard
    assert list(EmailAddress.objects.values_list("verified", flat=True)) == [True]
    assert page.url.endswith("/ko/dashboard/")
    expect(page.locator("main")).to_contain_text(
        translated("ko", "You have confirmed %(email)s.") % {"email": "minji.kim@example.org"}
    )


def test_korean_verification_email_names_the_site_and_its_link_stands_alone(page: Any, mailbox: Any) -> None:
    message = sign_up(page, language="ko", email="jiho.park@example.org", password=NEW_PASSWORD, mailbox=mailbox)
    text = message_text(message)

    assert translated("ko", "Global Talent Center") in text, text
    link = re.search(r"https?://\S+", text)
    assert link, text
    assert re.fullmatch(rf"https?://[^/]+/ko/accounts/confirm-email/{URL_CHARACTERS}+/", link[0]), link[0]


def test_sign_in_is_refused_until_the_address_is_verified(page: Any, mailbox: Any) -> None:
    UserFactory(email="unverified@example.org", verified_email=False)

    page.goto("/en/accounts/login/")
    check_page(page, "sign in")
    form = form_with(page, "password")
    fill(form, {"login": "unverified@example.org", "password": PASSWORD})
    submit(form)
    check_page(page, "verification sent again")

    expect(page.locator("main h1")).to_have_text("Verify Your Email Address")
    [message] = wait_for_messages(mailbox, 1)
    assert message["To"] == "unverified@example.org"
    assert message_subject(message) == "[Global Talent Center] Please Confirm Your Email Address"


def test_password_reset_by_email_link(page: Any, mailbox: Any) -> None:
    user = UserFactory(email="anna.schmidt@example.org")

    # Given a person who forgot their password asks for a reset on the English site
    page.goto("/en/accounts/password/reset/")
    check_page(page, "password reset")
    form = form_with(page, "email")
    fill(form, {"email": "anna.schmidt@example.org"})
    submit(form)
    check_page(page, "password reset sent")

    # then an English e-mail brings a link
    [message] = wait_for_messages(mailbox, 1)
    assert message["To"] == "anna.schmidt@example.org"
    assert message_subject(message) == "[Global Talent Center] Password Reset Email"
    assert "/en/accounts/password/reset/key/" in message_text(message)

    # When they follow it and choose a new password
    page.goto(link_in(message, "/en/accounts/password/reset/key/"))
    check_page(page, "choose a new password")
    form = form_with(page, "password1")
    fill(form, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    submit(form)
    check_page(page, "password changed")
    expect(page.locator("main")).to_contain_text("Your password is now changed.")

    # then the new password works and the old one does not
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)
    sign_in(page, language="en", email="anna.schmidt@example.org", password=NEW_PASSWORD)
    assert page.url.endswith("/en/dashboard/")


def test_sixth_wrong_password_is_refused_with_the_translated_throttling_message(page: Any, mailbox: Any) -> None:
    UserFactory(email="target@example.org")
    too_many = "너무 많은 로그인 실패가 감지되었습니다. 잠시 후에 다시 시도하세요."
    assert translated("ko", "Too many failed login attempts. Try again later.") == too_many

    page.goto("/ko/accounts/login/")
    check_page(page, "sign in")
    for attempt in range(1, 7):
        form = form_with(page, "password")
        fill(form, {"login": "target@example.org", "password": f"wrong-password-{attempt}"})
        submit(form)
        check_page(page, f"wrong password {attempt}")
        errors = page.locator("main form").first
        if attempt <= 5:
            expect(errors).not_to_contain_text(too_many)
    expect(page.locator("main form").first).to_contain_text(too_many)

    # and even the right password is refused while the limit holds
    form = form_with(page, "password")
    fill(form, {"login": "target@example.org", "password": PASSWORD})
    submit(form)
    check_page(page, "right password while throttled")
    expect(page.locator("main form").first).to_contain_text(too_many)
    assert "/accounts/login/" in page.url
