"""The one way to hand out a download of someone's data, and the one way to write a spreadsheet cell."""

from __future__ import annotations

from typing import Any, TypeVar

from django.http import HttpResponse
from django.http.response import HttpResponseBase

ResponseT = TypeVar("ResponseT", bound=HttpResponseBase)


def keep_private(response: ResponseT) -> ResponseT:
    """Mark a download so that no browser renders it and no cache keeps it:
    ``X-Content-Type-Options: nosniff`` and ``Cache-Control: private, no-store``."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# What a spreadsheet may run as a formula when a cell starts with it (OWASP's CSV injection list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text and never runs as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def calendar_download(text: str, filename: str, *, private: bool = True) -> HttpResponse:
    """An iCalendar file to save (``text/calendar``, as an attachment). Someone's own schedule is
    ``private`` (never cached, see :func:`keep_private`); a public event's entry is not."""
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        return keep_private(response)
    response["X-Content-Type-Options"] = "nosniff"
    return response
