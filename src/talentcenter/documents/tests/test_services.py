"""Issuing and revoking: serial numbers, idempotency, gap-free numbering under concurrency, audit."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from talentcenter.accounts.enums import Role
from talentcenter.audit.models import AuditEvent
from talentcenter.documents import services
from talentcenter.documents.enums import DocumentKind, DocumentStatus, RevocationCategory
from talentcenter.documents.models import IssuedDocument, SerialCounter
from talentcenter.documents.tests.conftest import IssueDocument
from tests.concurrency import at_once, numbered_at_once
from tests.factories import UserFactory


def test_serial_format() -> None:
    assert services.format_serial(kind=DocumentKind.KTECH_PASS_CERTIFICATE, year=2026, sequence=1) == "KTP-2026-000001"
    assert (
        services.format_serial(kind=DocumentKind.KOTRA_RECOMMENDATION_LETTER, year=2027, sequence=123456)
        == "KRL-2027-123456"
    )


def test_serials_count_per_kind_and_year(issue: IssueDocument) -> None:
    first = issue()
    second = issue()
    letter = issue(kind=DocumentKind.KOTRA_RECOMMENDATION_LETTER)
    next_year = issue(issued_on=date(2027, 1, 2), valid_until=date(2028, 1, 1))

    assert [first.serial, second.serial, letter.serial, next_year.serial] == [
        "KTP-2026-000001",
        "KTP-2026-000002",
        "KRL-2026-000001",
        "KTP-2027-000001",
    ]
    assert (first.year, first.sequence) == (2026, 1)
    assert SerialCounter.objects.get(kind=DocumentKind.KTECH_PASS_CERTIFICATE, year=2026).last_number == 2


def test_issue_stores_the_pdf_its_checksum_and_an_audit_event(issue: IssueDocument, staff: Any) -> None:
    document = issue(subject_type="cases.ktechpasscase", subject_id="17")

    with document.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.file.name.startswith("issued/") and document.serial not in document.file.name
    assert document.status == DocumentStatus.VALID
    assert document.issued_by == staff
    event = AuditEvent.objects.get(action="document.issued")
    assert event.subject_id == str(document.pk)
    assert event.changes["serial"] == "KTP-2026-000001"
    assert event.changes["subject_id"] == "17"


def test_issuing_again_for_the_same_subject_returns_the_same_document(issue: IssueDocument) -> None:
    first = issue(subject_type="cases.ktechpasscase", subject_id="17")
    again = issue(subject_type="cases.ktechpasscase", subject_id="17")
    letter = issue(subject_type="cases.ktechpasscase", subject_id="17", kind=DocumentKind.KOTRA_RECOMMENDATION_LETTER)

    assert again.pk == first.pk
    assert letter.pk != first.pk
    assert IssuedDocument.objects.filter(kind=DocumentKind.KTECH_PASS_CERTIFICATE).count() == 1
    assert SerialCounter.objects.get(kind=DocumentKind.KTECH_PASS_CERTIFICATE, year=2026).last_number == 1
    assert AuditEvent.objects.filter(action="document.issued").count() == 2


def test_a_revoked_document_can_be_issued_again_for_its_subject(issue: IssueDocument, lead: Any) -> None:
    first = issue(subject_type="cases.ktechpasscase", subject_id="17")
    services.document_revoke(
        actor=lead, document=first, reason="Issued with a misspelt name", category=RevocationCategory.ISSUED_IN_ERROR
    )

    replacement = issue(subject_type="cases.ktechpasscase", subject_id="17")

    assert replacement.serial == "KTP-2026-000002"


def test_a_failed_issuance_gives_its_number_back(issue: IssueDocument) -> None:
    issue()
    taken: list[str] = []

    @transaction.atomic
    def issue_then_die() -> None:
        taken.append(issue().serial)
        raise RuntimeError("the worker died after rendering")

    with pytest.raises(RuntimeError):
        issue_then_die()

    assert taken == ["KTP-2026-000002"]
    retried = issue()  # the orphan file of the failed attempt is left aside, never pointed to
    assert retried.serial == "KTP-2026-000002"
    assert IssuedDocument.objects.count() == 2
    with retried.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == retried.sha256


def test_issue_refuses_inconsistent_input(issue: IssueDocument) -> None:
    with pytest.raises(ValidationError) as caught:
        issue(valid_until=date(2026, 1, 1), nationality="Ghana", holder_name_latin=" ")
    assert set(caught.value.message_dict) == {"valid_until", "nationality", "holder_name_latin"}
    assert not IssuedDocument.objects.exists()
    assert not SerialCounter.objects.exists()


@pytest.mark.parametrize("roles", [[], [Role.POLICY_ANALYST]])
def test_only_staff_issue_and_revoke(issue: IssueDocument, roles: list[Role]) -> None:
    outsider = UserFactory(roles=roles)
    document = issue()

    with pytest.raises(PermissionDenied):
        issue(actor=outsider)
    with pytest.raises(PermissionDenied):
        services.document_revoke(actor=outsider, document=document, reason="No reason")
    with pytest.raises(PermissionDenied):
        services.document_revocation_request(actor=outsider, document=document, category="other", note="No reason")

    document.refresh_from_db()
    assert document.status == DocumentStatus.VALID
    assert IssuedDocument.objects.count() == 1
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["document.issued"]


def test_revocation_takes_a_second_person(issue: IssueDocument, staff: Any, second_reviewer: Any) -> None:
    # Given a valid document
    document = issue()
    with pytest.raises(ValidationError) as caught:
        services.document_revocation_request(actor=staff, document=document, category="made_up", note="   ")
    assert set(caught.value.message_dict) == {"category", "note"}

    # When a reviewer asks for its revocation
    asked = services.document_revocation_request(
        actor=staff, document=document, category=RevocationCategory.OBTAINED_BY_DECEPTION, note="Forged diploma"
    )

    # Then it is still valid; the one who asked cannot confirm, nor can a reviewer revoke alone
    assert (asked.status, asked.revocation_pending) == (DocumentStatus.VALID, True)
    with pytest.raises(PermissionDenied):
        services.document_revocation_confirm(actor=staff, document=document)
    with pytest.raises(PermissionDenied):
        services.document_revoke(actor=staff, document=document, reason="Alone", category="other")
    with pytest.raises(ValidationError) as twice:
        services.document_revocation_request(actor=second_reviewer, document=document, category="other", note="x")
    assert twice.value.code == "conflict"
    document.refresh_from_db()
    assert document.status == DocumentStatus.VALID

    # When a second reviewer confirms
    revoked = services.document_revocation_confirm(actor=second_reviewer, document=document)

    # Then it is revoked with the requested category and the note kept internal, once
    assert revoked.status == DocumentStatus.REVOKED
    assert revoked.revocation_category == RevocationCategory.OBTAINED_BY_DECEPTION
    assert revoked.revocation_reason == "Forged diploma"
    assert (revoked.revoked_by, revoked.revocation_pending) == (second_reviewer, False)
    event = AuditEvent.objects.get(action="document.revoked")
    assert (event.reason, event.changes["requested_by"], event.changes["category"]) == (
        "Forged diploma",
        staff.pk,
        "obtained_by_deception",
    )
    assert AuditEvent.objects.filter(action="document.revocation_requested", actor_id=staff.pk).count() == 1
    with pytest.raises(services.DocumentAlreadyRevoked):
        services.document_revocation_confirm(actor=second_reviewer, document=document)
    assert AuditEvent.objects.filter(action="document.revoked").count() == 1


def test_a_request_can_be_withdrawn_and_a_lead_revokes_alone(
    issue: IssueDocument, staff: Any, second_reviewer: Any, lead: Any
) -> None:
    document = issue()
    services.document_revocation_request(actor=staff, document=document, category="superseded", note="New one")

    withdrawn = services.document_revocation_withdraw(actor=second_reviewer, document=document)

    assert (withdrawn.status, withdrawn.revocation_pending, withdrawn.requested_revocation_note) == ("valid", False, "")
    with pytest.raises(ValidationError):
        services.document_revocation_confirm(actor=second_reviewer, document=document)
    revoked = services.document_revoke(actor=lead, document=document, reason="Replaced", category="superseded")
    assert (revoked.status, revoked.revocation_category, revoked.revoked_by) == ("revoked", "superseded", lead)


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_revoke_once(media_root: Any) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers by itself")
    asker, *confirmers = (UserFactory(roles=[Role.STAFF_REVIEWER]) for _ in range(5))
    document = services.document_issue(
        actor=asker,
        kind=DocumentKind.KTECH_PASS_CERTIFICATE,
        holder_name_latin="Holder",
        holder_birth_date=date(1990, 1, 1),
        nationality="IN",
        issued_on=date(2026, 11, 23),
        valid_until=date(2029, 11, 22),
    )
    services.document_revocation_request(actor=asker, document=document, category="other", note="Duplicate")

    results, failures = at_once(
        [lambda who=who: services.document_revocation_confirm(actor=who, document=document) for who in confirmers]
    )

    assert len(results) == 1
    assert len(failures) == len(confirmers) - 1
    assert all(isinstance(failure, services.DocumentAlreadyRevoked) for failure in failures)
    assert AuditEvent.objects.filter(action="document.revoked").count() == 1
    document.refresh_from_db()
    assert document.status == DocumentStatus.REVOKED


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_issuances_give_fifty_gap_free_serials(media_root: Any) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers by itself")
    staff = UserFactory(roles=[Role.STAFF_REVIEWER])
    count = 50

    def issue_one(number: int) -> str:
        return services.document_issue(
            actor=staff,
            kind=DocumentKind.KTECH_PASS_CERTIFICATE,
            holder_name_latin=f"Holder {number}",
            holder_birth_date=date(1990, 1, 1),
            nationality="IN",
            issued_on=date(2026, 11, 23),
            valid_until=date(2029, 11, 22),
            subject_type="tests.concurrent",
            subject_id=str(number),
        ).serial

    serials, failures = numbered_at_once(count, issue_one)

    assert failures == []
    assert sorted(serials) == [f"KTP-2026-{number:06d}" for number in range(1, count + 1)]
    assert IssuedDocument.objects.count() == count
    assert SerialCounter.objects.get().last_number == count


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_for_one_subject_issue_exactly_one_document(media_root: Any) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers by itself")
    staff = UserFactory(roles=[Role.STAFF_REVIEWER])
    count = 8

    def retry() -> str:
        return services.document_issue(
            actor=staff,
            kind=DocumentKind.KOTRA_RECOMMENDATION_LETTER,
            holder_name_latin="Same Holder",
            holder_birth_date=date(1990, 1, 1),
            nationality="VN",
            issued_on=date(2026, 11, 23),
            valid_until=date(2027, 11, 22),
            subject_type="cases.kotracase",
            subject_id="5",
        ).serial

    serials, failures = at_once([retry] * count)

    assert failures == []
    assert serials == ["KRL-2026-000001"] * count
    assert IssuedDocument.objects.count() == 1
    assert SerialCounter.objects.get().last_number == 1
