"""Why a profile fits a query: matched and missing skills, degree, experience, salary, languages, visa.

Built only for the rows a selector returns, from the same element-wise fits the vectorised scoring
uses (``scoring.education_fit`` ...), so the explanation never disagrees with the score. Names and
texts are in the active language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from django.utils.translation import gettext, gettext_noop

from talentcenter.foundation.i18n import current_language
from talentcenter.foundation.korean import fix_particles
from talentcenter.matching.index import LANGUAGE_INDEX
from talentcenter.matching.query import CandidateQuery
from talentcenter.matching.scoring import (
    MIN_YEARS,
    ProfileVector,
    education_fit,
    experience_fit,
    language_fit,
    salary_fit,
)
from talentcenter.matching.taxonomy import HOW_NAMES, Taxonomy
from talentcenter.talent.enums import EducationLevel, SpokenLanguage

FITS, PARTLY, MISSING, UNKNOWN = "fits", "partly", "missing", "unknown"


@dataclass(frozen=True)
class SkillMatch:
    required_code: str
    required_name: str
    matched_code: str
    matched_name: str
    how: str  # exact, narrower, broader, sibling, related
    credit: float  # similarity x proficiency / 4, 0-1
    required: bool = True
    proficiency: int = 0

    @property
    def how_label(self) -> str:
        return how_label(self.how)


class MissingSkill(NamedTuple):
    code: str
    name: str
    required: bool


@dataclass(frozen=True)
class Fit:
    status: str  # fits, partly, missing, unknown
    detail: str


@dataclass(frozen=True)
class TrackFit:
    programme: str
    track: str
    label: str
    status: str  # eligible, needs_review, not_eligible
    fast_track: bool = False


@dataclass(frozen=True)
class VisaFit:
    """What the policy engine says a hire with this offer would qualify for."""

    tracks: tuple[TrackFit, ...]
    best: TrackFit | None  # the best track the hire qualifies for (eligible, else needs review)
    near_miss: TrackFit | None  # the track the hints are for, when no fast track is eligible
    hints: tuple[str, ...] = ()
    score: float = 0.0  # 1 eligible for a fast track, 0.75 another track, 0.5 needs review, else 0

    @property
    def fast_track(self) -> bool:
        return any(track.fast_track and track.status == "eligible" for track in self.tracks)

    @property
    def first_hint(self) -> str:
        return self.hints[0] if self.hints else ""

    @property
    def status(self) -> str:
        return self.best.status if self.best else "not_eligible"


@dataclass(frozen=True)
class Explanation:
    skills_matched: list[SkillMatch]
    skills_missing: list[MissingSkill]
    education: Fit
    experience: Fit
    salary: Fit
    languages: Fit
    visa: VisaFit | None = None
    industry: bool = False  # the opening's industry is one the talent wants


@dataclass
class CandidateMatch:
    profile_id: int
    score: float  # 0-100, one decimal
    components: dict[str, float]
    explanation: Explanation | None = None


@dataclass
class OpeningMatch:
    opening_id: int
    score: float
    components: dict[str, float]
    explanation: Explanation | None = None
    extra: dict[str, Any] = field(default_factory=dict)


HOW_LABELS = {
    "exact": gettext_noop("the same skill"),
    "narrower": gettext_noop("narrower skill"),
    "broader": gettext_noop("broader skill"),
    "sibling": gettext_noop("skill of the same family"),
    "related": gettext_noop("related skill"),
}
# Every text an explanation uses, translated once per batch of explanations (not once per row).
MESSAGES = {
    "no_degree": gettext_noop("No minimum degree asked for."),
    "degree_unknown": gettext_noop("Degree not stated; {minimum} asked for."),
    "degree_fits": gettext_noop("{level} meets the minimum of {minimum}."),
    "degree_partly": gettext_noop("{level}, one level below {minimum}."),
    "degree_missing": gettext_noop("{level}, below the minimum of {minimum}."),
    "no_experience": gettext_noop("No minimum experience asked for."),
    "experience": gettext_noop("{years} years of experience; {minimum} asked for."),
    "no_salary": gettext_noop("The opening gives no salary range."),
    "salary_unknown": gettext_noop("No desired salary stated; the offer goes up to {maximum}."),
    "salary_fits": gettext_noop("Desired {desired} is within the offer of up to {maximum}."),
    "salary_above": gettext_noop("Desired {desired} is {percent}% above the offer's maximum of {maximum}."),
    "krw": gettext_noop("KRW {amount}"),
    "no_language": gettext_noop("No language asked for."),
    "language_level": gettext_noop("{language} level {level} ({minimum} asked for)"),
    "language_missing": gettext_noop("{language} not given ({minimum} asked for)"),
}


def how_label(how: str) -> str:
    return gettext(HOW_LABELS[how]) if how in HOW_LABELS else how


def _status(fit: float) -> str:
    if fit >= 1.0 - 1e-6:
        return FITS
    return PARTLY if fit > 0 else MISSING


class Explainer:
    """Explanations for one query, in the active language; texts and labels looked up once."""

    def __init__(self, taxonomy: Taxonomy, query: CandidateQuery, *, preferred_factor: float = 0.5) -> None:
        self.taxonomy = taxonomy
        self.query = query
        self.preferred_factor = preferred_factor
        self.language = current_language()
        self.texts, self.education_labels, self.language_labels = _labels(self.language)
        # Korean texts after a value carry both particle forms ("{minimum}을(를)"); the API shows
        # them as they are, so they are chosen here, not only on pages.
        self._polish = fix_particles if self.language == "ko" else str

    def _krw(self, amount: float) -> str:
        return self.texts["krw"].format(amount=f"{amount:,.0f}")

    def _education_label(self, level: int) -> str:
        return self.education_labels.get(level, str(level))

    def skills(self, skill_rows: np.ndarray) -> list[tuple[list[SkillMatch], list[MissingSkill]]]:
        """Matched and missing skills for each row of ``skill_rows`` (uint8 [k, n_skills]), one
        NumPy pass per requirement over all rows."""
        taxonomy, count = self.taxonomy, skill_rows.shape[0]
        results: list[tuple[list[SkillMatch], list[MissingSkill]]] = [([], []) for _ in range(count)]
        for requirement in self.query.skills:
            position = taxonomy.index.get(requirement.skill_code)
            if position is None:
                missing = MissingSkill(requirement.skill_code, requirement.skill_code, requirement.required)
                for _matched, missing_list in results:
                    missing_list.append(missing)
                continue
            required_name = taxonomy.name(requirement.skill_code, self.language)
            columns = taxonomy.columns[position]
            values = skill_rows[:, columns].astype(np.float32) * (
                taxonomy.similarity[position, columns] / np.float32(4.0)
            )
            best = values.max(axis=1)
            # Among equal credits, the closest relation (exact before narrower before broader ...).
            how = np.where(values >= best[:, None] - 1e-6, taxonomy.how[position, columns][None, :], 99)
            chosen = columns[np.argmin(how, axis=1)]
            for row in range(count):
                if best[row] <= 0:
                    results[row][1].append(MissingSkill(requirement.skill_code, required_name, requirement.required))
                    continue
                column = int(chosen[row])
                code = taxonomy.codes[column]
                results[row][0].append(
                    SkillMatch(
                        required_code=requirement.skill_code,
                        required_name=required_name,
                        matched_code=code,
                        matched_name=taxonomy.name(code, self.language),
                        how=HOW_NAMES[int(taxonomy.how[position, column])],
                        credit=round(float(best[row]), 3),
                        required=requirement.required,
                        proficiency=int(skill_rows[row, column]),
                    )
                )
        return results

    def education(self, level: int, fit: float) -> Fit:
        minimum = int(self.query.min_education_level or 0)
        if not minimum:
            return Fit(FITS, self.texts["no_degree"])
        wanted = self._education_label(minimum)
        if not level:
            return Fit(UNKNOWN, self._polish(self.texts["degree_unknown"].format(minimum=wanted)))
        status = _status(fit)
        text = self.texts[{FITS: "degree_fits", PARTLY: "degree_partly"}.get(status, "degree_missing")]
        return Fit(status, self._polish(text.format(level=self._education_label(level), minimum=wanted)))

    def experience(self, years: float, fit: float) -> Fit:
        minimum = _min_years(self.query)
        if not minimum:
            return Fit(FITS, self.texts["no_experience"])
        return Fit(_status(fit), self.texts["experience"].format(years=f"{years:.1f}", minimum=f"{minimum:g}"))

    def salary(self, desired: int, fit: float) -> Fit:
        maximum = int(self.query.salary_max_krw or 0)
        if not maximum:
            return Fit(UNKNOWN, self.texts["no_salary"])
        if not desired:
            return Fit(UNKNOWN, self._polish(self.texts["salary_unknown"].format(maximum=self._krw(maximum))))
        status = _status(fit)
        if status == FITS:
            text = self.texts["salary_fits"].format(desired=self._krw(desired), maximum=self._krw(maximum))
            return Fit(status, self._polish(text))
        percent = round(100 * (desired / maximum - 1))
        text = self.texts["salary_above"].format(
            desired=self._krw(desired), percent=percent, maximum=self._krw(maximum)
        )
        return Fit(status, self._polish(text))

    def languages(self, levels: np.ndarray, fit: float) -> Fit:
        if not self.query.languages:
            return Fit(FITS, self.texts["no_language"])
        parts = []
        for requirement in self.query.languages:
            position = LANGUAGE_INDEX.get(requirement.language, -1)
            level = int(levels[position]) if position >= 0 else 0
            name = self.language_labels.get(requirement.language, requirement.language)
            if level:
                parts.append(
                    self.texts["language_level"].format(language=name, level=level, minimum=requirement.minimum_level)
                )
            else:
                parts.append(self.texts["language_missing"].format(language=name, minimum=requirement.minimum_level))
        return Fit(_status(fit), "; ".join(parts) + ".")

    def explain_many(
        self,
        profiles: Sequence[ProfileVector],
        fits: Sequence[Mapping[str, float]],
        visas: Sequence[VisaFit | None] | None = None,
    ) -> list[Explanation]:
        """One explanation per profile; ``fits`` are the row's components from the scoring, so an
        explanation always agrees with the score."""
        if not profiles:
            return []
        skills = self.skills(np.stack([profile.skills for profile in profiles]))
        explanations = []
        for position, profile in enumerate(profiles):
            fit = fits[position]
            matched, missing = skills[position]
            explanations.append(
                Explanation(
                    skills_matched=matched,
                    skills_missing=missing,
                    education=self.education(profile.education, fit["education"]),
                    experience=self.experience(profile.years, fit["experience"]),
                    salary=self.salary(profile.salary, fit["salary"]),
                    languages=self.languages(profile.languages, fit["languages"]),
                    visa=visas[position] if visas is not None else None,
                    industry=bool(self.query.industry and self.query.industry in profile.industries),
                )
            )
        return explanations


_labels_cache: dict[str, tuple[dict[str, str], dict[int, str], dict[str, str]]] = {}


def _labels(language: str) -> tuple[dict[str, str], dict[int, str], dict[str, str]]:
    """The texts, degree names and language names in ``language`` (the active one), kept per
    language for the life of the process: translations do not change while it runs."""
    cached = _labels_cache.get(language)
    if cached is None:
        cached = (
            {key: gettext(message) for key, message in MESSAGES.items()},
            {int(level): str(level.label) for level in EducationLevel},
            {str(code): str(code.label) for code in SpokenLanguage},
        )
        _labels_cache[language] = cached
    return cached


def _min_years(query: CandidateQuery) -> float:
    years = float(query.min_years or 0.0)
    return years if years >= MIN_YEARS else 0.0


def profile_fits(query: CandidateQuery, profile: ProfileVector, preferred_factor: float) -> dict[str, float]:
    """The four fits of one profile computed directly (when no scoring pass is at hand)."""
    weighted = weights = 0.0
    for requirement in query.languages:
        position = LANGUAGE_INDEX.get(requirement.language, -1)
        level = int(profile.languages[position]) if position >= 0 else 0
        weight = 1.0 if requirement.required else preferred_factor
        weighted += weight * float(language_fit(level, requirement.minimum_level))
        weights += weight
    return {
        "education": float(education_fit(profile.education, int(query.min_education_level or 0))),
        "experience": float(experience_fit(profile.years, _min_years(query))),
        "salary": float(salary_fit(profile.salary, int(query.salary_max_krw or 0))),
        "languages": weighted / weights if weights else 1.0,
    }


def explain_profile(
    taxonomy: Taxonomy,
    query: CandidateQuery,
    profile: ProfileVector,
    *,
    preferred_factor: float = 0.5,
    visa: VisaFit | None = None,
    fits: Mapping[str, float] | None = None,
) -> Explanation:
    """One profile's explanation (``Explainer.explain_many`` does many at once)."""
    explainer = Explainer(taxonomy, query, preferred_factor=preferred_factor)
    return explainer.explain_many([profile], [fits or profile_fits(query, profile, preferred_factor)], [visa])[0]
