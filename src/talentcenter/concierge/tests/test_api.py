"""The concierge API: a person's plan and requests, and the desk's queue (403 for anybody else)."""

from __future__ import annotations

from typing import Any

import pytest

from talentcenter.concierge.enums import RequestStatus
from talentcenter.concierge.models import ConciergeRequest
from talentcenter.concierge.tests.support import desk, person
from tests.api import ApiClient, token_for

pytestmark = pytest.mark.django_db


def client_of(user: Any) -> ApiClient:
    return ApiClient(token=token_for(user))


def test_a_person_plans_asks_reads_answers_and_rates_through_the_api() -> None:
    holder = person()
    api = client_of(holder)
    assert api.get("me/concierge/plan").status_code == 404
    plan = api.request("PUT", "me/concierge/plan", {"situation": "f2t", "entry_date": "2027-01-04"})
    assert plan.status_code == 200
    steps = {step["service"]: step for step in plan.json()["steps"]}
    assert steps["alien-registration"]["due_date"] == "2027-04-04"
    marked = api.post(f"me/concierge/plan/steps/{steps['housing']['id']}", {"status": "done"})
    assert marked.json()["status"] == "done"

    created = api.post("me/concierge/requests", {"category": "tax", "subject": "Tax cut", "body": "How do I apply?"})
    assert created.status_code == 201
    request_id = created.json()["id"]
    assert created.json()["sla_working_days"] == 5
    assert [item["id"] for item in api.get("me/concierge/requests").json()] == [request_id]

    # The desk answers with a note and a question through its own API
    staff = desk()
    staff_api = ApiClient(client=_second_factor_client(staff))
    assert (
        staff_api.post(f"staff/concierge/requests/{request_id}/messages", {"body": "VIP", "internal": True}).status_code
        == 201
    )
    asked = staff_api.post(
        f"staff/concierge/requests/{request_id}/messages", {"body": "Which employer?", "wait_for_reply": True}
    )
    assert asked.json()["status"] == RequestStatus.WAITING
    queue = staff_api.get("staff/concierge/requests?status=waiting").json()
    assert [item["id"] for item in queue["items"]] == [request_id]
    assert queue["items"][0]["clock"] == "paused"

    mine = api.get(f"me/concierge/requests/{request_id}").json()
    assert [message["body"] for message in mine["messages"]] == ["How do I apply?", "Which employer?"]
    replied = api.post(f"me/concierge/requests/{request_id}/messages", {"body": "Hanbit Semiconductor"})
    assert replied.json()["status"] == RequestStatus.OPEN
    assert api.post(f"me/concierge/requests/{request_id}/rating", {"rating": 5}).status_code == 409
    staff_api.post(f"staff/concierge/requests/{request_id}/resolve")
    rated = api.post(f"me/concierge/requests/{request_id}/rating", {"rating": 5, "comment": "Great"})
    assert (rated.json()["status"], rated.json()["rating"]) == (RequestStatus.CLOSED, 5)


def _second_factor_client(user: Any) -> Any:
    from conftest import staff_client_with_second_factor

    return staff_client_with_second_factor(user)


def test_others_get_404_for_a_persons_request_and_403_for_the_queue() -> None:
    holder = person()
    created = client_of(holder).post("me/concierge/requests", {"category": "housing", "subject": "S", "body": "B"})
    request_id = created.json()["id"]
    stranger = client_of(person())
    assert stranger.get(f"me/concierge/requests/{request_id}").status_code == 404
    assert stranger.post(f"me/concierge/requests/{request_id}/messages", {"body": "x"}).status_code == 404
    assert stranger.get("staff/concierge/requests").status_code == 403
    assert stranger.get(f"staff/concierge/requests/{request_id}").status_code == 403
    assert ApiClient().get("me/concierge/requests").status_code == 401
    assert ConciergeRequest.objects.get(pk=request_id).messages.count() == 1
