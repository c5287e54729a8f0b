"""The rules in force on a date, read from the same parameters and tracks the engine runs.

Nothing on the public rules page is written twice: which parameters a track uses is found by
running the track's rule on an empty applicant (the :class:`Context` records every parameter a
rule reads), values, dates, sources and notes come from ``policy/parameters/*.yaml``, and the
plain-language summaries below fill their numbers from the values in force on the date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from talentcenter.foundation.i18n import in_language
from talentcenter.policy import selectors
from talentcenter.policy.citing import CitedSource, cited
from talentcenter.policy.engine.evaluate import format_krw as engine_format_krw
from talentcenter.policy.engine.evaluate import format_parameter_value as engine_format_parameter_value
from talentcenter.policy.engine.evaluate import no_published_value, track_in_force
from talentcenter.policy.engine.facts import CATEGORY_FACTS, FLAG_FACTS, NUMBER_FACTS, UNKNOWN, FactFrame
from talentcenter.policy.engine.parameters import DatedValue, Parameter, ParameterSet, baseline
from talentcenter.policy.engine.programmes import GNI, PROGRAMMES, TRACKS
from talentcenter.policy.engine.rules import Context, Track
from talentcenter.policy.translation import translated
from talentcenter.reference.models import ListEdition

PROGRAMME_LABELS: Mapping[str, Any] = {
    "ktech-pass": _("K-Tech Pass"),
    "top-tier-visa": _("Top-tier visa (F-2-T)"),
    "kotra-recommendation": _("KOTRA employment recommendation"),
    "e7-1": _("E-7-1 professional visa"),
    "k-star": _("K-STAR track"),
    "d10-3": _("D-10-3 high-tech internship"),
    "f2-r": _("F-2-R regional talent visa"),
}


@dataclass(frozen=True)
class Summary:
    """A plain-language rule whose ``{placeholders}`` are parameter values in force on the date."""

    text: Any
    values: Mapping[str, str] = field(default_factory=dict)


# Faithful to ../shared/policy/REFERENCE.md (sections in brackets) and to programmes.py.
SUMMARIES: Mapping[str, Summary] = {
    # §1.2: cumulative tests, the only waiver is the 4x GNI one.
    "ktech-pass/standard": Summary(
        _(
            "For a job offer from a Korean company in one of the target advanced industries. Every test must be "
            "met: an annual salary of at least {salary_multiple} per-capita GNI; a master's or doctorate from a "
            "university ranked in the top {rank_cutoff} (QS World or U.S. News Best Global; SNU, KAIST, Yonsei, "
            "Korea University and POSTECH count too); and either {experience} of work including {global_company} "
            "at a global top-500 company, or {postdoc} of post-doctoral research including {institute} at a "
            "world-class research institute. With a salary of at least {waiver_multiple} per-capita GNI, one of "
            "the degree or the experience test may be unmet."
        ),
        {
            "salary_multiple": "ktech_pass.salary_gni_multiple",
            "rank_cutoff": "ktech_pass.university_rank_cutoff",
            "experience": "ktech_pass.experience_years",
            "global_company": "ktech_pass.global_company_years",
            "postdoc": "ktech_pass.postdoc_years",
            "institute": "ktech_pass.institute_years",
            "waiver_multiple": "ktech_pass.waiver_gni_multiple",
        },
    ),
    # §1.6: announced by one news report; pass mark and sub-items not published.
    "ktech-pass/qualitative": Summary(
        _(
            "A job offer in a target advanced industry, then a score out of {cap} points: 65 points computed "
            "from degree pedigree, employer history, total experience and salary, and 35 points given by "
            "evaluators for technical expertise and strategic value to the hiring company. Small and "
            "medium-sized hiring companies add {sme_bonus} bonus points (the total stays capped at {cap}). "
            "The pass mark ({pass_mark}) and the split of the points are not published: the values used here "
            "are the center's working assumption until the official notice is published. This track is known "
            "from a single news report."
        ),
        {
            "cap": "ktech_pass.qualitative.total_cap",
            "sme_bonus": "ktech_pass.qualitative.sme_bonus",
            "pass_mark": "ktech_pass.qualitative.pass_mark",
        },
    ),
    "ktech-pass/government-programme": Summary(
        _(
            "Scholars recruited through a government programme of the Ministry of Health and Welfare or the "
            "Korea AeroSpace Administration receive the K-Tech Pass without the other tests. The programmes "
            "are not named in public sources; the list used here is the center's working assumption until the "
            "official notice is published. This track is known from a single news report."
        )
    ),
    # §2.2: the same test as the K-Tech Pass; TOPIK is a dated parameter (not required).
    "top-tier-visa/standard": Summary(
        _(
            "The Ministry of Justice's top-tier residence visa applies the same test as the K-Tech Pass "
            "standard track: a job offer in a target industry, a salary of at least {salary_multiple} per-capita "
            "GNI, a master's or doctorate from a university ranked in the top {rank_cutoff}, and {experience} "
            "of work including {global_company} at a global top-500 company (or {postdoc} of post-doctoral "
            "research including {institute} at a world-class institute). At {waiver_multiple} per-capita GNI "
            "one of the degree or the experience test may be unmet. Korean language (TOPIK): {topik}. "
            "Permanent residence (F-5) can be applied for after {permanent_residence}."
        ),
        {
            "salary_multiple": "top_tier_visa.salary_gni_multiple",
            "rank_cutoff": "top_tier_visa.university_rank_cutoff",
            "experience": "top_tier_visa.experience_years",
            "global_company": "top_tier_visa.global_company_years",
            "postdoc": "top_tier_visa.postdoc_years",
            "institute": "top_tier_visa.institute_years",
            "waiver_multiple": "top_tier_visa.waiver_gni_multiple",
            "topik": "top_tier_visa.topik_requirement",
            "permanent_residence": "top_tier_visa.permanent_residence_after_years",
        },
    ),
    # §2.2 and §4.5: D-10 without a job offer, up to two years.
    "top-tier-visa/job-seeking": Summary(
        _(
            "Without a job offer, a graduate with a {degree_level} degree or higher from a university ranked "
            "in the top {rank_cutoff} may look for work in Korea on a job-seeking visa (D-10) for up to "
            "{max_stay}."
        ),
        {
            "degree_level": "top_tier_visa.job_seeking_degree_minimum_level",
            "rank_cutoff": "top_tier_visa.university_rank_cutoff",
            "max_stay": "top_tier_visa.job_seeking_max_years",
        },
    ),
    # §3.3: any one of four routes, in one of KOTRA's eight fields.
    "kotra-recommendation/standard": Summary(
        _(
            "KOTRA recommends an E-7 visa for a job offer in one of its eight technology fields when one route "
            "is met: a {master_level} degree or higher in the related field; a {korean_level} degree or higher "
            "from a Korean university in the related field; a {korean_level} degree or higher from a foreign "
            "university with {foreign_experience} of related experience; or {experience_only} of related "
            "experience."
        ),
        {
            "master_level": "kotra_recommendation.master_minimum_level",
            "korean_level": "kotra_recommendation.korean_degree_minimum_level",
            "foreign_experience": "kotra_recommendation.foreign_degree_experience_years",
            "experience_only": "kotra_recommendation.experience_only_years",
        },
    ),
    # §3.1-3.2: general requirement and the wage floor (a share of GNI until March 2025, then fixed).
    "e7-1/standard": Summary(
        _(
            "A job offer in one of the 67 E-7-1 occupations, the general requirement (a {master_level} degree "
            "or higher in a related field, a related bachelor's degree with {bachelor_experience} of related "
            "experience, or {experience_only} of related experience) and an annual salary at or above the wage "
            "floor in force. Until March 2025 the floor was a share of per-capita GNI (lower for small and "
            "medium-sized and non-capital-region companies); since April 2025 it is a fixed amount for all "
            "companies. Special routes replace the general requirement: {global_company} of specialist work at "
            "a global top-500 company; a bachelor's degree or higher from a university in the THE top "
            "{the_cutoff} or the QS top {qs_cutoff}; an employment recommendation from KOTRA or the competent "
            "ministry; {intern_years} of internship on the D-10-3 visa; or an income of {income_multiple} "
            "per-capita GNI. The employer's foreign employees, with this hire, may be at most {ratio} of its "
            "insured Korean employees."
        ),
        {
            "master_level": "e7_1.related_master_minimum_level",
            "bachelor_experience": "e7_1.bachelor_experience_years",
            "experience_only": "e7_1.experience_only_years",
            "global_company": "e7_1.special_global_company_years",
            "the_cutoff": "e7_1.special_the_rank_cutoff",
            "qs_cutoff": "e7_1.special_qs_rank_cutoff",
            "intern_years": "e7_1.special_intern_years",
            "income_multiple": "e7_1.special_salary_gni_multiple",
            "ratio": "e7_1.foreign_worker_share_max",
        },
    ),
    # §4.1
    "k-star/standard": Summary(
        _(
            "Graduates with a {degree_level} degree or higher in science or engineering from a designated "
            "institution, or post-doctoral researchers at one, recommended by its president, may receive the "
            "F-2 residence visa on graduation without a job offer. 32 institutions are designated; only the "
            "original five (KAIST, DGIST, UNIST, GIST and UST) are listed here, so the others are checked by "
            "staff."
        ),
        {"degree_level": "k_star.degree_minimum_level"},
    ),
    # §4.5
    "d10-3/standard": Summary(
        _(
            "A high-tech internship visa for current students and recent graduates (within {window}) in a "
            "high-tech major, with a {degree_level} degree or higher from a university in the THE top "
            "{the_cutoff} or the QS top {qs_cutoff} (the editions in force), hosted by a listed company with "
            "R&D facilities, a corporate research institute, a venture or a government research institute. "
            "The host's foreign interns, with this one, may be at most {cap} of its Korean employees (small and "
            "medium-sized companies and ventures are exempt for 3 years after founding). Where a ranking is "
            "not loaded in full, a university missing from it needs review."
        ),
        {
            "window": "d10_3.graduation_window_years",
            "degree_level": "d10_3.degree_minimum_level",
            "the_cutoff": "d10_3.the_rank_cutoff",
            "qs_cutoff": "d10_3.qs_rank_cutoff",
            "cap": "d10_3.foreign_intern_share_max",
        },
    ),
    # §4.4
    "f2-r/standard": Summary(
        _(
            "The regional talent visa for work and residence in a population-decline area, in an industry the "
            "local government designated: an income of at least {income_share} of per-capita GNI or a Korean "
            "{degree_level} degree or higher, Korean language at TOPIK (or KIIP) level {topik} or above, and a "
            "recommendation from the local government. Holders of the E-9 visa cannot switch to it."
        ),
        {
            "income_share": "f2_r.income_gni_share",
            "degree_level": "f2_r.degree_minimum_level",
            "topik": "f2_r.topik_minimum_level",
        },
    ),
}


@dataclass(frozen=True)
class DatedRow:
    effective_from: date
    display: str
    sources: tuple[CitedSource, ...]
    note: str
    in_force: bool
    until: date | None = None  # the last day the value applies, when it ends
    estimated: bool = False  # no authority has quoted it (the center worked it out or assumes it)

    @property
    def source(self) -> str:
        """The first (most official) source on one line: its address, else its text."""
        first = self.sources[0] if self.sources else None
        return "" if first is None else first.url or first.text


@dataclass(frozen=True)
class ParameterRow:
    name: str
    label: str
    unit: str
    current: DatedRow | None
    history: tuple[DatedRow, ...]
    derived: str = ""
    unpublished: str = ""  # why there is no value on the date, when the last one ended


@dataclass(frozen=True)
class TrackRules:
    key: str
    programme: str
    track: str
    label: str
    summary: str
    in_force: bool
    in_force_from: date | None
    parameters: tuple[ParameterRow, ...]

    @property
    def anchor(self) -> str:
        return "track-" + self.key.replace("/", "-")


@dataclass(frozen=True)
class ProgrammeRules:
    code: str
    label: str
    tracks: tuple[TrackRules, ...]


@dataclass(frozen=True)
class RulesOnDate:
    as_of: date
    parameter_set_id: str
    parameter_set_digest: str
    programmes: tuple[ProgrammeRules, ...]
    editions: tuple[ListEdition, ...]


def display_value(parameter: Parameter, value: Any) -> str:
    """A parameter value as people read it (a TOPIK level with no value is "not required")."""
    if "topik" in parameter.name and parameter.unit != "codes":
        return str(_("not required")) if value is None else f"{float(value):g}"
    return format_parameter_value(parameter.unit, value)


def format_krw(amount: float) -> str:
    """An amount in won, in the active language (the engine's words, translated)."""
    text: str = translated(engine_format_krw(amount))
    return text


def format_parameter_value(unit: str, value: Any) -> str:
    """A parameter value in the active language (the engine's words, translated)."""
    text: str = translated(engine_format_parameter_value(unit, value))
    return text


def _empty_frame() -> FactFrame:
    return FactFrame.from_columns(
        numbers={name: np.full(1, np.nan) for name in NUMBER_FACTS},
        flags={name: np.full(1, UNKNOWN, dtype=np.int8) for name in FLAG_FACTS},
        categories={
            name: np.full(1, vocabulary.index("other"), dtype=np.int16) for name, vocabulary in CATEGORY_FACTS.items()
        },
    )


_USED_CACHE: dict[str, dict[str, tuple[str, ...]]] = {}


def parameters_used(parameter_set: ParameterSet) -> dict[str, tuple[str, ...]]:
    """Per track, every parameter its rule reads on any date a value changes (in reading order)."""
    cached = _USED_CACHE.get(parameter_set.digest)
    if cached is not None:
        return cached
    dates = sorted(
        {dated.effective_from for parameter in parameter_set.parameters.values() for dated in parameter.values}
        | {
            end + timedelta(days=1)
            for parameter in parameter_set.parameters.values()
            for dated in parameter.values
            if (end := parameter.ends(dated)) is not None
        }
    )
    frame = _empty_frame()
    used: dict[str, tuple[str, ...]] = {}
    for track in TRACKS:
        names: dict[str, None] = {}
        if track.in_force_parameter:
            names[track.in_force_parameter] = None
        for as_of in dates:
            context = Context(frame, parameter_set.resolve(as_of), record=True)
            track.rule(context)
            for name in context.used:
                names[name] = None
            for criterion in context.criteria:
                names.update(dict.fromkeys(criterion.parameters))
        used[track.key] = tuple(names)
    _USED_CACHE.clear()
    _USED_CACHE[parameter_set.digest] = used
    return used


def _note(dated: DatedValue, language: str) -> str:
    return in_language(dated.note_ko, dated.note_en, language=language)


def _parameter_row(parameter: Parameter, parameter_set: ParameterSet, as_of: date, language: str) -> ParameterRow:
    current = parameter.at(as_of)
    history = tuple(
        DatedRow(
            effective_from=dated.effective_from,
            display=display_value(parameter, dated.value),
            sources=cited(dated.cited(), language),
            note=_note(dated, language),
            in_force=dated is current,
            until=parameter.ends(dated),
            estimated=dated.estimated,
        )
        for dated in parameter.values
    )
    derived = ""
    gni = parameter_set[GNI].at(as_of) if GNI in parameter_set.parameters else None
    if (
        "gni" in parameter.name
        and parameter.unit in {"multiple", "share"}
        and current is not None
        and current.value is not None
        and gni is not None
        and gni.value is not None
    ):
        derived = str(
            _("{amount} at the per-capita GNI in force ({gni})").format(
                amount=format_krw(float(current.value) * float(gni.value)), gni=format_krw(float(gni.value))
            )
        )
    return ParameterRow(
        name=parameter.name,
        label=parameter.label(language),
        unit=parameter.unit,
        current=next((row for row in history if row.in_force), None),
        history=history,
        derived=derived,
        unpublished=translated(no_published_value(as_of, language)) if parameter.lapsed(as_of) is not None else "",
    )


def _summary(track: Track, parameter_set: ParameterSet, as_of: date) -> str:
    summary = SUMMARIES.get(track.key)
    if summary is None:
        return str(track.description or "")
    values = {}
    for placeholder, name in summary.values.items():
        parameter = parameter_set[name]
        current = parameter.at(as_of)
        value = None if current is None else current.value
        if value is None:  # a track that starts later: describe it with the value it starts with
            value = next((d.value for d in parameter.values if d.effective_from > as_of and d.value is not None), None)
        values[placeholder] = display_value(parameter, value)
    try:
        return str(summary.text).format(**values)
    except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder
        with override("en"):
            return str(summary.text).format(**values)


def rules_on(*, as_of: date, language: str, parameter_set: ParameterSet | None = None) -> RulesOnDate:
    """Every programme and track on ``as_of``: in force or not, the rule in words, every parameter.

    At most two database queries (the catalogue version and, when it changed, the reference-list
    editions); everything else is the shipped parameter data.
    """
    parameter_set = parameter_set or baseline()
    resolved = parameter_set.resolve(as_of)
    used = parameters_used(parameter_set)
    programmes = []
    for programme in PROGRAMMES:
        tracks = []
        for track in TRACKS:
            if track.programme != programme:
                continue
            start = None
            if track.in_force_parameter:
                first = parameter_set[track.in_force_parameter].values[0]
                current = resolved.value(track.in_force_parameter)
                start = current if isinstance(current, date) else first.value
            tracks.append(
                TrackRules(
                    key=track.key,
                    programme=track.programme,
                    track=track.track,
                    label=translated(track.label),
                    summary=_summary(track, parameter_set, as_of),
                    in_force=track_in_force(track, resolved),
                    in_force_from=start,
                    parameters=tuple(
                        _parameter_row(parameter_set[name], parameter_set, as_of, language) for name in used[track.key]
                    ),
                )
            )
        programmes.append(
            ProgrammeRules(code=programme, label=str(PROGRAMME_LABELS.get(programme, programme)), tracks=tuple(tracks))
        )
    return RulesOnDate(
        as_of=as_of,
        parameter_set_id=parameter_set.id,
        parameter_set_digest=parameter_set.digest,
        programmes=tuple(programmes),
        editions=tuple(sorted(selectors.editions_in_force(as_of), key=lambda edition: edition.kind)),
    )


def parameter_rows(names: list[str], *, as_of: date, language: str) -> list[ParameterRow]:
    """The shipped parameters ``names`` on ``as_of`` (value, date, sources), in the order given;
    unknown names are skipped. Other apps cite rules through this (guides)."""
    parameter_set = baseline()
    return [
        _parameter_row(parameter_set[name], parameter_set, as_of, language)
        for name in names
        if name in parameter_set.parameters
    ]


def parameter_labels(language: str) -> dict[str, str]:
    """Every shipped parameter's name and label, in file order."""
    return {name: parameter.label(language) for name, parameter in baseline().parameters.items()}


def assessment_statistics_with_labels() -> dict[str, Any]:
    """:func:`selectors.assessment_statistics` with each programme's and track's name in the active language."""
    statistics = selectors.assessment_statistics()
    track_labels = {track.key: track.label for track in TRACKS}
    for row in statistics["tracks"]:
        key = f"{row['programme']}/{row['track']}"
        row["programme_label"] = str(PROGRAMME_LABELS.get(row["programme"], row["programme"]))
        row["track_label"] = translated(track_labels.get(key, key))
    return statistics
