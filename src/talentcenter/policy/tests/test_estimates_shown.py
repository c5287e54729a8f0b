"""Where the trace is shown (the pathfinder's answer, the rules page, the PDF): estimated values in
words, a value's last day, and why a criterion needs review, in both languages."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from talentcenter.policy import pdf
from talentcenter.policy.engine import ApplicantIn, assess
from talentcenter.policy.translation import translated
from talentcenter.policy.views import _answer_tracks
from talentcenter.policy.views_rules import rules_page

pytestmark = pytest.mark.django_db


def _visible(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _applicant(salary: int) -> ApplicantIn:
    return ApplicantIn.model_validate(
        {
            "education": [
                {"level": "doctorate", "field": "electrical engineering", "institution": "KAIST", "country": "KR"}
            ],
            "experience": [{"organization": "Samsung Electronics", "field": "semiconductor", "start": "2014-03-01"}],
            "offer": {
                "company_size": "large",
                "industry": "semiconductor",
                "annual_salary_krw": salary,
                "occupation": "2211",
                "region": "Seoul",
            },
        }
    )


def _answer_page(as_of: date, salary: int, language: str) -> str:
    with translation.override(language):
        result = translated(assess(_applicant(salary), as_of, language=language), language)
        html = render_to_string(
            "policy/pathfinder/_result.html",
            {"tracks": _answer_tracks(result), "as_of_date": as_of, "result": result, "reference_lists": []},
        )
    return _visible(html)


@pytest.mark.parametrize(
    ("language", "estimated", "assumed_pass_mark"),
    [
        ("en", "estimated", "The ministry has not published the pass mark: this one is the center's assumption."),
        ("ko", "추정치", "부처가 합격 기준을 공표하지 않아 센터 운영 기준을 적용합니다."),
    ],
)
def test_the_answer_says_which_values_are_estimated(language: str, estimated: str, assumed_pass_mark: str) -> None:
    text = _answer_page(date(2026, 11, 2), 158_000_000, language)
    assert f"KRW 52,416,000 {estimated}" in text or f"52,416,000원 {estimated}" in text
    assert assumed_pass_mark in text


@pytest.mark.parametrize(
    ("language", "reason", "until"),
    [
        ("en", "No published value for 15 January 2026.", "until 2025-12-31"),
        ("ko", "2026년 1월 15일에 공표된 값이 없습니다.", "2025-12-31까지"),
    ],
)
def test_the_answer_says_why_a_value_has_ended(language: str, reason: str, until: str) -> None:
    ended = _answer_page(date(2026, 1, 15), 200_000_000, language)
    assert reason in ended
    in_force = _answer_page(date(2025, 12, 31), 200_000_000, language)
    assert until in in_force


def _rules(language: str, as_of: str) -> str:
    request = RequestFactory().get(f"/{language}/rules/", {"date": as_of})
    request.user = AnonymousUser()
    with translation.override(language):
        response: HttpResponse = rules_page(request)
    html = response.content.decode()
    return _visible(html[html.index("<main") : html.index("</main>")])


@pytest.mark.parametrize(
    ("language", "estimated", "until", "reason"),
    [
        ("en", "estimated", "until 2026-12-31", "No published value for 15 January 2026."),
        ("ko", "추정치", "2026-12-31까지", "2026년 1월 15일에 공표된 값이 없습니다."),
    ],
)
def test_the_rules_page_shows_estimates_ends_and_gaps(language: str, estimated: str, until: str, reason: str) -> None:
    text = _rules(language, "2026-11-02")
    assert estimated in text
    assert until in text
    assert reason in _rules(language, "2026-01-15")


def test_the_pdf_prints_the_reason_beside_the_result() -> None:
    reason = "No published value for 15 January 2026."
    criterion: dict[str, Any] = {"status": "needs_review", "points": None, "reason": reason}
    with translation.override("en"):
        assert pdf._criterion_result(criterion) == "Needs review\nNo published value for 15 January 2026."
