"""Hints an applicant can act on: exact shortfalls in words, pending steps first, a hint for every
unknown fact that blocks a firm answer, in both languages (issue 13, item 7)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentcenter.policy.engine import ApplicantIn, assess
from talentcenter.policy.engine.hints import duration_text
from talentcenter.policy.tests.test_engine_properties import applicants, dates
from talentcenter.policy.translation import translated


def answer(data: dict[str, Any], as_of: date, language: str = "en", **options: Any) -> dict[str, Any]:
    return translated(assess(ApplicantIn.model_validate(data), as_of, **options), language)


def track(result: dict[str, Any], key: str) -> dict[str, Any]:
    programme, name = key.split("/")
    (found,) = [item for item in result["results"] if (item["programme"], item["track"]) == (programme, name)]
    return found


@pytest.mark.parametrize(
    ("months", "english", "korean"),
    [
        (1, "1 month", "1개월"),
        (2, "2 months", "2개월"),
        (11, "11 months", "11개월"),
        (12, "1 year", "1년"),
        (13, "1 year and 1 month", "1년 1개월"),
        (14, "1 year and 2 months", "1년 2개월"),
        (24, "2 years", "2년"),
        (25, "2 years and 1 month", "2년 1개월"),
        (96, "8 years", "8년"),
    ],
)
def test_a_duration_in_words_is_singular_or_plural(months: int, english: str, korean: str) -> None:
    assert translated(duration_text(months), "en") == english
    assert translated(duration_text(months), "ko") == korean


KTECH_OFFER = {
    "company": "Example Semi Co.",
    "company_size": "sme",
    "industry": "semiconductor",
    "annual_salary_krw": 160_000_000,  # above 3x GNI, below the 4x that would waive the experience test
}
MIT_MASTER = {
    "level": "master",
    "field": "electrical engineering",
    "institution": "Massachusetts Institute of Technology",
    "country": "US",
    "completed": "2010-05-31",
}


def samsung(start: str, end: str | None) -> dict[str, Any]:
    return {
        "organization": "Samsung Electronics",
        "kind": "company",
        "field": "semiconductor",
        "start": start,
        "end": end,
    }


@pytest.mark.parametrize(
    ("end", "english", "korean"),
    [
        # 1 Oct 2017 - 31 Jul 2025: 7 years and 10 months of the 8 asked for
        (
            "2025-07-31",
            "about 2 months more is needed; the rule asks for 8 years",
            "약 2개월이 더 필요합니다(기준 8년)",
        ),
        # a day short of 7 years and 11 months: still 2 months short in whole months
        ("2025-08-30", "about 2 months more is needed", "약 2개월이"),
        # 7 years and 11 months
        ("2025-08-31", "about 1 month more is needed", "약 1개월이"),
        # 6 years and 9 months
        ("2024-06-30", "about 1 year and 3 months more is needed", "약 1년 3개월이"),
    ],
)
def test_an_experience_shortfall_is_said_exactly_in_months_and_years(end: str, english: str, korean: str) -> None:
    data = {"education": [MIT_MASTER], "experience": [samsung("2017-10-01", end)], "offer": KTECH_OFFER}
    as_of = date(2025, 9, 15)

    hints_en = track(answer(data, as_of, "en", programmes=["ktech-pass"]), "ktech-pass/standard")["hints"]
    hints_ko = track(answer(data, as_of, "ko", programmes=["ktech-pass"]), "ktech-pass/standard")["hints"]

    assert any(english in hint and hint.startswith("Total work experience") for hint in hints_en), hints_en
    assert any(korean in hint for hint in hints_ko), hints_ko
    assert not any("1.0" in hint or "years needed" in hint for hint in hints_en)


def test_the_evaluators_pending_points_come_first() -> None:
    data = {"education": [MIT_MASTER], "experience": [samsung("2015-01-01", None)], "offer": KTECH_OFFER}

    qualitative = track(answer(data, date(2026, 9, 1), "en", programmes=["ktech-pass"]), "ktech-pass/qualitative")
    korean = track(answer(data, date(2026, 9, 1), "ko", programmes=["ktech-pass"]), "ktech-pass/qualitative")

    assert qualitative["status"] == "needs_review"
    assert qualitative["hints"][0] == (
        "The evaluators have not yet scored the 35 points for technical expertise and strategic value: "
        "the answer is firm once they have."
    )
    assert korean["hints"][0].startswith("평가위원이 기술 전문성과 전략적 가치 35점을")


def test_a_missing_salary_gets_a_hint_saying_what_to_give() -> None:
    data = {
        "education": [MIT_MASTER],
        "experience": [samsung("2015-01-01", None)],
        "offer": {**KTECH_OFFER, "annual_salary_krw": None},
    }

    standard = track(answer(data, date(2026, 3, 2), "en", programmes=["ktech-pass"]), "ktech-pass/standard")

    assert standard["status"] == "needs_review"
    assert "Give the annual salary of the job offer." in standard["hints"]


def test_missing_employer_headcounts_get_a_hint_for_the_e7_1_ratio() -> None:
    data = {
        "education": [{**MIT_MASTER, "field": "computer science"}],
        "offer": {
            "company": "Example Soft Co.",
            "industry": "ai",
            "technology_field": "other",
            "occupation": "2221",
            "annual_salary_krw": 60_000_000,
        },
    }

    e7 = track(answer(data, date(2026, 9, 1), "en", programmes=["e7-1"]), "e7-1/standard")
    korean = track(answer(data, date(2026, 9, 1), "ko", programmes=["e7-1"]), "e7-1/standard")

    assert e7["status"] == "needs_review"
    assert "Give the employer's number of insured Korean employees and its number of foreign employees." in e7["hints"]
    assert "고용 기업의 고용보험 가입 내국인 직원 수와 외국인 직원 수를 입력하세요." in korean["hints"]
    assert sum("employees" in hint for hint in e7["hints"]) == 1  # asked for once, not again as a shortfall


def test_a_share_is_said_in_percent() -> None:
    data = {
        "education": [{**MIT_MASTER, "field": "computer science"}],
        "offer": {
            "company": "Example Soft Co.",
            "industry": "ai",
            "technology_field": "other",
            "occupation": "2221",
            "annual_salary_krw": 60_000_000,
            "korean_employees": 10,
            "foreign_employees": 4,
        },
    }

    e7 = track(answer(data, date(2026, 9, 1), "en", programmes=["e7-1"]), "e7-1/standard")

    assert (
        "Foreign employees, with this hire, may be at most 20% of the employer's insured Korean employees."
        in e7["hints"]
    )


# The class: no answer that needs review is left without a hint, and no hint shows a placeholder,
# a decimal year or a wrong plural, in either language.
WRONG_FORMS = re.compile(
    r"\{\w*\}|\b1 (years|months)\b|\b\d+\.\d+ (more )?years\b|threshold \d+ years|\bmore years needed\b"
)


@settings(max_examples=60, deadline=None)
@given(
    person=applicants(with_offer=True),
    as_of=dates(date(2025, 4, 2), date(2027, 3, 31)),
    language=st.sampled_from(("en", "ko")),
)
def test_every_answer_that_needs_review_says_what_to_do(person: ApplicantIn, as_of: date, language: str) -> None:
    result = translated(assess(person, as_of), language)

    for item in result["results"]:
        if item["status"] == "needs_review":
            assert item["hints"], (item["programme"], item["track"], [c["id"] for c in item["criteria"]])
        for hint in item["hints"]:
            assert not WRONG_FORMS.search(hint), hint
