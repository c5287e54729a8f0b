"""The optimiser: a decomposition proved optimal against its own bound, with an exact CP-SAT model
to fall back on for small grids.

A direct talent x company x slot model is too big for a fair and, even on a small event, CP-SAT
struggles to prove it optimal (the slots are nearly interchangeable). So every grid is first
decomposed (docs/events.md, "Interview grid"):

1. *Which pairs meet*: a min-cost flow (source -> talent -> company -> sink) that keeps each
   talent's cap and each company's total capacity (interviewers x the slots it is there) but not
   the slots themselves. Its optimum, with the first-interview bonus as a cheaper first unit of
   each talent's supply, is exact in polynomial time and an upper bound on any timetable.
2. *When they meet*: the greedy places the chosen pairs slot by slot; the few it cannot place
   (a talent and a company whose free slots do not meet) and their whole neighbourhood (every
   chosen pair of those talents and companies) are re-timed by CP-SAT, the greedy timetable as
   its hint and everything else fixed.
3. *Fill*: the greedy passes add whatever still fits (a pair step 2 could not place frees room).

When the result reaches the flow's bound it is optimal. When it does not and the grid is small
(at most ``EXACT_VARIABLE_LIMIT`` pair x slot variables), one CP-SAT model over every candidate
pair and slot continues from it for at most ``EXACT_FOLLOW_UP_SECONDS``.

The pins are placed first and never moved; everything else is re-solved around them. The result
is never worse than the greedy draft: if the solver ran out of time before matching it, the draft
is returned.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

import numpy as np
from ortools.graph.python import min_cost_flow

from talentcenter.events.grid.checks import score, validate_pins
from talentcenter.events.grid.greedy import Timetable, greedy
from talentcenter.events.grid.indexed import SCALE, Indexed
from talentcenter.events.grid.model import GridProblem, GridResult, Meeting, SolveStatus

EXACT_VARIABLE_LIMIT = 6_000
EXACT_FOLLOW_UP_SECONDS = 5.0
# CP-SAT's subsolvers, first ones first, measured on the bench and on small grids with 2 workers:
# core-based search halves the CPU time of the repair neighbourhoods (whose optimum is usually
# "all placed"); the exact model proves optimality in a fraction of a second with the maximal
# linear relaxation where the default portfolio cannot within 10 s.
REPAIR_SUBSOLVERS = ("core", "default_lp")
EXACT_SUBSOLVERS = ("max_lp", "core")
DEFAULT_TIME_LIMIT = 20.0
WORKERS = 2


def solve_greedy(problem: GridProblem) -> GridResult:
    """The instant draft (pins kept), e.g. while staff move meetings by hand."""
    started = time.perf_counter()
    indexed = Indexed(problem)
    validate_pins(problem, indexed)
    meetings = greedy(indexed, problem.pins)
    return _result(indexed, meetings, "greedy", SolveStatus.DRAFT, started)


def solve(
    problem: GridProblem,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = WORKERS,
    method: str = "auto",
    seed: int = 0,
) -> GridResult:
    """The best timetable found within ``time_limit`` seconds, keeping every pin.

    ``method`` is ``"auto"`` (the decomposition, then the exact model when it stopped short of
    its bound on a small grid), ``"exact"`` or ``"decomposed"``.
    Raises ``PinConflictError`` when a pin breaks a hard constraint.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    indexed = Indexed(problem)
    validate_pins(problem, indexed)
    draft = greedy(indexed, problem.pins)
    base = Timetable(indexed)
    for pin in problem.pins:
        base.add(pin)
    open_pairs = [
        key for key in indexed.pairs if key not in base.met and base.talent_free[key[0]] & base.company_open[key[1]]
    ]
    if method not in {"auto", "exact", "decomposed"}:
        raise ValueError(f"unknown method {method!r}")
    notes: list[str] = []
    bound: float | None = None
    if method == "exact":
        added, optimal = _timetable(indexed, base, open_pairs, draft, deadline, workers, seed, EXACT_SUBSOLVERS)
        meetings = [*problem.pins, *added]
        solver, status = "cp-sat", SolveStatus.OPTIMAL if optimal else SolveStatus.FEASIBLE
        if optimal:
            bound = score(indexed, meetings).objective
    else:
        chosen, bound_scaled = _choose_pairs(indexed, base, open_pairs)
        bound = bound_scaled / SCALE
        placed = greedy(indexed, problem.pins, chosen)
        notes.append(f"flow chose {len(chosen)} pairs, the greedy placed {len(placed) - len(problem.pins)}")
        fill_reserve = min(1.0, 0.05 * time_limit)
        meetings = _repair(indexed, problem.pins, placed, chosen, deadline - fill_reserve, workers, seed, notes)
        meetings = greedy(indexed, meetings)
        solver, status = "flow+cp-sat", SolveStatus.FEASIBLE
        objective = score(indexed, meetings).objective
        variables = sum((base.talent_free[t] & base.company_open[c]).bit_count() for t, c in open_pairs)
        if objective >= bound:
            status = SolveStatus.OPTIMAL
        elif method == "auto" and variables <= EXACT_VARIABLE_LIMIT and time.perf_counter() < deadline:
            # Below the bound on a small grid: the exact model, from this timetable, may close the gap.
            follow_up = min(deadline, time.perf_counter() + EXACT_FOLLOW_UP_SECONDS)
            added, optimal = _timetable(indexed, base, open_pairs, meetings, follow_up, workers, seed, EXACT_SUBSOLVERS)
            exact = [*problem.pins, *added]
            exact_objective = score(indexed, exact).objective
            notes.append(f"exact model over {variables} variables: {'optimal' if optimal else 'time limit'}")
            if exact_objective >= objective:
                meetings, solver = exact, "flow+cp-sat, exact cp-sat"
                if optimal:
                    status, bound = SolveStatus.OPTIMAL, exact_objective
    if score(indexed, meetings).objective < score(indexed, draft).objective:
        notes.append("the solver fell short of the greedy draft in time: the draft is returned")
        meetings, solver, status = draft, "greedy", SolveStatus.FEASIBLE
    return _result(indexed, meetings, solver, status, started, bound, notes)


def _result(
    indexed: Indexed,
    meetings: Sequence[Meeting],
    solver: str,
    status: SolveStatus,
    started: float,
    upper_bound: float | None = None,
    notes: Iterable[str] = (),
) -> GridResult:
    measured = score(indexed, meetings)
    return GridResult(
        meetings=tuple(sorted(meetings)),
        objective=measured.objective,
        match_score=measured.match_score,
        talents_interviewed=measured.talents_interviewed,
        good_match_talents_interviewed=measured.good_match_talents_interviewed,
        solver=solver,
        status=status,
        seconds=time.perf_counter() - started,
        upper_bound=upper_bound,
        notes=tuple(notes),
    )


def _choose_pairs(
    indexed: Indexed, base: Timetable, open_pairs: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], int]:
    """Stage 1: the max-weight choice of pairs under caps and total capacities (min-cost flow).

    Returns the chosen pairs and the upper bound, in thousandths, on the objective of any
    timetable that keeps the pins.
    """
    talent_count, company_count = len(indexed.talent_ids), len(indexed.company_ids)
    source, sink = 0, 1 + talent_count + company_count
    tails: list[int] = []
    heads: list[int] = []
    capacities: list[int] = []
    costs: list[int] = []

    def arc(tail: int, head: int, capacity: int, cost: int) -> None:
        if capacity > 0:
            tails.append(tail)
            heads.append(head)
            capacities.append(capacity)
            costs.append(cost)

    pair_arcs_start = len(tails)
    for talent, company in open_pairs:
        arc(1 + talent, 1 + talent_count + company, 1, -indexed.weight(talent, company))
    pair_arc_count = len(tails) - pair_arcs_start
    supply = 0
    for talent in range(talent_count):
        capacity = min(indexed.cap[talent] - base.count[talent], base.talent_free[talent].bit_count())
        if capacity <= 0:
            continue
        if indexed.bonus[talent] and base.count[talent] == 0:
            arc(source, 1 + talent, 1, -indexed.bonus[talent])
            arc(source, 1 + talent, capacity - 1, 0)
        else:
            arc(source, 1 + talent, capacity, 0)
        supply += capacity
    for company in range(company_count):
        arc(1 + talent_count + company, sink, sum(base.room[company]), 0)
    arc(source, sink, supply, 0)  # flow that meets nobody
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.array(capacities, dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    flow.set_nodes_supplies(np.array([source, sink], dtype=np.int32), np.array([supply, -supply], dtype=np.int64))
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("the pair-choice flow has no optimum")  # it always has one: every flow may bypass
    used = flow.flows(arcs[pair_arcs_start : pair_arcs_start + pair_arc_count])
    chosen = [pair for pair, units in zip(open_pairs, used.tolist(), strict=True) if units > 0]
    pinned = score(indexed, base.meetings).objective
    return chosen, round(pinned * SCALE) - flow.optimal_cost()


REPAIR_BATCH = 8
REPAIR_BATCH_SECONDS = 2.0


def _repair(
    indexed: Indexed,
    pins: Sequence[Meeting],
    placed: list[Meeting],
    chosen: Sequence[tuple[int, int]],
    deadline: float,
    workers: int,
    seed: int,
    notes: list[str],
) -> list[Meeting]:
    """Stage 2: re-time with CP-SAT the neighbourhoods of the chosen pairs the greedy could not place.

    The unplaced pairs are taken ``REPAIR_BATCH`` at a time, grouped by company; a batch's
    neighbourhood is every chosen pair of its talents and companies. Those are re-timed (the
    current timetable as the hint), every other meeting stays where it is, and the result is kept
    when it is no worse.
    """
    state = Timetable(indexed)
    for meeting in placed:
        state.add(meeting)
    unplaced = sorted((pair for pair in chosen if pair not in state.met), key=lambda pair: (pair[1], pair[0]))
    pinned = set(pins)
    batches = optimal = 0
    for first in range(0, len(unplaced), REPAIR_BATCH):
        if time.perf_counter() >= deadline - 0.2:
            break
        batch = unplaced[first : first + REPAIR_BATCH]
        talents = {talent for talent, _ in batch}
        companies = {company for _, company in batch}
        hint = {
            meeting
            for meeting in state.meetings
            if meeting not in pinned
            and (
                indexed.talent_index[meeting.talent_id] in talents
                or indexed.company_index[meeting.company_id] in companies
            )
        }
        base = state.without(hint)
        free = [pair for pair in chosen if pair[0] in talents or pair[1] in companies]
        batch_deadline = min(deadline, time.perf_counter() + REPAIR_BATCH_SECONDS)
        repaired, proved = _timetable(indexed, base, free, hint, batch_deadline, workers, seed, REPAIR_SUBSOLVERS)
        batches += 1
        optimal += proved
        if _added_objective(indexed, base, repaired) >= _added_objective(indexed, base, hint):
            for meeting in repaired:
                base.add(meeting)
            state = base
    if unplaced:
        notes.append(
            f"repair: {len(unplaced)} unplaced pairs in {batches} neighbourhoods, {optimal} solved to optimality"
        )
    return state.meetings


def _added_objective(indexed: Indexed, base: Timetable, meetings: Iterable[Meeting]) -> int:
    """What ``meetings`` add to the objective of ``base`` (in thousandths)."""
    total = 0
    first: set[int] = set()
    for meeting in meetings:
        talent, company = indexed.talent_index[meeting.talent_id], indexed.company_index[meeting.company_id]
        total += indexed.weight(talent, company)
        if base.count[talent] == 0:
            first.add(talent)
    return total + sum(indexed.bonus[talent] for talent in first)


def _timetable(
    indexed: Indexed,
    base: Timetable,
    pairs: Sequence[tuple[int, int]],
    hint: Iterable[Meeting],
    deadline: float,
    workers: int,
    seed: int,
    subsolvers: Sequence[str],
) -> tuple[list[Meeting], bool]:
    """CP-SAT: place as much weight as possible of ``pairs`` in slots around the meetings of ``base``.

    Returns the meetings it adds (none when no solution was found in time) and whether CP-SAT
    proved them optimal for these pairs.
    """
    from ortools.sat.python import cp_model  # imports pandas: only when a grid is solved

    model = cp_model.CpModel()
    slot_count = indexed.slot_count
    hinted = {(indexed.talent_index[m.talent_id], indexed.company_index[m.company_id]): m.slot for m in hint}
    by_talent_slot: dict[int, list[cp_model.IntVar]] = {}
    by_company_slot: dict[int, list[cp_model.IntVar]] = {}
    by_talent: dict[int, list[cp_model.IntVar]] = {}
    placed: list[tuple[cp_model.IntVar, int, int, int]] = []
    terms: list[cp_model.IntVar] = []
    coefficients: list[int] = []
    for talent, company in pairs:
        common = base.talent_free[talent] & base.company_open[company]
        weight = indexed.weight(talent, company)
        hinted_slot = hinted.get((talent, company))
        options = []
        while common:
            slot = (common & -common).bit_length() - 1
            common &= common - 1
            variable = model.new_bool_var("")
            model.add_hint(variable, slot == hinted_slot)
            options.append(variable)
            by_talent_slot.setdefault(talent * slot_count + slot, []).append(variable)
            by_company_slot.setdefault(company * slot_count + slot, []).append(variable)
            placed.append((variable, talent, company, slot))
            terms.append(variable)
            coefficients.append(weight)
        if len(options) > 1:
            model.add_at_most_one(options)
        by_talent.setdefault(talent, []).extend(options)
    for variables in by_talent_slot.values():
        if len(variables) > 1:
            model.add_at_most_one(variables)
    for key, variables in by_company_slot.items():
        room = base.room[key // slot_count][key % slot_count]
        if len(variables) > room:
            model.add(cp_model.LinearExpr.sum(variables) <= room)
    hinted_talents = {talent for talent, _ in hinted}
    for talent, variables in by_talent.items():
        residual = indexed.cap[talent] - base.count[talent]
        if len(variables) > residual:
            model.add(cp_model.LinearExpr.sum(variables) <= residual)
        if indexed.bonus[talent] and base.count[talent] == 0 and variables:
            interviewed = model.new_bool_var("")
            model.add_bool_or(variables).only_enforce_if(interviewed)
            model.add_hint(interviewed, talent in hinted_talents)
            terms.append(interviewed)
            coefficients.append(indexed.bonus[talent])
    model.maximize(cp_model.LinearExpr.weighted_sum(terms, coefficients))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(deadline - time.perf_counter(), 0.1)
    solver.parameters.num_workers = max(workers, 1)
    solver.parameters.random_seed = seed
    for name in subsolvers:
        solver.parameters.subsolvers.append(name)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [], False
    meetings = [
        Meeting(indexed.talent_ids[talent], indexed.company_ids[company], slot)
        for variable, talent, company, slot in placed
        if solver.boolean_value(variable)
    ]
    return meetings, status == cp_model.OPTIMAL
