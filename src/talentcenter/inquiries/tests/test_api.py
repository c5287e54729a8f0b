"""The petitions API: staff move a petition through its steps (four eyes: 403 for the author), the
petitioner reads it and rates it by the signed link only, and nobody else sees anything."""

from __future__ import annotations

from typing import Any

import pytest

from talentcenter.inquiries import services, tokens
from talentcenter.inquiries.enums import InquiryStatus
from talentcenter.inquiries.tests.support import received, staff_user
from tests.api import ApiClient, token_for

pytestmark = pytest.mark.django_db


def test_staff_answer_with_four_eyes_and_the_petitioner_rates_by_the_link(
    staff_api: ApiClient, staff: Any, anonymous: ApiClient, talent_api: ApiClient
) -> None:
    inquiry = received()
    assert talent_api.get(f"staff/inquiries/{inquiry.pk}").status_code == 403
    queue = staff_api.get("staff/inquiries?overdue=false").json()
    assert [item["receipt_number"] for item in queue["items"]] == [inquiry.receipt_number]

    drafted = staff_api.post(f"staff/inquiries/{inquiry.pk}/draft", {"answer": "Yes, for two years."})
    assert drafted.json()["status"] == InquiryStatus.IN_REVIEW
    refused = staff_api.post(f"staff/inquiries/{inquiry.pk}/approve")
    assert refused.status_code == 403
    second = ApiClient(token=token_for(staff_user()))
    assert second.post(f"staff/inquiries/{inquiry.pk}/approve").json()["status"] == InquiryStatus.ANSWERED
    assert second.post(f"staff/inquiries/{inquiry.pk}/approve").status_code == 409

    link = tokens.track_token(inquiry_id=inquiry.pk, key=inquiry.tracking_key)
    assert anonymous.get(f"inquiries/track/{link}").json()["answer"] == "Yes, for two years."
    assert anonymous.get(f"inquiries/track/{link[:-3]}abc").status_code == 404
    rated = anonymous.post(f"inquiries/track/{link}/rating", {"rating": 4, "comment": "Clear"})
    assert rated.json()["rating"] == 4
    assert anonymous.post(f"inquiries/track/{link}/rating", {"rating": 5}).status_code == 409


def test_the_extension_is_refused_beyond_the_original_period(staff_api: ApiClient) -> None:
    inquiry = received()
    too_long = staff_api.post(f"staff/inquiries/{inquiry.pk}/extend", {"working_days": 8, "reason": "More time"})
    assert too_long.status_code == 422
    inquiry.refresh_from_db()
    assert inquiry.extended_at is None
    services.inquiry_transfer(actor=staff_user(), inquiry=inquiry, agency="Ministry of Justice", reason="Theirs")
    assert staff_api.post(f"staff/inquiries/{inquiry.pk}/draft", {"answer": "x"}).status_code == 409
