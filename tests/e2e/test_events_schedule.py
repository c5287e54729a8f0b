"""Journey: a talent with two interviews at the New York roadshow opens "My events", sees them in
the venue's time with Korea time beside it, and downloads the calendar file, which a calendar
library reads back: one event per interview, stable UIDs, New York's zone. PostgreSQL only, like
the other events journeys (registration locks the event row)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import sign_in, sign_out
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="the events journey runs on PostgreSQL (set DATABASE_URL)",
    ),
]

TALENT_EMAIL = "minh.tran@example.org"
RECRUITER_EMAIL = "recruiter@hanbit-robotics.example"


@pytest.fixture
def given(e2e_server: Any, settings: Any) -> dict[str, Any]:
    import datetime

    from talentcenter.accounts.enums import Role
    from talentcenter.events.services import interviews
    from talentcenter.events.services.booths import booth_register
    from talentcenter.events.services.registrations import talent_register
    from talentcenter.events.tests import support
    from tests.factories import CompanyFactory, MembershipFactory, TalentProfileFactory, UserFactory

    settings.SITE_URL = e2e_server.url
    roadshow = support.event(
        slug="roadshow-new-york",
        title_en="Korea Tech Roadshow New York",
        venue_name="Javits Center",
        city="New York",
        time_zone="America/New_York",
        country="US",
    )
    user = UserFactory(email=TALENT_EMAIL, roles=[Role.TALENT])
    seat = talent_register(
        actor=TalentProfileFactory(user=user, given_name="Minh", family_name="Tran").user, event=roadshow
    )
    staff = support.staff_user()
    local = roadshow.starts_at.astimezone(roadshow.zone)
    ten = local.replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    roadshow.ends_at = ten + datetime.timedelta(hours=8)
    roadshow.save(update_fields=["ends_at"])
    interviews.interview_slots_plan(actor=staff, event=roadshow, starts_at=ten, count=2, minutes=30)
    meetings = []
    for slot, name in enumerate(("Hanbit Robotics", "Daehan Semiconductor")):
        company = CompanyFactory(name_en=name, name_ko=name)
        member = MembershipFactory(
            company=company, user=UserFactory(email=RECRUITER_EMAIL) if slot == 0 else UserFactory()
        ).user
        booth = booth_register(actor=member, event=roadshow, company=company)
        meetings.append(
            interviews.interview_place(actor=staff, event=roadshow, registration=seat, booth=booth, slot_index=slot)
        )
    return {"meetings": meetings, "booth": meetings[0].booth_id}


def test_a_talent_downloads_their_interviews_as_a_calendar_file(
    page: Any, given: dict[str, Any], tmp_path: Path
) -> None:
    import icalendar

    from talentcenter.events.ics import interview_uid

    sign_in(page, language="en", email=TALENT_EMAIL, password=PASSWORD)
    page.goto("/en/events/my/")
    check_page(page, "my events with interviews")
    table = page.locator("main table[data-interviews]")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Hanbit Robotics")
    expect(table).to_contain_text("10:00–10:30 E")  # EST or EDT, with Korea time beside it
    expect(table).to_contain_text("KST")

    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download my interviews (calendar file)").click()
    download = waiting.value
    assert download.suggested_filename == "roadshow-new-york-interviews.ics"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    calendar = icalendar.Calendar.from_ical(saved.read_bytes())
    events = calendar.walk("VEVENT")
    assert sorted(str(event["UID"]) for event in events) == sorted(
        interview_uid(meeting.pk) for meeting in given["meetings"]
    )
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    first = min(events, key=lambda event: event.start)
    assert first.start.strftime("%H:%M") == "10:00" and "Hanbit Robotics" in str(first["SUMMARY"])

    # The company's side: its booth's timetable names the talent
    sign_out(page)
    sign_in(page, language="en", email=RECRUITER_EMAIL, password=PASSWORD)
    page.goto(f"/en/events/booths/{given['booth']}/schedule/")
    check_page(page, "booth timetable")
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator("main table")).to_contain_text("Minh Tran")
