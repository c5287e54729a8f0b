"""The staff's interview grid page: plan the slots in the venue's time, run the optimiser, place,
pin and remove a meeting by hand; refused input is shown in the page's language and changes
nothing; showing talents' names is recorded; nobody else gets in."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from talentcenter.audit.models import AuditEvent
from talentcenter.events import grid
from talentcenter.events.models import Interview, InterviewSlot
from talentcenter.events.services import interviews
from talentcenter.events.tests.test_interviews import fair, plan, timetable
from talentcenter.privacy.services import ACCESS_ACTION

pytestmark = pytest.mark.django_db


def url(event: Any, rest: str = "") -> str:
    return f"/en/backoffice/events/{event.pk}/interviews/{rest}"


def test_staff_plan_the_slots_in_the_venue_s_time(staff_client: Client) -> None:
    setting = fair(talents=2, booths=1)
    created = setting["event"]  # at COEX: Asia/Seoul
    local_start = created.starts_at.astimezone(created.zone) + datetime.timedelta(hours=1)

    response = staff_client.post(
        url(created, "slots/"),
        {
            "starts_at": local_start.strftime("%Y-%m-%dT%H:%M"),
            "count": "5",
            "minutes": "15",
            "breaks": "3",
            "max_interviews_per_talent": "2",
        },
    )

    assert response.status_code == 302, response.content.decode()[:500]
    slots = list(InterviewSlot.objects.filter(event=created).order_by("index"))
    assert [slot.is_break for slot in slots] == [False, False, True, False, False]
    assert slots[0].starts_at == local_start.replace(second=0, microsecond=0)
    assert interviews.grid_of(created).max_interviews_per_talent == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("breaks", "2, x", "separated by commas"),
        ("count", "0", "greater than or equal to 1"),
        ("minutes", "", "required"),
    ],
)
def test_a_bad_slot_plan_is_shown_beside_its_field_and_changes_nothing(
    staff_client: Client, field: str, value: str, message: str
) -> None:
    created = fair(talents=1, booths=1)["event"]
    data = {"starts_at": "2030-01-01T10:00", "count": "4", "minutes": "20", "max_interviews_per_talent": "4"}

    response = staff_client.post(url(created, "slots/"), {**data, field: value})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not InterviewSlot.objects.filter(event=created).exists()


def test_staff_run_the_optimiser_and_see_the_meetings_by_booth_with_names_recorded(staff_client: Client) -> None:
    setting = fair(talents=3, booths=2)
    created = setting["event"]
    plan(created, count=4, breaks=(2,))
    for booth, member in zip(setting["booths"], setting["members"], strict=True):
        for registration in setting["registrations"]:
            interviews.interest_shortlist(actor=member, booth=booth, registration=registration)

    ran = staff_client.post(url(created, "solve/"), follow=True)

    page = ran.content.decode()
    assert "The optimised timetable is on the grid." in page
    meetings = timetable(created)
    assert meetings and grid.violations(interviews.grid_snapshot(created).problem, meetings) == []
    for booth in setting["booths"]:
        assert booth.company.name in page
    assert str(setting["registrations"][0].profile) in page
    shown = setting["registrations"][0].profile.user_id
    assert AuditEvent.objects.filter(action=ACCESS_ACTION, subject_id=str(shown)).exists()

    korean = staff_client.get(f"/ko/backoffice/events/{created.pk}/interviews/").content.decode()
    assert "면접 일정표" in korean and "Interview grid" not in korean


def test_staff_place_pin_and_remove_a_meeting_and_a_refusal_says_why(staff_client: Client) -> None:
    setting = fair(talents=2, booths=1)
    created = setting["event"]
    plan(created, count=3, breaks=(1,))
    first, second = setting["registrations"]
    booth = setting["booths"][0]

    staff_client.post(url(created, "place/"), {"registration": first.pk, "booth": booth.pk, "slot": 0})
    meeting = Interview.objects.get(event=created)
    assert meeting.pinned and timetable(created) == [grid.Meeting(first.pk, booth.pk, 0)]

    refused = staff_client.post(url(created, "place/"), {"registration": second.pk, "booth": booth.pk, "slot": 0})
    assert refused.status_code == 200 and "no free interviewer" in refused.content.decode()
    assert Interview.objects.filter(event=created).count() == 1

    staff_client.post(url(created, f"{meeting.pk}/pin/"), {"pinned": "0"})
    assert not Interview.objects.get(pk=meeting.pk).pinned
    staff_client.post(url(created, f"{meeting.pk}/remove/"))
    assert not Interview.objects.filter(event=created).exists()


def test_only_staff_reach_the_grid(client: Client, talent: Any, company_member: Any) -> None:
    created = fair(talents=1, booths=1)["event"]

    assert client.get(url(created)).status_code == 302  # sign in first
    for person in (talent, company_member):
        client.force_login(person)
        assert client.get(url(created)).status_code == 404
        assert client.post(url(created, "solve/")).status_code == 404
