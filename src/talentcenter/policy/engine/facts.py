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
from itertools import repeat
from operator import itemgetter

import numpy as np

from talentcenter.policy.engine.fields import FieldClassifier
from talentcenter.policy.engine.inputs import CAPITAL_REGION, DEGREE_LEVELS, ApplicantIn, industry_codes
from talentcenter.policy.engine.matching import Catalogue, Standing
from talentcenter.policy.engine.messages import gettext, gettext_lazy, joined

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
_NUMBER_GETTER = itemgetter(*NUMBER_FACTS)
_FLAG_GETTER = itemgetter(*FLAG_FACTS)


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
        matches: np.ndarray = self.categories[name] == vocabulary.index(code)
        return matches

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
        n = len(rows)
        if n == 0:
            return cls.from_columns(
                {name: np.zeros(0) for name in NUMBER_FACTS},
                {name: np.zeros(0) for name in FLAG_FACTS},
                {name: np.zeros(0) for name in CATEGORY_FACTS},
            )
        # One tuple per row, then one conversion per kind of fact (far faster than column by column).
        number_table = np.array(list(map(_NUMBER_GETTER, rows)), dtype=np.float64).reshape(n, len(NUMBER_FACTS))
        flag_table = np.array(list(map(_FLAG_GETTER, rows)), dtype=np.int8).reshape(n, len(FLAG_FACTS))
        numbers = {name: np.ascontiguousarray(number_table[:, i]) for i, name in enumerate(NUMBER_FACTS)}
        flags = {name: np.ascontiguousarray(flag_table[:, i]) for i, name in enumerate(FLAG_FACTS)}
        categories = {}
        for name, vocabulary in CATEGORY_FACTS.items():
            index = {code: position for position, code in enumerate(vocabulary)}
            codes = map(index.get, map(str, map(itemgetter(name), rows)), repeat(index["other"]))
            categories[name] = np.fromiter(codes, dtype=np.int16, count=n)
        return cls(n=n, numbers=numbers, flags=flags, categories=categories)

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
    if len(periods) == 1:
        start, end = periods[0]
        return (end - start) / DAYS_PER_YEAR
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


_BASIS: dict[str, str] = {
    "uncertain name match": gettext_lazy("uncertain name match"),
    "Korean equivalent named in the rules": gettext_lazy("Korean equivalent named in the rules"),
    "no list in force on this date": gettext_lazy("no list in force on this date"),
    "not on a partial list": gettext_lazy("not on a partial list"),
    "not on the list": gettext_lazy("not on the list"),
}


def _standing_text(kind: str, query: str, standing: Standing) -> str:
    """One evidence line (a message, translated at the boundary)."""
    match = standing.match
    if match.status == "uncertain":
        return gettext("{name}: uncertain match ({candidates}) - needs review").format(
            name=query, candidates=", ".join(match.candidates)
        )
    shown = f"{query} = {match.name}" if match.status == "matched" and match.name != query else query
    if match.how == "fuzzy":
        shown += " " + gettext("(similar name, {score}%)").format(score=f"{match.score:.0f}")
    if standing.list_label:
        basis: str = joined((gettext(standing.list_label), f" {standing.edition}"))
    else:
        basis = _BASIS.get(standing.basis, standing.basis)
    if standing.rank == 0:
        return joined((shown, ": ", basis))
    if standing.rank is not None:
        return gettext("{name}: rank {rank}, {basis}").format(name=shown, rank=standing.rank, basis=basis)
    if not standing.certain:
        return gettext("{name}: {basis} - needs review").format(name=shown, basis=basis)
    return joined((shown, ": ", basis))


class _Verdicts:
    """Whether a field is related, in words (a message, translated at the boundary)."""

    def __getitem__(self, related: bool | None) -> str:
        if related is None:
            return gettext("field unclear - needs review")
        return gettext("related") if related else gettext("not related")


_VERDICT = _Verdicts()


class _Preparation:
    """One date, one catalogue, one classifier, with what was looked up kept by name.

    A population shares institutions, companies and fields, so each name is matched against the
    lists once per date and each field text classified once; the result is exactly what looking
    each one up again would give (the catalogue and the classifier are not changed meanwhile).
    """

    def __init__(self, as_of: date, catalogue: Catalogue, fields: FieldClassifier) -> None:
        self.as_of = as_of
        self.as_of_day = as_of.toordinal()
        self.catalogue = catalogue
        self.fields = fields
        self.e7_1_occupations = catalogue.e7_1_occupations
        # name -> (rank when the standing counts, standing uncertain, evidence)
        self.universities: dict[str, tuple[float | None, bool, str]] = {}
        # name -> (counts, counts in the best case, evidence)
        self.companies: dict[str, tuple[bool, bool, str]] = {}
        # name -> Korean university (True) or not known (None), when no country is given
        self.korean: dict[str, bool | None] = {}
        # organization -> world-class (True) or needs review (None), for post-doctoral research
        self.institutes: dict[tuple[str, str], bool | None] = {}
        # offer targets -> the detailed fields related to any of them
        self.related: dict[tuple[str, ...], frozenset[str]] = {}

    def university(self, name: str) -> tuple[float | None, bool, str]:
        found = self.universities.get(name)
        if found is None:
            standing = self.catalogue.university(name, self.as_of)
            found = self.universities[name] = (
                float(standing.rank or 0) if standing.counts else None,
                not standing.certain,
                _standing_text("university", name, standing),
            )
        return found

    def company(self, name: str) -> tuple[bool, bool, str]:
        found = self.companies.get(name)
        if found is None:
            standing = self.catalogue.company(name, self.as_of)
            found = self.companies[name] = (
                standing.counts,
                standing.counts or not standing.certain,
                _standing_text("company", name, standing),
            )
        return found

    def is_korean(self, name: str) -> bool | None:
        if name in self.korean:
            return self.korean[name]
        found = self.korean[name] = self.catalogue.is_korean_university(name, "")
        return found

    def world_class(self, kind: str, organization: str) -> bool | None:
        key = (kind, organization)
        if key in self.institutes:
            return self.institutes[key]
        world_class: bool | None
        if self.catalogue.is_world_class_institute(organization):
            world_class = True
        elif kind == "university" and organization:
            world_class = self.catalogue.university(organization, self.as_of).counts or None
        else:
            world_class = None
        self.institutes[key] = world_class
        return world_class

    def related_fields(self, targets: tuple[str, ...]) -> frozenset[str]:
        found = self.related.get(targets)
        if found is None:
            related = self.fields.related
            found = self.related[targets] = frozenset(
                code for target in targets for code in related.get(target, frozenset())
            )
        return found

    def row(self, applicant: ApplicantIn, facts: PreparedFacts | None) -> dict[str, float | int | str]:
        """One applicant's fact values; evidence is noted in ``facts`` when given."""
        note = facts.note if facts is not None else None
        offer = applicant.offer
        as_of = self.as_of
        as_of_day = self.as_of_day
        values: dict[str, float | int | str] = {}

        # Offer
        if offer is not None:
            industry, technology_field = offer.industry, offer.technology_field
            if industry and industry != "other":
                targets: tuple[str, ...] = (
                    (industry, technology_field) if technology_field and technology_field != "other" else (industry,)
                )
            elif technology_field and technology_field != "other":
                targets = (technology_field,)
            else:
                targets = ()
            values["has_offer"] = TRUE
            salary = offer.annual_salary_krw
            values["salary_krw"] = float(salary) if salary is not None else NAN
            values["offer_industry"] = industry or ""
            values["offer_technology_field"] = technology_field or ""
            values["company_size"] = offer.company_size or ""
            occupation = offer.occupation
            if occupation:
                values["occupation_e7_1"] = TRUE if occupation in self.e7_1_occupations else FALSE
            else:
                values["occupation_e7_1"] = UNKNOWN
            region = offer.region
            if region:
                values["employer_capital_region"] = TRUE if region.strip().casefold() in CAPITAL_REGION else FALSE
            else:
                values["employer_capital_region"] = UNKNOWN
        else:
            targets = ()
            values["has_offer"] = FALSE
            values["salary_krw"] = NAN
            values["offer_industry"] = values["offer_technology_field"] = values["company_size"] = ""
            values["occupation_e7_1"] = values["employer_capital_region"] = UNKNOWN
        values["government_programme"] = applicant.government_programme or ""

        # Education
        classify = self.fields.classify
        related_codes = self.related_fields(targets) if targets else frozenset()
        highest = 0
        rank_2 = rank_3 = rank_4 = best_2 = best_3 = best_4 = NAN
        related = related_best = korean_related = korean_related_best = korean_any = foreign_any = 0
        latest_completion: int | None = None
        for entry in applicant.education:
            level = DEGREE_LEVELS[entry.level]
            if level > highest:
                highest = level
            completed = entry.completed
            if completed is not None and completed <= as_of:
                day = completed.toordinal()
                if latest_completion is None or day > latest_completion:
                    latest_completion = day
            institution = entry.institution
            if institution:
                rank, uncertain, rank_note = self.universities.get(institution) or self.university(institution)
                if note is not None and level >= 2:
                    note("degree_rank", rank_note)
                if level >= 2:
                    if rank is not None:
                        # the minimum, where NaN means none yet ("not rank >= NaN" holds)
                        if not rank >= rank_2:
                            rank_2 = rank
                        if not rank >= best_2:
                            best_2 = rank
                        if level >= 3:
                            if not rank >= rank_3:
                                rank_3 = rank
                            if not rank >= best_3:
                                best_3 = rank
                            if level >= 4:
                                if not rank >= rank_4:
                                    rank_4 = rank
                                if not rank >= best_4:
                                    best_4 = rank
                    elif uncertain:
                        best_2 = 0.0
                        if level >= 3:
                            best_3 = 0.0
                            if level >= 4:
                                best_4 = 0.0
            country = entry.country
            korean = country.upper() == "KR" if country else self.is_korean(institution)
            field_text = entry.field
            if targets:
                code = classify(field_text)
                is_related = None if code is None else code in related_codes
            else:
                is_related = None
            if is_related and level > related:
                related = level
            if is_related is not False and level > related_best:
                related_best = level
            if korean:
                if level > korean_any:
                    korean_any = level
                if is_related and level > korean_related:
                    korean_related = level
            if korean is not False and is_related is not False and level > korean_related_best:
                korean_related_best = level
            if korean is False and level > foreign_any:
                foreign_any = level
            if note is not None and field_text and targets:
                note("related_degree", f"{field_text}: " + _VERDICT[is_related])
        values["highest_degree_level"] = float(highest)
        values["rank_level_2"] = rank_2
        values["rank_level_2_best"] = best_2
        values["rank_level_3"] = rank_3
        values["rank_level_3_best"] = best_3
        values["rank_level_4"] = rank_4
        values["rank_level_4_best"] = best_4
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
            end_date = job.end
            end = as_of_day if end_date is None else min(end_date.toordinal(), as_of_day)
            if end <= start:
                continue
            period = (start, end)
            every.append(period)
            kind = job.kind
            organization = job.organization
            if kind == "company" and organization:
                counts, counts_best, company_note = self.companies.get(organization) or self.company(organization)
                if note is not None:
                    note("global_company", company_note)
                if counts:
                    global_company.append(period)
                if counts_best:
                    global_company_best.append(period)
            if job.postdoctoral:
                postdoc.append(period)
                if kind == "research_institute" or kind == "university":
                    world_class = self.world_class(kind, organization)
                    if note is not None:
                        note(
                            "institute",
                            f"{organization}: "
                            + (
                                gettext("world-class research institute")
                                if world_class
                                else gettext("world-class status needs review")
                            ),
                        )
                    if world_class:
                        institute.append(period)
                    institute_best.append(period)
            field_text = job.field
            if targets:
                code = classify(field_text)
                if code is None:
                    related_work_best.append(period)
                    job_related: bool | None = None
                elif code in related_codes:
                    related_work.append(period)
                    related_work_best.append(period)
                    job_related = True
                else:
                    job_related = False
                if note is not None and field_text:
                    note("related_experience", f"{organization or field_text}: {field_text}: " + _VERDICT[job_related])
            else:
                related_work_best.append(period)
        # Each certain list is a subset of its best case (and every list of ``every``): the same
        # length means the same periods, so the total is not worked out twice.
        total = _merged_years(every)
        values["experience_years"] = total
        years = values["global_company_years"] = _merged_years(global_company)
        values["global_company_years_best"] = (
            years if len(global_company_best) == len(global_company) else _merged_years(global_company_best)
        )
        postdoc_years = values["postdoc_years"] = total if len(postdoc) == len(every) else _merged_years(postdoc)
        best = values["institute_postdoc_years_best"] = (
            postdoc_years if len(institute_best) == len(postdoc) else _merged_years(institute_best)
        )
        values["institute_postdoc_years"] = best if len(institute) == len(institute_best) else _merged_years(institute)
        best = values["related_experience_years_best"] = (
            total if len(related_work_best) == len(every) else _merged_years(related_work_best)
        )
        values["related_experience_years"] = (
            best if len(related_work) == len(related_work_best) else _merged_years(related_work)
        )

        # Language and evaluator scores
        values["topik_level"] = float(applicant.topik_level()) if applicant.languages else 0.0
        scores = applicant.qualitative_scores
        if scores is not None:
            technical, strategic = scores.technical_expertise, scores.strategic_value
            values["technical_expertise_score"] = float(technical) if technical is not None else NAN
            values["strategic_value_score"] = float(strategic) if strategic is not None else NAN
        else:
            values["technical_expertise_score"] = values["strategic_value_score"] = NAN
        return values


def prepare(applicant: ApplicantIn, as_of: date, catalogue: Catalogue, fields: FieldClassifier) -> PreparedFacts:
    """One applicant's facts as of ``as_of``, with the evidence behind them."""
    facts = PreparedFacts(values={})
    facts.values = _Preparation(as_of, catalogue, fields).row(applicant, facts)
    return facts


def prepare_many(
    applicants: Iterable[ApplicantIn], as_of: date, catalogue: Catalogue, fields: FieldClassifier
) -> FactFrame:
    """Many applicants' facts as of ``as_of`` in one frame (the batch path; no evidence kept).

    Row ``i`` equals ``FactFrame.from_rows([prepare(applicants[i], ...).values])``; only faster,
    because each distinct degree and job is looked up once.
    """
    preparation = _Preparation(as_of, catalogue, fields)
    row = preparation.row
    return FactFrame.from_rows([row(applicant, None) for applicant in applicants])
