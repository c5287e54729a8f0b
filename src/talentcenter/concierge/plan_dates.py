"""When each settlement step falls due, from the dates a person gives (pure: no database).

The rules, each stated on the step itself in the catalogue:

- alien registration: within 90 days of entry (Immigration Act art. 31);
- a bank account, a phone and housing: the first month after entry (what the center advises);
- the income-tax reduction for foreign engineers and researchers (Restriction of Special Taxation
  Act art. 18-2): the application goes to the employer by the 10th of the month after the month
  work starts, taken here as the month of entry;
- health insurance: foreign residents are enrolled after 6 months of stay, so the step is due then;
- driving licence: a foreign or international licence is good for one year after entry;
- permanent residence (F-5): possible from 3 years after the start of the F-2-T visa.
"""

from __future__ import annotations

from datetime import date, timedelta

from talentcenter.concierge.enums import ServiceCategory


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _tenth_of_next_month(day: date) -> date:
    return date(day.year + 1, 1, 10) if day.month == 12 else date(day.year, day.month + 1, 10)


def step_dates(*, category: str, entry_date: date | None, visa_start: date | None) -> tuple[date | None, date | None]:
    """``(due_date, available_from)`` of a step of ``category``; ``None`` where the person has not
    given the date it depends on, or where the step has no date."""
    if category == ServiceCategory.PERMANENT_RESIDENCE:
        return None, _add_years(visa_start, 3) if visa_start else None
    if entry_date is None:
        return None, None
    if category == ServiceCategory.IMMIGRATION:
        return entry_date + timedelta(days=90), None
    if category in {ServiceCategory.BANKING, ServiceCategory.HOUSING}:
        return entry_date + timedelta(days=30), None
    if category == ServiceCategory.TAX:
        return _tenth_of_next_month(entry_date), None
    if category == ServiceCategory.HEALTH_INSURANCE:
        return entry_date + timedelta(days=183), None
    if category == ServiceCategory.DRIVING_LICENCE:
        return _add_years(entry_date, 1) - timedelta(days=1), None
    return None, None


REMINDER_DAYS_BEFORE = 14
"""A step due on a date is reminded this many days before (once), and a step possible from a date
on that date."""
