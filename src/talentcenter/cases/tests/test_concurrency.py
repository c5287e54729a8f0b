"""Twenty people pressing the same button at once, on PostgreSQL with real row locks.

Each thread has its own database connection (Django gives every thread one) and closes it at the
end. The case row lock in ``lock_case`` makes the first caller win; the others wait, find the case
moved on and get :class:`TransitionNotAllowed` (409 in the API).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from talentcenter.audit.models import AuditEvent
from talentcenter.cases import services
from talentcenter.cases.enums import CaseType
from talentcenter.documents.models import IssuedDocument, SerialCounter
from talentcenter.foundation.workflow import TransitionNotAllowed
from tests.cases import CasePeople, start, walk
from tests.concurrency import numbered_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under load are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]

CALLERS = 20


@pytest.fixture(autouse=True)
def media_root(transactional_db: None, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def events(case: Any, action: str) -> int:
    return AuditEvent.objects.filter(subject_type="cases.case", subject_id=str(case.pk), action=action).count()


def test_twenty_reviewers_starting_the_same_review_let_exactly_one_through():
    people = CasePeople.create()
    case = walk(start(people), people, "submitted")

    results, errors = numbered_at_once(
        CALLERS, lambda number: services.case_start_review(actor=people.reviewer, case=case)
    )

    assert len(results) == 1
    assert len(errors) == CALLERS - 1
    assert all(isinstance(error, TransitionNotAllowed) for error in errors)
    assert {error.code for error in errors} == {"conflict"}
    case.refresh_from_db()
    assert case.status == "in_review"
    assert events(case, "case.start_review") == 1


def test_twenty_approvals_of_the_same_case_let_exactly_one_through():
    people = CasePeople.create()
    case = walk(start(people), people, "in_validation")
    for record in case.records.all():
        services.record_validate(actor=people.validator, record=record, verified=True)

    results, errors = numbered_at_once(
        CALLERS, lambda number: services.case_approve(actor=people.validator, case=case, reason="Eligible.")
    )

    assert len(results) == 1
    assert len(errors) == CALLERS - 1
    assert all(isinstance(error, TransitionNotAllowed) for error in errors)
    case.refresh_from_db()
    assert case.status == "approved"
    assert events(case, "case.approve") == 1


def test_twenty_issue_tasks_for_one_approved_case_issue_one_document():
    people = CasePeople.create()
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "approved")

    results, errors = numbered_at_once(CALLERS, lambda number: services.case_issue(case_id=case.pk))

    assert errors == []
    assert {result.status for result in results} == {"issued"}
    [document] = IssuedDocument.objects.filter(subject_type="cases.case", subject_id=str(case.pk))
    case.refresh_from_db()
    assert case.issued_document == document
    assert SerialCounter.objects.get(kind=document.kind, year=document.year).last_number == document.sequence == 1
    assert events(case, "case.issue") == 1
