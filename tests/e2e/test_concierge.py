"""Journey: a K-Tech Pass holder finds the housing service in the concierge catalogue and asks for
help; the concierge desk (second factor) answers from its queue and resolves the request; the holder
reads the answer in Korean and rates the help, which closes the request. axe-core checks every page
(``check_page``). PostgreSQL only: every change locks the request (``select_for_update``)."""

from __future__ import annotations

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
        reason="the concierge journey runs on PostgreSQL (set DATABASE_URL)",
    ),
]

HOLDER = "amina.mensah@example.org"
DESK = "desk@talentcenter.example"


@pytest.fixture
def given(e2e_server: Any, settings: Any) -> dict[str, Any]:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from talentcenter.accounts.enums import Role
    from talentcenter.concierge import services
    from tests.factories import TalentProfileFactory, UserFactory

    settings.SITE_URL = e2e_server.url
    services.catalogue_load()
    holder = TalentProfileFactory(user=UserFactory(email=HOLDER, roles=[Role.TALENT]), given_name="Amina").user
    services.plan_start(person=holder, situation="ktech_pass")
    desk = UserFactory(email=DESK, roles=[Role.CONCIERGE], display_name="Desk Kim")
    secret = generate_totp_secret()
    TOTP.activate(desk, secret)
    return {"holder": holder, "secret": secret}


def test_a_holder_asks_the_desk_answers_and_resolves_and_the_holder_rates(page: Any, given: dict[str, Any]) -> None:
    from talentcenter.concierge.enums import RequestStatus
    from talentcenter.concierge.models import ConciergeRequest

    # 1. The holder finds the housing service and asks about it
    sign_in(page, language="en", email=HOLDER, password=PASSWORD)
    page.goto("/en/concierge/plan/")
    check_page(page, "settlement plan")
    expect(page.locator("main [data-step='alien-registration']")).to_be_visible()
    page.goto("/en/concierge/")
    check_page(page, "concierge catalogue")
    page.locator("main [data-service='housing'] h3 a").click()
    page.wait_for_url("**/en/concierge/services/housing/")
    check_page(page, "housing service")
    page.locator("main a", has_text="Ask the concierge about this").click()
    check_page(page, "new request")
    page.locator("#id_subject").fill("A two-bedroom flat near Pangyo")
    page.locator("#id_body").fill("We arrive in March with one child.")
    with page.expect_navigation():
        page.locator("main form[data-form=request] button[type=submit]").click()
    check_page(page, "request sent")
    request = ConciergeRequest.objects.get(requester=given["holder"])
    expect(page.locator("main [data-status]")).to_have_text("New")
    sign_out(page)

    # 2. The desk answers from its queue and resolves
    sign_in_with_second_factor(page, language="en", email=DESK, password=PASSWORD, secret=given["secret"])
    page.goto("/en/backoffice/concierge/")
    check_page(page, "concierge queue")
    page.locator(f"main [data-request='{request.pk}'] a").click()
    check_page(page, "request in the back office")
    page.locator("#id_body").fill("Here are three flats near Pangyo station with the agents' numbers.")
    with page.expect_navigation():
        page.locator("main form[data-form=staff-message] button[type=submit]").click()
    check_page(page, "answered")
    with page.expect_navigation():
        page.locator("main [data-transition=resolve]").click()
    check_page(page, "resolved")
    expect(page.locator("main [data-status]")).to_have_text("Resolved")
    page.goto("/en/backoffice/concierge/stats/")
    check_page(page, "desk statistics")
    sign_out(page)

    # 3. The holder reads the answer in Korean and rates it
    sign_in(page, language="ko", email=HOLDER, password=PASSWORD)
    page.goto(f"/ko/concierge/requests/{request.pk}/")
    check_page(page, "resolved request in Korean")
    expect(page.locator("main")).to_contain_text("Here are three flats")
    page.locator("main form[data-form=rating] label", has_text="5 – 매우 만족").click()
    page.locator("#id_comment").fill("빠르고 친절했습니다.")
    with page.expect_navigation():
        page.locator("main form[data-form=rating] button[type=submit]").click()
    check_page(page, "rated")
    expect(page.locator("main [data-status]")).to_have_text("마감")
    request.refresh_from_db()
    assert (request.status, request.rating) == (RequestStatus.CLOSED, 5)
