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
SHORT_LIST = 8  # up to this many codes, membership is tested code by code


def _tri(certain: np.ndarray, possible: np.ndarray) -> Tri:
    """TRUE where ``certain``, else UNKNOWN where ``possible``, else FALSE: the two boolean masks
    added as bytes (certain implies possible, so TRUE is 1 + 1). Two vectorised passes, no branch."""
    tri: Tri = np.add(certain.view(np.int8), (certain | possible).view(np.int8))
    return tri


def _unknown(n: int) -> Tri:
    return np.full(n, UNKNOWN, dtype=np.int8)


def _compared(
    compare: np.ufunc,
    value: np.ndarray,
    best: np.ndarray,
    certain_limit: np.ndarray,
    possible_limit: np.ndarray,
    limit: np.ndarray,
    not_given: np.ndarray | None,
) -> Tri:
    """``compare(value, certain_limit)`` for certain, ``compare(best, possible_limit)`` in the best
    case, as tri-state; a threshold without a value on the date (NaN in ``limit``) needs review, and
    so do the rows of ``not_given`` (e.g. a value and its best case both NaN).

    Everything is a comparison or a boolean OR over whole columns: no masked write, no ``np.where``
    (each of those costs ten to fifty times a comparison on a million rows). The best case is
    compared again only when it can differ from the certain one."""
    if limit.ndim == 0 and np.isnan(limit):
        return _unknown(len(value))
    with np.errstate(invalid="ignore"):
        certain = compare(value, certain_limit)
        if best is value and possible_limit is certain_limit:
            possible = certain.copy()
        else:
            possible = compare(best, possible_limit)
            possible |= certain
    if not_given is not None:
        possible |= not_given
    if limit.ndim:
        possible |= np.isnan(limit)
    tri: Tri = np.add(certain.view(np.int8), possible.view(np.int8))
    return tri


def _band_points(
    table: np.ndarray, limits: np.ndarray, value: np.ndarray, decode: np.ndarray | None = None
) -> np.ndarray:
    """``table[k]`` where ``k`` of the (ascending) minimums are at or below the value (NaN reaches none).

    A value given as byte codes (uint8; ``decode[code]`` is the value of each code, or the code
    itself) needs no comparison: the points of every code are worked out first, then read once
    with ``np.take``. Whole points (an integer table, which starts at 0) are added up band by band:
    each band reached adds its step over the one below, a comparison and two byte-sized operations,
    cheaper than a gather. Other points are looked up by the number of minimums reached."""
    if value.dtype == np.uint8:
        values = np.arange(256, dtype=np.float64) if decode is None else decode
        by_code: np.ndarray = table[np.searchsorted(limits, values, side="right")]
        return np.take(by_code, value)
    with np.errstate(invalid="ignore"):
        if table.dtype.kind == "i" and table[0] == 0:
            points = np.zeros(np.shape(value), dtype=table.dtype)
            for limit, step in zip(limits, np.diff(table), strict=True):
                if step:
                    points += np.multiply((value >= limit).view(np.int8), step)
            return points
        index = np.zeros(np.shape(value), dtype=np.int8 if len(limits) < 127 else np.intp)
        for limit in limits:
            np.add(index, value >= limit, out=index, casting="unsafe")
    return np.take(table, index)


WHOLE_POINTS_LIMIT = 1 << 14


def _points_table(points: list[float]) -> np.ndarray:
    """Points as int8 when every one is a whole number from 0 to 127 (the shipped rubric), as int16
    for other whole numbers (small enough that a few of them add up in int32), else as float64.

    Whole points take an eighth (a half) of the memory traffic of float64 columns, and their sums
    are exact in both types, so totals built from them are the same numbers (``_capped_sum``); from
    0 to 127, the step between two bands fits in a byte too (:func:`_band_points`)."""
    if all(float(value).is_integer() and abs(value) < WHOLE_POINTS_LIMIT for value in points):
        small = all(0 <= value <= np.iinfo(np.int8).max for value in points)
        return np.asarray(points, dtype=np.int8 if small else np.int16)
    return np.asarray(points, dtype=np.float64)


def _amount_where(condition: np.ndarray, amount: float) -> np.ndarray:
    """``amount`` where ``condition`` holds, else 0: a multiplication by 0 or 1 where that gives
    the same numbers (a finite amount of at least 0; whole points in int8 or int16,
    :func:`_points_table`), ``np.where`` otherwise."""
    if 0.0 <= amount < np.inf:
        points: np.ndarray = np.multiply(condition, _points_table([amount])[0])
        return points
    return np.where(condition, amount, 0.0)


def zero_where(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``np.where(mask, 0.0, values)`` bit for bit, without its branch per row (a fifth of the
    time on a million rows): the bits of each float64 are ANDed with all ones or with zeros."""
    if mask.dtype != np.bool_ or values.dtype != np.float64 or not values.flags.c_contiguous:
        return np.where(mask, 0.0, values)
    kept = (~mask).view(np.uint8).astype(np.int64)
    np.negative(kept, out=kept)
    np.bitwise_and(kept, values.view(np.int64), out=kept)
    zeroed: np.ndarray = kept.view(np.float64)
    return zeroed


def _with_margin(threshold: np.ndarray, uncertainty: float, side: int) -> np.ndarray:
    """A threshold moved by its uncertainty: up (``side`` 1) for what certainly passes, down (-1)
    for what may pass. Without an uncertainty, the threshold itself (no copy)."""
    if not uncertainty:
        return threshold
    moved: np.ndarray = threshold * (1.0 + side * uncertainty)
    return moved


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

    def block(self, rows: slice) -> Criterion:
        """The criterion as evaluated for the consecutive ``rows`` only (views, nothing copied)."""
        return Criterion(
            self.id,
            self.label,
            self.met[rows],
            self.kind,
            self.fact,
            self.unit,
            None if self.value is None else self.value[rows],
            None if self.best is None else self.best[rows],
            None if self.threshold is None else self.threshold[rows],
            self.parameters,
            None if self.points is None else self.points[rows],
            None if self.points_best is None else self.points_best[rows],
            self.max_points,
            self.hint,
            self.evidence,
        )


@dataclass
class Decision:
    met: Tri
    points: np.ndarray | None = None
    points_best: np.ndarray | None = None
    max_points: float | None = None
    pass_mark: float | None = None
    pass_mark_parameter: str = ""

    def block(self, rows: slice) -> Decision:
        """The decision for the consecutive ``rows`` only (views)."""
        return Decision(
            self.met[rows],
            None if self.points is None else self.points[rows],
            None if self.points_best is None else self.points_best[rows],
            self.max_points,
            self.pass_mark,
            self.pass_mark_parameter,
        )


@dataclass
class Context:
    frame: FactFrame
    resolved: Resolved
    record: bool = False
    force: Mapping[str, int | np.ndarray] = field(default_factory=dict)
    criteria: list[Criterion] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    # Columns worked out once for every track of a batch over the same frame (``evaluate`` passes
    # one dict to every track's context): criteria several tracks test alike, and masks of missing
    # values. Kept read-only, since they are shared.
    shared: dict[tuple[Any, ...], np.ndarray] | None = None

    def _once(self, key: tuple[Any, ...], compute: Callable[[], np.ndarray]) -> np.ndarray:
        """``compute()``, or what it gave for ``key`` earlier in the same batch."""
        if self.shared is None:
            return compute()
        known = self.shared.get(key)
        if known is None:
            known = self.shared[key] = compute()
            known.flags.writeable = False
        return known

    def _not_given(self, fact: str, best: str | None) -> np.ndarray:
        """The rows where the fact and its best case (if any) are both NaN."""

        def compute() -> np.ndarray:
            missing: np.ndarray = np.isnan(self.frame.number(fact))
            if best:
                missing &= np.isnan(self.frame.number(best))
            return missing

        return self._once(("not given", fact, best), compute)

    def _compared(
        self,
        kind: str,
        fact: str,
        best: str | None,
        best_value: np.ndarray,
        certain_limit: np.ndarray,
        possible_limit: np.ndarray,
        limit: np.ndarray,
        *,
        shareable: bool = True,
    ) -> Tri:
        """:func:`_compared` for a criterion ``at_least`` or ``at_most``, reused by the tracks of a
        batch that test the same fact against the same single threshold."""
        at_least = kind == "at_least"
        value = self.frame.number(fact)

        def compute() -> Tri:
            # A value not given (e.g. an offer without its salary) is unknown, not short of the threshold.
            not_given = self._not_given(fact, best) if at_least else None
            compare = np.greater_equal if at_least else np.less_equal
            return _compared(compare, value, best_value, certain_limit, possible_limit, limit, not_given)

        if limit.ndim or np.ndim(certain_limit) or np.ndim(possible_limit) or not shareable:
            return compute()  # thresholds per row, or best cases the rule worked out: not shared
        thresholds = (float(certain_limit), float(possible_limit), float(limit))
        return self._once((kind, fact, best, *thresholds), compute)

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
            criterion.met = np.where(forced >= 0, forced, criterion.met).astype(np.int8, copy=False)
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
        met = self._compared(
            "at_least",
            fact,
            best,
            best_value,
            _with_margin(given, above, 1),
            _with_margin(best_given, below, -1),
            given,
        )
        limit = np.broadcast_to(given, value.shape)  # a view: nothing is copied for a single threshold
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
        met = self._compared(
            "at_most",
            fact,
            best if isinstance(best, str) else None,
            best_value,
            _with_margin(given, below, -1),
            _with_margin(given, above, 1),
            given,
            shareable=not isinstance(best, np.ndarray),
        )
        limit = np.broadcast_to(given, value.shape)
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

                def look_up() -> Tri:
                    vocabulary = CATEGORY_FACTS[fact]
                    wanted = {vocabulary.index(code) for code in codes if code in vocabulary}
                    if unknown_when_empty:
                        wanted.discard(0)  # code 0 is "" (not given): needs review
                    if len(wanted) > SHORT_LIST:
                        table = np.full(1 << 16, FALSE, dtype=np.int8)
                        table[sorted(wanted)] = TRUE
                        if unknown_when_empty:
                            table[0] = UNKNOWN
                        met: Tri = np.take(table, column.view(np.uint16))
                        return met
                    # A few codes: an equality test per code is cheaper than a lookup per row.
                    listed = np.zeros(len(column), dtype=bool)
                    for code in sorted(wanted):
                        listed |= column == code
                    met = np.add(listed.view(np.int8), listed.view(np.int8))
                    if unknown_when_empty:
                        met += (column == 0).view(np.int8)
                    return met

                met = self._once(("member", fact, tuple(codes), unknown_when_empty), look_up)
            else:
                met = np.where(self.frame.category_in(fact, codes), TRUE, FALSE).astype(np.int8)
                if unknown_when_empty:
                    met[column == 0] = UNKNOWN
        return self._keep(Criterion(id, label, met, "member", fact, "code", parameters=(parameter,), hint=hint))

    def field_in(self, id: str, label: Any, fact: str, parameter: str, *, hint: Any = None) -> Tri:
        """Met when the classified field (an ISCED-F code) starts with one of the parameter's codes
        ("07" is every engineering field, "0714" one field); an unclassified field needs review."""
        codes = self.param(parameter)
        if codes is None:
            met = np.full(self.frame.n, UNKNOWN, dtype=np.int8)
        else:
            met = np.take(_field_table(fact, tuple(codes)), self.frame.categories[fact])
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
        decode: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Points from the highest band reached (band minimums are multiplied by ``scale``); with
        ``decode``, ``value`` and ``best`` are byte codes of the values ``decode[code]``.

        Without bands or a scale on the date, the points are not known: none for certain, the most
        in the best case. Where the scale is estimated, a value counts for certain only beyond the
        estimate's uncertainty, and in the best case from below it (:meth:`uncertainty`)."""
        if decode is not None and (self.record or value.dtype != np.uint8):
            value, best = np.take(decode, value), np.take(decode, best)  # the values themselves
            decode = None
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
            table = _points_table([0.0, *(band_points for _minimum, band_points in ordered)])
            points = _band_points(table, certain_limits, value, decode)
            points_best = points if best is value and not below else _band_points(table, best_limits, best, decode)
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
                    # the explanation reads numbers as float64, whatever the batch path computed in
                    value.astype(np.float64, copy=False),
                    best.astype(np.float64, copy=False),
                    None,
                    (parameter, *parameters),
                    points.astype(np.float64, copy=False),
                    points_best.astype(np.float64, copy=False),
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
            points = _amount_where(condition, amount)
            points_best = points if possible is None else _amount_where(maybe, amount)
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
                    points.astype(np.float64, copy=False),
                    points_best.astype(np.float64, copy=False),
                    amount,
                    hint=hint,
                )
            )
        return points, points_best

    def score(self, id: str, label: Any, fact: str, parameter: str) -> tuple[np.ndarray, np.ndarray]:
        """Evaluator-entered points, capped at the parameter; not yet entered = 0 to the maximum."""
        maximum = self.number(parameter)
        entered = self.frame.number(fact)
        largest = np.finfo(np.float64).max
        if 0.0 <= maximum < np.inf:
            # The best case is the entry capped at the maximum, or the maximum where nothing is
            # entered (fmin skips NaN); the certain points are the same with 0 where nothing is
            # entered: multiplied by 0 or 1, not written through a mask.
            with np.errstate(invalid="ignore"):
                given = np.equal(entered, entered)  # False only for NaN
            points_best = np.fmin(entered, maximum)
            if len(points_best) and points_best.min() < -largest:
                np.maximum(points_best, -largest, out=points_best)  # -inf entered: the most negative float
            points = np.multiply(points_best, given)
            missing = ~given
        else:
            missing = np.isnan(entered) | bool(np.isnan(maximum))  # no maximum on the date: not known
            # min(nan_to_num(entered), maximum) with 0 where nothing is entered, in place.
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
