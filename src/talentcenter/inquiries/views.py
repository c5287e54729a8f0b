"""Public petition pages under /inquiries/: the form (no account needed), the e-mail confirmation,
the tracking page opened by a signed link (status, deadline, answer, rating), one's own list when
signed in, and the FAQ."""

from __future__ import annotations

import math

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from talentcenter.accounts.policies import is_signed_in
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases.clock import seoul_date
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.i18n import current_language
from talentcenter.inquiries import abuse, periods, policies, selectors, services
from talentcenter.inquiries.enums import InquiryCategory, InquiryStatus
from talentcenter.inquiries.forms import HONEYPOT, InquiryForm, RatingForm
from talentcenter.inquiries.models import Inquiry


def _periods_today() -> list[periods.Period]:
    return periods.all_current(seoul_date(timezone.now()))


@never_cache
@require_http_methods(["GET", "POST"])
def inquiry_new(request: HttpRequest) -> HttpResponse:
    user = request.user if is_signed_in(request.user) else None
    signed_in_email = user.email if user is not None else ""
    form = InquiryForm(request.POST or None, request.FILES or None, signed_in_email=signed_in_email)
    status = 200
    if request.method == "POST":
        status = 400
        if request.POST.get(HONEYPOT):
            form.add_error(None, _("This form could not be sent. Please leave the last field empty and try again."))
        elif form.is_valid():
            allowed, wait = abuse.filing_allowed(request)
            if not allowed:
                form.add_error(
                    None,
                    _("Too many petitions were sent from your connection. Please try again in %(minutes)s minutes.")
                    % {"minutes": max(1, math.ceil(wait / 60))},
                )
                status = 429
            else:
                data = form.cleaned_data
                upload = data.get("attachment")
                try:
                    inquiry = services.inquiry_file(
                        actor=user,
                        category=data["category"],
                        subject=data["subject"],
                        body=data["body"],
                        name=data["name"],
                        email=signed_in_email or data["email"],
                        language=current_language(),
                        attachments=[services.Upload(name=upload.name, data=upload)] if upload else [],
                    )
                except ValidationError as error:
                    add_service_errors(form, error, field_names={"attachments": "attachment"})
                else:
                    if inquiry.status == InquiryStatus.UNVERIFIED:
                        request.session["inquiry_filed_email"] = inquiry.email
                        return redirect("inquiries:filed")
                    return redirect(services.tracking_path(inquiry, language=current_language()))
    context = {"form": form, "periods": _periods_today(), "signed_in": user is not None}
    return render(request, "inquiries/new.html", context, status=status)


@never_cache
@require_GET
def inquiry_filed(request: HttpRequest) -> HttpResponse:
    return render(request, "inquiries/filed.html", {"email": request.session.get("inquiry_filed_email", "")})


@never_cache
@require_http_methods(["GET", "POST"])
def inquiry_verify(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms and opens the tracking page."""
    error = ""
    if request.method == "POST":
        try:
            inquiry = services.inquiry_verify(token=token)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return redirect(services.tracking_path(inquiry, language=current_language()))
    return render(request, "inquiries/verify.html", {"error": error}, status=400 if error else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def inquiry_track(request: HttpRequest, token: str) -> HttpResponse:
    inquiry = policies.access_inquiry_by_token(token)
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.inquiry_rate(
                    inquiry=inquiry, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(request.path)
    return render(request, "inquiries/track.html", _track_context(inquiry, form), status=status)


def _track_context(inquiry: Inquiry, form: RatingForm) -> dict[str, object]:
    today = seoul_date(timezone.now())
    return {
        "inquiry": inquiry,
        "form": form,
        "overdue": selectors.is_overdue(inquiry, today),
        "can_rate": inquiry.status == InquiryStatus.ANSWERED and inquiry.rated_at is None,
    }


@login_required
@require_GET
def my_inquiries(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    rows = [
        {"inquiry": inquiry, "link": services.tracking_path(inquiry, language=current_language())}
        for inquiry in selectors.inquiries_of(user)
    ]
    return render(request, "inquiries/mine.html", {"rows": rows})


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    if category not in InquiryCategory.values:
        category = ""
    entries = list(selectors.faq_entries_published(category=category))
    return render(
        request,
        "inquiries/faq.html",
        {"entries": entries, "category": category, "categories": InquiryCategory.choices},
    )


app_name = "inquiries"
urlpatterns = [
    path("", inquiry_new, name="new"),
    path("filed/", inquiry_filed, name="filed"),
    path("mine/", my_inquiries, name="mine"),
    path("faq/", faq, name="faq"),
    path("confirm/<str:token>/", inquiry_verify, name="verify"),
    path("track/<str:token>/", inquiry_track, name="track"),
]
