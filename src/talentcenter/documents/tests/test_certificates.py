"""The issued PDFs read back: both languages, the serial, the embedded font, and a QR code that a
scanner decodes to the verification page."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from talentcenter.documents.certificates import DocumentContent, render_document, verification_url
from talentcenter.documents.enums import DocumentKind
from talentcenter.documents.tests.conftest import IssueDocument

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def _content(kind: str = DocumentKind.KTECH_PASS_CERTIFICATE, serial: str = "KTP-2026-000007") -> DocumentContent:
    return DocumentContent(
        kind=kind,
        serial=serial,
        holder_name_latin="Amina Mensah",
        holder_name_hangul="아미나 멘사",
        holder_birth_date=date(1992, 4, 3),
        nationality="GH",
        issued_on=date(2026, 11, 23),
        valid_until=date(2029, 11, 22),
        details={"employer": "Hanbit Semiconductor", "occupation": "Process engineer", "annual_salary_krw": 72000000},
    )


def _text(pdf_path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_certificate_text_is_in_korean_and_english(tmp_path: Path, settings: object) -> None:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(render_document(_content()))

    text = _text(path)

    for expected in [
        "K-Tech Pass 우수 해외인재 확인서",
        "K-Tech Pass Certificate",
        "KTP-2026-000007",
        "Amina Mensah (아미나 멘사)",
        "1992-04-03",
        "가나 / Ghana",
        "Hanbit Semiconductor",
        "72,000,000",
        "2029-11-22",
        "글로벌인재센터",
        "on behalf of the Ministry of Trade, Industry and Resources",
        "https://talentcenter.example/verify/KTP-2026-000007/",
    ]:
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "NanumGothic" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info


def test_letter_names_kotra_and_the_e7_visa(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(render_document(_content(DocumentKind.KOTRA_RECOMMENDATION_LETTER, "KRL-2026-000003")))

    text = _text(path)

    assert "외국인 전문인력(E-7) 고용추천서" in text
    assert "Employment Recommendation Letter" in text
    assert "Korea Trade-Investment Promotion Agency (KOTRA)" in text
    assert "KRL-2026-000003" in text


def test_the_same_content_renders_the_same_bytes() -> None:
    assert render_document(_content()) == render_document(_content())


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is not installed")
@pytest.mark.parametrize("kind", list(DocumentKind))
def test_qr_code_on_the_rendered_page_opens_the_verification_page(
    issue: IssueDocument, tmp_path: Path, kind: DocumentKind
) -> None:
    document = issue(kind=kind)
    image = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-singlefile", document.file.path, str(image)], check=True, timeout=60
    )

    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", f"{image}.png"], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()

    assert decoded == verification_url(document.serial)
    assert decoded == f"https://talentcenter.example/verify/{document.serial}/"
