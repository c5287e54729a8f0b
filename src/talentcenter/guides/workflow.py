"""The transition maps of guides and notices: publish (the public sees it) and withdraw."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from talentcenter.foundation.workflow import TransitionMap
from talentcenter.guides.enums import GuideStatus, NoticeStatus

GUIDE_TRANSITIONS = TransitionMap(
    GuideStatus,
    ("publish", gettext_lazy("Publish"), {GuideStatus.DRAFT}, GuideStatus.PUBLISHED),
    ("withdraw", gettext_lazy("Withdraw from the public"), {GuideStatus.PUBLISHED}, GuideStatus.DRAFT),
)

NOTICE_TRANSITIONS = TransitionMap(
    NoticeStatus,
    ("publish", gettext_lazy("Publish"), {NoticeStatus.DRAFT}, NoticeStatus.PUBLISHED),
    ("withdraw", gettext_lazy("Withdraw from the public"), {NoticeStatus.PUBLISHED}, NoticeStatus.DRAFT),
)
