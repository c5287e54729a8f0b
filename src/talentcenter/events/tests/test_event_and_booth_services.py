"""Staff's events (validation, capacity changes, publishing, cancelling) and companies' booths
(members of a verified company only, their own openings, the same waiting list)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from talentcenter.audit.models import AuditEvent
from talentcenter.events.enums import EventKind, EventStatus, RegistrationStatus
from talentcenter.events.models import BoothRegistration, Event, TalentRegistration
from talentcenter.events.services.booths import booth_cancel, booth_confirm, booth_register
from talentcenter.events.services.events import event_cancel, event_create, event_publish, event_update
from talentcenter.events.services.registrations import talent_register
from talentcenter.events.tests.support import event, staff_user, talents
from talentcenter.jobs.enums import OpeningStatus
from talentcenter.jobs.tests.talent_support import opening
from talentcenter.notifications.models import Notification
from talentcenter.organizations.enums import CompanyStatus
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _fields(**overrides: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "slug": "roadshow-sv",
        "kind": EventKind.ROADSHOW,
        "title_en": "Roadshow Silicon Valley",
        "online_url": "https://meet.example.org/sv",
        "time_zone": "America/Los_Angeles",
        "starts_at": now + datetime.timedelta(days=20),
        "ends_at": now + datetime.timedelta(days=20, hours=3),
        "registration_opens_at": now,
        "registration_closes_at": now + datetime.timedelta(days=19),
        "talent_capacity": 100,
        **overrides,
    }


def test_staff_create_an_online_draft_and_only_staff_may():
    staff = staff_user()
    [talent] = talents(1)

    fields = _fields()
    created = event_create(
        actor=staff,
        sessions=[{"title_en": "Talk", "starts_at": fields["starts_at"], "ends_at": fields["ends_at"]}],
        **fields,
    )
    with pytest.raises(PermissionDenied):
        event_create(actor=talent.user, **_fields(slug="other"))

    assert (created.status, created.is_online, created.sessions.count()) == (EventStatus.DRAFT, True, 1)
    assert AuditEvent.objects.filter(action="events.event_created").count() == 1


def test_a_venue_needs_a_city_and_registration_must_close_by_the_end():
    with pytest.raises(ValidationError) as refused:
        event_create(
            actor=staff_user(),
            **_fields(
                online_url="",
                venue_name="Moscone Center",
                registration_closes_at=timezone.now() + datetime.timedelta(days=40),
            ),
        )

    assert set(refused.value.message_dict) == {"city", "registration_closes_at"}
    assert not Event.objects.exists()


def test_a_capacity_cannot_drop_below_the_seats_held_and_a_raised_one_offers_the_waiting():
    fair = event(talent_capacity=1)
    for profile in talents(3):
        talent_register(actor=profile.user, event=fair)
    staff = staff_user()

    with pytest.raises(ValidationError) as refused:
        event_update(actor=staff, event=fair, talent_capacity=0)
    event_update(actor=staff, event=fair, talent_capacity=2)

    assert "talent_capacity" in refused.value.message_dict
    statuses = dict(TalentRegistration.objects.values_list("arrival", "status"))
    assert statuses == {
        1: RegistrationStatus.CONFIRMED,
        2: RegistrationStatus.OFFERED,
        3: RegistrationStatus.WAITLISTED,
    }


def test_publishing_needs_a_draft_not_over_and_cancelling_tells_everyone():
    draft = event(status=EventStatus.DRAFT, talent_capacity=1)
    staff = staff_user()
    published = event_publish(actor=staff, event=draft)
    people = talents(2)
    for profile in people:
        talent_register(actor=profile.user, event=published)

    with pytest.raises(ValidationError):
        event_publish(actor=staff, event=published)
    with pytest.raises(ValidationError) as no_reason:
        event_cancel(actor=staff, event=published, reason=" ")
    with pytest.raises(ValidationError) as over:
        event_cancel(actor=staff, event=published, reason="Too late.", now=published.ends_at)
    assert over.value.code == "conflict"
    event_cancel(actor=staff, event=published, reason="The venue flooded.")

    assert "reason" in no_reason.value.message_dict
    assert set(TalentRegistration.objects.values_list("status", flat=True)) == {RegistrationStatus.CANCELLED}
    assert Notification.objects.filter(kind="events.event_cancelled").count() == 2


def test_only_members_of_a_verified_company_register_its_booth_with_its_own_openings(company_member: Any):
    fair = event(company_capacity=1)
    company = company_member.memberships.get().company
    pending = MembershipFactory(company=CompanyFactory(status=CompanyStatus.PENDING))
    own, closed, foreign = opening(company), opening(company, status=OpeningStatus.CLOSED), opening()

    with pytest.raises(PermissionDenied):
        booth_register(actor=pending.user, event=fair, company=pending.company)
    with pytest.raises(PermissionDenied):
        booth_register(actor=company_member, event=fair, company=pending.company)
    for wrong in (closed, foreign):
        with pytest.raises(ValidationError) as refused:
            booth_register(actor=company_member, event=fair, company=company, opening_ids=[wrong.pk])
        assert "opening_ids" in refused.value.message_dict
    with pytest.raises(ValidationError):
        booth_register(actor=company_member, event=fair, company=company, interviewers_per_slot=0)
    booth = booth_register(
        actor=company_member, event=fair, company=company, opening_ids=[own.pk], interviewers_per_slot=4
    )

    assert (booth.status, booth.interviewers_per_slot, list(booth.openings.all())) == (
        RegistrationStatus.CONFIRMED,
        4,
        [own],
    )
    assert BoothRegistration.objects.count() == 1


def test_booths_have_their_own_capacity_and_waiting_list():
    fair = event(company_capacity=1, talent_capacity=1)
    first, second = MembershipFactory(), MembershipFactory()
    talent_register(actor=talents(1)[0].user, event=fair)  # seats do not take booths

    booth_one = booth_register(actor=first.user, event=fair, company=first.company)
    booth_two = booth_register(actor=second.user, event=fair, company=second.company)
    with pytest.raises(ValidationError) as twice:
        booth_register(actor=first.user, event=fair, company=first.company)
    booth_cancel(actor=first.user, booth=booth_one)
    booth_two.refresh_from_db()
    with pytest.raises(PermissionDenied):
        booth_confirm(actor=first.user, booth=booth_two)
    confirmed = booth_confirm(actor=second.user, booth=booth_two)

    assert (booth_one.status, twice.value.code) == (RegistrationStatus.CONFIRMED, "conflict")
    assert confirmed.status == RegistrationStatus.CONFIRMED
    assert Notification.objects.filter(kind="events.place_offered", recipient=second.user).count() == 1
