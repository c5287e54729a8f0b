"""Guides, notices and the search over HTTP, for everyone: ``/api/v1/guides``, ``/api/v1/notices``
and ``/api/v1/search``. The text is in the language of ``Accept-Language`` (ko, en); a guide's
``[[parameter]]`` placeholders come filled in with the values in force, and its cited parameters
are listed with their value, date and first source."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from talentcenter.accounts.api_auth import OPTIONAL
from talentcenter.foundation.api.schemas import MAX_LIMIT, MAX_OFFSET, PlainText
from talentcenter.foundation.i18n import current_language
from talentcenter.guides import citations, markup, search
from talentcenter.guides.enums import HitKind, NoticeKind
from talentcenter.guides.models import Guide, Notice
from talentcenter.guides.policies import access_guide_for_reading, access_notice_for_reading
from talentcenter.guides.selectors import guides_published, notices_published, pathfinder_url

router = Router(tags=["guides"])

Slug = Annotated[str, PlainText(80)]


class GuideSummaryOut(Schema):
    slug: str
    title: str
    summary: str
    programme: str = Field(description="The self-check's programme code, empty for none.")
    published_at: datetime | None


class CitedParameterOut(Schema):
    name: str
    label: str
    value: str
    effective_from: date | None
    source: str


class GuideOut(GuideSummaryOut):
    revision: int
    body: str = Field(description="The text in the guide's Markdown subset, values in force filled in.")
    body_html: str = Field(description="The text as sanitised HTML.")
    steps: list[str]
    parameters: list[CitedParameterOut]
    pathfinder: str = Field(description="The path of the self-check opened on this route.")


class NoticeOut(Schema):
    slug: str
    kind: NoticeKind
    title: str
    body: str
    published_at: datetime | None


class NoticePageOut(Schema):
    count: int
    items: list[NoticeOut]


class HitOut(Schema):
    kind: HitKind
    title: str
    snippet: str
    url: str
    updated: datetime | None


class SearchFilters(Schema):
    q: Annotated[str, PlainText(search.MAX_QUERY)] = Field(..., description="The words to look for.")
    kind: HitKind | None = None


class NoticeFilters(Schema):
    kind: NoticeKind | None = None
    limit: int = Field(25, ge=1, le=MAX_LIMIT, description="How many items to return.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


def _summary(guide: Guide) -> dict[str, Any]:
    revision = guide.published_revision
    assert revision is not None
    return {
        "slug": guide.slug,
        "title": revision.title(),
        "summary": revision.summary(),
        "programme": guide.programme,
        "published_at": guide.published_at,
    }


def _notice(notice: Notice) -> dict[str, Any]:
    return {
        "slug": notice.slug,
        "kind": notice.kind,
        "title": notice.title(),
        "body": notice.body(),
        "published_at": notice.published_at,
    }


@router.get("/guides", response=list[GuideSummaryOut], auth=OPTIONAL, summary="List the published guides")
def guide_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_summary(guide) for guide in guides_published()]


@router.get("/guides/{slug}", response=GuideOut, auth=OPTIONAL, summary="Read a published guide")
def guide_read(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    guide = access_guide_for_reading(user=request.user, slug=slug)
    revision = guide.published_revision
    assert revision is not None
    rows = citations.rows(revision.parameters, current_language())
    values = {row.name: row.current.display if row.current else "—" for row in rows}
    fill = markup.PARAMETER.sub
    return {
        **_summary(guide),
        "revision": revision.number,
        "body": fill(lambda match: values.get(match.group(1), "—"), revision.body()),
        "body_html": str(markup.render(revision.body(), parameter_text=lambda name: values.get(name, "—"))),
        "steps": revision.steps(),
        "parameters": [
            {
                "name": row.name,
                "label": row.label,
                "value": values[row.name],
                "effective_from": row.current.effective_from if row.current else None,
                "source": row.current.source if row.current else "",
            }
            for row in rows
        ],
        "pathfinder": pathfinder_url(guide),
    }


@router.get("/notices", response=NoticePageOut, auth=OPTIONAL, summary="List the published notices and news")
def notice_list(request: HttpRequest, filters: Query[NoticeFilters]) -> dict[str, Any]:
    notices = notices_published(kind=filters.kind or "")
    return {
        "count": notices.count(),
        "items": [_notice(notice) for notice in notices[filters.offset : filters.offset + filters.limit]],
    }


@router.get("/notices/{slug}", response=NoticeOut, auth=OPTIONAL, summary="Read a published notice")
def notice_read(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    return _notice(access_notice_for_reading(user=request.user, slug=slug))


@router.get("/search", response=list[HitOut], auth=OPTIONAL, summary="Search guides, FAQ and notices")
def search_all(request: HttpRequest, filters: Query[SearchFilters]) -> list[dict[str, Any]]:
    """Hits grouped by kind (guides, FAQ, notices), each kind best first."""
    groups = search.search(filters.q, language=current_language(), kinds=[filters.kind] if filters.kind else [])
    return [hit.__dict__ for group in groups for hit in group.hits]
