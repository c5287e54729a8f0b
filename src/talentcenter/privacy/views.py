"""The legal pages, "my privacy" (consents, who saw me, download, deletion) and the staff view of
who read a person's data. Thin views over the privacy services and selectors."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.downloads import keep_private
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.i18n import current_language
from talentcenter.foundation.views import role_required
from talentcenter.privacy import selectors, services
from talentcenter.privacy.enums import CONSENT_TEXT_VERSION, OPTIONAL_PURPOSES, REQUIRED_PURPOSES, Purpose
from talentcenter.privacy.forms import AccountDeleteForm, ConsentChangeForm
from talentcenter.privacy.policies import can_manage_own_privacy, can_read_access_log
from talentcenter.privacy.texts import CONSENT_TEXTS

own_privacy_required = role_required(can_manage_own_privacy)
access_log_required = role_required(can_read_access_log)

LEGAL_PAGES = {"privacy_policy", "terms", "copyright"}


def _legal(request: HttpRequest, page: str) -> HttpResponse:
    return render(
        request,
        f"privacy/legal/{page}_{current_language()}.html",
        {"page": page, "version": CONSENT_TEXT_VERSION},
    )


@require_GET
def privacy_policy(request: HttpRequest) -> HttpResponse:
    return _legal(request, "privacy_policy")


@require_GET
def terms(request: HttpRequest) -> HttpResponse:
    return _legal(request, "terms")


@require_GET
def copyright_policy(request: HttpRequest) -> HttpResponse:
    return _legal(request, "copyright")


@require_GET
@own_privacy_required
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    in_force = selectors.consents_in_force(user=user)
    rows = [
        {"text": CONSENT_TEXTS[purpose], "consent": in_force.get(purpose), "required": purpose in REQUIRED_PURPOSES}
        for purpose in (*REQUIRED_PURPOSES, *OPTIONAL_PURPOSES)
    ]
    return render(
        request,
        "privacy/mine.html",
        {
            "rows": rows,
            "history": selectors.consent_history(user=user),
            "seen": selectors.who_saw(user=user),
        },
    )


@require_POST
@own_privacy_required
def consent_change(request: HttpRequest) -> HttpResponse:
    form = ConsentChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a consent from the list."))
        return redirect("privacy:mine")
    user = signed_in_user(request)
    purpose = Purpose(form.cleaned_data["purpose"])
    try:
        if form.cleaned_data["decision"] == "give":
            services.consent_give(actor=user, purpose=purpose)
            messages.success(request, _("Your consent is recorded."))
        else:
            services.consent_withdraw(actor=user, purpose=purpose)
            messages.success(request, _("Your consent is withdrawn."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("privacy:mine")


@require_GET
@own_privacy_required
def export(request: HttpRequest) -> HttpResponse:
    """All the person's data as one JSON file."""
    user = signed_in_user(request)
    data = selectors.personal_data_export(user=user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"talentcenter-my-data-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return keep_private(response)


@require_http_methods(["GET", "POST"])
@own_privacy_required
def delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(actor=signed_in_user(request), password=form.cleaned_data["password"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for using the Global Talent Center."))
            return redirect("web:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/delete.html", {"form": form}, status=status)


@require_GET
@access_log_required
def staff_access_log(request: HttpRequest, user_id: int) -> HttpResponse:
    """Back office: who read this person's data, with the staff member's or member's account."""
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise Http404
    return render(
        request,
        "privacy/staff_access_log.html",
        {"section": "talents", "person": person, "events": selectors.access_log_for_staff(user=person)},
    )
