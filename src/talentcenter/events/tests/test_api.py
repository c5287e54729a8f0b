"""The events API: the public list and its filters, a talent's registration through to a confirmed
offer, booths, staff's events, errors in the contract (never a 500), and the authorization matrix
(a refused call changes nothing and writes no audit event)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from talentcenter.audit.models import AuditEvent
from talentcenter.events.enums import EventKind, EventStatus
from talentcenter.events.models import BoothRegistration, Event, TalentRegistration
from talentcenter.events.tests.support import event, talents
from talentcenter.jobs.tests.talent_support import opening
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.reference.models import Industry
from tests.api import ApiClient, token_for
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_public_list_filters_by_kind_city_industry_and_upcoming(anonymous: ApiClient):
    semiconductor = Industry.objects.get(scheme="ktech_pass", code="semiconductor")
    seoul = event(slug="coex")
    seoul.target_industries.set([semiconductor])
    now = timezone.now()
    event(slug="ny", kind=EventKind.ROADSHOW, city="New York", time_zone="America/New_York")
    event(slug="draft", status=EventStatus.DRAFT)
    event(
        slug="past",
        starts_at=now - datetime.timedelta(days=10),
        ends_at=now - datetime.timedelta(days=9),
        registration_opens_at=now - datetime.timedelta(days=40),
        registration_closes_at=now - datetime.timedelta(days=11),
    )

    def slugs(query: str) -> list[str]:
        response = anonymous.get(f"events{query}")
        assert response.status_code == 200, response.content
        return [item["slug"] for item in response.json()["items"]]

    assert sorted(slugs("")) == ["coex", "ny", "past"]
    assert slugs("?kind=roadshow") == ["ny"]
    assert slugs("?city=new%20york") == ["ny"]
    assert slugs("?industry=semiconductor") == ["coex"]
    assert sorted(slugs("?upcoming=true")) == ["coex", "ny"]
    assert slugs("?upcoming=false") == ["past"]
    assert anonymous.get("events?kind=party").status_code == 422


def test_the_detail_gives_venue_and_korean_times_and_hides_the_online_link(anonymous: ApiClient):
    starts = datetime.datetime(2027, 3, 2, 14, 0, tzinfo=datetime.UTC)
    fair = event(
        slug="ny",
        city="New York",
        time_zone="America/New_York",
        online_url="https://meet.example.org/ny",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
    )

    body = anonymous.get(f"events/{fair.pk}").json()

    assert body["starts_at_local"] == "2027-03-02T09:00:00-05:00"
    assert body["starts_at_kst"] == "2027-03-02T23:00:00+09:00"
    assert body["online_url"] == ""
    assert body["places"] == {"seats_left": 3, "waiting": 0, "booths_left": 2, "booths_waiting": 0}


def test_a_talent_registers_cancels_and_the_next_confirms_the_offer():
    fair = event(talent_capacity=1, questions=(("Why?", True),))
    question = fair.screening_questions.get()
    first, second = (ApiClient(token=token_for(profile.user)) for profile in talents(2))

    missing = first.post(f"events/{fair.pk}/registrations", {})
    registered = first.post(f"events/{fair.pk}/registrations", {"screening_answers": {str(question.pk): "HBM"}})
    twice = first.post(f"events/{fair.pk}/registrations", {"screening_answers": {str(question.pk): "HBM"}})
    waiting = second.post(f"events/{fair.pk}/registrations", {"screening_answers": {str(question.pk): "AI"}})

    assert missing.status_code == 422 and missing.json()["fields"] == {
        "screening_answers": ["Answer the question “Why?”."]
    }
    assert (registered.status_code, registered.json()["status"]) == (201, "confirmed")
    assert (twice.status_code, twice.json()["code"]) == (409, "conflict")
    assert (waiting.json()["status"], waiting.json()["waiting_position"]) == ("waitlisted", 1)

    cancelled = first.post(f"me/events/{registered.json()['id']}/cancel")
    offered = second.get(f"me/events/{waiting.json()['id']}").json()
    confirmed = second.post(f"me/events/{waiting.json()['id']}/confirm")
    again = second.post(f"me/events/{waiting.json()['id']}/confirm")

    assert cancelled.json()["status"] == "cancelled"
    assert offered["status"] == "offered" and offered["can_confirm"] and offered["offer_expires_at"]
    assert confirmed.json()["status"] == "confirmed"
    assert again.status_code == 409
    mine = second.get("me/events").json()
    assert [row["status"] for row in mine] == ["confirmed"]
    assert second.get(f"events/{fair.pk}").json()["online_url"] == ""  # a venue event has none


def test_a_company_registers_a_booth_with_its_own_openings_only(company_member: Any):
    fair = event(company_capacity=1)
    company = company_member.memberships.get().company
    own, foreign = opening(company), opening(CompanyFactory())
    client = ApiClient(token=token_for(company_member))

    refused = client.post(f"events/{fair.pk}/booths", {"company_id": company.pk, "opening_ids": [own.pk, foreign.pk]})
    created = client.post(
        f"events/{fair.pk}/booths", {"company_id": company.pk, "opening_ids": [own.pk], "interviewers_per_slot": 3}
    )
    changed = client.patch(f"events/booths/{created.json()['id']}", {"interviewers_per_slot": 2})

    assert refused.status_code == 422 and str(foreign.pk) in refused.json()["fields"]["opening_ids"][0]
    assert created.status_code == 201
    assert (created.json()["status"], created.json()["opening_ids"]) == ("confirmed", [own.pk])
    assert changed.json()["interviewers_per_slot"] == 2
    assert [row["id"] for row in client.get("events/booths").json()] == [created.json()["id"]]


def _event_body(**overrides: Any) -> dict[str, Any]:
    return {
        "slug": "roadshow-london-2027",
        "kind": "roadshow",
        "title_en": "Korea Tech Roadshow London",
        "title_ko": "런던 한국 기술 로드쇼",
        "venue_name": "ExCeL",
        "city": "London",
        "country": "GB",
        "time_zone": "Europe/London",
        "starts_at": "2027-05-10T09:00:00+01:00",
        "ends_at": "2027-05-10T17:00:00+01:00",
        "registration_opens_at": "2027-03-01T00:00:00+09:00",
        "registration_closes_at": "2027-05-08T00:00:00+09:00",
        "talent_capacity": 300,
        "company_capacity": 20,
        "target_industries": [Industry.objects.get(scheme="ktech_pass", code="ai").pk],
        "sessions": [
            {
                "title_en": "Interviews",
                "starts_at": "2027-05-10T09:00:00+01:00",
                "ends_at": "2027-05-10T12:00:00+01:00",
            },
            {
                "title_en": "Lunch",
                "starts_at": "2027-05-10T12:00:00+01:00",
                "ends_at": "2027-05-10T13:00:00+01:00",
                "is_break": True,
            },
        ],
        "screening_questions": [{"text_en": "Which team?", "text_ko": "어느 팀입니까?", "required": True}],
        **overrides,
    }


def test_staff_create_publish_and_cancel_an_event(staff_api: ApiClient):
    created = staff_api.post("staff/events", _event_body())
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["starts_at_local"], len(body["sessions"])) == (
        "draft",
        "2027-05-10T09:00:00+01:00",
        2,
    )
    event_id = body["id"]

    published = staff_api.post(f"staff/events/{event_id}/publish")
    twice = staff_api.post(f"staff/events/{event_id}/publish")
    lowered = staff_api.patch(f"staff/events/{event_id}", {"talent_capacity": 100, "city": "Manchester"})
    cancelled = staff_api.post(f"staff/events/{event_id}/cancel", {"reason": "The venue closed."})

    assert published.json()["status"] == "published"
    assert twice.status_code == 409
    assert lowered.json()["talent_capacity"] == 100 and lowered.json()["city"] == "Manchester"
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == ("cancelled", "The venue closed.")
    assert list(
        AuditEvent.objects.filter(subject_type="events.event").values_list("action", flat=True).order_by("pk")
    ) == [
        "events.event_created",
        "events.event_published",
        "events.event_updated",
        "events.event_cancelled",
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": "2027-05-10T09:00:00"}, "starts_at"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"venue_name": "", "online_url": ""}, "venue_name"),
        ({"ends_at": "2027-05-09T09:00:00+01:00"}, "ends_at"),
        ({"online_url": "not a link"}, "online_url"),
        ({"target_industries": [987654]}, "target_industries"),
        ({"talent_capacity": "300"}, "talent_capacity"),
        ({"slug": "has spaces"}, "slug"),
        (
            {
                "sessions": [
                    {"title_en": "x", "starts_at": "2030-01-01T00:00:00+00:00", "ends_at": "2030-01-01T01:00:00+00:00"}
                ]
            },
            "sessions",
        ),
    ],
)
def test_staff_get_a_field_error_for_bad_input_never_a_500(staff_api: ApiClient, overrides: dict[str, Any], field: str):
    response = staff_api.post("staff/events", _event_body(**overrides))

    assert response.status_code == 422, response.content
    assert any(key.startswith(field) or key.endswith(field) for key in response.json()["fields"]), response.json()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "x",
        {"screening_answers": []},
        {"screening_answers": {"1": 5}},
        {"other": 1},
        {"screening_answers": {"1": "a\x00"}},
    ],
)
def test_odd_registration_bodies_are_answered_in_the_contract(talent_api: ApiClient, body: Any):
    fair = event()

    response = talent_api.post(f"events/{fair.pk}/registrations", body)

    assert response.status_code in {400, 422}, response.content
    assert set(response.json()) == {"code", "message", "fields"}
    assert not TalentRegistration.objects.exists()


# --- Authorization matrix ---------------------------------------------------------------------
ACTORS = ("anonymous", "talent", "other_talent", "company_member", "other_company_member", "pending_member", "staff")


@pytest.fixture
def world(talent: Any, other_talent: Any, company_member: Any, other_company_member: Any, staff: Any) -> dict[str, Any]:
    """A published fair with a talent's seat and a company's booth, a draft, and every kind of caller."""
    fair = event(talent_capacity=5, company_capacity=5)
    draft = event(status=EventStatus.DRAFT)
    from talentcenter.events.services.booths import booth_register
    from talentcenter.events.services.registrations import talent_register

    registration = talent_register(actor=talent, event=fair)
    company = company_member.memberships.get().company
    booth = booth_register(actor=company_member, event=fair, company=company)
    pending = MembershipFactory(company=CompanyFactory(status=CompanyStatus.PENDING)).user
    clients = {
        "anonymous": ApiClient(),
        "talent": ApiClient(token=token_for(talent)),
        "other_talent": ApiClient(token=token_for(other_talent)),
        "company_member": ApiClient(token=token_for(company_member)),
        "other_company_member": ApiClient(token=token_for(other_company_member)),
        "pending_member": ApiClient(token=token_for(pending)),
        "staff": ApiClient(token=token_for(staff)),
    }
    ids = {
        "event": fair.pk,
        "draft": draft.pk,
        "registration": registration.pk,
        "booth": booth.pk,
        "company": company.pk,
        "pending_company": pending.memberships.get().company_id,
    }
    return {"clients": clients, "ids": ids}


def expect(**statuses: int) -> dict[str, int]:
    assert set(statuses) == set(ACTORS), set(ACTORS) ^ set(statuses)
    return statuses


STAFF_ONLY = {
    "anonymous": 401,
    "talent": 403,
    "other_talent": 403,
    "company_member": 403,
    "other_company_member": 403,
    "pending_member": 403,
}
OWN_SEAT = {
    "anonymous": 401,
    "other_talent": 404,
    "company_member": 404,
    "other_company_member": 404,
    "pending_member": 404,
    "staff": 404,
}
OWN_BOOTH = {
    "anonymous": 401,
    "talent": 404,
    "other_talent": 404,
    "other_company_member": 404,
    "pending_member": 404,
    "staff": 404,
}

MATRIX: list[tuple[str, str, str, Any, dict[str, int]]] = [
    ("read a draft", "GET", "events/{draft}", None, expect(**dict.fromkeys(ACTORS[:6], 404), staff=200)),
    (
        "register for a draft",
        "POST",
        "events/{draft}/registrations",
        {},
        expect(anonymous=401, **dict.fromkeys(ACTORS[1:6], 404), staff=403),
    ),
    (
        "register for an event",
        "POST",
        "events/{event}/registrations",
        {},
        # the talent is registered already; companies and staff have no talent profile
        expect(
            anonymous=401,
            talent=409,
            other_talent=201,
            company_member=403,
            other_company_member=403,
            pending_member=403,
            staff=403,
        ),
    ),
    ("read my registration", "GET", "me/events/{registration}", None, expect(**OWN_SEAT, talent=200)),
    ("cancel my registration", "POST", "me/events/{registration}/cancel", None, expect(**OWN_SEAT, talent=200)),
    ("confirm my registration", "POST", "me/events/{registration}/confirm", None, expect(**OWN_SEAT, talent=409)),
    (
        "register a booth for my company",
        "POST",
        "events/{event}/booths",
        {"company_id": "{company}"},
        expect(
            anonymous=401,
            talent=404,
            other_talent=404,
            company_member=409,
            other_company_member=404,
            pending_member=404,
            staff=404,
        ),
    ),
    (
        "register a booth for a pending company",
        "POST",
        "events/{event}/booths",
        {"company_id": "{pending_company}"},
        expect(
            anonymous=401,
            talent=404,
            other_talent=404,
            company_member=404,
            other_company_member=404,
            pending_member=403,
            staff=404,
        ),
    ),
    (
        "change a booth",
        "PATCH",
        "events/booths/{booth}",
        {"interviewers_per_slot": 4},
        expect(**OWN_BOOTH, company_member=200),
    ),
    ("cancel a booth", "POST", "events/booths/{booth}/cancel", None, expect(**OWN_BOOTH, company_member=200)),
    ("confirm a booth", "POST", "events/booths/{booth}/confirm", None, expect(**OWN_BOOTH, company_member=409)),
    ("list all events", "GET", "staff/events", None, expect(**STAFF_ONLY, staff=200)),
    ("create an event", "POST", "staff/events", {}, expect(**STAFF_ONLY, staff=422)),
    ("change an event", "PATCH", "staff/events/{event}", {"city": "Busan"}, expect(**STAFF_ONLY, staff=200)),
    ("publish an event", "POST", "staff/events/{draft}/publish", None, expect(**STAFF_ONLY, staff=200)),
    ("cancel an event", "POST", "staff/events/{event}/cancel", {"reason": "Storm."}, expect(**STAFF_ONLY, staff=200)),
    ("list registrations", "GET", "staff/events/{event}/registrations", None, expect(**STAFF_ONLY, staff=200)),
    ("list booths", "GET", "staff/events/{event}/booths", None, expect(**STAFF_ONLY, staff=200)),
    (
        "cancel a registration",
        "POST",
        "staff/events/registrations/{registration}/cancel",
        None,
        expect(**STAFF_ONLY, staff=200),
    ),
    ("cancel a booth (staff)", "POST", "staff/events/booths/{booth}/cancel", None, expect(**STAFF_ONLY, staff=200)),
]


def _state() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        list(Event.objects.order_by("pk").values()),
        list(TalentRegistration.objects.order_by("pk").values()),
        list(BoothRegistration.objects.order_by("pk").values()),
    )


def _fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    return value


@pytest.mark.parametrize("actor", ACTORS)
def test_authorization_matrix(world: dict[str, Any], actor: str):
    """Every restricted endpoint for one caller, each call in a savepoint rolled back after it, so
    that the world is built once per caller, not once per call."""
    for name, method, path, body, expected in MATRIX:
        with transaction.atomic():
            before = _state()

            response = world["clients"][actor].request(method, path.format(**world["ids"]), _fill(body, world["ids"]))

            assert response.status_code == expected[actor], (name, response.content)
            if response.status_code >= 400:
                assert set(response.json()) == {"code", "message", "fields"}, name
                assert _state() == before, name
            transaction.set_rollback(True)


def test_a_number_sent_as_null_is_refused_and_a_text_sent_as_null_is_cleared(staff_api: ApiClient):
    fair = event(summary_en="Meet 400 companies.")

    refused = staff_api.patch(f"staff/events/{fair.pk}", {"talent_capacity": None})
    cleared = staff_api.patch(f"staff/events/{fair.pk}", {"summary_en": None})

    assert (refused.status_code, list(refused.json()["fields"])) == (422, ["talent_capacity"])
    assert (cleared.status_code, cleared.json()["summary_en"]) == (200, "")
