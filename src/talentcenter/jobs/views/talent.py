"""The talent's pages: apply in one step, my applications (with their timelines, withdraw), my
saved searches (save the board's filters, rename, e-mails on or off, delete) and recommended
openings with the matcher's reasons.

Thin views over ``jobs.services.applications`` and ``jobs.services.searches``: every change is a
POST that calls one service and redirects; a service's ``ValidationError`` is shown on the page.
Another person's application or saved search is as good as missing (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.i18n import in_language
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.jobs import policies, workflow
from talentcenter.jobs.enums import Region, Sponsorship
from talentcenter.jobs.forms.talent import ApplyForm, SavedSearchEditForm, SavedSearchForm, criteria_from_query
from talentcenter.jobs.models import JobApplication, SavedSearch
from talentcenter.jobs.selectors import talent as selectors
from talentcenter.jobs.selectors.board import SPONSORING
from talentcenter.jobs.services import applications as application_services
from talentcenter.jobs.services import searches as search_services
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.reference.models import Occupation
from talentcenter.talent.services import profile_missing_parts

EXPLANATION_TEMPLATE = "matching/_explanation.html"


def opening_link(opening_id: int) -> str:
    """The public page of an opening (the job board's), in the current language."""
    return reverse("jobs:opening", kwargs={"opening_id": opening_id})


def board_link(criteria: dict[str, Any] | None = None) -> str:
    """The job board, filtered by ``criteria`` when given."""
    url = reverse("jobs:board")
    return f"{url}?{urlencode(criteria)}" if criteria else url


def _explanation_template() -> str:
    """The matching app's partial for a match's reasons, once it exists; the page's own otherwise."""
    try:
        get_template(EXPLANATION_TEMPLATE)
    except TemplateDoesNotExist:
        return "jobs/talent/_reasons.html"
    return EXPLANATION_TEMPLATE


# --- A saved search's filters, in words --------------------------------------------------------


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def search_filters_summary(
    criteria: dict[str, Any], occupations: dict[str, Occupation] | None = None
) -> list[tuple[str, str]]:
    """The job-board filters of a saved search as (what, value) pairs in the current language."""
    occupations = occupations if occupations is not None else {}
    rows: list[tuple[str, str]] = []
    if criteria.get("q"):
        rows.append((_("Words"), str(criteria["q"])))
    if criteria.get("industry"):
        rows.append((_("Industry"), _label(AdvancedIndustry, criteria["industry"])))
    if criteria.get("region"):
        rows.append((_("Region"), _label(Region, criteria["region"])))
    if criteria.get("occupation"):
        occupation = occupations.get(criteria["occupation"])
        title = ""
        if occupation is not None:
            title = in_language(occupation.title_ko, occupation.title_en)
        rows.append((_("Occupation"), f"{criteria['occupation']} {title}".strip()))
    if criteria.get("salary_min"):
        rows.append((_("Salary from"), _("KRW {amount} a year").format(amount=f"{int(criteria['salary_min']):,}")))
    if criteria.get("sponsorship"):
        sponsorship = str(criteria["sponsorship"])
        label = _("Sponsors a visa route") if sponsorship == SPONSORING else _label(Sponsorship, sponsorship)
        rows.append((_("Visa sponsorship"), label))
    return rows


def _occupations_of(criteria_list: list[dict[str, Any]]) -> dict[str, Occupation]:
    codes = {str(criteria["occupation"]) for criteria in criteria_list if criteria.get("occupation")}
    return {item.code: item for item in Occupation.objects.filter(code__in=codes)} if codes else {}


# --- Apply -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, opening_id: int) -> HttpResponse:
    """GET: what applying shares and with whom, the optional note, whether the profile is complete.
    POST: apply (one step)."""
    user = signed_in_user(request)
    opening = policies.access_opening_for_viewing(user=user, opening_id=opening_id)
    profile = selectors.profile_of_user(user)
    if request.method == "POST":
        form = ApplyForm(request.POST)
        if form.is_valid():
            try:
                application_services.application_submit(
                    actor=user, opening=opening, cover_note=form.cleaned_data["cover_note"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("You have applied to “{title}”. {company} can now see your profile.").format(
                        title=opening.title, company=opening.company.name
                    ),
                )
                return redirect("jobs:my_applications")
    else:
        form = ApplyForm()
    existing = JobApplication.objects.filter(opening=opening, profile=profile).first() if profile is not None else None
    missing = profile_missing_parts(profile) if profile is not None else []
    context = {
        "opening": opening,
        "opening_url": opening_link(opening.pk),
        "profile": profile,
        "missing": missing,
        "existing": existing,
        "accepts": application_services.opening_accepts_applications(opening),
        "form": form,
        "error_forms": [form] if form.errors else [],
    }
    return render(request, "jobs/talent/apply.html", context)


# --- My applications ---------------------------------------------------------------------------


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of_user(signed_in_user(request))
    page = Paginator(
        selectors.applications_of_profile(profile.pk if profile else None), settings.TALENTCENTER_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = selectors.application_rows(list(page.object_list))
    for row in rows:
        row.opening_url = opening_link(row.application.opening_id)
    return render(
        request,
        "jobs/talent/applications.html",
        {"page": page, "rows": rows, "profile": profile, "board_url": board_link()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then withdraw one's own open application."""
    application = policies.access_application_for_talent(user=request.user, application_id=pk)
    if request.method == "POST":
        try:
            application_services.application_withdraw(actor=signed_in_user(request), application=application)
        except TransitionNotAllowed as error:
            messages.error(request, error.messages[0])
            return redirect("jobs:my_applications")
        messages.success(
            request, _("Your application to “{title}” is withdrawn.").format(title=application.opening.title)
        )
        return redirect("jobs:my_applications")
    if application.stage not in workflow.APPLICATION_TRANSITIONS["withdraw"].sources:
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("jobs:my_applications")
    return render(request, "jobs/talent/withdraw.html", {"application": application})


# --- My saved searches -------------------------------------------------------------------------


@dataclass
class SearchRow:
    search: SavedSearch
    summary: list[tuple[str, str]]
    board_url: str
    form: SavedSearchEditForm


@login_required
@require_GET
def my_searches(request: HttpRequest) -> HttpResponse:
    searches = list(selectors.saved_searches_of(signed_in_user(request)))
    occupations = _occupations_of([search.criteria for search in searches])
    rows = [
        SearchRow(
            search=search,
            summary=search_filters_summary(search.criteria, occupations),
            board_url=board_link(search.criteria),
            form=SavedSearchEditForm(
                initial={"name": search.name, "alert": search.alert}, prefix=f"search-{search.pk}"
            ),
        )
        for search in searches
    ]
    return render(
        request,
        "jobs/talent/searches.html",
        {"rows": rows, "board_url": board_link(), "limit": search_services.MAX_SAVED_SEARCHES},
    )


@login_required
@require_http_methods(["GET", "POST"])
def search_create(request: HttpRequest) -> HttpResponse:
    """Save the board's filters: GET comes from the board's "Save this search" link with them as
    query parameters; the page asks for a name and whether to e-mail new openings."""
    if request.method == "POST":
        form = SavedSearchForm(request.POST)
        if form.is_valid():
            try:
                search = search_services.saved_search_create(
                    actor=signed_in_user(request),
                    name=form.cleaned_data["name"],
                    criteria=form.criteria(),
                    alert=form.cleaned_data["alert"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your search “{name}” is saved.").format(name=search.name))
                return redirect("jobs:my_searches")
        criteria = form.criteria() if form.is_bound and hasattr(form, "cleaned_data") else {}
    else:
        criteria = criteria_from_query(request.GET)
        form = SavedSearchForm(initial={**criteria, "alert": True})
    summary_errors: list[str] = []
    try:
        checked = search_services.clean_criteria(criteria)
    except ValidationError as error:
        checked, summary_errors = {}, error.messages
    return render(
        request,
        "jobs/talent/search_create.html",
        {
            "form": form,
            "summary": search_filters_summary(checked, _occupations_of([checked])),
            "summary_errors": summary_errors,
            "board_url": board_link(checked),
            "error_forms": [form] if form.errors else [],
        },
    )


def _own_search(request: HttpRequest, pk: int) -> SavedSearch:
    search = SavedSearch.objects.filter(pk=pk, user_id=signed_in_user(request).pk).first()
    if search is None:
        raise Http404
    return search


@login_required
@require_POST
def search_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a saved search and turn its e-mails on or off (the form on the list)."""
    search = _own_search(request, pk)
    form = SavedSearchEditForm(request.POST, prefix=f"search-{search.pk}")
    if form.is_valid():
        try:
            search_services.saved_search_update(
                actor=signed_in_user(request),
                search=search,
                name=form.cleaned_data["name"],
                alert=form.cleaned_data["alert"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your saved search is updated."))
            return redirect("jobs:my_searches")
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, str(message))
    return redirect("jobs:my_searches")


@login_required
@require_http_methods(["GET", "POST"])
def search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    search = _own_search(request, pk)
    if request.method == "POST":
        search_services.saved_search_delete(actor=signed_in_user(request), search=search)
        messages.success(request, _("The saved search “{name}” is deleted.").format(name=search.name))
        return redirect("jobs:my_searches")
    return render(
        request,
        "jobs/talent/search_delete.html",
        {"search": search, "summary": search_filters_summary(search.criteria, _occupations_of([search.criteria]))},
    )


# --- Recommended openings ----------------------------------------------------------------------


@login_required
@require_GET
def recommended(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of_user(signed_in_user(request))
    recommendations = selectors.recommended_openings(profile_id=profile.pk) if profile is not None else []
    for item in recommendations:
        item.opening_url = opening_link(item.opening.pk)
    return render(
        request,
        "jobs/talent/recommended.html",
        {
            "profile": profile,
            "recommendations": recommendations,
            "explanation_template": _explanation_template(),
            "board_url": board_link(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("<int:opening_id>/apply/", apply, name="apply"),
    path("my/applications/", my_applications, name="my_applications"),
    path("my/applications/<int:pk>/withdraw/", withdraw, name="withdraw"),
    path("my/searches/", my_searches, name="my_searches"),
    path("my/searches/new/", search_create, name="search_create"),
    path("my/searches/<int:pk>/", search_edit, name="search_edit"),
    path("my/searches/<int:pk>/delete/", search_delete, name="search_delete"),
    path("my/recommended/", recommended, name="recommended"),
]
