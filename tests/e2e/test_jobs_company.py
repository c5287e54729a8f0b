"""Journey: a company member creates an opening with skills and languages, publishes it, finds it on
the public job board (words and a filter), then — once a talent has applied — moves the applicant
to the interview stage from the pipeline, writes a note and sees the history; the ranked candidates
tab and the pages in Korean. axe-core checks every page at desktop and phone width (``check_page``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import fill, form_with, sign_in, submit
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

COMPANY_EMAIL = "people@saebit-semi.example"
TALENT_EMAIL = "lucia.fernandez@example.org"


@pytest.fixture
def given(e2e_server: Any, settings: Any) -> dict[str, Any]:
    """A verified company with one member, and a talent with a complete, discoverable profile."""
    from talentcenter.accounts.enums import Role
    from talentcenter.jobs.tests.test_openings_support import discoverable_profile
    from tests.factories import CompanyFactory, EducationFactory, ExperienceFactory, MembershipFactory, UserFactory

    settings.SITE_URL = e2e_server.url
    company = CompanyFactory(name_en="Saebit Semiconductor", name_ko="새빛반도체")
    member = MembershipFactory(company=company, user=UserFactory(email=COMPANY_EMAIL, roles=[Role.COMPANY_MEMBER]))
    talent = discoverable_profile(user=UserFactory(email=TALENT_EMAIL, roles=[Role.TALENT]))
    EducationFactory(profile=talent)
    ExperienceFactory(profile=talent)
    return {"company": company, "member": member.user, "talent": talent}


def test_a_company_publishes_an_opening_and_moves_its_applicant(page: Any, given: dict[str, Any]):
    from talentcenter.jobs.enums import ApplicationStage, OpeningStatus
    from talentcenter.jobs.models import ApplicationNote, JobApplication, Opening

    sign_in(page, language="en", email=COMPANY_EMAIL, password=PASSWORD)

    # 1. The member opens "Your openings" and starts a new one
    page.goto("/en/jobs/manage/")
    check_page(page, "your openings (empty)")
    expect(page.locator("main")).to_contain_text("No openings yet.")
    page.locator("main a", has_text="New opening").click()
    page.wait_for_url("**/en/jobs/manage/new/**")
    check_page(page, "new opening")

    # 2. They describe it, with two skills (one required) and a language, and save the draft
    closing = (timezone.localdate() + timedelta(days=30)).isoformat()
    form = form_with(page, "title_en")
    fill(
        form,
        {
            "title_en": "Machine learning engineer for yield analytics",
            "title_ko": "수율 분석 머신러닝 엔지니어",
            "description_en": "Build models that find yield loss in our fab data.",
            "industry": "ai",
            "occupation": "2211",
            "min_years": "2",
            "salary_min_krw": "60000000",
            "salary_max_krw": "90000000",
            "region": "gyeonggi",
            "closing_date": closing,
            "sponsorship": "ktech_pass",
            "skills-0-skill": "ai.machine_learning",
            "skills-0-weight": "5",
            "skills-0-required": True,
            "skills-1-skill": "semi.yield",
            "skills-1-weight": "2",
            "skills-1-required": False,
            "languages-0-language": "en",
            "languages-0-minimum_level": "3",
            "languages-0-required": False,
        },
    )
    submit(form)
    check_page(page, "opening saved as a draft")
    expect(page.locator("main")).to_contain_text("The opening is saved as a draft.")
    opening = Opening.objects.get()
    assert opening.status == OpeningStatus.DRAFT
    assert sorted(opening.skills.values_list("skill__code", "weight", "required")) == [
        ("ai.machine_learning", 5, True),
        ("semi.yield", 2, False),
    ]

    # 3. They publish it
    submit(form_with(page, "csrfmiddlewaretoken").filter(has=page.locator("button", has_text="Publish")))
    check_page(page, "opening published")
    expect(page.locator("main")).to_contain_text("The opening is published on the job board.")
    assert Opening.objects.get().status == OpeningStatus.PUBLISHED

    # 4. Anyone finds it on the public board: words, then a filter
    page.goto("/en/jobs/?q=yield+analytics")
    check_page(page, "job board, words")
    expect(page.locator("main .jobs-result")).to_have_count(1)
    form = form_with(page, "region")
    fill(form, {"q": "machine learning", "region": "gyeonggi", "sponsorship": "ktech_pass"})
    submit(form)
    check_page(page, "job board, words and filters")
    result = page.locator("main .jobs-result").first
    expect(result).to_contain_text("Saebit Semiconductor")
    expect(result).to_contain_text("K-Tech Pass")
    result.locator("a").first.click()
    page.wait_for_url(f"**/en/jobs/{opening.pk}/")
    check_page(page, "the opening's public page")
    expect(page.locator("main")).to_contain_text("Build models that find yield loss")

    # 5. A talent applies (their own service, as the apply page does)
    from talentcenter.jobs.services.applications import application_submit

    application_submit(actor=given["talent"].user, opening=opening, cover_note="I know wafer maps.")
    application = JobApplication.objects.get()

    # 6. The member sees the applicant in the pipeline and invites them to an interview
    page.goto(f"/en/jobs/manage/{opening.pk}/")
    check_page(page, "pipeline")
    new_column = page.locator("main section[data-stage='new']")
    expect(new_column).to_contain_text(given["talent"].full_name)
    submit(new_column.locator("form").filter(has=page.locator("button", has_text="Invite to interview")))
    check_page(page, "applicant moved")
    expect(page.locator("main section[data-stage='interview']")).to_contain_text(given["talent"].full_name)
    assert JobApplication.objects.get().stage == ApplicationStage.INTERVIEW

    # 7. They open the applicant, write a note and read the history
    page.locator("main section[data-stage='interview'] a", has_text=given["talent"].full_name).click()
    page.wait_for_url(f"**/en/jobs/manage/applications/{application.pk}/")
    check_page(page, "applicant")
    form = form_with(page, "body")
    fill(form, {"body": "Strong on wafer-map clustering; ask about EUV."})
    submit(form)
    check_page(page, "note saved")
    expect(page.locator("main .jobs-notes")).to_contain_text("Strong on wafer-map clustering")
    expect(page.locator("main")).to_contain_text("I know wafer maps.")
    assert ApplicationNote.objects.get().author == given["member"]
    expect(page.locator("#applicant-history ~ ol")).to_contain_text("Interview")

    # 8. The ranked candidates tab, with a professional summary only
    page.goto(f"/en/jobs/manage/{opening.pk}/candidates/")
    check_page(page, "ranked candidates")
    expect(page.locator("main")).to_contain_text("Ranked candidates")

    # 9. The pages in Korean
    page.goto("/ko/jobs/manage/")
    check_page(page, "your openings (ko)")
    expect(page.locator("main")).to_contain_text("수율 분석 머신러닝 엔지니어")
    page.goto("/ko/jobs/?q=머신러닝")
    check_page(page, "job board (ko)")
    expect(page.locator("main .jobs-result")).to_have_count(1)
