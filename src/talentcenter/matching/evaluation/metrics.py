"""Ranking quality: nDCG@k with graded gains and recall@k.

Both take a ranking (profile ids, best first) and the judged grades of one opening (profile id ->
grade 0..3; an id that is not judged counts as grade 0).

- ``ndcg_at_k``: DCG = sum over the first k ranks i (1-based) of (2**grade - 1) / log2(i + 1),
  divided by the DCG of the ideal ranking, which is the judged grades sorted best first. An opening
  with nothing relevant has no ideal to compare with: its nDCG is 0.
- ``recall_at_k``: the share of relevant items (grade >= 1) that appear in the first k ranks;
  0 when nothing is relevant.

Both are in [0, 1]; the ideal ranking scores 1 on nDCG; a ranking that repeats an id counts it once.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

Item = TypeVar("Item", bound=Hashable)

RELEVANT_GRADE = 1


def _gain(grade: int) -> float:
    return float(2**grade - 1)


def dcg(grades: Iterable[int], k: int) -> float:
    """Discounted cumulative gain of the first ``k`` grades, in rank order."""
    total = 0.0
    for rank, grade in enumerate(grades, start=1):
        if rank > k:
            break
        total += _gain(grade) / math.log2(rank + 1)
    return total


def _unique(ranking: Iterable[Item]) -> list[Item]:
    seen: set[Item] = set()
    unique: list[Item] = []
    for item in ranking:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    return unique


def ndcg_at_k(ranking: Sequence[Item], grades: Mapping[Item, int], k: int) -> float:
    """Normalised DCG of ``ranking`` cut at ``k``, against the ideal ordering of ``grades``."""
    if k < 1:
        raise ValueError("k must be at least 1")
    ideal = dcg(sorted((grade for grade in grades.values() if grade > 0), reverse=True), k)
    if ideal == 0:
        return 0.0
    actual = dcg((grades.get(item, 0) for item in _unique(ranking)), k)
    return min(1.0, actual / ideal)


def recall_at_k(ranking: Sequence[Item], grades: Mapping[Item, int], k: int) -> float:
    """Share of the relevant items (grade >= 1) found among the first ``k`` of ``ranking``."""
    if k < 1:
        raise ValueError("k must be at least 1")
    relevant = {item for item, grade in grades.items() if grade >= RELEVANT_GRADE}
    if not relevant:
        return 0.0
    found = relevant.intersection(_unique(ranking)[:k])
    return len(found) / len(relevant)


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0
