"""The document layer: Korean and English text read back exactly, fonts embedded, every page drawn."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from talentcenter.documents import pdf

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdftoppm", "pdffonts"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="needs poppler-utils (apt-get install poppler-utils)")

CREATED = datetime(2026, 6, 1, 9, 30, tzinfo=pdf.SEOUL)


def _document(rows: int = 60) -> bytes:
    styles = pdf.styles()
    info = pdf.DocumentInfo(
        title_en="Test document",
        title_ko="시험 문서",
        subject="document layer test",
        footer_note="안내용 자료 · Guidance only",
        created=CREATED,
    )
    story = [
        pdf.paragraph("글로벌인재센터 K-테크패스 안내", styles.title),
        pdf.paragraph("Annual salary of at least 3× per-capita GNI", styles.body),
        pdf.table(
            [["기준 Criterion", "값 Value", "출처 Source"]]
            + [
                [f"행 {index} 연봉 기준 salary threshold", "x" * 90, pdf.link("https://example.com/" + "a" * 80)]
                for index in range(rows)
            ],
            (2, 2, 2),
        ),
    ]
    return pdf.render(info, story)


def _write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return path


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True).stdout


@needs_poppler
def test_korean_and_english_text_reads_back_exactly(tmp_path: Path) -> None:
    text = _text(_write(tmp_path, _document()))

    assert "글로벌인재센터 K-테크패스 안내" in text
    assert "Annual salary of at least 3× per-capita GNI" in text
    assert "행 59 연봉 기준 salary threshold" in text
    assert "글로벌인재센터 Global Talent Center" in text
    assert "시험 문서" in text and "Test document" in text
    assert "안내용 자료 · Guidance only" in text


@needs_poppler
def test_fonts_are_embedded_and_no_other_font_is_used(tmp_path: Path) -> None:
    path = _write(tmp_path, _document())
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    fonts = listing.splitlines()[2:]

    assert len(fonts) == 2
    assert {line.split()[0].split("+")[1] for line in fonts} == {"NanumGothic", "NanumGothicBold"}
    for line in fonts:
        assert line.split()[-5:-2] == ["yes", "yes", "yes"]  # emb, sub, uni


@needs_poppler
def test_every_page_renders_with_ink_and_numbers_itself(tmp_path: Path) -> None:
    path = _write(tmp_path, _document())
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    text = _text(path)

    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        histogram = Image.open(page).convert("L").histogram()
        inked = sum(histogram[:200])
        assert inked > 300, f"page {number} is blank"
        assert f"Page {number} of {len(pages)}" in text


@needs_poppler
def test_metadata_title_author_language_and_fixed_date(tmp_path: Path) -> None:
    content = _document(rows=3)
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(_write(tmp_path, content))], check=True, capture_output=True, text=True
    )

    assert "Title:           시험 문서 / Test document" in info.stdout
    assert "Author:          Global Talent Center (글로벌인재센터)" in info.stdout
    assert "Subject:         document layer test" in info.stdout
    assert "CreationDate:    2026-06-01T09:30:00+09" in info.stdout
    assert b"/Lang (ko-KR)" in content


def test_output_is_deterministic_with_a_fixed_creation_date() -> None:
    assert _document(rows=5) == _document(rows=5)


def test_characters_the_font_lacks_never_become_boxes() -> None:
    assert pdf.missing_glyphs("해외인재 Global Talent 3× ≥ → é") == set()
    assert pdf.printable("Łódź ✓ ǅ") == "Łódz ? Dz"
    assert pdf.missing_glyphs(pdf.printable("Nguyễn ✓ 𝔸")) == set()


def test_untrusted_text_is_escaped_not_interpreted() -> None:
    paragraph = pdf.paragraph("<b>bold?</b> & <link href='x'>x</link>")

    assert "&lt;b&gt;" in paragraph.text
    assert "<b>" not in paragraph.text
