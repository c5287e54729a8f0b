"""Two recruiters move the same applicant at the same moment, on PostgreSQL with real row locks:
one move wins, the other waits for the lock, finds the stage changed and gets TransitionNotAllowed."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from talentcenter.audit.models import AuditEvent
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.jobs.enums import ApplicationStage
from talentcenter.jobs.models import JobApplication
from talentcenter.jobs.services import pipeline
from talentcenter.jobs.tests.test_openings_support import application, people, published
from talentcenter.reference.services import reference_load_bundled
from tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under load are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def reference_data_restored(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        reference_load_bundled()


@pytest.fixture(autouse=True)
def reference_data(reference_data_restored: None, transactional_db: None) -> None:
    reference_load_bundled()


def at_once(calls: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results.append(call())
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_two_recruiters_screening_the_same_applicant_let_one_through():
    given = people()
    colleague = MembershipFactory(company=given.company).user
    item = application(published(given.member, given.company))

    results, errors = at_once(
        [
            lambda: pipeline.application_move(actor=given.member, application=item, transition="screen"),
            lambda: pipeline.application_move(actor=colleague, application=item, transition="screen"),
        ]
    )

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], TransitionNotAllowed)
    assert JobApplication.objects.get(pk=item.pk).stage == ApplicationStage.SCREENING
    assert AuditEvent.objects.filter(action="jobs.application_screen", subject_id=str(item.pk)).count() == 1


def test_hiring_and_rejecting_at_once_leave_one_consistent_stage():
    given = people()
    colleague = MembershipFactory(company=given.company).user
    item = application(published(given.member, given.company), stage=ApplicationStage.OFFER)

    results, errors = at_once(
        [
            lambda: pipeline.application_move(actor=given.member, application=item, transition="hire"),
            lambda: pipeline.application_move(actor=colleague, application=item, transition="reject", reason="No"),
        ]
    )

    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], TransitionNotAllowed)
    final = JobApplication.objects.get(pk=item.pk)
    assert final.stage in (ApplicationStage.HIRED, ApplicationStage.REJECTED)
    assert (final.stage == ApplicationStage.REJECTED) == (final.rejection_reason == "No")
    assert AuditEvent.objects.filter(subject_type="jobs.jobapplication", subject_id=str(item.pk)).count() == 1
