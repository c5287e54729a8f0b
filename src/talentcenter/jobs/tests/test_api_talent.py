"""/api/v1/me/jobs: applications, saved searches and recommendations over HTTP. The error contract
(401/403/404/409/422), an authorization matrix where refused calls change nothing, fixed queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentcenter.audit.models import AuditEvent
from talentcenter.jobs.enums import ApplicationStage
from talentcenter.jobs.models import JobApplication, SavedSearch
from talentcenter.jobs.services.applications import application_submit
from talentcenter.jobs.services.searches import saved_search_create
from talentcenter.jobs.tests.talent_support import complete_profile, index_opening, index_profile, opening
from talentcenter.talent.models import SkillEntry
from tests.api import ApiClient, token_for

pytestmark = pytest.mark.django_db

BASE = "me/jobs"


@pytest.fixture(autouse=True)
def _no_throttling(settings: Any) -> None:
    settings.TALENTCENTER_API_THROTTLE_RATES = {}


def api_for(user: Any, language: str = "en") -> ApiClient:
    return ApiClient(token=token_for(user), language=language) if user is not None else ApiClient()


@pytest.fixture
def people(company_member: Any, staff: Any) -> dict[str, Any]:
    return {
        "anonymous": None,
        "company_member": company_member,
        "another_talent": complete_profile().user,
        "talent": complete_profile().user,
        "staff": staff,
    }


# --- Applications ------------------------------------------------------------------------------


def test_apply_read_and_withdraw():
    user = complete_profile().user
    job = opening()
    api = api_for(user)

    created = api.post(f"{BASE}/applications", {"opening_id": job.pk, "cover_note": "Hello"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["opening_id"], body["stage"], body["cover_note"], body["can_withdraw"]) == (
        job.pk,
        "new",
        "Hello",
        True,
    )
    assert body["company_name"] == job.company.name_en and body["timeline"][0]["label"] == "Applied"

    listed = api.get(f"{BASE}/applications").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]

    withdrawn = api.post(f"{BASE}/applications/{body['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["stage"] == "withdrawn"

    again = api.post(f"{BASE}/applications/{body['id']}/withdraw")
    assert again.status_code == 409 and again.json()["code"] == "conflict"


def test_apply_errors_follow_the_contract():
    profile = complete_profile()
    api = api_for(profile.user, language="ko")
    job = opening()

    assert api.post(f"{BASE}/applications", {"opening_id": job.pk, "extra": 1}).status_code == 422
    assert api.post(f"{BASE}/applications", {"opening_id": "1"}).status_code == 422
    too_long = api.post(f"{BASE}/applications", {"opening_id": job.pk, "cover_note": "x" * 3001})
    assert too_long.status_code == 422 and "cover_note" in too_long.json()["fields"]
    assert api.post(f"{BASE}/applications", {"opening_id": 2**40}).status_code == 404
    assert api.post(f"{BASE}/applications", {"opening_id": opening(status="draft").pk}).status_code == 404
    closed = opening(status="closed")
    assert api.post(f"{BASE}/applications", {"opening_id": closed.pk}).status_code == 404

    assert api.post(f"{BASE}/applications", {"opening_id": job.pk}).status_code == 201
    twice = api.post(f"{BASE}/applications", {"opening_id": job.pk})
    assert twice.status_code == 409 and twice.json()["code"] == "conflict"

    SkillEntry.objects.filter(profile=profile).delete()
    incomplete = api.post(f"{BASE}/applications", {"opening_id": opening().pk})
    assert incomplete.status_code == 422
    assert JobApplication.objects.count() == 1


def test_applications_matrix(people: dict[str, Any]):
    job = opening()
    application = application_submit(actor=people["talent"], opening=opening())
    expected_post = {"anonymous": 401, "company_member": 403, "another_talent": 201, "talent": 201, "staff": 403}
    expected_withdraw = {"anonymous": 401, "company_member": 404, "another_talent": 404, "staff": 404}

    for who, user in people.items():
        api = api_for(user)
        listed = api.get(f"{BASE}/applications")
        if user is None:
            assert listed.status_code == 401
        else:
            assert listed.status_code == 200
            assert listed.json()["count"] == (1 if who == "talent" else 0), who
        if who in expected_withdraw:
            response = api.post(f"{BASE}/applications/{application.pk}/withdraw")
            assert response.status_code == expected_withdraw[who], who
        assert api.post(f"{BASE}/applications", {"opening_id": job.pk}).status_code == expected_post[who], who

    assert JobApplication.objects.get(pk=application.pk).stage == ApplicationStage.NEW
    assert set(JobApplication.objects.filter(opening=job).values_list("profile__user", flat=True)) == {
        people["talent"].pk,
        people["another_talent"].pk,
    }
    assert not AuditEvent.objects.filter(action="jobs.application_withdrawn").exists()


def test_the_list_takes_the_same_queries_for_one_or_many():
    user = complete_profile().user
    api = api_for(user)
    application_submit(actor=user, opening=opening())

    def queries() -> int:
        api.get(f"{BASE}/applications")  # the token's "last used" is written once a while
        with CaptureQueriesContext(connection) as captured:
            assert api.get(f"{BASE}/applications").status_code == 200
        return len(captured)

    one = queries()
    for _number in range(5):
        application_submit(actor=user, opening=opening())
    assert queries() == one


# --- Saved searches ----------------------------------------------------------------------------


def test_saved_searches_over_http():
    user = complete_profile().user
    api = api_for(user)

    created = api.post(
        f"{BASE}/searches",
        {"name": "Fabs", "criteria": {"industry": "semiconductor", "salary_min": 90_000_000}, "alert": True},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["criteria"]["industry"] == "semiconductor" and body["criteria"]["salary_min"] == 90_000_000

    patched = api.patch(f"{BASE}/searches/{body['id']}", {"name": "Seoul fabs", "alert": False})
    assert patched.status_code == 200 and (patched.json()["name"], patched.json()["alert"]) == ("Seoul fabs", False)
    assert patched.json()["criteria"]["industry"] == "semiconductor"

    assert [item["name"] for item in api.get(f"{BASE}/searches").json()] == ["Seoul fabs"]
    assert api.delete(f"{BASE}/searches/{body['id']}").status_code == 204
    assert api.get(f"{BASE}/searches").json() == []


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "criteria": {"page": 2}},
        {"name": "x", "criteria": {"industry": "fishing"}},
        {"name": "x", "criteria": {"salary_min": "90000000"}},
        {"name": "x", "criteria": {"salary_min": -1}},
        {"name": "", "criteria": {}},
        {"name": "x", "alert": "yes"},
        {"name": "x", "criteria": {"occupation": "0000"}},
    ],
)
def test_invalid_searches_are_refused_with_422(body: dict[str, Any]):
    user = complete_profile().user

    response = api_for(user).post(f"{BASE}/searches", body)

    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    assert not SavedSearch.objects.exists()


def test_a_duplicate_name_and_the_twenty_first_search_are_refused():
    user = complete_profile().user
    api = api_for(user)
    for number in range(20):
        saved_search_create(actor=user, name=f"Search {number}", criteria={})

    assert api.post(f"{BASE}/searches", {"name": "Search 1"}).status_code == 422
    assert api.post(f"{BASE}/searches", {"name": "New"}).status_code == 422
    assert SavedSearch.objects.count() == 20


def test_saved_searches_matrix(people: dict[str, Any]):
    search = saved_search_create(actor=people["talent"], name="Fabs", criteria={})

    for who, user in people.items():
        api = api_for(user)
        if user is None:
            assert api.get(f"{BASE}/searches").status_code == 401
            assert api.post(f"{BASE}/searches", {"name": "x"}).status_code == 401
            assert api.patch(f"{BASE}/searches/{search.pk}", {"name": "x"}).status_code == 401
            assert api.delete(f"{BASE}/searches/{search.pk}").status_code == 401
            continue
        names = [item["name"] for item in api.get(f"{BASE}/searches").json()]
        assert names == (["Fabs"] if who == "talent" else []), who
        if who != "talent":
            assert api.patch(f"{BASE}/searches/{search.pk}", {"name": "Mine"}).status_code == 404, who
            assert api.delete(f"{BASE}/searches/{search.pk}").status_code == 404, who
    assert SavedSearch.objects.get().name == "Fabs"


# --- Recommendations ---------------------------------------------------------------------------


def test_recommendations_come_with_their_explanations():
    profile = complete_profile()
    index_profile(profile)
    fits = opening(title_en="Process integration")
    index_opening(fits)

    response = api_for(profile.user).get(f"{BASE}/recommendations?limit=5")

    assert response.status_code == 200, response.content
    [item] = response.json()
    assert item["opening_id"] == fits.pk and 0 < item["score"] <= 100
    explanation = item["explanation"]
    assert explanation["skills_matched"][0]["required_code"] == "semi.process_integration"
    assert explanation["education"]["status"] in ("fits", "partly", "missing", "unknown")
    assert "visa" in explanation


def test_recommendations_need_a_profile_and_a_sane_limit(people: dict[str, Any]):
    assert api_for(None).get(f"{BASE}/recommendations").status_code == 401
    assert api_for(people["company_member"]).get(f"{BASE}/recommendations").status_code == 403
    assert api_for(people["staff"]).get(f"{BASE}/recommendations").status_code == 403
    talent = api_for(people["talent"])
    assert talent.get(f"{BASE}/recommendations?limit=0").status_code == 422
    assert talent.get(f"{BASE}/recommendations?limit=51").status_code == 422
    assert talent.get(f"{BASE}/recommendations").status_code == 200
