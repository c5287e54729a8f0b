"""Running the rules: a whole batch at once, or one applicant with a full explanation.

Both paths call the same rule functions; :func:`explain` simply runs them on a one-row frame with
recording switched on, then asks "which single unmet criterion would change the answer?" by
running the rule again with that criterion forced to met.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from talentcenter.policy.engine.facts import FALSE, LIST_REASONS, TRUE, UNKNOWN, FactFrame, PreparedFacts
from talentcenter.policy.engine.hints import Trials, criterion_hint, track_hints, trial_rows
from talentcenter.policy.engine.inputs import code_text
from talentcenter.policy.engine.messages import (
    InLanguage,
    gettext_lazy,
    in_language,
    joined,
    translate,
)
from talentcenter.policy.engine.messages import gettext_lazy as _
from talentcenter.policy.engine.parameters import DatedValue, ParameterSet, Resolved
from talentcenter.policy.engine.programmes import TRACKS
from talentcenter.policy.engine.rules import Context, Criterion, Decision, Track
from talentcenter.policy.engine.sources import source_json

ENGINE_VERSION = "2.0.0"

NOT_ELIGIBLE, NEEDS_REVIEW, ELIGIBLE, NOT_IN_FORCE = 0, 1, 2, 3
STATUS_NAMES = {
    NOT_ELIGIBLE: "not_eligible",
    NEEDS_REVIEW: "needs_review",
    ELIGIBLE: "eligible",
    NOT_IN_FORCE: "not_in_force",
}


@dataclass
class TrackOutcome:
    track: Track
    status: np.ndarray  # int8 status codes
    points: np.ndarray | None = None
    points_best: np.ndarray | None = None
    max_points: float | None = None
    pass_mark: float | None = None


def track_in_force(track: Track, resolved: Resolved) -> bool:
    if track.in_force_parameter is None:
        return True
    start = resolved.value(track.in_force_parameter)
    return start is not None and start <= resolved.as_of


def _outcome(track: Track, decision: Decision) -> TrackOutcome:
    met = decision.met
    return TrackOutcome(
        track,
        met.astype(np.int8, copy=not met.flags.writeable),  # a column shared between tracks is copied
        decision.points,
        decision.points_best,
        decision.max_points,
        decision.pass_mark,
    )


def evaluate(
    frame: FactFrame, parameter_set: ParameterSet, as_of: date, tracks: Sequence[Track] = TRACKS
) -> dict[str, TrackOutcome]:
    """Every track's status for every row of ``frame`` (the batch path: nothing recorded)."""
    resolved = parameter_set.resolve(as_of)
    shared: dict[tuple[Any, ...], np.ndarray] = {}  # what several tracks test alike, worked out once
    outcomes: dict[str, TrackOutcome] = {}
    for track in tracks:
        if not track_in_force(track, resolved):
            outcomes[track.key] = TrackOutcome(track, np.full(frame.n, NOT_IN_FORCE, dtype=np.int8))
            continue
        outcomes[track.key] = _outcome(track, track.rule(Context(frame, resolved, shared=shared)))
    return outcomes


# Explanation ----------------------------------------------------------------------------------

LEVEL_NAMES = {0: "none", 1: "associate", 2: "bachelor", 3: "master", 4: "doctorate"}


_LEVEL_LABELS = {
    0: gettext_lazy("none"),
    1: gettext_lazy("associate degree"),
    2: gettext_lazy("bachelor's"),
    3: gettext_lazy("master's"),
    4: gettext_lazy("doctorate"),
}


def _level_name(level: float) -> str:
    label = _LEVEL_LABELS.get(int(level))
    return label if label is not None else str(int(level))


def format_krw(amount: float) -> str:
    return _("KRW {amount}").format(amount=f"{amount:,.0f}")


def format_years(years: float) -> str:
    return _("{years} years").format(years=f"{years:.1f}")


def format_parameter_value(unit: str, value: Any) -> str:
    if value is None:
        return _("none")
    if unit == "krw":
        return format_krw(float(value))
    if unit == "multiple":
        return f"{float(value):g}×"
    if unit == "share":
        return f"{float(value) * 100:g}%"
    if unit == "years":
        return format_years(float(value))
    if unit == "level":
        return _level_name(float(value))
    if unit == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if unit == "bands":
        return "; ".join(f"≥{minimum:g} → {points:g}" for minimum, points in value)
    if unit == "codes":
        return joined((code_text(code) for code in value), ", ")
    return f"{value:g}" if isinstance(value, float) else str(value)


def _format_input(criterion: Criterion, frame: FactFrame) -> str:
    unit = criterion.unit
    if criterion.kind == "member":
        code = frame.category_value(criterion.fact, 0)
        return code_text(code) if code else _("not given")
    if criterion.kind == "flag":
        if not criterion.fact:
            return ""
        flag = frame.flag(criterion.fact).item(0)
        return {TRUE: _("yes"), FALSE: _("no"), UNKNOWN: _("not known")}[flag]
    if criterion.value is None:
        return ""
    value = float(criterion.value.item(0))
    best = float(criterion.best.item(0)) if criterion.best is not None else value
    if unit == "rank":
        if math.isnan(value):
            return _("not ranked, or not on the lists as published") if math.isnan(best) else _("ranking not certain")
        return _("Korean equivalent") if value == 0 else _("rank {rank}").format(rank=int(value))
    if math.isnan(value):
        return _("not given")
    if unit == "krw":
        return format_krw(value)
    if unit == "years":
        text = format_years(value)
        if best > value:
            text += " " + _("(up to {best} if the uncertain items count)").format(best=format_years(best))
        return text
    if unit == "level":
        text = _level_name(value)
        if best > value:
            text += " " + _("(up to {best} if the uncertain items count)").format(best=_level_name(best))
        return text
    if unit == "points":
        return f"{value:g}"
    if unit == "tier":
        return _("tier {tier}").format(tier=int(value))
    return f"{value:g}"


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_for_people(day: date, language: str) -> str:
    """A date as people write it: "2027년 4월 1일" in Korean, "1 April 2027" in English."""
    if language == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def no_published_value(as_of: date, language: str) -> str:
    """Why a criterion needs review when a value ended and no next one is published."""
    return _("No published value for {date}.").format(date=date_for_people(as_of, language))


# The parameter entries of answers, by (parameter set digest, name, value's first day, language, and
# the date when no value is in force): the same for every applicant, so built once per process.
_PARAMETER_ENTRIES: dict[tuple[str, str, date | None, str, date | None], dict[str, Any]] = {}
_PARAMETER_ENTRIES_LIMIT = 20_000


def _parameter_json(
    name: str, parameter_set: ParameterSet, dated: DatedValue | None, language: str, as_of: date | None = None
) -> dict[str, Any]:
    """:func:`_parameter_entry` in ``language``, remembered (a copy each time: callers own their answer)."""
    key = (
        parameter_set.digest,
        name,
        None if dated is None else dated.effective_from,
        language,
        as_of if dated is None else None,
    )
    entry = _PARAMETER_ENTRIES.get(key)
    if entry is None:
        if len(_PARAMETER_ENTRIES) >= _PARAMETER_ENTRIES_LIMIT:
            _PARAMETER_ENTRIES.clear()
        entry = _PARAMETER_ENTRIES[key] = translate(
            _parameter_entry(name, parameter_set, dated, language, as_of), language
        )
    return dict(entry)


def _parameter_entry(
    name: str, parameter_set: ParameterSet, dated: DatedValue | None, language: str, as_of: date | None = None
) -> dict[str, Any]:
    """One parameter of a criterion. A value that lists its sources gives them all, official first,
    and its first source in words as ``source``; a value with one line of source (a variant, an
    older snapshot) gives that line as before, so a stored assessment replays identically. The
    keys ``until``, ``estimated``, ``uncertainty`` and ``unpublished`` are written only when they
    apply, for the same reason."""
    parameter = parameter_set[name]
    note = ""
    if dated is not None:
        note = in_language(dated.note_ko, dated.note_en, language=language)
    written: dict[str, Any] = {
        "name": name,
        "label": parameter.label(language),
        "value": None if dated is None else _json(dated.value),
        "display": format_parameter_value(parameter.unit, None if dated is None else dated.value),
        "effective_from": None if dated is None else dated.effective_from.isoformat(),
        "source": "" if dated is None else dated.source,
        "note": note,
    }
    if dated is not None and dated.sources:
        listed = [source_json(source, language) for source in dated.sources]
        written["source"] = listed[0]["url"] or listed[0]["title"]
        written["sources"] = listed
    if dated is not None:
        end = parameter.ends(dated)
        if end is not None:
            written["until"] = end.isoformat()
        if dated.estimated:
            written["estimated"] = True
            written["uncertainty"] = dated.uncertainty
            if dated.uncertainty_above is not None:
                written["uncertainty_above"] = dated.uncertainty_above
    elif as_of is not None and parameter.lapsed(as_of) is not None:
        written["unpublished"] = True
        written["display"] = no_published_value(as_of, language)
    return written


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    return value


MET_NAMES = {TRUE: "met", FALSE: "not_met", UNKNOWN: "needs_review"}
_MET_JSON = {TRUE: True, FALSE: False, UNKNOWN: None}

# The criteria (other than points) each track recorded when it last ran explained: the next
# explanation runs their what-if trials in the same run (a criterion new to it is tried on its own).
_TRIAL_CRITERIA: dict[str, tuple[str, ...]] = {}


def explain(
    prepared: PreparedFacts,
    parameter_set: ParameterSet,
    as_of: date,
    tracks: Sequence[Track] = TRACKS,
    language: str = "en",
) -> dict[str, Any]:
    """The full answer for one applicant, in the interchange output format.

    Each track runs once, on row 0 as given and on the hints' what-if trials in the rows below it:
    each criterion the track had last time, forced met and forced not met (:func:`trial_rows`)."""
    resolved = parameter_set.resolve(as_of)
    trial_ids = {track.key: _TRIAL_CRITERIA.get(track.key, ()) for track in tracks}
    rows = 1 + 2 * max(map(len, trial_ids.values()), default=0)
    frame = FactFrame.from_rows([prepared.values], repeat=rows)
    results = []
    for track in tracks:
        result: dict[str, Any] = {
            "programme": track.programme,
            "track": track.track,
            "label": track.label,
            "points": None,
            "max_points": None,
            "criteria": InLanguage(),
            "hints": [],
        }
        if not track_in_force(track, resolved):
            start = parameter_set[track.in_force_parameter].values[0] if track.in_force_parameter else None
            result["status"] = STATUS_NAMES[NOT_IN_FORCE]
            result["in_force_from"] = start.effective_from.isoformat() if start else None
            if start:
                result["hints"] = [_("This track starts on {date}.").format(date=start.effective_from.isoformat())]
            results.append(result)
            continue
        context = Context(frame, resolved, record=True, force=trial_rows(trial_ids[track.key], rows))
        decision = track.rule(context)
        _TRIAL_CRITERIA[track.key] = tuple(
            dict.fromkeys(criterion.id for criterion in context.criteria if criterion.kind != "points")
        )
        status = decision.met.item(0)
        result["status"] = STATUS_NAMES[status]
        if decision.points is not None:
            result["points"] = round(float(decision.points.item(0)), 2)
            pass_mark_value = resolved.entry(decision.pass_mark_parameter) if decision.pass_mark_parameter else None
            if pass_mark_value is not None and pass_mark_value.estimated:
                result["pass_mark_estimated"] = True  # written only then: older answers replay identically
            result["points_best_case"] = (
                round(float(decision.points_best.item(0)), 2) if decision.points_best is not None else None
            )
            result["max_points"] = decision.max_points
            result["pass_mark"] = decision.pass_mark
        reasons: dict[str, str] = {}
        for criterion in context.criteria:
            entry, reason = _criterion_json(criterion, frame, prepared, parameter_set, resolved, language)
            if reason:
                reasons[criterion.id] = reason
            result["criteria"].append(entry)
        if status != TRUE:
            trials = Trials.from_run(track, frame, resolved, decision, trial_ids[track.key])
            result["hints"] = track_hints(track, context, decision, frame, resolved, reasons, trials)
        results.append(result)
    return {
        "as_of": as_of.isoformat(),
        "engine_version": ENGINE_VERSION,
        "parameter_set": {"id": parameter_set.id, "digest": parameter_set.digest},
        "results": results,
    }


def explain_hints(
    prepared: Sequence[PreparedFacts],
    parameter_set: ParameterSet,
    as_of: date,
    track: Track,
    language: str = "en",
) -> list[list[Any]]:
    """Each applicant's hints on ``track``, as :func:`explain` gives them (its ``results[0]["hints"]``),
    from one run over every applicant and their what-if trials, without the criteria's entries.

    The matcher asks this for the rows it returns: one run of the rule over a block of rows per
    applicant (the applicant as given, then its trials, as :func:`explain` stacks them), instead of
    an explanation each. Each block is then read as :func:`explain` reads its one applicant's run."""
    resolved = parameter_set.resolve(as_of)
    if not prepared:
        return []
    if not track_in_force(track, resolved):
        return [explain(facts, parameter_set, as_of, (track,), language)["results"][0]["hints"] for facts in prepared]
    trial_ids = _TRIAL_CRITERIA.get(track.key, ())
    block = 1 + 2 * len(trial_ids)
    frame = FactFrame.from_rows([facts.values for facts in prepared], repeat=block)
    force = {
        criterion_id: np.tile(column, len(prepared)) for criterion_id, column in trial_rows(trial_ids, block).items()
    }
    context = Context(frame, resolved, record=True, force=force)
    decision = track.rule(context)
    _TRIAL_CRITERIA[track.key] = tuple(
        dict.fromkeys(criterion.id for criterion in context.criteria if criterion.kind != "points")
    )
    answers: list[list[Any]] = []
    for index, facts in enumerate(prepared):
        rows = slice(index * block, (index + 1) * block)
        row_decision = decision.block(rows)
        if row_decision.met.item(0) == TRUE:
            answers.append([])
            continue
        row_frame = frame.block(rows)
        row_context = Context(row_frame, resolved, criteria=[criterion.block(rows) for criterion in context.criteria])
        reasons: dict[str, str] = {}
        for criterion in row_context.criteria:
            if criterion.met.item(0) != UNKNOWN:
                continue
            parameters = [
                _parameter_json(name, parameter_set, resolved.entry(name), language, resolved.as_of)
                for name in criterion.parameters
            ]
            reason = _reason(criterion, parameters, facts, resolved, language)
            if reason:
                reasons[criterion.id] = reason
        trials = Trials.from_run(track, row_frame, resolved, row_decision, trial_ids)
        answers.append(track_hints(track, row_context, row_decision, row_frame, resolved, reasons, trials))
    return answers


def _criterion_json(
    criterion: Criterion,
    frame: FactFrame,
    prepared: PreparedFacts,
    parameter_set: ParameterSet,
    resolved: Resolved,
    language: str,
) -> tuple[dict[str, Any], str]:
    """One criterion of the answer in ``language`` (in the track's criteria, which the boundary does
    not walk again), and why it needs review as the engine says it (for the hints), or ""."""
    met = criterion.met.item(0)
    parameters = [
        _parameter_json(name, parameter_set, resolved.entry(name), language, resolved.as_of)
        for name in criterion.parameters
    ]
    primary = (parameters[0] if criterion.kind == "points" else parameters[-1]) if parameters else None
    entry: dict[str, Any] = {
        "id": criterion.id,
        "label": criterion.label,
        "met": _MET_JSON[met],
        "status": MET_NAMES[met],
        "points": None,
        "max_points": None,
        "input": _format_input(criterion, frame),
        "threshold": None,
        "parameter": primary,
        "parameters": parameters,
        "source": primary["source"] if primary else "",
        "evidence": prepared.evidence.get(criterion.evidence, []) if criterion.evidence else [],
    }
    limit = math.nan if criterion.threshold is None else float(criterion.threshold.item(0))
    if not math.isnan(limit):
        entry["threshold"] = (
            format_krw(limit)
            if criterion.unit == "krw"
            else format_parameter_value("years" if criterion.unit == "years" else "number", limit)
        )
    if criterion.points is not None:
        entry["points"] = round(float(criterion.points.item(0)), 2)
        entry["max_points"] = criterion.max_points
    if criterion.kind == "points" and met != TRUE and criterion.hint is not None:
        entry["hint"] = criterion_hint(criterion)
    if any(parameter.get("estimated") for parameter in parameters):
        entry["estimated"] = True
    reason = _reason(criterion, parameters, prepared, resolved, language) if met == UNKNOWN else ""
    if reason:
        entry["reason"] = reason
    for key in _TEXTS:
        if key in entry:
            entry[key] = translate(entry[key], language)
    return entry, reason


# What a criterion's entry says in words (the rest are codes, numbers and parameter entries).
_TEXTS = ("label", "input", "threshold", "hint", "reason", "evidence")


def _reason(
    criterion: Criterion,
    parameters: list[dict[str, Any]],
    prepared: PreparedFacts,
    resolved: Resolved,
    language: str,
) -> str:
    """Why a criterion needs review, when the engine knows: a value ended and no next one is
    published; a list is empty or not loaded; the applicant is within an estimate's uncertainty."""
    if any(parameter.get("unpublished") for parameter in parameters):
        return no_published_value(resolved.as_of, language)
    if criterion.kind == "member" and any(parameter.get("value") == [] for parameter in parameters):
        return LIST_REASONS["list not loaded"]
    if criterion.fact in prepared.reasons:
        return prepared.reasons[criterion.fact]
    estimated = [parameter for parameter in parameters if parameter.get("estimated")]
    if estimated and criterion.threshold is not None and criterion.value is not None:
        below = max(float(parameter.get("uncertainty") or 0) for parameter in estimated)
        above = max(
            float(parameter.get("uncertainty_above", parameter.get("uncertainty")) or 0) for parameter in estimated
        )
        limit, value = float(criterion.threshold.item(0)), float(criterion.value.item(0))
        if not math.isnan(limit) and not math.isnan(value) and limit * (1 - below) <= value < limit * (1 + above):
            share = below if value < limit else above
            return _(
                "Within {share} of a threshold built on an estimated value ({label}) that no authority has "
                "quoted yet: the center reviews it."
            ).format(share=f"{share * 100:g}%", label=estimated[0]["label"])
    return ""
