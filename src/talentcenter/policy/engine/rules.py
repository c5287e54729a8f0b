"""The vocabulary rules are written in: criteria over fact columns, combined with tri-state logic.

A rule is a plain function of a :class:`Context`. It runs on a :class:`FactFrame` of any length,
so the same definition answers one self-check (one row, with every criterion recorded for the
explanation) and a million-row simulation (recording switched off). Truth is tri-state: met, not
met, or needs review (an uncertain name match, a partial list, an unclear field, a missing value).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from talentcenter.policy.engine.facts import FALSE, TRUE, UNKNOWN, FactFrame
from talentcenter.policy.engine.parameters import Resolved

Tri = np.ndarray  # int8: FALSE, UNKNOWN, TRUE


@dataclass
class Criterion:
    """One criterion as evaluated, kept for the explanation when recording is on."""

    id: str
    label: Any  # a lazily translated string
    met: Tri
    kind: str  # at_least | at_most | member | flag | points
    fact: str = ""
    unit: str = ""
    value: np.ndarray | None = None
    best: np.ndarray | None = None
    threshold: np.ndarray | None = None
    parameters: tuple[str, ...] = ()
    points: np.ndarray | None = None
    points_best: np.ndarray | None = None
    max_points: float | None = None
    hint: Any = None
    evidence: str = ""


@dataclass
class Decision:
    met: Tri
    points: np.ndarray | None = None
    points_best: np.ndarray | None = None
    max_points: float | None = None
    pass_mark: float | None = None


@dataclass
class Context:
    frame: FactFrame
    resolved: Resolved
    record: bool = False
    force: Mapping[str, int] = field(default_factory=dict)
    criteria: list[Criterion] = field(default_factory=list)
    used: list[str] = field(default_factory=list)

    # Parameters ---------------------------------------------------------------------------
    def param(self, name: str) -> Any:
        if name not in self.used:
            self.used.append(name)
        return self.resolved.value(name)

    def number(self, name: str) -> float:
        """A numeric parameter; NaN when it has no value on the date (the rule then needs review)."""
        value = self.param(name)
        return np.nan if value is None else float(value)

    # Criteria -----------------------------------------------------------------------------
    def _keep(self, criterion: Criterion) -> Tri:
        forced = self.force.get(criterion.id)
        if forced is not None:
            criterion.met = np.full(self.frame.n, forced, dtype=np.int8)
        if self.record:
            self.criteria.append(criterion)
        return criterion.met

    def at_least(
        self,
        id: str,
        label: Any,
        fact: str,
        threshold: float | np.ndarray,
        *,
        best: str | None = None,
        best_threshold: float | np.ndarray | None = None,
        unit: str = "",
        parameters: tuple[str, ...] = (),
        hint: Any = None,
        evidence: str = "",
    ) -> Tri:
        """Met when the fact reaches the threshold; needs review when only its best case does."""
        value = self.frame.number(fact)
        best_value = self.frame.number(best) if best else value
        limit = np.array(np.broadcast_to(np.asarray(threshold, dtype=np.float64), value.shape))
        best_limit = limit if best_threshold is None else np.broadcast_to(best_threshold, value.shape)
        with np.errstate(invalid="ignore"):
            met = np.where(value >= limit, TRUE, np.where(best_value >= best_limit, UNKNOWN, FALSE)).astype(np.int8)
        met[np.isnan(limit)] = UNKNOWN
        return self._keep(
            Criterion(
                id,
                label,
                met,
                "at_least",
                fact,
                unit,
                value,
                best_value,
                limit,
                parameters,
                hint=hint,
                evidence=evidence,
            )
        )

    def at_most(
        self,
        id: str,
        label: Any,
        fact: str,
        threshold: float,
        *,
        best: str | None = None,
        unit: str = "",
        parameters: tuple[str, ...] = (),
        hint: Any = None,
        evidence: str = "",
    ) -> Tri:
        """Met when the fact (e.g. a rank) is at most the threshold; NaN means none."""
        value = self.frame.number(fact)
        best_value = self.frame.number(best) if best else value
        limit = np.full(value.shape, threshold, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            met = np.where(value <= limit, TRUE, np.where(best_value <= limit, UNKNOWN, FALSE)).astype(np.int8)
        met[np.isnan(limit)] = UNKNOWN
        return self._keep(
            Criterion(
                id,
                label,
                met,
                "at_most",
                fact,
                unit,
                value,
                best_value,
                limit,
                parameters,
                hint=hint,
                evidence=evidence,
            )
        )

    def member(self, id: str, label: Any, fact: str, parameter: str, *, hint: Any = None) -> Tri:
        codes = self.param(parameter)
        if codes is None:
            met = np.full(self.frame.n, UNKNOWN, dtype=np.int8)
        else:
            met = np.where(self.frame.category_in(fact, codes), TRUE, FALSE).astype(np.int8)
        return self._keep(Criterion(id, label, met, "member", fact, "code", parameters=(parameter,), hint=hint))

    def flag(self, id: str, label: Any, fact: str, *, hint: Any = None, evidence: str = "") -> Tri:
        met = self.frame.flag(fact).copy()
        return self._keep(Criterion(id, label, met, "flag", fact, "flag", hint=hint, evidence=evidence))

    def fixed(self, id: str, label: Any, met: Tri, *, hint: Any = None, evidence: str = "") -> Tri:
        """A criterion computed by the rule itself (e.g. a combination shown as one line)."""
        return self._keep(Criterion(id, label, met.astype(np.int8), "flag", hint=hint, evidence=evidence))

    def bands(
        self,
        id: str,
        label: Any,
        value: np.ndarray,
        best: np.ndarray,
        parameter: str,
        *,
        fact: str = "",
        unit: str = "",
        scale: float = 1.0,
        parameters: tuple[str, ...] = (),
        hint: Any = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Points from the highest band reached (band minimums are multiplied by ``scale``)."""
        bands = self.param(parameter) or ()
        points = np.zeros(self.frame.n)
        points_best = np.zeros(self.frame.n)
        with np.errstate(invalid="ignore"):
            for minimum, band_points in sorted(bands):
                points = np.where(value >= minimum * scale, band_points, points)
                points_best = np.where(best >= minimum * scale, band_points, points_best)
        maximum = max((band_points for _, band_points in bands), default=0.0)
        met = np.where(points >= maximum, TRUE, np.where(points_best >= maximum, UNKNOWN, FALSE)).astype(np.int8)
        if self.record:
            self.criteria.append(
                Criterion(
                    id,
                    label,
                    met,
                    "points",
                    fact,
                    unit,
                    value,
                    best,
                    None,
                    (parameter, *parameters),
                    points,
                    points_best,
                    maximum,
                    hint=hint,
                )
            )
        return points, points_best

    def bonus(self, id: str, label: Any, condition: np.ndarray, parameter: str) -> np.ndarray:
        """Bonus points where ``condition`` holds (e.g. the hiring company is an SME)."""
        amount = self.number(parameter)
        points = np.where(condition, amount, 0.0)
        if self.record:
            met = np.where(condition, TRUE, FALSE).astype(np.int8)
            self.criteria.append(
                Criterion(
                    id,
                    label,
                    met,
                    "points",
                    "company_size",
                    "code",
                    None,
                    None,
                    None,
                    (parameter,),
                    points,
                    points,
                    amount,
                )
            )
        return points

    def score(self, id: str, label: Any, fact: str, parameter: str) -> tuple[np.ndarray, np.ndarray]:
        """Evaluator-entered points, capped at the parameter; not yet entered = 0 to the maximum."""
        maximum = self.number(parameter)
        entered = self.frame.number(fact)
        missing = np.isnan(entered)
        points = np.where(missing, 0.0, np.minimum(np.nan_to_num(entered), maximum))
        points_best = np.where(missing, maximum, points)
        met = np.where(missing, UNKNOWN, np.where(points >= maximum, TRUE, FALSE)).astype(np.int8)
        if self.record:
            self.criteria.append(
                Criterion(
                    id,
                    label,
                    met,
                    "points",
                    fact,
                    "points",
                    entered,
                    entered,
                    None,
                    (parameter,),
                    points,
                    points_best,
                    maximum,
                )
            )
        return points, points_best

    # Logic --------------------------------------------------------------------------------
    @staticmethod
    def all(*parts: Tri) -> Tri:
        return np.minimum.reduce(parts).astype(np.int8)

    @staticmethod
    def any(*parts: Tri) -> Tri:
        return np.maximum.reduce(parts).astype(np.int8)

    @staticmethod
    def not_(part: Tri) -> Tri:
        return (TRUE - part).astype(np.int8)

    def points_decision(
        self, gate: Tri, points: np.ndarray, points_best: np.ndarray, max_points: float, pass_mark: float
    ) -> Decision:
        """Eligible when the gate holds and the certain points reach the pass mark."""
        with np.errstate(invalid="ignore"):
            reached = np.where(points >= pass_mark, TRUE, np.where(points_best >= pass_mark, UNKNOWN, FALSE)).astype(
                np.int8
            )
        if np.isnan(pass_mark):
            reached[:] = UNKNOWN
        return Decision(self.all(gate, reached), points, points_best, max_points, pass_mark)


@dataclass(frozen=True)
class Track:
    """A programme track: its start-date parameter and its rule."""

    programme: str
    track: str
    label: Any
    rule: Callable[[Context], Decision]
    in_force_parameter: str | None = None
    description: Any = ""

    @property
    def key(self) -> str:
        return f"{self.programme}/{self.track}"
