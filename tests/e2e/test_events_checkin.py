"""Journey: at the door of the demo New York roadshow, a staff member opens the demo talent's ticket,
reads its printable image (zbarimg, as a phone would), and checks the ticket in on the phone-sized
check-in page (360 px wide) by typing the decoded code; checking in again says "already checked in"
and changes nothing; the event's page counts the check-in. The check-in page's own scanner (the
vendored qr-scanner, served by the site under its content security policy) reads the same image.
axe-core checks every page. PostgreSQL only: a check-in locks the ticket's row."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from tests.e2e.browser import check_page, reflow_problems
from tests.e2e.flows import sign_in_with_second_factor

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="the check-in journey runs on PostgreSQL (set DATABASE_URL)",
    ),
    pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is not installed"),
]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def given(e2e_server: Any, settings: Any) -> Any:
    from talentcenter.accounts.services import role_groups_ensure
    from talentcenter.demo.accounts import TALENT_EMAIL, demo_accounts_ensure
    from talentcenter.demo.events import demo_events_ensure
    from talentcenter.events.models import TalentRegistration

    settings.SITE_URL = e2e_server.url
    role_groups_ensure()
    demo_accounts_ensure()
    demo_events_ensure()
    return TalentRegistration.objects.select_related("event", "profile").get(
        event__slug="roadshow-new-york", profile__user__email=TALENT_EMAIL
    )


def test_staff_check_in_a_demo_ticket_decoded_from_its_image_at_phone_width(
    page: Any, given: Any, tmp_path: Path
) -> None:
    from talentcenter.audit.models import AuditEvent
    from talentcenter.demo.accounts import DEMO_PASSWORD, STAFF_EMAIL, STAFF_TOTP_SECRET

    registration, event = given, given.event
    name = str(registration.profile)
    sign_in_with_second_factor(page, language="en", email=STAFF_EMAIL, password=DEMO_PASSWORD, secret=STAFF_TOTP_SECRET)

    # 1. The event's page: nobody checked in yet; the talent's ticket
    page.goto(f"/en/backoffice/events/{event.pk}/")
    check_page(page, "event before the doors open")
    expect(page.locator("#checked-in-counts")).to_contain_text("0 of")
    ticket_link = page.locator(f"main a[href$='/events/my/{registration.pk}/ticket/']")
    expect(ticket_link).to_contain_text(f"Ticket: {name}")
    ticket_link.click()
    page.wait_for_url(f"**/en/events/my/{registration.pk}/ticket/")
    check_page(page, "the talent's ticket")
    shown_code = page.locator("#ticket-code").inner_text().strip()

    # 2. The printable ticket, read as a phone's camera would
    png_url = page.locator("main a[download]").get_attribute("href")
    image = page.request.get(png_url)
    assert image.status == 200 and image.headers["content-type"] == "image/png"
    (tmp_path / "ticket.png").write_bytes(image.body())
    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "ticket.png")], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert scanned.startswith(f"{django_settings.SITE_URL}/backoffice/events/{event.pk}/check-in/?code=")
    code = parse_qs(urlsplit(scanned).query)["code"][0]
    assert code == shown_code

    # 3. The check-in page on a phone: its scanner is served by the site and reads the same image
    page.set_viewport_size(PHONE)
    page.goto(f"/en/backoffice/events/{event.pk}/check-in/")
    check_page(page, "check-in page")
    assert reflow_problems(page) == ""
    in_browser = page.evaluate(
        "url => QrScanner.scanImage(url, {returnDetailedScanResult: true}).then(result => result.data)", png_url
    )
    assert in_browser == scanned
    button = page.get_by_role("button", name="Check in", exact=True)
    assert button.bounding_box()["height"] >= 48

    # 4. Typing the decoded code checks the talent in
    page.get_by_label("Ticket code").fill(code.lower().replace("-", " "))
    with page.expect_navigation():
        button.click()
    check_page(page, "checked in")
    result = page.locator("#check-in-result")
    expect(result).to_have_attribute("data-result", "first")
    expect(result).to_contain_text(name)
    expect(result).to_contain_text("First check-in at")
    assert reflow_problems(page) == ""

    # 5. The same ticket again: harmless
    page.get_by_label("Ticket code").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Check in", exact=True).click()
    check_page(page, "already checked in")
    expect(result).to_have_attribute("data-result", "again")
    expect(result).to_contain_text("Already checked in at")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    audited = AuditEvent.objects.filter(action="events.registration_checked_in", subject_id=str(registration.pk))
    assert audited.count() == 1

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/en/backoffice/events/{event.pk}/")
    check_page(page, "event after the check-in")
    expect(page.locator("#checked-in-counts")).to_contain_text("1 of")
