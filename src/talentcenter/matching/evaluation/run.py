"""Score the matcher and the BM25 baseline on an evaluation set: mean nDCG@10 and recall@50.

``evaluate(evaluation_set)`` ranks the set's whole pool for every opening with each method and
returns the means and the per-opening values:

- ``matcher``: ``selectors.rank_candidates_in_index`` over a ``ProfileIndex`` of the pool, with the
  taxonomy built from the set's skill rows and the configured weights and hard filters (no visa
  fit: the records carry no applicant data and the queries no offer);
- ``matcher_exact``: the same with the taxonomy's relations removed (no parents, no related
  skills), so only the exact skill code counts: what the hierarchy and relations add;
- ``matcher_no_filters``: the matcher with every hard filter off, so its score alone orders the
  pool (what the hard filters cost in recall when a "one level short" candidate counts as relevant);
- ``bm25``: :class:`BM25Baseline` over the profiles' text with the opening's title, description
  and skill names as the query.

Besides the two metrics, ``distractors@10`` is the mean number of planted look-alikes (keyword
stuffers and right-skills-wrong-person profiles, synthetic set only) in each top 10.

Needs Django settings (the matcher reads its weights from them), not the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from talentcenter.matching.evaluation.baseline import BM25Baseline, opening_query_text
from talentcenter.matching.evaluation.dataset import EvaluationSet, Opening, without_relations
from talentcenter.matching.evaluation.metrics import mean, ndcg_at_k, recall_at_k

NDCG_K = 10
RECALL_K = 50
DISTRACTORS = ("stuffer", "wrong_requirements")  # planted grade-0 look-alikes (synthetic set only)
METHODS = ("matcher", "matcher_exact", "matcher_no_filters", "bm25")
METHOD_LABELS = {
    "matcher": "Matcher (taxonomy, configured weights and hard filters)",
    "matcher_exact": "Matcher without taxonomy relations (exact codes only)",
    "matcher_no_filters": "Matcher without hard filters",
    "bm25": "BM25 baseline (bm25s, profile text)",
}

Ranker = Callable[[Opening, int], list[int]]


def matcher_ranker(evaluation_set: EvaluationSet, *, relations: bool = True, hard_filters: bool = True) -> Ranker:
    from talentcenter.matching.index import ProfileIndex
    from talentcenter.matching.scoring import Settings
    from talentcenter.matching.selectors import rank_candidates_in_index
    from talentcenter.matching.taxonomy import Taxonomy

    rows = evaluation_set.skill_rows if relations else without_relations(evaluation_set.skill_rows)
    index = ProfileIndex.from_records(evaluation_set.profiles, Taxonomy.from_rows(rows))
    settings_ = Settings.current()
    if not hard_filters:
        settings_ = replace(settings_, hard_filters=dict.fromkeys(settings_.hard_filters, False))

    def rank(opening: Opening, k: int) -> list[int]:
        matches = rank_candidates_in_index(
            index, opening.query, limit=k, explain=False, visa=False, settings_=settings_
        )
        return [match.profile_id for match in matches]

    return rank


def bm25_ranker(evaluation_set: EvaluationSet) -> Ranker:
    baseline = BM25Baseline(evaluation_set.profiles)
    rows = evaluation_set.skill_rows

    def rank(opening: Opening, k: int) -> list[int]:
        codes = [item.skill_code for item in opening.query.skills]
        return baseline.rank(opening_query_text(opening.title, opening.description, codes, rows), k)

    return rank


def rankers(evaluation_set: EvaluationSet, methods: Sequence[str] = METHODS) -> dict[str, Ranker]:
    built: dict[str, Ranker] = {}
    for method in methods:
        if method == "matcher":
            built[method] = matcher_ranker(evaluation_set)
        elif method == "matcher_exact":
            built[method] = matcher_ranker(evaluation_set, relations=False)
        elif method == "matcher_no_filters":
            built[method] = matcher_ranker(evaluation_set, hard_filters=False)
        elif method == "bm25":
            built[method] = bm25_ranker(evaluation_set)
        else:
            raise ValueError(f"unknown method {method!r}")
    return built


def evaluate(evaluation_set: EvaluationSet, methods: Sequence[str] = METHODS) -> dict[str, Any]:
    """Mean and per-opening nDCG@10 and recall@50 of each method on ``evaluation_set``."""
    depth = max(NDCG_K, RECALL_K)
    results: dict[str, Any] = {}
    for method, rank in rankers(evaluation_set, methods).items():
        per_opening = {}
        for opening in evaluation_set.openings:
            ranking = rank(opening, depth)
            grades = evaluation_set.grades[opening.key]
            kinds = evaluation_set.kinds.get(opening.key, {})
            per_opening[opening.key] = {
                f"ndcg@{NDCG_K}": ndcg_at_k(ranking, grades, NDCG_K),
                f"recall@{RECALL_K}": recall_at_k(ranking, grades, RECALL_K),
                f"distractors@{NDCG_K}": sum(kinds.get(item) in DISTRACTORS for item in ranking[:NDCG_K]),
            }
        results[method] = {
            f"ndcg@{NDCG_K}": mean(values[f"ndcg@{NDCG_K}"] for values in per_opening.values()),
            f"recall@{RECALL_K}": mean(values[f"recall@{RECALL_K}"] for values in per_opening.values()),
            f"distractors@{NDCG_K}": mean(values[f"distractors@{NDCG_K}"] for values in per_opening.values()),
            "per_opening": per_opening,
        }
    relevant = [sum(1 for grade in grades.values() if grade >= 1) for grades in evaluation_set.grades.values()]
    return {
        "set": evaluation_set.name,
        "seed": evaluation_set.seed,
        "openings": len(evaluation_set.openings),
        "profiles": len(evaluation_set.profiles),
        "relevant_per_opening": mean(relevant),
        "methods": results,
    }
