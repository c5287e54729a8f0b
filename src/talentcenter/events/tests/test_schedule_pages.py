"""Schedules on the pages and in the API: the talent's interviews on "My events" with the calendar
file, the booth's timetable with names, marking, sending from the grid page; each only to its own
side (the authorization walk covers every role on every route)."""

from __future__ import annotations

from typing import Any

import icalendar
import pytest
from conftest import staff_client_with_second_factor
from django.test import Client
from django.urls import reverse

from talentcenter.events.models import InterviewGrid
from talentcenter.events.tests.test_schedules import new_york_fair, uid_of
from tests.api import ApiClient, token_for
from tests.factories import MembershipFactory, TalentProfileFactory

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_side_sees_and_downloads_its_own_schedule_on_the_pages() -> None:
    world = new_york_fair()
    talent = world["talents"][1]
    booth, member = world["booths"][0], world["members"][0]
    client = signed_in(talent.profile.user)

    page = client.get("/en/events/my/")
    text = page.content.decode()
    assert "My interviews" in text and "Hanbit Robotics" in text and "Daehan Semiconductor" not in text
    assert "10:20–10:40 EST" in text or "10:20–10:40 EDT" in text

    download = client.get(reverse("events:registration_calendar", kwargs={"registration_id": talent.pk}))
    assert download["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in download["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(download.content)
    assert [str(item["UID"]) for item in calendar.walk("VEVENT")] == [uid_of(world["b_x"].pk)]
    other = reverse("events:registration_calendar", kwargs={"registration_id": world["talents"][0].pk})
    assert client.get(other).status_code == 404

    timetable = signed_in(member).get(reverse("events:booth_schedule", kwargs={"booth_id": booth.pk}))
    names = timetable.content.decode()
    assert str(world["talents"][0].profile) in names and str(talent.profile) in names
    assert "After the slot starts" in names  # no held / no-show button before the slot
    stranger = signed_in(MembershipFactory().user)
    assert stranger.get(reverse("events:booth_schedule", kwargs={"booth_id": booth.pk})).status_code == 404
    assert stranger.get(reverse("events:booth_calendar", kwargs={"booth_id": booth.pk})).status_code == 404
    refused = signed_in(member).post(
        reverse("events:interview_mark", kwargs={"booth_id": booth.pk, "interview_id": world["a_x"].pk}),
        {"status": "no_show"},
        follow=True,
    )
    assert "once its slot has started" in refused.content.decode()

    staff = staff_client_with_second_factor(world["staff"])
    grid_page = staff.get(reverse("events_backoffice:grid", kwargs={"event_id": world["event"].pk}))
    assert "Send schedules" in grid_page.content.decode()
    sent = staff.post(
        reverse("events_backoffice:grid_send_schedules", kwargs={"event_id": world["event"].pk}), follow=True
    )
    assert "The schedules are being sent" in sent.content.decode()
    assert InterviewGrid.objects.get(event=world["event"]).schedules_sent_at is not None


def test_the_api_hands_each_side_its_calendar_and_the_booth_its_timetable() -> None:
    world = new_york_fair()
    talent, booth = world["talents"][0], world["booths"][0]
    mine = ApiClient(token=token_for(talent.profile.user))

    response = mine.get(f"me/events/{talent.pk}/interviews.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 2
    assert mine.get(f"me/events/{world['talents'][1].pk}/interviews.ics").status_code == 404
    assert (
        ApiClient(token=token_for(TalentProfileFactory().user)).get(f"me/events/{talent.pk}/interviews.ics").status_code
        == 404
    )

    company = ApiClient(token=token_for(world["members"][0]))
    rows = company.get(f"events/booths/{booth.pk}/interviews").json()
    assert [row["talent_name"] for row in rows] == [str(talent.profile), str(world["talents"][1].profile)]
    assert set(rows[0]) == {"id", "starts_at", "ends_at", "registration_id", "talent_name", "status", "status_label"}
    assert company.get(f"events/booths/{booth.pk}/interviews.ics").status_code == 200
    early = company.post(f"events/booths/{booth.pk}/interviews/{world['a_x'].pk}/status", {"status": "held"})
    assert early.status_code == 409 and early.json()["code"] == "conflict"
    other = ApiClient(token=token_for(world["members"][1]))
    assert other.get(f"events/booths/{booth.pk}/interviews").status_code == 404
    assert (
        other.post(f"events/booths/{booth.pk}/interviews/{world['a_x'].pk}/status", {"status": "held"}).status_code
        == 404
    )

    staff = ApiClient(token=token_for(world["staff"]))
    assert staff.get(f"staff/events/registrations/{talent.pk}/interviews.ics").status_code == 200
    assert staff.get(f"staff/events/booths/{booth.pk}/interviews.ics").status_code == 200
    assert staff.post(f"staff/events/{world['event'].pk}/interviews/schedules/send").status_code == 200
    assert company.post(f"staff/events/{world['event'].pk}/interviews/schedules/send").status_code in (401, 403, 404)

    document = ApiClient().get("openapi.json").json()
    calendar = document["paths"]["/api/v1/me/events/{registration_id}/interviews.ics"]["get"]["responses"]["200"]
    assert "text/calendar" in calendar["content"]


def test_anyone_adds_a_published_event_to_their_calendar_and_a_cancellation_updates_it() -> None:
    from talentcenter.events.enums import EventStatus
    from talentcenter.events.ics import event_uid
    from talentcenter.events.services.events import event_cancel
    from talentcenter.events.tests.support import event, staff_user

    fair = event(city="New York", time_zone="America/New_York", venue_name="Javits Center")
    page = Client().get(reverse("events:detail", kwargs={"slug": fair.slug}))
    assert reverse("events:calendar", kwargs={"slug": fair.slug}) in page.content.decode()

    def entry(answer: Any) -> Any:
        assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
        [item] = icalendar.Calendar.from_ical(answer.content).walk("VEVENT")
        return item

    first = entry(Client().get(reverse("events:calendar", kwargs={"slug": fair.slug})))
    assert str(first["UID"]) == event_uid(fair.pk) and str(first["STATUS"]) == "CONFIRMED"
    assert first["DTSTART"].params["TZID"] == "America/New_York"
    assert first.decoded("DTSTART") == fair.starts_at.replace(microsecond=0) and "Javits Center" in str(
        first["LOCATION"]
    )

    event_cancel(actor=staff_user(), event=fair, reason="The venue closed.")
    again = entry(ApiClient().get(f"events/{fair.pk}/calendar.ics"))
    assert str(again["UID"]) == str(first["UID"]) and str(again["STATUS"]) == "CANCELLED"
    assert int(again["SEQUENCE"]) > int(first["SEQUENCE"])

    draft = event(status=EventStatus.DRAFT)
    assert Client().get(reverse("events:calendar", kwargs={"slug": draft.slug})).status_code == 404
    assert ApiClient().get(f"events/{draft.pk}/calendar.ics").status_code == 404
