"""Counting periods by calendar ("Counting periods" in docs/policy-engine.md), and facts dated after
the date assessed: refused at the input boundary, not counted inside the engine.

Every expected value is worked out by hand (or, in the properties, by counting day by day and
month by month), never by the engine under test.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from talentcenter.policy.engine import ApplicantIn, assess, bundled_catalogue, prepare
from talentcenter.policy.engine.facts import merged_months, months_and_days, years_since
from talentcenter.policy.engine.fields import classifier
from talentcenter.policy.engine.inputs import facts_dated_after
from talentcenter.policy.tests.test_engine_boundaries import (
    E7_FLOOR_2026,
    E7_OCCUPATION,
    THREE_X_2025,
    THREE_X_2026,
    degree,
    job,
    offer,
)
from talentcenter.policy.tests.test_engine_properties import calendar_months, civil_month_end, day_runs

PERIODS = settings(max_examples=300, deadline=None)


# Whole months of one period ---------------------------------------------------------------------

MONTHS_AND_DAYS = [
    # (first day, last day, whole months, days left over)
    ("2017-10-01", "2025-09-30", 96, 0),  # the example: exactly 8 years
    ("2017-10-01", "2025-09-29", 95, 29),  # a day short of 8 years
    ("2017-10-01", "2025-10-01", 96, 1),
    ("2017-10-02", "2025-10-01", 96, 0),  # 8 years from the 2nd end on the 1st
    ("2025-05-05", "2025-05-05", 0, 1),  # one day
    ("2025-05-05", "2025-05-04", 0, 0),  # nothing
    ("2025-01-01", "2025-01-31", 1, 0),
    ("2025-01-01", "2025-01-30", 0, 30),
    ("2025-01-31", "2025-02-28", 1, 0),  # February has no 31st: the month is whole on its last day
    ("2025-01-31", "2025-02-27", 0, 28),
    ("2024-01-31", "2024-02-28", 0, 29),  # a leap year: whole on 29 February
    ("2024-01-31", "2024-02-29", 1, 0),
    ("2025-01-30", "2025-02-28", 1, 0),
    ("2025-03-31", "2025-04-30", 1, 0),  # April has no 31st
    ("2025-03-31", "2025-05-30", 2, 0),  # two months from 31 March end on 30 May
    ("2025-03-31", "2025-05-29", 1, 29),
    ("2020-02-29", "2021-02-28", 12, 0),  # a year from 29 February ends on 28 February
    ("2020-02-29", "2021-02-27", 11, 30),
    ("2020-02-29", "2024-02-28", 48, 0),
    ("2021-01-05", "2026-01-04", 60, 0),
    ("2021-01-06", "2026-01-04", 59, 30),
]


@pytest.mark.parametrize(
    ("first", "last", "months", "days"),
    [pytest.param(*row, id=f"{row[0]}..{row[1]}") for row in MONTHS_AND_DAYS],
)
def test_whole_months_of_a_period(first: str, last: str, months: int, days: int) -> None:
    assert months_and_days(date.fromisoformat(first), date.fromisoformat(last)) == (months, days)


def _ordinals(*periods: tuple[str, str]) -> list[tuple[int, int]]:
    return [(date.fromisoformat(first).toordinal(), date.fromisoformat(last).toordinal()) for first, last in periods]


MERGED = [
    ("one period", [("2017-10-01", "2025-09-30")], 96),
    ("the same period twice counts once", [("2021-01-01", "2022-12-31"), ("2021-01-01", "2022-12-31")], 24),
    ("overlapping periods count once", [("2020-01-01", "2021-06-30"), ("2021-01-01", "2022-12-31")], 36),
    ("a period inside another", [("2020-01-01", "2022-12-31"), ("2021-03-15", "2021-04-20")], 36),
    ("touching periods join", [("2020-01-01", "2020-06-15"), ("2020-06-16", "2020-12-31")], 12),
    # Days short of a month are not added up across separate periods: 20 + 20 days is no month.
    ("separate short periods", [("2020-01-01", "2020-01-20"), ("2020-03-01", "2020-03-20")], 0),
    ("separate periods, each whole months", [("2010-01-01", "2013-12-31"), ("2016-01-01", "2019-12-31")], 96),
    ("separate periods, each a day short", [("2010-01-02", "2013-12-31"), ("2016-01-02", "2019-12-31")], 94),
    ("nothing", [], 0),
]


@pytest.mark.parametrize(("periods", "months"), [pytest.param(p, m, id=case) for case, p, m in MERGED])
def test_whole_months_of_the_union_of_periods(periods: list[tuple[str, str]], months: int) -> None:
    assert merged_months(_ordinals(*periods)) == months


# Properties: the counts equal counting day by day and month by month ------------------------------

SMALL_FIRST = date(2019, 1, 1)
SMALL_LAST = date(2025, 12, 31)


@st.composite
def periods(draw: st.DrawFn) -> list[tuple[int, int]]:
    """A few periods of up to about four years between 2019 and 2025, overlapping often."""
    found = []
    for _ in range(draw(st.integers(0, 4))):
        first = draw(st.dates(SMALL_FIRST, SMALL_LAST))
        last = first + timedelta(days=draw(st.integers(-1, 1500)))
        if last >= first:  # the engine never keeps a period that ends before it starts
            found.append((first.toordinal(), last.toordinal()))
    return found


@PERIODS
@given(periods=periods())
def test_merged_months_equal_the_calendar_count_of_the_days_worked(periods: list[tuple[int, int]]) -> None:
    expected = sum(calendar_months(first, last)[0] for first, last in day_runs(periods))
    assert merged_months(list(periods)) == expected


@PERIODS
@given(first=st.dates(SMALL_FIRST, SMALL_LAST), length=st.integers(0, 3000))
def test_months_and_days_equal_counting_month_by_month(first: date, length: int) -> None:
    last = first + timedelta(days=length)
    assert months_and_days(first, last) == calendar_months(first, last)


@PERIODS
@given(first=st.dates(SMALL_FIRST, SMALL_LAST).filter(lambda day: day.day <= 28), length=st.integers(0, 3000))
def test_months_and_days_agree_with_relativedelta_where_every_month_has_the_day(first: date, length: int) -> None:
    # From a day every month has, a month ends the day before the same day of the next month,
    # which is relativedelta's whole month too.
    last = first + timedelta(days=length)
    difference = relativedelta(last + timedelta(days=1), first)
    assert months_and_days(first, last) == (difference.years * 12 + difference.months, difference.days)


@PERIODS
@given(graduated=st.dates(SMALL_FIRST, SMALL_LAST), later=st.integers(0, 2000), window=st.integers(1, 60))
def test_within_a_window_of_graduation_ends_on_the_anniversary(graduated: date, later: int, window: int) -> None:
    # "Within N months of graduation": the period starts the day after graduating (Civil Act,
    # Art. 157) and its last day is the civil end of N months from then.
    as_of = graduated + timedelta(days=later)
    within = as_of <= civil_month_end(graduated + timedelta(days=1), window)
    assert (years_since(graduated, as_of) <= window / 12) is within


# Every year threshold of the rules, on both sides of the exact day --------------------------------

JUNE_2025 = date(2025, 6, 1)
JAN_2026 = date(2026, 1, 5)
JULY_2026 = date(2026, 7, 2)
KOTRA_OFFER = offer(THREE_X_2025, industry=None, technology_field="digital_electronics")
E7_OFFER = offer(E7_FLOOR_2026, occupation=E7_OCCUPATION)
BACHELOR_ABROAD = [degree("bachelor", "Stanford University", "electronics", "US")]


def criterion_of(
    track: str,
    criterion_id: str,
    as_of: date,
    *,
    experience: list[dict[str, Any]],
    education: list[dict[str, Any]] | None = None,
    offer_data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    programme, track_name = track.split("/")
    applicant = ApplicantIn.model_validate(
        {
            "education": [degree("doctorate", "MIT")] if education is None else education,
            "experience": experience,
            "offer": offer_data or offer(THREE_X_2026),
        }
    )
    answer = assess(applicant, as_of, programmes=[programme])
    (result,) = [item for item in answer["results"] if item["track"] == track_name]
    (found,) = [item for item in result["criteria"] if item["id"] == criterion_id]
    return found


def electronics(start: str, end: str | None = None) -> dict[str, Any]:
    return job("Example Electronics", start, end, field="electronics")


def postdoc(organization: str, start: str, end: str | None = None) -> dict[str, Any]:
    return job(organization, start, end, kind="university", postdoctoral=True)


# (case, track, criterion, as of, experience, education or None for an MIT doctorate, offer, status)
THRESHOLDS: list[tuple[str, str, str, date, list[dict[str, Any]], Any, Any, str]] = [
    (
        "8 years: 1 Oct 2017 to 30 Sep 2025",
        "ktech-pass/standard",
        "experience_total",
        date(2025, 10, 1),
        [job(start="2017-10-01", end="2025-09-30")],
        None,
        None,
        "met",
    ),
    (
        "8 years: 1 Oct 2017 to 29 Sep 2025 is short",
        "ktech-pass/standard",
        "experience_total",
        date(2025, 10, 1),
        [job(start="2017-10-01", end="2025-09-29")],
        None,
        None,
        "not_met",
    ),
    (
        "8 years, open end: counted up to and including the date assessed",
        "top-tier-visa/standard",
        "experience_total",
        date(2025, 9, 30),
        [job(start="2017-10-01")],
        None,
        None,
        "met",
    ),
    (
        "8 years, open end: the day before",
        "top-tier-visa/standard",
        "experience_total",
        date(2025, 9, 29),
        [job(start="2017-10-01")],
        None,
        None,
        "not_met",
    ),
    (
        "3 years at a global company",
        "ktech-pass/standard",
        "experience_global_company",
        JUNE_2025,
        [job(start="2022-06-02")],
        None,
        None,
        "met",
    ),
    (
        "3 years at a global company, a day short",
        "ktech-pass/standard",
        "experience_global_company",
        JUNE_2025,
        [job(start="2022-06-03")],
        None,
        None,
        "not_met",
    ),
    (
        "two overlapping 2-year jobs at global companies are 2 years, not 4",
        "ktech-pass/standard",
        "experience_global_company",
        JUNE_2025,
        [job(start="2021-01-01", end="2022-12-31"), job("Hyundai Motor", "2021-01-01", "2022-12-31")],
        None,
        None,
        "not_met",
    ),
    (
        "5 years of post-doc",
        "ktech-pass/standard",
        "postdoc_total",
        JAN_2026,
        [postdoc("MIT", "2021-01-05", "2026-01-04")],
        None,
        None,
        "met",
    ),
    (
        "5 years of post-doc, a day short",
        "ktech-pass/standard",
        "postdoc_total",
        JAN_2026,
        [postdoc("MIT", "2021-01-06", "2026-01-04")],
        None,
        None,
        "not_met",
    ),
    (
        "two overlapping post-docs count once",
        "ktech-pass/standard",
        "postdoc_total",
        JAN_2026,
        [postdoc("MIT", "2021-01-06", "2026-01-04"), postdoc("Stanford University", "2022-01-01", "2025-12-31")],
        None,
        None,
        "not_met",
    ),
    (
        "3 years at a world-class institute",
        "ktech-pass/standard",
        "postdoc_institute",
        JAN_2026,
        [postdoc("MIT", "2023-01-06")],
        None,
        None,
        "met",
    ),
    (
        "3 years at a world-class institute, a day short",
        "ktech-pass/standard",
        "postdoc_institute",
        JAN_2026,
        [postdoc("MIT", "2023-01-07")],
        None,
        None,
        "not_met",
    ),
    (
        "KOTRA route 3: 1 year",
        "kotra-recommendation/standard",
        "route_foreign_experience",
        JAN_2026,
        [electronics("2025-01-06")],
        BACHELOR_ABROAD,
        KOTRA_OFFER,
        "met",
    ),
    (
        "KOTRA route 3: 1 year, a day short",
        "kotra-recommendation/standard",
        "route_foreign_experience",
        JAN_2026,
        [electronics("2025-01-07")],
        BACHELOR_ABROAD,
        KOTRA_OFFER,
        "not_met",
    ),
    (
        "KOTRA route 4: 5 years",
        "kotra-recommendation/standard",
        "route_experience",
        JAN_2026,
        [electronics("2021-01-06")],
        [],
        KOTRA_OFFER,
        "met",
    ),
    (
        "KOTRA route 4: 5 years, a day short",
        "kotra-recommendation/standard",
        "route_experience",
        JAN_2026,
        [electronics("2021-01-07")],
        [],
        KOTRA_OFFER,
        "not_met",
    ),
    (
        "E-7-1: bachelor's + 1 year",
        "e7-1/standard",
        "general_bachelor_experience",
        JULY_2026,
        [job(start="2025-07-03")],
        None,
        E7_OFFER,
        "met",
    ),
    (
        "E-7-1: bachelor's + 1 year, a day short",
        "e7-1/standard",
        "general_bachelor_experience",
        JULY_2026,
        [job(start="2025-07-04")],
        None,
        E7_OFFER,
        "not_met",
    ),
    (
        "E-7-1: 5 years",
        "e7-1/standard",
        "general_experience",
        JULY_2026,
        [job(start="2021-07-03")],
        None,
        E7_OFFER,
        "met",
    ),
    (
        "E-7-1: 5 years, a day short",
        "e7-1/standard",
        "general_experience",
        JULY_2026,
        [job(start="2021-07-04")],
        None,
        E7_OFFER,
        "not_met",
    ),
]


@pytest.mark.parametrize(
    ("track", "criterion_id", "as_of", "experience", "education", "offer_data", "status"),
    [pytest.param(*row[1:], id=row[0]) for row in THRESHOLDS],
)
def test_every_year_threshold_on_both_sides_of_the_day(
    track: str,
    criterion_id: str,
    as_of: date,
    experience: list[dict[str, Any]],
    education: list[dict[str, Any]] | None,
    offer_data: dict[str, Any] | None,
    status: str,
) -> None:
    found = criterion_of(track, criterion_id, as_of, experience=experience, education=education, offer_data=offer_data)
    assert found["status"] == status


# Qualitative track: points bands in years (10_ktech_pass.yaml): experience 3/5/7/10 years give
# 3/5/7/10 points; employer history 1/3/5 years give 5/10/15 points.
BANDS = [
    ("points_experience", "2023-07-03", 3),
    ("points_experience", "2023-07-04", 0),
    ("points_experience", "2021-07-03", 5),
    ("points_experience", "2021-07-04", 3),
    ("points_experience", "2019-07-03", 7),
    ("points_experience", "2019-07-04", 5),
    ("points_experience", "2016-07-03", 10),
    ("points_experience", "2016-07-04", 7),
    ("points_employer", "2025-07-03", 5),
    ("points_employer", "2025-07-04", 0),
    ("points_employer", "2023-07-03", 10),
    ("points_employer", "2023-07-04", 5),
    ("points_employer", "2021-07-03", 15),
    ("points_employer", "2021-07-04", 10),
]


@pytest.mark.parametrize(
    ("criterion_id", "start", "points"), [pytest.param(*row, id=f"{row[0]} from {row[1]}") for row in BANDS]
)
def test_points_bands_in_years_on_both_sides_of_the_day(criterion_id: str, start: str, points: int) -> None:
    # A Samsung Electronics job from ``start`` to the date assessed, 2026-07-02: N years from
    # 2023-07-03 are complete on 2026-07-02.
    found = criterion_of("ktech-pass/qualitative", criterion_id, JULY_2026, experience=[job(start=start)])
    assert (found["points"] or 0) == points


# D-10-3: "graduated within 3 years" includes the third anniversary of graduation (the period
# starts the day after graduating and ends the day before the same day three years later).
GRADUATION_WINDOW = [
    ("2022-02-25", "2025-02-25", "met"),
    ("2022-02-25", "2025-02-26", "not_met"),
    ("2024-02-29", "2027-02-28", "met"),  # no 29 February in 2027: the last day of February
    ("2024-02-29", "2027-03-01", "not_met"),
    ("2022-04-30", "2025-04-30", "met"),
    ("2022-04-30", "2025-05-01", "not_met"),
    ("2025-06-30", "2025-06-30", "met"),  # graduated on the date assessed
]


@pytest.mark.parametrize(
    ("completed", "as_of", "status"), [pytest.param(*row, id=f"{row[0]} as of {row[1]}") for row in GRADUATION_WINDOW]
)
def test_d10_3_graduation_window_on_both_sides_of_the_anniversary(completed: str, as_of: str, status: str) -> None:
    found = criterion_of(
        "d10-3/standard",
        "recent_graduate",
        date.fromisoformat(as_of),
        experience=[],
        education=[degree("master", "MIT", completed=completed)],
    )
    assert found["status"] == status


# Facts dated after the date assessed ---------------------------------------------------------------


def facts(applicant: dict[str, Any], as_of: date) -> dict[str, Any]:
    return prepare(ApplicantIn.model_validate(applicant), as_of, bundled_catalogue(), classifier()).values


@pytest.mark.parametrize(
    ("completed", "status"),
    [
        pytest.param("2025-06-01", "met", id="completed on the date assessed"),
        pytest.param("2025-06-02", "not_met", id="completed the day after"),
    ],
)
def test_a_degree_completed_after_the_date_assessed_does_not_count(completed: str, status: str) -> None:
    found = criterion_of(
        "ktech-pass/standard",
        "degree",
        JUNE_2025,
        experience=[job(start="2015-01-01")],
        education=[degree("master", "KAIST", completed=completed)],
    )
    assert found["status"] == status
    if status == "not_met":
        assert any("after the date assessed - not counted" in line for line in found["evidence"])


def test_a_later_degree_does_not_hide_an_earlier_one_or_move_the_graduation_date() -> None:
    values = facts(
        {"education": [degree("bachelor", completed="2020-02-20"), degree("doctorate", completed="2026-02-20")]},
        date(2023, 2, 20),
    )
    assert values["highest_degree_level"] == 2.0
    assert values["years_since_graduation"] == 3.0


@pytest.mark.parametrize(
    ("experience", "years"),
    [
        pytest.param([job(start="2025-06-02")], 0.0, id="starting the day after counts nothing"),
        pytest.param([job(start="2025-06-01")], 0.0, id="starting on the date assessed is one day, no month"),
        pytest.param([job(start="2017-06-02", end="2030-12-31")], 8.0, id="running past counts up to the date"),
        pytest.param([job(start="2017-06-02", end="2025-06-01")], 8.0, id="ending on the date assessed"),
    ],
)
def test_experience_counts_only_up_to_the_date_assessed(experience: list[dict[str, Any]], years: float) -> None:
    assert facts({"experience": experience}, JUNE_2025)["experience_years"] == years


def test_a_later_date_assessed_than_today_still_counts_everything_up_to_it() -> None:
    # Simulation and batch runs look ahead: the rule is relative to the date assessed, not to today.
    values = facts(
        {"experience": [job(start="2030-01-01")], "education": [degree(completed="2031-06-30")]}, date(2039, 1, 1)
    )
    assert values["experience_years"] == 9.0
    assert values["highest_degree_level"] == 3.0


@pytest.mark.parametrize(
    ("applicant", "refused"),
    [
        pytest.param({"person": {"birth_date": "2025-06-01"}}, [], id="born on the date assessed"),
        pytest.param({"person": {"birth_date": "2025-06-02"}}, [("person", "birth_date")], id="born the day after"),
        pytest.param({"education": [degree(completed="2025-06-01")]}, [], id="completed on the date assessed"),
        pytest.param(
            {"education": [degree(completed="2014-05-31"), degree(completed="2025-06-02")]},
            [("education", 1, "completed")],
            id="completed the day after",
        ),
        pytest.param({"education": [degree(completed=None)]}, [], id="not yet completed, no date"),
        pytest.param({"experience": [job(start="2025-06-02")]}, [], id="a job starting after is not refused"),
    ],
)
def test_facts_dated_after_the_date_assessed_name_their_field(
    applicant: dict[str, Any], refused: list[tuple[Any, ...]]
) -> None:
    found = facts_dated_after(ApplicantIn.model_validate(applicant), JUNE_2025)
    assert [location for location, _message in found] == refused
    assert all("2025-06-01" in message for _location, message in found)
