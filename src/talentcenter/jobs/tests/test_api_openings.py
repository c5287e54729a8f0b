"""The openings API: the public board, the company's openings, applicants and candidates; the
authorization matrix of every endpoint (a refused call changes nothing), conflicts and validation;
schemathesis over these operations is in test_api_fuzz.py."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.test import Client

from talentcenter.audit.models import AuditEvent
from talentcenter.jobs.enums import ApplicationStage, OpeningStatus
from talentcenter.jobs.models import ApplicationNote, JobApplication, Opening
from talentcenter.jobs.tests.test_openings_support import (
    OTHER_SKILL,
    SKILL,
    application,
    discoverable_profile,
    draft,
    people,
    published,
    today,
)
from talentcenter.notifications.models import Notification
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import Company
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


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
        tuple(Opening.objects.order_by("pk").values_list("pk", "status", "title_en", "closing_date")),
        tuple(JobApplication.objects.order_by("pk").values_list("pk", "stage")),
        ApplicationNote.objects.count(),
        AuditEvent.objects.filter(action__startswith="jobs.").count(),
        Notification.objects.count(),
    )


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    given = people()
    opening = published(given.member, given.company, languages=[("en", 4, False)])
    secret = draft(given.member, given.company, title_en="Secret draft")
    item = application(opening)
    profile = discoverable_profile()
    fallen_company = Company.objects.get(memberships__user=given.other_member)
    fallen = published(given.other_member, fallen_company, region="busan")
    fallen_item = application(fallen)
    fallen_member = MembershipFactory(company=fallen_company).user
    Company.objects.filter(pk=fallen_company.pk).update(status=CompanyStatus.PENDING)
    clients = {
        "anonymous": Client(),
        "talent": logged_in(given.talent),
        "other_member": logged_in(given.other_member),
        "unverified_member": logged_in(fallen_member),
        "staff": staff_client_with_second_factor(given.staff),
        "member": logged_in(given.member),
    }
    return {
        "given": given,
        "opening": opening,
        "secret": secret,
        "application": item,
        "profile": profile,
        "fallen": fallen,
        "fallen_application": fallen_item,
        "clients": clients,
    }


def _endpoints(opening: Opening, item: JobApplication, profile_id: int) -> dict[str, tuple[str, str, Any]]:
    return {
        "patch": ("PATCH", f"openings/{opening.pk}", {"title_en": "Changed"}),
        "publish": ("POST", f"openings/{opening.pk}/publish", None),
        "unpublish": ("POST", f"openings/{opening.pk}/unpublish", None),
        "close": ("POST", f"openings/{opening.pk}/close", {"reason": "filled"}),
        "applications": ("GET", f"openings/{opening.pk}/applications", None),
        "move": ("POST", f"openings/applications/{item.pk}/move", {"transition": "screen"}),
        "notes": ("POST", f"openings/applications/{item.pk}/notes", {"body": "Hi"}),
        "candidates": ("GET", f"openings/{opening.pk}/candidates", None),
        "invite": ("POST", f"openings/{opening.pk}/candidates/{profile_id}/invite", {}),
    }


ENDPOINTS = ["patch", "publish", "unpublish", "close", "applications", "move", "notes", "candidates", "invite"]
# Who gets what on another company's opening: the unverified member is a member of the *fallen*
# company and gets 403 there (tested below); here it is an outsider.
OUTSIDERS = {"anonymous": 401, "talent": 404, "other_member": 404, "unverified_member": 404, "staff": 404}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("who", sorted(OUTSIDERS))
def test_outsiders_get_the_contracts_refusal_and_change_nothing(world, endpoint: str, who: str):
    method, path, body = _endpoints(world["opening"], world["application"], world["profile"].pk)[endpoint]
    before = snapshot()

    response = call(world["clients"][who], method, path, body)

    assert response.status_code == OUTSIDERS[who]
    assert set(response.json()) == {"code", "message", "fields"}
    assert snapshot() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_member_of_a_company_that_is_not_verified_is_refused_and_changes_nothing(world, endpoint: str):
    method, path, body = _endpoints(world["fallen"], world["fallen_application"], world["profile"].pk)[endpoint]
    before = snapshot()

    response = call(world["clients"]["unverified_member"], method, path, body)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 401), ("talent", 403), ("staff", 403), ("unverified_member", 403)],
)
def test_only_members_of_a_verified_company_create_openings(world, who: str, expected: int):
    before = snapshot()

    response = call(world["clients"][who], "POST", "openings", {"title_en": "X", "skills": [{"code": SKILL}]})

    assert response.status_code == expected
    assert snapshot() == before


# --- The public board -------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["anonymous", "talent", "other_member", "staff", "member"])
def test_everyone_searches_the_board_and_reads_a_published_opening(world, who: str):
    client = world["clients"][who]

    board = call(client, "GET", "openings?q=machine&region=seoul&sponsorship=any")
    read = call(client, "GET", f"openings/{world['opening'].pk}")

    assert board.status_code == 200
    assert [item["id"] for item in board.json()["items"]] == [world["opening"].pk]
    assert board.json()["count"] == 1 and board.json()["pages"] == 1
    assert read.status_code == 200
    body = read.json()
    assert body["is_open"] is True and body["skills"][0]["code"] == SKILL
    assert body["company"]["id"] == world["given"].company.pk


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 404), ("talent", 404), ("other_member", 404), ("staff", 200), ("member", 200)],
)
def test_a_draft_is_seen_only_by_its_company_and_staff(world, who: str, expected: int):
    response = call(world["clients"][who], "GET", f"openings/{world['secret'].pk}")

    assert response.status_code == expected


def test_board_filters_are_validated(world):
    client = world["clients"]["anonymous"]

    assert call(client, "GET", "openings?industry=farming").status_code == 422
    assert call(client, "GET", "openings?page=0").status_code == 422
    assert call(client, "GET", "openings?q=%3Cscript%3E").status_code == 422
    assert call(client, "GET", "openings?salary_min=-1").status_code == 422
    assert call(client, "GET", "openings?q=%00").status_code == 422
    assert call(client, "GET", "openings?page=999").json()["page"] == 1


# --- The company's openings -------------------------------------------------------------------
def _new_opening() -> dict[str, Any]:
    return {
        "title_en": "Battery cell engineer",
        "description_en": "Cells.",
        "industry": "secondary_battery",
        "occupation": "2211",
        "region": "ulsan",
        "salary_min_krw": 50_000_000,
        "salary_max_krw": 80_000_000,
        "closing_date": (today() + datetime.timedelta(days=10)).isoformat(),
        "sponsorship": "either",
        "skills": [{"code": SKILL, "weight": 4, "required": True}],
        "languages": [{"language": "en", "minimum_level": 3, "required": False}],
    }


def test_a_member_creates_changes_publishes_unpublishes_and_closes_an_opening(world):
    client = world["clients"]["member"]

    created = call(client, "POST", "openings", _new_opening())
    assert created.status_code == 201, created.json()
    opening_id = created.json()["id"]
    assert created.json()["status"] == "draft"

    changed = call(client, "PATCH", f"openings/{opening_id}", {"title_ko": "배터리 셀 엔지니어"})
    assert changed.status_code == 200 and changed.json()["title_ko"] == "배터리 셀 엔지니어"
    assert changed.json()["skills"][0]["weight"] == 4  # not sent: unchanged

    assert call(client, "POST", f"openings/{opening_id}/publish").json()["status"] == "published"
    assert call(world["clients"]["anonymous"], "GET", "openings?q=배터리").json()["count"] == 1
    assert call(client, "POST", f"openings/{opening_id}/publish").status_code == 409
    assert call(client, "POST", f"openings/{opening_id}/unpublish").json()["status"] == "unpublished"
    closed = call(client, "POST", f"openings/{opening_id}/close", {"reason": "cancelled"})
    assert closed.json()["status"] == "closed" and closed.json()["close_reason"] == "cancelled"
    conflict = call(client, "PATCH", f"openings/{opening_id}", {"title_en": "Again"})
    assert conflict.status_code == 409 and conflict.json()["code"] == "conflict"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title_en": "", "title_ko": ""}, "title_ko"),
        ({"salary_min_krw": 90_000_000, "salary_max_krw": 60_000_000}, "salary_max_krw"),
        ({"salary_min_krw": 5}, "salary_min_krw"),
        ({"skills": [{"code": "no.such", "weight": 3, "required": True}]}, "skills"),
        ({"skills": []}, "skills"),
        ({"skills": [{"code": SKILL, "weight": 9}]}, "skills.0.weight"),
        ({"languages": [{"language": "en", "minimum_level": 7}]}, "languages.0.minimum_level"),
        ({"occupation": "9999"}, "occupation"),
        ({"closing_date": "2001-01-01"}, "closing_date"),
        ({"surprise": 1}, "surprise"),
        ({"salary_min_krw": "50000000"}, "salary_min_krw"),
    ],
)
def test_invalid_openings_are_refused_by_field(world, body: dict[str, Any], field: str):
    before = snapshot()

    response = call(world["clients"]["member"], "POST", "openings", {**_new_opening(), **body})

    assert response.status_code == 422, response.json()
    assert field in response.json()["fields"]
    assert snapshot() == before


def test_publishing_an_incomplete_opening_names_what_is_missing(world):
    client = world["clients"]["member"]
    opening_id = call(client, "POST", "openings", {**_new_opening(), "description_en": ""}).json()["id"]

    response = call(client, "POST", f"openings/{opening_id}/publish")

    assert response.status_code == 422
    assert "description_ko" in response.json()["fields"]


def test_a_member_of_several_companies_names_the_company(world):
    given = world["given"]
    MembershipFactory(user=given.member)
    client = world["clients"]["member"]

    assert "company_id" in call(client, "POST", "openings", _new_opening()).json()["fields"]
    created = call(client, "POST", "openings", {**_new_opening(), "company_id": given.company.pk})
    assert created.status_code == 201 and created.json()["company"]["id"] == given.company.pk


# --- Applicants -------------------------------------------------------------------------------
def test_a_member_lists_moves_and_annotates_applicants(world):
    client = world["clients"]["member"]
    opening, item = world["opening"], world["application"]

    listed = call(client, "GET", f"openings/{opening.pk}/applications")
    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    row = listed.json()["items"][0]
    assert row["id"] == item.pk and row["stage"] == "new" and "screen" in row["actions"]
    assert "withdraw" not in row["actions"]

    moved = call(client, "POST", f"openings/applications/{item.pk}/move", {"transition": "screen"})
    assert moved.status_code == 200 and moved.json()["stage"] == "screening"
    again = call(client, "POST", f"openings/applications/{item.pk}/move", {"transition": "screen"})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    no_reason = call(client, "POST", f"openings/applications/{item.pk}/move", {"transition": "reject"})
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["fields"]
    withdraw = call(client, "POST", f"openings/applications/{item.pk}/move", {"transition": "withdraw"})
    assert withdraw.status_code == 422

    note = call(client, "POST", f"openings/applications/{item.pk}/notes", {"body": "Call back Monday"})
    assert note.status_code == 201 and note.json()["body"] == "Call back Monday"
    assert JobApplication.objects.get(pk=item.pk).stage == ApplicationStage.SCREENING


def test_the_applicants_list_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world["clients"]["member"]
    path = f"openings/{world['opening'].pk}/applications"
    with django_assert_max_num_queries(20) as first:
        call(client, "GET", path)
    before = len(first.captured_queries)
    for _number in range(6):
        application(world["opening"])

    with django_assert_max_num_queries(before):
        response = call(client, "GET", path)
    assert response.json()["count"] == 7


# --- Candidates -------------------------------------------------------------------------------
QUERIES_PER_CANDIDATE_LIST = 22


def test_ranked_candidates_come_with_explanations_and_no_names(world):
    client = world["clients"]["member"]
    opening, profile = world["opening"], world["profile"]

    response = call(client, "GET", f"openings/{opening.pk}/candidates?limit=10")

    assert response.status_code == 200
    rows = response.json()
    assert [row["profile_id"] for row in rows] == [profile.pk]
    assert rows[0]["explanation"]["skills_matched"][0]["required_code"] == SKILL
    assert rows[0]["rank"] == 1 and 0 <= rows[0]["score"] <= 100
    text = json.dumps(rows)
    assert profile.full_name not in text and profile.user.email not in text
    assert call(client, "GET", f"openings/{opening.pk}/candidates?limit=0").status_code == 422


def test_inviting_a_candidate_once(world):
    client = world["clients"]["member"]
    opening, profile = world["opening"], world["profile"]
    path = f"openings/{opening.pk}/candidates/{profile.pk}/invite"

    first = call(client, "POST", path, {"message": "Join us"})
    second = call(client, "POST", path, {})
    hidden = call(client, "POST", f"openings/{opening.pk}/candidates/{world['application'].profile_id}/invite", {})

    assert first.status_code == 201 and first.json() == {
        "opening_id": opening.pk,
        "profile_id": profile.pk,
        "invited": True,
    }
    assert second.status_code == 409
    assert hidden.status_code == 404
    assert Notification.objects.filter(kind="jobs.candidate_invited").count() == 1
    rows = call(client, "GET", f"openings/{opening.pk}/candidates").json()
    assert rows[0]["invited"] is True


def test_a_draft_cannot_invite(world):
    client = world["clients"]["member"]
    response = call(client, "POST", f"openings/{world['secret'].pk}/candidates/{world['profile'].pk}/invite", {})

    assert response.status_code == 409
    assert Opening.objects.get(pk=world["secret"].pk).status == OpeningStatus.DRAFT


@pytest.fixture
def crowd(world: dict[str, Any]) -> dict[str, Any]:
    """The world with four ranked candidates who speak languages, two of them invited or applied."""
    from talentcenter.matching.services import profile_vector_refresh
    from talentcenter.talent.models import LanguageEntry

    extra = [discoverable_profile(skills={SKILL: level, OTHER_SKILL: 2}) for level in (2, 3, 4)]
    for profile, spoken in zip(
        [world["profile"], *extra], [("en", "C1"), ("ko", "B2"), ("en", "B1"), ("ja", "A2")], strict=True
    ):
        LanguageEntry.objects.create(profile=profile, language=spoken[0], level=spoken[1])
        profile_vector_refresh(profile_id=profile.pk)
    application(world["opening"], extra[0])
    call(world["clients"]["member"], "POST", f"openings/{world['opening'].pk}/candidates/{extra[1].pk}/invite", {})
    return {**world, "extra": extra}


@pytest.mark.parametrize("language", ["en", "ko"])
def test_ranked_candidates_are_written_as_ninja_writes_the_validated_answer(crowd, monkeypatch, language):
    """The view writes its rows without ninja's validation: the bytes and the headers are those
    of ninja's path (validated against ``list[RankedCandidateOut]``, dumped, rendered)."""
    from talentcenter.jobs.api import openings as openings_api

    client = crowd["clients"]["member"]
    path = f"/api/v1/openings/{crowd['opening'].pk}/candidates"
    fast = client.get(path, headers={"Accept-Language": language})
    monkeypatch.setattr(openings_api, "_rendered", lambda request, data: data)
    validated = client.get(path, headers={"Accept-Language": language})

    assert fast.status_code == validated.status_code == 200
    assert fast["Content-Type"] == validated["Content-Type"] == "application/json; charset=utf-8"
    assert fast.content == validated.content
    rows = fast.json()
    assert len(rows) == 4
    assert {row["profile_id"] for row in rows if row["invited"]} == {crowd["extra"][1].pk}
    assert {row["profile_id"] for row in rows if row["applied"]} == {crowd["extra"][0].pk}
    assert all(row["explanation"]["visa"] is not None for row in rows)
    assert all(len(row["summary"]["languages"]) == 1 for row in rows)


def test_ranked_candidates_summaries_name_skills_and_languages_in_the_language_asked_for(crowd):
    client = crowd["clients"]["member"]
    path = f"/api/v1/openings/{crowd['opening'].pk}/candidates"
    english = {row["profile_id"]: row["summary"] for row in client.get(path, headers={"Accept-Language": "en"}).json()}
    korean = {row["profile_id"]: row["summary"] for row in client.get(path, headers={"Accept-Language": "ko"}).json()}

    profile = crowd["profile"]
    assert english[profile.pk]["languages"] == ["English 5/6"]
    assert korean[profile.pk]["languages"] == ["영어 5/6"]
    assert english[crowd["extra"][0].pk]["languages"] == ["Korean 4/6"]
    assert english[profile.pk]["skills"][0] == "Machine learning"
    assert korean[profile.pk]["skills"][0] != english[profile.pk]["skills"][0]


def test_ranked_candidates_run_a_fixed_number_of_queries(crowd, django_assert_num_queries):
    """Session, the opening and the membership checks, the query's skills and languages, the
    index and visa reads, the summaries, the invited and applied: the same for 4 candidates as for 1."""
    client = crowd["clients"]["member"]
    path = f"openings/{crowd['opening'].pk}/candidates"
    call(client, "GET", path)  # the index's first load
    with django_assert_num_queries(QUERIES_PER_CANDIDATE_LIST):
        assert len(call(client, "GET", path).json()) == 4
    with django_assert_num_queries(QUERIES_PER_CANDIDATE_LIST):
        assert len(call(client, "GET", f"{path}?limit=1").json()) == 1
