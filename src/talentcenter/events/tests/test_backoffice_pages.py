"""The staff's event pages: list, create and edit with sessions and questions, publish, cancel
with a reason, the registrations and their CSV export; refused input changes nothing."""

from __future__ import annotations

import csv
import datetime
import io
import zoneinfo
from typing import Any

import pytest
from django.test import Client

from talentcenter.audit.models import AuditEvent
from talentcenter.events.enums import EventStatus, RegistrationStatus
from talentcenter.events.models import Event, TalentRegistration
from talentcenter.events.services import registrations as registration_services
from talentcenter.events.tests import support
from talentcenter.reference.models import Industry
from tests.factories import MembershipFactory, TalentProfileFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "slug": "london-roadshow",
        "kind": "roadshow",
        "title_en": "Roadshow: London",
        "title_ko": "로드쇼: 런던",
        "venue_name": "ExCeL London",
        "city": "London",
        "country": "GB",
        "time_zone": "Europe/London",
        "starts_at": "2030-06-10T10:00",
        "ends_at": "2030-06-10T17:00",
        "talent_capacity": "100",
        "company_capacity": "10",
        "registration_opens_at": "2030-05-01T09:00",
        "registration_closes_at": "2030-06-07T18:00",
        "offer_hours": "48",
        "target_industries": [str(Industry.objects.get(scheme="ktech_pass", code="bio").pk)],
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "0",
        "sessions-0-title_en": "Interviews",
        "sessions-0-starts_at": "2030-06-10T11:00",
        "sessions-0-ends_at": "2030-06-10T12:30",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-text_en": "Which role?",
        "questions-0-required": "on",
    }
    data.update(overrides)
    return data


def test_staff_create_an_event_in_the_venues_time_zone_then_publish_it(staff_client: Client) -> None:
    response = staff_client.post("/en/backoffice/events/new/", form_data())

    event = Event.objects.get(slug="london-roadshow")
    assert response.status_code == 302 and response["Location"] == f"/en/backoffice/events/{event.pk}/"
    assert event.status == EventStatus.DRAFT
    london = zoneinfo.ZoneInfo("Europe/London")
    assert event.starts_at == datetime.datetime(2030, 6, 10, 10, 0, tzinfo=london)
    assert [session.title_en for session in event.sessions.all()] == ["Interviews"]
    assert event.sessions.get().starts_at == datetime.datetime(2030, 6, 10, 11, 0, tzinfo=london)
    assert [(question.text_en, question.required) for question in event.screening_questions.all()] == [
        ("Which role?", True)
    ]
    assert [industry.code for industry in event.target_industries.all()] == ["bio"]

    page = staff_client.get(f"/en/backoffice/events/{event.pk}/").content.decode()
    assert "10 Jun 2030, 10:00 BST (Mon 10 Jun 18:00 KST)" in page
    edit = staff_client.get(f"/ko/backoffice/events/{event.pk}/edit/").content.decode()
    assert 'value="2030-06-10T10:00"' in edit

    staff_client.post(f"/en/backoffice/events/{event.pk}/publish/")
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert "Roadshow: London" in staff_client.get("/en/backoffice/events/").content.decode()


def test_bad_input_is_told_in_korean_and_creates_nothing(staff_client: Client) -> None:
    before = AuditEvent.objects.count()
    response = staff_client.post(
        "/ko/backoffice/events/new/",
        form_data(ends_at="2030-06-10T09:00", time_zone="Mars/Olympus", **{"sessions-1-title_en": "No time"}),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "올바르게 선택해 주세요" in page  # the unknown time zone
    assert "세션 시간을 입력하세요." in page
    assert not Event.objects.exists() and AuditEvent.objects.count() == before

    # A service refusal (the event ends before it starts) lands beside its field, in Korean
    response = staff_client.post("/ko/backoffice/events/new/", form_data(ends_at="2030-06-10T09:00"))
    assert "행사 종료 일시는 시작 일시보다 뒤여야 합니다." in response.content.decode()
    assert not Event.objects.exists()


def test_cancel_needs_a_reason_then_tells_everyone(staff_client: Client) -> None:
    event = support.event(slug="fair")
    registration = registration_services.talent_register(actor=TalentProfileFactory().user, event=event)

    staff_client.post(f"/en/backoffice/events/{event.pk}/cancel/", {"reason": ""})
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED

    staff_client.post(f"/en/backoffice/events/{event.pk}/cancel/", {"reason": "The venue is closed."})
    event.refresh_from_db()
    registration.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.cancel_reason == "The venue is closed."
    assert registration.status == RegistrationStatus.CANCELLED


def test_the_registrations_export_neutralises_formulas(staff_client: Client) -> None:
    event = support.event(slug="fair")
    profile = TalentProfileFactory(given_name="=HYPERLINK(1)", family_name="Kim")
    registration_services.talent_register(actor=profile.user, event=event)

    page = staff_client.get(f"/en/backoffice/events/{event.pk}/").content.decode()
    assert "Confirmed" in page
    response = staff_client.get(f"/en/backoffice/events/{event.pk}/registrations.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Arrival", "Name", "E-mail", "Status"]
    assert rows[1][0] == "1" and rows[1][1].startswith("'=") and rows[1][3] == "Confirmed"
    assert staff_client.get(f"/en/backoffice/events/{event.pk}/booths.csv").status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "talent", "company"])
def test_only_staff_open_the_back_office_pages(who: str) -> None:
    event = support.event(slug="fair")
    client = Client()
    if who == "talent":
        client.force_login(TalentProfileFactory().user)
    elif who == "company":
        client.force_login(MembershipFactory().user)
    for path in ("", "new/", f"{event.pk}/", f"{event.pk}/edit/", f"{event.pk}/registrations.csv"):
        response = client.get(f"/en/backoffice/events/{path}")
        assert response.status_code in ((302,) if who == "anonymous" else (404,)), path
    client.post(f"/en/backoffice/events/{event.pk}/cancel/", {"reason": "x"})
    client.post("/en/backoffice/events/new/", form_data())
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and Event.objects.count() == 1
    assert not TalentRegistration.objects.exists()


def test_the_staff_list_costs_the_same_queries_for_more_events(staff_client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    support.event(slug="first")
    with CaptureQueriesContext(connection) as few:
        staff_client.get("/en/backoffice/events/")
    for number in range(4):
        event = support.event(slug=f"more-{number}", status=EventStatus.DRAFT if number % 2 else EventStatus.PUBLISHED)
        if number % 2 == 0:
            registration_services.talent_register(actor=TalentProfileFactory().user, event=event)
    with CaptureQueriesContext(connection) as many:
        page = staff_client.get("/en/backoffice/events/").content.decode()
    assert page.count("data-event=") == 5
    assert len(many) == len(few)
