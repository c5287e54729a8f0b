"""The vocabulary rules are written in: criteria over fact columns, combined with tri-state logic.

A rule is a plain function of a :class:`Context`. It runs on a :class:`FactFrame` of any length,
so the same definition answers one self-check (one row, with every criterion recorded for the
explanation) and a million-row simulation (recording switched off). Truth is tri-state: met, not
met, or needs review (an uncertain name match, a partial list, an unclear field, a missing value).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from talentcenter.policy.engine.facts import CATEGORY_FACTS, FALSE, TRUE, UNKNOWN, FactFrame
from talentcenter.policy.engine.parameters import Resolved

Tri = np.ndarray  # int8: FALSE, UNKNOWN, TRUE


def _tri(certain: np.ndarray, possible: np.ndarray) -> Tri:
    """TRUE where ``certain``, else UNKNOWN where ``possible``, else FALSE, as int8 in two passes
    (the same as nested ``np.where`` calls, without their int64 temporaries)."""
    tri: Tri = np.add(certain.view(np.int8), (certain | possible).view(np.int8))
    return tri


def _band_points(table: np.ndarray, limits: np.ndarray, value: np.ndarray) -> np.ndarray:
    """``table[k]`` where ``k`` of the (ascending) minimums are at or below the value (NaN reaches none)."""
    index = np.zeros(np.shape(value), dtype=np.int8 if len(limits) < 127 else np.intp)
    with np.errstate(invalid="ignore"):
        for limit in limits:
            np.add(index, value >= limit, out=index, casting="unsafe")
    return table[index]


def _with_margin(threshold: np.ndarray, uncertainty: float, side: int) -> np.ndarray:
    """A threshold moved by its uncertainty: up (``side`` 1) for what certainly passes, down (-1)
    for what may pass. Without an uncertainty, the threshold itself (no copy)."""
    if not uncertainty:
        return threshold
    moved: np.ndarray = threshold * (1.0 + side * uncertainty)
    return moved


def _unknown_where_nan(met: Tri, limit: np.ndarray) -> None:
    """A threshold without a value on the date makes the criterion need review."""
    if limit.ndim == 0:
        if np.isnan(limit):
            met[:] = UNKNOWN
    else:
        met[np.isnan(limit)] = UNKNOWN


@lru_cache(maxsize=256)
def _field_table(fact: str, codes: tuple[Any, ...]) -> np.ndarray:
    """For each code of the fact's vocabulary: TRUE when it starts with one of ``codes``, UNKNOWN for
    "" (not classified), else FALSE; made once per list of codes (read-only)."""
    table = np.asarray(
        [
            UNKNOWN if code == "" else TRUE if any(code.startswith(str(want)) for want in codes) else FALSE
            for code in CATEGORY_FACTS[fact]
        ],
        dtype=np.int8,
    )
    table.flags.writeable = False
    return table


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
    pass_mark_parameter: str = ""


@dataclass
class Context:
    frame: FactFrame
    resolved: Resolved
    record: bool = False
    force: Mapping[str, int | np.ndarray] = field(default_factory=dict)
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

    def uncertainty(self, parameters: tuple[str, ...]) -> tuple[float, float]:
        """How much lower and higher (the largest shares among the estimated values of
        ``parameters`` on the date) a threshold built on them may really be; (0, 0) if none is
        estimated. A value certainly reaches the threshold only above its band, and certainly
        misses it only below; inside the band the answer needs review.
        """
        bands = [self.resolved.uncertainty(name) for name in parameters]
        return max((low for low, _ in bands), default=0.0), max((high for _, high in bands), default=0.0)

    # Criteria -----------------------------------------------------------------------------
    def _keep(self, criterion: Criterion) -> Tri:
        forced = self.force.get(criterion.id)
        if isinstance(forced, np.ndarray):
            # per row: -1 leaves the row as evaluated, 0-2 forces it (the hints' what-if trials)
            criterion.met = np.where(forced >= 0, forced, criterion.met).astype(np.int8)
        elif forced is not None:
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
        given = np.asarray(threshold, dtype=np.float64)
        best_given = given if best_threshold is None else np.asarray(best_threshold, dtype=np.float64)
        below, above = self.uncertainty(parameters)
        with np.errstate(invalid="ignore"):
            met = _tri(value >= _with_margin(given, above, 1), best_value >= _with_margin(best_given, below, -1))
        limit = np.broadcast_to(given, value.shape)  # a view: nothing is copied for a single threshold
        _unknown_where_nan(met, given if given.ndim == 0 else limit)
        # A value not given (e.g. an offer without its salary) is unknown, not short of the threshold.
        met[np.isnan(value) & np.isnan(best_value)] = UNKNOWN
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
        best: str | np.ndarray | None = None,
        unit: str = "",
        parameters: tuple[str, ...] = (),
        hint: Any = None,
        evidence: str = "",
    ) -> Tri:
        """Met when the fact (e.g. a rank) is at most the threshold; NaN means none. ``best`` is a
        fact, or best-case values the rule worked out (an exemption that may apply)."""
        value = self.frame.number(fact)
        best_value = best if isinstance(best, np.ndarray) else self.frame.number(best) if best else value
        given = np.asarray(threshold, dtype=np.float64)
        below, above = self.uncertainty(parameters)
        with np.errstate(invalid="ignore"):
            met = _tri(value <= _with_margin(given, below, -1), best_value <= _with_margin(given, above, 1))
        limit = np.broadcast_to(given, value.shape)
        _unknown_where_nan(met, given if given.ndim == 0 else limit)
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

    def member(
        self, id: str, label: Any, fact: str, parameter: str, *, hint: Any = None, unknown_when_empty: bool = False
    ) -> Tri:
        """Met when the fact's code is in the parameter's list; with ``unknown_when_empty`` a code
        not given needs review instead of failing."""
        codes = self.param(parameter)
        if not codes:
            # No list on the date, or an empty one (not loaded): nobody is known to be off it.
            met = np.full(self.frame.n, UNKNOWN, dtype=np.int8)
        else:
            # One lookup per row in a table over every possible int16 code (what category_in answers).
            column = self.frame.categories[fact]
            if column.dtype == np.int16:
                vocabulary = CATEGORY_FACTS[fact]
                table = np.full(1 << 16, FALSE, dtype=np.int8)
                table[[vocabulary.index(code) for code in codes if code in vocabulary]] = TRUE
                met = table[column.view(np.uint16)]
            else:
                met = np.where(self.frame.category_in(fact, codes), TRUE, FALSE).astype(np.int8)
            if unknown_when_empty:
                met[self.frame.categories[fact] == 0] = UNKNOWN  # code 0 is "" (not given)
        return self._keep(Criterion(id, label, met, "member", fact, "code", parameters=(parameter,), hint=hint))

    def field_in(self, id: str, label: Any, fact: str, parameter: str, *, hint: Any = None) -> Tri:
        """Met when the classified field (an ISCED-F code) starts with one of the parameter's codes
        ("07" is every engineering field, "0714" one field); an unclassified field needs review."""
        codes = self.param(parameter)
        if codes is None:
            met = np.full(self.frame.n, UNKNOWN, dtype=np.int8)
        else:
            met = _field_table(fact, tuple(codes))[self.frame.categories[fact].astype(np.intp)]
        return self._keep(Criterion(id, label, met, "member", fact, "code", parameters=(parameter,), hint=hint))

    def flag(self, id: str, label: Any, fact: str, *, hint: Any = None, evidence: str = "") -> Tri:
        met = self.frame.flag(fact).copy()
        return self._keep(Criterion(id, label, met, "flag", fact, "flag", hint=hint, evidence=evidence))

    def fixed(
        self,
        id: str,
        label: Any,
        met: Tri,
        *,
        fact: str = "",
        parameters: tuple[str, ...] = (),
        hint: Any = None,
        evidence: str = "",
    ) -> Tri:
        """A criterion computed by the rule itself (e.g. a combination shown as one line, or a fact
        of the answer such as when permanent residence can be applied for, with its parameters)."""
        if any(self.param(name) is None for name in parameters):
            met = np.full(self.frame.n, UNKNOWN, dtype=np.int8)  # no value on the date: staff decide
        return self._keep(
            Criterion(
                id,
                label,
                met.astype(np.int8),
                "flag",
                fact,
                "flag" if fact else "",
                parameters=parameters,
                hint=hint,
                evidence=evidence,
            )
        )

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
        """Points from the highest band reached (band minimums are multiplied by ``scale``).

        Without bands or a scale on the date, the points are not known: none for certain, the most
        in the best case. Where the scale is estimated, a value counts for certain only beyond the
        estimate's uncertainty, and in the best case from below it (:meth:`uncertainty`)."""
        bands = self.param(parameter) or ()
        ordered = sorted(bands)
        maximum = max((band_points for _, band_points in bands), default=0.0)
        unknown = not ordered or bool(np.isnan(scale))
        below, above = self.uncertainty((parameter, *parameters))
        limits = np.asarray([minimum * scale for minimum, _points in ordered], dtype=np.float64)
        certain_limits = _with_margin(limits, above, 1)
        best_limits = _with_margin(limits, below, -1)
        if unknown:
            points = np.zeros(self.frame.n)
            points_best = np.full(self.frame.n, maximum if ordered else np.inf)
        elif scale > 0 and np.all(np.isfinite(limits)):
            # The last band reached in ascending order is the number of minimums at or below the value.
            table = np.asarray([0.0, *(band_points for _minimum, band_points in ordered)], dtype=np.float64)
            points = _band_points(table, certain_limits, value)
            points_best = points if best is value and not below else _band_points(table, best_limits, best)
        else:
            points = np.zeros(self.frame.n)
            points_best = np.zeros(self.frame.n)
            with np.errstate(invalid="ignore"):
                for (_minimum, band_points), certain_limit, best_limit in zip(
                    ordered, certain_limits, best_limits, strict=True
                ):
                    points = np.where(value >= certain_limit, band_points, points)
                    points_best = np.where(best >= best_limit, band_points, points_best)
        if self.record:
            met = (
                np.full(self.frame.n, UNKNOWN, dtype=np.int8)
                if unknown
                else _tri(points >= maximum, points_best >= maximum)
            )
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

    def bonus(
        self,
        id: str,
        label: Any,
        condition: np.ndarray,
        parameter: str,
        *,
        possible: np.ndarray | None = None,
        hint: Any = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Bonus points where ``condition`` holds (e.g. the hiring company is an SME), and in the
        best case also where it only ``possible``-y holds (a case the published rule does not
        settle, e.g. a mid-sized company): certain and best-case points. Without an amount on the
        date, none for certain and any in the best case."""
        amount = self.number(parameter)
        maybe = condition if possible is None else condition | possible
        if np.isnan(amount):
            points = np.zeros(self.frame.n)
            points_best = np.where(maybe, np.inf, 0.0)
        else:
            points = np.where(condition, amount, 0.0)
            points_best = points if possible is None else np.where(maybe, amount, 0.0)
        if self.record:
            met = _tri(condition & ~np.isnan(amount), maybe)
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
                    points_best,
                    amount,
                    hint=hint,
                )
            )
        return points, points_best

    def score(self, id: str, label: Any, fact: str, parameter: str) -> tuple[np.ndarray, np.ndarray]:
        """Evaluator-entered points, capped at the parameter; not yet entered = 0 to the maximum."""
        maximum = self.number(parameter)
        entered = self.frame.number(fact)
        missing = np.isnan(entered) | bool(np.isnan(maximum))  # no maximum on the date: not known
        # min(nan_to_num(entered), maximum) with 0 where nothing is entered, in place.
        largest = np.finfo(np.float64).max
        points = np.minimum(entered, maximum)
        np.clip(points, -largest, largest, out=points)
        points[missing] = 0.0
        points_best = np.where(missing, np.inf if np.isnan(maximum) else maximum, points)
        if self.record:
            met = np.where(missing, UNKNOWN, np.where(points >= maximum, TRUE, FALSE)).astype(np.int8)
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
        """Kleene AND: the least of the parts (pairwise, without stacking them into one 2-D array)."""
        result = np.minimum(parts[0], parts[1]) if len(parts) > 1 else np.array(parts[0])
        for part in parts[2:]:
            np.minimum(result, part, out=result, casting="unsafe")
        return result.astype(np.int8, copy=False)

    @staticmethod
    def any(*parts: Tri) -> Tri:
        """Kleene OR: the greatest of the parts."""
        result = np.maximum(parts[0], parts[1]) if len(parts) > 1 else np.array(parts[0])
        for part in parts[2:]:
            np.maximum(result, part, out=result, casting="unsafe")
        return result.astype(np.int8, copy=False)

    @staticmethod
    def not_(part: Tri) -> Tri:
        return (TRUE - part).astype(np.int8)

    def points_decision(
        self,
        gate: Tri,
        points: np.ndarray,
        points_best: np.ndarray,
        max_points: float,
        pass_mark: float,
        *,
        parameter: str = "",
    ) -> Decision:
        """Eligible when the gate holds and the certain points reach the pass mark. Where the pass
        mark (its ``parameter``) is an estimate, totals within its uncertainty need review."""
        below, above = self.uncertainty((parameter,)) if parameter else (0.0, 0.0)
        with np.errstate(invalid="ignore"):
            reached = _tri(points >= pass_mark * (1.0 + above), points_best >= pass_mark * (1.0 - below))
        if np.isnan(pass_mark):
            reached[:] = UNKNOWN
        return Decision(self.all(gate, reached), points, points_best, max_points, pass_mark, parameter)


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
