"""Journey: the public pathfinder (self-check), anonymous in English and Korean, then signed in and saved."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import fill, form_with, sign_in, submit, translated
from tests.factories import PASSWORD, EducationFactory, ExperienceFactory, TalentProfileFactory

pytestmark = pytest.mark.e2e

# The example applicant of the issue (the same as /tmp/example.json): an MIT doctorate at Samsung
# Electronics since 2014 with a semiconductor offer of KRW 160M.
Values = dict[str, str | bool | list[str]]
ABOUT: Values = {"nationality": "IN", "birth_date": "1987-03-14"}
DEGREE: Values = {
    "education-0-level": "doctorate",
    "education-0-field": "electrical engineering",
    "education-0-institution": "Massachusetts Institute of Technology",
    "education-0-country": "US",
    "education-0-completed": "2014-05-31",
}
POSITION: Values = {
    "experience-0-organization": "Samsung Electronics",
    "experience-0-kind": "company",
    "experience-0-field": "semiconductor",
    "experience-0-start": "2014-07-01",
    "experience-0-current": True,
}
OFFER: Values = {
    "has_offer": "yes",
    "company": "Example Semi Co.",
    "company_size": "sme",
    "industry": "semiconductor",
    "technology_field": "digital_electronics",
    "annual_salary_krw": "160000000",
    "occupation": "2211",
    "region": "gyeonggi",
    "topik_level": "3",
}
STANDARD_TRACK = "K-Tech Pass - standard track"


def next_step(page: Any, field_name: str, values: Values, step: str) -> None:
    form = form_with(page, field_name)
    fill(form, values)
    submit(form, action="next")
    check_page(page, step)


def test_anonymous_visitor_checks_eligibility_in_english_then_in_korean(page: Any) -> None:
    from django.contrib.sessions.models import Session

    from talentcenter.audit.models import AuditEvent
    from talentcenter.policy.models import Assessment

    before = (Assessment.objects.count(), Session.objects.count(), AuditEvent.objects.count())

    # From the home page, the main menu leads to the self-check.
    page.goto("/en/")
    check_page(page, "home")
    with page.expect_navigation():
        page.locator("nav.krds-main-menu").get_by_role("link", name="Check your eligibility").click()
    check_page(page, "step 1 about you")
    expect(page.locator("main h1")).to_have_text("About you")
    expect(page.locator("main")).to_contain_text("Eligibility self-check · step 1 of 5")
    next_step(page, "nationality", ABOUT, "step 2 education")
    expect(page.locator("main h1")).to_have_text("Education")

    # Rows are added and removed by the server, with no script; what was typed stays.
    form = form_with(page, "education-0-level")
    fill(form, DEGREE)
    submit(form, action="add")
    check_page(page, "education with a second row")
    expect(page.locator("[name='education-1-level']")).to_be_visible()
    expect(page.locator("[name='education-0-institution']")).to_have_value("Massachusetts Institute of Technology")
    submit(form_with(page, "education-0-level"), action="remove-1")
    check_page(page, "education row removed")
    expect(page.locator("[name='education-1-level']")).to_have_count(0)

    # A missing field is reported next to it, in words, and the rest is kept.
    form = form_with(page, "education-0-level")
    fill(form, {"education-0-field": ""})
    submit(form, action="next")
    check_page(page, "education error")
    expect(page.locator("#error-summary")).to_contain_text("Field of study")
    expect(page.locator("[id='id_education-0-field_error']")).to_have_text("This field is required.")
    next_step(page, "education-0-field", {"education-0-field": "electrical engineering"}, "step 3 experience")

    next_step(page, "experience-0-organization", POSITION, "step 4 offer")
    expect(page.locator("main h1")).to_have_text("Job offer and language")
    today = datetime.date.today().isoformat()
    expect(page.locator("[name='as_of']")).to_have_value(today)
    next_step(page, "annual_salary_krw", OFFER, "answer in English")

    # The answer: a summary with a status per track, then the criteria of each track.
    expect(page.locator("main h1")).to_have_text("Your answer")
    summary = page.locator("table.pathfinder-summary")
    row = summary.locator("tbody tr").filter(has=page.get_by_role("link", name=STANDARD_TRACK, exact=True))
    expect(row.locator(".krds-badge")).to_have_text("Eligible")
    expect(summary).to_contain_text("/ 100")
    standard = page.locator("details.pathfinder-track").filter(has_text=STANDARD_TRACK).first
    expect(standard).to_have_attribute("open", "")
    criteria = standard.locator("table.pathfinder-criteria")
    salary = criteria.locator("tbody tr").filter(has_text="Annual salary of at least the multiple of per-capita GNI")
    expect(salary).to_contain_text("KRW 160,000,000")
    expect(salary).to_contain_text("KRW 157,248,000")
    expect(salary).to_contain_text("2026-04-01")
    expect(salary.get_by_role("link").first).to_have_attribute(
        "href", "https://news.sbs.co.kr/news/endPage.do?news_id=N1008470570"
    )
    expect(standard.locator(".pathfinder-evidence")).to_contain_text("Massachusetts Institute of Technology: rank 1")
    expect(page.locator("main")).to_contain_text("The official decision is made on your application")
    expect(page.get_by_role("button", name="Download PDF (Korean and English)").first).to_be_visible()
    expect(page.get_by_role("button", name="Save this result")).to_have_count(0)

    # A summary link opens the track's section it points to, a closed one included (site.js)
    anchor = page.locator("details.pathfinder-track:not([open])").first.get_attribute("id")
    summary.locator(f"a[href='#{anchor}']").click()
    expect(page.locator(f"details#{anchor}")).to_have_attribute("open", "")
    check_page(page, "a track opened from the summary")

    # The PDF is posted with the same state.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF (Korean and English)").first.click()
    assert download.value.suggested_filename.endswith(".pdf")

    # The same person in Korean, with a lower salary on 2025-06-01: not eligible, and by how much.
    page.goto("/ko/pathfinder/")
    check_page(page, "step 1 in Korean")
    next_step(page, "nationality", ABOUT, "step 2 in Korean")
    next_step(page, "education-0-level", DEGREE, "step 3 in Korean")
    next_step(page, "experience-0-organization", POSITION, "step 4 in Korean")
    # The facts that settle a route are optional; an unanswered question stays "I don't know".
    expect(page.locator("[name='recommended_by_ministry'][value='']")).to_be_checked()
    next_step(
        page,
        "annual_salary_krw",
        {
            **OFFER,
            "annual_salary_krw": "140,000,000",
            "as_of": "2025-06-01",
            "host_type": "venture",
            "korean_employees": "120",
            "foreign_employees": "6",
            "recommended_by_kotra": "no",
        },
        "answer in Korean",
    )
    answers = page.locator("section.pathfinder-answers")
    expect(answers).to_contain_text(translated("ko", "Your answers"))
    recommended = answers.locator("dl div").filter(has_text=translated("ko", "Has KOTRA recommended your employment?"))
    expect(recommended.locator("dd")).to_have_text(translated("ko", "No"))
    employer = answers.locator("dl div").filter(has_text=translated("ko", "Type of employer"))
    expect(employer.locator("dd")).to_have_text(translated("ko", "Venture company"))
    track_label = translated("ko", STANDARD_TRACK)
    standard = page.locator("details.pathfinder-track").filter(has_text=track_label).first
    expect(standard.locator("summary .krds-badge")).to_have_text(translated("ko", "Not eligible"))
    standard.locator("summary").click()
    hints = standard.locator(".pathfinder-hints")
    expect(hints).to_contain_text("9,865,000")
    expect(hints).to_contain_text("149,865,000")

    # Nothing of either run was stored.
    assert (Assessment.objects.count(), Session.objects.count(), AuditEvent.objects.count()) == before


def test_signed_in_talent_starts_from_the_profile_and_saves_the_result(page: Any) -> None:
    from talentcenter.policy.models import Assessment

    profile: Any = TalentProfileFactory(nationality="IN", user__email="priya.nair@example.org")
    EducationFactory(
        profile=profile,
        institution="Massachusetts Institute of Technology",
        field="Electrical engineering",
        country="US",
        completed_on=datetime.date(2014, 5, 31),
    )
    ExperienceFactory(
        profile=profile,
        organization="Samsung Electronics",
        field="Semiconductor memory",
        started_on=datetime.date(2014, 7, 1),
    )
    sign_in(page, language="en", email="priya.nair@example.org", password=PASSWORD)

    page.goto("/en/pathfinder/")
    check_page(page, "step 1 signed in")
    with page.expect_navigation():
        page.get_by_role("button", name="Start from my profile").click()
    check_page(page, "prefilled from the profile")
    expect(page.locator("[name='nationality']")).to_have_value("IN")
    next_step(page, "nationality", {}, "prefilled education")
    expect(page.locator("[name='education-0-institution']")).to_have_value("Massachusetts Institute of Technology")
    next_step(page, "education-0-level", {}, "prefilled experience")
    expect(page.locator("[name='experience-0-organization']")).to_have_value("Samsung Electronics")
    expect(page.locator("[name='experience-0-current']")).to_be_checked()
    next_step(page, "experience-0-organization", {}, "offer to add")
    expect(page.locator("[name='has_offer'][value='no']")).to_be_checked()
    next_step(page, "annual_salary_krw", OFFER, "answer signed in")

    with page.expect_navigation():
        page.get_by_role("button", name="Save this result").first.click()
    check_page(page, "saved check")
    assessment = Assessment.objects.get()
    assert assessment.subject_id == profile.pk
    assert page.url.endswith(f"/en/pathfinder/saved/{assessment.pk}/")
    expect(page.locator(".site-messages")).to_contain_text("Your result is saved")
    expect(page.locator("table.pathfinder-summary")).to_contain_text(STANDARD_TRACK)

    with page.expect_navigation():
        page.get_by_role("link", name="My saved checks").first.click()
    check_page(page, "my saved checks")
    expect(page.locator("main table tbody tr")).to_have_count(1)
