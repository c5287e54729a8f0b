"""The rule vocabulary: tri-state (Kleene) logic and each kind of criterion, on several rows at once."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentcenter.policy.engine import FactFrame, baseline
from talentcenter.policy.engine.facts import CATEGORY_FACTS, FALSE, FLAG_FACTS, NUMBER_FACTS, TRUE, UNKNOWN
from talentcenter.policy.engine.rules import Context

NAN = np.nan
TRI = st.sampled_from((FALSE, UNKNOWN, TRUE))


def frame(rows: int, **numbers: list[float]) -> FactFrame:
    columns = {name: np.full(rows, NAN) for name in NUMBER_FACTS}
    columns.update({name: np.asarray(values, dtype=np.float64) for name, values in numbers.items()})
    return FactFrame.from_columns(
        columns,
        {name: np.full(rows, UNKNOWN) for name in FLAG_FACTS},
        {name: np.zeros(rows, dtype=np.int16) for name in CATEGORY_FACTS},
    )


def context(facts: FactFrame, *, record: bool = False, force: dict[str, int] | None = None) -> Context:
    return Context(facts, baseline().resolve(date(2026, 7, 2)), record=record, force=force or {})


def tri(*values: int) -> np.ndarray:
    return np.asarray(values, dtype=np.int8)


@given(TRI, TRI)
def test_kleene_and_or_not(left: int, right: int) -> None:
    conjunction = int(Context.all(tri(left), tri(right))[0])
    disjunction = int(Context.any(tri(left), tri(right))[0])
    if FALSE in (left, right):
        assert conjunction == FALSE
    elif UNKNOWN in (left, right):
        assert conjunction == UNKNOWN
    else:
        assert conjunction == TRUE
    if TRUE in (left, right):
        assert disjunction == TRUE
    elif UNKNOWN in (left, right):
        assert disjunction == UNKNOWN
    else:
        assert disjunction == FALSE
    assert int(Context.not_(tri(left))[0]) == {FALSE: TRUE, UNKNOWN: UNKNOWN, TRUE: FALSE}[left]


def test_at_least_is_met_at_the_threshold_and_uncertain_on_the_best_case() -> None:
    facts = frame(4, experience_years=[8.0, 7.99, 9.0, NAN])
    met = context(facts).at_least("x", "", "experience_years", 8.0)
    assert met.tolist() == [TRUE, FALSE, TRUE, UNKNOWN]  # a value not given is unknown, not short
    with_best = context(frame(3, global_company_years=[3.0, 1.0, 1.0], global_company_years_best=[3.0, 3.0, 2.0]))
    assert with_best.at_least("x", "", "global_company_years", 3.0, best="global_company_years_best").tolist() == [
        TRUE,
        UNKNOWN,
        FALSE,
    ]


def test_at_least_without_a_threshold_needs_review() -> None:
    met = context(frame(2, salary_krw=[1e9, 0.0])).at_least("x", "", "salary_krw", NAN)
    assert met.tolist() == [UNKNOWN, UNKNOWN]


def test_at_least_with_a_threshold_per_row() -> None:
    met = context(frame(3, salary_krw=[30.0, 30.0, 30.0])).at_least("x", "", "salary_krw", np.array([30.0, 31.0, NAN]))
    assert met.tolist() == [TRUE, FALSE, UNKNOWN]


def test_at_most_treats_no_rank_as_not_met() -> None:
    facts = frame(4, rank_level_3=[100.0, 101.0, NAN, NAN], rank_level_3_best=[100.0, 101.0, 0.0, NAN])
    met = context(facts).at_most("x", "", "rank_level_3", 100.0, best="rank_level_3_best")
    assert met.tolist() == [TRUE, FALSE, UNKNOWN, FALSE]


def test_member_reads_codes_of_the_parameter() -> None:
    facts = frame(3)
    vocabulary = CATEGORY_FACTS["offer_industry"]
    facts.categories["offer_industry"][:] = [
        vocabulary.index("semiconductor"),
        vocabulary.index("quantum"),
        vocabulary.index(""),
    ]
    met = context(facts).member("x", "", "offer_industry", "ktech_pass.industries")
    assert met.tolist() == [TRUE, FALSE, FALSE]


def test_bands_give_the_points_of_the_highest_band_reached() -> None:
    facts = frame(5, experience_years=[10.0, 9.99, 3.0, 2.99, NAN])
    ctx = context(facts, record=True)
    points, best = ctx.bands(
        "x",
        "",
        facts.number("experience_years"),
        facts.number("experience_years"),
        "ktech_pass.qualitative.experience_points",
    )
    assert points.tolist() == [10.0, 7.0, 3.0, 0.0, 0.0]
    assert best.tolist() == points.tolist()
    assert ctx.criteria[0].max_points == 10.0
    assert ctx.criteria[0].met.tolist() == [TRUE, FALSE, FALSE, FALSE, FALSE]


def test_evaluator_score_is_capped_and_missing_means_zero_to_the_maximum() -> None:
    facts = frame(4, technical_expertise_score=[25.0, 20.0, 7.0, NAN])
    points, best = context(facts).score(
        "x", "", "technical_expertise_score", "ktech_pass.qualitative.technical_expertise_max"
    )
    assert points.tolist() == [20.0, 20.0, 7.0, 0.0]
    assert best.tolist() == [20.0, 20.0, 7.0, 20.0]


def test_points_decision() -> None:
    ctx = context(frame(4))
    decision = ctx.points_decision(
        tri(TRUE, TRUE, TRUE, FALSE), np.array([70.0, 69.0, 60.0, 90.0]), np.array([70.0, 80.0, 69.0, 90.0]), 100, 70
    )
    assert decision.met.tolist() == [TRUE, UNKNOWN, FALSE, FALSE]


def test_forcing_a_criterion_changes_only_that_criterion() -> None:
    facts = frame(2, experience_years=[1.0, 9.0])
    forced = context(facts, force={"x": TRUE})
    assert forced.at_least("x", "", "experience_years", 8.0).tolist() == [TRUE, TRUE]
    assert forced.at_least("y", "", "experience_years", 8.0).tolist() == [FALSE, TRUE]


def test_recording_keeps_criteria_and_parameters_used() -> None:
    ctx = context(frame(1, salary_krw=[1.0]), record=True)
    ctx.at_least("salary", "Salary", "salary_krw", ctx.number("gni.per_capita_krw"), parameters=("gni.per_capita_krw",))
    assert [criterion.id for criterion in ctx.criteria] == ["salary"]
    assert ctx.used == ["gni.per_capita_krw"]
    assert context(frame(1, salary_krw=[1.0])).criteria == []


@pytest.mark.parametrize("rows", [0, 1, 7])
def test_criteria_keep_the_frame_length(rows: int) -> None:
    ctx: Any = context(frame(rows, experience_years=[5.0] * rows))
    assert len(ctx.at_least("x", "", "experience_years", 8.0)) == rows
    assert len(ctx.flag("y", "", "has_offer")) == rows
