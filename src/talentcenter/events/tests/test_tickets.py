"""Tickets and check-in: the code's check character catches typos; a confirmed place (a seat or a
booth, confirmed at once or from the waiting list) gets a ticket; checking in twice is harmless and
audited once (also with two staff at once, on PostgreSQL); a ticket of another event, of a place
not confirmed, a typo or an unknown code is refused and changes nothing; the staff page shows the
counts; who may see a ticket and check one in (pages and API)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from talentcenter.audit.models import AuditEvent
from talentcenter.events import tickets
from talentcenter.events.enums import RegistrationStatus
from talentcenter.events.models import BoothRegistration, TalentRegistration
from talentcenter.events.services.booths import booth_register
from talentcenter.events.services.checkin import ticket_check_in
from talentcenter.events.services.registrations import registration_cancel, registration_confirm, talent_register
from talentcenter.events.tests.support import event, staff_user, talents
from talentcenter.notifications.models import Notification
from tests.api import ApiClient, token_for
from tests.concurrency import numbered_at_once
from tests.factories import MembershipFactory

CHECKED_IN = ("events.registration_checked_in", "events.booth_checked_in")


# --- The code ---------------------------------------------------------------------------------
payloads = st.text(alphabet=tickets.ALPHABET, min_size=tickets.RANDOM_LENGTH, max_size=tickets.RANDOM_LENGTH)


@settings(max_examples=60, deadline=None)
@given(payload=payloads, position=st.integers(0, tickets.CODE_LENGTH - 1), shift=st.integers(1, tickets.BASE - 1))
def test_every_single_typo_and_swap_of_neighbours_is_caught(payload: str, position: int, shift: int) -> None:
    code = payload + tickets.check_character(payload)
    assert tickets.clean_code(code) == code

    typo = list(code)
    typo[position] = tickets.ALPHABET[(tickets.ALPHABET.index(code[position]) + shift) % tickets.BASE]
    assert not tickets.has_valid_check("".join(typo))
    swapped = list(code)
    if position < tickets.CODE_LENGTH - 1 and {code[position], code[position + 1]} != {"0", "Z"}:
        swapped[position], swapped[position + 1] = swapped[position + 1], swapped[position]
        assert "".join(swapped) == code or not tickets.has_valid_check("".join(swapped))


def test_a_code_reads_as_typed_or_scanned_and_says_what_is_wrong() -> None:
    code = tickets.new_code()
    shown = tickets.formatted(code)
    assert len(code) == 10 and shown[5] == "-"
    readings = [shown.lower(), f"  {shown[:3]} {shown[3:]} ", tickets.check_in_address(7, code)]
    assert {tickets.clean_code(text) for text in readings} == {code}
    # O reads as 0, I and L as 1
    assert tickets.clean_code("0" * 9 + tickets.check_character("0" * 9)) == tickets.clean_code(
        "O" * 9 + tickets.check_character("0" * 9)
    )
    with pytest.raises(ValidationError) as short:
        tickets.clean_code("ABC-123")
    typo = code[:-1] + tickets.ALPHABET[(tickets.ALPHABET.index(code[-1]) + 1) % tickets.BASE]
    with pytest.raises(ValidationError) as mistyped:
        tickets.clean_code(typo)
    assert "not a ticket code" in short.value.message_dict["code"][0]
    assert "typo" in mistyped.value.message_dict["code"][0]


# --- Giving tickets and checking in -----------------------------------------------------------
@pytest.fixture
def door(db: Any) -> dict[str, Any]:
    """A fair with one seat and one booth: a talent holds the seat, a second waits, a company has
    the booth; and another fair where the first talent holds a seat too."""
    fair = event(talent_capacity=1, company_capacity=1)
    first, second = talents(2)
    seat = talent_register(actor=first.user, event=fair)
    waiting = talent_register(actor=second.user, event=fair)
    member = MembershipFactory().user
    booth = booth_register(actor=member, event=fair, company=member.memberships.get().company)
    other_fair = event()
    elsewhere = talent_register(actor=first.user, event=other_fair)
    return {
        "event": fair,
        "seat": seat,
        "waiting": waiting,
        "booth": booth,
        "member": member,
        "other_event": other_fair,
        "elsewhere": elsewhere,
        "staff": staff_user(),
    }


def _untouched() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.filter(action__in=CHECKED_IN).count(),
        sorted(TalentRegistration.objects.exclude(checked_in_at=None).values_list("pk", flat=True)),
        sorted(BoothRegistration.objects.exclude(checked_in_at=None).values_list("pk", flat=True)),
    )


def test_confirmed_places_get_a_ticket_and_a_waiting_one_gets_it_when_confirmed(door: dict[str, Any]) -> None:
    seat, waiting, booth = door["seat"], door["waiting"], door["booth"]
    assert tickets.has_valid_check(seat.ticket_code) and tickets.has_valid_check(booth.ticket_code)
    assert waiting.status == RegistrationStatus.WAITLISTED and waiting.ticket_code == ""

    registration_cancel(actor=seat.profile.user, registration=seat)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED and waiting.ticket_code == ""
    confirmed = registration_confirm(actor=waiting.profile.user, registration=waiting)

    assert tickets.has_valid_check(confirmed.ticket_code)
    codes = [seat.ticket_code, booth.ticket_code, confirmed.ticket_code, door["elsewhere"].ticket_code]
    assert len(set(codes)) == 4

    # Each confirmation tells its people the code and links to the ticket; the waiting list's does not
    for kind, registration, user, page in [
        ("events.registered", seat, seat.profile.user, f"/events/my/{seat.pk}/ticket/"),
        ("events.place_confirmed", confirmed, confirmed.profile.user, f"/events/my/{confirmed.pk}/ticket/"),
        ("events.booth_registered", booth, door["member"], f"/events/booths/{booth.pk}/ticket/"),
    ]:
        notice = Notification.objects.get(kind=kind, recipient=user, link=page)
        assert tickets.formatted(registration.ticket_code) in notice.body_en
        assert tickets.formatted(registration.ticket_code) in notice.body_ko
    on_the_list = Notification.objects.get(kind="events.registered", recipient=waiting.profile.user)
    assert "ticket" not in on_the_list.body_en and "/ticket/" not in on_the_list.link


def test_checking_in_twice_keeps_the_first_time_and_is_audited_once(door: dict[str, Any]) -> None:
    seat, booth, staff = door["seat"], door["booth"], door["staff"]
    at = door["event"].starts_at
    typed = tickets.formatted(seat.ticket_code).lower()

    first = ticket_check_in(actor=staff, event=door["event"], code=typed, now=at)
    again = ticket_check_in(
        actor=staff_user(), event=door["event"].pk, code=seat.ticket_code, now=at + datetime.timedelta(hours=1)
    )
    booth_in = ticket_check_in(actor=staff, event=door["event"], code=booth.ticket_code, now=at)

    assert (first.first, again.first, booth_in.first) == (True, False, True)
    seat.refresh_from_db()
    assert (seat.checked_in_at, seat.checked_in_by_id) == (at, staff.pk)
    assert again.checked_in_at == at
    assert sorted(AuditEvent.objects.filter(action__in=CHECKED_IN).values_list("action", "subject_id")) == [
        ("events.booth_checked_in", str(booth.pk)),
        ("events.registration_checked_in", str(seat.pk)),
    ]


def test_wrong_event_waiting_list_typo_unknown_code_and_non_staff_are_refused_and_change_nothing(
    door: dict[str, Any],
) -> None:
    seat, waiting, staff, fair = door["seat"], door["waiting"], door["staff"], door["event"]
    # The seat's talent cancels and registers again: the seat went to the next person, so they wait,
    # with the code their old ticket had.
    registration_cancel(actor=seat.profile.user, registration=seat)
    registration_confirm(actor=waiting.profile.user, registration=waiting)
    waiting_again = talent_register(actor=seat.profile.user, event=fair)
    assert waiting_again.status == RegistrationStatus.WAITLISTED and waiting_again.ticket_code == seat.ticket_code
    code = door["elsewhere"].ticket_code
    typo = code[:4] + tickets.ALPHABET[(tickets.ALPHABET.index(code[4]) + 3) % tickets.BASE] + code[5:]
    unknown = "0" * 9 + tickets.check_character("0" * 9)
    before = _untouched()

    refusals = {}
    for name, text in {
        "other event": code,
        "waiting list": waiting_again.ticket_code,
        "typo": typo,
        "not a code": "hello",
        "unknown": unknown,
    }.items():
        with pytest.raises(ValidationError) as refused:
            ticket_check_in(actor=staff, event=fair, code=text)
        refusals[name] = " ".join(refused.value.messages)
    with pytest.raises(PermissionDenied):
        ticket_check_in(actor=door["member"], event=fair, code=door["booth"].ticket_code)

    assert "another event" in refusals["other event"]
    assert "On the waiting list" in refusals["waiting list"]
    assert "typo" in refusals["typo"]
    assert "not a ticket code" in refusals["not a code"]
    assert "No ticket has this code" in refusals["unknown"]
    assert _untouched() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under load are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_staff_checking_in_the_same_ticket_at_once_record_one_check_in() -> None:
    fair = event()
    [profile] = talents(1)
    seat = talent_register(actor=profile.user, event=fair)
    staff = [staff_user(), staff_user()]

    results, errors = numbered_at_once(
        2, lambda number: ticket_check_in(actor=staff[number], event=fair.pk, code=seat.ticket_code)
    )

    assert errors == []
    assert sorted(result.first for result in results) == [False, True]
    assert len({result.checked_in_at for result in results}) == 1
    assert AuditEvent.objects.filter(action="events.registration_checked_in").count() == 1


# --- Pages and API ----------------------------------------------------------------------------
def _client(user: Any) -> Client:
    if user.is_back_office:
        return staff_client_with_second_factor(user)
    client = Client()
    client.force_login(user)
    return client


def test_only_the_holder_and_staff_see_a_ticket_and_only_staff_check_in(door: dict[str, Any]) -> None:
    seat, booth, fair = door["seat"], door["booth"], door["event"]
    talent, member, staff = seat.profile.user, door["member"], door["staff"]
    outsiders = [door["waiting"].profile.user, MembershipFactory().user]
    clients = {user.pk: _client(user) for user in (talent, member, staff, *outsiders)}
    pages = {
        f"/en/events/my/{seat.pk}/ticket/": talent,
        f"/en/events/my/{seat.pk}/ticket/qr.svg": talent,
        f"/en/events/my/{seat.pk}/ticket/ticket.png": talent,
        f"/en/events/booths/{booth.pk}/ticket/": member,
        f"/en/events/booths/{booth.pk}/ticket/ticket.png": member,
    }
    for path, holder in pages.items():
        for user in (holder, staff):
            assert clients[user.pk].get(path).status_code == 200, (path, user)
        for user in [*outsiders, member if holder == talent else talent]:
            assert clients[user.pk].get(path).status_code == 404, (path, user)
    png = clients[talent.pk].get(f"/en/events/my/{seat.pk}/ticket/ticket.png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert "no-store" in png["Cache-Control"]
    page = clients[talent.pk].get(f"/en/events/my/{seat.pk}/ticket/").content.decode()
    assert tickets.formatted(seat.ticket_code) in page
    # The waiting talent has no ticket yet: the page says why, the pictures are missing.
    waiting_user, waiting_client = door["waiting"].profile.user, clients[outsiders[0].pk]
    assert "There is no ticket" in waiting_client.get(f"/en/events/my/{door['waiting'].pk}/ticket/").content.decode()
    assert waiting_client.get(f"/en/events/my/{door['waiting'].pk}/ticket/ticket.png").status_code == 404

    # The API: the holder reads the ticket; only staff check in.
    own = ApiClient(token=token_for(talent)).get(f"me/events/{seat.pk}/ticket")
    assert own.status_code == 200 and own.json()["code"] == tickets.formatted(seat.ticket_code)
    assert ApiClient(token=token_for(member)).get(f"events/booths/{booth.pk}/ticket").status_code == 200
    assert ApiClient(token=token_for(outsiders[0])).get(f"me/events/{seat.pk}/ticket").status_code == 404
    assert ApiClient(token=token_for(outsiders[1])).get(f"events/booths/{booth.pk}/ticket").status_code == 404
    assert ApiClient(token=token_for(waiting_user)).get(f"me/events/{door['waiting'].pk}/ticket").status_code == 409
    body = {"code": own.json()["qr_payload"]}
    for user, status in ((talent, 403), (member, 403)):
        assert ApiClient(token=token_for(user)).post(f"staff/events/{fair.pk}/check-in", body).status_code == status
    refused_page = clients[talent.pk].post(f"/en/backoffice/events/{fair.pk}/check-in/", {"code": seat.ticket_code})
    assert refused_page.status_code == 404
    assert AuditEvent.objects.filter(action__in=CHECKED_IN).count() == 0

    staff_api = ApiClient(token=token_for(staff))
    answers = [staff_api.post(f"staff/events/{fair.pk}/check-in", body).json() for _ in range(2)]
    assert [answer["first_check_in"] for answer in answers] == [True, False]
    assert answers[1]["message"].startswith("Already checked in at")
    assert answers[0]["holder"] == seat.profile.full_name
    refused = staff_api.post(f"staff/events/{door['other_event'].pk}/check-in", body)
    assert refused.status_code == 409 and "another event" in refused.json()["message"]
    assert staff_api.post(f"staff/events/{fair.pk}/check-in", {"code": "nonsense"}).status_code == 422


def test_the_check_in_page_checks_in_typed_codes_and_the_event_page_counts_them(door: dict[str, Any]) -> None:
    fair, seat, booth = door["event"], door["seat"], door["booth"]
    staff = _client(door["staff"])
    url = f"/en/backoffice/events/{fair.pk}/check-in/"

    page = staff.get(url + f"?code={tickets.formatted(seat.ticket_code)}")
    assert "camera=(self)" in page["Permissions-Policy"] and "blob:" in page["Content-Security-Policy"]
    assert tickets.formatted(seat.ticket_code) in page.content.decode()
    first = staff.post(url, {"code": seat.ticket_code}).content.decode()
    again = staff.post(url, {"code": tickets.formatted(seat.ticket_code).lower()}).content.decode()
    staff.post(url, {"code": booth.ticket_code})
    refused = staff.post(url, {"code": door["elsewhere"].ticket_code})
    mistyped = staff.post(url, {"code": seat.ticket_code[:-1] + ("0" if seat.ticket_code[-1] != "0" else "1")})

    assert 'data-result="first"' in first and seat.profile.full_name in first
    assert 'data-result="again"' in again and "Already checked in at" in again
    assert refused.status_code == 409 and 'data-result="refused"' in refused.content.decode()
    assert mistyped.status_code == 400 and "typo" in mistyped.content.decode()
    detail = staff.get(f"/en/backoffice/events/{fair.pk}/").content.decode()
    assert "1 of 1 talents, 1 of 1 booths" in detail
