"""The issued PDFs read back: both languages, the serial, the embedded font, a QR code that a
scanner decodes to the verification page, the seal over the signatory's office and the moment of
issue in Korean time."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine

from talentcenter.documents.certificates import WORDINGS, DocumentContent, render_document, verification_url
from talentcenter.documents.enums import DocumentKind
from talentcenter.documents.pdf import SEOUL
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
        issued_at=datetime(2026, 11, 23, 2, 15, tzinfo=SEOUL),
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


@pytest.mark.django_db
def test_the_footer_shows_the_moment_of_issue_in_korean_time(issue: IssueDocument, tmp_path: Path) -> None:
    # given: the clock at 02:15 in Seoul, still the day before in UTC
    with time_machine.travel(datetime(2026, 11, 22, 17, 15, 42, tzinfo=UTC), tick=False):
        # when: a document is issued now
        document = issue(issued_on=None)
    # then: the date of issue is Korea's, and the footer shows the minute it was issued
    assert document.issued_on == date(2026, 11, 23)
    text = _text(Path(document.file.path))
    assert "발급 Issued 2026-11-23 02:15 KST" in text
    assert "09:00" not in text


def _page_pixels(pdf_path: Path, tmp_path: Path, dpi: int = 40) -> tuple[int, int, bytes]:
    """The page as RGB bytes (pdftoppm's PPM: a text header, then the raw pixels)."""
    out = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-singlefile", str(pdf_path), str(out)], check=True, timeout=60)
    data = (tmp_path / "page.ppm").read_bytes()
    magic, size, _maximum, pixels = data.split(b"\n", 3)
    assert magic == b"P6"
    width, height = (int(number) for number in size.split())
    return width, height, pixels


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_the_seal_is_stamped_over_the_end_of_the_signatorys_name(kind: DocumentKind, tmp_path: Path) -> None:
    # given
    path = tmp_path / "document.pdf"
    path.write_bytes(render_document(_content(kind)))
    # when
    width, height, pixels = _page_pixels(path, tmp_path)
    red = [
        (index // 3 % width, index // 3 // width)
        for index in range(0, len(pixels), 3)
        if pixels[index] > 170 and pixels[index + 1] < 120 and pixels[index + 2] < 120
    ]
    # then: a red square at the bottom right of the text, over the signatory's title
    assert len(red) > 100, "no seal on the page"
    xs, ys = [x for x, _ in red], [y for _, y in red]
    seal_width, seal_height = max(xs) - min(xs), max(ys) - min(ys)
    assert abs(seal_width - seal_height) <= 2  # square
    assert seal_width == pytest.approx(24 / 25.4 * 40, abs=3)  # 24 mm at 40 dpi
    assert min(xs) > width / 2 and height / 2 < min(ys) < height * 0.85
    # The letters of the seal are drawn, not written: the text is only the signatory's office.
    text = _text(path)
    signatory = WORDINGS[kind].signatory_ko
    assert signatory in text.replace("  ", " ")
    for letter_run in ("터인글", "장재로", "인센벌", "지공투대", "인사사진"):
        assert letter_run not in text
