"""Journey: a talent finds the open Global Talent Fair in the events list, registers from its page
with an answer to the screening question, and sees the seat under "My events", in English and
Korean. axe-core checks every page at desktop and phone width (``check_page``). PostgreSQL only:
registration locks the event row (``select_for_update``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import sign_in
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="the events journey runs on PostgreSQL (set DATABASE_URL)",
    ),
]

TALENT_EMAIL = "lina.haddad@example.org"


@pytest.fixture
def given(e2e_server: Any, settings: Any) -> dict[str, Any]:
    from talentcenter.accounts.enums import Role
    from talentcenter.events.enums import EventKind
    from talentcenter.events.tests import support
    from talentcenter.jobs.tests.talent_support import complete_profile
    from talentcenter.reference.models import Industry
    from tests.factories import UserFactory

    settings.SITE_URL = e2e_server.url
    profile = complete_profile(
        UserFactory(email=TALENT_EMAIL, roles=[Role.TALENT]), given_name="Lina", family_name="Haddad"
    )
    fair = support.event(
        slug="global-talent-fair-coex",
        title_en="Global Talent Fair",
        title_ko="글로벌 인재 채용 박람회",
        country="KR",
        questions=(("When could you start working in Korea?", True),),
        talent_capacity=100,
    )
    fair.target_industries.set(Industry.objects.filter(scheme="ktech_pass", code="semiconductor"))
    support.event(
        slug="roadshow-london",
        kind=EventKind.ROADSHOW,
        title_en="Roadshow: London",
        city="London",
        time_zone="Europe/London",
        country="GB",
    )
    return {"profile": profile, "fair": fair}


def test_a_talent_finds_the_open_fair_registers_with_an_answer_and_sees_it(page: Any, given: dict[str, Any]) -> None:
    from talentcenter.events.enums import RegistrationStatus
    from talentcenter.events.models import TalentRegistration

    fair = given["fair"]
    sign_in(page, language="en", email=TALENT_EMAIL, password=PASSWORD)

    # 1. The events list, filtered to job fairs
    page.goto("/en/events/")
    check_page(page, "events list")
    page.locator("#id_kind").select_option("fair")
    with page.expect_navigation():
        page.locator("main form[role=search] button[type=submit]").click()
    check_page(page, "events list, fairs")
    expect(page.locator("main [data-event]")).to_have_count(1)
    page.locator("main [data-event] h3 a", has_text="Global Talent Fair").click()
    page.wait_for_url("**/en/events/global-talent-fair-coex/")
    check_page(page, "event page")
    expect(page.locator("main")).to_contain_text("KST")

    # 2. Register: the answer is required
    page.locator("main a", has_text="Register").click()
    page.wait_for_url("**/en/events/global-talent-fair-coex/register/")
    check_page(page, "register")
    page.locator("main form button[type=submit]").click()
    check_page(page, "register, answer missing")
    expect(page.locator(".form-hint-invalid")).to_contain_text("Answer this question to register.")
    assert not TalentRegistration.objects.filter(event=fair).exists()
    page.locator("main textarea").fill("From next March")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    # 3. My events: the seat, in words, and the fit check as a sentence
    page.wait_for_url("**/en/events/my/")
    check_page(page, "my events")
    expect(page.locator("main")).to_contain_text("Your seat is confirmed.")
    expect(page.locator("main [data-event='global-talent-fair-coex']")).to_contain_text("Global Talent Fair")
    registration = TalentRegistration.objects.get(event=fair, profile=given["profile"])
    assert registration.status == RegistrationStatus.CONFIRMED
    assert list(registration.screening_answers.values()) == ["From next March"]

    page.goto("/ko/events/my/")
    check_page(page, "my events in Korean")
    expect(page.locator("main")).to_contain_text("글로벌 인재 채용 박람회")
    expect(page.locator("main")).to_contain_text("좌석이 확정되었습니다.")
