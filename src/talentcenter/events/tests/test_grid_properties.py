"""Hypothesis-generated small grids: every timetable is valid, keeps the pins, and the solver is
never worse than the greedy draft and is optimal against brute force on tiny grids."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentcenter.events.grid import (
    Candidate,
    Company,
    GridProblem,
    Meeting,
    Slot,
    SolveStatus,
    Talent,
    solve,
    solve_greedy,
    violations,
)
from talentcenter.events.grid.checks import pin_conflicts, score
from talentcenter.events.grid.greedy import Timetable
from talentcenter.events.grid.indexed import Indexed

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TINY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def grids(draw: st.DrawFn, *, most_slots: int = 5, most_companies: int = 4, most_talents: int = 7) -> GridProblem:
    slot_count = draw(st.integers(1, most_slots))
    breaks = draw(st.sets(st.integers(0, slot_count - 1), max_size=1)) if slot_count > 2 else set()
    slots = [Slot(index, is_break=index in breaks) for index in range(slot_count)]
    some_slots = st.frozensets(st.integers(0, slot_count - 1), max_size=2)
    companies = [
        Company(id=1 + index, interviewers=draw(st.integers(1, 2)), unavailable_slots=draw(some_slots))
        for index in range(draw(st.integers(1, most_companies)))
    ]
    talents = [
        Talent(id=100 + index, max_interviews=draw(st.integers(1, 3)), unavailable_slots=draw(some_slots))
        for index in range(draw(st.integers(1, most_talents)))
    ]
    pairs = draw(
        st.sets(st.tuples(st.sampled_from(talents), st.sampled_from(companies)), min_size=1, max_size=3 * len(talents))
    )
    candidates = [
        Candidate(
            talent_id=talent.id,
            company_id=company.id,
            score=draw(st.integers(0, 20)) / 20,
            shortlisted=draw(st.booleans()),
            wants_to_meet=draw(st.booleans()),
        )
        for talent, company in sorted(pairs, key=lambda pair: (pair[0].id, pair[1].id))
    ]
    problem = GridProblem.build(slots=slots, companies=companies, talents=talents, candidates=candidates)
    # Pins as staff would place them: valid meetings of some candidate pairs, in any order.
    indexed = Indexed(problem)
    timetable = Timetable(indexed)
    for talent, company in draw(st.lists(st.sampled_from(sorted(indexed.pairs)), max_size=3, unique=True)):
        common = timetable.talent_free[talent] & timetable.company_open[company]
        if timetable.count[talent] < indexed.cap[talent] and common:
            options = [slot for slot in range(slot_count) if common >> slot & 1]
            timetable.place(talent, company, draw(st.sampled_from(options)))
    return GridProblem.build(
        slots=slots, companies=companies, talents=talents, candidates=candidates, pins=timetable.meetings
    )


@PROPERTY
@given(grids())
def test_every_timetable_is_valid_keeps_the_pins_and_the_solver_beats_the_draft(problem: GridProblem) -> None:
    assert pin_conflicts(problem) == []

    draft = solve_greedy(problem)
    decomposed = solve(problem, method="decomposed", time_limit=5)
    exact = solve(problem, method="exact", time_limit=5)

    for result in (draft, decomposed, exact):
        assert violations(problem, result.meetings) == []
        assert set(problem.pins) <= set(result.meetings)
    assert decomposed.objective >= draft.objective
    assert decomposed.upper_bound is not None
    assert decomposed.objective <= decomposed.upper_bound + 1e-9
    assert exact.status == SolveStatus.OPTIMAL
    assert decomposed.objective <= exact.objective <= decomposed.upper_bound + 1e-9
    assert draft.status == SolveStatus.DRAFT


def _brute_force_optimum(problem: GridProblem) -> float:
    """Every way to give each candidate pair no slot or one slot; the best valid objective."""
    indexed = Indexed(problem)
    pinned = {(pin.talent_id, pin.company_id) for pin in problem.pins}
    free_pairs = [
        (talent, company)
        for talent, company in indexed.pairs
        if (indexed.talent_ids[talent], indexed.company_ids[company]) not in pinned
    ]
    best = -1.0
    choices = [None, *range(indexed.slot_count)]
    for assignment in itertools.product(choices, repeat=len(free_pairs)):
        meetings = list(problem.pins) + [
            Meeting(indexed.talent_ids[talent], indexed.company_ids[company], slot)
            for (talent, company), slot in zip(free_pairs, assignment, strict=True)
            if slot is not None
        ]
        if not violations(problem, meetings, indexed):
            best = max(best, score(indexed, meetings).objective)
    return best


@TINY
@given(grids(most_slots=3, most_companies=2, most_talents=3).filter(lambda problem: len(problem.candidates) <= 5))
def test_the_solver_and_the_exact_model_match_brute_force_on_tiny_grids(problem: GridProblem) -> None:
    optimum = _brute_force_optimum(problem)

    result = solve(problem, time_limit=5)
    exact = solve(problem, method="exact", time_limit=5)

    assert (result.status, exact.status) == (SolveStatus.OPTIMAL, SolveStatus.OPTIMAL)
    assert result.objective == exact.objective == optimum
