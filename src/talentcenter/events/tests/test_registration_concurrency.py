"""A rush on PostgreSQL with real row locks: 40 talents at once for 10 seats give exactly 10
confirmed and a waiting list in the order the registrations committed; a cancellation then offers
exactly one seat, to the first person waiting (``bench/events_registration_rush.py`` runs 2,000
for 500)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from talentcenter.events.enums import RegistrationStatus
from talentcenter.events.models import TalentRegistration
from talentcenter.events.services.registrations import registration_cancel, talent_register
from talentcenter.events.tests.support import event, talents
from tests.concurrency import numbered_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under load are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]
SEQUENCE = "events_test_commit_order"


def test_forty_at_once_for_ten_seats_confirm_ten_and_queue_the_rest_in_commit_order():
    fair = event(talent_capacity=10)
    people = talents(40)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
    witnessed: dict[int, int] = {}
    lock = threading.Lock()

    def register(number: int) -> TalentRegistration:
        # The witness is taken while the event's lock is still held: its order is the commit order.
        with transaction.atomic():
            registration = talent_register(actor=people[number].user, event=fair.pk)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT nextval('{SEQUENCE}')")
                witness = cursor.fetchone()[0]
        with lock:
            witnessed[registration.pk] = witness
        return registration

    try:
        results, errors = numbered_at_once(40, register)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")

    assert errors == []
    rows = list(TalentRegistration.objects.filter(event=fair).values_list("pk", "arrival", "status"))
    by_commit = sorted(rows, key=lambda row: witnessed[row[0]])
    assert [arrival for _pk, arrival, _status in by_commit] == list(range(1, 41))
    assert [status for _pk, _arrival, status in by_commit] == ["confirmed"] * 10 + ["waitlisted"] * 30
    assert len(results) == 40

    first = TalentRegistration.objects.get(event=fair, arrival=1)
    registration_cancel(actor=first.profile.user, registration=first)

    offered = TalentRegistration.objects.filter(event=fair, status=RegistrationStatus.OFFERED)
    assert list(offered.values_list("arrival", flat=True)) == [11]
    assert TalentRegistration.objects.filter(event=fair, status=RegistrationStatus.WAITLISTED).count() == 29


def test_cancellations_at_once_never_offer_more_seats_than_were_freed():
    fair = event(talent_capacity=5)
    people = talents(12)
    registrations = [talent_register(actor=profile.user, event=fair.pk) for profile in people]

    _results, errors = numbered_at_once(
        3, lambda number: registration_cancel(actor=people[number].user, registration=registrations[number].pk)
    )

    assert errors == []
    statuses = dict(TalentRegistration.objects.filter(event=fair).values_list("arrival", "status"))
    assert [arrival for arrival, status in sorted(statuses.items()) if status == RegistrationStatus.OFFERED] == [
        6,
        7,
        8,
    ]
    assert sum(status in {"confirmed", "offered"} for status in statuses.values()) == 5
