"""The talent requests API: the whole flow, privacy of unreleased profiles, the authorization matrix
(refused calls change nothing) and conflicts; schemathesis over these operations is in
test_api_fuzz.py."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from talentcenter.audit.models import AuditEvent
from talentcenter.jobs.enums import ShortlistStatus
from talentcenter.jobs.models import ProfileRelease, ShortlistEntry, TalentRequest
from talentcenter.jobs.services import requests as services
from talentcenter.jobs.tests.test_requests_support import (
    CRITERIA,
    People,
    client_for,
    curating,
    discoverable_profile,
    invited,
    new_request,
    staff_client,
)

pytestmark = pytest.mark.django_db

SECRET_NAME = "Okafor"
SECRET_EMAIL = "amara.okafor@example.org"


@pytest.fixture
def people() -> People:
    return People.create()


def call(client: Client, method: str, path: str, body: Any = None) -> Any:
    return client.generic(
        method,
        f"/api/v1/{path}",
        data="" if body is None else json.dumps(body),
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )


def snapshot() -> tuple[Any, ...]:
    return (
        sorted(TalentRequest.objects.values_list("pk", "status", "curator_id")),
        sorted(ShortlistEntry.objects.values_list("pk", "status")),
        ProfileRelease.objects.count(),
        AuditEvent.objects.count(),
    )


def clients(people: People) -> dict[str, Client]:
    without_second_factor = Client()
    without_second_factor.force_login(people.staff)
    return {
        "anonymous": Client(),
        "talent": client_for(people.other_talent),
        "invited_talent": client_for(people.talent),
        "other_company_member": client_for(people.other_member),
        "company_member": client_for(people.member),
        "staff_without_second_factor": without_second_factor,
        "staff": staff_client(people.staff),
    }


# --- The flow ---------------------------------------------------------------------------------
def test_a_request_from_the_company_to_the_released_profile(people: People) -> None:
    member, staff, talent = client_for(people.member), staff_client(people.staff), client_for(people.talent)

    # The company counts, then files its request
    counted = call(member, "POST", "talent-requests/count", CRITERIA)
    assert counted.status_code == 200, counted.content
    assert counted.json()["count"] == 1
    created = call(
        member,
        "POST",
        "talent-requests",
        {"company_id": people.company.pk, "title": "ML engineers", "criteria": CRITERIA, "headcount": 2},
    )
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    assert created.json()["reference"].startswith("TRQ-")
    assert created.json()["criteria"]["summary"][0] == "Required skills: Python"

    # Staff curate: the ranked candidate comes with its explanation
    assert call(staff, "POST", f"staff/talent-requests/{request_id}/start-curating").status_code == 200
    detail = call(staff, "GET", f"staff/talent-requests/{request_id}").json()
    [candidate] = detail["candidates"]
    assert candidate["profile_id"] == people.talent_profile.pk
    assert candidate["explanation"]["skills_matched"][0]["matched"] == "Python"
    assert candidate["explanation"]["visa"]["best_track"]  # the policy engine's answer for this offer
    added = call(
        staff,
        "POST",
        f"staff/talent-requests/{request_id}/shortlist",
        {"profile_id": people.talent_profile.pk, "note": "Vision work at Telefónica."},
    )
    assert added.status_code == 201, added.content
    entry_id = added.json()["id"]
    assert call(staff, "POST", f"staff/talent-requests/shortlist/{entry_id}/invite").json()["status"] == "invited"
    assert call(staff, "POST", f"staff/talent-requests/{request_id}/send-shortlist").json()["status"] == (
        "shortlist_sent"
    )

    # Before the talent agrees the company sees a count, never the person
    waiting = call(member, "GET", f"talent-requests/{request_id}")
    assert waiting.json()["waiting_for_agreement"] == 1
    assert waiting.json()["released_profiles"] == []
    assert SECRET_NAME not in waiting.content.decode() and SECRET_EMAIL not in waiting.content.decode()
    listed = call(member, "GET", "talent-requests").content.decode()
    assert SECRET_NAME not in listed and SECRET_EMAIL not in listed

    # The talent reads the invitation and agrees
    [invitation] = call(talent, "GET", "talent-requests/invitations").json()
    assert invitation["company"]["name"] == people.company.name
    assert invitation["note"] == "Vision work at Telefónica."
    assert invitation["explanation"]["score"] > 0
    assert "your name" in invitation["shared_if_agreed"]
    agreed = call(talent, "POST", f"talent-requests/invitations/{entry_id}/agree")
    assert agreed.status_code == 200, agreed.content
    assert agreed.json()["status"] == "released"

    # The company sees the profile in full
    released = call(member, "GET", f"talent-requests/{request_id}").json()
    [profile] = released["released_profiles"]
    assert profile["name"] == "Amara Okafor"
    assert profile["email"] == SECRET_EMAIL
    assert profile["skills"][0]["name"] == "Python"
    assert profile["education"][0]["institution"] == "Universidad Politécnica de Madrid"
    assert released["counts"] == {"proposed": 0, "invited": 0, "released": 1, "withdrawn": 0}


def test_agree_after_decline_is_a_conflict(people: People) -> None:
    entry = invited(people)
    talent = client_for(people.talent)

    assert call(talent, "POST", f"talent-requests/invitations/{entry.pk}/decline").status_code == 200
    before = snapshot()
    conflict = call(talent, "POST", f"talent-requests/invitations/{entry.pk}/agree")

    assert conflict.status_code == 409
    assert conflict.json()["code"] == "conflict"
    assert snapshot() == before


def test_a_private_profile_cannot_be_shortlisted_through_the_api(people: People) -> None:
    talent_request = curating(people)
    private = discoverable_profile(discoverable=False)

    answer = call(
        staff_client(people.staff),
        "POST",
        f"staff/talent-requests/{talent_request.pk}/shortlist",
        {"profile_id": private.pk},
    )

    assert answer.status_code == 422
    assert "profile_id" in answer.json()["fields"]
    assert not ShortlistEntry.objects.exists()


def test_sending_an_empty_shortlist_is_refused(people: People) -> None:
    talent_request = curating(people)

    answer = call(staff_client(people.staff), "POST", f"staff/talent-requests/{talent_request.pk}/send-shortlist")

    assert answer.status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"company_id": 0, "title": "x"},
        {"title": "x"},
        {"company_id": 1, "title": "<b>x</b>"},
        {"company_id": 1, "title": "x", "criteria": {"skills": [{"code": "common.python", "weight": 9}]}},
        {"company_id": 1, "title": "x", "criteria": {"nationalities": ["vn"]}},
        {"company_id": 1, "title": "x", "criteria": {"languages": [{"language": "ko", "level": 7}]}},
        {"company_id": 1, "title": "x", "criteria": {"min_years": "3"}},
        {"company_id": 1, "title": "x", "surprise": True},
    ],
)
def test_invalid_bodies_are_422(people: People, body: dict[str, Any]) -> None:
    answer = call(client_for(people.member), "POST", "talent-requests", body)

    assert answer.status_code == 422
    assert not TalentRequest.objects.exists()


def test_unknown_skill_is_422_on_its_field(people: People) -> None:
    answer = call(
        client_for(people.member),
        "POST",
        "talent-requests",
        {"company_id": people.company.pk, "title": "x", "criteria": {"skills": [{"code": "no.such"}]}},
    )

    assert answer.status_code == 422
    assert "skills" in answer.json()["fields"]


# --- Authorization matrix ---------------------------------------------------------------------
def _expected(who: str, allowed: set[str], *, staff_only: bool = False, hidden: int = 404) -> set[int]:
    if who == "anonymous":
        return {401}
    if who == "staff_without_second_factor":
        return {403}
    if who in allowed:
        return {200, 201}
    if staff_only:
        return {403}
    return {hidden}


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "talent",
        "invited_talent",
        "other_company_member",
        "company_member",
        "staff_without_second_factor",
        "staff",
    ],
)
def test_every_endpoint_answers_only_whom_it_should_and_refusals_change_nothing(people: People, who: str) -> None:
    entry = invited(people)
    request_id = entry.talent_request_id
    other_request = new_request(people)
    client = clients(people)[who]
    proposed_for = discoverable_profile(given_name="Linh", family_name="Nguyen")
    company = {"company_member"}
    operations: list[tuple[str, str, Any, set[str], bool]] = [
        # method, path, body, who succeeds, staff-only (403 instead of 404)
        ("GET", f"talent-requests/{request_id}", None, company, False),
        ("POST", "talent-requests/count", CRITERIA, {"company_member", "other_company_member", "staff"}, False),
        ("GET", "staff/talent-requests", None, {"staff"}, True),
        ("GET", f"staff/talent-requests/{request_id}", None, {"staff"}, True),
        (
            "POST",
            f"staff/talent-requests/{request_id}/shortlist",
            {"profile_id": proposed_for.pk},
            {"staff"},
            True,
        ),
        ("POST", f"talent-requests/invitations/{entry.pk}/agree", None, {"invited_talent"}, False),
        ("POST", f"staff/talent-requests/{other_request.pk}/start-curating", None, {"staff"}, True),
        ("POST", f"talent-requests/{other_request.pk}/cancel", None, company, False),
    ]
    for method, path, body, allowed, staff_only in operations:
        before = snapshot()
        answer = call(client, method, path, body)
        expected = _expected(who, allowed, staff_only=staff_only)
        assert answer.status_code in expected, (path, answer.status_code, answer.content)
        if answer.status_code >= 400:
            assert snapshot() == before, path
        if who in ("talent", "other_company_member", "invited_talent", "anonymous"):
            assert SECRET_EMAIL not in answer.content.decode() or who == "invited_talent", path

    # Lists answer everyone signed in, with only their own things
    listed = call(client, "GET", "talent-requests")
    if who in ("anonymous",):
        assert listed.status_code == 401
    elif who == "staff_without_second_factor":
        assert listed.status_code == 403
    else:
        ids = {item["id"] for item in listed.json()["items"]}
        assert ids == ({request_id, other_request.pk} if who == "company_member" else set())
    invitations = call(client, "GET", "talent-requests/invitations")
    if who == "invited_talent":
        assert [item["id"] for item in invitations.json()] == [entry.pk]
    elif invitations.status_code == 200:
        assert invitations.json() == []


def test_another_company_member_cannot_file_for_the_company(people: People) -> None:
    answer = call(
        client_for(people.other_member),
        "POST",
        "talent-requests",
        {"company_id": people.company.pk, "title": "x"},
    )

    assert answer.status_code == 404
    assert not TalentRequest.objects.exists()


def test_another_talent_cannot_answer_the_invitation(people: People) -> None:
    entry = invited(people)

    for path in ("agree", "decline"):
        answer = call(client_for(people.other_talent), "POST", f"talent-requests/invitations/{entry.pk}/{path}")
        assert answer.status_code == 404

    entry.refresh_from_db()
    assert entry.status == ShortlistStatus.INVITED


def test_a_proposed_entry_is_not_an_invitation_yet(people: People) -> None:
    talent_request = curating(people)
    entry = services.shortlist_add(
        actor=people.staff, talent_request=talent_request, profile_id=people.talent_profile.pk
    )

    talent = client_for(people.talent)
    assert call(talent, "GET", "talent-requests/invitations").json() == []
    assert call(talent, "POST", f"talent-requests/invitations/{entry.pk}/agree").status_code == 404
