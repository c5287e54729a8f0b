"""Back-office pages for issued documents: staff find, read, download and revoke; nobody else can."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import staff_client_with_second_factor
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


def test_staff_ask_another_confirms_and_the_public_sees_only_the_category(
    staff_client: Client, issue: IssueDocument, client: Client, second_reviewer: Any
) -> None:
    document = issue()
    base = f"/en/backoffice/documents/{document.serial}"

    empty = staff_client.post(f"{base}/revoke/", {"category": "", "note": "  "})
    assert empty.status_code == 400
    asked = staff_client.post(
        f"{base}/revoke/", {"category": "holders_request", "note": "Ticket 4711", "confirm": "on"}, follow=True
    )
    page = asked.content.decode()
    assert 'id="revocation-request"' in page and "Ticket 4711" in page
    assert "another staff member must confirm it" in page
    assert f"{base}/revoke/confirm/" not in page
    assert staff_client.post(f"{base}/revoke/confirm/", {"confirm": "on"}, follow=True).status_code == 200
    document.refresh_from_db()
    assert document.status == DocumentStatus.VALID

    second = staff_client_with_second_factor(second_reviewer)
    assert f"{base}/revoke/confirm/" in second.get(f"{base}/").content.decode()
    confirmed = second.post(f"{base}/revoke/confirm/", {"confirm": "on"}, follow=True)

    assert confirmed.status_code == 200
    assert 'data-state="revoked"' in confirmed.content.decode()
    document.refresh_from_db()
    assert (document.status, document.revocation_category, document.revocation_reason) == (
        DocumentStatus.REVOKED,
        "holders_request",
        "Ticket 4711",
    )
    assert AuditEvent.objects.filter(action="document.revoked", reason="Ticket 4711").count() == 1
    public = client.get(f"/en/verify/{document.serial}/").content.decode()
    assert "At the holder&#x27;s request" in public or "At the holder's request" in public
    assert "Ticket 4711" not in public
    assert second.post(f"{base}/revoke/confirm/", {"confirm": "on"}).status_code == 302
    assert AuditEvent.objects.filter(action="document.revoked").count() == 1


def test_a_lead_may_revoke_at_once_and_a_reviewer_may_not(
    staff_client: Client, issue: IssueDocument, lead: Any
) -> None:
    document = issue()
    base = f"/en/backoffice/documents/{document.serial}"

    staff_client.post(f"{base}/revoke/", {"category": "other", "note": "Alone", "at_once": "1", "confirm": "on"})
    document.refresh_from_db()
    assert (document.status, document.revocation_pending) == (DocumentStatus.VALID, True)
    staff_client.post(f"{base}/revoke/withdraw/")
    lead_client = staff_client_with_second_factor(lead)
    assert 'name="at_once"' in lead_client.get(f"{base}/").content.decode()
    lead_client.post(f"{base}/revoke/", {"category": "superseded", "note": "Replaced", "at_once": "1", "confirm": "on"})
    document.refresh_from_db()
    assert (document.status, document.revoked_by) == (DocumentStatus.REVOKED, lead)


@pytest.mark.parametrize("step", ["ask", "revoke_at_once", "confirm"])
def test_no_revocation_goes_through_until_the_box_naming_the_document_is_ticked(
    staff_client: Client, issue: IssueDocument, lead: Any, second_reviewer: Any, step: str
) -> None:
    # given a valid document (with a request waiting when a second person is to confirm it)
    document = issue()
    base = f"/en/backoffice/documents/{document.serial}"
    if step == "confirm":
        staff_client.post(f"{base}/revoke/", {"category": "other", "note": "Wrong holder", "confirm": "on"})
    client = {
        "ask": staff_client,
        "revoke_at_once": staff_client_with_second_factor(lead),
        "confirm": staff_client_with_second_factor(second_reviewer),
    }[step]
    url, data = {
        "ask": (f"{base}/revoke/", {"category": "other", "note": "Wrong holder"}),
        "revoke_at_once": (f"{base}/revoke/", {"category": "other", "note": "Wrong holder", "at_once": "1"}),
        "confirm": (f"{base}/revoke/confirm/", {}),
    }[step]
    # the page asks for the box, naming the document
    box = f"{document.get_kind_display()} {document.serial}, held by {document.holder_name_latin}"
    assert box in client.get(f"{base}/").content.decode()
    document.refresh_from_db()
    before = (document.status, document.revocation_pending, AuditEvent.objects.count())

    # when the form is sent without it, nothing is revoked or asked for
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Tick the box to confirm that this is the document to revoke." in refused.content.decode()
    document.refresh_from_db()
    assert (document.status, document.revocation_pending, AuditEvent.objects.count()) == before

    # with it, the step goes through
    assert client.post(url, {**data, "confirm": "on"}).status_code == 302
    document.refresh_from_db()
    assert (document.status, document.revocation_pending) == {
        "ask": (DocumentStatus.VALID, True),
        "revoke_at_once": (DocumentStatus.REVOKED, False),
        "confirm": (DocumentStatus.REVOKED, False),
    }[step]


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
    revoke = f"/en/backoffice/documents/{document.serial}/revoke/"
    assert client.post(revoke, {"category": "other", "note": "x"}).status_code == expected
    assert client.post(f"{revoke}confirm/").status_code == expected
    assert client.post(f"{revoke}withdraw/").status_code == expected
    document.refresh_from_db()
    assert document.status == DocumentStatus.VALID
    assert not AuditEvent.objects.exclude(action="document.issued").exists()


def test_unknown_serial_is_404(staff_client: Client, db: None) -> None:
    assert staff_client.get("/en/backoffice/documents/KTP-2026-999999/").status_code == 404
    assert staff_client.get("/en/backoffice/documents/whatever/").status_code == 404
