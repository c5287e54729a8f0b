"""Journey: a company asks the center for talent, watching the live count of matching profiles;
staff (with their authenticator app) shortlist a ranked candidate and ask her; she agrees; the
company sees her profile; she sees who received her data and withdraws, and the company then
sees only that. Each person works in their own browser window; every page is checked
with axe-core at desktop and phone widths."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import PageAudit, check_page
from tests.e2e.flows import fill, form_with, sign_in, sign_in_with_second_factor
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e]

COMPANY_EMAIL = "hr@hanbit-ai.example"
TALENT_EMAIL = "amara.okafor@example.org"
STAFF_EMAIL = "curator@talentcenter.example"


@dataclass
class Given:
    company: Any
    talent: Any
    other: Any
    secret: str


@pytest.fixture
def given(e2e_server: Any, settings: Any) -> Given:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from talentcenter.accounts.enums import Role
    from talentcenter.jobs.tests.test_requests_support import discoverable_profile
    from tests.factories import MembershipFactory, UserFactory

    settings.SITE_URL = e2e_server.url
    membership = MembershipFactory(
        user=UserFactory(email=COMPANY_EMAIL, roles=[Role.COMPANY_MEMBER]), company__name_en="Hanbit AI"
    )
    talent = discoverable_profile(email=TALENT_EMAIL)
    other = discoverable_profile(given_name="Linh", family_name="Nguyen", nationality="VN")
    staff = UserFactory(email=STAFF_EMAIL, roles=[Role.STAFF_REVIEWER])
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    return Given(company=membership.company, talent=talent, other=other, secret=secret)


@pytest.fixture
def window(browser: Any, e2e_server: Any, request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    opened: list[tuple[Any, PageAudit]] = []

    def open_window(person: str) -> Any:
        context = browser.new_context(
            base_url=e2e_server.url, viewport={"width": 1280, "height": 900}, locale="en-US", timezone_id="Asia/Seoul"
        )
        context.set_default_timeout(10_000)
        new_page = context.new_page()
        audit = PageAudit(new_page, test_name=f"talent-request-{person}")
        new_page.audit = audit
        opened.append((context, audit))
        return new_page

    yield open_window
    failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
    for context, audit in opened:
        if failed:
            audit.keep_failure_screenshot()
        context.close()
    if not failed:
        for _context, audit in opened:
            audit.warn_about_reflow()
            audit.assert_every_page_checked()


def press(page: Any, button: Any, step: str) -> None:
    with page.expect_navigation():
        button.click()
    check_page(page, step)


def test_a_company_asks_for_talent_and_sees_the_profile_once_the_talent_agrees(
    given: Given, window: Callable[..., Any]
) -> None:
    # The company files a request, watching the count of matching profiles change
    company = window("company")
    sign_in(company, language="en", email=COMPANY_EMAIL, password=PASSWORD)
    company.goto("/en/jobs/talent-requests/")
    check_page(company, "talent requests")
    press(company, company.get_by_role("link", name="Ask for talent"), "new talent request")
    count = company.locator("#live-count [data-live-count]")
    form = form_with(company, "title")
    fill(form, {"skill_1": "common.python", "skill_required_1": True})
    expect(count).to_have_attribute("data-live-count", "2")
    fill(form, {"nationalities": "VN"})
    expect(count).to_have_attribute("data-live-count", "1")
    fill(form, {"nationalities": "", "min_education_level": "50", "skill_weight_1": "5"})
    expect(count).to_have_attribute("data-live-count", "2")
    check_page(company, "criteria with the live count")
    fill(form, {"title": "Machine learning engineers", "headcount": "2"})
    press(company, company.get_by_role("button", name="Send the request"), "request sent")
    expect(company.locator("h1")).to_contain_text("Machine learning engineers")
    request_url = company.url

    # Staff curate: the ranked candidate comes with the reasons; they add her with a note and ask her
    staff = window("staff")
    sign_in_with_second_factor(staff, language="en", email=STAFF_EMAIL, password=PASSWORD, secret=given.secret)
    staff.goto("/en/backoffice/talent-requests/")
    check_page(staff, "talent request queue")
    press(staff, staff.locator("main table a").first, "talent request")
    press(staff, staff.get_by_role("button", name="Start curating"), "curating")
    candidate = staff.locator(f"[data-candidate='{given.talent.pk}']")
    expect(candidate).to_contain_text("Python")
    candidate.locator("textarea[name='note']").fill("Your vision models at Telefónica fit their work.")
    press(staff, candidate.get_by_role("button", name="Add Amara Okafor to the shortlist"), "added to the shortlist")
    press(staff, staff.get_by_role("button", name="Ask Amara Okafor"), "talent asked")
    press(staff, staff.get_by_role("button", name="Send the shortlist to the company"), "shortlist sent")
    expect(staff.locator("#request-status")).to_have_attribute("data-status", "shortlist_sent")

    # The company sees that a candidate is waiting, not who
    company.goto(request_url)
    check_page(company, "waiting for agreement")
    expect(company.locator("[data-waiting]")).to_contain_text("1 candidate is waiting")
    expect(company.locator("main")).not_to_contain_text("Okafor")

    # The talent reads what is asked and why, and agrees
    talent = window("talent")
    sign_in(talent, language="en", email=TALENT_EMAIL, password=PASSWORD)
    talent.goto("/en/jobs/invitations/")
    check_page(talent, "invitations")
    expect(talent.locator("main")).to_contain_text("Your vision models at Telefónica fit their work.")
    expect(talent.locator("main")).to_contain_text("your e-mail address and phone number")
    press(talent, talent.get_by_role("button", name="Agree and share my profile with Hanbit AI"), "agreed")
    expect(talent.locator("[data-status='released']")).to_be_visible()

    # The company now sees her profile
    company.goto(request_url)
    check_page(company, "profile released")
    expect(company.locator(".site-released-profile")).to_contain_text("Amara Okafor")
    expect(company.locator(".site-released-profile")).to_contain_text(TALENT_EMAIL)

    # She sees who received her data and that they opened it, then withdraws; the company sees only that
    talent.goto("/en/jobs/my/releases/")
    check_page(talent, "my data releases")
    expect(talent.locator("main")).to_contain_text("Hanbit AI")
    expect(talent.locator("main")).not_to_contain_text("Not yet")
    press(talent, talent.get_by_role("button", name="Withdraw my consent to share my data with Hanbit AI"), "withdrawn")
    expect(talent.locator("[data-status='withdrawn']")).to_be_visible()
    company.goto(request_url)
    check_page(company, "release withdrawn")
    expect(company.locator(".site-withdrawn-release")).to_contain_text("Withdrawn by the talent")
    expect(company.locator("main")).not_to_contain_text("Okafor")
