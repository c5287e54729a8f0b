"""Talent requests, the company's side (list, new request with a live count, detail, cancel) and the
talent's side: invitations (agree or decline) and "my data releases" (who received my data, when,
whether they opened it; withdraw a release).

Thin views: each POST calls one service and redirects. A request of a company the user does not
belong to is as good as missing (404); a member of an unverified company sees the list but may not
file (403). A transition somebody else made first becomes a message and a reload.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.forms import add_service_errors
from talentcenter.jobs import policies, queries, workflow
from talentcenter.jobs.forms.requests import CriteriaForm, TalentRequestForm
from talentcenter.jobs.models import ShortlistEntry
from talentcenter.jobs.selectors import releases as release_selectors
from talentcenter.jobs.selectors import requests as selectors
from talentcenter.jobs.services import releases as release_services
from talentcenter.jobs.services import requests as services
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import Company, CompanyMembership
from talentcenter.organizations.policies import CompanyNotVerified
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_list_access


def _verified_companies(user: User) -> QuerySet[Company]:
    return Company.objects.filter(memberships__user=user, status=CompanyStatus.VERIFIED).distinct().order_by("pk")


def _require_member(user: User) -> None:
    if not CompanyMembership.objects.filter(user=user).exists():
        raise Http404


@require_GET
@login_required
def talent_request_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _require_member(user)
    talent_requests = list(selectors.company_talent_requests(user=user))
    can_file = _verified_companies(user).exists()
    return render(
        request,
        "jobs/requests/list.html",
        {"talent_requests": talent_requests, "can_file": can_file},
    )


def _count(form: CriteriaForm) -> int | None:
    from talentcenter.matching.selectors import count_candidates

    if not form.is_valid():
        return None
    return count_candidates(queries.criteria_query(services.criteria_clean(form.criteria())))


@require_http_methods(["GET", "POST"])
@login_required
def talent_request_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _require_member(user)
    companies = _verified_companies(user)
    if not companies.exists():
        raise CompanyNotVerified(Company.objects.filter(memberships__user=user).earliest("pk"))
    if request.method == "POST":
        form = TalentRequestForm(request.POST, companies=companies)
        if "copy" in request.POST:
            return _copy_opening(request, form, companies)
        if form.is_valid():
            try:
                talent_request = services.talent_request_create(
                    actor=user,
                    company=form.cleaned_data["company"],
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    criteria=form.criteria(),
                    headcount=form.cleaned_data["headcount"],
                    opening=form.cleaned_data["opening"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your request {reference} was sent to the center.").format(reference=talent_request.reference),
                )
                return redirect("jobs:talent_request_detail", pk=talent_request.pk)
        return _new_page(request, form, _count(form))
    return _new_page(request, TalentRequestForm(companies=companies), _count(CriteriaForm({})))


def _new_page(request: HttpRequest, form: TalentRequestForm, count: int | None) -> HttpResponse:
    error_forms = [form] if form.is_bound and form.errors else []
    return render(request, "jobs/requests/new.html", {"form": form, "count": count, "error_forms": error_forms})


def _as_data(initial: dict[str, Any]) -> dict[str, str]:
    data = {}
    for key, value in initial.items():
        if value is True:
            data[key] = "on"
        elif value not in (None, False, ""):
            data[key] = str(value)
    return data


def _copy_opening(request: HttpRequest, form: TalentRequestForm, companies: QuerySet[Company]) -> HttpResponse:
    """Fill the criteria from one of the company's openings and show the form again (no script needed)."""
    initial: dict[str, Any] = {
        key: (True if value == "on" else value)
        for key, value in request.POST.items()
        if key != "csrfmiddlewaretoken" and key != "copy"
    }
    opening_id = str(request.POST.get("opening") or "")
    opening = form.openings.filter(pk=opening_id).first() if opening_id.isdigit() else None
    if opening is not None:
        initial = {key: value for key, value in initial.items() if not key.startswith(("skill_", "language_"))}
        initial.update(CriteriaForm.initial_from_criteria(services.criteria_from_opening(opening)))
        initial["title"] = initial.get("title") or opening.title
        initial["company"] = opening.company_id
        messages.info(request, _("The criteria of the opening were copied. Check them and send the request."))
    else:
        messages.warning(request, _("Choose an opening to copy its criteria."))
    new_form = TalentRequestForm(initial=initial, companies=companies)
    return _new_page(request, new_form, _count(CriteriaForm(_as_data(initial))))


@require_POST
@login_required
def talent_request_count(request: HttpRequest) -> HttpResponse:
    """The live count partial (htmx): discoverable profiles that pass the criteria's hard filters."""
    user = signed_in_user(request)
    if not (policies.is_center_staff(user) or CompanyMembership.objects.filter(user=user).exists()):
        raise Http404
    form = CriteriaForm(request.POST)
    return render(request, "jobs/requests/_count.html", {"count": _count(form), "form": form})


@require_GET
@login_required
def talent_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    talent_request = policies.access_talent_request_for_company(user=request.user, request_id=pk)
    release_services.release_views_record(actor=signed_in_user(request), talent_request=talent_request)
    view = selectors.talent_request_for_company(talent_request)
    record_personal_data_list_access(
        viewer=signed_in_user(request),
        subjects=release_selectors.released_people(view.shared),
        what=AccessWhat.TALENT_PROFILE,
    )
    cancellable = talent_request.status in workflow.TALENT_REQUEST_TRANSITIONS["cancel"].sources
    return render(
        request,
        "jobs/requests/detail.html",
        {
            "view": view,
            "talent_request": talent_request,
            "can_cancel": cancellable and policies.can_act_for_company(request.user, talent_request.company_id),
        },
    )


@require_POST
@login_required
def talent_request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    talent_request = policies.access_talent_request_for_company(user=request.user, request_id=pk)
    try:
        services.talent_request_cancel(
            actor=signed_in_user(request), talent_request=talent_request, reason=request.POST.get("reason", "")[:500]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request was cancelled."))
    return redirect("jobs:talent_request_detail", pk=pk)


# --- The talent ---------------------------------------------------------------------------------
@require_GET
@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    invitations = selectors.talent_invitations(user=request.user)
    return render(request, "jobs/requests/invitations.html", {"invitations": invitations})


def _own_entry(request: HttpRequest, entry_id: int) -> ShortlistEntry:
    return policies.access_invitation_for_talent(user=request.user, entry_id=entry_id)


@require_POST
@login_required
def invitation_agree(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _own_entry(request, entry_id)
    try:
        services.shortlist_agree(actor=signed_in_user(request), entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. Your profile is now shared with the company."))
    return redirect("jobs:invitations")


@require_POST
@login_required
def invitation_decline(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _own_entry(request, entry_id)
    try:
        services.shortlist_decline(actor=signed_in_user(request), entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You declined. The company will not learn who you are."))
    return redirect("jobs:invitations")


@require_GET
@login_required
def release_list(request: HttpRequest) -> HttpResponse:
    """My data releases: every company that received my data through a talent request."""
    releases = release_selectors.talent_releases(user=request.user)
    return render(request, "jobs/requests/releases.html", {"releases": releases})


@require_POST
@login_required
def release_withdraw(request: HttpRequest, release_id: int) -> HttpResponse:
    release = policies.access_release_for_talent(user=request.user, release_id=release_id)
    try:
        release_services.release_withdraw(actor=signed_in_user(request), release=release)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You withdrew your consent. {company} no longer sees your data.").format(company=release.company.name),
        )
    return redirect("jobs:my_releases")


urlpatterns = [
    path("talent-requests/", talent_request_list, name="talent_requests"),
    path("talent-requests/new/", talent_request_new, name="talent_request_new"),
    path("talent-requests/count/", talent_request_count, name="talent_request_count"),
    path("talent-requests/<int:pk>/", talent_request_detail, name="talent_request_detail"),
    path("talent-requests/<int:pk>/cancel/", talent_request_cancel, name="talent_request_cancel"),
    path("invitations/", invitation_list, name="invitations"),
    path("invitations/<int:entry_id>/agree/", invitation_agree, name="invitation_agree"),
    path("invitations/<int:entry_id>/decline/", invitation_decline, name="invitation_decline"),
    path("my/releases/", release_list, name="my_releases"),
    path("my/releases/<int:release_id>/withdraw/", release_withdraw, name="release_withdraw"),
]
