"""The staff queues: clock-state filters in SQL agree with the processing clock, counts, the summary of scores."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from talentcenter.cases import queues, selectors, services
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case
from talentcenter.talent.models import TalentProfile
from tests.cases import CasePeople, start, walk

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def at(day: int, hour: int = 10) -> datetime:
    """A moment in April 2026 in Seoul (no public holiday that month)."""
    return datetime(2026, 4, day, hour, 0, tzinfo=SEOUL)


def references(state: str, people: CasePeople, **filters: str) -> set[str]:
    cases = queues.queue(user=people.reviewer, filters=queues.QueueFilters(clock=state, **filters))
    return set(cases.values_list("reference", flat=True))


@pytest.fixture
def three_cases() -> tuple[CasePeople, Case, Case, Case]:
    """Submitted Monday 6 April (due Friday 17), Wednesday 8 April (due Tuesday 21), and one
    waiting for the applicant since 8 April."""
    people = CasePeople.create()
    with time_machine.travel(at(6), tick=False):
        early = walk(start(people), people, "in_review")
    with time_machine.travel(at(8), tick=False):
        late = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "submitted")
        other = replace(CasePeople.create(evaluators=0), reviewer=people.reviewer)
        TalentProfile.objects.filter(user=other.talent).update(family_name="Okonkwo", given_name="Ada")
        TalentProfile.objects.filter(user=people.talent).update(family_name="Fernandes", given_name="Rui")
        waiting = walk(start(other), other, "information_requested")
    return people, early, late, waiting


def test_due_dates_follow_the_clock(three_cases: tuple[CasePeople, Case, Case, Case]) -> None:
    _, early, late, waiting = three_cases

    assert (early.due_on.isoformat(), late.due_on.isoformat()) == ("2026-04-17", "2026-04-21")
    assert waiting.paused_since is not None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (14, {"running": {"early", "late"}, "due_soon": set(), "overdue": set(), "paused": {"waiting"}}),
        (15, {"running": {"late"}, "due_soon": {"early"}, "overdue": set(), "paused": {"waiting"}}),
        (17, {"running": set(), "due_soon": {"early", "late"}, "overdue": set(), "paused": {"waiting"}}),
        (20, {"running": set(), "due_soon": {"late"}, "overdue": {"early"}, "paused": {"waiting"}}),
        (22, {"running": set(), "due_soon": set(), "overdue": {"early", "late"}, "paused": {"waiting"}}),
    ],
)
def test_clock_filters_agree_with_the_processing_clock(
    three_cases: tuple[CasePeople, Case, Case, Case], day: int, expected: dict[str, set[str]]
) -> None:
    people, early, late, waiting = three_cases
    names = {early.reference: "early", late.reference: "late", waiting.reference: "waiting"}

    with time_machine.travel(at(day), tick=False):
        found = {state: {names[ref] for ref in references(state, people)} for state in expected}
        for case in (early, late, waiting):
            case.refresh_from_db()
            clock = selectors.case_clock(case)
            assert clock is not None
            assert queues.clock_state_of(case, queues.seoul_today()) == clock.state(at(day))
        counts = queues.tab_counts(user=people.reviewer)

    assert found == expected
    assert counts == {
        "due_soon": len(expected["due_soon"]),
        "overdue": len(expected["overdue"]),
        "paused": 1,
        "unassigned": 1,  # only the KOTRA case is still without a reviewer
    }


def test_filters_by_type_status_reviewer_and_search(three_cases: tuple[CasePeople, Case, Case, Case]) -> None:
    people, early, late, waiting = three_cases

    def found(**filters: str) -> list[str]:
        cases = queues.queue(user=people.reviewer, filters=queues.QueueFilters(**filters))
        return list(cases.values_list("reference", flat=True))

    assert found(case_type=CaseType.KOTRA_RECOMMENDATION) == [late.reference]
    assert found(status="in_review") == [early.reference]
    assert found(reviewer="me") == [early.reference, waiting.reference]
    assert found(reviewer="unassigned") == [late.reference]
    assert found(reviewer=str(people.validator.pk)) == []
    assert found(search=late.reference.lower()) == [late.reference]
    assert found(search="kta-2026") == [early.reference, waiting.reference]
    assert found(search=late.reference[-6:]) == [late.reference]
    assert found(search="FERNANDES") == [early.reference, late.reference]
    assert found(search="ada okonkwo") == [waiting.reference]
    assert found(search="nobody-at-all") == []


def test_the_queue_orders_by_due_date_then_id(three_cases: tuple[CasePeople, Case, Case, Case]) -> None:
    people, early, late, waiting = three_cases

    ordered = list(queues.queue(user=people.reviewer, filters=queues.QueueFilters()))

    assert (late.due_on, late.pk < waiting.pk) == (waiting.due_on, True)
    assert [case.reference for case in ordered] == [early.reference, late.reference, waiting.reference]


def test_working_days_left_count_to_the_due_date(three_cases: tuple[CasePeople, Case, Case, Case]) -> None:
    _, early, _, _ = three_cases

    assert queues.working_days_left(early, at(15).date()) == 2
    assert queues.working_days_left(early, at(17).date()) == 0
    assert queues.working_days_left(early, at(21).date()) == -2


def score(case: Case, points: list[tuple[str, str, bool]]) -> None:
    for assignment, (technical, strategic, recommends) in zip(case.evaluations.order_by("pk"), points, strict=True):
        services.evaluation_submit(
            actor=assignment.evaluator,
            assignment=assignment,
            technical_expertise=Decimal(technical),
            strategic_value=Decimal(strategic),
            recommends=recommends,
        )


def test_scores_stay_hidden_until_the_quorum_has_scored() -> None:
    people = CasePeople.create()
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "in_evaluation")
    first, second, _ = case.evaluations.order_by("pk")
    services.evaluation_submit(
        actor=first.evaluator,
        assignment=first,
        technical_expertise=Decimal(16),
        strategic_value=Decimal(11),
        recommends=True,
    )
    services.evaluation_submit(
        actor=second.evaluator,
        assignment=second,
        technical_expertise=Decimal(15),
        strategic_value=Decimal(10),
        recommends=True,
    )

    summary = queues.evaluation_summary(case)

    assert (summary.visible, summary.submitted, summary.quorum, summary.evaluations) == (False, 2, 3, [])


@pytest.mark.parametrize(
    ("points", "mean", "spread", "split", "disagreement"),
    [
        ([("16", "11", True), ("15", "10", True), ("14", "9.5", True)], "25.17", "3.5", False, False),
        ([("20", "15", True), ("12", "13", True), ("15", "10", True)], "28.33", "10.0", False, True),
        ([("16", "11", True), ("15", "10", False), ("16", "11", True)], "26.33", "2.0", True, True),
        ([("16", "11", True), ("10", "7.5", True), ("16", "11", True)], "23.83", "9.5", False, False),
    ],
)
def test_the_summary_flags_disagreement(
    points: list[tuple[str, str, bool]], mean: str, spread: str, split: bool, disagreement: bool
) -> None:
    people = CasePeople.create()
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "in_evaluation")
    score(case, points)

    summary = queues.evaluation_summary(case)

    assert summary.visible is True
    assert (summary.mean_total, summary.spread) == (Decimal(mean), Decimal(spread))
    assert (summary.split_recommendations, summary.disagreement) == (split, disagreement)
