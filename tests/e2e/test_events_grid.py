"""Journey: a company member shortlists a registrant on the booth's shortlist page (ranked, with why
they match, no name), then a staff member runs the optimiser on the interview grid page and sees
the meeting. axe-core checks every page (``check_page``). PostgreSQL only: registration locks the
event row (``select_for_update``)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import sign_in, sign_in_with_second_factor, sign_out
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="the events journey runs on PostgreSQL (set DATABASE_URL)",
    ),
]

MEMBER_EMAIL = "recruiter@hanbit.example"
STAFF_EMAIL = "organiser@talentcenter.example"


@pytest.fixture
def given(e2e_server: Any, settings: Any) -> dict[str, Any]:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from talentcenter.accounts.enums import Role
    from talentcenter.events.services.booths import booth_register
    from talentcenter.events.services.interviews import interview_slots_plan
    from talentcenter.events.services.registrations import talent_register
    from talentcenter.events.tests import support
    from talentcenter.jobs.tests.talent_support import complete_profile, opening
    from talentcenter.matching.services import profile_vector_refresh
    from talentcenter.talent.enums import Visibility
    from tests.factories import CompanyFactory, MembershipFactory, UserFactory

    settings.SITE_URL = e2e_server.url
    fair = support.event(slug="global-talent-fair-grid", talent_capacity=10, company_capacity=5)
    profile = complete_profile(
        given_name="Lina", family_name="Haddad", visibility=Visibility.VERIFIED_COMPANIES, completed_at=timezone.now()
    )
    profile_vector_refresh(profile_id=profile.pk)
    registration = talent_register(actor=profile.user, event=fair)
    company = CompanyFactory(name_en="Hanbit Semiconductor", name_ko="한빛반도체")
    member = MembershipFactory(company=company, user__email=MEMBER_EMAIL).user
    booth = booth_register(actor=member, event=fair, company=company, opening_ids=[opening(company).pk])
    staff = UserFactory(email=STAFF_EMAIL, roles=[Role.STAFF_REVIEWER])
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    interview_slots_plan(
        actor=staff, event=fair, starts_at=fair.starts_at + datetime.timedelta(hours=1), count=3, minutes=20
    )
    return {"fair": fair, "registration": registration, "booth": booth, "secret": secret}


def test_a_company_shortlists_a_talent_and_staff_solve_the_grid(page: Any, given: dict[str, Any]) -> None:
    from talentcenter.events.models import Interview, InterviewInterest

    fair, registration, booth = given["fair"], given["registration"], given["booth"]

    # 1. The company member opens the booth's shortlist from "Event booths" and shortlists the talent.
    sign_in(page, language="en", email=MEMBER_EMAIL, password=PASSWORD)
    page.goto("/en/events/booths/")
    check_page(page, "event booths")
    with page.expect_navigation():
        page.locator(f"main tr[data-booth='{booth.pk}'] a", has_text="Shortlist").click()
    check_page(page, "shortlist")
    row = page.locator(f"main li[data-registration='{registration.pk}']")
    expect(row).to_contain_text("Candidate 1")
    expect(page.locator("main")).not_to_contain_text("Haddad")  # a summary, never a name
    row.locator("summary").click()
    expect(row.locator(".matching-explanation")).to_be_visible()
    with page.expect_navigation():
        row.get_by_role("button", name="Add to the shortlist").click()
    check_page(page, "shortlisted")
    expect(page.locator(f"main li[data-registration='{registration.pk}']")).to_contain_text("Shortlisted")
    assert InterviewInterest.objects.get(booth=booth, registration=registration).shortlisted
    sign_out(page)

    # 2. Staff run the optimiser on the grid page and see the meeting in the booth's row.
    sign_in_with_second_factor(page, language="en", email=STAFF_EMAIL, password=PASSWORD, secret=given["secret"])
    page.goto(f"/en/backoffice/events/{fair.pk}/interviews/")
    check_page(page, "interview grid")
    with page.expect_navigation():
        page.get_by_role("button", name="Run the optimiser").click()
    check_page(page, "grid solved")
    expect(page.locator("main")).to_contain_text("The optimised timetable is on the grid.")
    expect(page.locator("main table tbody tr", has_text="Hanbit Semiconductor")).to_contain_text("Lina Haddad")
    assert Interview.objects.filter(event=fair, registration=registration, booth=booth).count() == 1
