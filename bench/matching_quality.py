"""Ranking quality of the matcher against a plain BM25 baseline (docs/matching.md, "Quality, measured").

    .venv/bin/python bench/matching_quality.py                 # both sets, default seed
    .venv/bin/python bench/matching_quality.py --seed 7 --pool 5000 --openings 40
    .venv/bin/python bench/matching_quality.py --per-opening   # also each opening's values
    .venv/bin/python bench/matching_quality.py --markdown      # the table for docs/matching.md

It builds the seeded synthetic set (``matching.evaluation.dataset.synthetic_set``: openings, a pool
of profiles, grades from the construction) and the hand-checked set (``handchecked.yaml``, padded
with background profiles), ranks every opening's pool with the matcher (with and without the
taxonomy's relations, with and without hard filters) and with BM25, and prints mean nDCG@10 and
recall@50 per set and method. Same seed, same numbers. It exits 1 when the matcher (as configured)
does not beat BM25 on nDCG@10 on both sets. A JSON line at the end carries every number.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=None, help="default: dataset.DEFAULT_SEED")
    parser.add_argument("--openings", type=int, default=40)
    parser.add_argument("--pool", type=int, default=5000)
    parser.add_argument("--padding", type=int, default=2000, help="background profiles added to the hand-checked pool")
    parser.add_argument("--per-opening", action="store_true")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    options = parser.parse_args()
    _setup()

    from talentcenter.matching.evaluation.dataset import DEFAULT_SEED, handchecked_set, synthetic_set
    from talentcenter.matching.evaluation.run import METHOD_LABELS, METHODS, NDCG_K, RECALL_K, evaluate

    seed = DEFAULT_SEED if options.seed is None else options.seed
    started = time.perf_counter()
    sets = [
        synthetic_set(seed, openings=options.openings, pool_size=options.pool),
        handchecked_set(padding=options.padding, seed=seed),
    ]
    built = time.perf_counter() - started
    started = time.perf_counter()
    results = [evaluate(evaluation_set) for evaluation_set in sets]
    evaluated = time.perf_counter() - started

    ndcg, recall = f"ndcg@{NDCG_K}", f"recall@{RECALL_K}"
    print(f"seed {seed}; sets built in {built:.1f} s, evaluated in {evaluated:.1f} s")
    for result in results:
        print(
            f"{result['set']}: {result['openings']} openings, {result['profiles']:,} profiles,"
            f" {result['relevant_per_opening']:.1f} relevant (grade >= 1) per opening"
        )
    distractors = f"distractors@{NDCG_K}"
    if options.markdown:
        print()
        print(f"| set | method | nDCG@{NDCG_K} | recall@{RECALL_K} | look-alikes in top {NDCG_K} |")
        print("|---|---|---:|---:|---:|")
        for result in results:
            for method in METHODS:
                values = result["methods"][method]
                shown = f"{values[distractors]:.1f}" if result["set"] == "synthetic" else "–"
                label = METHOD_LABELS[method]
                print(f"| {result['set']} | {label} | {values[ndcg]:.3f} | {values[recall]:.3f} | {shown} |")
    else:
        print()
        print(
            f"{'set':<13} {'method':<56} {'nDCG@' + str(NDCG_K):>8} {'recall@' + str(RECALL_K):>10}"
            f" {'look-alikes@' + str(NDCG_K):>14}"
        )
        for result in results:
            for method in METHODS:
                values = result["methods"][method]
                print(
                    f"{result['set']:<13} {METHOD_LABELS[method]:<56} {values[ndcg]:>8.3f} {values[recall]:>10.3f}"
                    f" {values[distractors]:>14.1f}"
                )
    if options.per_opening:
        for result in results:
            print(f"\n{result['set']}, per opening ({ndcg} / {recall}):")
            keys = list(result["methods"][METHODS[0]]["per_opening"])
            print(f"{'opening':<20} " + " ".join(f"{method:>22}" for method in METHODS))
            for key in keys:
                cells = []
                for method in METHODS:
                    values = result["methods"][method]["per_opening"][key]
                    cells.append(f"{values[ndcg]:>10.3f} / {values[recall]:<9.3f}")
                print(f"{key:<20} " + " ".join(f"{cell:>22}" for cell in cells))

    summary = {
        "benchmark": "matching_quality",
        "seed": seed,
        "sets": {
            result["set"]: {
                "openings": result["openings"],
                "profiles": result["profiles"],
                **{
                    method: {
                        ndcg: round(result["methods"][method][ndcg], 3),
                        recall: round(result["methods"][method][recall], 3),
                    }
                    for method in METHODS
                },
            }
            for result in results
        },
    }
    print(json.dumps(summary))
    beaten = all(result["methods"]["matcher"][ndcg] > result["methods"]["bm25"][ndcg] for result in results)
    if not beaten:
        print("the matcher does not beat BM25 on nDCG@10 on every set", file=sys.stderr)
    return 0 if beaten else 1


if __name__ == "__main__":
    sys.exit(main())
