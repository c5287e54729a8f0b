"""The interview grid optimiser: talent x company x slot, pure Python with OR-Tools, no Django.

``solve`` returns the best timetable within a time limit (a min-cost flow chooses the pairs,
CP-SAT repairs their timetable, with an upper bound that proves it optimal when reached),
``solve_greedy`` an instant draft; both keep the pins and
raise ``PinConflictError`` for a pin that breaks a hard constraint. ``violations`` checks any
timetable. docs/events.md ("Interview grid") gives the model and the objective.
"""

from talentcenter.events.grid.checks import PinConflict, PinConflictCode, PinConflictError, pin_conflicts, violations
from talentcenter.events.grid.model import (
    Candidate,
    Company,
    GridProblem,
    GridResult,
    Meeting,
    Slot,
    SolveStatus,
    Talent,
    Weights,
)
from talentcenter.events.grid.solver import DEFAULT_TIME_LIMIT, solve, solve_greedy
from talentcenter.events.grid.synthetic import synthetic_fair

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "Candidate",
    "Company",
    "GridProblem",
    "GridResult",
    "Meeting",
    "PinConflict",
    "PinConflictCode",
    "PinConflictError",
    "Slot",
    "SolveStatus",
    "Talent",
    "Weights",
    "pin_conflicts",
    "solve",
    "solve_greedy",
    "synthetic_fair",
    "violations",
]
