"""A seeded synthetic fair for the bench and the tests (no database).

The default is the issue's scale: 300 companies x 3,000 talents x 16 slots, with one or two
breaks, 1-3 interviewers per booth, some absences on both sides, and 5-20 candidate companies
per talent drawn with a popularity skew (a few booths are wanted by many), scores from talent
strength and fit, and the shortlist and wish flags likelier for better matches.
"""

from __future__ import annotations

import random

from talentcenter.events.grid.model import Candidate, Company, GridProblem, Slot, Talent, Weights


def synthetic_fair(
    *,
    companies: int = 300,
    talents: int = 3_000,
    slots: int = 16,
    seed: int = 2026,
    candidates_per_talent: tuple[int, int] = (5, 20),
    pins: int = 0,
    weights: Weights | None = None,
) -> GridProblem:
    """A fair's grid problem, the same for the same arguments."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    breaks = {slots // 2} if slots < 12 or rng.random() < 0.5 else {slots // 3, (2 * slots) // 3}
    slot_list = [Slot(index, f"slot {index + 1}", index in breaks and slots > 2) for index in range(slots)]

    def absences(probability: float, most: int) -> frozenset[int]:
        if rng.random() >= probability:
            return frozenset()
        return frozenset(rng.sample(range(slots), rng.randint(1, min(most, slots))))

    company_list = [
        Company(id=1 + index, interviewers=rng.choice((1, 1, 2, 2, 2, 3)), unavailable_slots=absences(0.15, 3))
        for index in range(companies)
    ]
    talent_list = [
        Talent(id=10_001 + index, max_interviews=rng.choice((2, 3, 4, 4, 5, 6)), unavailable_slots=absences(0.25, 5))
        for index in range(talents)
    ]
    popularity = [rng.paretovariate(1.5) for _ in range(companies)]
    appeal = [min(rng.betavariate(5, 2) * 1.2, 1.0) for _ in range(companies)]
    candidate_list: list[Candidate] = []
    low, high = candidates_per_talent
    for talent in talent_list:
        strength = rng.betavariate(2.5, 2.0)
        count = min(rng.randint(low, high), companies)
        chosen: set[int] = set()
        while len(chosen) < count:
            chosen.update(rng.choices(range(companies), weights=popularity, k=count - len(chosen)))
        for company in sorted(chosen):
            fit = rng.betavariate(2.0, 2.0)
            score = round(min(1.0, max(0.0, 0.45 * strength + 0.45 * fit + 0.1 * rng.random())), 3)
            candidate_list.append(
                Candidate(
                    talent_id=talent.id,
                    company_id=company_list[company].id,
                    score=score,
                    shortlisted=rng.random() < score**2,
                    wants_to_meet=rng.random() < 0.3 + 0.5 * appeal[company] * score,
                )
            )
    problem = GridProblem.build(
        slots=slot_list, companies=company_list, talents=talent_list, candidates=candidate_list, weights=weights
    )
    if pins:
        problem = _with_pins(problem, pins, rng)
    return problem


def _with_pins(problem: GridProblem, count: int, rng: random.Random) -> GridProblem:
    """Pin ``count`` valid meetings (a staff member's hand placements) drawn from the candidates."""
    from talentcenter.events.grid.greedy import Timetable
    from talentcenter.events.grid.indexed import Indexed

    indexed = Indexed(problem)
    timetable = Timetable(indexed)
    keys = list(indexed.pairs)
    rng.shuffle(keys)
    for talent, company in keys:
        if len(timetable.meetings) >= count:
            break
        if timetable.count[talent] >= indexed.cap[talent]:
            continue
        common = timetable.talent_free[talent] & timetable.company_open[company]
        slots = [slot for slot in range(indexed.slot_count) if common >> slot & 1]
        if slots:
            timetable.place(talent, company, rng.choice(slots))
    return GridProblem.build(
        slots=problem.slots,
        companies=problem.companies,
        talents=problem.talents,
        candidates=problem.candidates,
        pins=timetable.meetings,
        weights=problem.weights,
    )
