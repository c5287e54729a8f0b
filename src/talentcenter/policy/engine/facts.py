"""Facts: what the rules read about an applicant, as flat columns that work for 1 or 1,000,000.

Preparation turns an applicant (the interchange format, or a talent profile converted to it) into
one row of facts as of a date: years of experience with overlaps counted once, the best ranking of
a degree at each level, years at global top-500 companies, what is "in the related field", and so
on. Where a fact rests on an uncertain name match, a partial list or an unclassified field, the
row carries a *best case* next to the *certain* value; the rules turn the gap into needs_review.

A :class:`FactFrame` holds many rows as NumPy arrays (numbers as float64 with NaN for "none",
tri-state flags as int8, categories as small integer codes against a fixed vocabulary).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from talentcenter.policy.engine.fields import FieldClassifier
from talentcenter.policy.engine.inputs import CAPITAL_REGION, DEGREE_LEVELS, ApplicantIn, industry_codes
from talentcenter.policy.engine.matching import Catalogue, Standing

DAYS_PER_YEAR = 365.25
NAN = math.nan

# Tri-state truth in one byte: min is AND, max is OR (Kleene logic).
FALSE, UNKNOWN, TRUE = 0, 1, 2

NUMBER_FACTS = (
    "salary_krw",
    "highest_degree_level",
    "rank_level_2",
    "rank_level_2_best",
    "rank_level_3",
    "rank_level_3_best",
    "rank_level_4",
    "rank_level_4_best",
    "experience_years",
    "global_company_years",
    "global_company_years_best",
    "postdoc_years",
    "institute_postdoc_years",
    "institute_postdoc_years_best",
    "related_degree_level",
    "related_degree_level_best",
    "korean_related_degree_level",
    "korean_related_degree_level_best",
    "korean_degree_level",
    "foreign_degree_level",
    "related_experience_years",
    "related_experience_years_best",
    "topik_level",
    "technical_expertise_score",
    "strategic_value_score",
    "years_since_graduation",
)
FLAG_FACTS = ("has_offer", "occupation_e7_1", "employer_capital_region")


def _vocabulary() -> dict[str, tuple[str, ...]]:
    codes = industry_codes()
    industries = tuple(sorted(codes.get("ktech_pass", frozenset()) | codes.get("nst", frozenset())))
    return {
        "offer_industry": ("", *industries, "other"),
        "offer_technology_field": ("", *sorted(codes.get("kotra", frozenset())), "other"),
        "company_size": ("", "sme", "midsize", "large", "other"),
        "government_programme": ("", "mohw-scholar-recruitment", "kasa-scholar-recruitment", "other"),
    }


CATEGORY_FACTS = _vocabulary()


@dataclass
class PreparedFacts:
    """One applicant's facts plus the evidence behind them, for the explanation."""

    values: dict[str, float | int | str]
    evidence: dict[str, list[str]] = field(default_factory=dict)

    def note(self, fact: str, text: str) -> None:
        self.evidence.setdefault(fact, []).append(text)


@dataclass(frozen=True)
class FactFrame:
    """Columns of facts for ``n`` applicants."""

    n: int
    numbers: Mapping[str, np.ndarray]
    flags: Mapping[str, np.ndarray]
    categories: Mapping[str, np.ndarray]

    def number(self, name: str) -> np.ndarray:
        return self.numbers[name]

    def flag(self, name: str) -> np.ndarray:
        return self.flags[name]

    def category_in(self, name: str, allowed: Iterable[str]) -> np.ndarray:
        vocabulary = CATEGORY_FACTS[name]
        wanted = [vocabulary.index(code) for code in allowed if code in vocabulary]
        return np.isin(self.categories[name], np.asarray(wanted, dtype=np.int16))

    def category_is(self, name: str, code: str) -> np.ndarray:
        vocabulary = CATEGORY_FACTS[name]
        if code not in vocabulary:
            return np.zeros(self.n, dtype=bool)
        return self.categories[name] == vocabulary.index(code)

    def category_value(self, name: str, row: int) -> str:
        return CATEGORY_FACTS[name][int(self.categories[name][row])]

    def row(self, index: int) -> FactFrame:
        return self.take(np.asarray([index]))

    def take(self, indices: np.ndarray) -> FactFrame:
        return FactFrame(
            n=len(indices),
            numbers={name: column[indices] for name, column in self.numbers.items()},
            flags={name: column[indices] for name, column in self.flags.items()},
            categories={name: column[indices] for name, column in self.categories.items()},
        )

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, float | int | str]]) -> FactFrame:
        numbers = {
            name: np.fromiter((row[name] for row in rows), dtype=np.float64, count=len(rows)) for name in NUMBER_FACTS
        }
        flags = {name: np.fromiter((row[name] for row in rows), dtype=np.int8, count=len(rows)) for name in FLAG_FACTS}
        categories = {}
        for name, vocabulary in CATEGORY_FACTS.items():
            index = {code: position for position, code in enumerate(vocabulary)}
            other = index["other"]
            categories[name] = np.fromiter(
                (index.get(str(row[name]), other) for row in rows), dtype=np.int16, count=len(rows)
            )
        return cls(n=len(rows), numbers=numbers, flags=flags, categories=categories)

    @classmethod
    def from_columns(
        cls,
        numbers: Mapping[str, np.ndarray],
        flags: Mapping[str, np.ndarray],
        categories: Mapping[str, np.ndarray],
    ) -> FactFrame:
        """Columns already encoded (the synthetic pool and the batch benchmark build these)."""
        n = len(next(iter(numbers.values())))
        missing = (
            (set(NUMBER_FACTS) - set(numbers))
            | (set(FLAG_FACTS) - set(flags))
            | (set(CATEGORY_FACTS) - set(categories))
        )
        if missing:
            raise ValueError(f"missing fact columns: {sorted(missing)}")
        return cls(
            n=n,
            numbers={name: np.asarray(numbers[name], dtype=np.float64) for name in NUMBER_FACTS},
            flags={name: np.asarray(flags[name], dtype=np.int8) for name in FLAG_FACTS},
            categories={name: np.asarray(categories[name], dtype=np.int16) for name in CATEGORY_FACTS},
        )


def _merged_years(periods: list[tuple[int, int]]) -> float:
    """Total length of the union of day intervals, in years (overlaps count once)."""
    if not periods:
        return 0.0
    periods.sort()
    total = 0
    current_start, current_end = periods[0]
    for start, end in periods[1:]:
        if start > current_end:
            total += current_end - current_start
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    total += current_end - current_start
    return total / DAYS_PER_YEAR


def _standing_text(kind: str, query: str, standing: Standing) -> str:
    match = standing.match
    if match.status == "uncertain":
        candidates = ", ".join(match.candidates)
        return f"{query}: uncertain match ({candidates}) - needs review"
    shown = f"{query} = {match.name}" if match.status == "matched" and match.name != query else query
    if match.how == "fuzzy":
        shown += f" (similar name, {match.score:.0f}%)"
    if standing.rank == 0:
        return f"{shown}: {standing.basis}"
    if standing.rank is not None:
        return f"{shown}: rank {standing.rank}, {standing.basis}"
    if not standing.certain:
        return f"{shown}: {standing.basis} - needs review"
    return f"{shown}: {standing.basis}"


def prepare(applicant: ApplicantIn, as_of: date, catalogue: Catalogue, fields: FieldClassifier) -> PreparedFacts:
    """One applicant's facts as of ``as_of``."""
    facts = PreparedFacts(values={})
    values = facts.values
    offer = applicant.offer
    as_of_day = as_of.toordinal()

    targets: tuple[str, ...] = tuple(
        code for code in ((offer.industry, offer.technology_field) if offer else ()) if code and code != "other"
    )

    # Offer
    values["has_offer"] = TRUE if offer is not None else FALSE
    values["salary_krw"] = float(offer.annual_salary_krw) if offer and offer.annual_salary_krw is not None else NAN
    values["offer_industry"] = (offer.industry or "") if offer else ""
    values["offer_technology_field"] = (offer.technology_field or "") if offer else ""
    values["company_size"] = (offer.company_size or "") if offer else ""
    if offer and offer.occupation:
        values["occupation_e7_1"] = TRUE if offer.occupation in catalogue.e7_1_occupations else FALSE
    else:
        values["occupation_e7_1"] = UNKNOWN
    if offer and offer.region:
        values["employer_capital_region"] = TRUE if offer.region.strip().casefold() in CAPITAL_REGION else FALSE
    else:
        values["employer_capital_region"] = UNKNOWN
    values["government_programme"] = applicant.government_programme or ""

    # Education
    highest = 0
    best_rank: dict[int, float] = {2: NAN, 3: NAN, 4: NAN}
    best_case: dict[int, float] = {2: NAN, 3: NAN, 4: NAN}
    related = related_best = korean_related = korean_related_best = korean_any = foreign_any = 0
    latest_completion: int | None = None
    for degree in applicant.education:
        level = DEGREE_LEVELS[degree.level]
        highest = max(highest, level)
        if degree.completed is not None and degree.completed <= as_of:
            latest_completion = max(latest_completion or 0, degree.completed.toordinal())
        standing = catalogue.university(degree.institution, as_of) if degree.institution else None
        if standing is not None and level >= 2:
            facts.note("degree_rank", _standing_text("university", degree.institution, standing))
        for threshold in (2, 3, 4):
            if level < threshold or standing is None:
                continue
            if standing.counts:
                rank = float(standing.rank or 0)
                best_rank[threshold] = rank if math.isnan(best_rank[threshold]) else min(best_rank[threshold], rank)
                best_case[threshold] = rank if math.isnan(best_case[threshold]) else min(best_case[threshold], rank)
            elif not standing.certain:
                best_case[threshold] = 0.0
        is_related = fields.is_related(degree.field, targets)
        korean = catalogue.is_korean_university(degree.institution, degree.country or "")
        if is_related:
            related = max(related, level)
        if is_related is not False:
            related_best = max(related_best, level)
        if korean:
            korean_any = max(korean_any, level)
            if is_related:
                korean_related = max(korean_related, level)
        if korean is not False and is_related is not False:
            korean_related_best = max(korean_related_best, level)
        if korean is False:
            foreign_any = max(foreign_any, level)
        if degree.field and targets:
            verdict = {True: "related", False: "not related", None: "field unclear - needs review"}[is_related]
            facts.note("related_degree", f"{degree.field}: {verdict}")
    values["highest_degree_level"] = float(highest)
    for threshold in (2, 3, 4):
        values[f"rank_level_{threshold}"] = best_rank[threshold]
        values[f"rank_level_{threshold}_best"] = best_case[threshold]
    values["related_degree_level"] = float(related)
    values["related_degree_level_best"] = float(related_best)
    values["korean_related_degree_level"] = float(korean_related)
    values["korean_related_degree_level_best"] = float(korean_related_best)
    values["korean_degree_level"] = float(korean_any)
    values["foreign_degree_level"] = float(foreign_any)
    values["years_since_graduation"] = (
        (as_of_day - latest_completion) / DAYS_PER_YEAR if latest_completion is not None else NAN
    )

    # Experience
    every: list[tuple[int, int]] = []
    global_company: list[tuple[int, int]] = []
    global_company_best: list[tuple[int, int]] = []
    postdoc: list[tuple[int, int]] = []
    institute: list[tuple[int, int]] = []
    institute_best: list[tuple[int, int]] = []
    related_work: list[tuple[int, int]] = []
    related_work_best: list[tuple[int, int]] = []
    for job in applicant.experience:
        start = job.start.toordinal()
        end = min((job.end or as_of).toordinal(), as_of_day)
        if end <= start:
            continue
        period = (start, end)
        every.append(period)
        if job.kind == "company" and job.organization:
            standing = catalogue.company(job.organization, as_of)
            facts.note("global_company", _standing_text("company", job.organization, standing))
            if standing.counts:
                global_company.append(period)
                global_company_best.append(period)
            elif not standing.certain:
                global_company_best.append(period)
        if job.postdoctoral:
            postdoc.append(period)
            if job.kind in {"research_institute", "university"}:
                world_class: bool | None
                if catalogue.is_world_class_institute(job.organization):
                    world_class = True
                elif job.kind == "university" and job.organization:
                    world_class = catalogue.university(job.organization, as_of).counts or None
                else:
                    world_class = None
                facts.note(
                    "institute",
                    f"{job.organization}: "
                    + ("world-class research institute" if world_class else "world-class status needs review"),
                )
                if world_class:
                    institute.append(period)
                institute_best.append(period)
        is_related = fields.is_related(job.field, targets)
        if is_related:
            related_work.append(period)
        if is_related is not False:
            related_work_best.append(period)
        if job.field and targets:
            verdict = {True: "related", False: "not related", None: "field unclear - needs review"}[is_related]
            facts.note("related_experience", f"{job.organization or job.field}: {job.field}: {verdict}")
    values["experience_years"] = _merged_years(every)
    values["global_company_years"] = _merged_years(global_company)
    values["global_company_years_best"] = _merged_years(global_company_best)
    values["postdoc_years"] = _merged_years(postdoc)
    values["institute_postdoc_years"] = _merged_years(institute)
    values["institute_postdoc_years_best"] = _merged_years(institute_best)
    values["related_experience_years"] = _merged_years(related_work)
    values["related_experience_years_best"] = _merged_years(related_work_best)

    # Language and evaluator scores
    values["topik_level"] = float(applicant.topik_level())
    scores = applicant.qualitative_scores
    values["technical_expertise_score"] = (
        float(scores.technical_expertise) if scores and scores.technical_expertise is not None else NAN
    )
    values["strategic_value_score"] = (
        float(scores.strategic_value) if scores and scores.strategic_value is not None else NAN
    )
    return facts
