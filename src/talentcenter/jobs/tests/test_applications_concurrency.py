"""Two submits of the same talent for the same opening at once, and two alert workers at once, on
PostgreSQL with real row locks: one application, one digest."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from talentcenter.audit.models import AuditEvent
from talentcenter.jobs.models import JobApplication, SavedSearch
from talentcenter.jobs.services.applications import application_submit
from talentcenter.jobs.services.searches import saved_search_alerts_send, saved_search_create
from talentcenter.jobs.tests.talent_support import complete_profile, opening
from talentcenter.notifications.models import OutboundEmail
from tests.concurrency import numbered_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under load are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("callers", [2, 10])
def test_submits_at_once_give_one_application_and_the_same_friendly_answer(callers: int):
    profile = complete_profile()
    job = opening()

    results, errors = numbered_at_once(callers, lambda _number: application_submit(actor=profile.user, opening=job.pk))

    assert len(results) == 1
    assert len(errors) == callers - 1
    for error in errors:
        assert isinstance(error, ValidationError)
        assert error.code == "conflict" and "already applied" in error.messages[0]
    assert JobApplication.objects.filter(profile=profile, opening=job).count() == 1
    assert AuditEvent.objects.filter(action="jobs.application_submitted").count() == 1


def test_two_alert_workers_at_once_send_each_digest_once():
    profile = complete_profile()
    searches = [
        saved_search_create(actor=profile.user, name=f"Search {number}", criteria={"industry": "semiconductor"})
        for number in range(5)
    ]
    SavedSearch.objects.filter(pk__in=[search.pk for search in searches]).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    opening(published_at=timezone.now() - datetime.timedelta(days=1))
    now = timezone.now()

    results, errors = numbered_at_once(4, lambda _number: saved_search_alerts_send(now=now))

    assert errors == []
    assert sum(results) == 5
    assert OutboundEmail.objects.filter(template="jobs_saved_search_digest").count() == 5
