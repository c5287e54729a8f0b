"""A safe subset of Markdown, rendered on the server: nothing staff type can become markup of its own.

The text is escaped first and only then are these patterns turned into tags, so a ``<script>`` in a
guide stays text. Supported: ``## heading`` and ``### heading`` (an ``h1`` is the page's title),
paragraphs, ``- item`` and ``1. item`` lists, ``**strong**``, ``*emphasis*`` and
``[text](https://…)`` links (only ``http(s)://``, ``mailto:`` and site paths ``/…``). A
parameter's value in force is written ``[[ktech_pass.salary_gni_multiple]]`` and filled in by the
caller, so a guide's figures change when the rules do.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

HEADING = re.compile(r"^(#{2,3})\s+(.+)$")
BULLET = re.compile(r"^[-*]\s+(.+)$")
NUMBERED = re.compile(r"^\d+[.)]\s+(.+)$")
STRONG = re.compile(r"\*\*(.+?)\*\*")
EMPHASIS = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
LINK = re.compile(r"\[([^\]\[]+)\]\(((?:https?://|mailto:|/)[^\s)]*)\)")
PARAMETER = re.compile(r"\[\[([a-z0-9_.]+)\]\]")

ParameterText = Callable[[str], str]


def parameters_in(text: str) -> list[str]:
    """The parameter names written ``[[name]]`` in ``text``, once each, in order."""
    return list(dict.fromkeys(PARAMETER.findall(text)))


def _inline(line: str, parameter_text: ParameterText | None) -> str:
    html = str(escape(line))
    html = LINK.sub(lambda match: f'<a href="{match.group(2)}">{match.group(1)}</a>', html)
    html = STRONG.sub(r"<strong>\1</strong>", html)
    html = EMPHASIS.sub(r"<em>\1</em>", html)
    if parameter_text is not None:
        html = PARAMETER.sub(
            lambda match: f'<span class="guide-parameter">{escape(parameter_text(match.group(1)))}</span>', html
        )
    return html


def render(text: str, *, parameter_text: ParameterText | None = None) -> SafeString:
    """``text`` as HTML (see the module's description)."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""

    def close_paragraph() -> None:
        if paragraph:
            blocks.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_tag
        if items:
            blocks.append(f"<{list_tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{list_tag}>")
            items.clear()
        list_tag = ""

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close_paragraph()
            close_list()
            continue
        heading = HEADING.match(line)
        bullet = BULLET.match(line)
        numbered = NUMBERED.match(line)
        if heading:
            close_paragraph()
            close_list()
            level = len(heading.group(1))
            blocks.append(f"<h{level}>{_inline(heading.group(2), parameter_text)}</h{level}>")
        elif bullet or numbered:
            close_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag and list_tag != tag:
                close_list()
            list_tag = tag
            match = bullet or numbered
            assert match is not None
            items.append(_inline(match.group(1), parameter_text))
        else:
            close_list()
            paragraph.append(_inline(line, parameter_text))
    close_paragraph()
    close_list()
    return mark_safe("".join(blocks))  # noqa: S308 - built from escaped text only


def plain(text: str) -> str:
    """``text`` without its markup, for snippets and feeds."""
    text = LINK.sub(r"\1", text)
    text = PARAMETER.sub("", text)
    text = re.sub(r"[*#`]+", "", text)
    text = re.sub(r"^\s*(?:[-]|\d+[.)])\s+", "", text, flags=re.MULTILINE)
    return re.sub(r"\s+", " ", text).strip()
