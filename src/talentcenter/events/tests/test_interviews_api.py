"""The interview grid through the API: a company ranks and shortlists registrants, a talent marks a
booth and reads their interviews, staff plan, solve and edit the grid; every endpoint in the
authorization matrix (a refused call changes nothing and writes no audit event)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import transaction

from talentcenter.audit.models import AuditEvent
from talentcenter.events import grid
from talentcenter.events.models import Interview, InterviewInterest, InterviewSlot
from talentcenter.events.services import interviews
from talentcenter.events.tests.support import staff_user
from talentcenter.events.tests.test_interviews import fair, plan
from tests.api import ApiClient, token_for
from tests.factories import MembershipFactory, TalentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    setting = fair(talents=3, booths=2)
    created = setting["event"]
    plan(created, count=4, breaks=(2,))
    first = setting["registrations"][0]
    booth = setting["booths"][0]
    interviews.interest_shortlist(actor=setting["members"][0], booth=booth, registration=first)
    meeting = interviews.interview_place(
        actor=staff_user(), event=created, registration=first, booth=booth, slot_index=0
    )
    clients = {
        "anonymous": ApiClient(),
        "talent": ApiClient(token=token_for(first.profile.user)),
        "other_talent": ApiClient(token=token_for(TalentProfileFactory().user)),
        "company_member": ApiClient(token=token_for(setting["members"][0])),
        "other_company_member": ApiClient(token=token_for(MembershipFactory().user)),
        "staff": ApiClient(token=token_for(staff_user())),
    }
    ids = {
        "event": created.pk,
        "registration": first.pk,
        "second": setting["registrations"][1].pk,
        "booth": booth.pk,
        "other_booth": setting["booths"][1].pk,
        "interview": meeting.pk,
        "slot_start": (created.starts_at + datetime.timedelta(hours=2)).isoformat(),
    }
    return {**setting, "clients": clients, "ids": ids}


def test_a_company_ranks_registrants_for_its_booth_and_shortlists_one(world: dict[str, Any]) -> None:
    company = world["clients"]["company_member"]

    response = company.get(f"events/booths/{world['ids']['booth']}/candidates")

    assert response.status_code == 200, response.content
    rows = response.json()
    assert [row["rank"] for row in rows] == list(range(1, len(rows) + 1))
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows), reverse=True)
    # The registrant whose profile is private is not shown to companies.
    assert {row["registration_id"] for row in rows} == {r.pk for r in world["registrations"][:-1]}
    assert all("name" not in row["summary"] and row["summary"]["skills"] for row in rows)
    shortlisted = [row for row in rows if row["shortlisted"]]
    assert [row["registration_id"] for row in shortlisted] == [world["ids"]["registration"]]

    answer = company.post(
        f"events/booths/{world['ids']['booth']}/shortlist", {"registration_id": world["ids"]["second"]}
    )
    assert answer.status_code == 200 and answer.json()["shortlisted"] is True
    assert InterviewInterest.objects.filter(registration_id=world["ids"]["second"], shortlisted=True).exists()


def test_a_talent_marks_a_booth_and_reads_their_interviews_in_korean(world: dict[str, Any]) -> None:
    talent = world["clients"]["talent"]
    registration = world["ids"]["registration"]

    wish = talent.post(f"me/events/{registration}/wishes", {"booth_id": world["ids"]["other_booth"]})
    assert wish.status_code == 200 and wish.json()["wants_to_meet"] is True

    talent.headers["Accept-Language"] = "ko"
    mine = talent.get(f"me/events/{registration}/interviews").json()
    assert [(row["booth_id"], row["slot"], row["status_label"]) for row in mine] == [(world["ids"]["booth"], 0, "예정")]


def test_staff_plan_solve_and_move_through_the_api(world: dict[str, Any]) -> None:
    staff = world["clients"]["staff"]
    event_id = world["ids"]["event"]
    for booth, member in zip(world["booths"], world["members"], strict=True):
        for registration in world["registrations"]:
            interviews.interest_shortlist(actor=member, booth=booth, registration=registration)

    solved = staff.post(f"staff/events/{event_id}/interviews/solve", {"seconds": 5})

    assert solved.status_code == 200, solved.content
    body = solved.json()
    assert body["last_run"]["talents_interviewed"] == 3
    assert [slot["is_break"] for slot in body["slots"]] == [False, False, True, False]
    meetings = [grid.Meeting(row["registration_id"], row["booth_id"], row["slot"]) for row in body["interviews"]]
    assert grid.violations(interviews.grid_snapshot(world["event"]).problem, meetings) == []

    movable = next(row for row in body["interviews"] if not row["pinned"])
    booth_busy = {(row["booth_id"], row["slot"]) for row in body["interviews"]}  # one interviewer each
    talent_busy = {(row["registration_id"], row["slot"]) for row in body["interviews"]}
    free = [
        slot
        for slot in (0, 1, 3)
        if (movable["booth_id"], slot) not in booth_busy and (movable["registration_id"], slot) not in talent_busy
    ]
    if free:
        moved = staff.patch(f"staff/events/{event_id}/interviews/{movable['id']}", {"slot": free[0]})
        assert moved.status_code == 200 and moved.json()["pinned"] and moved.json()["slot"] == free[0]
    into_break = staff.patch(f"staff/events/{event_id}/interviews/{movable['id']}", {"slot": 2})
    assert into_break.status_code == 409 and "break" in into_break.json()["message"]

    removed = staff.delete(f"staff/events/{event_id}/interviews/{movable['id']}")
    assert removed.status_code == 204 and not Interview.objects.filter(pk=movable["id"]).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"starts_at": "2030-01-01T10:00:00Z", "count": 0, "minutes": 20}, "count"),
        ({"starts_at": "2030-01-01T10:00:00Z", "count": 4, "minutes": "20"}, "minutes"),
        ({"starts_at": "soon", "count": 4, "minutes": 20}, "starts_at"),
        ({"starts_at": "2030-01-01T10:00:00Z", "count": 4, "minutes": 20, "breaks": [-1]}, "breaks"),
        ({"starts_at": "2030-01-01T10:00:00Z", "count": 4, "minutes": 20, "extra": 1}, "extra"),
    ],
)
def test_bad_slot_plans_get_a_field_error_and_change_nothing(
    world: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    before = list(InterviewSlot.objects.values_list("pk", flat=True))

    response = world["clients"]["staff"].post(f"staff/events/{world['ids']['event']}/interviews/slots", body)

    assert response.status_code == 422, response.content
    assert any(field in key for key in response.json()["fields"])
    assert list(InterviewSlot.objects.values_list("pk", flat=True)) == before


# --- Authorization matrix ---------------------------------------------------------------------
ACTORS = ("anonymous", "talent", "other_talent", "company_member", "other_company_member", "staff")
STAFF_ONLY = {"anonymous": 401, "talent": 403, "other_talent": 403, "company_member": 403, "other_company_member": 403}
OWN_SEAT = {"anonymous": 401, "other_talent": 404, "company_member": 404, "other_company_member": 404, "staff": 404}
OWN_BOOTH = {"anonymous": 401, "talent": 404, "other_talent": 404, "other_company_member": 404, "staff": 404}
SLOTS = {"starts_at": "{slot_start}", "count": 4, "minutes": 20}

MATRIX: list[tuple[str, str, str, Any, dict[str, int]]] = [
    ("rank registrants", "GET", "events/booths/{booth}/candidates", None, {**OWN_BOOTH, "company_member": 200}),
    (
        "shortlist",
        "POST",
        "events/booths/{booth}/shortlist",
        {"registration_id": "{second}"},
        {**OWN_BOOTH, "company_member": 200},
    ),
    ("mark a booth", "POST", "me/events/{registration}/wishes", {"booth_id": "{booth}"}, {**OWN_SEAT, "talent": 200}),
    ("my interviews", "GET", "me/events/{registration}/interviews", None, {**OWN_SEAT, "talent": 200}),
    ("read the grid", "GET", "staff/events/{event}/interviews", None, {**STAFF_ONLY, "staff": 200}),
    ("plan slots", "POST", "staff/events/{event}/interviews/slots", SLOTS, {**STAFF_ONLY, "staff": 409}),
    ("solve", "POST", "staff/events/{event}/interviews/solve", {"draft": True}, {**STAFF_ONLY, "staff": 200}),
    (
        "place",
        "POST",
        "staff/events/{event}/interviews",
        {"registration_id": "{second}", "booth_id": "{booth}", "slot": 1},
        {**STAFF_ONLY, "staff": 201},
    ),
    ("pin", "PATCH", "staff/events/{event}/interviews/{interview}", {"pinned": False}, {**STAFF_ONLY, "staff": 200}),
    ("remove", "DELETE", "staff/events/{event}/interviews/{interview}", None, {**STAFF_ONLY, "staff": 204}),
]


def _state() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        list(InterviewSlot.objects.order_by("pk").values()),
        list(InterviewInterest.objects.order_by("pk").values("pk", "shortlisted", "wants_to_meet")),
        list(Interview.objects.order_by("pk").values()),
    )


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    return value


@pytest.mark.parametrize("actor", ACTORS)
def test_authorization_matrix(world: dict[str, Any], actor: str) -> None:
    """Every endpoint for one caller, each call in a savepoint rolled back after it, so that the
    world (three matched profiles, two booths, a planned grid) is built once per caller."""
    for name, method, path, body, expected in MATRIX:
        with transaction.atomic():
            before = _state()

            response = world["clients"][actor].request(method, path.format(**world["ids"]), _fill(body, world["ids"]))

            assert response.status_code == expected[actor], (name, response.content)
            if response.status_code >= 400:
                assert set(response.json()) == {"code", "message", "fields"}, name
                assert _state() == before, name
            transaction.set_rollback(True)


def test_the_slots_start_inside_the_event() -> None:
    # The matrix's plan is refused for staff because meetings exist; a fresh event takes it.
    setting = fair(talents=1, booths=1)
    created = setting["event"]
    staff = ApiClient(token=token_for(staff_user()))
    start = (created.starts_at + datetime.timedelta(minutes=30)).isoformat()

    body = {"starts_at": start, "count": 3, "minutes": 30}
    response = staff.post(f"staff/events/{created.pk}/interviews/slots", body)

    assert response.status_code == 200, response.content
    assert len(response.json()["slots"]) == 3
