"""Two reviewers approve the same draft at the same moment on PostgreSQL: one answer is sent, the
other reviewer is told it moved on; receipt numbers taken at once have no gaps and no repeats."""

from __future__ import annotations

import pytest
from django.db import connection

from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.inquiries import services
from talentcenter.inquiries.enums import InquiryStatus
from talentcenter.inquiries.models import Inquiry
from talentcenter.inquiries.tests.support import received, staff_user
from talentcenter.notifications.models import OutboundEmail
from tests.concurrency import at_once, numbered_at_once
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under load are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


def test_two_reviewers_approving_at_once_send_one_answer():
    author, first, second = staff_user(), staff_user(), staff_user()
    inquiry = services.answer_draft(actor=author, inquiry=received(), answer="Yes, for up to two years.")

    results, errors = at_once(
        [
            lambda: services.answer_approve(actor=first, inquiry=inquiry.pk),
            lambda: services.answer_approve(actor=second, inquiry=inquiry.pk),
        ]
    )

    assert len(results) == 1
    assert [type(error) for error in errors] == [TransitionNotAllowed]
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    assert inquiry.approved_by in {first, second}
    assert OutboundEmail.objects.filter(to=inquiry.email, subject__contains="is answered").count() == 1


def test_receipt_numbers_taken_at_once_are_gap_free():
    people = [UserFactory() for _ in range(8)]
    _results, errors = numbered_at_once(
        8,
        lambda number: services.inquiry_file(
            actor=people[number], category="other", subject="s", body=f"b{number}", name="N", email="", language="ko"
        ),
    )
    assert errors == []
    numbers = sorted(
        int(number.rsplit("-", 1)[1]) for number in Inquiry.objects.values_list("receipt_number", flat=True)
    )
    assert numbers == list(range(1, 9))
