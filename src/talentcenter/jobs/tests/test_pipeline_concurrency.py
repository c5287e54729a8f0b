"""Two recruiters move the same applicant at the same moment, on PostgreSQL with real row locks:
one move wins, the other waits for the lock, finds the stage changed and gets TransitionNotAllowed."""

from __future__ import annotations

import pytest
from django.db import connection

from talentcenter.audit.models import AuditEvent
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.jobs.enums import ApplicationStage
from talentcenter.jobs.models import JobApplication
from talentcenter.jobs.services import pipeline
from talentcenter.jobs.tests.test_openings_support import application, people, published
from tests.concurrency import at_once
from tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under load are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


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
