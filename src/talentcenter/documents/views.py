"""Public verification pages (no sign-in): enter a serial, see its state, optionally check a PDF."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from talentcenter.documents import selectors
from talentcenter.documents.enums import VerificationState
from talentcenter.documents.forms import FileForm, SerialForm


@never_cache
@require_http_methods(["GET", "HEAD"])
def verify_start(request: HttpRequest) -> HttpResponse:
    """The serial form; a submitted serial goes to its result page (a shareable address)."""
    form = SerialForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return HttpResponseRedirect(reverse("documents:result", kwargs={"serial": form.cleaned_data["serial"]}))
    context = {"form": form, "error_forms": [form] if form.is_bound and form.errors else []}
    return render(request, "documents/verify_start.html", context, status=400 if form.is_bound else 200)


DEFAULT_LOOKUPS_PER_MINUTE = 60


def _too_many_lookups(request: HttpRequest) -> bool:
    """Whether this address looked up more serials this minute than allowed (guessing serials is slow)."""
    limit = getattr(settings, "TALENTCENTER_VERIFICATION_LOOKUPS_PER_MINUTE", DEFAULT_LOOKUPS_PER_MINUTE)
    if not limit:
        return False
    minute = int(time.time() // 60)
    key = f"documents:verify:{request.META.get('REMOTE_ADDR', '')}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > limit


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify_result(request: HttpRequest, serial: str) -> HttpResponse:
    """The state of one serial; a posted PDF is compared with the one issued (and never stored)."""
    if _too_many_lookups(request):
        response = render(request, "documents/verify_throttled.html", status=429)
        response["Retry-After"] = "60"
        return response
    normalized = selectors.normalize_serial(serial)
    if normalized != serial and selectors.is_serial(normalized):
        return HttpResponseRedirect(reverse("documents:result", kwargs={"serial": normalized}))
    verification = selectors.verification_for(serial=serial)
    file_form = FileForm()
    file_matches: bool | None = None
    status = 200
    if request.method == "POST" and verification.found:
        file_form = FileForm(request.POST, request.FILES)
        if file_form.is_valid():
            file_matches = selectors.file_matches(verification=verification, sha256=file_form.cleaned_data["file"])
        else:
            status = 400
    if verification.state == VerificationState.NOT_FOUND:
        status = 404
    context = {
        "verification": verification,
        "states": VerificationState,
        "file_form": file_form,
        "file_matches": file_matches,
        "error_forms": [file_form] if file_form.is_bound and file_form.errors else [],
        "serial_form": SerialForm(initial={"serial": verification.serial if verification.found else ""}),
    }
    return render(request, "documents/verify_result.html", context, status=status)
