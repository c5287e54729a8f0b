"""The interview grid's problem and result: plain frozen data, no Django.

Slots are numbered 0..n-1 in time order (``Slot.index`` equals its position in ``GridProblem.slots``).
Talents and companies are named by integer ids (the events app passes its registration ids).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Slot:
    """One interview slot of the fair; nobody meets anyone in a break."""

    index: int
    label: str = ""
    is_break: bool = False


@dataclass(frozen=True, slots=True)
class Company:
    """A booth: how many interviewers sit at it in each slot, and the slots it is away."""

    id: int
    interviewers: int = 1
    unavailable_slots: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Talent:
    """A registered talent: the slots they cannot come, and the most interviews they take."""

    id: int
    max_interviews: int = 4
    unavailable_slots: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pair that may meet: the mutual match score in [0, 1] and what each side asked for."""

    talent_id: int
    company_id: int
    score: float
    shortlisted: bool = False  # the company shortlisted the talent
    wants_to_meet: bool = False  # the talent marked the company


@dataclass(frozen=True, slots=True, order=True)
class Meeting:
    """One interview: a talent, a company and a slot index."""

    talent_id: int
    company_id: int
    slot: int


@dataclass(frozen=True, slots=True)
class Weights:
    """The objective's parameters (docs/events.md, "Interview grid", gives the formula).

    A pair's weight is its score times ``mutual`` when both sides chose each other, times
    ``one_sided`` when one did, times 1 otherwise. Each talent who is somebody's good match (a
    candidate score of at least ``good_match``) adds ``first_interview`` once they have at least
    one interview, every other talent ``first_interview_other``. With the defaults a good match's
    first interview is worth five of the best possible pair, anyone else's half of one.
    """

    mutual: float = 2.0
    one_sided: float = 1.5
    first_interview: float = 10.0
    first_interview_other: float = 1.0
    good_match: float = 0.6

    def pair_weight(self, candidate: Candidate) -> float:
        chosen = int(candidate.shortlisted) + int(candidate.wants_to_meet)
        factor = self.mutual if chosen == 2 else self.one_sided if chosen == 1 else 1.0
        return candidate.score * factor


@dataclass(frozen=True, slots=True)
class GridProblem:
    """Everything the optimiser needs; ``pins`` are meetings staff fixed by hand and must be kept."""

    slots: tuple[Slot, ...]
    companies: tuple[Company, ...]
    talents: tuple[Talent, ...]
    candidates: tuple[Candidate, ...]
    pins: tuple[Meeting, ...] = ()
    weights: Weights = field(default_factory=Weights)

    @classmethod
    def build(
        cls,
        *,
        slots: Sequence[Slot],
        companies: Sequence[Company],
        talents: Sequence[Talent],
        candidates: Sequence[Candidate],
        pins: Sequence[Meeting] = (),
        weights: Weights | None = None,
    ) -> GridProblem:
        return cls(
            slots=tuple(slots),
            companies=tuple(companies),
            talents=tuple(talents),
            candidates=tuple(candidates),
            pins=tuple(pins),
            weights=weights or Weights(),
        )


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"  # proved optimal: it reaches the flow bound, or the exact model proved it
    FEASIBLE = "feasible"  # every hard constraint holds; not proved optimal
    DRAFT = "draft"  # the greedy draft


@dataclass(frozen=True, slots=True)
class GridResult:
    """A timetable and how good it is.

    ``objective`` is the exact objective of ``meetings`` (pins included); ``match_score`` is its
    first part, the sum of pair weights. ``upper_bound``, when known, is a proved bound on the
    objective of any timetable (the optimum of the slot-free relaxation), so ``objective /
    upper_bound`` is a guaranteed quality.
    """

    meetings: tuple[Meeting, ...]
    objective: float
    match_score: float
    talents_interviewed: int
    good_match_talents_interviewed: int
    solver: str
    status: SolveStatus
    seconds: float
    upper_bound: float | None = None
    notes: tuple[str, ...] = ()
