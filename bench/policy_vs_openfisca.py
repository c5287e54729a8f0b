"""The K-Tech Pass rules three ways over the same synthetic applicants: this engine,
OpenFisca-core and plain NumPy.

    .venv/bin/python bench/policy_vs_openfisca.py                 # 1,000,000 rows, best of 7, both tracks
    .venv/bin/python bench/policy_vs_openfisca.py --rows 200000 --repeat 5 --track qualitative

The rules are the engine's two computed K-Tech Pass tracks on 15 July 2026 with the shipped
parameters, each timed on its own:

- **standard**: a job offer from a company in a target industry, a salary of 3x the (estimated)
  GNI, and a top-ranked degree and the experience (total with a global top-500 company, or
  post-doctoral research at a world-class institute), one of which a salary of 4x GNI waives;
- **qualitative** (points): the offer and the industry, then points for the degree's tier, the
  employer history, the total experience and the salary (bands, the salary's in multiples of the
  estimated GNI), the evaluators' two scores and the SME bonus, capped, against an estimated pass
  mark.

Every criterion is tri-state (met, not met, needs review), with a best case next to the certain
value, and an estimate moves a threshold by its uncertainty. The thresholds and points are read
from the engine's parameters, so the three implementations cannot drift apart from the rule.

- **engine**: ``evaluate(frame, parameters, as_of, [track])``, the batch path.
- **OpenFisca**: a minimal tax-benefit system with one entity (the applicant), the rule's inputs
  as variables, one variable per criterion and per sum, the thresholds and points as its
  parameters (the bands as single-amount scales). The formulas use the same NumPy steps as the
  floor below, so what it adds is the framework's. Its float variables are float64 and its
  tri-state variables int8, as in the engine (OpenFisca's float32 would round salaries). It runs
  in its own environment (``var/bench-openfisca``, made on demand with uv: openfisca-core is not
  a dependency of this project), in a subprocess given the columns as an ``.npz`` file; it times
  building each simulation (entities and inputs) apart from ``simulation.calculate``, on a new
  simulation each time (a simulation keeps what it calculated).
- **NumPy floor**: the same rule written directly over the columns, no framework.

All three must give the same status on every row. The calculation figures are the best (and the
median) of ``--repeat`` runs, as CPU time in the process doing the work (``time.process_time``)
and wall time; the targets are on CPU time. It exits 1 when, on either track, the engine is
slower than OpenFisca's calculation, or more than 1.5 times the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OPENFISCA_ENV = ROOT / "var" / "bench-openfisca"
OPENFISCA_VERSION = "46.0.1"
AS_OF = date(2026, 7, 15)
PERIOD = "2026"
FLOOR_RATIO_TARGET = 1.5
FALSE, UNKNOWN, TRUE = 0, 1, 2

TRACK_KEYS = {"standard": "ktech-pass/standard", "qualitative": "ktech-pass/qualitative"}
NUMBER_INPUTS = (
    "postdoc_years",
    "highest_degree_level",
    "rank_level_2",
    "rank_level_2_best",
    "rank_level_3",
    "rank_level_3_best",
    "rank_level_4",
    "rank_level_4_best",
    "global_company_years",
    "global_company_years_best",
    "institute_postdoc_years",
    "institute_postdoc_years_best",
    "experience_years",
    "salary_krw",
    "technical_expertise_score",
    "strategic_value_score",
)
FLAG_INPUTS = ("has_offer",)
CATEGORY_INPUTS = ("offer_industry", "company_size")

Columns = Mapping[str, np.ndarray]
Rule = Mapping[str, Any]


# The rule's steps, in plain NumPy: the floor calls them on the columns, OpenFisca's formulas on
# its variables. -------------------------------------------------------------------------------


def tri(certain: np.ndarray, possible: np.ndarray) -> np.ndarray:
    """int8 tri-state: TRUE where certain, UNKNOWN where only possible, FALSE elsewhere."""
    return np.add(certain.view(np.int8), (certain | possible).view(np.int8))


def reaches(value: np.ndarray, best: np.ndarray, certain: float, possible: float) -> np.ndarray:
    """At least the threshold: for certain at ``certain``, at best at ``possible``; a value and
    best case both not given need review."""
    with np.errstate(invalid="ignore"):
        met = value >= certain
        maybe = met.copy() if best is value and possible == certain else best >= possible
    maybe |= met
    not_given = np.isnan(value)
    if best is not value:
        not_given &= np.isnan(best)
    maybe |= not_given
    return tri(met, maybe)


def within(value: np.ndarray, best: np.ndarray, limit: float) -> np.ndarray:
    """At most the limit (a rank); NaN is none, so not met."""
    with np.errstate(invalid="ignore"):
        met = value <= limit
        maybe = best <= limit
    return tri(met, maybe | met)


def all_of(*parts: np.ndarray) -> np.ndarray:
    """Kleene AND: the least."""
    result = np.minimum(parts[0], parts[1])
    for part in parts[2:]:
        np.minimum(result, part, out=result)
    return result


def any_of(*parts: np.ndarray) -> np.ndarray:
    """Kleene OR: the greatest."""
    result = np.maximum(parts[0], parts[1])
    for part in parts[2:]:
        np.maximum(result, part, out=result)
    return result


def qualification(
    degree: np.ndarray,
    total: np.ndarray,
    global_company: np.ndarray,
    postdoc: np.ndarray,
    institute: np.ndarray,
    waiver: np.ndarray,
) -> np.ndarray:
    """Degree and experience, or the salary waiver with either."""
    experience = any_of(all_of(total, global_company), all_of(postdoc, institute))
    return any_of(all_of(degree, experience), all_of(waiver, any_of(degree, experience)))


def floor_standard(columns: Columns, rule: Rule) -> np.ndarray:
    """The standard track written directly over the columns."""
    number = columns.__getitem__
    salary = number("salary_krw")
    experience = {
        name: reaches(number(fact), number(best) if best else number(fact), threshold, threshold)
        for name, fact, best, threshold in rule["experience_tests"]
    }
    met = qualification(
        within(number(rule["degree_fact"]), number(rule["degree_fact"] + "_best"), rule["cutoff"]),
        experience["total"],
        experience["global_company"],
        experience["postdoc"],
        experience["institute"],
        reaches(salary, salary, *rule["waiver"]),
    )
    industry = in_list(columns["offer_industry"], rule["industry_table"])
    return all_of(columns["has_offer"], industry, reaches(salary, salary, *rule["salary"]), met)


def in_list(codes: np.ndarray, table: np.ndarray) -> np.ndarray:
    """TRUE or FALSE per row by a lookup of each category code in a table of the vocabulary."""
    return np.take(table, codes)


def tier(
    level: np.ndarray, doctorate: np.ndarray, master: np.ndarray, bachelor: np.ndarray, cutoff: float
) -> np.ndarray:
    """Degree tier: 6 doctorate top-ranked, 5 master's top-ranked, 4 doctorate, 3 master's,
    2 bachelor's top-ranked, 1 bachelor's, 0 none (uint8)."""
    with np.errstate(invalid="ignore"):
        tiers = np.maximum((level >= 2).view(np.uint8), np.multiply((bachelor <= cutoff).view(np.uint8), np.uint8(2)))
        for reached, points in (
            (level >= 3, 3),
            (level >= 4, 4),
            (master <= cutoff, 5),
            (doctorate <= cutoff, 6),
        ):
            np.maximum(tiers, np.multiply(reached.view(np.uint8), np.uint8(points)), out=tiers)
    return tiers


def band_points(value: np.ndarray, minimums: Sequence[float], points: Sequence[float]) -> np.ndarray:
    """Points of the highest band whose minimum the value reaches (minimums ascending; NaN: 0)."""
    table = np.asarray([0.0, *points])
    if value.dtype == np.uint8:
        return np.take(table[np.searchsorted(np.asarray(minimums), np.arange(256), side="right")], value)
    reached = np.zeros(len(value), dtype=np.int8)
    with np.errstate(invalid="ignore"):
        for minimum in minimums:
            np.add(reached, value >= minimum, out=reached, casting="unsafe")
    return np.take(table, reached)


def score(entered: np.ndarray, maximum: float) -> tuple[np.ndarray, np.ndarray]:
    """Evaluator points capped at the maximum: 0 for certain and the maximum at best when not entered."""
    best = np.fmin(entered, maximum)
    np.maximum(best, -np.finfo(np.float64).max, out=best)
    return np.multiply(best, ~np.isnan(entered)), best


def capped_total(cap: float, parts: Sequence[np.ndarray]) -> np.ndarray:
    total = parts[0] + parts[1]
    for part in parts[2:]:
        total += part
    return np.minimum(total, cap, out=total)


def decision(
    offer: np.ndarray, industry: np.ndarray, total: np.ndarray, total_best: np.ndarray, rule: Rule
) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        reached = tri(total >= rule["pass_mark_certain"], total_best >= rule["pass_mark_best"])
    result = np.minimum(offer, industry)
    return np.minimum(result, reached, out=result)


def floor_qualitative(columns: Columns, rule: Rule) -> np.ndarray:
    """The points track written directly over the columns: what NumPy alone costs."""
    number = columns.__getitem__
    gate_offer = columns["has_offer"]
    industry = in_list(columns["offer_industry"], rule["industry_table"])
    parts, best_parts = [], []
    level = number("highest_degree_level")
    for suffix, into in (("", parts), ("_best", best_parts)):
        tiers = tier(
            level,
            number(f"rank_level_4{suffix}"),
            number(f"rank_level_3{suffix}"),
            number(f"rank_level_2{suffix}"),
            rule["cutoff"],
        )
        into.append(band_points(tiers, *rule["degree_bands"]))
        employer_years = number(f"global_company_years{suffix}") + number(f"institute_postdoc_years{suffix}")
        into.append(band_points(employer_years, *rule["employer_bands"]))
    experience = band_points(number("experience_years"), *rule["experience_bands"])
    parts.append(experience)
    best_parts.append(experience)
    parts.append(band_points(number("salary_krw"), *rule["salary_bands_certain"]))
    best_parts.append(band_points(number("salary_krw"), *rule["salary_bands_best"]))
    for name, maximum in (("technical_expertise_score", "technical_max"), ("strategic_value_score", "strategic_max")):
        certain, best = score(number(name), rule[maximum])
        parts.append(certain)
        best_parts.append(best)
    size = columns["company_size"]
    sme = size == rule["sme_code"]
    parts.append(np.multiply(sme, rule["sme_bonus"]))
    best_parts.append(np.multiply(sme | (size == rule["midsize_code"]), rule["sme_bonus"]))
    return decision(gate_offer, industry, capped_total(rule["cap"], parts), capped_total(rule["cap"], best_parts), rule)


# The rule read from the engine's parameters --------------------------------------------------


def rule_from_engine(as_of: date) -> dict[str, Any]:
    """The numbers the K-Tech Pass points track uses on ``as_of``, worked out as the engine does
    (band minimums times the scale, moved by the estimates' uncertainty; the pass mark likewise)."""
    from talentcenter.policy.engine import baseline
    from talentcenter.policy.engine.facts import CATEGORY_FACTS

    resolved = baseline().resolve(as_of)

    def uncertainty(*names: str) -> tuple[float, float]:
        bands = [resolved.uncertainty(name) for name in names]
        return max(low for low, _ in bands), max(high for _, high in bands)

    def bands(name: str, scale: float = 1.0, *more: str) -> tuple[list[float], list[float], list[float]]:
        ordered = sorted(resolved.value(name))
        below, above = uncertainty(name, *more)
        minimums = [minimum * scale for minimum, _points in ordered]
        points = [float(band_points) for _minimum, band_points in ordered]
        return [m * (1.0 + above) for m in minimums], [m * (1.0 - below) for m in minimums], points

    prefix = "ktech_pass.qualitative."
    gni = float(resolved.value("gni.per_capita_krw"))
    industries = CATEGORY_FACTS["offer_industry"]
    industry_table = [TRUE if code in resolved.value("ktech_pass.industries") else FALSE for code in industries]
    degree = bands(prefix + "degree_points", 1.0, "ktech_pass.university_rank_cutoff")
    employer = bands(prefix + "employer_points")
    experience = bands(prefix + "experience_points")
    salary_certain, salary_best, salary_points = bands(prefix + "salary_points", gni, "gni.per_capita_krw")
    pass_mark = float(resolved.value(prefix + "pass_mark"))
    below, above = uncertainty(prefix + "pass_mark")
    for name, (certain, best, _points) in (("degree", degree), ("employer", employer), ("experience", experience)):
        if certain != best:
            raise SystemExit(f"the {name} bands became estimates: this bench compares one threshold per band")
    for parameter in (
        "degree_minimum_level",
        "university_rank_cutoff",
        "experience_years",
        "global_company_years",
        "postdoc_years",
        "institute_years",
    ):
        if uncertainty(f"ktech_pass.{parameter}") != (0.0, 0.0):
            raise SystemExit(f"ktech_pass.{parameter} became an estimate: this bench compares one threshold")
    sizes = CATEGORY_FACTS["company_size"]

    def salary_test(multiple: str) -> list[float]:
        threshold = float(np.round(gni * float(resolved.value(multiple)), 2))  # the engine's _krw
        low, high = uncertainty("gni.per_capita_krw", multiple)
        return [threshold * (1.0 + high), threshold * (1.0 - low)]

    level = int(min(4, max(2, resolved.value("ktech_pass.degree_minimum_level") or 3)))
    return {
        "salary": salary_test("ktech_pass.salary_gni_multiple"),
        "waiver": salary_test("ktech_pass.waiver_gni_multiple"),
        "degree_fact": f"rank_level_{level}",
        "experience_tests": [
            [name, fact, best, float(resolved.value(f"ktech_pass.{parameter}"))]
            for name, fact, best, parameter in (
                ("total", "experience_years", None, "experience_years"),
                ("global_company", "global_company_years", "global_company_years_best", "global_company_years"),
                ("postdoc", "postdoc_years", None, "postdoc_years"),
                ("institute", "institute_postdoc_years", "institute_postdoc_years_best", "institute_years"),
            )
        ],
        "industry_table": industry_table,
        "cutoff": float(resolved.value("ktech_pass.university_rank_cutoff")),
        "degree_bands": [degree[0], degree[2]],
        "employer_bands": [employer[0], employer[2]],
        "experience_bands": [experience[0], experience[2]],
        "salary_bands_certain": [salary_certain, salary_points],
        "salary_bands_best": [salary_best, salary_points],
        "technical_max": float(resolved.value(prefix + "technical_expertise_max")),
        "strategic_max": float(resolved.value(prefix + "strategic_value_max")),
        "sme_bonus": float(resolved.value(prefix + "sme_bonus")),
        "sme_code": sizes.index("sme"),
        "midsize_code": sizes.index("midsize"),
        "cap": float(resolved.value(prefix + "total_cap")),
        "pass_mark_certain": pass_mark * (1.0 + above),
        "pass_mark_best": pass_mark * (1.0 - below),
    }


def _as_arrays(rule: Rule) -> dict[str, Any]:
    arrays = dict(rule)
    arrays["industry_table"] = np.asarray(rule["industry_table"], dtype=np.int8)
    return arrays


# Timing --------------------------------------------------------------------------------------


def _nothing() -> None:
    return None


def timed(function: Callable[[Any], Any], repeat: int, prepare: Callable[[], Any] = _nothing) -> dict[str, Any]:
    """Wall and CPU seconds of each run of ``function(prepare())``; ``prepare`` is not timed."""
    walls, cpus, value = [], [], None
    for _ in range(repeat):
        argument = prepare()
        started, cpu_started = time.perf_counter(), time.process_time()
        value = function(argument)
        cpus.append(time.process_time() - cpu_started)
        walls.append(time.perf_counter() - started)
    return {"wall": walls, "cpu": cpus, "value": value}


def _summary(runs: Mapping[str, list[float]]) -> dict[str, float]:
    return {
        "cpu_best_ms": round(min(runs["cpu"]) * 1e3, 2),
        "cpu_median_ms": round(statistics.median(runs["cpu"]) * 1e3, 2),
        "wall_best_ms": round(min(runs["wall"]) * 1e3, 2),
        "wall_median_ms": round(statistics.median(runs["wall"]) * 1e3, 2),
    }


# OpenFisca, in its own environment ------------------------------------------------------------


def _openfisca_system(rule: Rule) -> Any:
    """A tax-benefit system with one person entity, the inputs, one variable per step, and the
    rule's numbers as dated parameters."""
    from openfisca_core.entities import build_entity
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    applicant = build_entity(key="applicant", plural="applicants", label="Applicant", is_person=True)
    system = TaxBenefitSystem([applicant])
    start = "2026-01-01"

    def dated(value: Any) -> dict[str, Any]:
        return {"values": {start: value}}

    def scale(minimums: Sequence[float], points: Sequence[float]) -> dict[str, Any]:
        return {
            "metadata": {"type": "single_amount"},
            "brackets": [
                {"threshold": {start: minimum}, "amount": {start: amount}}
                for minimum, amount in zip(minimums, points, strict=True)
            ],
        }

    system.parameters = ParameterNode(
        "",
        data={
            "ktech": {
                "industry_table": dated([int(code) for code in rule["industry_table"]]),
                "cutoff": dated(rule["cutoff"]),
                "degree": scale(*rule["degree_bands"]),
                "employer": scale(*rule["employer_bands"]),
                "experience": scale(*rule["experience_bands"]),
                "salary_certain": scale(*rule["salary_bands_certain"]),
                "salary_best": scale(*rule["salary_bands_best"]),
                "technical_max": dated(rule["technical_max"]),
                "strategic_max": dated(rule["strategic_max"]),
                "sme_bonus": dated(rule["sme_bonus"]),
                "sme_code": dated(rule["sme_code"]),
                "midsize_code": dated(rule["midsize_code"]),
                "cap": dated(rule["cap"]),
                "pass_mark_certain": dated(rule["pass_mark_certain"]),
                "pass_mark_best": dated(rule["pass_mark_best"]),
                "salary_test_certain": dated(rule["salary"][0]),
                "salary_test_possible": dated(rule["salary"][1]),
                "waiver_test_certain": dated(rule["waiver"][0]),
                "waiver_test_possible": dated(rule["waiver"][1]),
                **{f"{name}_years": dated(threshold) for name, _fact, _best, threshold in rule["experience_tests"]},
            }
        },
    )

    def variable(name: str, dtype: Any, formula: Callable[..., np.ndarray] | None = None) -> None:
        def init(self: Any, baseline_variable: Any = None) -> None:
            Variable.__init__(self, baseline_variable)
            self.dtype = dtype  # float64 and int8 as in the engine, not OpenFisca's float32 and int32

        body: dict[str, Any] = {
            "value_type": float if dtype == np.float64 else int,
            "entity": applicant,
            "definition_period": DateUnit.YEAR,
            "label": name,
            "__init__": init,
        }
        if formula is not None:
            body["formula"] = formula
        system.add_variable(type(name, (Variable,), body))

    for name in NUMBER_INPUTS:
        variable(name, np.float64)
    for name in FLAG_INPUTS:
        variable(name, np.int8)
    for name in CATEGORY_INPUTS:
        variable(name, np.int16)

    def ktech(period: Any, parameters: Any) -> Any:
        return parameters(period).ktech

    def bands(scale_parameters: Any) -> tuple[list[float], list[float]]:
        return list(scale_parameters.thresholds), list(scale_parameters.amounts)

    def industry(person: Any, period: Any, parameters: Any) -> np.ndarray:
        table = np.asarray(ktech(period, parameters).industry_table, dtype=np.int8)
        return in_list(person("offer_industry", period), table)

    def tier_of(suffix: str) -> Callable[..., np.ndarray]:
        def formula(person: Any, period: Any, parameters: Any) -> np.ndarray:
            return tier(
                person("highest_degree_level", period),
                person(f"rank_level_4{suffix}", period),
                person(f"rank_level_3{suffix}", period),
                person(f"rank_level_2{suffix}", period),
                ktech(period, parameters).cutoff,
            )

        return formula

    def points_of(value: str, scale_name: str) -> Callable[..., np.ndarray]:
        def formula(person: Any, period: Any, parameters: Any) -> np.ndarray:
            return band_points(person(value, period), *bands(getattr(ktech(period, parameters), scale_name)))

        return formula

    def employer_years(suffix: str) -> Callable[..., np.ndarray]:
        def formula(person: Any, period: Any) -> np.ndarray:
            years: np.ndarray = person(f"global_company_years{suffix}", period) + person(
                f"institute_postdoc_years{suffix}", period
            )
            return years

        return formula

    def score_of(fact: str, maximum: str, part: int) -> Callable[..., np.ndarray]:
        def formula(person: Any, period: Any, parameters: Any) -> np.ndarray:
            return score(person(fact, period), getattr(ktech(period, parameters), maximum))[part]

        return formula

    def sme_points(person: Any, period: Any, parameters: Any) -> np.ndarray:
        numbers = ktech(period, parameters)
        return np.multiply(person("company_size", period) == numbers.sme_code, numbers.sme_bonus)

    def sme_points_best(person: Any, period: Any, parameters: Any) -> np.ndarray:
        numbers = ktech(period, parameters)
        size = person("company_size", period)
        return np.multiply((size == numbers.sme_code) | (size == numbers.midsize_code), numbers.sme_bonus)

    def total_of(suffix: str) -> Callable[..., np.ndarray]:
        names = ("degree_points", "employer_points", "experience_points", "salary_points")
        names += ("technical_points", "strategic_points", "sme_points")

        def formula(person: Any, period: Any, parameters: Any) -> np.ndarray:
            parts = [person(f"{name}{suffix}", period) for name in names]
            return capped_total(ktech(period, parameters).cap, parts)

        return formula

    def status(person: Any, period: Any, parameters: Any) -> np.ndarray:
        numbers = ktech(period, parameters)
        rule = {"pass_mark_certain": numbers.pass_mark_certain, "pass_mark_best": numbers.pass_mark_best}
        return decision(
            person("has_offer", period),
            person("in_target_industry", period),
            person("total_points", period),
            person("total_points_best", period),
            rule,
        )

    variable("in_target_industry", np.int8, industry)
    for suffix in ("", "_best"):
        variable(f"degree_tier{suffix}", np.uint8, tier_of(suffix))
        variable(f"degree_points{suffix}", np.float64, points_of(f"degree_tier{suffix}", "degree"))
        variable(f"employer_years{suffix}", np.float64, employer_years(suffix))
        variable(f"employer_points{suffix}", np.float64, points_of(f"employer_years{suffix}", "employer"))
        variable(f"total_points{suffix}", np.float64, total_of(suffix))
    variable("experience_points", np.float64, points_of("experience_years", "experience"))
    variable("experience_points_best", np.float64, points_of("experience_years", "experience"))
    variable("salary_points", np.float64, points_of("salary_krw", "salary_certain"))
    variable("salary_points_best", np.float64, points_of("salary_krw", "salary_best"))
    for name, fact, maximum in (
        ("technical_points", "technical_expertise_score", "technical_max"),
        ("strategic_points", "strategic_value_score", "strategic_max"),
    ):
        variable(name, np.float64, score_of(fact, maximum, 0))
        variable(f"{name}_best", np.float64, score_of(fact, maximum, 1))
    variable("sme_points", np.float64, sme_points)
    variable("sme_points_best", np.float64, sme_points_best)
    variable("ktech_qualitative_status", np.int8, status)

    def salary_test(prefix: str) -> Callable[..., np.ndarray]:
        def formula(person: Any, period: Any, parameters: Any) -> np.ndarray:
            numbers = ktech(period, parameters)
            salary = person("salary_krw", period)
            return reaches(
                salary, salary, getattr(numbers, f"{prefix}_test_certain"), getattr(numbers, f"{prefix}_test_possible")
            )

        return formula

    def experience_test(name: str, fact: str, best: str | None) -> Callable[..., np.ndarray]:
        def formula(person: Any, period: Any, parameters: Any) -> np.ndarray:
            value = person(fact, period)
            threshold = getattr(ktech(period, parameters), f"{name}_years")
            return reaches(value, person(best, period) if best else value, threshold, threshold)

        return formula

    def degree(person: Any, period: Any, parameters: Any) -> np.ndarray:
        fact = rule["degree_fact"]
        return within(person(fact, period), person(f"{fact}_best", period), ktech(period, parameters).cutoff)

    def qualified(person: Any, period: Any) -> np.ndarray:
        parts = ("degree", "experience_total", "experience_global_company", "experience_postdoc")
        parts += ("experience_institute", "salary_waiver")
        return qualification(*(person(f"{name}_met", period) for name in parts))

    def standard_status(person: Any, period: Any) -> np.ndarray:
        names = ("has_offer", "in_target_industry", "salary_met", "qualification_met")
        return all_of(*(person(name, period) for name in names))

    variable("salary_met", np.int8, salary_test("salary"))
    variable("salary_waiver_met", np.int8, salary_test("waiver"))
    variable("degree_met", np.int8, degree)
    for name, fact, best, _threshold in rule["experience_tests"]:
        variable(f"experience_{name}_met", np.int8, experience_test(name, fact, best))
    variable("qualification_met", np.int8, qualified)
    variable("ktech_standard_status", np.int8, standard_status)
    return system


def openfisca_worker(directory: Path, repeat: int, tracks: Sequence[str]) -> None:
    """Run inside the OpenFisca environment: build, and calculate each track's status on a new
    simulation, ``repeat`` times; write the timings and the statuses."""
    import importlib.metadata

    from openfisca_core.simulations import SimulationBuilder

    with np.load(directory / "inputs.npz") as loaded:
        columns = {name: loaded[name] for name in loaded.files}
    rule = json.loads((directory / "rule.json").read_text())
    rows = len(columns["salary_krw"])
    system = _openfisca_system(rule)

    def build(_: Any = None) -> Any:
        simulation = SimulationBuilder().build_default_simulation(system, count=rows)
        for name, column in columns.items():
            simulation.set_input(name, PERIOD, column)
        return simulation

    built = timed(build, repeat)
    calculated = {}
    for track in tracks:
        variable = f"ktech_{track}_status"
        runs = timed(lambda simulation, variable=variable: simulation.calculate(variable, PERIOD), repeat, build)
        np.save(directory / f"{track}.npy", runs["value"])
        calculated[track] = _summary(runs)
    result = {
        "build": _summary(built),
        "calculate": calculated,
        "openfisca_core": importlib.metadata.version("openfisca-core"),
        "numpy": np.__version__,
        "python": platform.python_version(),
        "variables": len(system.variables),
    }
    (directory / "result.json").write_text(json.dumps(result))


def _uv() -> str | None:
    found = shutil.which("uv")
    if found:
        return found
    tools = ROOT / "var" / "tools" / "bin" / "uv"
    return str(tools) if tools.exists() else None


def openfisca_python() -> Path:
    """The interpreter of ``var/bench-openfisca``, made and filled on first use (uv when there is
    one, else venv and pip), with the same NumPy version as this environment."""
    python = OPENFISCA_ENV / "bin" / "python"
    wanted = [f"openfisca-core=={OPENFISCA_VERSION}", f"numpy=={np.__version__}"]
    check = "import importlib.metadata as m, numpy; print(m.version('openfisca-core'), numpy.__version__)"
    if python.exists():
        found = subprocess.run([str(python), "-c", check], capture_output=True, text=True, check=False)
        if found.returncode == 0 and found.stdout.split() == [OPENFISCA_VERSION, np.__version__]:
            return python
    print(f"installing {' '.join(wanted)} into {OPENFISCA_ENV.relative_to(ROOT)} ...", flush=True)
    uv = _uv()
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    if uv:
        subprocess.run([uv, "venv", "--quiet", "--python", version, str(OPENFISCA_ENV)], check=True)
        subprocess.run([uv, "pip", "install", "--quiet", "--python", str(python), *wanted], check=True)
    else:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(OPENFISCA_ENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *wanted], check=True)
    return python


def run_openfisca(
    columns: Columns, rule: Rule, repeat: int, tracks: Sequence[str]
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    python = openfisca_python()
    with tempfile.TemporaryDirectory(prefix="openfisca-bench-") as folder:
        directory = Path(folder)
        np.savez(directory / "inputs.npz", **columns)
        (directory / "rule.json").write_text(json.dumps(rule))
        subprocess.run(
            [
                str(python),
                str(Path(__file__).resolve()),
                *("--openfisca-worker", folder, "--repeat", str(repeat), "--track", ",".join(tracks)),
            ],
            check=True,
            env={**os.environ, "PYTHONPATH": ""},
        )
        result = json.loads((directory / "result.json").read_text())
        statuses = {track: np.load(directory / f"{track}.npy") for track in tracks}
    return result, statuses


# The comparison -------------------------------------------------------------------------------


FLOORS: dict[str, Callable[[Columns, Rule], np.ndarray]] = {
    "standard": floor_standard,
    "qualitative": floor_qualitative,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--track", default="standard,qualitative", help="standard, qualitative or both (comma)")
    parser.add_argument("--openfisca-worker", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    tracks = [track for track in options.track.split(",") if track]
    if not tracks or set(tracks) - set(TRACK_KEYS):
        parser.error(f"--track: one or more of {', '.join(TRACK_KEYS)}")
    if options.openfisca_worker:
        openfisca_worker(options.openfisca_worker, options.repeat, tracks)
        return 0

    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    import django

    django.setup()
    from talentcenter.policy.engine import TRACKS, baseline, evaluate
    from talentcenter.policy.engine.synthetic import synthetic_pool

    pool = synthetic_pool(options.rows, seed=options.seed, as_of=AS_OF)
    frame = pool.frame
    shipped = baseline()
    rule = rule_from_engine(AS_OF)
    rule_arrays = _as_arrays(rule)
    columns = {name: frame.number(name) for name in NUMBER_INPUTS}
    columns.update({name: frame.flag(name) for name in FLAG_INPUTS})
    columns.update({name: frame.categories[name] for name in CATEGORY_INPUTS})
    openfisca, openfisca_statuses = run_openfisca(columns, rule, options.repeat, tracks)

    cores = os.cpu_count() or 0
    print(
        f"machine: {platform.machine()} {cores} cores, Python {platform.python_version()}, NumPy {np.__version__};"
        f" OpenFisca-core {openfisca['openfisca_core']} (NumPy {openfisca['numpy']},"
        f" {openfisca['variables']} variables); {frame.n:,} synthetic applicants on {AS_OF}"
    )
    header = f"{'':22} {'CPU best':>9} {'CPU median':>11} {'wall best':>10} {'wall median':>12}"
    summary: dict[str, Any] = {"benchmark": "policy_vs_openfisca", "rows": frame.n}
    missed = False
    for name in tracks:
        track = next(track for track in TRACKS if track.key == TRACK_KEYS[name])
        evaluate(frame.take(np.arange(min(1000, frame.n))), shipped, AS_OF, [track])  # warm caches
        engine = timed(
            lambda _, track=track: evaluate(frame, shipped, AS_OF, [track])[track.key].status, options.repeat
        )
        numpy_floor = timed(lambda _, name=name: FLOORS[name](columns, rule_arrays), options.repeat)
        statuses = {"openfisca": openfisca_statuses[name], "floor": numpy_floor["value"]}
        differing = {
            other: int(np.count_nonzero(np.asarray(values, dtype=np.int8) != engine["value"]))
            for other, values in statuses.items()
        }
        counts = np.bincount(engine["value"], minlength=3)
        figures = {
            "engine": _summary(engine),
            "openfisca_calculate": openfisca["calculate"][name],
            "numpy_floor": _summary(numpy_floor),
        }
        print(
            f"\nK-Tech Pass {name} track: not eligible {counts[FALSE]:,}, needs review {counts[UNKNOWN]:,},"
            f" eligible {counts[TRUE]:,}; rows whose status differs from the engine's: {differing}"
        )
        print(f"{header}  (ms, {options.repeat} runs)")
        for label, figure in figures.items():
            print(
                f"{label:22} {figure['cpu_best_ms']:9.2f} {figure['cpu_median_ms']:11.2f}"
                f" {figure['wall_best_ms']:10.2f} {figure['wall_median_ms']:12.2f}"
            )
        engine_cpu = figures["engine"]["cpu_best_ms"]
        versus_openfisca = engine_cpu / figures["openfisca_calculate"]["cpu_best_ms"]
        versus_floor = engine_cpu / figures["numpy_floor"]["cpu_best_ms"]
        print(
            f"engine / OpenFisca calculate: {versus_openfisca:.2f} (target <= 1);"
            f" engine / NumPy floor: {versus_floor:.2f} (target <= {FLOOR_RATIO_TARGET})"
        )
        summary.update(
            {f"{name}_{label}_{key}": value for label, figure in figures.items() for key, value in figure.items()}
        )
        summary[f"{name}_engine_vs_openfisca"] = round(versus_openfisca, 2)
        summary[f"{name}_engine_vs_floor"] = round(versus_floor, 2)
        if any(differing.values()):
            print(f"DECISIONS DIFFER on the {name} track", file=sys.stderr)
            missed = True
        if versus_openfisca > 1 or versus_floor > FLOOR_RATIO_TARGET:
            print(f"TARGET MISSED on the {name} track", file=sys.stderr)
            missed = True
    build = openfisca["build"]
    print(
        f"\nOpenFisca simulation build (entities and inputs, not in the figures above): CPU best"
        f" {build['cpu_best_ms']:.2f} ms, median {build['cpu_median_ms']:.2f} ms;"
        f" load average {os.getloadavg()[0]:.2f} on {cores} cores"
    )
    summary.update({f"openfisca_build_{key}": value for key, value in build.items()})
    summary["load_average"] = round(os.getloadavg()[0], 2)
    print(json.dumps(summary))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
