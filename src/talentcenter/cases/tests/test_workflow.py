"""The whole workflow through the services, for both case types."""

from __future__ import annotations

import pytest
from django.utils import translation

from talentcenter.audit.models import AuditEvent
from talentcenter.cases.enums import CaseType
from talentcenter.documents.models import IssuedDocument
from tests.cases import CasePeople, start, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_ktech_pass_standard_case_goes_from_draft_to_an_issued_certificate():
    people = CasePeople.create()
    case = walk(start(people), people, "issued", with_request=True)

    assert case.status == "issued"
    document = IssuedDocument.objects.get(subject_type="cases.case", subject_id=str(case.pk))
    assert case.issued_document == document
    assert document.serial.startswith("KTP-")
    assert case.decision_assessment.summary["ktech-pass/standard"] == "eligible"
    actions = list(
        AuditEvent.objects.filter(subject_type="cases.case", subject_id=str(case.pk)).values_list("action", flat=True)
    )
    assert actions[:1] == ["case.started"] or "case.started" in actions
    for action in ["case.submit", "case.request_information", "case.answer_request", "case.approve", "case.issue"]:
        assert action in actions


def test_a_kotra_case_walks_all_seven_steps():
    people = CasePeople.create()
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "used")

    assert case.status == "used"
    assert case.issued_document.serial.startswith("KRL-")
    assert case.evaluations.filter(submitted_at__isnull=False).count() == 3
