"""The batch path's vectorised building blocks against plain per-row references (issue 14).

The batch engine builds tri-state answers from boolean masks, reads band points through byte
counts, integer steps or lookup tables, packs the degree tier into a byte code and reuses the
criteria that several tracks test alike. Each is compared here, on random columns with NaN,
infinities and values on the thresholds, with a straightforward reference: the engine's earlier
NumPy code (``np.select``, masked writes) or a loop over rows.
"""

from __future__ import annotations

import math
from datetime import date
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentcenter.policy.engine import FactFrame, baseline
from talentcenter.policy.engine.facts import CATEGORY_FACTS, FALSE, FLAG_FACTS, NUMBER_FACTS, TRUE, UNKNOWN
from talentcenter.policy.engine.parameters import ParameterSet
from talentcenter.policy.engine.programmes import PEDIGREE_TIERS, _capped_sum, _pedigree_codes, ktech_qualitative
from talentcenter.policy.engine.rules import SHORT_LIST, Context, _band_points, _points_table, zero_where

NAN = math.nan
AS_OF = date(2026, 7, 15)  # GNI is an estimate on this date: thresholds built on it have margins
GNI = "gni.per_capita_krw"
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Numbers around the thresholds used below, plus the awkward ones.
NUMBERS = st.one_of(
    st.sampled_from([NAN, 0.0, -0.0, 1.0, 2.0, 2.5, 3.0, 4.0, 5.0, 99.0, 100.0, 101.0, math.inf, -math.inf]),
    st.floats(min_value=-10, max_value=200, allow_nan=False),
)
ROWS = st.integers(min_value=1, max_value=24)


def column(draw: st.DrawFn, rows: int, elements: st.SearchStrategy[float] = NUMBERS) -> np.ndarray:
    return np.asarray(draw(st.lists(elements, min_size=rows, max_size=rows)), dtype=np.float64)


def frame(rows: int, numbers: dict[str, np.ndarray], categories: dict[str, np.ndarray] | None = None) -> FactFrame:
    columns = {name: np.full(rows, NAN) for name in NUMBER_FACTS}
    columns.update(numbers)
    codes = {name: np.zeros(rows, dtype=np.int16) for name in CATEGORY_FACTS}
    codes.update(categories or {})
    return FactFrame.from_columns(columns, {name: np.full(rows, UNKNOWN) for name in FLAG_FACTS}, codes)


@cache
def with_cutoff(cutoff: float) -> ParameterSet:
    value = [{"from": AS_OF.isoformat(), "value": cutoff, "source": "test"}]
    return baseline().with_overrides("test:cutoff", {"ktech_pass.university_rank_cutoff": value})


def reference_tri(certain: bool, possible: bool) -> int:
    return TRUE if certain else UNKNOWN if possible else FALSE


# Tri-state comparisons --------------------------------------------------------------------------


@st.composite
def comparisons(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, float | np.ndarray, tuple[str, ...], bool]:
    rows = draw(ROWS)
    value = column(draw, rows)
    same = draw(st.booleans())
    best = value if same else column(draw, rows)
    threshold: float | np.ndarray = (
        column(draw, rows) if draw(st.booleans()) else draw(st.sampled_from([NAN, 0.0, 3.0, 100.0]))
    )
    parameters = draw(st.sampled_from([(), (GNI,)]))
    return value, best, threshold, parameters, same


@SETTINGS
@given(case=comparisons(), shared=st.booleans())
def test_at_least_and_at_most_equal_a_loop_over_rows(
    case: tuple[np.ndarray, np.ndarray, float | np.ndarray, tuple[str, ...], bool], shared: bool
) -> None:
    value, best, threshold, parameters, same = case
    rows = len(value)
    facts = frame(rows, {"experience_years": value, "global_company_years_best": best})
    context = Context(facts, baseline().resolve(AS_OF), shared={} if shared else None)
    best_fact = None if same else "global_company_years_best"
    below, above = context.uncertainty(parameters)
    limits = np.broadcast_to(np.asarray(threshold, dtype=np.float64), (rows,))

    least = context.at_least("x", "", "experience_years", threshold, best=best_fact, parameters=parameters)
    most = context.at_most("y", "", "experience_years", threshold, best=best_fact, parameters=parameters)
    again = context.at_least("x", "", "experience_years", threshold, best=best_fact, parameters=parameters)

    for row in range(rows):
        v, b, limit = float(value[row]), float(best[row]), float(limits[row])
        if math.isnan(limit):
            expected_least = expected_most = UNKNOWN
        else:
            expected_least = reference_tri(v >= limit * (1 + above), b >= limit * (1 - below))
            if math.isnan(v) and math.isnan(b):
                expected_least = UNKNOWN  # a value not given is unknown, not short
            expected_most = reference_tri(v <= limit * (1 - below), b <= limit * (1 + above))
        assert (int(least[row]), int(most[row])) == (expected_least, expected_most), (v, b, limit)
    assert least.dtype == most.dtype == np.int8
    assert again.tolist() == least.tolist()
    if shared and np.ndim(threshold) == 0 and not np.isnan(threshold):
        assert again is least  # worked out once for the batch, and kept read-only
        assert not least.flags.writeable


@SETTINGS
@given(
    rows=ROWS,
    data=st.data(),
    size=st.sampled_from([0, 1, 3, SHORT_LIST, SHORT_LIST + 1, 15]),
    unknown_when_empty=st.booleans(),
)
def test_member_equals_a_loop_over_rows(rows: int, data: st.DataObject, size: int, unknown_when_empty: bool) -> None:
    vocabulary = CATEGORY_FACTS["offer_industry"]
    codes = data.draw(st.lists(st.sampled_from(vocabulary[1:]), min_size=size, max_size=size, unique=True))
    row_codes = np.asarray(
        data.draw(st.lists(st.integers(-3, len(vocabulary) - 1), min_size=rows, max_size=rows)), dtype=np.int16
    )
    listed = [{"from": AS_OF.isoformat(), "value": codes, "source": "test"}]
    parameter_set = baseline().with_overrides("test:list", {"ktech_pass.industries": listed})
    facts = frame(rows, {}, {"offer_industry": row_codes})
    met = Context(facts, parameter_set.resolve(AS_OF)).member(
        "x", "", "offer_industry", "ktech_pass.industries", unknown_when_empty=unknown_when_empty
    )
    for row, code in enumerate(row_codes.tolist()):
        if not codes or (unknown_when_empty and code == 0):
            expected = UNKNOWN
        else:
            expected = TRUE if 0 <= code < len(vocabulary) and vocabulary[code] in codes else FALSE
        assert int(met[row]) == expected, (code, codes)


# Band points --------------------------------------------------------------------------------------

POINTS = st.one_of(st.integers(0, 127).map(float), st.integers(-300, 300).map(float), st.floats(-50, 50))


@SETTINGS
@given(data=st.data(), rows=ROWS)
def test_band_points_equal_a_loop_over_rows(data: st.DataObject, rows: int) -> None:
    minimums = sorted(data.draw(st.lists(st.floats(-5, 150, allow_nan=False), min_size=1, max_size=7)))
    points = data.draw(st.lists(POINTS, min_size=len(minimums), max_size=len(minimums)))
    table = _points_table([0.0, *points])
    value = column(data.draw, rows)
    got = _band_points(table, np.asarray(minimums), value)
    for row in range(rows):
        reached = sum(1 for minimum in minimums if value[row] >= minimum)  # NaN reaches none
        assert float(got[row]) == [0.0, *points][reached]
    assert table.dtype == (
        np.int8
        if all(p.is_integer() and 0 <= p <= 127 for p in points)
        else np.int16
        if all(p.is_integer() for p in points)
        else np.float64
    )


@SETTINGS
@given(data=st.data(), rows=ROWS)
def test_band_points_of_byte_codes_equal_those_of_their_values(data: st.DataObject, rows: int) -> None:
    minimums = np.asarray(sorted(data.draw(st.lists(st.integers(0, 7).map(float), min_size=1, max_size=6))))
    table = _points_table([0.0, *data.draw(st.lists(POINTS, min_size=len(minimums), max_size=len(minimums)))])
    codes = np.asarray(data.draw(st.lists(st.integers(0, 31), min_size=rows, max_size=rows)), dtype=np.uint8)
    by_code = _band_points(table, minimums, codes, PEDIGREE_TIERS)
    by_value = _band_points(table, minimums, PEDIGREE_TIERS[codes])
    assert by_code.tolist() == by_value.tolist()


# The degree tier ---------------------------------------------------------------------------------


def select_tier(facts: FactFrame, suffix: str, cutoff: float) -> np.ndarray:
    """The engine's earlier tier: six conditions in priority order through ``np.select``."""
    level = facts.number("highest_degree_level")
    with np.errstate(invalid="ignore"):
        conditions = [
            facts.number(f"rank_level_4{suffix}") <= cutoff,
            facts.number(f"rank_level_3{suffix}") <= cutoff,
            level >= 4,
            level >= 3,
            facts.number(f"rank_level_2{suffix}") <= cutoff,
            level >= 2,
        ]
    tiers: np.ndarray = np.select(conditions, [6.0, 5.0, 4.0, 3.0, 2.0, 1.0], 0.0)
    return tiers


@st.composite
def pedigrees(draw: st.DrawFn) -> tuple[FactFrame, float]:
    rows = draw(ROWS)
    ranks = st.one_of(st.sampled_from([NAN, 0.0, 99.0, 100.0, 101.0, math.inf]), st.floats(0, 600))
    levels = st.sampled_from([NAN, 0.0, 1.0, 2.0, 2.5, 3.0, 3.9, 4.0, 5.0, -1.0])
    numbers = {"highest_degree_level": column(draw, rows, levels)}
    for name in ("rank_level_2", "rank_level_3", "rank_level_4"):
        numbers[name] = column(draw, rows, ranks)
        numbers[f"{name}_best"] = column(draw, rows, ranks)
    return frame(rows, numbers), draw(st.sampled_from([0.0, 50.0, 100.0, 250.5]))


@SETTINGS
@given(case=pedigrees())
def test_pedigree_codes_give_the_tiers_of_np_select(case: tuple[FactFrame, float]) -> None:
    facts, cutoff = case
    codes, codes_best = _pedigree_codes(Context(facts, with_cutoff(cutoff).resolve(AS_OF)))
    assert codes.dtype == codes_best.dtype == np.uint8
    assert PEDIGREE_TIERS[codes].tolist() == select_tier(facts, "", cutoff).tolist()
    assert PEDIGREE_TIERS[codes_best].tolist() == select_tier(facts, "_best", cutoff).tolist()


@pytest.mark.parametrize("record", [False, True], ids=["batch", "recorded"])
def test_the_points_track_records_tiers_and_points_as_float64(record: bool) -> None:
    facts = frame(
        3,
        {
            "highest_degree_level": np.array([4.0, 3.0, NAN]),
            "rank_level_4": np.array([50.0, NAN, NAN]),
            "rank_level_4_best": np.array([50.0, NAN, NAN]),
            "rank_level_3_best": np.array([NAN, 20.0, NAN]),
            "experience_years": np.array([10.0, 4.0, NAN]),
        },
    )
    context = Context(facts, baseline().resolve(AS_OF), record=record)
    decision = ktech_qualitative(context)
    assert decision.points is not None and decision.points.dtype == np.float64
    assert decision.points_best is not None and decision.points_best.dtype == np.float64
    degree = next((criterion for criterion in context.criteria if criterion.id == "points_degree"), None)
    if record:
        assert degree is not None and degree.value is not None and degree.points is not None
        assert degree.value.tolist() == [6.0, 3.0, 0.0] and degree.value.dtype == np.float64
        assert degree.points.tolist() == [25.0, 10.0, 0.0] and degree.points.dtype == np.float64
    else:
        assert degree is None


# Scores, bonuses and totals -------------------------------------------------------------------


@SETTINGS
@given(data=st.data(), rows=ROWS, maximum=st.sampled_from([0.0, 15.0, 20.0, 2.5]))
def test_score_equals_the_masked_version(data: st.DataObject, rows: int, maximum: float) -> None:
    entered = column(data.draw, rows)
    value = [{"from": AS_OF.isoformat(), "value": maximum, "source": "test"}]
    parameter_set = baseline().with_overrides("test:score", {"ktech_pass.qualitative.technical_expertise_max": value})
    context = Context(frame(rows, {"technical_expertise_score": entered}), parameter_set.resolve(AS_OF))
    points, points_best = context.score(
        "x", "", "technical_expertise_score", "ktech_pass.qualitative.technical_expertise_max"
    )
    # The engine's earlier code: a masked write of 0 and np.where for the best case.
    largest = np.finfo(np.float64).max
    missing = np.isnan(entered)
    expected = np.clip(np.minimum(entered, maximum), -largest, largest)
    expected[missing] = 0.0
    expected_best = np.where(missing, maximum, expected)
    # Equal as numbers (-0.0 == 0.0: with a maximum of 0, NumPy's own minimum gives either zero
    # depending on the array's length, so the sign of a zero score was never fixed).
    assert points.tolist() == expected.tolist()
    assert points_best.tolist() == expected_best.tolist()


@SETTINGS
@given(
    rows=ROWS,
    data=st.data(),
    amount=st.sampled_from([0.0, 10.0, 2.5, 200.0, 40000.0]),
)
def test_bonus_equals_np_where(rows: int, data: st.DataObject, amount: float) -> None:
    condition = np.asarray(data.draw(st.lists(st.booleans(), min_size=rows, max_size=rows)))
    possible = np.asarray(data.draw(st.lists(st.booleans(), min_size=rows, max_size=rows)))
    value = [{"from": AS_OF.isoformat(), "value": amount, "source": "test"}]
    parameter_set = baseline().with_overrides("test:bonus", {"ktech_pass.qualitative.sme_bonus": value})
    context = Context(frame(rows, {}), parameter_set.resolve(AS_OF))
    points, points_best = context.bonus("x", "", condition, "ktech_pass.qualitative.sme_bonus", possible=possible)
    assert points.astype(np.float64).tolist() == np.where(condition, amount, 0.0).tolist()
    assert points_best.astype(np.float64).tolist() == np.where(condition | possible, amount, 0.0).tolist()


@SETTINGS
@given(data=st.data(), rows=ROWS, cap=st.sampled_from([100.0, 30.0, math.inf]))
def test_capped_sum_equals_adding_floats_left_to_right(data: st.DataObject, rows: int, cap: float) -> None:
    kinds = data.draw(st.lists(st.sampled_from(["int8", "int16", "float64"]), min_size=2, max_size=7))
    parts = []
    for kind in kinds:
        if kind == "float64":
            parts.append(column(data.draw, rows, st.one_of(st.just(NAN), st.floats(-1e16, 1e16))))
        else:
            high = 127 if kind == "int8" else 16383
            values = data.draw(
                st.lists(st.integers(0 if kind == "int8" else -high, high), min_size=rows, max_size=rows)
            )
            parts.append(np.asarray(values, dtype=kind))
    total = _capped_sum(cap, *parts)
    expected = parts[0].astype(np.float64) + parts[1].astype(np.float64)
    for part in parts[2:]:
        expected = expected + part.astype(np.float64)
    expected = np.minimum(cap, expected)
    assert total.dtype == np.float64
    assert total.tobytes() == expected.tobytes()


@SETTINGS
@given(data=st.data(), rows=ROWS)
def test_zero_where_is_np_where_bit_for_bit(data: st.DataObject, rows: int) -> None:
    values = column(data.draw, rows, st.one_of(NUMBERS, st.floats()))
    mask = np.asarray(data.draw(st.lists(st.booleans(), min_size=rows, max_size=rows)))
    assert zero_where(mask, values).tobytes() == np.where(mask, 0.0, values).tobytes()


def test_a_best_case_threshold_per_row_is_not_shared() -> None:
    facts = frame(3, {"salary_krw": np.array([30.0, 31.0, NAN])})
    context = Context(facts, baseline().resolve(AS_OF), shared={})
    met = context.at_least("x", "", "salary_krw", 31.0, best_threshold=np.array([30.0, 32.0, 30.0]))
    assert met.tolist() == [UNKNOWN, TRUE, UNKNOWN]
    assert context.shared is not None
    assert list(context.shared) == [("not given", "salary_krw", None)]  # the criterion itself is not kept
