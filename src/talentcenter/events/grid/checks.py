"""Pins validated, timetables checked against every hard constraint, and the objective computed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from talentcenter.events.grid.indexed import SCALE, Indexed
from talentcenter.events.grid.model import GridProblem, Meeting


class PinConflictCode(StrEnum):
    UNKNOWN_TALENT = "unknown_talent"
    UNKNOWN_COMPANY = "unknown_company"
    UNKNOWN_SLOT = "unknown_slot"
    BREAK_SLOT = "break_slot"
    TALENT_UNAVAILABLE = "talent_unavailable"
    COMPANY_UNAVAILABLE = "company_unavailable"
    TALENT_DOUBLE_BOOKED = "talent_double_booked"
    COMPANY_OVER_CAPACITY = "company_over_capacity"
    TALENT_OVER_CAP = "talent_over_cap"
    PAIR_REPEATED = "pair_repeated"


_MESSAGES = {
    PinConflictCode.UNKNOWN_TALENT: "the talent is not in the problem",
    PinConflictCode.UNKNOWN_COMPANY: "the company is not in the problem",
    PinConflictCode.UNKNOWN_SLOT: "the slot does not exist",
    PinConflictCode.BREAK_SLOT: "the slot is a break",
    PinConflictCode.TALENT_UNAVAILABLE: "the talent is unavailable in this slot",
    PinConflictCode.COMPANY_UNAVAILABLE: "the company is unavailable in this slot",
    PinConflictCode.TALENT_DOUBLE_BOOKED: "the talent has another pinned meeting in this slot",
    PinConflictCode.COMPANY_OVER_CAPACITY: "the company has more pinned meetings in this slot than interviewers",
    PinConflictCode.TALENT_OVER_CAP: "the talent has more pinned meetings than their cap",
    PinConflictCode.PAIR_REPEATED: "the talent and the company are pinned to meet twice",
}


@dataclass(frozen=True, slots=True)
class PinConflict:
    """Why one pin cannot be kept; ``code`` is stable for the interfaces to translate."""

    code: PinConflictCode
    pin: Meeting

    @property
    def message(self) -> str:
        pin = self.pin
        return f"pin talent {pin.talent_id} / company {pin.company_id} / slot {pin.slot}: {_MESSAGES[self.code]}"


class PinConflictError(ValueError):
    """Pins that break a hard constraint: the optimiser keeps every pin or refuses to run."""

    def __init__(self, conflicts: list[PinConflict]) -> None:
        self.conflicts = conflicts
        super().__init__("; ".join(conflict.message for conflict in conflicts))


def pin_conflicts(problem: GridProblem, indexed: Indexed | None = None) -> list[PinConflict]:
    """Every hard constraint a set of pins breaks on its own, one entry per offending pin."""
    indexed = indexed or Indexed(problem)
    conflicts: list[PinConflict] = []
    talent_slot: Counter[tuple[int, int]] = Counter()
    company_slot: Counter[tuple[int, int]] = Counter()
    talent_total: Counter[int] = Counter()
    pair_seen: Counter[tuple[int, int]] = Counter()
    for pin in problem.pins:
        talent = indexed.talent_index.get(pin.talent_id)
        company = indexed.company_index.get(pin.company_id)
        codes = []
        if talent is None:
            codes.append(PinConflictCode.UNKNOWN_TALENT)
        if company is None:
            codes.append(PinConflictCode.UNKNOWN_COMPANY)
        if not 0 <= pin.slot < indexed.slot_count:
            codes.append(PinConflictCode.UNKNOWN_SLOT)
        elif not indexed.usable[pin.slot]:
            codes.append(PinConflictCode.BREAK_SLOT)
        else:
            if talent is not None and not indexed.talent_available[talent][pin.slot]:
                codes.append(PinConflictCode.TALENT_UNAVAILABLE)
            if company is not None and not indexed.company_available[company][pin.slot]:
                codes.append(PinConflictCode.COMPANY_UNAVAILABLE)
        if talent is not None and company is not None and 0 <= pin.slot < indexed.slot_count:
            talent_slot[(talent, pin.slot)] += 1
            company_slot[(company, pin.slot)] += 1
            talent_total[talent] += 1
            pair_seen[(talent, company)] += 1
            if talent_slot[(talent, pin.slot)] > 1:
                codes.append(PinConflictCode.TALENT_DOUBLE_BOOKED)
            if (
                company_slot[(company, pin.slot)] > indexed.interviewers[company]
                and indexed.company_available[company][pin.slot]
            ):
                codes.append(PinConflictCode.COMPANY_OVER_CAPACITY)
            if talent_total[talent] > indexed.cap[talent]:
                codes.append(PinConflictCode.TALENT_OVER_CAP)
            if pair_seen[(talent, company)] > 1:
                codes.append(PinConflictCode.PAIR_REPEATED)
        conflicts.extend(PinConflict(code, pin) for code in codes)
    return conflicts


def validate_pins(problem: GridProblem, indexed: Indexed | None = None) -> None:
    """Raise ``PinConflictError`` naming every pin that breaks a hard constraint."""
    conflicts = pin_conflicts(problem, indexed)
    if conflicts:
        raise PinConflictError(conflicts)


def violations(problem: GridProblem, meetings: Iterable[Meeting], indexed: Indexed | None = None) -> list[str]:
    """Every hard constraint the timetable breaks (empty when it is valid), pins included."""
    indexed = indexed or Indexed(problem)
    found: list[str] = []
    talent_slot: Counter[tuple[int, int]] = Counter()
    company_slot: Counter[tuple[int, int]] = Counter()
    talent_total: Counter[int] = Counter()
    pair_count: Counter[tuple[int, int]] = Counter()
    meetings = list(meetings)
    pinned = set(problem.pins)
    for meeting in meetings:
        talent = indexed.talent_index.get(meeting.talent_id)
        company = indexed.company_index.get(meeting.company_id)
        if talent is None or company is None or not 0 <= meeting.slot < indexed.slot_count:
            found.append(f"{meeting}: unknown talent, company or slot")
            continue
        if (talent, company) not in indexed.pairs and meeting not in pinned:
            found.append(f"{meeting}: neither a candidate pair nor pinned")
        if not indexed.usable[meeting.slot]:
            found.append(f"{meeting}: in a break")
        if not indexed.talent_available[talent][meeting.slot]:
            found.append(f"{meeting}: the talent is unavailable")
        if not indexed.company_available[company][meeting.slot]:
            found.append(f"{meeting}: the company is unavailable")
        talent_slot[(talent, meeting.slot)] += 1
        company_slot[(company, meeting.slot)] += 1
        talent_total[talent] += 1
        pair_count[(talent, company)] += 1
    found.extend(
        f"talent {indexed.talent_ids[t]} has {n} meetings in slot {s}" for (t, s), n in talent_slot.items() if n > 1
    )
    found.extend(
        f"company {indexed.company_ids[c]} has {n} meetings in slot {s} for {indexed.interviewers[c]} interviewers"
        for (c, s), n in company_slot.items()
        if n > indexed.interviewers[c]
    )
    found.extend(
        f"talent {indexed.talent_ids[t]} has {n} meetings over a cap of {indexed.cap[t]}"
        for t, n in talent_total.items()
        if n > indexed.cap[t]
    )
    found.extend(
        f"talent {indexed.talent_ids[t]} meets company {indexed.company_ids[c]} {n} times"
        for (t, c), n in pair_count.items()
        if n > 1
    )
    present = set(meetings)
    found.extend(f"pin {pin} is not kept" for pin in problem.pins if pin not in present)
    return found


@dataclass(frozen=True, slots=True)
class Score:
    objective: float
    match_score: float
    talents_interviewed: int
    good_match_talents_interviewed: int


def score(indexed: Indexed, meetings: Iterable[Meeting]) -> Score:
    """The objective of a timetable: pair weights plus the first-interview bonus (docs/events.md)."""
    match_total = 0
    interviewed: set[int] = set()
    for meeting in meetings:
        talent = indexed.talent_index[meeting.talent_id]
        company = indexed.company_index[meeting.company_id]
        match_total += indexed.weight(talent, company)
        interviewed.add(talent)
    good = sum(1 for talent in interviewed if indexed.eligible[talent])
    return Score(
        objective=(match_total + sum(indexed.bonus[talent] for talent in interviewed)) / SCALE,
        match_score=match_total / SCALE,
        talents_interviewed=len(interviewed),
        good_match_talents_interviewed=good,
    )
