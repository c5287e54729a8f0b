"""The demo applications: every status of both case types, made by the services, loaded once for
the module (``tests.database.loaded_once``; the demo without them: test_demo_without_cases.py)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.audit.models import AuditEvent
from talentcenter.cases.enums import KotraStatus, KTechPassStatus, RequestStatus
from talentcenter.cases.models import Case, CaseDocument, EvaluatorAssignment, InformationRequest
from talentcenter.cases.selectors import case_applicant_data
from talentcenter.cases.services._common import eligibility_answer, validated_applicant
from talentcenter.demo.accounts import (
    ADMIN_EMAIL,
    COMPANY_EMAIL,
    DEMO_ACCOUNTS,
    EVALUATOR_EMAILS,
    EVALUATOR_TOTP_SECRETS,
    SECOND_REVIEWER_EMAIL,
    SECOND_REVIEWER_TOTP_SECRET,
    TALENT_EMAIL,
)
from talentcenter.demo.cases import PLANS, demo_cases_ensure
from talentcenter.demo.generator import demo_load
from talentcenter.demo.totp import totp_secret_of
from talentcenter.documents.models import IssuedDocument
from talentcenter.notifications.models import Notification
from tests.database import loaded_once


@pytest.fixture(scope="module")
def demo_loaded(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The demo cases, loaded once for the tests that read them; their files in a folder of their own."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with media, loaded_once(django_db_blocker, lambda: demo_load(seed=11, profiles=0, companies=0)):
        yield


@pytest.fixture
def demo(demo_loaded: None, db: None) -> None:
    """Each test sees the loaded demo; what it changes is rolled back after it."""


def test_the_demo_has_cases_in_every_status_of_both_types_for_the_demo_parties(demo: None) -> None:
    # Given the demo loaded once (fixture)
    statuses = set(Case.objects.values_list("case_type", "status"))
    talent_cases = Case.objects.filter(talent__user__email=TALENT_EMAIL)
    company_cases = Case.objects.filter(company__memberships__user__email=COMPANY_EMAIL)

    # Then every status of both types is there, and the demo talent and company see applications
    assert statuses == {("ktech_pass", status) for status in KTechPassStatus.values} | {
        ("kotra_recommendation", status) for status in KotraStatus.values
    }
    assert Case.objects.count() == len(PLANS)
    assert set(talent_cases.values_list("case_type", "status")) == {
        ("ktech_pass", "issued"),
        ("kotra_recommendation", "information_requested"),
    }
    assert company_cases.count() == len(PLANS)
    request = InformationRequest.objects.get(case__talent__user__email=TALENT_EMAIL, status=RequestStatus.OPEN)
    assert request.items.count() == 1
    talent = User.objects.get(email=TALENT_EMAIL)
    assert Notification.objects.filter(recipient=talent, kind="case.information_requested").exists()

    # And issued cases carry real rendered PDFs, uploads are real PDFs
    issued = Case.objects.filter(status__in=["issued", "used"]).select_related("issued_document")
    assert issued.count() == 6
    for case in issued:
        assert case.issued_document is not None
        with case.issued_document.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    uploads = CaseDocument.objects.filter(case__status="submitted")
    assert uploads.count() >= 9
    for upload in uploads:
        with upload.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    assert all(case.e7_application_number.startswith("E7-DEMO-") for case in Case.objects.filter(status="used"))

    # And the evaluators have work in every state, the queues unassigned, overdue and paused cases
    in_evaluation = EvaluatorAssignment.objects.filter(case__status="in_evaluation")
    assert in_evaluation.filter(conflict="undeclared").exists()
    assert in_evaluation.filter(conflict="none", submitted_at__isnull=True).exists()
    assert in_evaluation.filter(submitted_at__isnull=False).exists()
    assert Case.objects.filter(status="submitted", reviewer__isnull=True).count() == 3
    today = timezone.localdate()
    assert Case.objects.filter(status__in=["submitted", "in_validation"], due_on__lt=today).count() == 2
    assert Case.objects.filter(paused_since__isnull=False).count() == 2

    # And four eyes held: no record was validated by the case's reviewer
    for case in Case.objects.filter(records__validated_by__isnull=False).distinct():
        assert not case.records.filter(validated_by=case.reviewer).exists(), case.reference

    # And every applicant still meets the standard track today (the drafts can be submitted)
    for case in Case.objects.filter(status="draft"):
        answer = eligibility_answer(case, validated_applicant(case_applicant_data(case)), today)
        assert answer["status"] == "eligible", case.reference


def test_running_the_demo_command_again_adds_nothing_and_fails_nothing(demo: None) -> None:
    # Given the demo loaded once
    before = (Case.objects.count(), CaseDocument.objects.count(), IssuedDocument.objects.count())
    events = AuditEvent.objects.count()

    # When the command runs again
    out = io.StringIO()
    call_command("demo", "--profiles", "0", "--companies", "0", stdout=out)

    # Then nothing is added
    assert (Case.objects.count(), CaseDocument.objects.count(), IssuedDocument.objects.count()) == before
    assert AuditEvent.objects.count() == events
    assert "already loaded" in out.getvalue()
    assert demo_cases_ensure() == 0

    # And the new staff accounts have their roles and second factors, and are printed
    assert User.objects.get(email=SECOND_REVIEWER_EMAIL).has_role(Role.STAFF_REVIEWER)
    assert totp_secret_of(email=SECOND_REVIEWER_EMAIL) == SECOND_REVIEWER_TOTP_SECRET
    for email, secret in zip(EVALUATOR_EMAILS, EVALUATOR_TOTP_SECRETS, strict=True):
        assert User.objects.get(email=email).has_role(Role.EXTERNAL_EVALUATOR)
        assert totp_secret_of(email=email) == secret
        assert email in out.getvalue()
    assert User.objects.get(email=ADMIN_EMAIL).has_role(Role.ADMINISTRATOR)
    assert {SECOND_REVIEWER_EMAIL, *EVALUATOR_EMAILS} <= {account.email for account in DEMO_ACCOUNTS}
