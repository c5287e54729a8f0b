"""Public verification pages (no sign-in): enter a serial, see its state, optionally check a PDF."""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from talentcenter.accounts.api_auth import ApiRateThrottle
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


class _PerAddressThrottle(ApiRateThrottle):
    """The API's throttle (rates from ``TALENTCENTER_API_THROTTLE_RATES``, counts in the shared
    cache), counted per client address whether or not the visitor is signed in."""

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


# Guessing serials is slow: lookups per address, as the API limits anonymous callers.
LOOKUP_THROTTLE = _PerAddressThrottle("verification")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify_result(request: HttpRequest, serial: str) -> HttpResponse:
    """The state of one serial; a posted PDF is compared with the one issued (and never stored)."""
    if not LOOKUP_THROTTLE.allow_request(request):
        response = render(request, "documents/verify_throttled.html", status=429)
        response["Retry-After"] = str(max(1, math.ceil(LOOKUP_THROTTLE.wait() or 60)))
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
