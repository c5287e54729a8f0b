"""The events pages: the public list and event page, a talent's registration and "My events", a
company's booth, in Korean and English; refused input changes nothing and is told in the page's
language."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talentcenter.events.enums import EventKind, EventStatus, RegistrationStatus
from talentcenter.events.models import BoothRegistration, Event, EventSession, TalentRegistration
from talentcenter.events.services import registrations as registration_services
from talentcenter.events.tests import support
from talentcenter.events.times import in_zones
from talentcenter.jobs.tests.talent_support import opening
from talentcenter.reference.models import Industry
from tests.factories import MembershipFactory, TalentProfileFactory

pytestmark = pytest.mark.django_db

NEW_YORK_START = datetime.datetime(2027, 3, 9, 15, 0, tzinfo=datetime.UTC)  # 10:00 EST, 00:00 KST next day


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_times_show_the_venue_zone_with_korea_time_in_each_language() -> None:
    from django.utils import translation

    with translation.override("en"):
        assert in_zones(NEW_YORK_START, "America/New_York") == "9 Mar 2027, 10:00 EST (Wed 10 Mar 00:00 KST)"
        assert in_zones(NEW_YORK_START, "Asia/Singapore") == "9 Mar 2027, 23:00 UTC+8 (Wed 10 Mar 00:00 KST)"
        assert in_zones(NEW_YORK_START, "Asia/Seoul") == "10 Mar 2027, 00:00 KST"
    with translation.override("ko"):
        assert in_zones(NEW_YORK_START, "America/New_York") == "2027년 3월 9일 10:00 EST (3월 10일 (수) 00:00 KST)"


def test_the_list_filters_by_kind_and_city_and_costs_the_same_queries_for_more_events() -> None:
    # Given a fair in Seoul, a roadshow in London, a draft and a past fair
    support.event(slug="seoul-fair")
    support.event(slug="london", kind=EventKind.ROADSHOW, city="London", time_zone="Europe/London")
    support.event(slug="hidden-draft", status=EventStatus.DRAFT)
    now = timezone.now()
    support.event(
        slug="old-fair",
        starts_at=now - datetime.timedelta(days=30),
        ends_at=now - datetime.timedelta(days=29),
        registration_opens_at=now - datetime.timedelta(days=60),
        registration_closes_at=now - datetime.timedelta(days=31),
    )
    client = Client()

    # When the list is read in each language and with filters
    english = client.get("/en/events/").content.decode()
    korean = client.get("/ko/events/").content.decode()
    roadshows = client.get("/en/events/?kind=roadshow").content.decode()
    london = client.get("/en/events/?city=London").content.decode()
    past = client.get("/en/events/?when=past").content.decode()

    # Then upcoming public events show, drafts never, and the filters keep what they say
    assert 'data-event="seoul-fair"' in english and 'data-event="london"' in english
    assert "hidden-draft" not in english and 'data-event="old-fair"' not in english
    assert "행사" in korean and 'data-event="seoul-fair"' in korean
    assert 'data-event="london"' in roadshows and 'data-event="seoul-fair"' not in roadshows
    assert 'data-event="london"' in london and 'data-event="seoul-fair"' not in london
    assert 'data-event="old-fair"' in past and 'data-event="seoul-fair"' not in past

    # And the number of queries does not grow with the events on the page
    with CaptureQueriesContext(connection) as few:
        client.get("/en/events/?when=all")
    for number in range(6):
        event = support.event(slug=f"more-{number}")
        event.target_industries.set(Industry.objects.all()[:2])
        registration_services.talent_register(actor=TalentProfileFactory().user, event=event)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/en/events/?when=all")
    assert response.content.decode().count("data-event=") == 9
    assert len(many) == len(few)


def test_an_event_page_shows_the_venue_time_with_korea_time_and_the_places(settings: object) -> None:
    event = support.event(
        slug="new-york",
        kind=EventKind.ROADSHOW,
        city="New York",
        country="US",
        time_zone="America/New_York",
        starts_at=NEW_YORK_START,
        ends_at=NEW_YORK_START + datetime.timedelta(hours=7),
        registration_closes_at=NEW_YORK_START - datetime.timedelta(days=1),
        talent_capacity=1,
    )
    EventSession.objects.create(
        event=event, title_en="Interviews", title_ko="면접", starts_at=NEW_YORK_START, ends_at=event.ends_at
    )
    registration_services.talent_register(actor=TalentProfileFactory().user, event=event)

    english = Client().get("/en/events/new-york/").content.decode()
    korean = Client().get("/ko/events/new-york/").content.decode()

    assert "9 Mar 2027, 10:00 EST (Wed 10 Mar 00:00 KST)" in english
    assert "2027년 3월 9일 10:00 EST (3월 10일 (수) 00:00 KST)" in korean
    assert "Interviews" in english and "면접" in korean
    assert "0 seats left" in english
    assert "Join the waiting list" not in english  # anonymous: sign in first
    assert "Sign in to register" in english
    assert "local-times.js" not in english


def test_an_online_event_shows_korea_time_and_a_script_rewrites_it_in_the_viewers_zone() -> None:
    support.event(
        slug="webinar", kind=EventKind.SEMINAR, venue_name="", city="", online_url="https://meet.example.org/x"
    )
    page = Client().get("/en/events/webinar/").content.decode()
    assert "data-local" in page and "KST" in page
    assert "events/local-times.js" in page and "<script>" not in page
    assert "https://meet.example.org/x" not in page  # the link is for confirmed people only


def test_drafts_are_missing_for_the_public_and_shown_to_staff(staff_client: Client) -> None:
    support.event(slug="draft", status=EventStatus.DRAFT)
    assert Client().get("/en/events/draft/").status_code == 404
    assert staff_client.get("/en/events/draft/").status_code == 200


def test_a_talent_registers_with_a_screening_answer_and_sees_it_in_my_events() -> None:
    event = support.event(slug="fair", questions=(("When could you start?", True),))
    industry = Industry.objects.get(scheme="ktech_pass", code="semiconductor")
    event.target_industries.set([industry])
    profile = TalentProfileFactory()
    profile.desired_industries.set([industry])
    client = signed_in(profile.user)
    question = event.screening_questions.get()

    response = client.post("/en/events/fair/register/", {f"answer_{question.pk}": "In May"}, follow=True)

    registration = TalentRegistration.objects.get(event=event, profile=profile)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.screening_answers == {str(question.pk): "In May"}
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/en/events/my/"
    assert "Your seat is confirmed." in page
    assert "Desired industries include Semiconductor." in page
    assert ">fit<" not in page and "no_fit" not in page


def test_a_missing_required_answer_is_refused_in_korean_and_registers_nothing() -> None:
    event = support.event(slug="fair", questions=(("When could you start?", True),))
    client = signed_in(TalentProfileFactory().user)

    response = client.post("/ko/events/fair/register/", {})

    assert response.status_code == 200
    assert "등록하려면 이 질문에 답하세요." in response.content.decode()
    assert not TalentRegistration.objects.filter(event=event).exists()


def test_a_talent_confirms_an_offered_place_and_cancels() -> None:
    event = support.event(slug="fair", talent_capacity=1)
    first, second = TalentProfileFactory(), TalentProfileFactory()
    held = registration_services.talent_register(actor=first.user, event=event)
    waiting = registration_services.talent_register(actor=second.user, event=event)
    page = signed_in(second.user).get("/en/events/my/").content.decode()
    assert "You are number 1 on the waiting list" in page

    registration_services.registration_cancel(actor=first.user, registration=held)
    client = signed_in(second.user)
    assert "Confirm my place" in client.get("/en/events/my/").content.decode()
    client.post(f"/en/events/my/{waiting.pk}/confirm/")
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED

    client.post(f"/en/events/my/{waiting.pk}/cancel/")
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CANCELLED
    # Someone else's registration is missing
    assert signed_in(first.user).post(f"/en/events/my/{waiting.pk}/confirm/").status_code == 404


def test_a_company_books_a_booth_with_its_openings_and_bad_input_changes_nothing() -> None:
    event = support.event(slug="fair")
    membership = MembershipFactory()
    job = opening(membership.company)
    client = signed_in(membership.user)
    url = f"/ko/events/fair/booth/{membership.company.pk}/"
    assert membership.company.name in client.get("/en/events/fair/").content.decode()

    refused = client.post(url, {"openings": [str(job.pk)], "interviewers_per_slot": "0"})
    assert refused.status_code == 200
    assert "1 이상의 값을 입력해 주세요." in refused.content.decode()
    assert not BoothRegistration.objects.exists()

    client.post(url, {"openings": [str(job.pk)], "interviewers_per_slot": "3"})
    booth = BoothRegistration.objects.get(event=event, company=membership.company)
    assert booth.interviewers_per_slot == 3 and list(booth.openings.all()) == [job]
    assert event.title_en in client.get("/en/events/booths/").content.decode()

    client.post(f"/en/events/booths/{booth.pk}/", {"openings": [], "interviewers_per_slot": "2"})
    booth.refresh_from_db()
    assert booth.interviewers_per_slot == 2 and not booth.openings.exists()

    # Another company's member finds nothing of it
    stranger = signed_in(MembershipFactory().user)
    assert stranger.post(f"/en/events/booths/{booth.pk}/cancel/").status_code == 404
    assert (
        stranger.post(f"/en/events/fair/booth/{membership.company.pk}/", {"interviewers_per_slot": "1"}).status_code
        == 404
    )
    client.post(f"/en/events/booths/{booth.pk}/cancel/")
    booth.refresh_from_db()
    assert booth.status == RegistrationStatus.CANCELLED


def test_who_may_open_the_talent_and_company_pages(client: Client) -> None:
    support.event(slug="fair")
    anonymous = client.get("/en/events/my/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert signed_in(MembershipFactory().user).get("/en/events/my/").status_code == 200
    assert signed_in(TalentProfileFactory().user).get("/en/events/booths/").status_code == 403
    assert signed_in(MembershipFactory().user).get("/en/events/fair/register/").status_code == 403
    assert Event.objects.count() == 1


def test_a_session_shows_its_span_in_the_venue_zone_and_in_korea() -> None:
    from talentcenter.events.times import span

    end = NEW_YORK_START + datetime.timedelta(minutes=45)
    assert span(NEW_YORK_START, end, "America/New_York") == "Tue 9 Mar 10:00–10:45 EST (Wed 10 Mar 00:00–00:45 KST)"
    assert span(NEW_YORK_START, end, "Asia/Seoul") == "Wed 10 Mar 00:00–00:45 KST"
