"""(H3) The demo openings: the demo company's six in every status with applicants at several stages, the
generated companies' published openings with their search text and index rows; a second run adds
nothing."""

from __future__ import annotations

import pytest

from talentcenter.demo.generator import demo_load
from talentcenter.demo.jobs import demo_jobs_ensure
from talentcenter.jobs.enums import OpeningStatus
from talentcenter.jobs.models import JobApplication, Opening
from talentcenter.jobs.selectors.board import board_search
from talentcenter.matching.models import OpeningVector

pytestmark = pytest.mark.django_db


def test_demo_openings_are_made_once(settings):
    demo_load(seed=11, profiles=30, companies=12, cases=False)  # calls demo_jobs_ensure

    demo_company = Opening.objects.filter(created_by__email="company@demo.talentcenter.kr")
    assert sorted(demo_company.values_list("status", flat=True)) == sorted(
        ["draft", "published", "published", "published", "unpublished", "closed"]
    )
    assert all(opening.skills.exists() and opening.languages.exists() for opening in demo_company)
    generated = Opening.objects.exclude(created_by__email="company@demo.talentcenter.kr")
    assert generated.count() == 150
    assert not generated.exclude(status=OpeningStatus.PUBLISHED).exists()
    assert not generated.filter(search_text="").exists()
    assert OpeningVector.objects.filter(open=True).count() == 153
    assert board_search().paginator.count == 153
    stages = set(JobApplication.objects.values_list("stage", flat=True))
    assert {"new", "screening"} <= stages

    assert demo_jobs_ensure() == 0
    assert Opening.objects.count() == 156
