"""The documents the center issues, as bilingual PDFs: the K-Tech Pass certificate (legally the
"excellent overseas talent confirmation", 우수 해외인재 확인서), the KOTRA employment
recommendation letter (고용추천서) for the E-7 visa, and the certificate of attendance at one of
the center's events (행사 참가 확인서; its details name the event, venue and dates, and it does
not expire).

Both languages are on the one document, Korean first. Each carries the serial number, the holder,
the issue date and validity, the issuing body and a QR code that opens the public verification
page. Built on :mod:`talentcenter.documents.pdf` (NanumGothic embedded, the Center's header and
footer). With the same content the output is byte-for-byte the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import qrcode
from django.conf import settings
from django.db import models
from django.utils import translation
from django_countries import countries
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from talentcenter.documents import pdf
from talentcenter.documents.enums import NEVER_EXPIRES, DocumentKind
from talentcenter.documents.seals import Seal, draw
from talentcenter.foundation import display
from talentcenter.foundation.i18n import in_language
from talentcenter.reference.enums import AdvancedIndustry

MINISTRY_KO = "산업통상부"
MINISTRY_EN = "Ministry of Trade, Industry and Resources"
KOTRA_KO = "대한무역투자진흥공사(KOTRA)"
KOTRA_EN = "Korea Trade-Investment Promotion Agency (KOTRA)"


@dataclass(frozen=True)
class Wording:
    title_ko: str
    title_en: str
    statement_ko: str
    statement_en: str
    issuer_ko: str
    issuer_en: str
    # Who signs, by office, with the seal stamped over the end of the Korean title.
    signatory_ko: str
    signatory_en: str
    seal: Seal
    # Room above the date and signature: a short certificate still signs in the lower half.
    space_before_signature_mm: float = 3


WORDINGS: dict[str, Wording] = {
    DocumentKind.KTECH_PASS_CERTIFICATE: Wording(
        title_ko="K-Tech Pass 우수 해외인재 확인서",
        title_en="K-Tech Pass Certificate (Excellent Overseas Talent Confirmation)",
        statement_ko=(
            "위 사람이 첨단산업 분야 우수 해외인재 유치 제도(K-Tech Pass)의 요건을 충족하였음을 확인합니다. "
            "이 확인서는 비자 신청 시 출입국 관서에 제출할 수 있습니다."
        ),
        statement_en=(
            "This certifies that the person named above meets the requirements of the K-Tech Pass programme "
            "for excellent overseas talent in high-tech industries. The certificate may be presented to the "
            "immigration authorities with a visa application."
        ),
        issuer_ko=f"글로벌인재센터 · {KOTRA_KO} ({MINISTRY_KO} 위탁)",
        issuer_en=f"Global Talent Center · KOTRA, on behalf of the {MINISTRY_EN}",
        signatory_ko="글로벌인재센터장",
        signatory_en="Head of the Global Talent Center",
        seal=Seal.GLOBAL_TALENT_CENTER,
    ),
    DocumentKind.KOTRA_RECOMMENDATION_LETTER: Wording(
        title_ko="외국인 전문인력(E-7) 고용추천서",
        title_en="Employment Recommendation Letter for a Foreign Professional (E-7)",
        statement_ko=(
            "위 사람을 위 고용 기업의 외국인 전문인력(E-7)으로 고용할 것을 추천합니다. "
            "이 추천서는 사증발급인정서 또는 체류자격 변경 신청 시 제출할 수 있습니다."
        ),
        statement_en=(
            "KOTRA recommends the employment of the person named above by the employer named in this letter "
            "as a foreign professional (E-7). This letter may be submitted with an application for a visa issuance "
            "certificate or a change of status of stay."
        ),
        issuer_ko=f"{KOTRA_KO} ({MINISTRY_KO} 위탁)",
        issuer_en=f"{KOTRA_EN}, on behalf of the {MINISTRY_EN}",
        signatory_ko="대한무역투자진흥공사 사장",
        signatory_en="President of KOTRA",
        seal=Seal.KOTRA_PRESIDENT,
    ),
    DocumentKind.ATTENDANCE_CERTIFICATE: Wording(
        title_ko="행사 참가 확인서",
        title_en="Certificate of Attendance",
        # The statement names the event, venue and dates: see ``_statement``.
        statement_ko="위 사람이 위 행사에 참가하였음을 확인합니다.",
        statement_en="This certifies that the person named above attended the event named above.",
        issuer_ko=f"글로벌인재센터 · {KOTRA_KO}",
        issuer_en="Global Talent Center · KOTRA",
        signatory_ko="글로벌인재센터장",
        signatory_en="Head of the Global Talent Center",
        seal=Seal.GLOBAL_TALENT_CENTER,
        space_before_signature_mm=20,
    ),
}

# Labels of the details a caller may pass (anything else is shown under its own key).
DETAIL_LABELS: dict[str, tuple[str, str]] = {
    "employer": ("고용 기업", "Employer"),
    "employer_registration_number": ("사업자등록번호", "Business registration number"),
    "track": ("트랙", "Track"),
    "occupation": ("직종", "Occupation"),
    "occupation_code": ("직종 코드", "Occupation code"),
    "position": ("직위", "Position"),
    "industry": ("산업 분야", "Industry"),
    "annual_salary_krw": ("연봉(원)", "Annual salary (KRW)"),
    "case_reference": ("신청 번호", "Application reference"),
    "event": ("행사", "Event"),
    "venue": ("장소", "Venue"),
    "event_dates": ("일자", "Dates"),
    "interviews_held": ("면접 횟수", "Interviews held"),
}
# Details the statement uses and the facts table leaves out (it prints ``event`` instead).
STATEMENT_ONLY_DETAILS = frozenset({"event_ko", "event_en"})


@dataclass(frozen=True)
class DocumentContent:
    """Everything a certificate or letter says."""

    kind: str
    serial: str
    holder_name_latin: str
    holder_birth_date: date
    nationality: str  # ISO 3166-1 alpha-2
    issued_on: date
    valid_until: date
    # The moment of issue, printed in the footer (Korean time): the date alone would print 09:00.
    issued_at: datetime
    holder_name_hangul: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)


def verification_url(serial: str) -> str:
    """The public page that verifies ``serial``; without a language prefix it opens in the reader's language."""
    return f"{settings.SITE_URL}/verify/{serial}/"


def document_filename(serial: str) -> str:
    return f"{serial}.pdf"


class QrCode(Flowable):
    """A QR code drawn as vector squares (sharp at any zoom, easy for scanners)."""

    def __init__(self, data: str, *, size: float) -> None:
        super().__init__()
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        code.add_data(data)
        code.make(fit=True)
        self.matrix: list[list[bool]] = code.get_matrix()
        self.size = size
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas: Canvas = self.canv
        count = len(self.matrix)
        module = self.size / count
        canvas.saveState()
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        for row_index, row in enumerate(self.matrix):
            y = self.size - (row_index + 1) * module
            column = 0
            while column < count:
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < count and row[column]:
                    column += 1
                canvas.rect(start * module, y, (column - start) * module, module, stroke=0, fill=1)
        canvas.restoreState()


def holder_name(content: DocumentContent) -> str:
    if content.holder_name_hangul:
        return f"{content.holder_name_latin} ({content.holder_name_hangul})"
    return content.holder_name_latin


def _nationality_names(code: str) -> tuple[str, str]:
    with translation.override("ko"):
        korean = str(countries.name(code) or code)
    with translation.override("en"):
        english = str(countries.name(code) or code)
    return korean, english


def _label(korean: str, english: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(f"{pdf.markup(korean)} <font name='{pdf.FONT}'>{pdf.markup(english)}</font>", style)


# Details stored as codes, printed as the labels of their choices in both languages.
DETAIL_CHOICES: dict[str, type[models.Choices]] = {"industry": AdvancedIndustry}


def _both_languages(choices: type[models.Choices], value: Any) -> str:
    with translation.override("ko"):
        korean = display.choice_label(choices, value)
    with translation.override("en"):
        english = display.choice_label(choices, value)
    return korean if korean == english else f"{korean} / {english}"


def _detail_value(key: str, value: Any) -> str:
    if key in DETAIL_CHOICES:
        return _both_languages(DETAIL_CHOICES[key], value)
    if isinstance(value, bool):
        return "예 / Yes" if value else "아니요 / No"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def detail_rows(details: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A document's details as ``(label, value)`` in the page's language, for the back office."""
    rows = []
    for key, value in details.items():
        if value in (None, "") or key in STATEMENT_ONLY_DETAILS:
            continue
        korean, english = DETAIL_LABELS.get(key, (key, key.replace("_", " ").capitalize()))
        label = in_language(korean, english)
        if key in DETAIL_CHOICES:
            shown = display.choice_label(DETAIL_CHOICES[key], value)
        elif isinstance(value, int) and not isinstance(value, bool):
            shown = f"{value:,}"
        else:
            shown = display.shown(value)
        rows.append((label, shown))
    return rows


def _rows(content: DocumentContent) -> list[tuple[str, str, str]]:
    korean_nationality, english_nationality = _nationality_names(content.nationality)
    rows = [
        ("발급번호", "Serial number", content.serial),
        ("성명", "Name", holder_name(content)),
        ("생년월일", "Date of birth", content.holder_birth_date.isoformat()),
        ("국적", "Nationality", f"{korean_nationality} / {english_nationality}"),
    ]
    for key, value in content.details.items():
        if value in (None, "") or key in STATEMENT_ONLY_DETAILS:
            continue
        korean, english = DETAIL_LABELS.get(key, (key, key.replace("_", " ").capitalize()))
        rows.append((korean, english, _detail_value(key, value)))
    rows.append(("발급일", "Date of issue", content.issued_on.isoformat()))
    if content.valid_until < NEVER_EXPIRES:
        rows.append(("유효기간", "Valid until", content.valid_until.isoformat()))
    return rows


def _statement(content: DocumentContent, wording: Wording) -> tuple[str, str]:
    """The certifying sentence in Korean and English; a certificate of attendance names the event,
    the venue and the dates in it."""
    details = content.details
    if content.kind != DocumentKind.ATTENDANCE_CERTIFICATE or not details.get("event_dates"):
        return wording.statement_ko, wording.statement_en
    event_ko = details.get("event_ko") or details.get("event_en") or ""
    event_en = details.get("event_en") or event_ko
    venue, dates = details.get("venue") or "", details["event_dates"]
    if venue:
        korean = f"위 사람이 {dates} {venue}에서 열린 「{event_ko}」에 참가하였음을 확인합니다."
        english = f"This certifies that the person named above attended {event_en} at {venue} on {dates}."
    else:
        korean = f"위 사람이 {dates} 온라인으로 열린 「{event_ko}」에 참가하였음을 확인합니다."
        english = f"This certifies that the person named above attended {event_en}, held online on {dates}."
    return korean, english


def _facts_table(content: DocumentContent, width: float) -> Table:
    style = pdf.styles()
    value_style = ParagraphStyle("value", parent=style.body, spaceAfter=0, leading=12)
    data = [
        [_label(korean, english, style.cell_header), pdf.paragraph(value, value_style)]
        for korean, english, value in _rows(content)
    ]
    return Table(
        data,
        colWidths=[width * 0.4, width * 0.6],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), pdf.FONT, 8),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.4, pdf.DIVIDER),
                ("BACKGROUND", (0, 0), (0, -1), pdf.HEADER_FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        ),
    )


def _facts_and_code(content: DocumentContent, width: float) -> Table:
    """The facts on the left, the QR code to the verification page on the right, top-aligned."""
    style = pdf.styles()
    qr_size = 36 * mm
    right = qr_size + 4 * mm
    caption = ParagraphStyle("qr_caption", parent=style.small, alignment=1)
    code_column = [
        QrCode(verification_url(content.serial), size=qr_size),
        Paragraph("진위 확인<br/>Scan to verify", caption),
    ]
    return Table(
        [[_facts_table(content, width - right), code_column]],
        colWidths=[width - right, right],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), pdf.FONT, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 4 * mm),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def _verification_box(content: DocumentContent) -> list[Flowable]:
    style = pdf.styles()
    url = verification_url(content.serial)
    return [
        pdf.paragraph("진위 확인 · Verification", style.subheading, bold=True),
        pdf.paragraph(
            "QR 코드를 스캔하거나 아래 주소에서 발급번호를 입력하여 이 문서의 유효 여부를 확인할 수 있습니다. "
            "확인 페이지에 이 PDF 파일을 올리면 발급된 원본과 같은지 확인합니다.",
            style.small,
        ),
        pdf.paragraph(
            "Scan the QR code or enter the serial number at the address below to check that this document is "
            "valid. Upload this PDF on that page to check that it is the very file that was issued.",
            style.small,
        ),
        pdf.link(url, style.cell),
    ]


class Signature(Flowable):
    """The signatory's office at the bottom right with the seal stamped over the end of its Korean
    name, as Korean certificates place it, and the office in English below."""

    SEAL_SIZE = 24 * mm
    TITLE_SIZE = 15
    TITLE_SPACING = 1.5  # points between Korean letters, as a signature line is set

    def __init__(self, wording: Wording, width: float) -> None:
        super().__init__()
        self.wording = wording
        self.width = width
        self.height = self.SEAL_SIZE

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        seal = self.SEAL_SIZE
        seal_x = self.width - seal
        seal_centre_y = seal / 2
        # The title ends under the seal's left part, so the seal covers its last letter.
        title_end = seal_x + seal * 0.3
        korean = pdf.printable(self.wording.signatory_ko)
        spacing = self.TITLE_SPACING
        title_width = stringWidth(korean, pdf.FONT_BOLD, self.TITLE_SIZE) + spacing * (len(korean) - 1)
        baseline = seal_centre_y - self.TITLE_SIZE * 0.35
        canvas.saveState()
        canvas.setFillColor(pdf.TEXT)
        text = canvas.beginText(title_end - title_width, baseline)
        text.setFont(pdf.FONT_BOLD, self.TITLE_SIZE)
        text.setCharSpace(spacing)
        text.textOut(korean)
        text.setCharSpace(0)  # the spacing is text state: it would carry over to the next line
        canvas.drawText(text)
        canvas.setFont(pdf.FONT, 9)
        canvas.setFillColor(pdf.SUBTLE)
        canvas.drawRightString(seal_x - 2 * mm, baseline - 14, pdf.printable(self.wording.signatory_en))
        canvas.restoreState()
        draw(canvas, self.wording.seal, x=seal_x, y=0, size=seal)


def render_document(content: DocumentContent) -> bytes:
    """The certificate or letter as PDF bytes (deterministic for the same content)."""
    wording = WORDINGS[content.kind]
    statement_ko, statement_en = _statement(content, wording)
    style = pdf.styles()
    width = pdf.CONTENT_WIDTH
    info = pdf.DocumentInfo(
        title_en=wording.title_en,
        title_ko=wording.title_ko,
        subject=f"{content.serial} · {content.holder_name_latin}",
        keywords=(content.serial, content.kind),
        footer_note=f"발급번호 Serial {content.serial} · {verification_url(content.serial)}",
        created=content.issued_at,
        stamp_label="발급 Issued",
    )
    date_style = ParagraphStyle("issue_date", parent=style.body, fontSize=10.5, leading=15, alignment=1)
    issuer_style = ParagraphStyle(
        "issuer", parent=style.small, fontSize=8.5, leading=12, alignment=2, textColor=pdf.SUBTLE, spaceAfter=0
    )
    story: list[Flowable] = [
        pdf.paragraph(wording.title_ko, style.title),
        pdf.paragraph(wording.title_en, style.subheading),
        _facts_and_code(content, width),
        pdf.spacer(5),
        pdf.paragraph(statement_ko, style.body),
        pdf.paragraph(statement_en, style.body),
        pdf.spacer(wording.space_before_signature_mm),
        pdf.keep(
            pdf.paragraph(
                f"{content.issued_on.year}년 {content.issued_on.month}월 {content.issued_on.day}일 · "
                f"{content.issued_on:%d %B %Y}",
                date_style,
            ),
            pdf.spacer(2),
            Signature(wording, width),
            pdf.spacer(1.5),
            pdf.paragraph(wording.issuer_ko, issuer_style),
            pdf.paragraph(wording.issuer_en, issuer_style),
        ),
        pdf.spacer(3),
        pdf.keep(*_verification_box(content)),
    ]
    return pdf.render(info, story)
