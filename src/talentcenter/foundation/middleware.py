"""Middleware every page passes through, below the apps."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from talentcenter.foundation.i18n import language_of
from talentcenter.foundation.korean import fix_particles


class KoreanParticlesMiddleware:
    """Gives every Korean HTML page the particle its words take: the catalogue writes both forms
    after an interpolated value (``%(level)s을(를)``) and :func:`fix_particles` picks one, once,
    here, for everything a page shows (templates, form errors, flash messages)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            language_of(get_language()) != "ko"
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        charset = response.charset
        text = response.content.decode(charset)
        fixed = fix_particles(text)
        if fixed != text:
            response.content = fixed.encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
