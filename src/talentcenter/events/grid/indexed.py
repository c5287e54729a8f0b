"""The problem indexed for the solvers: dense integer indices, usable slots, integer weights."""

from __future__ import annotations

from dataclasses import dataclass

from talentcenter.events.grid.model import GridProblem

# Weights are optimised as integers in thousandths; every reported objective is computed from them
# so that two timetables compare exactly.
SCALE = 1000


@dataclass(slots=True)
class Pair:
    talent: int  # index into Indexed.talent_ids
    company: int  # index into Indexed.company_ids
    weight: int  # pair weight in thousandths


class Indexed:
    """Dense indices over one ``GridProblem`` (built once per solve, linear in its size)."""

    def __init__(self, problem: GridProblem) -> None:
        self.problem = problem
        weights = problem.weights
        self.slot_count = len(problem.slots)
        for position, slot in enumerate(problem.slots):
            if slot.index != position:
                raise ValueError(f"slot {slot.index} is at position {position}: slots must be numbered 0..n-1 in order")
        self.usable = [not slot.is_break for slot in problem.slots]
        self.talent_ids = [talent.id for talent in problem.talents]
        self.company_ids = [company.id for company in problem.companies]
        self.talent_index = {talent_id: index for index, talent_id in enumerate(self.talent_ids)}
        self.company_index = {company_id: index for index, company_id in enumerate(self.company_ids)}
        if len(self.talent_index) != len(self.talent_ids):
            raise ValueError("two talents share an id")
        if len(self.company_index) != len(self.company_ids):
            raise ValueError("two companies share an id")
        self.cap = [max(talent.max_interviews, 0) for talent in problem.talents]
        self.interviewers = [max(company.interviewers, 0) for company in problem.companies]
        self.talent_available = [
            [self.usable[s] and s not in talent.unavailable_slots for s in range(self.slot_count)]
            for talent in problem.talents
        ]
        self.company_available = [
            [
                self.usable[s] and s not in company.unavailable_slots and company.interviewers > 0
                for s in range(self.slot_count)
            ]
            for company in problem.companies
        ]
        # One pair per (talent, company); a repeated candidate keeps its best weight.
        by_key: dict[tuple[int, int], Pair] = {}
        best_score = [0.0] * len(self.talent_ids)
        for candidate in problem.candidates:
            talent = self.talent_index.get(candidate.talent_id)
            company = self.company_index.get(candidate.company_id)
            if talent is None or company is None:
                raise ValueError(
                    f"candidate {candidate.talent_id}-{candidate.company_id} names an unknown talent or company"
                )
            if not 0.0 <= candidate.score <= 1.0:
                raise ValueError(
                    f"candidate {candidate.talent_id}-{candidate.company_id} has score {candidate.score} outside [0, 1]"
                )
            weight = round(weights.pair_weight(candidate) * SCALE)
            best_score[talent] = max(best_score[talent], candidate.score)
            existing = by_key.get((talent, company))
            if existing is None:
                by_key[(talent, company)] = Pair(talent, company, weight)
            elif weight > existing.weight:
                existing.weight = weight
        self.pairs = by_key
        self.eligible = [score >= weights.good_match for score in best_score]
        # What a talent's first interview adds to the objective.
        good, other = round(weights.first_interview * SCALE), round(weights.first_interview_other * SCALE)
        self.bonus = [good if eligible else other for eligible in self.eligible]

    def weight(self, talent: int, company: int) -> int:
        """A pair's weight; a pinned pair that is no candidate weighs nothing."""
        pair = self.pairs.get((talent, company))
        return pair.weight if pair is not None else 0

    def common_slots(self, talent: int, company: int) -> list[int]:
        talent_available, company_available = self.talent_available[talent], self.company_available[company]
        return [s for s in range(self.slot_count) if talent_available[s] and company_available[s]]
