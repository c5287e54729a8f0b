"""Parameters are data with dates: every threshold, multiple, point band and list the rules use.

A parameter has a history of dated values, each with its source. A value may end (``until``, the
last day it applies; or the parameter's ``period``: an annual figure holds for one year from its
start): after its end, and until a next value is published, the parameter has no value and the
rules that read it need review. A value no authority has quoted (worked out by the center) is
``estimated``, with its ``uncertainty`` as a share (and ``uncertainty_above`` when the real value
can be off upwards by another share than downwards): answers within that band around a threshold
built on it need review.

A :class:`ParameterSet` is the whole collection (the shipped baseline, or a variant that policy
staff drafted), identified by a digest of its content so a stored assessment names exactly the
values it used.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from talentcenter.policy.engine.messages import in_language
from talentcenter.policy.engine.sources import Source, SourceError, ranked, source_from_mapping, source_from_text

PARAMETERS_DIR = Path(__file__).resolve().parent.parent / "parameters"
BASELINE_ID = "baseline"

UNITS = ("krw", "multiple", "share", "years", "level", "points", "bands", "codes", "date", "number")

# A parameter's ``period``: "year" - each value holds for one year from its start (an annual GNI
# figure applied from 1 April holds to 31 March), unless it names its own ``until``.
PERIODS = ("year",)


class ParameterError(ValueError):
    """A parameter file or a variant's override is malformed."""


@dataclass(frozen=True)
class DatedValue:
    """One value of a parameter from a date. ``sources`` are the value's sources, official first
    (:mod:`.sources`), when it lists them; ``source`` is the first of them on one line, or the one
    line a variant's value or an older snapshot has instead."""

    effective_from: date
    value: Any
    source: str
    note_en: str = ""
    note_ko: str = ""
    sources: tuple[Source, ...] = ()
    until: date | None = None  # the last day the value applies (inclusive); None = until changed
    estimated: bool = False  # worked out by the center; no authority has quoted it
    uncertainty: float = 0.0  # of an estimated value, as a share (0.05 = 5 %): how much lower it may be
    uncertainty_above: float | None = None  # how much higher it may be, when not the same share

    @property
    def band(self) -> tuple[float, float]:
        """How much lower and how much higher the real value may be, as shares (0, 0 when quoted)."""
        if not self.estimated:
            return 0.0, 0.0
        above = self.uncertainty if self.uncertainty_above is None else self.uncertainty_above
        return self.uncertainty, above

    def cited(self) -> tuple[Source, ...]:
        """The sources to show, official first: those listed, or the one line read as a source."""
        return self.sources or (source_from_text(self.source),)

    def as_dict(self) -> dict[str, Any]:
        written: dict[str, Any] = {
            "effective_from": self.effective_from.isoformat(),
            "value": _json_value(self.value),
            "source": self.source,
            "note_en": self.note_en,
            "note_ko": self.note_ko,
        }
        # Each key below is absent from older snapshots (and written only when set), so their
        # digests stay what they were.
        if self.sources:
            written["sources"] = [source.as_dict() for source in self.sources]
        if self.until is not None:
            written["until"] = self.until.isoformat()
        if self.estimated:
            written["estimated"] = True
        if self.uncertainty:
            written["uncertainty"] = self.uncertainty
        if self.uncertainty_above is not None:
            written["uncertainty_above"] = self.uncertainty_above
        return written


@dataclass(frozen=True)
class Parameter:
    name: str
    unit: str
    label_en: str
    label_ko: str
    values: tuple[DatedValue, ...]
    programme: str = ""
    period: str = ""  # "" (values hold until changed) or one of PERIODS

    def ends(self, dated: DatedValue) -> date | None:
        """The last day ``dated`` applies: its own ``until``, else the end of the parameter's period."""
        if dated.until is not None:
            return dated.until
        if self.period == "year":
            start = dated.effective_from
            try:
                anniversary = start.replace(year=start.year + 1)
            except ValueError:  # 29 February
                anniversary = date(start.year + 1, 3, 1)
            return anniversary - timedelta(days=1)
        return None

    def _latest(self, as_of: date) -> DatedValue | None:
        current = None
        for dated in self.values:
            if dated.effective_from <= as_of:
                current = dated
            else:
                break
        return current

    def at(self, as_of: date) -> DatedValue | None:
        """The value in force on ``as_of``: the latest one that took effect on or before it, unless
        it ended before ``as_of`` (then none is, until a next value is published)."""
        current = self._latest(as_of)
        if current is None:
            return None
        end = self.ends(current)
        return None if end is not None and end < as_of else current

    def lapsed(self, as_of: date) -> DatedValue | None:
        """The last value, when it ended before ``as_of`` and no next value is published yet."""
        current = self._latest(as_of)
        if current is None:
            return None
        end = self.ends(current)
        return current if end is not None and end < as_of else None

    def label(self, language: str) -> str:
        return in_language(self.label_ko, self.label_en, language=language)

    def as_dict(self) -> dict[str, Any]:
        written: dict[str, Any] = {
            "name": self.name,
            "unit": self.unit,
            "programme": self.programme,
            "label_en": self.label_en,
            "label_ko": self.label_ko,
            "values": [dated.as_dict() for dated in self.values],
        }
        if self.period:  # absent from older snapshots: their digests stay what they were
            written["period"] = self.period
        return written


@dataclass(frozen=True)
class ParameterSet:
    id: str
    parameters: Mapping[str, Parameter]
    based_on: str = ""
    digest: str = field(default="", compare=False)
    # The set as of each date asked for (a set never changes, so neither does what it says on a date).
    _resolved: dict[date, Resolved] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.digest:
            object.__setattr__(self, "digest", _digest(self.parameters))

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise ParameterError(f"unknown parameter {name!r}") from None

    def resolve(self, as_of: date) -> Resolved:
        resolved = self._resolved.get(as_of)
        if resolved is None:
            if len(self._resolved) >= 4_096:
                self._resolved.clear()
            resolved = self._resolved[as_of] = Resolved(as_of=as_of, parameter_set=self)
        return resolved

    def with_overrides(self, set_id: str, overrides: Mapping[str, Iterable[Mapping[str, Any]]]) -> ParameterSet:
        """A variant: each overridden parameter gets extra dated values (same date replaces)."""
        parameters = dict(self.parameters)
        for name, raw_values in overrides.items():
            base = self[name]
            by_date = {dated.effective_from: dated for dated in base.values}
            for raw in raw_values:
                dated = _dated_value(name, base.unit, raw)
                by_date[dated.effective_from] = dated
            parameters[name] = replace(base, values=tuple(by_date[key] for key in sorted(by_date)))
        return ParameterSet(id=set_id, parameters=parameters, based_on=self.id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "based_on": self.based_on,
            "digest": self.digest,
            "parameters": [parameter.as_dict() for parameter in self.parameters.values()],
        }


@dataclass(frozen=True)
class Resolved:
    """A parameter set as of one date: what the rules read."""

    as_of: date
    parameter_set: ParameterSet
    _entries: dict[str, DatedValue | None] = field(default_factory=dict, init=False, compare=False, repr=False)

    def entry(self, name: str) -> DatedValue | None:
        try:
            return self._entries[name]
        except KeyError:
            dated = self._entries[name] = self.parameter_set[name].at(self.as_of)
            return dated

    def value(self, name: str) -> Any:
        dated = self.entry(name)
        return None if dated is None else dated.value

    def unpublished(self, name: str) -> bool:
        """Whether the parameter's last value ended before the date and no next one is published."""
        return self.parameter_set[name].lapsed(self.as_of) is not None

    def uncertainty(self, name: str) -> tuple[float, float]:
        """How much lower and higher (shares) the value in force may be when it is estimated; (0, 0) otherwise."""
        dated = self.entry(name)
        return (0.0, 0.0) if dated is None else dated.band


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json_value(item) for item in value]
    return value


def _digest(parameters: Mapping[str, Parameter]) -> str:
    canonical = json.dumps(
        [parameter.as_dict() for parameter in sorted(parameters.values(), key=lambda p: p.name)],
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _as_date(name: str, raw: Any) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise ParameterError(f"{name}: effective date {raw!r} is not YYYY-MM-DD") from None


def coerce_value(name: str, unit: str, raw: Any) -> Any:
    """Check one value against its unit; lists become tuples so parameter sets stay hashable."""
    if raw is None:
        return None
    if unit in {"krw", "years", "level", "points", "number"}:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ParameterError(f"{name}: {raw!r} is not a number")
        if raw < 0:
            raise ParameterError(f"{name}: {raw!r} is negative")
        return raw
    if unit in {"multiple", "share"}:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
            raise ParameterError(f"{name}: {raw!r} is not a non-negative number")
        return float(raw)
    if unit == "date":
        return _as_date(name, raw)
    if unit == "codes":
        if not isinstance(raw, list | tuple) or not all(isinstance(code, str) and code for code in raw):
            raise ParameterError(f"{name}: {raw!r} is not a list of codes")
        return tuple(raw)
    if unit == "bands":
        if not isinstance(raw, list | tuple) or not raw:
            raise ParameterError(f"{name}: {raw!r} is not a list of [minimum, points] bands")
        bands = []
        for band in raw:
            if (
                not isinstance(band, list | tuple)
                or len(band) != 2
                or any(isinstance(part, bool) or not isinstance(part, int | float) for part in band)
                or band[1] < 0
            ):
                raise ParameterError(f"{name}: band {band!r} is not [minimum, points]")
            bands.append((float(band[0]), float(band[1])))
        return tuple(sorted(bands, reverse=True))
    raise ParameterError(f"{name}: unknown unit {unit!r}")


def _sources(name: str, raw: Mapping[str, Any]) -> tuple[str, tuple[Source, ...]]:
    """A value's sources: a ``sources`` list (each with its kind), or one ``source`` line."""
    if "sources" not in raw:
        source = str(raw.get("source") or "").strip()
        if not source:
            raise ParameterError(f"{name}: every value needs a source")
        return source, ()
    if "source" in raw:
        raise ParameterError(f"{name}: a value has either 'source' or 'sources', not both")
    listed = raw["sources"]
    if not isinstance(listed, list | tuple) or not listed:
        raise ParameterError(f"{name}: 'sources' lists at least one source")
    try:
        sources = ranked(source_from_mapping(item) for item in listed)
    except SourceError as error:
        raise ParameterError(f"{name}: {error}") from None
    return sources[0].line, sources


def _until(name: str, effective_from: date, raw: Any) -> date | None:
    if raw is None or raw == "":
        return None
    until = _as_date(name, raw)
    if until < effective_from:
        raise ParameterError(f"{name}: a value ends ({until}) before it starts ({effective_from})")
    return until


def _share(name: str, key: str, raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw < 1:
        raise ParameterError(f"{name}: {key} {raw!r} is not a share from 0 to below 1")
    return float(raw)


def _estimate(name: str, raw: Mapping[str, Any]) -> tuple[bool, float, float | None]:
    """``estimated`` (true or absent), its ``uncertainty`` and ``uncertainty_above``, shares from 0 to below 1."""
    estimated = raw.get("estimated", False)
    if not isinstance(estimated, bool):
        raise ParameterError(f"{name}: 'estimated' is true or false")
    uncertainty = _share(name, "uncertainty", raw.get("uncertainty", 0))
    above = (
        None if raw.get("uncertainty_above") is None else _share(name, "uncertainty_above", raw["uncertainty_above"])
    )
    if (uncertainty or above is not None) and not estimated:
        raise ParameterError(f"{name}: only an estimated value has an uncertainty")
    return estimated, uncertainty, above


def _dated_value(name: str, unit: str, raw: Mapping[str, Any]) -> DatedValue:
    if not isinstance(raw, Mapping) or "from" not in raw or "value" not in raw:
        raise ParameterError(f"{name}: each value needs 'from' and 'value'")
    source, sources = _sources(name, raw)
    effective_from = _as_date(name, raw["from"])
    estimated, uncertainty, uncertainty_above = _estimate(name, raw)
    return DatedValue(
        effective_from=effective_from,
        value=coerce_value(name, unit, raw["value"]),
        source=source,
        note_en=str(raw.get("note_en") or ""),
        note_ko=str(raw.get("note_ko") or ""),
        sources=sources,
        until=_until(name, effective_from, raw.get("until")),
        estimated=estimated,
        uncertainty=uncertainty,
        uncertainty_above=uncertainty_above,
    )


def _period(name: str, raw: Any) -> str:
    period = str(raw or "")
    if period and period not in PERIODS:
        raise ParameterError(f"{name}: unknown period {period!r} (one of {', '.join(PERIODS)})")
    return period


def parameters_from_documents(documents: Iterable[Mapping[str, Any]]) -> dict[str, Parameter]:
    parameters: dict[str, Parameter] = {}
    for document in documents:
        programme = str(document.get("programme", ""))
        for raw in document.get("parameters", []):
            name = raw["name"]
            if name in parameters:
                raise ParameterError(f"{name}: defined twice")
            unit = raw["unit"]
            if unit not in UNITS:
                raise ParameterError(f"{name}: unknown unit {unit!r}")
            values = sorted(
                (_dated_value(name, unit, value) for value in raw["values"]), key=lambda v: v.effective_from
            )
            if len({value.effective_from for value in values}) != len(values):
                raise ParameterError(f"{name}: two values take effect on the same day")
            parameters[name] = Parameter(
                name=name,
                unit=unit,
                label_en=raw["label_en"],
                label_ko=raw["label_ko"],
                values=tuple(values),
                programme=programme,
                period=_period(name, raw.get("period")),
            )
    return parameters


@cache
def baseline() -> ParameterSet:
    """The shipped parameter set: every ``parameters/*.yaml`` file."""
    documents = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(PARAMETERS_DIR.glob("*.yaml"))]
    return ParameterSet(id=BASELINE_ID, parameters=parameters_from_documents(documents))


def parameter_set_from_dict(data: Mapping[str, Any]) -> ParameterSet:
    """Rebuild a parameter set from :meth:`ParameterSet.as_dict` (a stored snapshot)."""
    parameters: dict[str, Parameter] = {}
    for raw in data["parameters"]:
        unit = raw["unit"]
        values = tuple(
            DatedValue(
                effective_from=_as_date(raw["name"], value["effective_from"]),
                value=coerce_value(raw["name"], unit, value["value"]),
                source=value["source"],
                note_en=value.get("note_en", ""),
                note_ko=value.get("note_ko", ""),
                sources=tuple(source_from_mapping(item) for item in value.get("sources") or ()),
                until=_as_date(raw["name"], value["until"]) if value.get("until") else None,
                estimated=bool(value.get("estimated", False)),
                uncertainty=float(value.get("uncertainty", 0.0)),
                uncertainty_above=(
                    None if value.get("uncertainty_above") is None else float(value["uncertainty_above"])
                ),
            )
            for value in raw["values"]
        )
        parameters[raw["name"]] = Parameter(
            name=raw["name"],
            unit=unit,
            label_en=raw["label_en"],
            label_ko=raw["label_ko"],
            values=values,
            programme=raw.get("programme", ""),
            period=raw.get("period", ""),
        )
    restored = ParameterSet(id=data["id"], parameters=parameters, based_on=data.get("based_on", ""))
    if data.get("digest") and restored.digest != data["digest"]:
        raise ParameterError("snapshot digest does not match its content")
    return restored
