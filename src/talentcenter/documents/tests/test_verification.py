"""Public verification: states, masking, the PDF check, refused uploads, pages and API."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from talentcenter.audit.models import AuditEvent
from talentcenter.documents import selectors, services
from talentcenter.documents.enums import DocumentStatus, VerificationState
from talentcenter.documents.models import IssuedDocument
from talentcenter.documents.tests.conftest import IssueDocument


def _pdf_bytes(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Amina Mensah", "A**** M*****"),
        ("Amina  Ngozi Mensah", "A**** N**** M*****"),
        ("김서연", "김*연"),
        ("이준", "이*"),
        ("남궁민수", "남**수"),
        ("아미나 멘사", "아*나 멘*"),
        ("Kim Ji-Hoon", "K** J*-H***"),
        ("O'Brien", "O'B****"),
        ("홍길동", "홍*동"),
        ("X", "X"),
        ("", ""),
    ],
)
def test_names_are_masked(name: str, masked: str) -> None:
    assert selectors.mask_name(name) == masked


LATIN_PART = st.text(
    alphabet=st.characters(whitelist_categories=["Lu", "Ll"], max_codepoint=0x24F), min_size=1, max_size=12
)
HANGUL_PART = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=5)
NAME_WORD = st.lists(st.one_of(LATIN_PART, HANGUL_PART), min_size=1, max_size=3).flatmap(
    lambda parts: st.sampled_from(["-", "'"]).map(lambda separator: separator.join(parts))
)


@given(words=st.lists(NAME_WORD, min_size=1, max_size=4), spaces=st.sampled_from([" ", "  ", "\t", " \n "]))
def test_masking_keeps_the_shape_and_hides_the_letters(words: list[str], spaces: str) -> None:
    name = spaces.join(words)

    masked = selectors.mask_name(name)

    assert masked.split(" ") == [selectors.mask_name(word) for word in words]
    for word, masked_word in zip(words, masked.split(" "), strict=True):
        assert len(masked_word) == len(word)
        for part, masked_part in zip(re.split(r"[-']", word), re.split(r"[-']", masked_word), strict=True):
            shown = [char for char in masked_part if char != "*"]
            hangul = selectors._is_hangul(part)
            if len(part) == 1:
                assert masked_part == part
            elif hangul and len(part) >= 3:
                assert masked_part == part[0] + "*" * (len(part) - 2) + part[-1]
            else:
                assert masked_part == part[0] + "*" * (len(part) - 1)
            assert len(shown) <= 2
    if all(len(part) >= 2 for word in words for part in re.split(r"[-']", word)):
        assert masked != " ".join(words)


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        (" ktp-2026-000001 ", "KTP-2026-000001"),
        ("KTP–2026–000001", "KTP-2026-000001"),
        ("KRL 2026-000001", "KRL2026-000001"),
    ],
)
def test_serials_are_normalized(typed: str, normalized: str) -> None:
    assert selectors.normalize_serial(typed) == normalized


def test_states_valid_expired_revoked_and_not_found(issue: IssueDocument, lead: Any) -> None:
    today = timezone.localdate()
    valid = issue(issued_on=today - timedelta(days=10), valid_until=today)
    expired = issue(issued_on=today - timedelta(days=400), valid_until=today - timedelta(days=1))
    revoked = services.document_revoke(
        actor=lead,
        document=issue(issued_on=today, valid_until=today + timedelta(days=30)),
        reason="Fraud",
        category="obtained_by_deception",
    )

    assert selectors.verification_for(serial=valid.serial).state == VerificationState.VALID
    assert selectors.verification_for(serial=valid.serial, today=today + timedelta(days=1)).state == "expired"
    assert selectors.verification_for(serial=expired.serial).state == VerificationState.EXPIRED
    assert selectors.verification_for(serial=revoked.serial).state == VerificationState.REVOKED
    assert selectors.verification_for(serial="KTP-2026-999999").state == VerificationState.NOT_FOUND
    assert selectors.verification_for(serial="' OR 1=1 --").state == VerificationState.NOT_FOUND


def test_upload_checks() -> None:
    digest = selectors.sha256_of_upload([b"%PDF-1.4\n", b"rest"], size=13)
    assert len(digest) == 64
    with pytest.raises(selectors.UploadRefused, match="not a PDF"):
        selectors.sha256_of_upload([b"MZ\x90\x00 an executable"], size=20)
    with pytest.raises(selectors.UploadRefused, match="not a PDF"):
        selectors.sha256_of_upload([b"%P", b"DF"], size=4)
    with pytest.raises(selectors.UploadRefused, match="empty"):
        selectors.sha256_of_upload([], size=0)
    with pytest.raises(selectors.UploadRefused, match="10 MB"):
        selectors.sha256_of_upload([b"%PDF-"], size=10 * 1024 * 1024 + 1)
    chunk = b"%PDF-" + b"0" * (1024 * 1024)
    with pytest.raises(selectors.UploadRefused, match="10 MB"):
        selectors.sha256_of_upload([chunk] * 11, size=None)


# --- Pages ----------------------------------------------------------------------------------
def test_start_page_redirects_a_typed_serial_to_its_result(client: Client, db: None) -> None:
    response = client.get("/en/verify/")
    assert response.status_code == 200
    assert "Verify a document" in response.content.decode()

    response = client.get("/en/verify/", {"serial": " ktp-2026-000001 "})
    assert response.status_code == 302
    assert response["Location"] == "/en/verify/KTP-2026-000001/"

    response = client.get("/en/verify/", {"serial": "not a serial"})
    assert response.status_code == 400
    assert "Enter the serial number as printed" in response.content.decode()


def test_result_page_in_english_and_korean(client: Client, issue: IssueDocument) -> None:
    document = issue(valid_until=timezone.localdate() + timedelta(days=365))

    english = client.get(f"/en/verify/{document.serial}/")
    korean = client.get(f"/ko/verify/{document.serial}/")

    assert english.status_code == 200
    page = english.content.decode()
    assert 'data-state="valid"' in page
    assert "A**** M*****" in page
    assert "김*연" in page
    assert "Amina" not in page and "Mensah" not in page and "김서연" not in page
    assert "K-Tech Pass certificate" in page
    assert "on behalf of the Ministry of Trade, Industry and Resources" in page
    assert korean.status_code == 200
    assert '<html lang="ko"' in korean.content.decode()
    assert 'data-state="valid"' in korean.content.decode()


def test_the_address_in_the_qr_code_opens_the_page_in_the_readers_language(
    client: Client, issue: IssueDocument
) -> None:
    document = issue()
    response = client.get(f"/verify/{document.serial}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == f"/en/verify/{document.serial}/"
    lowercase = client.get(f"/en/verify/{document.serial.lower()}/")
    assert lowercase["Location"] == f"/en/verify/{document.serial}/"


def test_revoked_and_expired_and_missing_pages(client: Client, issue: IssueDocument, lead: Any) -> None:
    revoked = services.document_revoke(
        actor=lead, document=issue(), reason="Forged diploma, see file 12", category="obtained_by_deception"
    )
    expired = issue(issued_on=date(2020, 1, 1), valid_until=date(2021, 1, 1))

    page = client.get(f"/en/verify/{revoked.serial}/").content.decode()
    assert 'data-state="revoked"' in page
    assert "Obtained with false information" in page
    assert "Forged diploma" not in page
    with translation.override("ko"):
        korean = client.get(f"/ko/verify/{revoked.serial}/").content.decode()
    assert "허위 정보로 발급받음" in korean
    assert timezone.localdate(revoked.revoked_at).isoformat() in page
    assert 'data-state="expired"' in client.get(f"/en/verify/{expired.serial}/").content.decode()
    missing = client.get("/en/verify/KTP-2026-999999/")
    assert missing.status_code == 404
    assert "Document not found" in missing.content.decode()
    assert client.get("/en/verify/" + "x" * 500 + "/").status_code == 404


def test_uploading_the_issued_pdf_matches_and_a_changed_one_differs(client: Client, issue: IssueDocument) -> None:
    document = issue()
    original = _pdf_bytes(document)
    url = f"/en/verify/{document.serial}/"

    same = client.post(url, {"file": SimpleUploadedFile("certificate.pdf", original, "application/pdf")})
    changed = client.post(url, {"file": SimpleUploadedFile("certificate.pdf", original + b"\n%%EOF\n")})

    assert same.status_code == 200
    assert 'data-matches="true"' in same.content.decode()
    assert "This file is the one we issued" in same.content.decode()
    assert 'data-matches="false"' in changed.content.decode()
    assert "This file differs" in changed.content.decode()
    assert not AuditEvent.objects.exclude(action="document.issued").exists()


def test_bad_uploads_are_refused_with_a_message(client: Client, issue: IssueDocument) -> None:
    document = issue()
    url = f"/en/verify/{document.serial}/"

    disguised = client.post(url, {"file": SimpleUploadedFile("certificate.pdf", b"<html>not a pdf</html>")})
    missing = client.post(url, {})
    large = client.post(url, {"file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))})

    assert disguised.status_code == 400
    assert "This file is not a PDF" in disguised.content.decode()
    assert missing.status_code == 400
    assert large.status_code == 400
    assert "larger than 10 MB" in large.content.decode()
    assert "data-matches" not in disguised.content.decode()


# --- API ------------------------------------------------------------------------------------
def test_api_verifies_anonymously(client: Client, issue: IssueDocument, lead: Any) -> None:
    document = issue(valid_until=timezone.localdate() + timedelta(days=30))

    response = client.get(f"/api/v1/verifications/{document.serial}")

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "valid"
    assert body["holder_name_masked"] == "A**** M*****"
    assert body["holder_name_hangul_masked"] == "김*연"
    assert body["kind"] == "ktech_pass_certificate"
    assert body["revoked_on"] is None
    assert body["verification_url"] == f"https://talentcenter.example/verify/{document.serial}/"
    assert "holder_name_latin" not in body

    services.document_revoke(
        actor=lead, document=document, reason="Typo in the name, ticket 7", category="issued_in_error"
    )
    revoked = client.get(f"/api/v1/verifications/{document.serial}", HTTP_ACCEPT_LANGUAGE="en").json()
    korean = client.get(f"/api/v1/verifications/{document.serial}", HTTP_ACCEPT_LANGUAGE="ko").json()
    assert korean["revocation_reason"] == "착오로 발급됨"
    assert revoked["state"] == "revoked"
    assert revoked["revocation_category"] == "issued_in_error"
    assert revoked["revocation_reason"] == "Issued in error"
    assert "ticket 7" not in str(revoked)
    assert set(revoked) == {
        "serial",
        "state",
        "kind",
        "holder_name_masked",
        "holder_name_hangul_masked",
        "issuing_body",
        "issued_on",
        "valid_until",
        "revoked_on",
        "revocation_category",
        "revocation_reason",
        "verification_url",
    }

    missing = client.get("/api/v1/verifications/KTP-2026-999999")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_api_checks_a_file(client: Client, issue: IssueDocument) -> None:
    document = issue()
    url = f"/api/v1/verifications/{document.serial}/file"

    same = client.post(url, {"file": SimpleUploadedFile("a.pdf", _pdf_bytes(document), "application/pdf")})
    other = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.7 something else")})
    refused = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"GIF89a")})
    absent = client.post(url, {})

    assert same.status_code == 200
    assert same.json()["file_matches"] is True
    assert same.json()["file_sha256"] == document.sha256
    assert other.json()["file_matches"] is False
    assert refused.status_code == 422
    assert refused.json()["code"] == "validation_error"
    assert "file" in refused.json()["fields"]
    assert absent.status_code == 422
    assert (
        client.post(
            "/api/v1/verifications/KTP-2026-999999/file", {"file": SimpleUploadedFile("a.pdf", b"%PDF-")}
        ).status_code
        == 404
    )


def test_staff_api_revokes_with_four_eyes(
    client: Client, staff_client: Client, issue: IssueDocument, second_reviewer: Any
) -> None:
    document = issue()
    base = f"/api/v1/staff/documents/{document.serial}"
    body = {"category": "holders_request", "note": "Asked by e-mail"}

    assert client.post(f"{base}/revocation-request", body, content_type="application/json").status_code == 401
    listed = staff_client.get("/api/v1/staff/documents")
    assert [item["serial"] for item in listed.json()["items"]] == [document.serial]
    pdf = staff_client.get(f"{base}/pdf")
    assert pdf.status_code == 200
    assert pdf.content == _pdf_bytes(document)

    asked = staff_client.post(f"{base}/revocation-request", body, content_type="application/json")
    assert asked.status_code == 200
    assert (asked.json()["status"], asked.json()["revocation_requested"]) == ("valid", True)
    assert staff_client.post(f"{base}/revocation-request", body, content_type="application/json").status_code == 409
    own = staff_client.post(f"{base}/revocation-request/confirm")
    assert own.status_code == 403
    assert staff_client.post(f"{base}/revoke", body, content_type="application/json").status_code == 403

    second = staff_client_with_second_factor(second_reviewer)
    confirmed = second.post(f"{base}/revocation-request/confirm")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "revoked"
    assert confirmed.json()["revocation_category"] == "holders_request"
    assert confirmed.json()["revocation_note"] == "Asked by e-mail"
    again = second.post(f"{base}/revocation-request/confirm")
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"


def test_signed_in_non_staff_cannot_use_the_staff_api(client: Client, talent: Any, issue: IssueDocument) -> None:
    document = issue()
    client.force_login(talent)
    base = f"/api/v1/staff/documents/{document.serial}"
    body = {"category": "other", "note": "x"}
    for path, payload in [
        ("revocation-request", body),
        ("revocation-request/confirm", None),
        ("revocation-request/withdraw", None),
        ("revoke", body),
    ]:
        assert client.post(f"{base}/{path}", payload, content_type="application/json").status_code == 403
    document.refresh_from_db()
    assert (document.status, document.revocation_pending) == (DocumentStatus.VALID, False)
    assert not AuditEvent.objects.exclude(action="document.issued").exists()


def test_many_lookups_from_one_address_are_slowed_down(client: Client, issue: IssueDocument, settings: Any) -> None:
    settings.TALENTCENTER_API_THROTTLE_RATES = {**settings.TALENTCENTER_API_THROTTLE_RATES, "verification": "3/m"}
    cache.clear()
    document = issue()

    statuses = [client.get(f"/en/verify/{document.serial}/").status_code for _ in range(4)]
    korean = client.get(f"/ko/verify/{document.serial}/")
    other_address = client.get(f"/en/verify/{document.serial}/", REMOTE_ADDR="10.0.0.9")

    assert statuses == [200, 200, 200, 429]
    assert korean.status_code == 429
    # The sliding-window counter's wait: at most a period and a share of it (60 + 60 / 3 s).
    assert 0 < int(korean["Retry-After"]) <= 80
    assert "진위 확인 요청이 너무 많음" in korean.content.decode()
    assert other_address.status_code == 200
