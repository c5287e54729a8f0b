"""The interview grid optimiser: pins, the objective and its fairness term, the checker, the
synthetic fair, and re-optimising around pins (no database)."""

from __future__ import annotations

import pytest

from talentcenter.events.grid import (
    Candidate,
    Company,
    GridProblem,
    Meeting,
    PinConflictCode,
    PinConflictError,
    Slot,
    SolveStatus,
    Talent,
    Weights,
    solve,
    solve_greedy,
    synthetic_fair,
    violations,
)


def _problem(*, pins: tuple[Meeting, ...] = (), slots: int = 4) -> GridProblem:
    return GridProblem.build(
        slots=[Slot(index, is_break=index == 2) for index in range(slots)],
        companies=[Company(id=1, interviewers=1, unavailable_slots=frozenset({3})), Company(id=2, interviewers=2)],
        talents=[
            Talent(id=10, max_interviews=2, unavailable_slots=frozenset({1})),
            Talent(id=11, max_interviews=1),
            Talent(id=12, max_interviews=2),
        ],
        candidates=[
            Candidate(10, 1, 0.9, shortlisted=True, wants_to_meet=True),
            Candidate(10, 2, 0.5),
            Candidate(11, 1, 0.7, wants_to_meet=True),
            Candidate(11, 2, 0.4),
            Candidate(12, 2, 0.3),
        ],
        pins=pins,
    )


@pytest.mark.parametrize(
    ("pins", "code"),
    [
        ((Meeting(99, 1, 0),), PinConflictCode.UNKNOWN_TALENT),
        ((Meeting(10, 99, 0),), PinConflictCode.UNKNOWN_COMPANY),
        ((Meeting(10, 1, 7),), PinConflictCode.UNKNOWN_SLOT),
        ((Meeting(10, 2, 2),), PinConflictCode.BREAK_SLOT),
        ((Meeting(10, 2, 1),), PinConflictCode.TALENT_UNAVAILABLE),
        ((Meeting(11, 1, 3),), PinConflictCode.COMPANY_UNAVAILABLE),
        ((Meeting(10, 1, 0), Meeting(10, 2, 0)), PinConflictCode.TALENT_DOUBLE_BOOKED),
        ((Meeting(10, 1, 0), Meeting(11, 1, 0)), PinConflictCode.COMPANY_OVER_CAPACITY),
        ((Meeting(11, 1, 0), Meeting(11, 2, 3)), PinConflictCode.TALENT_OVER_CAP),
        ((Meeting(10, 2, 0), Meeting(10, 2, 3)), PinConflictCode.PAIR_REPEATED),
    ],
)
def test_a_pin_that_breaks_a_hard_constraint_is_refused_with_a_clear_error(
    pins: tuple[Meeting, ...], code: PinConflictCode
) -> None:
    problem = _problem(pins=pins)

    for run in (solve, solve_greedy):
        with pytest.raises(PinConflictError) as raised:
            run(problem)
        assert [conflict.code for conflict in raised.value.conflicts] == [code]
        bad = raised.value.conflicts[0].pin
        assert bad == pins[-1]
        assert f"talent {bad.talent_id} / company {bad.company_id} / slot {bad.slot}" in str(raised.value)


def test_the_solver_re_optimises_around_pins_moved_by_hand() -> None:
    # Staff pin talent 10 with company 2 in slot 3 and talent 12 with company 2 in slot 0.
    pins = (Meeting(10, 2, 3), Meeting(12, 2, 0))
    problem = _problem(pins=pins)

    result = solve(problem)

    assert set(pins) <= set(result.meetings)
    assert violations(problem, result.meetings) == []
    assert result.status == SolveStatus.OPTIMAL
    # Talent 10 is away in slot 1 and pinned in slot 3, so meets company 1 in slot 0; company 1
    # has one interviewer, so talent 11 (cap 1) meets it in slot 1, its better pair. Talent 12 is
    # nobody's good match (0.3 < 0.6): two good-match first interviews (10) and one other (1).
    assert sorted(result.meetings) == [Meeting(10, 1, 0), Meeting(10, 2, 3), Meeting(11, 1, 1), Meeting(12, 2, 0)]
    assert result.objective == pytest.approx(0.9 * 2 + 0.5 + 0.7 * 1.5 + 0.3 + 2 * 10 + 1)


def test_the_objective_is_weighted_match_score_plus_a_first_interview_bonus_for_good_matches() -> None:
    weights = Weights(mutual=2.0, one_sided=1.5, first_interview=10.0, first_interview_other=1.0, good_match=0.6)
    problem = GridProblem.build(
        slots=[Slot(0), Slot(1)],
        companies=[Company(id=1, interviewers=3)],
        talents=[Talent(id=10), Talent(id=11), Talent(id=12)],
        candidates=[
            Candidate(10, 1, 0.8, shortlisted=True, wants_to_meet=True),  # 1.6, good match
            Candidate(11, 1, 0.6, shortlisted=True),  # 0.9, good match (at the threshold)
            Candidate(12, 1, 0.5),  # 0.5, nobody's good match: the smaller bonus
        ],
        weights=weights,
    )

    result = solve(problem)

    assert len(result.meetings) == 3
    assert result.match_score == pytest.approx(1.6 + 0.9 + 0.5)
    assert result.objective == pytest.approx(1.6 + 0.9 + 0.5 + 2 * 10 + 1)
    assert (result.talents_interviewed, result.good_match_talents_interviewed) == (3, 2)


def test_fairness_gives_a_good_match_talent_a_first_interview_over_a_better_pair() -> None:
    # One slot. Talent 10 is everyone's favourite; talent 11 only fits company 1. By score alone
    # 10 takes company 1 (1.9) and 11 gets nothing; the bonus sends 10 to company 2 instead.
    problem = GridProblem.build(
        slots=[Slot(0)],
        companies=[Company(id=1), Company(id=2)],
        talents=[Talent(id=10), Talent(id=11)],
        candidates=[
            Candidate(10, 1, 0.95, shortlisted=True, wants_to_meet=True),
            Candidate(10, 2, 0.5),
            Candidate(11, 1, 0.65),
        ],
    )

    fair = solve(problem)
    by_score_only = solve(
        GridProblem.build(
            slots=problem.slots,
            companies=problem.companies,
            talents=problem.talents,
            candidates=problem.candidates,
            weights=Weights(first_interview=0.0, first_interview_other=0.0),
        )
    )

    assert sorted(fair.meetings) == [Meeting(10, 2, 0), Meeting(11, 1, 0)]
    assert fair.talents_interviewed == 2
    assert sorted(by_score_only.meetings) == [Meeting(10, 1, 0)]


def test_the_checker_names_every_broken_hard_constraint() -> None:
    problem = _problem(pins=(Meeting(12, 2, 0),))
    meetings = [
        Meeting(10, 1, 1),  # talent 10 is away in slot 1
        Meeting(10, 2, 2),  # a break
        Meeting(11, 1, 3),  # company 1 is away in slot 3
        Meeting(11, 2, 0),  # over talent 11's cap of 1
        Meeting(12, 1, 0),  # not a candidate pair
        Meeting(12, 2, 1),  # meets company 2 twice? no: 12-2 once here, pin 12-2-0 is missing
    ]

    found = violations(problem, meetings)

    assert any("talent is unavailable" in line for line in found)
    assert any("in a break" in line for line in found)
    assert any("company is unavailable" in line for line in found)
    assert any("over a cap of 1" in line for line in found)
    assert any("neither a candidate pair nor pinned" in line for line in found)
    assert any("is not kept" in line for line in found)
    assert violations(problem, [Meeting(12, 2, 0), Meeting(10, 1, 0), Meeting(11, 1, 0)]) == [
        "company 1 has 2 meetings in slot 0 for 1 interviewers"
    ]
    assert violations(problem, [Meeting(12, 2, 0), Meeting(12, 2, 1)]) == ["talent 12 meets company 2 2 times"]
    assert violations(problem, [Meeting(12, 2, 0), Meeting(10, 2, 0), Meeting(10, 1, 0)]) == [
        "talent 10 has 2 meetings in slot 0"
    ]


def test_the_synthetic_fair_is_seeded_and_shaped_like_a_fair() -> None:
    problem = synthetic_fair(companies=20, talents=200, slots=16, seed=7)

    assert problem == synthetic_fair(companies=20, talents=200, slots=16, seed=7)
    assert problem != synthetic_fair(companies=20, talents=200, slots=16, seed=8)
    assert (len(problem.companies), len(problem.talents), len(problem.slots)) == (20, 200, 16)
    assert 1 <= sum(slot.is_break for slot in problem.slots) <= 2
    assert {company.interviewers for company in problem.companies} <= {1, 2, 3}
    per_talent: dict[int, int] = {}
    for candidate in problem.candidates:
        per_talent[candidate.talent_id] = per_talent.get(candidate.talent_id, 0) + 1
        assert 0 <= candidate.score <= 1
    assert min(per_talent.values()) >= 5
    assert max(per_talent.values()) <= 20


def test_a_small_fair_is_solved_by_the_decomposition_better_than_the_draft_and_around_pins() -> None:
    problem = synthetic_fair(companies=20, talents=200, slots=10, seed=3, pins=15)

    draft = solve_greedy(problem)
    result = solve(problem, time_limit=10)

    assert result.solver == "flow+cp-sat"
    assert len(problem.pins) == 15
    assert set(problem.pins) <= set(result.meetings)
    assert violations(problem, draft.meetings) == []
    assert violations(problem, result.meetings) == []
    assert result.upper_bound is not None
    assert draft.objective <= result.objective <= result.upper_bound
    assert result.good_match_talents_interviewed >= draft.good_match_talents_interviewed - 1
    assert result.seconds < 10


def test_unknown_methods_and_malformed_problems_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown method"):
        solve(_problem(), method="simplex")
    one = {"slots": [Slot(0)], "companies": [Company(1)], "talents": [Talent(2)]}
    with pytest.raises(ValueError, match="outside"):
        solve(GridProblem.build(**one, candidates=[Candidate(2, 1, 1.5)]))
    with pytest.raises(ValueError, match="unknown talent or company"):
        solve(GridProblem.build(**one, candidates=[Candidate(3, 1, 0.5)]))
    with pytest.raises(ValueError, match="numbered"):
        solve(GridProblem.build(slots=[Slot(1)], companies=[Company(1)], talents=[Talent(2)], candidates=[]))


def test_a_pin_outside_the_candidates_is_kept_and_counts_as_the_first_interview() -> None:
    problem = GridProblem.build(
        slots=[Slot(0), Slot(1)],
        companies=[Company(1), Company(3)],
        talents=[Talent(2)],
        candidates=[Candidate(2, 1, 0.9)],
        pins=[Meeting(2, 3, 1)],  # staff arranged it; no match score
    )

    for method in ("exact", "decomposed"):
        result = solve(problem, method=method)

        assert sorted(result.meetings) == [Meeting(2, 1, 0), Meeting(2, 3, 1)]
        assert result.objective == pytest.approx(0.9 + 10)
        assert result.status == SolveStatus.OPTIMAL


@pytest.mark.parametrize(
    "problem",
    [
        GridProblem.build(slots=[], companies=[], talents=[], candidates=[]),
        GridProblem.build(
            slots=[Slot(0, is_break=True)],
            companies=[Company(1)],
            talents=[Talent(2)],
            candidates=[Candidate(2, 1, 0.9)],
        ),
        GridProblem.build(
            slots=[Slot(0)],
            companies=[Company(1, interviewers=0)],
            talents=[Talent(2)],
            candidates=[Candidate(2, 1, 0.9)],
        ),
        GridProblem.build(
            slots=[Slot(0)],
            companies=[Company(1)],
            talents=[Talent(2, max_interviews=0)],
            candidates=[Candidate(2, 1, 0.9)],
        ),
    ],
    ids=["empty", "only-a-break", "no-interviewers", "cap-zero"],
)
def test_a_grid_where_nobody_can_meet_gives_an_empty_optimal_timetable(problem: GridProblem) -> None:
    for method in ("exact", "decomposed"):
        result = solve(problem, method=method)

        assert result.meetings == ()
        assert (result.objective, result.status) == (0.0, SolveStatus.OPTIMAL)
