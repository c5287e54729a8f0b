"""Back-office pages for issued documents: staff find, read, download and revoke; nobody else can."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from talentcenter.audit.models import AuditEvent
from talentcenter.documents.enums import DocumentStatus
from talentcenter.documents.tests.conftest import IssueDocument


def test_staff_find_a_document_and_read_it_in_full(staff_client: Client, issue: IssueDocument) -> None:
    document = issue(subject_type="cases.ktechpasscase", subject_id="42")
    issue(holder_name_latin="Someone Else")

    listed = staff_client.get("/en/backoffice/documents/", {"q": "amina"})
    detail = staff_client.get(f"/en/backoffice/documents/{document.serial}/")
    pdf = staff_client.get(f"/en/backoffice/documents/{document.serial}/pdf/")

    assert listed.status_code == 200
    assert document.serial in listed.content.decode()
    assert "Someone Else" not in listed.content.decode()
    page = detail.content.decode()
    assert "Amina Mensah" in page and "김서연" in page
    assert document.sha256 in page
    assert 'data-state="valid"' in page
    assert pdf.status_code == 200
    with document.file.open("rb") as handle:
        assert b"".join(pdf.streaming_content) == handle.read()  # type: ignore[attr-defined]


def test_staff_revoke_with_a_reason(staff_client: Client, issue: IssueDocument, client: Client) -> None:
    document = issue()
    url = f"/en/backoffice/documents/{document.serial}/revoke/"

    empty = staff_client.post(url, {"reason": "  "})
    assert empty.status_code == 400
    document.refresh_from_db()
    assert document.status == DocumentStatus.VALID

    response = staff_client.post(url, {"reason": "The employer withdrew the offer"}, follow=True)

    assert response.status_code == 200
    assert 'data-state="revoked"' in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.REVOKED
    assert AuditEvent.objects.filter(action="document.revoked", reason="The employer withdrew the offer").count() == 1
    public = client.get(f"/en/verify/{document.serial}/").content.decode()
    assert "The employer withdrew the offer" in public
    assert staff_client.post(url, {"reason": "Again"}).status_code == 400
    assert AuditEvent.objects.filter(action="document.revoked").count() == 1


@pytest.mark.parametrize("who", ["anonymous", "talent", "policy_analyst"])
def test_others_cannot_see_or_revoke(
    client: Client, issue: IssueDocument, talent: Any, who: str, request: pytest.FixtureRequest
) -> None:
    document = issue()
    if who == "talent":
        client.force_login(talent)
    elif who == "policy_analyst":
        client = request.getfixturevalue("policy_client")  # signed in with a second factor
    expected = 302 if who == "anonymous" else 404

    assert client.get("/en/backoffice/documents/").status_code == expected
    assert client.get(f"/en/backoffice/documents/{document.serial}/").status_code == expected
    assert client.get(f"/en/backoffice/documents/{document.serial}/pdf/").status_code == expected
    assert client.post(f"/en/backoffice/documents/{document.serial}/revoke/", {"reason": "x"}).status_code == expected
    document.refresh_from_db()
    assert document.status == DocumentStatus.VALID
    assert not AuditEvent.objects.filter(action="document.revoked").exists()


def test_unknown_serial_is_404(staff_client: Client, db: None) -> None:
    assert staff_client.get("/en/backoffice/documents/KTP-2026-999999/").status_code == 404
    assert staff_client.get("/en/backoffice/documents/whatever/").status_code == 404
