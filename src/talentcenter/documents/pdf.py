"""The platform's PDF documents: A4 pages in Korean and English with an embedded Korean font.

A small layer over reportlab's platypus so every document (self-check summaries now, issued
certificates and letters later) looks the same: the Center's bilingual header, a footer with
"page x of y", the generation date and a configurable line (e.g. "guidance only"), one set of
paragraph and table styles, and document metadata (title, author, subject, language).

NanumGothic (SIL Open Font License, ``fonts/OFL.txt``) is embedded as a subset, so Hangul renders
on any reader. Characters the font lacks are never drawn as empty boxes: accented Latin letters
fall back to their base letter and anything else to "?" (see :func:`printable`).

``render(info, story)`` returns the PDF as bytes. With ``info.created`` set the output is
byte-for-byte deterministic (fixed dates and document id), which tests rely on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "NanumGothic"
FONT_BOLD = "NanumGothicBold"
SEOUL = ZoneInfo("Asia/Seoul")

CENTER_NAME_EN = "Global Talent Center"
CENTER_NAME_KO = "글로벌인재센터"
AUTHOR = f"{CENTER_NAME_EN} ({CENTER_NAME_KO})"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
HEADER_HEIGHT = 20 * mm
FOOTER_HEIGHT = 14 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN

PRIMARY = colors.HexColor("#0b50d0")
TEXT = colors.HexColor("#1e2124")
SUBTLE = colors.HexColor("#464c53")
DIVIDER = colors.HexColor("#cdd1d5")
HEADER_FILL = colors.HexColor("#eef2f7")


@dataclass(frozen=True)
class DocumentInfo:
    """What a document says about itself: titles, metadata and the footer line."""

    title_en: str
    title_ko: str
    subject: str = ""
    author: str = AUTHOR
    language: str = "ko-KR"
    keywords: tuple[str, ...] = ()
    footer_note: str = ""
    created: datetime | None = None  # fixed for deterministic output; now (Asia/Seoul) otherwise
    stamp_label: str = "생성 Generated"  # what the footer's time is: generated, or issued

    @property
    def title(self) -> str:
        return self.title_en if self.title_ko == self.title_en else f"{self.title_ko} / {self.title_en}"


@cache
def register_fonts() -> None:
    """Register NanumGothic regular and bold once per process (``<b>`` in paragraphs uses bold)."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "NanumGothic.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "NanumGothicBold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


@cache
def _covered() -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(FONT)
    return frozenset(font.face.charToGlyph)


def missing_glyphs(text: str) -> set[str]:
    """Characters of ``text`` the embedded font cannot draw (whitespace aside)."""
    covered = _covered()
    return {char for char in text if ord(char) not in covered and not char.isspace()}


def printable(text: str) -> str:
    """``text`` with every character the font lacks replaced: a base letter, or "?"."""
    covered = _covered()
    out = []
    for char in text:
        if ord(char) in covered or char in "\n\t":
            out.append(char)
            continue
        if char.isspace():
            out.append(" ")
            continue
        base = "".join(
            part
            for part in unicodedata.normalize("NFKD", char)
            if ord(part) in covered and not unicodedata.combining(part)
        )
        out.append(base or "?")
    return "".join(out)


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_header: ParagraphStyle
    notice: ParagraphStyle


@cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=9.5, leading=14, textColor=TEXT, spaceAfter=4, splitLongWords=1
    )
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=17, leading=23, spaceAfter=6),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=18,
            spaceBefore=10,
            spaceAfter=4,
            textColor=PRIMARY,
            keepWithNext=1,
        ),
        subheading=ParagraphStyle(
            "subheading", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=15, spaceBefore=6, keepWithNext=1
        ),
        body=body,
        label=ParagraphStyle("label", parent=body, fontName=FONT_BOLD, keepWithNext=1),
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=11, textColor=SUBTLE),
        cell=ParagraphStyle("cell", parent=body, fontSize=8, leading=10.5, spaceAfter=0),
        cell_header=ParagraphStyle("cell_header", parent=body, fontName=FONT_BOLD, fontSize=8, leading=10.5),
        notice=ParagraphStyle(
            "notice",
            parent=body,
            fontSize=9,
            leading=13,
            borderColor=DIVIDER,
            borderWidth=0.6,
            borderPadding=6,
            backColor=HEADER_FILL,
            spaceBefore=8,
            spaceAfter=10,
        ),
    )


def markup(text: Any) -> str:
    """Plain text made safe for a paragraph: font-covered, XML-escaped, newlines as breaks."""
    return escape(printable(str(text))).replace("\n", "<br/>")


def paragraph(text: Any, style: ParagraphStyle | None = None, *, bold: bool = False) -> Paragraph:
    """A paragraph of plain (untrusted) text."""
    content = markup(text)
    if bold:
        content = f"<b>{content}</b>"
    return Paragraph(content, style or styles().body)


def _link_markup(url: str, text: str = "") -> str:
    if not url.startswith(("https://", "http://")):
        return markup(text or url)
    safe = escape(printable(url), {'"': "&quot;"})
    return f'<link href="{safe}" color="#0b50d0">{markup(text or url)}</link>'


def link(url: str, style: ParagraphStyle | None = None, *, text: str = "") -> Paragraph:
    """A clickable address; long addresses wrap inside their cell."""
    return Paragraph(_link_markup(url, text), style or styles().cell)


def links(urls: Iterable[str], style: ParagraphStyle | None = None) -> Paragraph:
    """Several clickable addresses in one cell, one a line."""
    return Paragraph("<br/>".join(_link_markup(url) for url in urls), style or styles().cell)


def labelled_links(items: Iterable[tuple[str, str]], style: ParagraphStyle | None = None) -> Paragraph:
    """Several ``(label, address or text)`` lines in one cell: the label, then the clickable
    address (or the text); a line without a label is the text alone."""
    lines = [f"{markup(label)}: {_link_markup(target)}" if label else _link_markup(target) for label, target in items]
    return Paragraph("<br/>".join(lines), style or styles().cell)


def spacer(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    zebra: bool = True,
) -> Table:
    """A table whose cells wrap: strings become paragraphs; ``widths`` are fractions of the page width.

    The header row repeats on every page the table spans.
    """
    style = styles()
    total = sum(widths)
    column_widths = [CONTENT_WIDTH * width / total for width in widths]
    data = []
    for index, row in enumerate(rows):
        cell_style = style.cell_header if header and index == 0 else style.cell
        data.append([cell if isinstance(cell, Flowable) else paragraph(cell, cell_style) for cell in row])
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, DIVIDER),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    if zebra:
        first = 1 if header else 0
        for index in range(first + 1, len(data), 2):
            commands.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor("#f8f9fa")))
    return Table(data, colWidths=column_widths, repeatRows=1 if header else 0, style=TableStyle(commands))


def key_values(pairs: Iterable[tuple[str, Any]]) -> Table:
    """Two columns, label and value, without a header row."""
    return table([[paragraph(label, styles().cell_header), value] for label, value in pairs], (1, 2.6), header=False)


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))


class _NumberedCanvas(Canvas):
    """Holds every page until the end so the footer can say "page x of y"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_page_number(number, total)
            super().showPage()
        super().save()

    def _draw_page_number(self, number: int, total: int) -> None:
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(SUBTLE)
        self.drawRightString(PAGE_WIDTH - MARGIN, MARGIN - 2 * mm, f"{number} / {total} 쪽 · Page {number} of {total}")
        self.restoreState()


class _Document(BaseDocTemplate):
    def __init__(self, buffer: BytesIO, info: DocumentInfo, created: datetime) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_HEIGHT,
            bottomMargin=MARGIN + FOOTER_HEIGHT,
            title=info.title,
            author=info.author,
            subject=info.subject,
            creator=AUTHOR,
            keywords=list(info.keywords),
            lang=info.language,
            invariant=1 if info.created is not None else 0,
            displayDocTitle=1,
            initialFontName=FONT,
        )
        self.document_info = info
        self.created = created
        frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="body", leftPadding=0, rightPadding=0
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        info = self.document_info
        canvas.saveState()
        top = PAGE_HEIGHT - MARGIN
        canvas.setFillColor(PRIMARY)
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawString(MARGIN, top - 4 * mm, f"{CENTER_NAME_KO}  {CENTER_NAME_EN}")
        canvas.setFillColor(TEXT)
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawString(MARGIN, top - 9.5 * mm, printable(info.title_ko))
        if info.title_en != info.title_ko:
            canvas.setFont(FONT, 9)
            canvas.drawString(MARGIN, top - 14 * mm, printable(info.title_en))
        canvas.setStrokeColor(PRIMARY)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, top - 17 * mm, PAGE_WIDTH - MARGIN, top - 17 * mm)

        canvas.setStrokeColor(DIVIDER)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN + FOOTER_HEIGHT - 4 * mm, PAGE_WIDTH - MARGIN, MARGIN + FOOTER_HEIGHT - 4 * mm)
        canvas.setFillColor(SUBTLE)
        canvas.setFont(FONT, 7.5)
        if info.footer_note:
            canvas.drawString(MARGIN, MARGIN + 4.5 * mm, printable(info.footer_note))
        stamp = self.created.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M KST")
        canvas.drawString(MARGIN, MARGIN - 2 * mm, f"{printable(info.stamp_label)} {stamp}")
        canvas.restoreState()


def _pdf_date(moment: datetime) -> str:
    local = moment.astimezone(SEOUL)
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    return f"D:{local:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def render(info: DocumentInfo, story: Sequence[Flowable]) -> bytes:
    """The document as PDF bytes (A4, header and footer on every page, fonts embedded)."""
    register_fonts()
    created = info.created or datetime.now(tz=SEOUL)
    if created.tzinfo is None:
        created = created.replace(tzinfo=SEOUL)
    buffer = BytesIO()
    document = _Document(buffer, info, created)
    stamp = _pdf_date(created)

    def canvas_maker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        canvas = _NumberedCanvas(*args, **kwargs)
        canvas.setDateFormatter(lambda *_parts: stamp)
        return canvas

    document.build(list(story), canvasmaker=canvas_maker)
    return buffer.getvalue()
