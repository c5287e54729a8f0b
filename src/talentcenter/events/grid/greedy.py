"""The greedy draft: instant, valid, and the solver's starting point.

Pass 1 (fairness) gives each talent without an interview their best pair that still fits, the
good-match talents first, then the others (when ``Weights.first_interview_other`` is not 0), each
group with the fewest candidates first; pass 2 adds the remaining pairs by weight,
best first. Each meeting goes in the earliest slot where both sides are free. Starting from a
partial timetable (the pins, or the solver's), it only adds meetings.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from talentcenter.events.grid.indexed import Indexed
from talentcenter.events.grid.model import Meeting


class Timetable:
    """Who is busy when, as bit masks over the slots, for constant-time placement."""

    def __init__(self, indexed: Indexed) -> None:
        self.indexed = indexed
        slots = range(indexed.slot_count)
        # A set bit is a slot the talent can still take / where the company still has a free interviewer.
        self.talent_free = [sum(1 << s for s in slots if available[s]) for available in indexed.talent_available]
        self.company_open = [sum(1 << s for s in slots if available[s]) for available in indexed.company_available]
        self.room = [
            [indexed.interviewers[c] if available[s] else 0 for s in slots]
            for c, available in enumerate(indexed.company_available)
        ]
        self.count = [0] * len(indexed.talent_ids)
        self.met: set[tuple[int, int]] = set()
        self.meetings: list[Meeting] = []

    def place(self, talent: int, company: int, slot: int) -> None:
        self.talent_free[talent] &= ~(1 << slot)
        self.room[company][slot] -= 1
        if self.room[company][slot] <= 0:
            self.company_open[company] &= ~(1 << slot)
        self.count[talent] += 1
        self.met.add((talent, company))
        indexed = self.indexed
        self.meetings.append(Meeting(indexed.talent_ids[talent], indexed.company_ids[company], slot))

    def without(self, meetings: set[Meeting]) -> Timetable:
        """A copy with ``meetings`` (some of this timetable's) taken out."""
        indexed = self.indexed
        copy = Timetable.__new__(Timetable)
        copy.indexed = indexed
        copy.talent_free = self.talent_free.copy()
        copy.company_open = self.company_open.copy()
        copy.room = [row.copy() for row in self.room]
        copy.count = self.count.copy()
        copy.met = self.met.copy()
        copy.meetings = [meeting for meeting in self.meetings if meeting not in meetings]
        for meeting in meetings:
            talent, company = indexed.talent_index[meeting.talent_id], indexed.company_index[meeting.company_id]
            copy.talent_free[talent] |= 1 << meeting.slot
            copy.room[company][meeting.slot] += 1
            copy.company_open[company] |= 1 << meeting.slot
            copy.count[talent] -= 1
            copy.met.discard((talent, company))
        return copy

    def add(self, meeting: Meeting) -> None:
        indexed = self.indexed
        self.place(indexed.talent_index[meeting.talent_id], indexed.company_index[meeting.company_id], meeting.slot)

    def try_place(self, talent: int, company: int) -> bool:
        """Place the pair in the earliest slot that suits both, if the talent is under their cap."""
        if self.count[talent] >= self.indexed.cap[talent] or (talent, company) in self.met:
            return False
        common = self.talent_free[talent] & self.company_open[company]
        if not common:
            return False
        self.place(talent, company, (common & -common).bit_length() - 1)
        return True


def greedy(
    indexed: Indexed, start: Iterable[Meeting] = (), pairs: Collection[tuple[int, int]] | None = None
) -> list[Meeting]:
    """Extend ``start`` (already valid, pins included) with the two greedy passes.

    ``pairs`` limits the pairs it may add (the solver's chosen pairs); all candidates by default.
    """
    timetable = Timetable(indexed)
    for meeting in start:
        timetable.add(meeting)
    allowed = indexed.pairs.keys() if pairs is None else pairs
    by_talent: dict[int, list[tuple[int, int]]] = {}
    for talent, company in allowed:
        by_talent.setdefault(talent, []).append((indexed.pairs[(talent, company)].weight, company))
    for options in by_talent.values():
        options.sort(key=lambda option: (-option[0], option[1]))
    waiting = [talent for talent in by_talent if indexed.bonus[talent] and timetable.count[talent] == 0]
    waiting.sort(key=lambda talent: (-indexed.bonus[talent], len(by_talent[talent]), -by_talent[talent][0][0], talent))
    for talent in waiting:
        for _, company in by_talent[talent]:
            if timetable.try_place(talent, company):
                break
    ranked = sorted((-weight, talent, company) for talent, options in by_talent.items() for weight, company in options)
    for _, talent, company in ranked:
        timetable.try_place(talent, company)
    return timetable.meetings
