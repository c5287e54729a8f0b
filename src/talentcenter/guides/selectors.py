"""Reads for guides and notices: what the public sees, and the editors' lists."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from talentcenter.guides import citations
from talentcenter.guides.enums import GuideStatus, NoticeKind, NoticeStatus
from talentcenter.guides.models import Guide, GuideRevision, Notice

FEED_SIZE = 20


def guides_published() -> QuerySet[Guide]:
    """Published guides with the revision the public reads, in their order: one query."""
    return Guide.objects.filter(status=GuideStatus.PUBLISHED, published_revision__isnull=False).select_related(
        "published_revision"
    )


def pathfinder_url(guide: Guide) -> str:
    """The self-check, opened on the guide's programme (``?programme=``), or plain."""
    url = reverse("policy:pathfinder")
    return f"{url}?programme={guide.programme}" if guide.programme else url


def notices_published(*, kind: str = "") -> QuerySet[Notice]:
    notices = Notice.objects.filter(status=NoticeStatus.PUBLISHED)
    if kind in NoticeKind.values:
        notices = notices.filter(kind=kind)
    return notices.order_by("-published_at", "-pk")


@dataclass(frozen=True)
class GuideRow:
    """A line of the editors' list: the guide, its latest text, and whether it needs review."""

    guide: Guide
    revision: GuideRevision | None
    unpublished_changes: bool
    needs_review: bool
    review_reason: str


def guide_rows_for_editors(*, review_only: bool = False) -> list[GuideRow]:
    """Every guide with its latest revision (one query). A guide needs review when it was flagged
    (a published parameter variant) or when a value it cites moved since it was last reviewed."""
    rows = []
    for guide in Guide.objects.select_related("current_revision", "published_revision").order_by("position", "slug"):
        revision = guide.current_revision
        moved = (
            citations.moved(revision.parameters, guide.reviewed_values) if revision and guide.reviewed_values else []
        )
        reason = guide.review_reason
        if moved and not reason:
            reason = ", ".join(moved)
        needs = guide.needs_review or bool(moved)
        if review_only and not needs:
            continue
        rows.append(
            GuideRow(
                guide=guide,
                revision=revision,
                unpublished_changes=guide.published_revision_id != guide.current_revision_id,
                needs_review=needs,
                review_reason=reason,
            )
        )
    return rows


def guide_revisions(guide: Guide) -> QuerySet[GuideRevision]:
    return guide.revisions.select_related("created_by").order_by("-number")


def notices_for_editors() -> QuerySet[Notice]:
    return Notice.objects.order_by("-updated_at", "-pk")
