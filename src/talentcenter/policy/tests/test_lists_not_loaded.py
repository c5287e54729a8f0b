"""An empty or missing reference list is needs_review ("list not loaded"), never not_eligible:
one test per list the engine reads (ranked universities, top-500 companies, E-7-1 occupations,
and the code lists of the parameters: industries, KOTRA fields, government programmes)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from talentcenter.policy.engine import ApplicantIn, assess, baseline
from talentcenter.policy.engine.matching import Catalogue, bundled_catalogue

AS_OF = date(2026, 1, 5)  # every bundled list is in force
NOT_LOADED = "List not loaded: the center checks it."


def _applicant(**changes: Any) -> ApplicantIn:
    written: dict[str, Any] = {
        "education": [
            {
                "level": "master",
                "field": "electrical engineering",
                "institution": "Massachusetts Institute of Technology",
                "country": "US",
                "completed": "2012-05-31",
            }
        ],
        "experience": [{"organization": "Apple", "kind": "company", "field": "semiconductor", "start": "2012-07-01"}],
        "offer": {
            "company": "Example Semi Co.",
            "company_size": "large",
            "industry": "semiconductor",
            "technology_field": "digital_electronics",
            "annual_salary_krw": 160_000_000,
            "occupation": "2211",
            "region": "Seoul",
        },
    }
    written.update(changes)
    return ApplicantIn.model_validate(written)


def _without(category: str, *, empty: bool = False) -> Catalogue:
    """The bundled catalogue with the lists of ``category`` removed, or kept but empty."""
    catalogue = bundled_catalogue()
    if empty:
        lists = tuple(
            replace(ranked, ranks={}) if ranked.category == category else ranked for ranked in catalogue.lists
        )
    else:
        lists = tuple(ranked for ranked in catalogue.lists if ranked.category != category)
    return replace(catalogue, lists=lists, _in_force={})


def _criterion(answer: dict[str, Any], key: str, criterion_id: str) -> tuple[str, dict[str, Any]]:
    programme, track = key.split("/")
    (result,) = [item for item in answer["results"] if (item["programme"], item["track"]) == (programme, track)]
    (found,) = [item for item in result["criteria"] if item["id"] == criterion_id]
    return result["status"], found


def test_with_every_list_loaded_the_answers_are_firm() -> None:
    # the baseline the tests below change one list of: MIT ranked, Apple on the Fortune Global 500
    answer = assess(_applicant(), AS_OF)
    assert _criterion(answer, "ktech-pass/standard", "degree")[1]["status"] == "met"
    assert _criterion(answer, "ktech-pass/standard", "experience_global_company")[1]["status"] == "met"
    assert _criterion(answer, "e7-1/standard", "occupation")[1]["status"] == "met"
    # and a name missing from a loaded list is still "not on the list" where the list is complete
    unranked = _applicant(
        education=[{"level": "master", "field": "physics", "institution": "Nowhere Institute", "country": "US"}]
    )
    degree = _criterion(assess(unranked, AS_OF), "top-tier-visa/job-seeking", "degree")[1]
    assert degree["status"] == "needs_review"  # the bundled lists are partial
    assert "reason" not in degree


@pytest.mark.parametrize("empty", [False, True], ids=["missing", "empty"])
def test_university_rankings_not_loaded(empty: bool) -> None:
    answer = assess(_applicant(), AS_OF, catalogue=_without("university", empty=empty))
    status, degree = _criterion(answer, "top-tier-visa/job-seeking", "degree")
    assert (status, degree["status"], degree["reason"]) == ("needs_review", "needs_review", NOT_LOADED)
    assert any("list not loaded - needs review" in line for line in degree["evidence"])


def test_a_korean_equivalent_counts_without_the_rankings() -> None:
    kaist = _applicant(education=[{"level": "master", "field": "physics", "institution": "KAIST", "country": "KR"}])
    answer = assess(kaist, AS_OF, catalogue=_without("university"))
    assert _criterion(answer, "top-tier-visa/job-seeking", "degree")[1]["status"] == "met"


@pytest.mark.parametrize("empty", [False, True], ids=["missing", "empty"])
def test_top_500_companies_not_loaded(empty: bool) -> None:
    answer = assess(_applicant(), AS_OF, catalogue=_without("company", empty=empty))
    _status, company = _criterion(answer, "ktech-pass/standard", "experience_global_company")
    assert (company["status"], company["reason"]) == ("needs_review", NOT_LOADED)


def test_e7_1_occupations_not_loaded() -> None:
    catalogue = replace(bundled_catalogue(), e7_1_occupations=frozenset(), _in_force={})
    answer = assess(_applicant(), AS_OF, catalogue=catalogue)
    status, occupation = _criterion(answer, "e7-1/standard", "occupation")
    assert (status, occupation["status"], occupation["reason"]) == ("needs_review", "needs_review", NOT_LOADED)
    # an occupation the loaded list lacks is still not_eligible
    other = assess(_applicant(), AS_OF, catalogue=bundled_catalogue())
    assert _criterion(other, "e7-1/standard", "occupation")[1]["status"] == "met"


@pytest.mark.parametrize(
    ("parameter", "as_of", "track", "criterion_id", "changes"),
    [
        ("ktech_pass.industries", AS_OF, "ktech-pass/standard", "industry", {}),
        ("top_tier_visa.industries", AS_OF, "top-tier-visa/standard", "industry", {}),
        ("kotra_recommendation.fields", AS_OF, "kotra-recommendation/standard", "technology_field", {}),
        (
            "ktech_pass.government_programmes",
            date(2026, 7, 2),
            "ktech-pass/government-programme",
            "government_programme",
            {"government_programme": "mohw-scholar-recruitment"},
        ),
    ],
)
def test_an_empty_code_list_needs_review(
    parameter: str, as_of: date, track: str, criterion_id: str, changes: dict[str, Any]
) -> None:
    # given a variant that publishes the list empty from the date (a list not loaded)
    variant = baseline().with_overrides(
        "variant:empty", {parameter: [{"from": as_of.isoformat(), "value": [], "source": "Draft decree"}]}
    )
    answer = assess(_applicant(**changes), as_of, parameter_set=variant)
    status, found = _criterion(answer, track, criterion_id)
    assert (found["status"], found["reason"]) == ("needs_review", NOT_LOADED)
    assert status == "needs_review"
