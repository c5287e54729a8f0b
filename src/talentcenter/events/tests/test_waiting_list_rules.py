"""Property: whatever people do (register, cancel, confirm an offer, let time pass so offers
lapse), the places held never exceed the capacity, a place is free only while nobody waits, and
offers go in arrival order (everyone offered arrived before everyone still waiting)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentcenter.events.enums import HOLDING_STATUSES, RegistrationStatus
from talentcenter.events.models import TalentRegistration
from talentcenter.events.services.registrations import registration_cancel, registration_confirm, talent_register
from talentcenter.events.services.timed import offers_expire_due
from talentcenter.events.tests.support import event, talents

PEOPLE = 6
CAPACITY = 2
steps = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["register", "cancel", "confirm"]), st.integers(0, PEOPLE - 1)),
        st.tuples(st.just("wait"), st.integers(1, 60)),
    ),
    max_size=14,
)


def _check(fair: Any) -> None:
    rows = list(TalentRegistration.objects.filter(event=fair).values_list("arrival", "status", "offer_expires_at"))
    held = [row for row in rows if row[1] in HOLDING_STATUSES]
    waiting = [row[0] for row in rows if row[1] == RegistrationStatus.WAITLISTED]
    offered = [row[0] for row in rows if row[1] == RegistrationStatus.OFFERED]
    assert len(held) <= CAPACITY
    assert not waiting or len(held) == CAPACITY
    assert not waiting or not offered or max(offered) < min(waiting)
    assert all((row[1] == RegistrationStatus.OFFERED) == (row[2] is not None) for row in rows)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=steps)
def test_any_sequence_keeps_the_capacity_and_the_arrival_order(actions: list[tuple[str, int]]) -> None:
    with transaction.atomic():
        fair = event(talent_capacity=CAPACITY, offer_hours=24)
        people = talents(PEOPLE)
        clock = timezone.now()
        for action, value in actions:
            try:
                if action == "wait":
                    clock += datetime.timedelta(hours=value)
                    offers_expire_due(now=clock)
                else:
                    profile = people[value]
                    registration = TalentRegistration.objects.filter(event=fair, profile=profile).first()
                    if action == "register":
                        talent_register(actor=profile.user, event=fair.pk, now=clock)
                    elif registration is not None and action == "cancel":
                        registration_cancel(actor=profile.user, registration=registration.pk, now=clock)
                    elif registration is not None:
                        registration_confirm(actor=profile.user, registration=registration.pk, now=clock)
            except ValidationError as refused:
                assert refused.code == "conflict"  # noqa: PT017 (a refusal is a valid step here)
            _check(fair)
        transaction.set_rollback(True)
