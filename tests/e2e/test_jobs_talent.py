"""Journey: a talent searches the job board, saves the search, applies to an opening in one step,
follows it under "My job applications" and withdraws it; the company's member is told by e-mail.
Then the recommended openings with their reasons, and the pages in Korean. axe-core checks every
page at desktop and phone width (``check_page``)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import fill, form_with, message_subject, sign_in, submit, wait_for_messages
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

TALENT_EMAIL = "amara.okafor@example.org"
COMPANY_EMAIL = "people@hanbit-semi.example"


@pytest.fixture
def given(e2e_server: Any, settings: Any) -> dict[str, Any]:
    """A talent with a complete profile, and two published openings of a verified company, in the
    matching index as the opening service puts them."""
    from talentcenter.accounts.enums import Role
    from talentcenter.jobs.enums import Region
    from talentcenter.jobs.tests.talent_support import complete_profile, index_opening, index_profile, opening
    from tests.factories import CompanyFactory, MembershipFactory, UserFactory

    settings.SITE_URL = e2e_server.url
    company = CompanyFactory(name_en="Hanbit Semiconductor", name_ko="한빛반도체")
    member = MembershipFactory(company=company, user=UserFactory(email=COMPANY_EMAIL, roles=[Role.COMPANY_MEMBER]))
    profile = complete_profile(
        UserFactory(email=TALENT_EMAIL, roles=[Role.TALENT]), given_name="Amara", family_name="Okafor"
    )
    fab = opening(company, title_en="Process integration engineer", title_ko="공정 통합 엔지니어")
    other = opening(company, title_en="Battery cell engineer", title_ko="배터리 셀 엔지니어", region=Region.ULSAN)
    for item in (fab, other):
        index_opening(item)
    index_profile(profile)
    return {"profile": profile, "fab": fab, "other": other, "member": member.user}


def test_a_talent_saves_a_search_applies_in_one_step_and_withdraws(page: Any, given: dict[str, Any], mailbox: Any):
    from talentcenter.jobs.models import JobApplication, SavedSearch

    fab = given["fab"]
    sign_in(page, language="en", email=TALENT_EMAIL, password=PASSWORD)

    # 1. The talent finds the "My jobs" entry on their page and opens the recommendations
    page.goto("/en/dashboard/")
    check_page(page, "my page")
    page.locator("main a", has_text="Recommended for me").click()
    page.wait_for_url("**/en/jobs/my/recommended/")
    check_page(page, "recommended")
    first = page.locator("main section.site-panel").first
    expect(first.locator("h2")).to_have_text("Process integration engineer")
    expect(first).to_contain_text("Semiconductor process integration")  # a matched skill, the reason

    # 2. They search the job board for Gyeonggi semiconductor jobs
    page.goto("/en/jobs/?q=process&industry=semiconductor&region=gyeonggi")
    check_page(page, "job board, filtered")
    expect(page.locator("main")).to_contain_text("Process integration engineer")

    # 3. They save the search (the board's link, or the same URL with the board's filters)
    save = page.locator("main a", has_text="Save this search")
    if save.count():
        save.first.click()
        page.wait_for_url("**/en/jobs/my/searches/new/**")
    else:
        page.goto("/en/jobs/my/searches/new/?q=process&industry=semiconductor&region=gyeonggi")
    check_page(page, "save this search")
    expect(page.locator("main")).to_contain_text("Gyeonggi")
    form = form_with(page, "name")
    fill(form, {"name": "Gyeonggi fabs"})
    submit(form)
    check_page(page, "my saved searches")
    expect(page.locator("main")).to_contain_text("Your search “Gyeonggi fabs” is saved.")
    search = SavedSearch.objects.get()
    assert search.criteria == {"q": "process", "industry": "semiconductor", "region": "gyeonggi"} and search.alert

    # 4. They open the opening and apply in one step; the page says what is shared before the button
    page.goto(f"/en/jobs/{fab.pk}/apply/")
    check_page(page, "apply")
    main = page.locator("main")
    expect(main).to_contain_text("What applying shares")
    expect(main).to_contain_text("Your profile is complete")
    form = form_with(page, "cover_note")
    fill(form, {"cover_note": "I ran the 5 nm integration at my last fab."})
    submit(form)
    check_page(page, "my job applications")
    expect(page.locator("main")).to_contain_text("You have applied to “Process integration engineer”.")
    application = JobApplication.objects.get()
    assert (application.opening_id, application.stage) == (fab.pk, "new")
    card = page.locator("main section.site-panel").first
    expect(card.locator(".krds-badge")).to_have_text("New")
    expect(card.locator(".site-timeline")).to_contain_text("Applied")

    # Every member of the company is told by e-mail (the test opening's author is a member too)
    members = {membership.user.email for membership in fab.company.memberships.select_related("user")}
    messages = wait_for_messages(mailbox, len(members))
    assert {message["To"] for message in messages} == members and COMPANY_EMAIL in members
    assert all("New applicant" in message_subject(message) for message in messages)

    # 5. They withdraw it, after confirming
    card.locator("a", has_text="Withdraw").click()
    page.wait_for_url(f"**/en/jobs/my/applications/{application.pk}/withdraw/")
    check_page(page, "withdraw: confirm")
    submit(form_with(page, "csrfmiddlewaretoken"))
    check_page(page, "withdrawn")
    expect(page.locator("main section.site-panel").first.locator(".krds-badge")).to_have_text("Withdrawn")
    application.refresh_from_db()
    assert application.stage == "withdrawn"
    expect(page.locator("main section.site-panel").first.locator("a", has_text="Withdraw")).to_have_count(0)

    # 6. The same pages in Korean
    page.goto("/ko/jobs/my/applications/")
    check_page(page, "my job applications (ko)")
    expect(page.locator("main")).to_contain_text("공정 통합 엔지니어")
    page.goto("/ko/jobs/my/searches/")
    check_page(page, "my saved searches (ko)")
    expect(page.locator("main")).to_contain_text("Gyeonggi fabs")
    page.goto("/ko/jobs/my/recommended/")
    check_page(page, "recommended (ko)")
