"""The processing period of each petition category as of a date, from ``periods.yaml``.

Kept as dated data like the policy parameters: a change of the law adds a row with its date, and a
petition keeps the period (and legal basis) in force the day it was received. Deadlines count
Korean working days with the cases' clock (first day included, Saturdays and holidays skipped).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from talentcenter.cases.clock import ProcessingClock, add_working_days
from talentcenter.foundation.i18n import current_language

PERIODS_FILE = Path(__file__).with_name("periods.yaml")


@dataclass(frozen=True)
class Period:
    category: str
    effective_from: date
    working_days: int
    basis_en: str
    basis_ko: str
    own_target: bool = False

    @property
    def basis(self) -> str:
        return self.basis_ko if current_language() == "ko" else self.basis_en


@functools.cache
def _periods() -> dict[str, tuple[Period, ...]]:
    data = yaml.safe_load(PERIODS_FILE.read_text(encoding="utf-8"))
    periods: dict[str, tuple[Period, ...]] = {}
    for category, rows in data["categories"].items():
        periods[category] = tuple(
            sorted(
                (
                    Period(
                        category=category,
                        effective_from=row["from"],
                        working_days=int(row["working_days"]),
                        basis_en=row["basis_en"],
                        basis_ko=row["basis_ko"],
                        own_target=bool(row.get("own_target", False)),
                    )
                    for row in rows
                ),
                key=lambda period: period.effective_from,
            )
        )
    return periods


def period_for(category: str, on: date) -> Period:
    """The period in force for ``category`` on ``on`` (the last row that took effect by then)."""
    rows = [period for period in _periods()[category] if period.effective_from <= on]
    if not rows:
        raise LookupError(f"no processing period for {category} on {on}")
    return rows[-1]


def all_current(on: date) -> list[Period]:
    return [period_for(category, on) for category in _periods()]


def due_date(*, received_at: datetime, working_days: int) -> date:
    """The last working day of the period, the day of receipt counted as the first."""
    return ProcessingClock(target_working_days=working_days, started_at=received_at).unpaused_due_date()


def extended_due_date(*, due: date, working_days: int) -> date:
    """An extension adds at most the original period's working days after the current due date."""
    return add_working_days(due, working_days)
