"""Scoring: every active profile against one query (or every opening against one profile) at once.

Each component is a fit between 0 and 1 (docs/matching.md, "How candidates are scored"):

- skills: ``Σ w_r · max_c S[r, c] · proficiency_c / 4  /  Σ w_r`` over the requirements ``r``,
  ``w_r`` the weight (1-5), halved (``TALENTCENTER_MATCHING_PREFERRED_FACTOR``) for a preferred
  skill; 1 when the query names no skill;
- education: 1 at or above the minimum, 0.5 one level below, else 0 (1 without a minimum);
- experience: ``min(1, years / minimum)`` (1 without a minimum);
- salary: 1 when the desired salary is at most the offer's maximum, falling linearly to 0 at 30 %
  above it, 0.75 when the talent stated none (1 when the query has no maximum);
- languages: per language 1 at or above the minimum level, 0.5 one level short, 0 else; averaged
  with the same weighting as skills (1 without languages).

The total is ``100 · Σ W_k · fit_k / Σ W_k`` with ``W = TALENTCENTER_MATCHING_WEIGHTS``, plus
``TALENTCENTER_MATCHING_INDUSTRY_BONUS`` points when the opening's industry is one the talent
wants, capped at 100. Hard filters (``TALENTCENTER_MATCHING_HARD_FILTERS``) are boolean masks.

The skill fit never materialises ``n × n_skills`` floats: for each requirement it reads only the
columns with a nonzero credit, takes their maximum as uint8 per credit value, and scales once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings

from talentcenter.matching.index import LANGUAGE_INDEX, OpeningColumns, ProfileColumns, ProfileIndex
from talentcenter.matching.query import CandidateQuery
from talentcenter.matching.taxonomy import Taxonomy

COMPONENTS = ("skills", "experience", "education", "languages", "salary")
DEFAULT_WEIGHTS = {"skills": 0.55, "experience": 0.15, "education": 0.10, "languages": 0.10, "salary": 0.10}
DEFAULT_HARD_FILTERS = {
    "education": True,
    "languages": True,
    "required_skills": False,
    "nationalities": True,
    "fast_track_only": False,
}
EDUCATION_STEP = 10  # talent.enums.EducationLevel values are ten apart: one level below is minimum - 10
SALARY_TOLERANCE = 0.30  # the salary fit reaches 0 at 30 % above the offer's maximum
SALARY_NOT_STATED = 0.75
PARTIAL = 0.5
MIN_YEARS = 1 / 365


@dataclass(frozen=True)
class Settings:
    weights: Mapping[str, float]
    hard_filters: Mapping[str, bool]
    preferred_factor: float = 0.5
    industry_bonus: float = 3.0
    # How far below a minimum degree or language level the hard filters still let a profile through
    # (ranked lower: one level short earns half the fit). 0 makes the minimums strict.
    filter_slack: int = 1

    @classmethod
    def current(cls) -> Settings:
        return cls(
            weights={**DEFAULT_WEIGHTS, **getattr(settings, "TALENTCENTER_MATCHING_WEIGHTS", {})},
            hard_filters={**DEFAULT_HARD_FILTERS, **getattr(settings, "TALENTCENTER_MATCHING_HARD_FILTERS", {})},
            preferred_factor=float(getattr(settings, "TALENTCENTER_MATCHING_PREFERRED_FACTOR", 0.5)),
            industry_bonus=float(getattr(settings, "TALENTCENTER_MATCHING_INDUSTRY_BONUS", 3.0)),
            filter_slack=int(getattr(settings, "TALENTCENTER_MATCHING_FILTER_SLACK", 1)),
        )

    def combine(self, fits: Mapping[str, Any], bonus: Any) -> Any:
        """``min(100, 100 · Σ W_k · fit_k / Σ W_k + bonus)``; constant fits are added once."""
        total_weight = sum(self.weights.get(name, 0.0) for name in COMPONENTS) or 1.0
        constant = 0.0
        total: np.ndarray | None = None
        for name in COMPONENTS:
            factor = 100.0 * self.weights.get(name, 0.0) / total_weight
            value = fits[name]
            if np.ndim(value) == 0:
                constant += factor * float(value)
            elif total is None:
                total = np.asarray(value, dtype=np.float32) * np.float32(factor)
            else:
                total += np.asarray(value, dtype=np.float32) * np.float32(factor)
        if total is None:
            return np.minimum(np.float32(constant) + np.asarray(bonus, dtype=np.float32), np.float32(100.0))
        total += np.float32(constant)
        if np.ndim(bonus):
            total += bonus
        elif bonus:
            total += np.float32(bonus)
        return np.minimum(total, np.float32(100.0), out=total)


# Element-wise fits, shared by both directions and by the explanation --------------------------------


def education_fit(level: Any, minimum: Any) -> Any:
    """1 at or above ``minimum``, 0.5 one level below, 0 below that or unknown; 1 when minimum is 0."""
    level = np.asarray(level, dtype=np.int16)
    minimum = np.asarray(minimum, dtype=np.int16)
    return np.where(
        (minimum <= 0) | (level >= minimum),
        np.float32(1.0),
        np.where((level > 0) & (level >= minimum - EDUCATION_STEP), np.float32(PARTIAL), np.float32(0.0)),
    ).astype(np.float32)


def experience_fit(years: Any, minimum: Any) -> Any:
    years = np.asarray(years, dtype=np.float64)
    minimum = np.asarray(minimum, dtype=np.float64)
    safe = np.where(minimum > 0, minimum, 1.0)
    with np.errstate(over="ignore"):
        ratio = np.clip(years / safe, 0, 1)
    return np.where(minimum > 0, ratio, 1.0).astype(np.float32)


def salary_fit(desired: Any, maximum: Any) -> Any:
    desired = np.asarray(desired, dtype=np.float32)
    maximum = np.asarray(maximum, dtype=np.float32)
    safe = np.where(maximum > 0, maximum, np.float32(1.0))
    over = desired / safe - np.float32(1.0)
    stated = np.clip(np.float32(1.0) - over / np.float32(SALARY_TOLERANCE), np.float32(0.0), np.float32(1.0))
    return np.where(
        maximum <= 0, np.float32(1.0), np.where(desired <= 0, np.float32(SALARY_NOT_STATED), stated)
    ).astype(np.float32)


def language_fit(level: Any, minimum: Any) -> Any:
    level = np.asarray(level, dtype=np.int16)
    minimum = np.asarray(minimum, dtype=np.int16)
    return np.where(
        level >= minimum,
        np.float32(1.0),
        np.where((level > 0) & (level == minimum - 1), np.float32(PARTIAL), np.float32(0.0)),
    ).astype(np.float32)


# Candidates for a query --------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedQuery:
    """A query in taxonomy positions: what the vectorised scoring needs."""

    skill_positions: tuple[int, ...]  # -1 for a code the taxonomy does not know
    skill_weights: tuple[float, ...]
    skill_required: tuple[bool, ...]
    language_positions: tuple[int, ...]  # -1 for an unknown language
    language_minimums: tuple[int, ...]
    language_weights: tuple[float, ...]
    language_required: tuple[bool, ...]
    min_education: int
    min_years: float
    salary_max: int
    industry: str
    nationalities: tuple[str, ...]

    @classmethod
    def build(cls, query: CandidateQuery, taxonomy: Taxonomy, preferred_factor: float) -> PreparedQuery:
        return cls(
            skill_positions=tuple(taxonomy.index.get(item.skill_code, -1) for item in query.skills),
            skill_weights=tuple(
                float(item.weight) * (1.0 if item.required else preferred_factor) for item in query.skills
            ),
            skill_required=tuple(item.required for item in query.skills),
            language_positions=tuple(LANGUAGE_INDEX.get(item.language, -1) for item in query.languages),
            language_minimums=tuple(int(item.minimum_level) for item in query.languages),
            language_weights=tuple(1.0 if item.required else preferred_factor for item in query.languages),
            language_required=tuple(item.required for item in query.languages),
            min_education=int(query.min_education_level or 0),
            # Below a day of experience a minimum means nothing (and would overflow float32).
            min_years=float(query.min_years or 0.0) if (query.min_years or 0.0) >= MIN_YEARS else 0.0,
            salary_max=int(query.salary_max_krw or 0),
            industry=query.industry,
            nationalities=tuple(query.nationalities),
        )


@dataclass
class Scores:
    """Totals and components for the rows of ``columns`` (``eligible``: passes the hard filters)."""

    total: np.ndarray
    components: dict[str, np.ndarray]
    eligible: np.ndarray
    skill_fit: np.ndarray


def _lookup(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """``table[values]`` for a uint8 column: one pass, no float arithmetic per row."""
    return np.take(table, values)


def _level_table(function: Any, minimum: float) -> np.ndarray:
    """``function(level, minimum)`` for every uint8 level, as a 256-entry lookup table."""
    return np.asarray(function(np.arange(256), minimum), dtype=np.float32)


def requirement_codes(skills: np.ndarray, taxonomy: Taxonomy, position: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, a small integer that says which proficiency the row has in each credit group of
    requirement ``position``, and the table from that integer to ``max_c S[r, c] · level_c / 4``.

    The columns of a requirement fall into a few groups of equal credit (exact and narrower 1.0,
    broader 0.6, sibling and related 0.5); within a group only the highest proficiency counts.
    With ``g`` groups the code is ``Σ level_g · 5^g`` (uint8 up to three groups), so the whole
    requirement costs a few byte-wide maxima and one table lookup, never a float per cell.
    """
    n = skills.shape[0]
    if position < 0:
        return np.zeros(n, dtype=np.uint8), np.zeros(1, dtype=np.float32)
    columns = taxonomy.columns[position]
    credits = taxonomy.similarity[position, columns]
    groups = [(float(credit), columns[credits == credit]) for credit in np.unique(credits)]
    # At most five relation kinds, so at most five groups: 5^5 codes fit uint16.
    dtype: Any = np.uint8 if len(groups) <= 3 else np.uint16 if len(groups) <= 6 else np.uint32
    code: np.ndarray | None = None
    for exponent, (_credit, group) in enumerate(groups):
        levels = skills[:, group[0]]
        if len(group) > 1:
            levels = levels.copy()
            for column in group[1:]:
                np.maximum(levels, skills[:, column], out=levels)
        if code is None:
            code = levels.astype(dtype, copy=True)
        else:
            code += levels.astype(dtype, copy=False) * dtype(5**exponent)
    assert code is not None
    size = 5 ** len(groups)
    digits = (np.arange(size)[:, None] // (5 ** np.arange(len(groups)))[None, :]) % 5
    group_credits = np.asarray([credit for credit, _group in groups], dtype=np.float32)
    table = (digits * group_credits[None, :] / np.float32(4.0)).max(axis=1).astype(np.float32)
    return code, table


def _requirement_credit(skills: np.ndarray, taxonomy: Taxonomy, position: int) -> np.ndarray:
    """``max_c S[r, c] · proficiency_c / 4`` for every row, reading only the credited columns."""
    code, table = requirement_codes(skills, taxonomy, position)
    return np.take(table, code)


def score_profiles(
    columns: ProfileColumns,
    taxonomy: Taxonomy,
    query: PreparedQuery,
    settings_: Settings,
    *,
    index: ProfileIndex | None = None,
    exclude_rows: np.ndarray | None = None,
) -> Scores:
    n = columns.n
    filters = settings_.hard_filters
    eligible = columns.active.copy()
    if exclude_rows is not None and len(exclude_rows):
        eligible[exclude_rows] = False
    fits: dict[str, Any] = {}

    # Skills: each requirement's weighted credit through its lookup table, summed.
    total_weight = float(sum(query.skill_weights))
    skill_sum: np.ndarray | None = None
    for position, weight, required in zip(
        query.skill_positions, query.skill_weights, query.skill_required, strict=True
    ):
        code, table = requirement_codes(columns.skills, taxonomy, position)
        weighted = np.take(table * np.float32(weight / total_weight), code)
        if skill_sum is None:
            skill_sum = weighted
        else:
            skill_sum += weighted
        if required and filters.get("required_skills"):
            eligible &= np.take(table > 0, code)
    fits["skills"] = skill_sum if skill_sum is not None else 1.0

    # Education, experience, salary.
    if query.min_education:
        fits["education"] = _lookup(columns.education, _level_table(education_fit, query.min_education))
        if filters.get("education"):
            eligible &= columns.education.astype(np.int16) >= query.min_education - 10 * settings_.filter_slack
    else:
        fits["education"] = 1.0
    if query.min_years > 0:
        experience = columns.years * np.float32(1.0 / query.min_years)
        np.clip(experience, np.float32(0.0), np.float32(1.0), out=experience)
        fits["experience"] = experience
    else:
        fits["experience"] = 1.0
    if query.salary_max > 0:
        # 1 - (desired / maximum - 1) / tolerance, clipped to 0-1; 0.75 when not stated.
        salary = columns.salary.astype(np.float32)
        not_stated = salary <= 0
        salary *= np.float32(-1.0 / (SALARY_TOLERANCE * query.salary_max))
        salary += np.float32(1.0 + 1.0 / SALARY_TOLERANCE)
        np.clip(salary, np.float32(0.0), np.float32(1.0), out=salary)
        salary[not_stated] = np.float32(SALARY_NOT_STATED)
        fits["salary"] = salary
    else:
        fits["salary"] = 1.0

    # Languages.
    language_weight = float(sum(query.language_weights))
    language_sum: np.ndarray | None = None
    for position, minimum, weight, required in zip(
        query.language_positions, query.language_minimums, query.language_weights, query.language_required, strict=True
    ):
        levels = columns.languages[:, position] if position >= 0 else np.zeros(n, dtype=np.uint8)
        weighted = _lookup(levels, _level_table(language_fit, minimum) * np.float32(weight / language_weight))
        if language_sum is None:
            language_sum = weighted
        else:
            language_sum += weighted
        if required and filters.get("languages"):
            eligible &= levels.astype(np.int16) >= minimum - settings_.filter_slack
    fits["languages"] = language_sum if language_sum is not None else 1.0

    if query.nationalities and filters.get("nationalities"):
        wanted = index.nationality_mask(query.nationalities) if index is not None else np.zeros(0, dtype=np.uint16)
        eligible &= np.isin(columns.nationality, wanted)

    bonus: Any = 0.0
    if query.industry and index is not None and settings_.industry_bonus:
        bit = index.industry_bits.known_mask(query.industry)
        if bit:
            bonus = ((columns.industries & np.uint64(bit)) != 0).astype(np.float32)
            bonus *= np.float32(settings_.industry_bonus)
    total = settings_.combine(fits, bonus)
    if np.ndim(total) == 0:
        total = np.full(n, total, dtype=np.float32)
    components = {name: _column(value, n) for name, value in fits.items()}
    components["industry_bonus"] = _column(bonus, n)
    return Scores(total=total, components=components, eligible=eligible, skill_fit=components["skills"])


def _column(value: Any, n: int) -> np.ndarray:
    if np.ndim(value) == 0:
        return np.broadcast_to(np.float32(value), (n,))
    return np.asarray(value)


def sort_key(total: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """A unique int64 per row: the score to 0.001 first, then the lower id (deterministic ties)."""
    quantised = np.rint(total.astype(np.float64) * 1000.0).astype(np.int64)
    return (quantised << np.int64(32)) | (np.int64(0xFFFFFFFF) - (ids.astype(np.int64) & np.int64(0xFFFFFFFF)))


def top_rows(total: np.ndarray, ids: np.ndarray, eligible: np.ndarray, k: int) -> np.ndarray:
    """The rows of the ``k`` best eligible scores, best first, ties by the lower id.

    An ``argpartition`` on the float scores finds the k-th best; only the rows within one
    quantisation step of it go through the exact (score to 0.001, id) key and the final sort.
    """
    candidates = np.flatnonzero(eligible)
    if k <= 0 or not len(candidates):
        return np.zeros(0, dtype=np.intp)
    values = total[candidates]
    if k < len(candidates):
        kth = values[np.argpartition(-values, k - 1)[k - 1]]
        close = values >= kth - np.float32(0.0011)
        candidates, values = candidates[close], values[close]
    keys = sort_key(values, ids[candidates])
    chosen = np.argpartition(-keys, k - 1)[:k] if k < len(candidates) else np.arange(len(candidates))
    return candidates[chosen[np.argsort(-keys[chosen], kind="stable")]]


# Openings for a profile ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileVector:
    """One profile as the scoring of openings needs it."""

    skills: np.ndarray  # uint8 [n_skills]
    languages: np.ndarray  # uint8 [n_languages]
    education: int
    years: float
    salary: int
    industries: frozenset[str]


def score_openings(openings: OpeningColumns, taxonomy: Taxonomy, profile: ProfileVector, settings_: Settings) -> Scores:
    """Every open opening against one profile: the same fits as :func:`score_profiles`, per opening."""
    m = openings.size
    filters = settings_.hard_filters
    levels = profile.skills.astype(np.float32) / np.float32(4.0)
    best_credit = (taxonomy.similarity * levels[None, :]).max(axis=1) if taxonomy.size else np.zeros(0)
    preferred = np.float32(settings_.preferred_factor)
    eligible = np.ones(m, dtype=np.bool_)

    weights = openings.skill_weight * np.where(openings.skill_required, np.float32(1.0), preferred)
    credit = best_credit[openings.skill_code] if len(openings.skill_code) else np.zeros(0, dtype=np.float32)
    weight_sum = np.bincount(openings.skill_opening, weights=weights, minlength=m)
    credit_sum = np.bincount(openings.skill_opening, weights=weights * credit, minlength=m)
    skill_fit = np.where(weight_sum > 0, credit_sum / np.where(weight_sum > 0, weight_sum, 1.0), 1.0).astype(np.float32)
    if filters.get("required_skills") and len(credit):
        missing = openings.skill_required & (credit <= 0)
        eligible &= np.bincount(openings.skill_opening[missing], minlength=m) == 0

    education = education_fit(profile.education, openings.min_education)
    if filters.get("education"):
        slack = 10 * settings_.filter_slack
        eligible &= (openings.min_education == 0) | (
            int(profile.education) >= openings.min_education.astype(np.int16) - slack
        )
    experience = experience_fit(profile.years, openings.min_years)
    salary = salary_fit(profile.salary, openings.salary_max)

    language_levels = profile.languages[openings.language_code] if len(openings.language_code) else np.zeros(0)
    language_weights = np.where(openings.language_required, np.float32(1.0), preferred).astype(np.float64)
    language_fits = language_fit(language_levels, openings.language_minimum)
    language_weight_sum = np.bincount(openings.language_opening, weights=language_weights, minlength=m)
    language_sum = np.bincount(openings.language_opening, weights=language_weights * language_fits, minlength=m)
    languages = np.where(
        language_weight_sum > 0, language_sum / np.where(language_weight_sum > 0, language_weight_sum, 1.0), 1.0
    ).astype(np.float32)
    if filters.get("languages") and len(language_levels):
        short = openings.language_required & (
            language_levels.astype(np.int16) < openings.language_minimum.astype(np.int16) - settings_.filter_slack
        )
        eligible &= np.bincount(openings.language_opening[short], minlength=m) == 0

    bonus = np.asarray(
        [
            settings_.industry_bonus if industry and industry in profile.industries else 0.0
            for industry in openings.industries
        ],
        dtype=np.float32,
    ).reshape(m)
    fits = {"skills": skill_fit, "experience": experience, "education": education, "languages": languages}
    fits["salary"] = salary
    total = settings_.combine(fits, bonus).astype(np.float32)
    return Scores(total=total, components={**fits, "industry_bonus": bonus}, eligible=eligible, skill_fit=skill_fit)
