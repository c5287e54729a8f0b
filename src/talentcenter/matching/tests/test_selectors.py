"""The public selectors on the real database: ranked candidates (with visa fit), counts, ranked
openings for a talent, and one profile explained against one opening."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talentcenter.matching import services
from talentcenter.matching.query import CandidateQuery, OfferFacts, SkillRequirement
from talentcenter.matching.records import OpeningRecord
from talentcenter.matching.selectors import (
    count_candidates,
    explain_match,
    query_from_opening_record,
    rank_candidates,
    rank_openings,
)
from talentcenter.reference.models import Skill
from talentcenter.talent.enums import EducationLevel, Visibility
from talentcenter.talent.models import SkillEntry
from tests.cases import eligible_profile
from tests.factories import EducationFactory, TalentProfileFactory

AS_OF = datetime.date(2026, 11, 23)
OFFER = OfferFacts(
    company_name="Hanbit Semiconductor",
    company_size="sme",
    industry="semiconductor",
    annual_salary_krw=160_000_000,
    occupation_code="2211",
    technology_field="digital_electronics",
)
DISCOVERABLE = {
    "visibility": Visibility.VERIFIED_COMPANIES,
    "completed_at": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
}


def with_skills(profile, **skills: int):
    for code, proficiency in skills.items():
        SkillEntry.objects.create(
            profile=profile, skill=Skill.objects.get(code=code.replace("__", ".")), proficiency=proficiency
        )
    services.profile_vector_refresh(profile_id=profile.pk)
    return profile


def junior(**fields):
    profile = TalentProfileFactory(nationality="VN", birth_date=datetime.date(2000, 1, 1), **fields)
    EducationFactory(profile=profile, level=EducationLevel.BACHELOR, field="History", country="VN")
    return profile


@pytest.mark.django_db
def test_only_discoverable_profiles_are_ranked_best_first_with_explanations(django_assert_max_num_queries):
    expert = with_skills(TalentProfileFactory(**DISCOVERABLE), ai__pytorch=4)
    broader = with_skills(TalentProfileFactory(**DISCOVERABLE), ai__deep_learning=4)
    hidden = with_skills(
        TalentProfileFactory(visibility=Visibility.PRIVATE, completed_at=timezone.now()), ai__pytorch=4
    )
    query = CandidateQuery(skills=(SkillRequirement("ai.dl_frameworks", 5),))
    rank_candidates(query)  # the first query loads the index

    with django_assert_max_num_queries(4):
        matches = rank_candidates(query)

    assert [match.profile_id for match in matches] == [expert.pk, broader.pk]
    assert hidden.pk not in {match.profile_id for match in matches}
    first = matches[0].explanation
    assert first is not None
    assert [(skill.matched_code, skill.how) for skill in first.skills_matched] == [("ai.pytorch", "narrower")]
    assert matches[0].score == 100.0 and matches[1].components["skills"] == 0.6
    assert count_candidates(query) == 2


@pytest.mark.django_db
def test_visa_fit_reranks_the_top_and_the_fast_track_filter_keeps_only_qualifying_hires():
    low = with_skills(junior(**DISCOVERABLE), semi__process_integration=4)
    strong = with_skills(eligible_profile(**DISCOVERABLE), semi__process_integration=4)
    query = CandidateQuery(skills=(SkillRequirement("semi.process_integration", 5),), offer=OFFER)

    without_visa = rank_candidates(query, visa=False)
    with_visa = rank_candidates(query, as_of=AS_OF)

    assert [match.profile_id for match in without_visa] == [low.pk, strong.pk]  # a tie: the lower id first
    assert [match.profile_id for match in with_visa] == [strong.pk, low.pk]
    strong_visa = with_visa[0].explanation.visa
    assert strong_visa is not None and strong_visa.fast_track and strong_visa.best.programme == "ktech-pass"
    assert with_visa[0].components["visa"] == 1.0
    low_visa = with_visa[1].explanation.visa
    assert low_visa is not None and low_visa.near_miss is not None and low_visa.first_hint

    hard_filters = {"education": True, "languages": True, "required_skills": False, "nationalities": True}
    with override_settings(TALENTCENTER_MATCHING_HARD_FILTERS={**hard_filters, "fast_track_only": True}):
        assert [match.profile_id for match in rank_candidates(query, as_of=AS_OF)] == [strong.pk]


@pytest.mark.django_db
def test_hard_filters_from_the_settings_apply_to_counts_and_rankings():
    with_skills(junior(**DISCOVERABLE), ai__pytorch=4)
    doctor = with_skills(eligible_profile(**DISCOVERABLE), ai__pytorch=2)
    query = CandidateQuery(skills=(SkillRequirement("ai.pytorch"),), min_education_level=EducationLevel.MASTER)

    # The junior's bachelor's degree is one level short of the master's asked for: still shown.
    assert count_candidates(query) == 2
    with override_settings(TALENTCENTER_MATCHING_FILTER_SLACK=0):
        assert [match.profile_id for match in rank_candidates(query, visa=False)] == [doctor.pk]
        assert count_candidates(query) == 1
    with override_settings(
        TALENTCENTER_MATCHING_FILTER_SLACK=0, TALENTCENTER_MATCHING_HARD_FILTERS={"education": False}
    ):
        assert count_candidates(query) == 2
    doctorate = CandidateQuery(skills=query.skills, min_education_level=EducationLevel.DOCTORATE)
    assert [match.profile_id for match in rank_candidates(doctorate, visa=False)] == [doctor.pk]


@pytest.mark.django_db
def test_a_talent_sees_ranked_openings_with_reasons_even_when_not_discoverable():
    talent = with_skills(eligible_profile(visibility=Visibility.PRIVATE), ai__pytorch=4)
    fitting = OpeningRecord(
        101,
        skills=(("ai.dl_frameworks", 5, True),),
        industry="semiconductor",
        offer={
            "company": "Hanbit",
            "company_size": "sme",
            "industry": "semiconductor",
            "annual_salary_krw": 160_000_000,
            "occupation": "2211",
        },
    )
    other = OpeningRecord(102, skills=(("bio.antibody", 5, True),))
    closed = OpeningRecord(103, skills=(("ai.pytorch", 5, True),), open=False)
    for record in (fitting, other, closed):
        services.opening_vector_put(record)

    matches = rank_openings(talent.pk)

    assert [match.opening_id for match in matches] == [101, 102]
    assert matches[0].explanation.skills_matched[0].how == "narrower"
    assert matches[0].explanation.visa is not None
    assert [match.opening_id for match in rank_openings(talent.pk, exclude_opening_ids=frozenset({101}))] == [102]
    assert rank_openings(999_999) == []


@pytest.mark.django_db
def test_one_profile_explained_against_one_opening_scores_as_in_the_ranking():
    talent = with_skills(TalentProfileFactory(**DISCOVERABLE), ai__tensorflow=3)
    record = OpeningRecord(7, skills=(("ai.pytorch", 4, True), ("ai.jax", 2, False)), min_years=3.0)
    query = query_from_opening_record(record)

    match = explain_match(talent.pk, query)
    ranked = rank_candidates(query, visa=False)

    assert match is not None and ranked[0].profile_id == talent.pk
    assert match.score == ranked[0].score and match.components == ranked[0].components
    assert [skill.how for skill in match.explanation.skills_matched] == ["sibling", "sibling"]
    assert match.explanation.experience.status == "missing"
    assert explain_match(999_999, query) is None


def test_an_opening_record_becomes_a_query():
    record = OpeningRecord(
        1,
        skills=(("ai.pytorch", 4, True),),
        min_education_level=30,
        min_years=2.0,
        salary_min_krw=50_000_000,
        salary_max_krw=80_000_000,
        languages=(("ko", 4, True),),
        industry="ai",
        offer={
            "company": "Hanbit",
            "company_size": "sme",
            "industry": "ai",
            "annual_salary_krw": 70_000_000,
            "occupation": "2211",
        },
    )

    query = query_from_opening_record(record)

    assert query.skills == (SkillRequirement("ai.pytorch", 4, True),)
    assert (query.min_education_level, query.min_years, query.salary_max_krw, query.industry) == (
        30,
        2.0,
        80_000_000,
        "ai",
    )
    assert query.languages[0].language == "ko" and query.languages[0].minimum_level == 4
    assert query.offer == OfferFacts(
        company_name="Hanbit", company_size="sme", industry="ai", annual_salary_krw=70_000_000, occupation_code="2211"
    )


@pytest.mark.django_db
def test_ranking_with_visa_fit_costs_the_same_queries_for_two_candidates_as_for_four():
    query = CandidateQuery(skills=(SkillRequirement("semi.process_integration", 5),), offer=OFFER)
    for _ in range(2):
        with_skills(eligible_profile(**DISCOVERABLE), semi__process_integration=3)
    assert len(rank_candidates(query, as_of=AS_OF)) == 2
    with CaptureQueriesContext(connection) as two:
        rank_candidates(query, as_of=AS_OF)
    for _ in range(2):
        with_skills(eligible_profile(**DISCOVERABLE), semi__process_integration=3)
    assert len(rank_candidates(query, as_of=AS_OF)) == 4  # catches up

    with CaptureQueriesContext(connection) as four:
        rank_candidates(query, as_of=AS_OF)

    assert len(four) == len(two)
