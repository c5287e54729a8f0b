"""Korean working days and the processing clock of a case.

A working day is a Monday to Friday that is not a Korean public holiday, as the ``holidays``
package lists them (lunar holidays, substitute holidays and one-off temporary holidays included).

The clock counts the way Korean administrative law counts processing periods of six days or more
(Civil Petitions Act, 민원 처리에 관한 법률 제19조 ②: counted in days, *the first day included*,
public holidays and Saturdays not counted): a case submitted on a working day has used its first
working day that same day, so a 10-working-day target that starts on a Monday falls due on the
Friday of the following week ("2 weeks"). A request for more documents or corrections stops the
clock (시행령: the time taken to supplement is not counted): the working day on which the request is
sent still counts, the working days after it up to and including the day the applicant resubmits
do not, and the clock runs again from the next working day.

Dates are Asia/Seoul calendar dates of aware datetimes; a naive datetime is a programming error.
"""

from __future__ import annotations

import bisect
import enum
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays
from django.utils.translation import gettext_lazy as _

SEOUL = ZoneInfo("Asia/Seoul")
DUE_SOON_WORKING_DAYS = 2
"""A running case with this many working days left or fewer (the due date included) is due soon."""

PROCESSING_TARGETS: Mapping[str, int] = MappingProxyType(
    {
        # K-Tech Pass: "online, within 2 weeks" (the pass's published benefits; REFERENCE.md §1).
        "ktech_pass": 10,
        # KOTRA employment recommendation: "usually about 2 weeks" (practitioner source, REFERENCE.md §2;
        # KOSME's similar E-7-1 recommendation also decides in about 2 weeks).
        "kotra_recommendation": 10,
    }
)
"""Processing target per case type, in Korean working days."""

_ONE_DAY = timedelta(days=1)


class ClockState(enum.StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return str(_STATE_LABELS[self])


_STATE_LABELS = {
    ClockState.RUNNING: _("On time"),
    ClockState.PAUSED: _("Paused, waiting for the applicant"),
    ClockState.DUE_SOON: _("Due soon"),
    ClockState.OVERDUE: _("Overdue"),
}


def seoul_date(moment: datetime) -> date:
    """The calendar date in Seoul of an aware datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the processing clock needs timezone-aware datetimes")
    return moment.astimezone(SEOUL).date()


@functools.lru_cache(maxsize=256)
def _holidays_of_year(year: int) -> Mapping[date, str]:
    """The Korean public holidays of a year with their (English) names."""
    return MappingProxyType(dict(holidays.country_holidays("KR", years=year, language="en_US").items()))


@functools.lru_cache(maxsize=256)
def _weekday_holidays(year: int) -> tuple[date, ...]:
    """The Korean public holidays of a year that fall on a weekday, sorted."""
    return tuple(sorted(day for day in _holidays_of_year(year) if day.weekday() < 5))


def holiday_name(day: date) -> str | None:
    """The name of the Korean public holiday on ``day`` (any day of the week), or ``None``."""
    return _holidays_of_year(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Korean public holiday."""
    if day.weekday() >= 5:
        return False
    holidays_of_year = _weekday_holidays(day.year)
    index = bisect.bisect_left(holidays_of_year, day)
    return not (index < len(holidays_of_year) and holidays_of_year[index] == day)


def _weekdays_through(day: date) -> int:
    """Mondays to Fridays from 0001-01-01 (a Monday) through ``day``."""
    ordinal = day.toordinal()
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


def _holidays_through(day: date) -> int:
    """Weekday holidays from the start of the year of ``day`` through ``day``."""
    return bisect.bisect_right(_weekday_holidays(day.year), day)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is before ``start``.

    ``working_days_between(start, add_working_days(start, n)) == n`` for every ``n >= 0``.
    """
    if end < start:
        return -working_days_between(end, start)
    weekdays = _weekdays_through(end) - _weekdays_through(start)
    weekday_holidays = _holidays_through(end) - _holidays_through(start)
    for year in range(start.year, end.year):
        weekday_holidays += len(_weekday_holidays(year))
    return weekdays - weekday_holidays


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself when ``days`` is 0)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    # Jump close with whole weeks (each has at most 5 working days, so this never overshoots), then step.
    while days > 10:
        candidate = day + timedelta(weeks=days // 5 - 1)
        days -= working_days_between(day, candidate)
        day = candidate
    while days > 0:
        day += _ONE_DAY
        if is_working_day(day):
            days -= 1
    return day


def working_days_in(first: date, last: date) -> int:
    """Working days from ``first`` through ``last``, both included (0 when ``last`` is before ``first``)."""
    if last < first:
        return 0
    return working_days_between(first - _ONE_DAY, last)


@dataclass(frozen=True)
class ProcessingClock:
    """The processing clock of one case: a target in working days, a start and the pauses so far.

    ``pauses`` are ``(paused_at, resumed_at)`` pairs in order, not overlapping and not before the
    start; only the last may still be open (``resumed_at`` is ``None``). A pause that begins after
    the moment asked about (``as_of``) is ignored, and one that resumes after it is still open then.
    """

    target_working_days: int
    started_at: datetime
    pauses: Sequence[tuple[datetime, datetime | None]] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.target_working_days < 1:
            raise ValueError("the target must be at least one working day")
        seoul_date(self.started_at)
        previous = self.started_at
        for index, (paused_at, resumed_at) in enumerate(self.pauses):
            seoul_date(paused_at)
            if paused_at < previous:
                raise ValueError("pauses must be in order and must not start before the clock")
            if resumed_at is None:
                if index != len(self.pauses) - 1:
                    raise ValueError("only the last pause may still be open")
                continue
            seoul_date(resumed_at)
            if resumed_at < paused_at:
                raise ValueError("a pause cannot resume before it starts")
            previous = resumed_at
        object.__setattr__(self, "pauses", tuple(self.pauses))

    @property
    def start_date(self) -> date:
        return seoul_date(self.started_at)

    def _segments(self, as_of: datetime | None) -> tuple[list[tuple[date, date | None]], bool]:
        """The date ranges the clock runs in (first and last day included; ``None`` = open), and
        whether it is paused at ``as_of``."""
        limit = seoul_date(as_of) if as_of is not None else None
        segments: list[tuple[date, date | None]] = []
        first = self.start_date
        for paused_at, resumed_at in self.pauses:
            if as_of is not None and paused_at > as_of:
                break
            segments.append((first, seoul_date(paused_at)))
            if resumed_at is None or (as_of is not None and resumed_at > as_of):
                if limit is None:
                    return segments, True
                # Still waiting: as if the applicant answered at ``as_of``.
                first = limit + _ONE_DAY
                return [*segments, (first, None)], True
            first = seoul_date(resumed_at) + _ONE_DAY
        segments.append((first, None))
        return segments, False

    def is_paused(self, as_of: datetime) -> bool:
        return self._segments(as_of)[1]

    def due_date(self, as_of: datetime | None = None) -> date | None:
        """The date on which the target's last working day is used.

        While a pause is open the due date is not known: without ``as_of`` it is ``None``; with
        ``as_of`` it is the earliest it can be, as if the applicant resubmitted at ``as_of``.
        """
        segments, paused = self._segments(as_of)
        if paused and as_of is None:
            return None
        left = self.target_working_days
        for first, last in segments:
            available = left if last is None else working_days_in(first, last)
            if available >= left:
                return add_working_days(first - _ONE_DAY, left)
            left -= available
        raise AssertionError("the last segment is open")  # pragma: no cover

    def unpaused_due_date(self) -> date:
        """The due date had the clock never been paused."""
        return add_working_days(self.start_date - _ONE_DAY, self.target_working_days)

    def elapsed_working_days(self, as_of: datetime) -> int:
        """Working days the clock has used by the end of ``as_of``'s day (that day included)."""
        if as_of < self.started_at:
            return 0
        limit = seoul_date(as_of)
        segments, paused = self._segments(as_of)
        if paused:
            segments = segments[:-1]  # the projected segment after an open pause has not run yet
        return sum(working_days_in(first, min(last or limit, limit)) for first, last in segments)

    def paused_working_days(self, as_of: datetime) -> int:
        """Working days not counted because the clock was paused, up to ``as_of``."""
        if as_of < self.started_at:
            return 0
        return working_days_in(self.start_date, seoul_date(as_of)) - self.elapsed_working_days(as_of)

    def remaining(self, as_of: datetime) -> int:
        """Working days of the target not yet used at the end of ``as_of``'s day: 0 on the due date,
        negative once working days past it have been used."""
        return self.target_working_days - self.elapsed_working_days(as_of)

    def state(self, as_of: datetime) -> ClockState:
        """Paused while waiting for the applicant (even when late: ``remaining`` then tells by how
        much); otherwise overdue after the due date, due soon within the last
        :data:`DUE_SOON_WORKING_DAYS` working days, running before."""
        if self.is_paused(as_of):
            return ClockState.PAUSED
        due = self.due_date(as_of)
        assert due is not None
        if seoul_date(as_of) > due:
            return ClockState.OVERDUE
        if self.remaining(as_of) <= DUE_SOON_WORKING_DAYS:
            return ClockState.DUE_SOON
        return ClockState.RUNNING
