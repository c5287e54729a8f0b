"""The demo guides and notices: every shipped guide published, notices made once by the demo staff."""

from __future__ import annotations

import pytest

from talentcenter.demo.accounts import demo_accounts_ensure
from talentcenter.demo.guides import PLANS, demo_guides_ensure
from talentcenter.guides.enums import GuideStatus, NoticeStatus
from talentcenter.guides.models import Guide, Notice
from talentcenter.guides.seed import GUIDES

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_every_guide_and_makes_the_notices_once() -> None:
    demo_accounts_ensure()
    Guide.objects.filter(slug="youth-dream-visa").delete()

    assert demo_guides_ensure() == len(PLANS)
    assert demo_guides_ensure() == 0

    assert sorted(Guide.objects.filter(status=GuideStatus.PUBLISHED).values_list("slug", flat=True)) == sorted(
        data["slug"] for data in GUIDES
    )
    assert Notice.objects.filter(status=NoticeStatus.PUBLISHED).count() == len(PLANS) - 1
    assert Notice.objects.get(slug="youth-dream-visa-draft").status == NoticeStatus.DRAFT
