"""Privacy in the browser: a company member signs up and is led to the company path; the legal
pages, the accessibility statement, "About the center", the opened official-site notice and "my
privacy" pass axe; a person deletes their account."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import confirm_email, fill, form_with, sign_in, sign_up, submit
from tests.factories import PASSWORD, TalentProfileFactory

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Bukchon-hanok-roof-tile-93"


def test_a_company_member_signs_up_with_the_required_consents_and_is_led_to_the_company_path(
    page: Any, mailbox: Any
) -> None:
    from talentcenter.privacy.models import Consent

    message = sign_up(
        page, language="en", email="jisoo.han@example.org", password=NEW_PASSWORD, mailbox=mailbox, role="company"
    )
    confirm_email(page, message, language="en")

    assert set(Consent.objects.values_list("purpose", flat=True)) == {"terms", "service"}
    expect(page.locator("main")).to_contain_text("Register or join a company")
    expect(page.locator("main")).not_to_contain_text("Create my profile")


@pytest.mark.parametrize("language", ["ko", "en"])
def test_legal_pages_pass_the_accessibility_check(page: Any, language: str) -> None:
    for path in ("privacy/policy", "privacy/terms", "privacy/copyright", "accessibility", "about"):
        page.goto(f"/{language}/{path}/")
        check_page(page, f"{path} ({language})")

    # The official-site notice opens its "how to check" explanation from the keyboard, and closes it.
    toggle = page.locator("#krds-masthead .site-masthead-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#masthead-check")).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#masthead-check")).to_contain_text("go.kr")
    check_page(page, f"official-site notice opened ({language})")
    page.keyboard.press("Space")
    expect(page.locator("#masthead-check")).to_be_hidden()


def test_a_person_reviews_their_privacy_and_deletes_their_account(page: Any) -> None:
    profile = TalentProfileFactory(user__email="tomas.novak@example.org")
    sign_in(page, language="ko", email="tomas.novak@example.org", password=PASSWORD)

    page.goto("/ko/privacy/mine/")
    check_page(page, "my privacy")
    page.goto("/ko/privacy/mine/delete/")
    check_page(page, "delete my account")
    form = form_with(page, "password")
    fill(form, {"password": PASSWORD, "confirm": True})
    submit(form)
    check_page(page, "account deleted")

    profile.user.refresh_from_db()
    assert not profile.user.is_active
