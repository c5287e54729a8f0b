"""Reads of the talent's side (selectors.talent): applications with their timelines in a fixed
number of queries, and recommended openings with the matcher's reasons, for a talent whose
profile companies cannot find as well."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from talentcenter.audit import events
from talentcenter.jobs.enums import ApplicationStage, OpeningStatus
from talentcenter.jobs.models import JobApplication
from talentcenter.jobs.selectors import talent as selectors
from talentcenter.jobs.services.applications import application_submit
from talentcenter.jobs.tests.talent_support import (
    OTHER_SKILL,
    SKILL,
    complete_profile,
    index_opening,
    index_profile,
    opening,
)
from talentcenter.talent.enums import Visibility

pytestmark = pytest.mark.django_db


def test_applications_and_their_timelines_take_two_queries_however_many(django_assert_num_queries: Any):
    profile = complete_profile()
    for _number in range(4):
        application = application_submit(actor=profile.user, opening=opening())
    # The company moves the last one on, as the pipeline service records it
    JobApplication.objects.filter(pk=application.pk).update(stage=ApplicationStage.SCREENING)
    events.record(
        actor=None, action="jobs.application_screen", subject=application, changes={"stage": ["new", "screening"]}
    )

    with django_assert_num_queries(2):
        rows = selectors.application_rows(list(selectors.applications_of_profile(profile.pk)))
        titles = [row.application.opening.company.name for row in rows]

    assert len(titles) == 4
    latest = next(row for row in rows if row.application.pk == application.pk)
    assert [entry.label for entry in latest.timeline] == ["Applied", "Moved to “Screening”"]
    assert latest.can_withdraw


def test_a_talent_nobody_may_find_still_gets_recommendations_with_reasons():
    # Given a private profile (never shown to companies) with a semiconductor skill
    profile = complete_profile(visibility=Visibility.PRIVATE)
    fits = opening(title_en="Process integration", skills=(SKILL,))
    other = opening(title_en="Lithography", skills=(OTHER_SKILL,))
    for item in (fits, other):
        index_opening(item)
    index_profile(profile)

    # When the recommendations are read
    recommendations = selectors.recommended_openings(profile_id=profile.pk)

    # Then the fitting opening comes first, with its reasons
    assert recommendations[0].opening.pk == fits.pk
    explanation = recommendations[0].match.explanation
    assert [skill.required_code for skill in explanation.skills_matched] == [SKILL]
    assert explanation.education.detail and explanation.salary.detail
    assert recommendations[0].match.score > next(r.match.score for r in recommendations if r.opening.pk == other.pk)


def test_openings_applied_to_or_closed_meanwhile_are_left_out():
    profile = complete_profile()
    applied, closed, fresh = opening(), opening(), opening()
    for item in (applied, closed, fresh):
        index_opening(item)
    index_profile(profile)
    application_submit(actor=profile.user, opening=applied)
    closed.status, closed.closed_at = OpeningStatus.CLOSED, timezone.now()
    closed.save()  # the index still lists it until the opening service puts it again

    recommended = [item.opening.pk for item in selectors.recommended_openings(profile_id=profile.pk)]

    assert recommended == [fresh.pk]


def test_a_profile_not_yet_in_the_index_is_indexed_on_the_way(django_assert_max_num_queries: Any):
    profile = complete_profile()
    index_opening(opening())
    from talentcenter.matching.models import ProfileVector

    ProfileVector.objects.filter(profile_id=profile.pk).delete()

    assert len(selectors.recommended_openings(profile_id=profile.pk)) == 1
    assert ProfileVector.objects.filter(profile_id=profile.pk).exists()
