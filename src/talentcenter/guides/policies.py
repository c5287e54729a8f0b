"""Who may see and do what with guides and notices.

Published guides and notices are public; drafts, revisions and the editing pages are for center
staff (reviewers and administrators), who alone write, publish, withdraw and restore. ``access_*``
functions fetch and authorise in one call: 404 for what the actor may not see.
"""

from __future__ import annotations

from django.http import Http404

from talentcenter.accounts.policies import Visitor, can_use_back_office
from talentcenter.guides.enums import GuideStatus, NoticeStatus
from talentcenter.guides.models import Guide, Notice


def can_edit_guides(user: Visitor) -> bool:
    """Center staff write guides and notices."""
    return can_use_back_office(user)


def access_guide_for_reading(*, user: Visitor, slug: str) -> Guide:
    guide = Guide.objects.select_related("published_revision").filter(slug=slug).first()
    if guide is None or guide.status != GuideStatus.PUBLISHED or guide.published_revision is None:
        raise Http404
    return guide


def access_guide_for_editing(*, user: Visitor, guide_id: int) -> Guide:
    if not can_edit_guides(user):
        raise Http404
    guide = Guide.objects.select_related("current_revision", "published_revision").filter(pk=guide_id).first()
    if guide is None:
        raise Http404
    return guide


def access_notice_for_reading(*, user: Visitor, slug: str) -> Notice:
    notice = Notice.objects.filter(slug=slug, status=NoticeStatus.PUBLISHED).first()
    if notice is None:
        raise Http404
    return notice


def access_notice_for_editing(*, user: Visitor, notice_id: int) -> Notice:
    if not can_edit_guides(user):
        raise Http404
    notice = Notice.objects.filter(pk=notice_id).first()
    if notice is None:
        raise Http404
    return notice
