"""Korean working days and the processing clock, against real holidays (expected dates worked out by hand)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from talentcenter.cases.clock import (
    PROCESSING_TARGETS,
    SEOUL,
    ClockState,
    ProcessingClock,
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)


def kst(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SEOUL)


def test_the_k_tech_pass_target_is_two_weeks_of_working_days():
    assert PROCESSING_TARGETS["ktech_pass"] == 10
    assert set(PROCESSING_TARGETS) == {"ktech_pass", "kotra_recommendation"}


@pytest.mark.parametrize(
    ("day", "working", "name"),
    [
        (date(2025, 10, 3), False, "National Foundation Day"),
        (date(2025, 10, 6), False, "Chuseok"),
        (date(2025, 10, 8), False, "Alternative holiday for Chuseok"),
        (date(2025, 10, 9), False, "Hangul Day"),
        (date(2025, 10, 10), True, None),
        (date(2026, 2, 17), False, "Korean New Year"),
        (date(2026, 3, 2), False, "Alternative holiday for Independence Movement Day"),
        (date(2026, 10, 5), False, "Alternative holiday for National Foundation Day"),
        (date(2025, 10, 11), False, None),  # a Saturday
    ],
)
def test_working_days_follow_the_korean_calendar(day, working, name):
    assert is_working_day(day) is working
    assert holiday_name(day) == name


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2025, 10, 1), 0, date(2025, 10, 1)),
        (date(2025, 10, 2), 1, date(2025, 10, 10)),  # Chuseok 2025: Oct 3 and Oct 6–9 off
        (date(2025, 9, 30), 3, date(2025, 10, 10)),
        (date(2025, 10, 3), 1, date(2025, 10, 10)),  # starting on a holiday
        (date(2026, 2, 13), 1, date(2026, 2, 19)),  # Seollal 2026: Feb 16–18 off
        (date(2026, 2, 13), 5, date(2026, 2, 25)),
        (date(2025, 5, 2), 1, date(2025, 5, 7)),  # Children's Day and Buddha's Birthday, substitute May 6
        (date(2026, 4, 30), 3, date(2026, 5, 7)),  # Labour Day May 1 and Children's Day May 5 2026
        (date(2026, 2, 27), 1, date(2026, 3, 3)),  # substitute for Independence Movement Day
        (date(2026, 8, 14), 1, date(2026, 8, 18)),  # substitute for Liberation Day
        (date(2026, 10, 2), 1, date(2026, 10, 6)),  # substitute for National Foundation Day
        (date(2025, 12, 31), 1, date(2026, 1, 2)),  # across the new year
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 10, 1), date(2025, 10, 31), 17),
        (date(2026, 2, 13), date(2026, 2, 20), 2),
        (date(2026, 2, 20), date(2026, 2, 13), -2),
        (date(2025, 12, 31), date(2026, 1, 2), 1),
        (date(2024, 12, 31), date(2025, 12, 31), 244),  # 261 weekdays less 17 weekday holidays
        (date(2025, 10, 4), date(2025, 10, 4), 0),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


def test_negative_days_are_a_programming_error():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2025, 1, 1), -1)


# --- the processing clock --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("started_at", "due"),
    [
        (kst(2025, 9, 29), date(2025, 10, 17)),  # across Chuseok 2025; the first day counts
        (kst(2026, 2, 12, 15), date(2026, 3, 3)),  # across Seollal 2026 and the March 2 substitute
        (datetime(2026, 2, 12, 16, 0, tzinfo=UTC), date(2026, 3, 4)),  # 01:00 on Feb 13 in Seoul
        (kst(2025, 10, 4), date(2025, 10, 23)),  # submitted on a Saturday in the Chuseok break
        (kst(2026, 4, 30), date(2026, 5, 15)),  # Labour Day and Children's Day 2026
    ],
)
def test_due_date_without_pauses(started_at, due):
    clock = ProcessingClock(target_working_days=10, started_at=started_at)

    assert clock.due_date() == due == clock.unpaused_due_date()
    assert clock.elapsed_working_days(datetime.combine(due, datetime.max.time(), SEOUL)) == 10


CHUSEOK_CLOCK = ProcessingClock(target_working_days=10, started_at=kst(2025, 9, 29))


@pytest.mark.parametrize(
    ("as_of", "elapsed", "remaining", "state"),
    [
        (kst(2025, 9, 28), 0, 10, ClockState.RUNNING),  # before submission
        (kst(2025, 9, 29, 10, 30), 1, 9, ClockState.RUNNING),
        (kst(2025, 10, 8), 4, 6, ClockState.RUNNING),  # the holidays use nothing
        (kst(2025, 10, 14), 7, 3, ClockState.RUNNING),
        (kst(2025, 10, 15), 8, 2, ClockState.DUE_SOON),
        (kst(2025, 10, 17, 23, 59), 10, 0, ClockState.DUE_SOON),  # the due date itself
        (kst(2025, 10, 18), 10, 0, ClockState.OVERDUE),  # the Saturday after
        (datetime(2025, 10, 17, 15, 30, tzinfo=UTC), 10, 0, ClockState.OVERDUE),  # 00:30 on Oct 18 in Seoul
        (kst(2025, 10, 20), 11, -1, ClockState.OVERDUE),
    ],
)
def test_clock_states_through_chuseok(as_of, elapsed, remaining, state):
    assert CHUSEOK_CLOCK.elapsed_working_days(as_of) == elapsed
    assert CHUSEOK_CLOCK.remaining(as_of) == remaining
    assert CHUSEOK_CLOCK.state(as_of) is state


def test_a_pause_over_a_weekend_and_holidays_extends_only_by_the_working_days_paused():
    # Documents requested on Thu Oct 2 (that day counts); the applicant resubmits on Mon Oct 13.
    # Paused working days: Fri Oct 10 and Mon Oct 13 (Oct 3–9 were holidays or weekend anyway).
    clock = ProcessingClock(10, kst(2025, 9, 29), [(kst(2025, 10, 2, 11), kst(2025, 10, 13, 9))])

    assert clock.due_date() == date(2025, 10, 21)
    assert clock.state(kst(2025, 10, 10, 12)) is ClockState.PAUSED
    assert clock.elapsed_working_days(kst(2025, 10, 10, 12)) == 4
    assert clock.remaining(kst(2025, 10, 10, 12)) == 6
    assert clock.elapsed_working_days(kst(2025, 10, 15)) == 6
    assert clock.paused_working_days(kst(2025, 10, 15)) == 2
    assert clock.state(kst(2025, 10, 16)) is ClockState.RUNNING  # 3 working days left
    assert clock.state(kst(2025, 10, 17)) is ClockState.DUE_SOON
    assert clock.state(kst(2025, 10, 22)) is ClockState.OVERDUE


def test_several_pauses_add_up():
    clock = ProcessingClock(
        10,
        kst(2026, 2, 2),
        [
            (kst(2026, 2, 4), kst(2026, 2, 6, 15)),  # Feb 5 and 6 paused
            (kst(2026, 2, 12), kst(2026, 2, 20)),  # Feb 13, 19 and 20 paused (Seollal between)
        ],
    )

    assert clock.unpaused_due_date() == date(2026, 2, 13)
    assert clock.due_date() == date(2026, 2, 25)
    assert clock.elapsed_working_days(kst(2026, 2, 12)) == 7
    assert clock.paused_working_days(kst(2026, 2, 25)) == 5
    assert clock.state(kst(2026, 2, 5)) is ClockState.PAUSED
    assert clock.state(kst(2026, 2, 9)) is ClockState.RUNNING


def test_a_resumption_on_a_holiday_restarts_the_clock_on_the_next_working_day():
    # Requested on Tue Sep 22 2026; answered on Sat Sep 26, the second day of Chuseok. Only Wed
    # Sep 23 is a paused working day; the clock runs again on Mon Sep 28.
    clock = ProcessingClock(10, kst(2026, 9, 21), [(kst(2026, 9, 22), kst(2026, 9, 26, 20))])

    assert clock.unpaused_due_date() == date(2026, 10, 7)
    assert clock.due_date() == date(2026, 10, 8)
    assert clock.elapsed_working_days(kst(2026, 9, 27)) == 2
    assert clock.elapsed_working_days(kst(2026, 9, 28)) == 3
    assert clock.state(kst(2026, 9, 26, 21)) is ClockState.RUNNING


def test_an_open_pause_has_no_due_date_until_the_applicant_answers():
    clock = ProcessingClock(10, kst(2025, 9, 29), [(kst(2025, 10, 2), None)])

    assert clock.due_date() is None
    assert clock.due_date(as_of=kst(2025, 10, 14)) == date(2025, 10, 22)  # as if answered on Oct 14
    assert clock.state(kst(2025, 10, 30)) is ClockState.PAUSED
    assert clock.elapsed_working_days(kst(2025, 10, 30)) == 4
    assert clock.remaining(kst(2025, 10, 30)) == 6


def test_a_pause_is_judged_as_of_the_moment_asked():
    clock = ProcessingClock(10, kst(2025, 9, 29), [(kst(2025, 10, 2, 11), kst(2025, 10, 13, 9))])

    assert clock.state(kst(2025, 10, 1)) is ClockState.RUNNING  # the request was not sent yet
    assert clock.due_date(as_of=kst(2025, 10, 1)) == date(2025, 10, 17)
    assert clock.is_paused(kst(2025, 10, 13, 8))
    assert not clock.is_paused(kst(2025, 10, 13, 9))


def test_a_late_case_paused_stays_late():
    clock = ProcessingClock(10, kst(2025, 9, 29), [(kst(2025, 10, 20), None)])

    assert clock.state(kst(2025, 10, 22)) is ClockState.PAUSED
    assert clock.remaining(kst(2025, 10, 22)) == -1
    assert clock.due_date(as_of=kst(2025, 10, 22)) == date(2025, 10, 17)


@pytest.mark.parametrize(
    ("started_at", "pauses", "message"),
    [
        (datetime(2025, 9, 29, 10), [], "timezone-aware"),
        (kst(2025, 9, 29), [(kst(2025, 9, 28), kst(2025, 9, 30))], "in order"),
        (kst(2025, 9, 29), [(kst(2025, 10, 2), kst(2025, 10, 1))], "resume before"),
        (kst(2025, 9, 29), [(kst(2025, 10, 1), None), (kst(2025, 10, 2), None)], "only the last"),
        (kst(2025, 9, 29), [(kst(2025, 10, 1), kst(2025, 10, 3)), (kst(2025, 10, 2), None)], "in order"),
    ],
)
def test_inconsistent_clocks_are_programming_errors(started_at, pauses, message):
    with pytest.raises(ValueError, match=message):
        ProcessingClock(10, started_at, pauses)


def test_state_labels_are_translatable_text():
    with translation.override("en"):
        assert [state.label for state in ClockState] == [
            "On time",
            "Paused, waiting for the applicant",
            "Due soon",
            "Overdue",
        ]
    with translation.override("ko"):
        assert ClockState.OVERDUE.label == "기한 초과"


# --- properties -------------------------------------------------------------------------------------

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=dates, days=st.integers(min_value=0, max_value=600))
def test_adding_then_counting_working_days_round_trips(start, days):
    end = add_working_days(start, days)

    assert working_days_between(start, end) == days
    if days:
        assert is_working_day(end)
        assert working_days_between(start, end - timedelta(days=1)) == days - 1


@settings(max_examples=200, deadline=None)
@given(start=dates, length=st.integers(min_value=-60, max_value=60))
def test_counting_agrees_with_walking_the_calendar(start, length):
    end = start + timedelta(days=length)
    low, high = min(start, end), max(start, end)
    walked = sum(is_working_day(low + timedelta(days=offset)) for offset in range(1, (high - low).days + 1))

    assert working_days_between(start, end) == (walked if end >= start else -walked)


@st.composite
def clocks(draw):
    started_at = draw(
        st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(SEOUL))
    )
    offsets = sorted(draw(st.lists(st.integers(min_value=0, max_value=60 * 24 * 90), max_size=8)))
    if len(offsets) % 2:
        offsets = offsets[:-1]
    moments = [started_at + timedelta(minutes=offset) for offset in offsets]
    pauses = [(moments[index], moments[index + 1]) for index in range(0, len(moments), 2)]
    if draw(st.booleans()):
        opened = (offsets[-1] if offsets else 0) + draw(st.integers(0, 20_000))
        pauses.append((started_at + timedelta(minutes=opened), None))
    target = draw(st.sampled_from([*sorted(set(PROCESSING_TARGETS.values())), 1, 30]))
    return ProcessingClock(target, started_at, pauses)


@settings(max_examples=300, deadline=None)
@given(clock=clocks(), later=st.integers(min_value=0, max_value=60 * 24 * 200))
def test_pauses_never_bring_the_due_date_forward(clock, later):
    as_of = clock.started_at + timedelta(minutes=later)
    due = clock.due_date(as_of=as_of)

    assert due is not None
    assert due >= clock.unpaused_due_date()
    assert clock.elapsed_working_days(as_of) <= working_days_between(clock.start_date - timedelta(days=1), as_of.date())
    assert clock.remaining(as_of) == clock.target_working_days - clock.elapsed_working_days(as_of)


@settings(max_examples=200, deadline=None)
@given(clock=clocks(), first=st.integers(min_value=0, max_value=60 * 24 * 200), step=st.integers(0, 60 * 24 * 30))
def test_elapsed_working_days_never_go_backwards(clock, first, step):
    earlier = clock.started_at + timedelta(minutes=first)

    assert clock.elapsed_working_days(earlier) <= clock.elapsed_working_days(earlier + timedelta(minutes=step))


@settings(max_examples=200, deadline=None)
@given(clock=clocks())
def test_the_target_is_used_up_exactly_on_the_due_date(clock):
    if clock.pauses and clock.pauses[-1][1] is None:
        return
    due = clock.due_date()
    end_of_due = datetime.combine(due, datetime.max.time(), SEOUL)

    assert clock.elapsed_working_days(end_of_due) == clock.target_working_days
    assert clock.elapsed_working_days(end_of_due - timedelta(days=1)) < clock.target_working_days
