"""E-7-1: a field of study or work related to the offer's occupation (issue 13 item 6).

Expected answers are read by hand from the occupation titles (reference/data/e7_1_occupations.csv)
and the ISCED-F fields of policy/data/isced_f.yaml, never computed by the engine under test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

from talentcenter.policy.engine import ApplicantIn, assess
from talentcenter.policy.engine.fields import (
    ALIASES_FILE,
    DATA_FILE,
    OCCUPATIONS_FILE,
    build_classifier,
    classifier,
    occupation_titles,
)
from talentcenter.policy.engine.matching import REFERENCE_DATA_DIR, _read_rows
from talentcenter.policy.translation import translated

RELATED, NOT_RELATED, UNCLEAR = True, False, None

# (field as people write it, E-7-1 occupation code, related to that occupation?) with no industry
# or technology field given: the occupation alone decides.
OCCUPATION_TABLE: list[tuple[str, str, bool | None]] = [
    # ICT
    ("MSc Computer Science", "2221", RELATED),
    ("History", "2221", NOT_RELATED),
    ("Electrical and Computer Engineering", "2211", RELATED),
    ("Mechanical engineering", "2211", NOT_RELATED),
    ("Telecommunications", "2212", RELATED),
    ("Software engineer", "2223", RELATED),
    ("Statistics", "2231", RELATED),
    ("Data engineer", "2231", RELATED),
    ("Marketing", "2231", NOT_RELATED),
    ("Network engineer", "2232", RELATED),
    ("Cyber security", "2233", RELATED),
    ("Philosophy", "2233", NOT_RELATED),
    ("Web development", "2224", RELATED),
    ("Graphic design", "2224", NOT_RELATED),
    # Engineering
    ("Civil engineering", "2313", RELATED),
    ("Architecture", "2311", RELATED),
    ("Chemistry", "2311", NOT_RELATED),
    ("Chemical and Biomolecular Engineering", "2321", RELATED),
    ("Materials Science and Engineering", "2331", RELATED),
    ("Electrical engineering", "2341", RELATED),
    ("Microelectronics", "2342", RELATED),
    ("Economics", "2342", NOT_RELATED),
    ("Mechanical engineering", "2351", RELATED),
    ("Robotics", "2352", RELATED),
    ("Aerospace engineering", "S2353", RELATED),
    ("Nursing", "S2353", NOT_RELATED),
    ("Industrial safety", "2364", RELATED),
    ("Environmental engineering", "2371", RELATED),
    ("Textile engineering", "2392", RELATED),
    ("Landscape architecture", "2314", RELATED),
    ("Urban planning", "2315", RELATED),
    # Science, health, education
    ("Molecular biology", "2111", RELATED),
    ("Physics", "2112", RELATED),
    ("Law", "2112", NOT_RELATED),
    ("Sociology", "2122", RELATED),
    ("간호학", "2430", RELATED),
    ("Computer science", "2430", NOT_RELATED),
    ("Education", "2591", RELATED),
    # Business, law, media and design
    ("Juris Doctor", "261", RELATED),
    ("Accounting", "272", RELATED),
    ("Physics", "272", NOT_RELATED),
    ("Business Administration", "2715", RELATED),
    ("Tourism", "2732", RELATED),
    ("Marketing", "2733", RELATED),
    ("Translation studies", "2814", RELATED),
    ("Linguistics", "2814", RELATED),
    ("Mechanical engineering", "2814", NOT_RELATED),
    ("Journalism", "28331", RELATED),
    ("Industrial design", "285", RELATED),
    ("Animation", "S2855", RELATED),
    ("Semiconductor process engineering", "2743", RELATED),
    # Managers
    ("Hospitality management", "1522", RELATED),
    ("Logistics", "1512", RELATED),
    ("Agronomy", "1490", RELATED),
    ("Computer science", "1350", RELATED),
    ("History", "1350", NOT_RELATED),
    # Too broad to say: a classified field needs review, as does an unclassified one
    ("Computer science", "1120", UNCLEAR),
    ("Physics", "2512", UNCLEAR),
    ("History", "S110", UNCLEAR),
    ("Master of Engineering", "2221", UNCLEAR),
    ("General studies", "2342", UNCLEAR),
    ("", "2211", UNCLEAR),
]


@pytest.mark.parametrize(
    ("text", "occupation", "expected"), OCCUPATION_TABLE, ids=[f"{t}|{o}" for t, o, _ in OCCUPATION_TABLE]
)
def test_a_field_is_related_to_the_occupation_as_its_title_says(
    text: str, occupation: str, expected: bool | None
) -> None:
    assert classifier().relates_to_occupation(text, (), occupation) is expected


def test_the_table_spans_the_occupation_groups_and_answers() -> None:
    groups = {row["ksco_code"]: row["group"] for row in _read_rows(REFERENCE_DATA_DIR / "e7_1_occupations.csv")}
    assert len(OCCUPATION_TABLE) >= 30
    assert {groups[occupation] for _text, occupation, _expected in OCCUPATION_TABLE} == set(groups.values())
    assert {expected for _text, _occupation, expected in OCCUPATION_TABLE} == {RELATED, NOT_RELATED, UNCLEAR}


def test_every_occupation_of_the_list_is_in_the_table_file() -> None:
    listed = [row["ksco_code"] for row in _read_rows(REFERENCE_DATA_DIR / "e7_1_occupations.csv")]
    table = yaml.safe_load(OCCUPATIONS_FILE.read_text(encoding="utf-8"))["occupations"]
    assert len(listed) == 67
    assert sorted(map(str, table)) == sorted(listed)
    assert sorted(classifier().occupations) == sorted(listed)


def test_a_prefix_matches_every_detailed_field_under_it() -> None:
    engineering = classifier().occupations["1413"].fields  # ["07", "0413"]
    assert {"0711", "0714", "0716", "0722", "0732", "0413"} <= engineering
    assert "0613" not in engineering
    assert classifier().occupations["1120"].fields == frozenset()


def _data() -> tuple[dict[str, Any], dict[str, Any]]:
    return (
        yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")),
        yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8")),
    )


@pytest.mark.parametrize(
    ("occupations", "message"),
    [
        ({"2221": ["0999"]}, "matches no field"),
        ({"2221": ["9"]}, "matches no field"),
        ({"2221": ["computer science"]}, "matches no field"),
        ({"9999": ["0613"]}, "not in the E-7-1 occupation list"),
    ],
)
def test_loading_refuses_an_unknown_field_or_occupation(occupations: dict[str, list[str]], message: str) -> None:
    fields, aliases = _data()
    with pytest.raises(ValueError, match=message):
        build_classifier(fields, aliases, {"occupations": occupations}, occupation_titles())


def test_the_industry_still_counts_for_e7_1_when_the_occupation_does_not() -> None:
    # Physics is not listed under 2221, but is related to the semiconductor industry.
    assert classifier().relates_to_occupation("Physics", ("semiconductor",), "2221") is True
    assert classifier().relates_to_occupation("History", ("semiconductor",), "2221") is False
    # A too-broad occupation: the industry can say yes, never no.
    assert classifier().relates_to_occupation("Physics", ("semiconductor",), "1120") is True
    assert classifier().relates_to_occupation("History", ("semiconductor",), "1120") is None
    # An occupation not in the table: the industry alone decides (the occupation criterion fails).
    assert classifier().relates_to_occupation("History", ("semiconductor",), "9999") is False


# End to end: E-7-1 with industry "other" ------------------------------------------------------

AS_OF = date(2026, 9, 1)


def e7_1_answer(field: str, occupation: str = "2221", language: str = "en", **offer: Any) -> dict[str, Any]:
    data = {
        "education": [{"level": "master", "field": field, "institution": "Example College", "completed": "2020-02-01"}],
        "offer": {"company": "Example Co.", "industry": "other", "occupation": occupation, **offer},
    }
    answer = assess(ApplicantIn.model_validate(data), AS_OF, programmes=["e7-1"], language=language)
    (result,) = [item for item in answer["results"] if item["track"] == "standard"]
    return result


def criterion(result: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    (found,) = [item for item in result["criteria"] if item["id"] == criterion_id]
    return found


def test_e7_1_master_in_computer_science_for_a_systems_analyst_is_related() -> None:
    related = criterion(e7_1_answer("MSc Computer Science"), "general_related_degree")
    assert related["status"] == "met"
    assert related["evidence"] == [
        "MSc Computer Science: related to the occupation Computer systems designer and analyst"
    ]


def test_e7_1_master_in_history_for_a_systems_analyst_is_not_related() -> None:
    related = criterion(e7_1_answer("History"), "general_related_degree")
    assert related["status"] == "not_met"
    assert related["evidence"] == ["History: not related to the occupation Computer systems designer and analyst"]


def test_e7_1_unclassified_field_needs_review() -> None:
    related = criterion(e7_1_answer("Master of Engineering"), "general_related_degree")
    assert related["status"] == "needs_review"


def test_e7_1_too_broad_occupation_needs_review_and_says_why() -> None:
    result = e7_1_answer("History", occupation="1120")
    related = criterion(result, "general_related_degree")
    assert related["status"] == "needs_review"
    assert related["reason"] == (
        "The occupation Senior corporate executive is too broad to say which fields are related to it: "
        "the center checks it."
    )


def test_kotra_recommendation_still_reads_only_its_technology_field() -> None:
    data = {
        "education": [{"level": "master", "field": "MSc Computer Science", "completed": "2020-02-01"}],
        "offer": {"company": "Example Co.", "industry": "other", "technology_field": "other", "occupation": "2221"},
    }
    answer = assess(ApplicantIn.model_validate(data), AS_OF, programmes=["kotra-recommendation"])
    (result,) = answer["results"]
    assert criterion(result, "route_related_degree")["status"] == "needs_review"


def test_the_evidence_names_the_occupation_in_korean() -> None:
    # The engine writes an answer's criteria in the language asked for (the boundary's lookups)
    evidence = criterion(e7_1_answer("History", language="ko"), "general_related_degree")["evidence"]
    assert translated(evidence, "ko") == ["History: 컴퓨터시스템 설계 및 분석가 직종과 관련 없음"]
