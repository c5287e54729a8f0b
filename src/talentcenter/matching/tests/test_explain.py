"""Explanations: how each skill matched, what is missing, each fit, in the active language, rendered."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from talentcenter.matching.explain import TrackFit, VisaFit
from talentcenter.matching.index import ProfileIndex
from talentcenter.matching.query import CandidateQuery, LanguageRequirement, SkillRequirement
from talentcenter.matching.records import ProfileRecord
from talentcenter.matching.selectors import explain_match_in_index
from talentcenter.matching.taxonomy import SkillRow, Taxonomy

TAXONOMY = Taxonomy.from_rows(
    [
        SkillRow("ai.deep_learning", "Deep learning", "딥러닝"),
        SkillRow("ai.dl_frameworks", "Deep learning frameworks", "딥러닝 프레임워크", parent="ai.deep_learning"),
        SkillRow("ai.pytorch", "PyTorch", "파이토치", parent="ai.dl_frameworks"),
        SkillRow("semi.lithography", "Lithography (EUV/DUV)", "노광(EUV/DUV)"),
    ],
    credit={},
)
QUERY = CandidateQuery(
    skills=(SkillRequirement("ai.dl_frameworks", 5), SkillRequirement("semi.lithography", 2, required=False)),
    min_education_level=40,
    min_years=5,
    salary_max_krw=100_000_000,
    languages=(LanguageRequirement("ko", 4),),
)
PROFILE = ProfileRecord(
    1,
    skills={"ai.pytorch": 4},
    education_level=30,
    years_experience=6,
    languages={"ko": 3},
    desired_salary_krw=115_000_000,
)


def explained(language: str = "en"):
    index = ProfileIndex.from_records([PROFILE], TAXONOMY)
    with translation.override(language):
        return explain_match_in_index(index, 1, QUERY)


def test_pytorch_is_explained_as_a_narrower_skill_counting_for_deep_learning_frameworks():
    explanation = explained().explanation

    assert [
        (skill.required_name, skill.matched_name, skill.how, skill.credit) for skill in explanation.skills_matched
    ] == [("Deep learning frameworks", "PyTorch", "narrower", 1.0)]
    assert [(skill.code, skill.name, skill.required) for skill in explanation.skills_missing] == [
        ("semi.lithography", "Lithography (EUV/DUV)", False)
    ]


def test_each_fit_has_a_status_and_a_detail():
    explanation = explained().explanation

    assert (explanation.education.status, explanation.experience.status) == ("partly", "fits")
    assert explanation.education.detail == "Bachelor's degree, one level below Master's degree."
    assert (explanation.salary.status, explanation.languages.status) == ("partly", "partly")
    assert "15% above" in explanation.salary.detail
    assert explanation.visa is None


def test_names_follow_the_active_language():
    explanation = explained("ko").explanation

    assert explanation.skills_matched[0].matched_name == "파이토치"
    assert explanation.skills_matched[0].required_name == "딥러닝 프레임워크"


def test_korean_details_choose_the_particle_of_the_value_before_it():
    explanation = explained("ko").explanation

    assert explanation.salary.detail.startswith("희망 연봉 115,000,000원은 ")
    assert "(는)" not in explanation.salary.detail


def test_the_explanation_renders_with_words_not_colour_alone():
    match = explained()
    visa = VisaFit(
        tracks=(TrackFit("ktech-pass", "standard", "K-Tech Pass - standard track", "not_eligible", fast_track=True),),
        best=None,
        near_miss=TrackFit("ktech-pass", "standard", "K-Tech Pass - standard track", "not_eligible", fast_track=True),
        hints=("Raise the salary to KRW 120,000,000.",),
    )
    match.explanation = type(match.explanation)(**{**vars(match.explanation), "visa": visa})

    with translation.override("en"):
        html = render_to_string("matching/_explanation.html", {"match": match})

    assert "PyTorch — counts for Deep learning frameworks (narrower skill)" in " ".join(html.split())
    assert "Lithography (EUV/DUV)" in html and "preferred" in html
    assert "Partly fits" in html and 'aria-hidden="true"' in html
    assert "For K-Tech Pass - standard track: Raise the salary to KRW 120,000,000." in html
    assert f"Match score {match.score} of 100" in html
