"""The clock protocol on PostgreSQL with real row locks: seqs commit in order, so a reader that
catches up by seq never skips a change.

Each thread has its own database connection (Django gives every thread one) and closes it at the
end. Writers hold the clock row from the moment they take a seq until they commit.
"""

from __future__ import annotations

import random
import threading
import time

import pytest
from django.db import connection, transaction

from talentcenter.matching import services, store
from talentcenter.matching.models import IndexKind, ProfileVector
from tests.concurrency import in_thread
from tests.factories import TalentProfileFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


def test_a_second_writer_waits_for_the_clock_and_commits_after_the_first() -> None:
    first, second = TalentProfileFactory(), TalentProfileFactory()
    holding = threading.Event()
    release = threading.Event()
    order: list[tuple[str, int]] = []

    def writer_a() -> None:
        with transaction.atomic():
            services.profile_vector_refresh(profile_id=first.pk)
            holding.set()
            release.wait(10)
            order.append(("a", ProfileVector.objects.get(profile_id=first.pk).seq))

    def writer_b() -> None:
        holding.wait(10)
        with transaction.atomic():
            services.profile_vector_refresh(profile_id=second.pk)
            order.append(("b", ProfileVector.objects.get(profile_id=second.pk).seq))

    a = in_thread(writer_a)
    b = in_thread(writer_b)
    assert holding.wait(10)
    time.sleep(0.5)
    # B is blocked on the clock row: it has not written, and no reader sees A's uncommitted seq.
    assert order == []
    assert store.clock_value(IndexKind.PROFILES) == 0
    assert store.profile_records_since(0) == (0, [], [])
    release.set()
    a.join(10)
    b.join(10)

    assert order == [("a", 1), ("b", 2)]
    top, records, _removed = store.profile_records_since(0)
    assert top == 2 and {record.profile_id for record in records} == {first.pk, second.pk}


def test_a_reader_polling_by_seq_never_sees_a_gap_and_misses_nothing() -> None:
    writers, each = 6, 5
    profiles = [TalentProfileFactory().pk for _ in range(writers * each)]
    done = threading.Event()
    failures: list[str] = []
    seen: set[int] = set()

    def write(numbers: list[int]) -> None:
        rng = random.Random(numbers[0])
        for profile_id in numbers:
            with transaction.atomic():
                services.profile_vector_refresh(profile_id=profile_id)
                time.sleep(rng.uniform(0, 0.02))  # hold the clock a while before committing

    def read() -> None:
        last = 0
        while True:
            finished = done.is_set()
            top, records, _removed = store.profile_records_since(last)
            seen.update(record.profile_id for record in records)
            # Every seq up to ``top`` has committed: the rows visible now are exactly 1..top
            # (each profile is written once, so seqs are not reused).
            committed = sorted(ProfileVector.objects.filter(seq__lte=top).values_list("seq", flat=True))
            if committed != list(range(1, top + 1)):
                failures.append(f"gap below {top}: {committed}")
            last = top
            if finished and top == store.clock_value(IndexKind.PROFILES):
                return

    reader = in_thread(read)
    threads = [in_thread(write, profiles[number::writers]) for number in range(writers)]
    for thread in threads:
        thread.join(60)
    done.set()
    reader.join(60)

    assert failures == []
    assert seen == set(profiles)
    assert store.clock_value(IndexKind.PROFILES) == len(profiles)
