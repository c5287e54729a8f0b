"""The petition pages: the public form and its guard (honeypot, rate limit, size limits, nothing
stored on refusal), confirmation, the tracking page with rating, and the staff queue and steps."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from talentcenter.inquiries import services
from talentcenter.inquiries.enums import InquiryStatus
from talentcenter.inquiries.models import Inquiry
from talentcenter.inquiries.tests.support import link_in_last_email, received, staff_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def form(**overrides: Any) -> dict[str, Any]:
    data = {
        "category": "inquiry",
        "subject": "D-10 visa",
        "body": "May I hold a D-10 visa after my master's degree?",
        "name": "Kim Minji",
        "email": "minji@example.org",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_an_anonymous_petition_is_confirmed_by_link_then_tracked_and_rated(client: Client) -> None:
    assert client.get("/ko/inquiries/").status_code == 200
    response = client.post("/en/inquiries/", form())
    assert response.status_code == 302 and response["Location"] == "/en/inquiries/filed/"
    assert "minji@example.org" in client.get("/en/inquiries/filed/").content.decode()

    confirm = link_in_last_email("minji@example.org", "confirm")
    assert client.get(confirm).status_code == 200
    tracked = client.post(confirm)
    inquiry = Inquiry.objects.get()
    assert inquiry.status == InquiryStatus.RECEIVED
    page = client.get(tracked["Location"]).content.decode()
    assert inquiry.receipt_number in page and inquiry.due_date.isoformat() in page

    services.answer_draft(actor=staff_user(), inquiry=inquiry, answer="Yes, for two years.")
    services.answer_approve(actor=staff_user(), inquiry=inquiry)
    answered = client.get(tracked["Location"]).content.decode()
    assert "Yes, for two years." in answered
    assert client.post(tracked["Location"], {"rating": "4", "comment": "Thanks"}).status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.rating, inquiry.rating_comment) == (4, "Thanks")
    assert client.get("/en/inquiries/track/forged-token-123/").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({"website": "http://spam.example"}, 400),
        ({"body": "x" * 5001}, 400),
        ({"email": "not-an-address"}, 400),
        ({"consent": ""}, 400),
    ],
    ids=["honeypot", "too-long", "bad-email", "no-consent"],
)
def test_refused_input_stores_and_sends_nothing(client: Client, overrides: dict[str, str], status: int) -> None:
    response = client.post("/en/inquiries/", form(**overrides))
    assert response.status_code == status
    assert Inquiry.objects.count() == 0


def test_a_disguised_attachment_is_refused_with_its_reason(client: Client) -> None:
    upload = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")
    response = client.post("/en/inquiries/", {**form(), "attachment": upload})
    assert response.status_code == 400
    assert "Windows program" in response.content.decode()
    assert Inquiry.objects.count() == 0


def test_filings_are_limited_per_address(client: Client, settings: Any) -> None:
    settings.TALENTCENTER_INQUIRY_RATE = (2, 3600)
    statuses = [client.post("/en/inquiries/", form(body=f"Question {n}")).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert Inquiry.objects.count() == 2


def test_a_signed_in_person_files_without_confirming(client: Client) -> None:
    person = UserFactory(email="jane@example.org")
    client.force_login(person)
    response = client.post("/en/inquiries/", form(email="other@example.org"))
    inquiry = Inquiry.objects.get()
    assert inquiry.email == "jane@example.org" and inquiry.status == InquiryStatus.RECEIVED
    assert response["Location"].startswith("/en/inquiries/track/")
    assert inquiry.receipt_number in client.get("/en/inquiries/mine/").content.decode()


def test_the_staff_queue_shows_overdue_first_in_a_fixed_number_of_queries(
    staff_client: Client, django_assert_num_queries: Any
) -> None:
    inquiries = [
        received(body=f"Question number {n} about housing {n * 7}", email=f"p{n}@example.org") for n in range(3)
    ]
    Inquiry.objects.filter(pk=inquiries[2].pk).update(due_date="2020-01-02")
    staff_client.get("/en/backoffice/inquiries/")  # session and permissions warmed up
    with django_assert_num_queries(6):
        response = staff_client.get("/en/backoffice/inquiries/")
    rows = response.content.decode().split('data-inquiry="')[1:]
    # Overdue first; then by deadline (the same here), the latest received first.
    assert [int(row.split('"', 1)[0]) for row in rows] == [inquiries[2].pk, inquiries[1].pk, inquiries[0].pk]
    received(body="One more about schooling for my children", email="q@example.org")
    with django_assert_num_queries(6):
        staff_client.get("/en/backoffice/inquiries/?status=received&category=inquiry")


def test_the_queue_is_not_there_for_people_without_the_role(client: Client) -> None:
    client.force_login(UserFactory())
    assert client.get("/en/backoffice/inquiries/").status_code == 404


def test_four_eyes_on_the_back_office_pages(staff_client: Client, staff: Any) -> None:
    inquiry = received()
    url = f"/en/backoffice/inquiries/{inquiry.pk}/"
    assert staff_client.post(url + "draft/", {"answer": "Yes."}).status_code == 302
    assert staff_client.post(url + "approve/").status_code == 400
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.IN_REVIEW
    second = staff_client_with_second_factor(staff_user())
    assert second.post(url + "approve/").status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    assert second.post(url + "faq/").status_code == 302


def test_staff_open_an_attachment_that_others_cannot(client: Client, staff_client: Client) -> None:
    from tests.cases import pdf_bytes

    upload = SimpleUploadedFile("contract.pdf", pdf_bytes("Contract"), content_type="application/pdf")
    client.post("/en/inquiries/", {**form(), "attachment": upload})
    client.post(link_in_last_email("minji@example.org", "confirm"))
    inquiry = Inquiry.objects.get()
    url = f"/en/backoffice/inquiries/{inquiry.pk}/attachments/{inquiry.attachments.get().pk}/"
    assert url in staff_client.get(f"/en/backoffice/inquiries/{inquiry.pk}/").content.decode()
    response = staff_client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_the_staff_dashboard_counts_petitions_to_handle(staff_client: Client) -> None:
    inquiry = received()
    Inquiry.objects.filter(pk=inquiry.pk).update(due_date="2020-01-02")
    page = staff_client.get("/en/dashboard/").content.decode()
    assert "1 past their deadline, 0 due within two days, 1 without an assignee, 0 answers waiting" in page
