"""nDCG@k and recall@k: hand-computed examples and the properties every ranking metric must keep."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentcenter.matching.evaluation.metrics import dcg, ndcg_at_k, recall_at_k

grades_strategy = st.dictionaries(st.integers(0, 60), st.integers(0, 3), min_size=1, max_size=30)


@st.composite
def judged_ranking(draw: st.DrawFn) -> tuple[dict[int, int], list[int], int]:
    """Grades, a ranking that mixes judged and unjudged ids, and a cut-off."""
    grades = draw(grades_strategy)
    pool = sorted(grades) + list(range(100, 110))
    ranking = draw(st.permutations(pool))
    return grades, list(ranking), draw(st.integers(1, 40))


def test_ndcg_of_a_small_ranking_computed_by_hand():
    # given grades a=3, b=2, c=0 and the ranking c, a, b
    grades = {"a": 3, "b": 2, "c": 0}
    # then DCG@3 = 0/log2(2) + 7/log2(3) + 3/log2(4), the ideal a, b: 7/1 + 3/log2(3)
    expected = (7 / math.log2(3) + 3 / 2) / (7 + 3 / math.log2(3))
    assert ndcg_at_k(["c", "a", "b"], grades, 3) == pytest.approx(expected)
    assert ndcg_at_k(["c", "a", "b"], grades, 3) == pytest.approx(0.6653, abs=1e-4)
    # and at k=1 only c counts: nothing gained
    assert ndcg_at_k(["c", "a", "b"], grades, 1) == 0.0
    # and at k=2 the ideal is 7 + 3/log2(3), the ranking gets only a at rank 2
    assert ndcg_at_k(["c", "a", "b"], grades, 2) == pytest.approx((7 / math.log2(3)) / (7 + 3 / math.log2(3)))


def test_ndcg_compares_with_every_judged_item_not_only_the_retrieved_ones():
    # given three relevant items and a ranking that finds only the best one
    grades = {"a": 3, "b": 3, "c": 1}
    # then the ideal is built from all judged grades, so finding one of them is not perfect
    assert ndcg_at_k(["a", "x", "y"], grades, 3) == pytest.approx(7 / (7 + 7 / math.log2(3) + 1 / 2))


def test_recall_of_a_small_ranking_computed_by_hand():
    grades = {"a": 3, "b": 1, "c": 0, "d": 2}
    ranking = ["c", "a", "x", "b", "d"]
    assert recall_at_k(ranking, grades, 1) == 0.0
    assert recall_at_k(ranking, grades, 2) == pytest.approx(1 / 3)
    assert recall_at_k(ranking, grades, 4) == pytest.approx(2 / 3)
    assert recall_at_k(ranking, grades, 5) == 1.0


def test_nothing_relevant_scores_zero_and_k_must_be_positive():
    assert ndcg_at_k([1, 2], {1: 0, 2: 0}, 10) == 0.0
    assert recall_at_k([1, 2], {1: 0}, 10) == 0.0
    with pytest.raises(ValueError, match="k must be"):
        ndcg_at_k([1], {1: 1}, 0)
    with pytest.raises(ValueError, match="k must be"):
        recall_at_k([1], {1: 1}, 0)


def test_a_repeated_id_counts_once():
    grades = {"a": 3}
    assert ndcg_at_k(["a", "a", "a"], grades, 3) == 1.0
    assert dcg([3, 3], 2) > dcg([3], 2)  # the raw DCG would count it twice: the metric must not


@given(judged_ranking())
def test_values_stay_between_zero_and_one(case):
    grades, ranking, k = case
    assert 0.0 <= ndcg_at_k(ranking, grades, k) <= 1.0
    assert 0.0 <= recall_at_k(ranking, grades, k) <= 1.0


@given(grades_strategy, st.integers(1, 40))
def test_the_ideal_ranking_scores_one(grades, k):
    ideal = sorted(grades, key=lambda item: -grades[item])
    if any(grade > 0 for grade in grades.values()):
        assert ndcg_at_k(ideal, grades, k) == pytest.approx(1.0)
        assert recall_at_k(ideal, grades, max(k, len(grades))) == 1.0


@given(grades_strategy, st.integers(1, 40))
def test_reversing_a_best_first_ranking_never_raises_ndcg(grades, k):
    best_first = sorted(grades, key=lambda item: -grades[item])
    assert ndcg_at_k(list(reversed(best_first)), grades, k) <= ndcg_at_k(best_first, grades, k) + 1e-12


@given(judged_ranking())
def test_any_ranking_lies_between_its_worst_and_best_order(case):
    grades, ranking, k = case
    worst = sorted(ranking, key=lambda item: grades.get(item, 0))
    best = sorted(ranking, key=lambda item: -grades.get(item, 0))
    value = ndcg_at_k(ranking, grades, k)
    assert ndcg_at_k(worst, grades, k) - 1e-12 <= value <= ndcg_at_k(best, grades, k) + 1e-12


@given(judged_ranking())
def test_recall_never_falls_as_k_grows(case):
    grades, ranking, _k = case
    values = [recall_at_k(ranking, grades, k) for k in range(1, len(ranking) + 2)]
    assert values == sorted(values)
