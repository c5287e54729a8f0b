"""The one way to hand out a download of someone's data."""

from __future__ import annotations

from typing import TypeVar

from django.http.response import HttpResponseBase

ResponseT = TypeVar("ResponseT", bound=HttpResponseBase)


def keep_private(response: ResponseT) -> ResponseT:
    """Mark a download so that no browser renders it and no cache keeps it:
    ``X-Content-Type-Options: nosniff`` and ``Cache-Control: private, no-store``."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
