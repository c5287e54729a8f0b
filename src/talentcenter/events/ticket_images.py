"""A ticket as pictures: the QR code as SVG for the ticket page, and the printable ticket as a PNG
(event, time and place, the QR code, the typed code, whose ticket), in the reader's language with
the embedded NanumGothic font so that Korean prints. The QR code holds the ticket's check-in
address (``tickets.check_in_address``); error correction M, a quiet zone of four modules."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from talentcenter.documents.pdf import FONTS_DIR
from talentcenter.events import tickets, times
from talentcenter.events.enums import TicketKind
from talentcenter.events.models import Event
from talentcenter.foundation.display import choice_label

WIDTH = 900
MARGIN = 60
MODULE_PIXELS = 10
TEXT = (30, 33, 36)
SUBTLE = (70, 76, 83)
PRIMARY = (11, 80, 208)


@dataclass(frozen=True)
class TicketFacts:
    """What a ticket says, whoever holds it."""

    event: Event
    code: str
    kind: TicketKind
    holder: str

    @property
    def address(self) -> str:
        return tickets.check_in_address(self.event.pk, self.code)


def _qr(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(facts: TicketFacts) -> bytes:
    """The QR code alone, black on white, as scalable vector paths."""
    image = _qr(facts.address).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    output = io.BytesIO()
    image.save(output)
    return output.getvalue()


@functools.cache
def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS_DIR / ("NanumGothicBold.ttf" if bold else "NanumGothic.ttf")), size)


def _lines(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``text`` broken into lines no wider than ``width``: between words, or anywhere in a word
    longer than a line (a Korean title may have few spaces)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for character in word:
            if font.getlength(current + character) > width and current:
                lines.append(current)
                current = ""
            current += character
    if current:
        lines.append(current)
    return lines or [""]


def ticket_png(facts: TicketFacts) -> bytes:
    """The printable ticket, 900 pixels wide."""
    event = facts.event
    matrix = _qr(facts.address).get_matrix()
    qr_size = len(matrix) * MODULE_PIXELS
    text_width = WIDTH - 2 * MARGIN
    where = f"{event.venue_name}, {event.city}" if event.venue_name else _("Online")
    when = times.in_zones(event.starts_at, event.time_zone)
    blocks: list[tuple[list[str], ImageFont.FreeTypeFont, tuple[int, int, int]]] = [
        ([_("Global Talent Center") + " · " + _("Ticket")], _font(26), PRIMARY),
        (_lines(event.title, _font(44, bold=True), text_width), _font(44, bold=True), TEXT),
        (_lines(when, _font(26), text_width), _font(26), SUBTLE),
        (_lines(where, _font(26), text_width), _font(26), SUBTLE),
    ]
    after: list[tuple[list[str], ImageFont.FreeTypeFont, tuple[int, int, int]]] = [
        ([tickets.formatted(facts.code)], _font(64, bold=True), TEXT),
        (_lines(facts.holder, _font(34, bold=True), text_width), _font(34, bold=True), TEXT),
        ([choice_label(TicketKind, facts.kind)], _font(26), SUBTLE),
        (_lines(_("Show the QR code or the code at the entrance."), _font(24), text_width), _font(24), SUBTLE),
    ]

    def height_of(parts: list[tuple[list[str], ImageFont.FreeTypeFont, tuple[int, int, int]]]) -> int:
        return sum(len(lines) * int(font.size * 1.4) + 16 for lines, font, _colour in parts)

    height = MARGIN + height_of(blocks) + 24 + qr_size + 24 + height_of(after) + MARGIN
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([(8, 8), (WIDTH - 9, height - 9)], outline=(205, 209, 213), width=3)
    y = MARGIN

    def write(parts: list[tuple[list[str], ImageFont.FreeTypeFont, tuple[int, int, int]]], y: int) -> int:
        for lines, font, colour in parts:
            for line in lines:
                draw.text((WIDTH // 2, y), line, font=font, fill=colour, anchor="ma")
                y += int(font.size * 1.4)
            y += 16
        return y

    y = write(blocks, y) + 24
    left = (WIDTH - qr_size) // 2
    for row_index, row in enumerate(matrix):
        for column_index, dark in enumerate(row):
            if dark:
                x0, y0 = left + column_index * MODULE_PIXELS, y + row_index * MODULE_PIXELS
                draw.rectangle([(x0, y0), (x0 + MODULE_PIXELS - 1, y0 + MODULE_PIXELS - 1)], fill="black")
    y += qr_size + 24
    write(after, y)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()
