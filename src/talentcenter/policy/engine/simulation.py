"""What-if simulation: two parameter sets over one pool, compared track by track and by segment.

Both sets run through the same batch path as every other answer (:func:`.evaluate.evaluate`'s
rules on a :class:`~.facts.FactFrame`), so a simulated "eligible" means exactly what the self-check
and the official assessment mean. The comparison is done with whole-array operations: counts per
status with ``np.bincount``, and the segment tables with one ``np.bincount`` per segment and track
over the segment codes of the rows eligible on each side. The result is plain JSON.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import numpy as np

from talentcenter.policy.engine.evaluate import (
    ELIGIBLE,
    NOT_IN_FORCE,
    STATUS_NAMES,
    track_in_force,
)
from talentcenter.policy.engine.messages import gettext as _
from talentcenter.policy.engine.parameters import ParameterSet
from talentcenter.policy.engine.pools import SEGMENTS, Pool
from talentcenter.policy.engine.programmes import TRACKS
from talentcenter.policy.engine.rules import Context, Track
from talentcenter.policy.engine.synthetic import synthetic_pool

__all__ = ["NATIONALITIES_SHOWN", "Pool", "simulate", "synthetic_pool"]

NATIONALITIES_SHOWN = 15
Progress = Callable[[int], None]


def _statuses(
    pool: Pool,
    parameter_set: ParameterSet,
    as_of: date,
    tracks: Sequence[Track],
    progress: Progress | None,
    start: int,
    end: int,
) -> dict[str, np.ndarray]:
    """Every track's int8 status column (what :func:`evaluate` returns, reporting progress per track)."""
    frame = pool.frame
    resolved = parameter_set.resolve(as_of)
    statuses: dict[str, np.ndarray] = {}
    for position, track in enumerate(tracks):
        if not track_in_force(track, resolved):
            statuses[track.key] = np.full(frame.n, NOT_IN_FORCE, dtype=np.int8)
        else:
            statuses[track.key] = track.rule(Context(frame, resolved)).met.astype(np.int8, copy=False)
        if progress is not None:
            progress(start + (end - start) * (position + 1) // len(tracks))
    return statuses


def _nationality_top(
    codes: np.ndarray, labels: Sequence[str], keys: Sequence[str]
) -> tuple[np.ndarray, list[str], list[str]]:
    """Recode nationalities to the most frequent :data:`NATIONALITIES_SHOWN` plus "other"."""
    counts = np.bincount(codes, minlength=len(labels))
    present = np.flatnonzero(counts)
    if len(present) <= NATIONALITIES_SHOWN + 1:
        return codes, list(labels), list(keys)
    order = present[np.argsort(-counts[present], kind="stable")][:NATIONALITIES_SHOWN]
    mapping = np.full(len(counts), NATIONALITIES_SHOWN, dtype=np.int16)
    mapping[order] = np.arange(len(order), dtype=np.int16)
    new_labels = [labels[code] for code in order] + [_("Other nationalities")]
    new_keys = [keys[code] for code in order] + ["other"]
    return mapping[codes], new_labels, new_keys


def _segment_tables(
    pool: Pool, tracks: Sequence[Track], baseline: dict[str, np.ndarray], variant: dict[str, np.ndarray]
) -> dict[str, list[dict[str, Any]]]:
    # The rows eligible on each side, once per track; a side equal to the other is counted once.
    eligible: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
    for track in tracks:
        before = np.flatnonzero(baseline[track.key] == ELIGIBLE)
        same = np.array_equal(baseline[track.key], variant[track.key])
        eligible[track.key] = (before, None if same else np.flatnonzero(variant[track.key] == ELIGIBLE))
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in SEGMENTS:
        codes = pool.segments[name]
        labels = list(pool.segment_labels[name])
        keys = list(pool.keys(name))
        if name == "nationality":
            codes, labels, keys = _nationality_top(codes, labels, keys)
        size = len(labels)
        totals = np.bincount(codes, minlength=size)
        present = np.flatnonzero(totals)
        rows: list[dict[str, Any]] = []
        for track in tracks:
            before, after = eligible[track.key]
            baseline_eligible = np.bincount(codes[before], minlength=size)
            variant_eligible = baseline_eligible if after is None else np.bincount(codes[after], minlength=size)
            rows.extend(
                {
                    "segment": keys[code],
                    "label": labels[code],
                    "track": track.key,
                    "total": int(totals[code]),
                    "baseline_eligible": int(baseline_eligible[code]),
                    "variant_eligible": int(variant_eligible[code]),
                }
                for code in present
            )
        tables[name] = rows
    return tables


def _flips(
    pool: Pool,
    tracks: Sequence[Track],
    baseline: dict[str, np.ndarray],
    variant: dict[str, np.ndarray],
    max_flips: int,
) -> tuple[list[dict[str, Any]], int]:
    """The (applicant, track) pairs whose status changes: all counted, the first ``max_flips`` by row listed."""
    total = 0
    rows: list[np.ndarray] = []
    track_positions: list[np.ndarray] = []
    for position, track in enumerate(tracks):
        changed = np.flatnonzero(baseline[track.key] != variant[track.key])
        total += len(changed)
        rows.append(changed[:max_flips])
        track_positions.append(np.full(min(len(changed), max_flips), position, dtype=np.intp))
    if not total or max_flips <= 0:
        return [], total
    all_rows = np.concatenate(rows)
    all_tracks = np.concatenate(track_positions)
    order = np.lexsort((all_tracks, all_rows))[:max_flips]
    segment_labels = {name: pool.segment_labels[name] for name in SEGMENTS}
    flips = []
    for row, position in zip(all_rows[order].tolist(), all_tracks[order].tolist(), strict=True):
        track = tracks[position]
        entry: dict[str, Any] = {
            "row": pool.row_label(row),
            "track": track.key,
            "from": STATUS_NAMES[int(baseline[track.key][row])],
            "to": STATUS_NAMES[int(variant[track.key][row])],
        }
        for name in SEGMENTS:
            entry[name] = segment_labels[name][int(pool.segments[name][row])]
        flips.append(entry)
    return flips, total


def _status_counts(status: np.ndarray) -> dict[str, int]:
    # Four int8 comparisons are faster than np.bincount, which first widens the column to int64.
    return {STATUS_NAMES[code]: int(np.count_nonzero(status == code)) for code in sorted(STATUS_NAMES)}


def simulate(
    pool: Pool,
    baseline: ParameterSet,
    variant: ParameterSet,
    as_of: date,
    *,
    progress: Progress | None = None,
    max_flips: int = 1000,
    tracks: Sequence[Track] = TRACKS,
) -> dict[str, Any]:
    """Baseline versus variant over ``pool`` as of ``as_of``; JSON-ready (see the module docstring).

    ``progress(percent)`` is called as the work goes on (after each track of each side, then at the
    end), so a background task can publish it.
    """
    started = time.perf_counter()
    if progress is not None:
        progress(0)
    before = _statuses(pool, baseline, as_of, tracks, progress, 0, 45)
    after = _statuses(pool, variant, as_of, tracks, progress, 45, 90)
    track_rows = []
    for track in tracks:
        old, new = before[track.key], after[track.key]
        old_eligible, new_eligible = old == ELIGIBLE, new == ELIGIBLE
        track_rows.append(
            {
                "key": track.key,
                "label": track.label,
                "baseline": _status_counts(old),
                "variant": _status_counts(new),
                "gained": int(np.count_nonzero(new_eligible & ~old_eligible)),
                "lost": int(np.count_nonzero(old_eligible & ~new_eligible)),
            }
        )
    segments = _segment_tables(pool, tracks, before, after)
    if progress is not None:
        progress(95)
    flips, flips_total = _flips(pool, tracks, before, after, max_flips)
    result = {
        "as_of": as_of.isoformat(),
        "pool": {"kind": pool.kind, "size": pool.size},
        "baseline": {"id": baseline.id, "digest": baseline.digest},
        "variant": {"id": variant.id, "digest": variant.digest},
        "tracks": track_rows,
        "segments": segments,
        "flips": flips,
        "flips_total": flips_total,
        "timing": {"seconds": round(time.perf_counter() - started, 3)},
    }
    if progress is not None:
        progress(100)
    return result
