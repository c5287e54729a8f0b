"""A visitor verifies an issued document: types the serial in Korean, scans the PDF's QR code in
English, and uploads the PDF (the issued file matches, a changed copy does not); staff revoke a
letter in the back office (a second reviewer confirms) and the public page shows the revocation's
category, never the staff's note."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def issued(e2e_server: Any, settings: Any, tmp_path: Path) -> Any:
    from django.utils import timezone

    from talentcenter.accounts.enums import Role
    from talentcenter.documents import services
    from talentcenter.documents.enums import DocumentKind

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = e2e_server.url
    staff = UserFactory(roles=[Role.STAFF_REVIEWER])
    return services.document_issue(
        actor=staff,
        kind=DocumentKind.KOTRA_RECOMMENDATION_LETTER,
        holder_name_latin="Nguyen Van An",
        holder_name_hangul="응우옌반안",
        holder_birth_date=date(1994, 2, 14),
        nationality="VN",
        details={"employer": "Hanbit Robotics", "occupation": "Robotics engineer"},
        valid_until=timezone.localdate() + timedelta(days=365),
        subject_type="e2e.case",
        subject_id="1",
    )


def test_visitor_verifies_a_serial_in_korean(page: Any, issued: Any) -> None:
    page.goto("/ko/verify/")
    check_page(page, "verification form in Korean")
    expect(page.locator("html")).to_have_attribute("lang", "ko")

    page.locator("input[name='serial']").fill(issued.serial.lower())
    with page.expect_navigation():
        page.locator("form.site-form button[type='submit']").click()
    check_page(page, "valid letter in Korean")

    assert page.url.endswith(f"/ko/verify/{issued.serial}/")
    expect(page.locator("#verification-state")).to_have_attribute("data-state", "valid")
    expect(page.locator("main")).to_contain_text("N***** V** A*")
    expect(page.locator("main")).to_contain_text("응***안")
    expect(page.locator("main")).not_to_contain_text("Nguyen")

    page.goto("/ko/verify/KRL-2026-999999/")
    check_page(page, "unknown serial in Korean")


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is not installed")
def test_visitor_scans_the_qr_code_and_uploads_the_pdf_in_english(page: Any, issued: Any, tmp_path: Path) -> None:
    image = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", issued.file.path, str(image)], check=True)
    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", f"{image}.png"], capture_output=True, text=True, check=True
    ).stdout.strip()

    page.goto(scanned)
    check_page(page, "scanned letter in English")
    assert page.url.endswith(f"/en/verify/{issued.serial}/")
    expect(page.locator("#verification-state")).to_have_attribute("data-state", "valid")

    page.locator("input[name='file']").set_input_files(issued.file.path)
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    check_page(page, "the issued PDF matches")
    expect(page.locator("#file-result")).to_have_attribute("data-matches", "true")
    expect(page.locator("#file-result")).to_contain_text("This file is the one we issued")

    changed = tmp_path / "changed.pdf"
    changed.write_bytes(Path(issued.file.path).read_bytes() + b"\n% edited\n")
    page.locator("input[name='file']").set_input_files(str(changed))
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    check_page(page, "a changed PDF differs")
    expect(page.locator("#file-result")).to_have_attribute("data-matches", "false")

    not_pdf = tmp_path / "letter.pdf"
    not_pdf.write_text("<html>not a pdf</html>")
    page.locator("input[name='file']").set_input_files(str(not_pdf))
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    check_page(page, "a disguised file is refused")
    expect(page.locator("#error-summary")).to_contain_text("This file is not a PDF")


def test_staff_revoke_a_letter_and_the_public_page_says_so(page: Any, issued: Any) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from talentcenter.accounts.enums import Role
    from tests.e2e.flows import fill, form_with, submit, totp_code
    from tests.factories import PASSWORD

    reviewer = UserFactory(email="documents-reviewer@talentcenter.example", roles=[Role.STAFF_REVIEWER])
    secret = generate_totp_secret()
    TOTP.activate(reviewer, secret)
    page.goto("/en/accounts/login/")
    check_page(page, "sign in")
    form = form_with(page, "password")
    fill(form, {"login": reviewer.email, "password": PASSWORD})
    submit(form)
    check_page(page, "second factor")
    form = form_with(page, "code")
    fill(form, {"code": totp_code(secret)})
    submit(form)
    check_page(page, "signed in")

    page.goto("/en/backoffice/documents/")
    check_page(page, "issued documents")
    page.locator("main table a", has_text=issued.serial).click()
    page.wait_for_url(f"**/en/backoffice/documents/{issued.serial}/")
    check_page(page, "issued document")
    expect(page.locator("main")).to_contain_text("Nguyen Van An")

    form = form_with(page, "note")
    fill(form, {"note": ""})
    submit(form)
    check_page(page, "revocation without a reason")
    expect(page.locator("#error-summary")).to_be_visible()
    form = form_with(page, "note")
    fill(form, {"category": "holders_request", "note": "The employer withdrew the job offer.", "confirm": True})
    submit(form)
    check_page(page, "revocation waiting for a second person")
    expect(page.locator("#revocation-request")).to_contain_text("The employer withdrew the job offer.")
    expect(page.locator("#document-state")).to_have_attribute("data-state", "valid")

    # A second reviewer confirms (four eyes); the public page shows the reason's category, not the note
    from talentcenter.documents import services

    services.document_revocation_confirm(actor=UserFactory(roles=[Role.STAFF_REVIEWER]), document=issued)
    page.reload()
    check_page(page, "revoked")
    expect(page.locator("#document-state")).to_have_attribute("data-state", "revoked")

    page.goto(f"/ko/verify/{issued.serial}/")
    check_page(page, "revoked letter in Korean")
    expect(page.locator("#verification-state")).to_have_attribute("data-state", "revoked")
    expect(page.locator("#verification-state")).to_contain_text("소지자의 요청")
    expect(page.locator("main")).not_to_contain_text("The employer withdrew the job offer.")
