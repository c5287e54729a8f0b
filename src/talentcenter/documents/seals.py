"""The seals (직인) stamped on issued documents, as Korean certificates carry them: a red square
over the end of the issuer's name.

Each seal is an SVG file in ``seals/`` (the letters are outlines, so no font is needed to draw it):
``global_talent_center.svg`` (글로벌인재센터장인, the head of the center, on the K-Tech Pass
certificate) and ``kotra_president.svg`` (대한무역투자진흥공사사장지인, KOTRA's President, on the
recommendation letter). They are drawn into the PDF as vector paths, never as text, so that a
reader or a screen reader does not take the seal's letters for part of the document's words.

Only the SVG these files use is read: ``<rect>`` (x, y, width, height, rx, fill, stroke,
stroke-width) and ``<path>`` whose data has absolute M, L, H, V, C and Z commands.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.pdfgen.canvas import FILL_NON_ZERO, Canvas

SEALS_DIR = Path(__file__).resolve().parent / "seals"
SVG = "{http://www.w3.org/2000/svg}"
# Ink lets the issuer's name show through the seal, as on paper.
INK_OPACITY = 0.88
_TOKENS = re.compile(r"[MLHVCZ]|-?(?:\d+\.?\d*|\.\d+)(?:[eE]-?\d+)?")


class Seal(StrEnum):
    GLOBAL_TALENT_CENTER = "global_talent_center"
    KOTRA_PRESIDENT = "kotra_president"


@dataclass(frozen=True)
class Shape:
    """One filled or stroked outline of a seal, in the SVG's coordinates (y down)."""

    commands: tuple[tuple[str, tuple[float, ...]], ...]
    fill: str | None
    stroke: str | None
    stroke_width: float


@dataclass(frozen=True)
class SealDrawing:
    size: float  # the side of the square viewBox
    shapes: tuple[Shape, ...]


def _colour(value: str | None) -> str | None:
    return None if value in (None, "", "none") else value


def _path_commands(data: str) -> tuple[tuple[str, tuple[float, ...]], ...]:
    """``d`` as (command, coordinates), with H and V turned into L."""
    commands: list[tuple[str, tuple[float, ...]]] = []
    arity = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "Z": 0}
    tokens = _TOKENS.findall(data)
    position = (0.0, 0.0)
    start = (0.0, 0.0)
    index = 0
    command = ""
    while index < len(tokens):
        if tokens[index] in arity:
            command = tokens[index]
            index += 1
            if command == "Z":
                commands.append(("Z", ()))
                position = start
                continue
        if not command or command == "Z":
            raise ValueError(f"Unsupported path data near {tokens[index]!r}")
        values = tuple(float(token) for token in tokens[index : index + arity[command]])
        index += arity[command]
        if command == "H":
            command_out, values = "L", (values[0], position[1])
        elif command == "V":
            command_out, values = "L", (position[0], values[0])
        else:
            command_out = command
        commands.append((command_out, values))
        position = (values[-2], values[-1])
        if command_out == "M":
            start = position
            command = "L"  # further pairs after a moveto are linetos
    return tuple(commands)


def _rect_commands(
    x: float, y: float, width: float, height: float, radius: float
) -> tuple[tuple[str, tuple[float, ...]], ...]:
    """A rectangle with rounded corners (quarter circles as Bézier curves)."""
    r = min(radius, width / 2, height / 2)
    k = 0.5523 * r
    right, bottom = x + width, y + height
    return (
        ("M", (x + r, y)),
        ("L", (right - r, y)),
        ("C", (right - r + k, y, right, y + r - k, right, y + r)),
        ("L", (right, bottom - r)),
        ("C", (right, bottom - r + k, right - r + k, bottom, right - r, bottom)),
        ("L", (x + r, bottom)),
        ("C", (x + r - k, bottom, x, bottom - r + k, x, bottom - r)),
        ("L", (x, y + r)),
        ("C", (x, y + r - k, x + r - k, y, x + r, y)),
        ("Z", ()),
    )


@cache
def load(seal: Seal) -> SealDrawing:
    """The seal's SVG file, parsed once per process."""
    root = ElementTree.parse(SEALS_DIR / f"{seal.value}.svg").getroot()  # noqa: S314 - our own file
    _x, _y, width, height = (float(part) for part in root.attrib["viewBox"].split())
    if width != height:
        raise ValueError(f"The seal {seal.value} must be square.")
    shapes = []
    for element in root.iter():
        attributes = element.attrib
        fill = _colour(attributes.get("fill", "#000"))
        stroke = _colour(attributes.get("stroke"))
        stroke_width = float(attributes.get("stroke-width", "1"))
        if element.tag == f"{SVG}rect":
            commands = _rect_commands(
                float(attributes.get("x", "0")),
                float(attributes.get("y", "0")),
                float(attributes["width"]),
                float(attributes["height"]),
                float(attributes.get("rx", "0")),
            )
        elif element.tag == f"{SVG}path":
            commands = _path_commands(attributes["d"])
        else:
            continue
        shapes.append(Shape(commands=commands, fill=fill, stroke=stroke, stroke_width=stroke_width))
    return SealDrawing(size=width, shapes=tuple(shapes))


def draw(canvas: Canvas, seal: Seal, *, x: float, y: float, size: float) -> None:
    """Stamp ``seal`` as a ``size``-point square whose lower left corner is at (x, y)."""
    drawing = load(seal)
    scale = size / drawing.size
    canvas.saveState()
    canvas.translate(x, y + size)
    canvas.scale(scale, -scale)  # the SVG's y axis points down
    canvas.setFillAlpha(INK_OPACITY)
    canvas.setStrokeAlpha(INK_OPACITY)
    for shape in drawing.shapes:
        path = canvas.beginPath()
        for command, values in shape.commands:
            if command == "M":
                path.moveTo(*values)
            elif command == "L":
                path.lineTo(*values)
            elif command == "C":
                path.curveTo(*values)
            else:
                path.close()
        if shape.fill:
            canvas.setFillColor(colors.HexColor(shape.fill))
        if shape.stroke:
            canvas.setStrokeColor(colors.HexColor(shape.stroke))
            canvas.setLineWidth(shape.stroke_width)
        canvas.drawPath(path, stroke=1 if shape.stroke else 0, fill=1 if shape.fill else 0, fillMode=FILL_NON_ZERO)
    canvas.restoreState()
