"""The self-check answer as a bilingual PDF download (nothing is stored)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from talentcenter.policy.engine import ApplicantIn
from talentcenter.policy.pathfinder_state import state_load
from talentcenter.policy.pdf import filename, self_check_pdf


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "policy/rules/pdf_error.html", {"message": message}, status=400)


def _applicant_and_date(state: dict[str, Any] | None) -> tuple[ApplicantIn, date] | None:
    if state is None or not isinstance(state.get("applicant"), dict) or not isinstance(state.get("as_of"), str):
        return None
    try:
        as_of = date.fromisoformat(state["as_of"])
        applicant = ApplicantIn.model_validate(state["applicant"])
    except (ValueError, ValidationError):
        return None
    return applicant, as_of


@never_cache
@require_POST
def result_pdf(request: HttpRequest) -> HttpResponse:
    """POST ``state`` (the signed pathfinder state) → the answer for every track as one PDF."""
    loaded = _applicant_and_date(state_load(request.POST.get("state", "")))
    if loaded is None:
        return _bad_request(
            request,
            _(
                "Your answers could not be read: the self-check has expired or was changed. "
                "Please start the self-check again."
            ),
        )
    applicant, as_of = loaded
    response = HttpResponse(self_check_pdf(applicant, as_of=as_of), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(as_of)}"'
    return response
