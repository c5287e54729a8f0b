"""Public pages: guides (/guides/), notices and news (/notices/, with RSS and Atom feeds) and the
one search over guides, FAQ and notices (/search/). Everyone may read them; each page is in the
reader's language (the path's /ko/ or /en/)."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from talentcenter.foundation.i18n import current_language
from talentcenter.guides import citations, markup, search
from talentcenter.guides.enums import NoticeKind
from talentcenter.guides.forms import SearchForm
from talentcenter.guides.models import Guide, Notice
from talentcenter.guides.policies import access_guide_for_reading, access_notice_for_reading, can_edit_guides
from talentcenter.guides.selectors import FEED_SIZE, guides_published, notices_published, pathfinder_url

NOTICES_PER_PAGE = 20


def guide_page_context(guide: Guide, revision: Any) -> dict[str, Any]:
    """What a guide's page shows of ``revision``: its text with the values in force filled in, its
    steps, and the rule parameters it cites with their value, date and sources."""
    names = list(revision.parameters)
    values = citations.value_texts(names)
    return {
        "guide": guide,
        "revision": revision,
        "title": revision.title(),
        "summary": revision.summary(),
        "body": markup.render(revision.body(), parameter_text=lambda name: values.get(name, "—")),
        "steps": [{"label": label, "state": ""} for label in revision.steps()],
        "parameter_rows": citations.rows(names),
        "pathfinder_url": pathfinder_url(guide),
    }


@require_GET
def guide_list(request: HttpRequest) -> HttpResponse:
    return render(request, "guides/list.html", {"guides": list(guides_published())})


@require_GET
def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guide = access_guide_for_reading(user=request.user, slug=slug)
    context = guide_page_context(guide, guide.published_revision)
    context["can_edit"] = can_edit_guides(request.user)
    return render(request, "guides/detail.html", context)


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in NoticeKind.values else ""
    page = Paginator(notices_published(kind=kind), NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "guides/notice_list.html",
        {"page": page, "notices": list(page.object_list), "kind": kind, "kinds": [("", _("All")), *NoticeKind.choices]},
    )


@require_GET
def notice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    notice = access_notice_for_reading(user=request.user, slug=slug)
    return render(request, "guides/notice_detail.html", {"notice": notice, "body": markup.render(notice.body())})


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """The search over guides, FAQ and notices: one query per kind, results grouped by kind."""
    form = SearchForm(request.GET)
    query, kind = "", ""
    if form.is_valid():
        query = search.clean_query(form.cleaned_data["q"])
        kind = form.cleaned_data["kind"]
    groups = search.search(query, language=current_language(), kinds=[kind] if kind else [])
    shown = [
        {
            "kind": group.kind.value,
            "label": group.label,
            "count": len(group.hits),
            "hits": [
                {
                    "title": search.highlight(hit.title, query),
                    "snippet": search.highlight(hit.snippet, query),
                    "url": hit.url,
                    "updated": hit.updated,
                }
                for hit in group.hits
            ],
        }
        for group in groups
    ]
    return render(
        request,
        "guides/search.html",
        {"form": form, "query": query, "groups": shown, "total": sum(group["count"] for group in shown)},
    )


class NoticeRssFeed(Feed):
    """The latest published notices and news, in the language of the feed's path."""

    def title(self) -> str:
        return _("Global Talent Center: notices and news")

    def description(self) -> str:
        return _("Notices and news of KOTRA's Global Talent Center.")

    def link(self) -> str:
        return reverse("guides:notice_list")

    def items(self) -> list[Notice]:
        return list(notices_published()[:FEED_SIZE])

    def item_title(self, item: Notice) -> str:
        return item.title()

    def item_description(self, item: Notice) -> str:
        return str(markup.render(item.body()))

    def item_link(self, item: Notice) -> str:
        return reverse("guides:notice_detail", kwargs={"slug": item.slug})

    def item_pubdate(self, item: Notice) -> Any:
        return item.published_at

    def item_updateddate(self, item: Notice) -> Any:
        return item.updated_at


class NoticeAtomFeed(NoticeRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


urlpatterns = [
    path("guides/", guide_list, name="list"),
    path("guides/<slug:slug>/", guide_detail, name="detail"),
    path("notices/", notice_list, name="notice_list"),
    path("notices/feed/rss/", NoticeRssFeed(), name="notice_rss"),
    path("notices/feed/atom/", NoticeAtomFeed(), name="notice_atom"),
    path("notices/<slug:slug>/", notice_detail, name="notice_detail"),
    path("search/", search_page, name="search"),
]
