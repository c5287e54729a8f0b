"""The talent answering the same invitation twice at once (agree and decline from two tabs), on
PostgreSQL with real row locks: exactly one answer wins, the other is refused as a conflict.

Each thread has its own connection and closes it at the end. The services lock the request row,
then the entry row; the second caller waits, finds the entry answered and gets
:class:`TransitionNotAllowed` (409 in the API).
"""

from __future__ import annotations

import pytest
from django.db import connection

from talentcenter.audit.models import AuditEvent
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.jobs.enums import ShortlistStatus
from talentcenter.jobs.models import ProfileRelease, ShortlistEntry
from talentcenter.jobs.services import requests as services
from talentcenter.jobs.tests.test_requests_support import People, invited
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under load are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 5
CALLERS = 10


def released_events() -> int:
    return AuditEvent.objects.filter(action="jobs.profile_released").count()


def test_agree_and_decline_at_once_let_exactly_one_through() -> None:
    people = People.create()
    for _round in range(ROUNDS):
        entry = invited(people)

        results, errors = at_once(
            [
                lambda entry=entry: services.shortlist_agree(actor=people.talent, entry=entry),
                lambda entry=entry: services.shortlist_decline(actor=people.talent, entry=entry),
            ]
        )

        assert len(results) == 1, errors
        assert len(errors) == 1 and isinstance(errors[0], TransitionNotAllowed), errors
        entry.refresh_from_db()
        assert entry.status == results[0].status
        releases = ProfileRelease.objects.filter(entry=entry).count()
        assert releases == (1 if entry.status == ShortlistStatus.RELEASED else 0)
        # the next round asks again in a new request
        services.talent_request_cancel(actor=people.member, talent_request=entry.talent_request)


def test_many_agreements_at_once_release_once() -> None:
    people = People.create()
    entry = invited(people)

    results, errors = at_once(
        [lambda: services.shortlist_agree(actor=people.talent, entry=entry) for _caller in range(CALLERS)]
    )

    assert len(results) == 1
    assert len(errors) == CALLERS - 1 and all(isinstance(error, TransitionNotAllowed) for error in errors)
    assert ProfileRelease.objects.count() == 1
    assert released_events() == 1
    assert ShortlistEntry.objects.get().status == ShortlistStatus.RELEASED


def test_the_company_cancelling_while_the_talent_agrees_ends_consistently() -> None:
    people = People.create()
    for _round in range(ROUNDS):
        entry = invited(people)

        _results, errors = at_once(
            [
                lambda entry=entry: services.shortlist_agree(actor=people.talent, entry=entry),
                lambda entry=entry: services.talent_request_cancel(
                    actor=people.member, talent_request=entry.talent_request
                ),
            ]
        )

        entry.refresh_from_db()
        entry.talent_request.refresh_from_db()
        assert entry.talent_request.status == "cancelled"  # cancelling is allowed either way
        if entry.status == ShortlistStatus.RELEASED:
            assert not errors
            assert ProfileRelease.objects.filter(entry=entry).count() == 1
        else:
            assert entry.status == ShortlistStatus.REMOVED
            assert len(errors) == 1 and isinstance(errors[0], TransitionNotAllowed)
            assert not ProfileRelease.objects.filter(entry=entry).exists()
