"""The staff back office: thin views over the selectors and services of the domain apps.

Every view is guarded by ``back_office_required``: anonymous visitors are sent to sign in,
signed-in people who are not staff get a 404 (the back office does not exist for them), and the
``StaffSecondFactorMiddleware`` has already made sure staff passed a second factor.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from talentcenter.accounts.policies import can_use_back_office
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.audit.selectors import audit_action_names, audit_event_list, audit_timeline_for
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import role_required
from talentcenter.organizations import services as company_services
from talentcenter.organizations.models import Company
from talentcenter.organizations.policies import access_company_for_verification
from talentcenter.organizations.selectors import (
    companies_pending_verification,
    company_list_visible_to,
    members_of,
)
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_access, record_personal_data_list_access
from talentcenter.talent.models import TalentProfile
from talentcenter.talent.selectors import talent_list_for_staff, talent_profile_detail
from talentcenter.web.forms import (
    AuditFilterForm,
    CompanyFilterForm,
    CompanyRejectForm,
    CompanyVerifyForm,
    TalentFilterForm,
)

back_office_required = role_required(can_use_back_office)


def _page(request: HttpRequest, items: QuerySet[Any]) -> Page:
    """One page of a list; a page number that is not a number or out of range shows the last page."""
    return Paginator(items, settings.TALENTCENTER_PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
@back_office_required
def index(request: HttpRequest) -> HttpResponse:
    pending = companies_pending_verification()
    return render(
        request,
        "web/backoffice/index.html",
        {"section": "index", "pending_count": pending.count(), "pending": pending[:5]},
    )


@require_GET
@back_office_required
def talents(request: HttpRequest) -> HttpResponse:
    form = TalentFilterForm(request.GET or None)
    profiles = talent_list_for_staff(**form.selector_arguments()).prefetch_related("desired_industries")
    page = _page(request, profiles)
    record_personal_data_list_access(
        viewer=signed_in_user(request), subjects=[profile.user for profile in page], what=AccessWhat.TALENT_LIST
    )
    return render(request, "web/backoffice/talents.html", {"section": "talents", "form": form, "page": page})


@require_GET
@back_office_required
def talent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        profile = talent_profile_detail(profile_id=pk)
    except TalentProfile.DoesNotExist as error:
        raise Http404 from error
    record_personal_data_access(
        viewer=signed_in_user(request), subject=profile.user, what=AccessWhat.TALENT_PROFILE, obj=profile
    )
    return render(
        request,
        "web/backoffice/talent_detail.html",
        {"section": "talents", "profile": profile, "timeline": audit_timeline_for(subject=profile)},
    )


@require_GET
@back_office_required
def companies(request: HttpRequest) -> HttpResponse:
    form = CompanyFilterForm(request.GET or None)
    listed = company_list_visible_to(user=request.user, **form.selector_arguments())
    return render(
        request, "web/backoffice/companies.html", {"section": "companies", "form": form, "page": _page(request, listed)}
    )


@require_GET
@back_office_required
def verifications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/backoffice/verifications.html",
        {"section": "verifications", "page": _page(request, companies_pending_verification())},
    )


def _render_company_detail(
    request: HttpRequest,
    company: Company,
    *,
    verify_form: CompanyVerifyForm | None = None,
    reject_form: CompanyRejectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    members = list(members_of(company=company))
    record_personal_data_list_access(
        viewer=signed_in_user(request), subjects=[member.user for member in members], what=AccessWhat.COMPANY_MEMBERS
    )
    return render(
        request,
        "web/backoffice/company_detail.html",
        {
            "section": "companies",
            "company": company,
            "members": members,
            "timeline": audit_timeline_for(subject=company),
            "verify_form": verify_form or CompanyVerifyForm(),
            "reject_form": reject_form or CompanyRejectForm(),
        },
        status=status,
    )


@require_GET
@back_office_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = access_company_for_verification(user=request.user, company_id=pk)
    return _render_company_detail(request, company)


@require_POST
@back_office_required
def company_verify(request: HttpRequest, pk: int) -> HttpResponse:
    company = access_company_for_verification(user=request.user, company_id=pk)
    form = CompanyVerifyForm(request.POST)
    if form.is_valid():
        try:
            company_services.company_verify(
                company=company, actor=signed_in_user(request), note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The company is verified. Its members have been told by e-mail."))
            return redirect("backoffice:company_detail", pk=company.pk)
    return _render_company_detail(request, company, verify_form=form, status=400)


@require_POST
@back_office_required
def company_reject(request: HttpRequest, pk: int) -> HttpResponse:
    company = access_company_for_verification(user=request.user, company_id=pk)
    form = CompanyRejectForm(request.POST)
    if form.is_valid():
        try:
            company_services.company_reject(
                company=company, actor=signed_in_user(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The company is rejected. Its members have been told why by e-mail."))
            return redirect("backoffice:company_detail", pk=company.pk)
    return _render_company_detail(request, company, reject_form=form, status=400)


@require_GET
@back_office_required
def audit(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, actions=audit_action_names())
    action = form.cleaned_data.get("action", "") if form.is_valid() else ""
    return render(
        request,
        "web/backoffice/audit.html",
        {"section": "audit", "form": form, "page": _page(request, audit_event_list(action=action))},
    )
