"""The public job board (``/jobs/``) and an opening's page (``/jobs/<id>/``), open to everyone.

Drafts, unpublished and closed openings are seen only by the company's members and center staff
(``policies.access_opening_for_viewing``: 404 for anyone else).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from talentcenter.jobs import policies, queries
from talentcenter.jobs.enums import OpeningStatus, Region, Sponsorship
from talentcenter.jobs.forms.openings import BoardFilterForm
from talentcenter.jobs.models import Opening
from talentcenter.jobs.selectors.board import board_opening, board_search


@dataclass(frozen=True)
class OpeningFacts:
    """What a result line (and the top of an opening's page) shows."""

    opening: Opening
    title: str
    company: str
    region: str
    salary: str
    sponsors: bool
    sponsorship: str
    closing_date: date | None


def salary_text(low: int | None, high: int | None) -> str:
    if low and high:
        return _("{low} – {high} won a year").format(low=f"{low:,}", high=f"{high:,}")
    if low:
        return _("From {low} won a year").format(low=f"{low:,}")
    if high:
        return _("Up to {high} won a year").format(high=f"{high:,}")
    return _("Salary not stated")


def opening_facts(opening: Opening) -> OpeningFacts:
    region = str(Region(opening.region).label) if opening.region in Region.values else ""
    if opening.location_detail:
        region = f"{region} · {opening.location_detail}" if region else opening.location_detail
    sponsorship = opening.sponsorship if opening.sponsorship in Sponsorship.values else Sponsorship.NONE
    return OpeningFacts(
        opening=opening,
        title=opening.title,
        company=opening.company.name,
        region=region,
        salary=salary_text(opening.salary_min_krw, opening.salary_max_krw),
        sponsors=sponsorship != Sponsorship.NONE,
        sponsorship=str(Sponsorship(sponsorship).label),
        closing_date=opening.closing_date,
    )


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """Search and filter the open positions; the filters are a GET form, so a search is a link."""
    form = BoardFilterForm(request.GET)
    criteria = form.criteria()
    page = board_search(**criteria, page=request.GET.get("page") or 1)
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "jobs/board/list.html",
        {
            "form": form,
            "page": page,
            "openings": [opening_facts(opening) for opening in page.object_list],
            "filtered": any(value not in ("", None) for value in criteria.values()),
            # A talent may keep these filters as a saved search with e-mail alerts.
            "can_save_search": policies.talent_profile_id(request.user) is not None,
            "save_search_query": filters.urlencode(),
        },
    )


def _apply_url(opening_id: int) -> str:
    try:
        return reverse("jobs:apply", kwargs={"opening_id": opening_id})
    except NoReverseMatch:
        return ""


@require_GET
def opening_detail(request: HttpRequest, opening_id: int) -> HttpResponse:
    opening = board_opening(opening_id)
    if opening is None or not policies.can_view_opening(request.user, opening):
        raise Http404
    is_open = queries.is_open(opening)
    is_talent = policies.talent_profile_id(request.user) is not None
    return render(
        request,
        "jobs/board/detail.html",
        {
            "opening": opening,
            "facts": opening_facts(opening),
            "skills": list(opening.skills.all()),
            "languages": list(opening.languages.all()),
            "is_open": is_open,
            "is_talent": is_talent,
            "apply_url": _apply_url(opening.pk) if is_talent and is_open else "",
            "is_member": policies.is_member(request.user, opening.company_id),
            "not_public": opening.status != OpeningStatus.PUBLISHED,
        },
    )


urlpatterns = [
    path("", board, name="board"),
    path("<int:opening_id>/", opening_detail, name="opening"),
]
