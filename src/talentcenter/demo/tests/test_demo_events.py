"""The demo events: made once through the services, in their venues' time zones."""

from __future__ import annotations

import pytest
from django.utils import timezone

from talentcenter.demo.accounts import COMPANY_EMAIL, TALENT_EMAIL, demo_accounts_ensure
from talentcenter.demo.events import OPEN_FAIR, PAST_FAIR, demo_events_ensure
from talentcenter.events.enums import EventKind, EventStatus, RegistrationStatus
from talentcenter.events.models import BoothRegistration, Event, TalentRegistration

pytestmark = pytest.mark.django_db


def test_the_demo_events_are_made_once_with_their_zones_and_people() -> None:
    demo_accounts_ensure()

    assert demo_events_ensure() == 6
    assert demo_events_ensure() == 0

    now = timezone.now()
    past, open_fair = Event.objects.get(slug=PAST_FAIR), Event.objects.get(slug=OPEN_FAIR)
    assert past.ends_at < now and past.status == EventStatus.PUBLISHED
    assert TalentRegistration.objects.filter(event=past, profile__user__email=TALENT_EMAIL).exists()
    assert BoothRegistration.objects.filter(event=past, checked_in_at__gte=past.starts_at).exists()
    assert open_fair.registration_is_open(now) and open_fair.screening_questions.count() == 2
    assert BoothRegistration.objects.filter(event=open_fair, company__memberships__user__email=COMPANY_EMAIL).exists()
    assert not TalentRegistration.objects.filter(event=open_fair, profile__user__email=TALENT_EMAIL).exists()
    roadshows = Event.objects.filter(kind=EventKind.ROADSHOW).order_by("starts_at")
    assert [(event.city, event.time_zone) for event in roadshows] == [
        ("New York", "America/New_York"),
        ("San Jose", "America/Los_Angeles"),
        ("London", "Europe/London"),
        ("Singapore", "Asia/Singapore"),
    ]
    assert all(event.sessions.count() == 4 and event.starts_at > now for event in roadshows)
    assert all(event.local(event.starts_at).hour == 10 for event in roadshows)
    assert TalentRegistration.objects.filter(
        event__slug="roadshow-new-york", profile__user__email=TALENT_EMAIL, status=RegistrationStatus.CONFIRMED
    ).exists()
    # The open fair's interview grid: slots with the lunch breaks and a valid draft (its meetings come
    # from the generated talents, which this test does not make).
    from talentcenter.events import grid
    from talentcenter.events.services.interviews import grid_snapshot

    slots = list(open_fair.interview_slots.order_by("index"))
    assert len(slots) == 11 and [slot.index for slot in slots if slot.is_break] == [3, 4]
    assert open_fair.local(slots[0].starts_at).hour == 11
    meetings = [
        grid.Meeting(registration, booth, index)
        for registration, booth, index in open_fair.interviews.values_list("registration_id", "booth_id", "slot__index")
    ]
    assert open_fair.interview_grid.solved_at is not None
    assert grid.violations(grid_snapshot(open_fair).problem, meetings) == []
