"""The public rules page in Korean and English: values on a chosen date, accessible at every width."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.browser import check_page

pytestmark = pytest.mark.e2e


def _rules_path(language: str) -> str:
    with translation.override(language):
        return reverse("policy:rules")


def test_rules_page_in_korean_shows_the_korean_labels_and_a_chosen_date(page: Any, e2e_server: Any) -> None:
    page.goto(_rules_path("ko") + "?date=2025-06-01")
    check_page(page, "rules in force in Korean on 2025-06-01")

    expect(page.locator("html")).to_have_attribute("lang", "ko")
    standard = page.locator("#track-ktech-pass-standard")
    expect(standard).to_contain_text("적용 1인당 국민총소득(원)")
    expect(standard).to_contain_text("149,865,000원")
    expect(page.locator("#track-e7-1-standard")).to_contain_text("28,670,000")

    page.locator("input[name='date']").fill("2026-07-02")
    with page.expect_navigation():
        page.locator("form.site-filter button[type='submit']").click()
    check_page(page, "rules in force in Korean on 2026-07-02")
    assert page.url.endswith("?date=2026-07-02")
    expect(page.locator("#track-ktech-pass-standard")).to_contain_text("52,416,000")


def test_rules_page_in_english_marks_a_track_not_yet_in_force(page: Any, e2e_server: Any) -> None:
    page.goto(_rules_path("en") + "?date=2026-07-01")
    check_page(page, "rules in force in English on 2026-07-01")

    expect(page.locator("main h1")).to_have_text("Rules in force")
    qualitative = page.locator("#track-ktech-pass-qualitative")
    expect(qualitative).to_contain_text("Not in force on this date")
    expect(qualitative).to_contain_text("starts on 2026-07-02")
    expect(page.locator("#reference-lists")).to_be_visible()


def test_rules_page_with_a_date_it_cannot_read_explains_the_error(page: Any, e2e_server: Any) -> None:
    response = page.goto(_rules_path("en") + "?date=2026-02-30")
    check_page(page, "rules page with an impossible date")

    assert response is not None and response.status == 400
    expect(page.locator("input[name='date']")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".form-hint-invalid").first).to_contain_text("Enter a real date as YYYY-MM-DD")
