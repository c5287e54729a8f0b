"""Journey 5: the KRDS language switcher keeps the visitor on the same page in the other language."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import translated

pytestmark = pytest.mark.e2e


def test_language_switcher_goes_from_korean_to_english_on_the_same_page(page: Any, e2e_server: Any) -> None:
    page.goto("/ko/accounts/password/reset/")
    check_page(page, "password reset in Korean")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("main h1")).to_have_text(translated("ko", "Password Reset"))

    switcher = page.locator("#krds-header button[aria-controls='language-menu']")
    expect(switcher).to_have_attribute("aria-expanded", "false")
    switcher.click()
    expect(switcher).to_have_attribute("aria-expanded", "true")
    english = page.locator("#language-menu a[hreflang='en']")
    expect(english).to_be_visible()
    expect(page.locator("#language-menu a[hreflang='ko']")).to_have_attribute("aria-current", "true")
    with page.expect_navigation():
        english.click()
    check_page(page, "password reset in English")

    assert page.url == f"{e2e_server.url}/en/accounts/password/reset/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Password Reset")


def test_language_switcher_in_the_mobile_menu_goes_from_english_to_korean(page: Any, e2e_server: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en/")
    check_page(page, "home in English on a phone")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    menu = page.locator("#krds-header button[aria-controls='mobile-nav']")
    menu.click()
    korean = page.locator("#mobile-nav a[hreflang='ko']")
    expect(korean).to_be_visible()
    with page.expect_navigation():
        korean.click()
    check_page(page, "home in Korean on a phone")

    assert page.url == f"{e2e_server.url}/ko/"
    expect(page.locator("html")).to_have_attribute("lang", "ko")
