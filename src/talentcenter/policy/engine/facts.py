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

import itertools
import math
from calendar import monthrange
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter

import numpy as np

from talentcenter.policy.engine.fields import FieldClassifier, Occupation, classifier
from talentcenter.policy.engine.inputs import (
    CAPITAL_REGION,
    DEGREE_LEVELS,
    HOST_TYPES,
    ApplicantIn,
    EducationIn,
    industry_codes,
)
from talentcenter.policy.engine.matching import ROUTE_ONLY_KINDS, Catalogue, Standing
from talentcenter.policy.engine.messages import Message, gettext, gettext_lazy, in_both, joined
from talentcenter.policy.engine.regions import in_decline_area

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
    # E-7-1: related to the occupation or to the industry/technology field (issue 13 item 6)
    "occupation_related_degree_level",
    "occupation_related_degree_level_best",
    "occupation_related_experience_years",
    "occupation_related_experience_years_best",
    "topik_level",
    "technical_expertise_score",
    "strategic_value_score",
    "years_since_graduation",
    # The routes of issue 13 item 5 (K-STAR, D-10-3, E-7-1 special routes, F-2-R); see _route_facts
    "study_level",
    "study_years_since",
    "study_years_since_best",
    "study_qs_rank",
    "study_qs_rank_best",
    "study_the_rank",
    "study_the_rank_best",
    "qs_rank_any",
    "qs_rank_any_best",
    "the_rank_any",
    "the_rank_any_best",
    "foreign_share_after_hire",
    "foreign_share_after_hire_best",
    "internship_years",
    "k_star_degree_level",
    "k_star_degree_level_best",
)
FLAG_FACTS = (
    "has_offer",
    "occupation_e7_1",
    "employer_capital_region",
    "e9_holder",
    "d10_3_holder",
    "in_decline_area",
    "local_designated_industry",
    "recommended_by_president",
    "recommended_for_employment",
    "recommended_by_local_government",
    "k_star_postdoc",
)
# The ranking kinds (reference ListKind) D-10-3 and the E-7-1 top-university route read.
QS_WORLD, THE_WORLD = "qs_world", "the_world"


def _vocabulary() -> dict[str, tuple[str, ...]]:
    isced = ("", *sorted(classifier().fields), "other")  # ISCED-F detailed codes; "" = not classified
    codes = industry_codes()
    industries = tuple(sorted(codes.get("ktech_pass", frozenset()) | codes.get("nst", frozenset())))
    return {
        "offer_industry": ("", *industries, "other"),
        "offer_technology_field": ("", *sorted(codes.get("kotra", frozenset())), "other"),
        "company_size": ("", "sme", "midsize", "large", "other"),
        "government_programme": ("", "mohw-scholar-recruitment", "kasa-scholar-recruitment", "other"),
        "host_type": ("", *HOST_TYPES, "other"),
        "study_field": isced,
        "k_star_field": isced,
    }


CATEGORY_FACTS = _vocabulary()
_CATEGORY_INDEX = {
    name: {code: position for position, code in enumerate(vocabulary)} for name, vocabulary in CATEGORY_FACTS.items()
}
_NUMBER_GETTER = itemgetter(*NUMBER_FACTS)
_FLAG_GETTER = itemgetter(*FLAG_FACTS)


@dataclass
class PreparedFacts:
    """One applicant's facts plus the evidence behind them, for the explanation."""

    values: dict[str, float | int | str]
    evidence: dict[str, list[str]] = field(default_factory=dict)
    # fact -> why a criterion on it needs review, when a reference list is empty or missing
    reasons: dict[str, str] = field(default_factory=dict)

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

    def block(self, rows: slice) -> FactFrame:
        """The consecutive ``rows`` as a frame of views (nothing copied): one applicant's row and its
        what-if trials in a frame of several applicants built with ``from_rows(..., repeat=)``. A
        column is sliced when it is read (an explanation reads a few of them)."""
        return FactFrame(
            n=len(range(*rows.indices(self.n))),
            numbers=_Rows(self.numbers, rows),
            flags=_Rows(self.flags, rows),
            categories=_Rows(self.categories, rows),
        )

    def take(self, indices: np.ndarray) -> FactFrame:
        return FactFrame(
            n=len(indices),
            numbers={name: column[indices] for name, column in self.numbers.items()},
            flags={name: column[indices] for name, column in self.flags.items()},
            categories={name: column[indices] for name, column in self.categories.items()},
        )

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, float | int | str]], *, repeat: int = 1) -> FactFrame:
        """The frame of ``rows``, each row ``repeat`` times in a row (an explanation's what-if trials)."""
        n = len(rows)
        if n == 0:
            return cls.from_columns(
                {name: np.zeros(0) for name in NUMBER_FACTS},
                {name: np.zeros(0) for name in FLAG_FACTS},
                {name: np.zeros(0) for name in CATEGORY_FACTS},
            )
        # One tuple per row, then one conversion per kind of fact (far faster than column by column).
        number_table: np.ndarray = np.array(list(map(_NUMBER_GETTER, rows)), dtype=np.float64)
        number_table = number_table.reshape(n, len(NUMBER_FACTS))
        flag_table: np.ndarray = np.array(list(map(_FLAG_GETTER, rows)), dtype=np.int8).reshape(n, len(FLAG_FACTS))
        category_table: np.ndarray = np.empty((n, len(CATEGORY_FACTS)), dtype=np.int16)
        for position, (name, index) in enumerate(_CATEGORY_INDEX.items()):
            codes = map(index.get, map(str, map(itemgetter(name), rows)), itertools.repeat(index["other"]))
            category_table[:, position] = np.fromiter(codes, dtype=np.int16, count=n)
        if repeat > 1:
            n *= repeat
            number_table, flag_table, category_table = (
                np.repeat(table, repeat, axis=0) for table in (number_table, flag_table, category_table)
            )
        # Columns of the transposed tables are contiguous views: one copy per kind of fact.
        numbers = dict(zip(NUMBER_FACTS, np.ascontiguousarray(number_table.T), strict=True))
        flags = dict(zip(FLAG_FACTS, np.ascontiguousarray(flag_table.T), strict=True))
        categories = dict(zip(CATEGORY_FACTS, np.ascontiguousarray(category_table.T), strict=True))
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


class _Rows(Mapping[str, np.ndarray]):
    """Columns limited to consecutive rows, each sliced (a view) when it is read."""

    def __init__(self, columns: Mapping[str, np.ndarray], rows: slice) -> None:
        self.columns, self.rows = columns, rows

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name][self.rows]

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)


def _anniversary(start: date, months: int) -> date:
    """The day ``months`` calendar months after ``start``: the same day of that month, or the first
    day of the next month when that month is too short (31 January + 1 month = 1 March)."""
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    month += 1
    if start.day <= 28 or start.day <= monthrange(year, month)[1]:  # every month has 28 days
        return date(year, month, start.day)
    return date(year + month // 12, month % 12 + 1, 1)


def months_and_days(first: date, last: date) -> tuple[int, int]:
    """Whole calendar months from ``first`` to ``last``, both days included, and the days left over.

    A month is whole on the day before the same day of the next month, or on the last day of the
    next month when it has no such day (Civil Act, Art. 160): 1 Oct 2017 to 30 Sep 2025 is 96
    months and 0 days; to 29 Sep 2025, 95 months and 29 days. ``last`` before ``first`` is (0, 0).
    """
    if last < first:
        return 0, 0
    after = last + timedelta(days=1)
    months = (after.year - first.year) * 12 + after.month - first.month
    anniversary = _anniversary(first, months)
    if anniversary > after:
        months -= 1
        anniversary = _anniversary(first, months)
    return months, (after - anniversary).days


def merged_months(periods: list[tuple[int, int]]) -> int:
    """Whole months in the union of periods (first and last day as ordinals, both included).

    Overlapping or touching periods are joined first, so a day worked in two jobs counts once;
    each joined period then counts its whole calendar months. Days short of a whole month are not
    counted, nor added up across separate periods (see "Counting periods" in docs/policy-engine.md).
    """
    if not periods:
        return 0
    periods.sort()
    months = 0
    current_first, current_last = periods[0]
    for first, last in periods[1:]:
        if first > current_last + 1:
            months += months_and_days(date.fromordinal(current_first), date.fromordinal(current_last))[0]
            current_first, current_last = first, last
        elif last > current_last:
            current_last = last
    return months + months_and_days(date.fromordinal(current_first), date.fromordinal(current_last))[0]


def years_worked(periods: Iterable[tuple[date, date | None]], as_of: date) -> float:
    """Years worked up to ``as_of``, counted as the rules count them, for every page that shows a
    number of years: each period's last day included, an open end (or one after ``as_of``) up to
    ``as_of``, overlaps once, whole calendar months divided by 12 (:func:`merged_months`)."""
    ordinals = []
    for start, end in periods:
        last = as_of if end is None else min(end, as_of)
        if start <= last:
            ordinals.append((start.toordinal(), last.toordinal()))
    return merged_months(ordinals) / 12 if ordinals else 0.0


def _merged_years(periods: list[tuple[int, int]]) -> float:
    """The whole months of :func:`merged_months` in years (96 months are exactly 8.0)."""
    return merged_months(periods) / 12 if periods else 0.0


def years_since(day: date, as_of: date) -> float:
    """Time from ``day`` (a graduation) to ``as_of`` in years, such that ``<= N`` holds exactly
    when ``as_of`` is within N years of ``day``.

    The period starts the day after ``day`` (Civil Act, Art. 157) and ends on ``as_of``: its whole
    months ``m`` and days left over ``d`` (at most 30) give ``(m + d / 31) / 12``, so 36 months and
    no day is 3.0 (within 3 years) and 36 months and a day is above 3.0 (not within).
    """
    months, days = months_and_days(day + timedelta(days=1), as_of)
    return (months + days / 31) / 12


_BASIS: dict[str, str] = {
    "uncertain name match": gettext_lazy("uncertain name match"),
    "Korean equivalent named in the rules": gettext_lazy("Korean equivalent named in the rules"),
    "no list in force on this date": gettext_lazy("no list in force on this date"),
    "list not loaded": gettext_lazy("list not loaded"),
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


def _related_for_occupation(code: str | None, related: bool | None, fields: frozenset[str]) -> bool | None:
    """E-7-1: a field counts when related to the occupation OR to the industry; unclassified, or an
    occupation too broad to name its fields (none listed), is unknown - it cannot say no."""
    if code is None:
        return None
    if related or code in fields:
        return True
    return False if fields else None


def _occupation_verdict(related: bool | None, code: str | None, occupation: Occupation, targets: bool) -> Message:
    """Whether a field is related for E-7-1, naming the occupation (a message, translated at the boundary)."""
    name = in_both(occupation.title_ko, occupation.title_en)
    if code is None:
        return gettext("field unclear - needs review")
    if related:
        if code in occupation.fields:
            return gettext("related to the occupation {occupation}").format(occupation=name)
        return gettext("related to the industry or technology field of the job")
    if related is None:
        return gettext("relatedness to the occupation {occupation} needs review").format(occupation=name)
    if targets:
        return gettext("not related to the occupation {occupation} nor to the industry of the job").format(
            occupation=name
        )
    return gettext("not related to the occupation {occupation}").format(occupation=name)


# Why an E-7-1 criterion on a related field needs review when the occupation is too broad to relate.
OCCUPATION_TOO_BROAD = gettext_lazy(
    "The occupation {occupation} is too broad to say which fields are related to it: the center checks it."
)
_OCCUPATION_FACTS = ("occupation_related_degree_level", "occupation_related_experience_years")


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
        self.universities: dict[str, tuple[float | None, bool, Standing]] = {}
        # name -> (counts, counts in the best case, evidence)
        self.companies: dict[str, tuple[bool, bool, Standing]] = {}
        # name -> Korean university (True) or not known (None), when no country is given
        self.korean: dict[str, bool | None] = {}
        # organization -> world-class (True) or needs review (None), for post-doctoral research
        self.institutes: dict[tuple[str, str], bool | None] = {}
        # offer targets -> the detailed fields related to any of them
        self.related: dict[tuple[str, ...], frozenset[str]] = {}
        # (name, ranking kind) -> (certain rank, best-case rank) on that ranking alone
        self.ranks_on: dict[tuple[str, str], tuple[float, float]] = {}

    def university(self, name: str) -> tuple[float | None, bool, Standing]:
        found = self.universities.get(name)
        if found is None:
            standing = self.catalogue.university(name, self.as_of)
            found = self.universities[name] = (
                float(standing.rank or 0) if standing.counts else None,
                not standing.certain,
                standing,  # in words (_standing_text) only where the evidence is kept
            )
        return found

    def company(self, name: str) -> tuple[bool, bool, Standing]:
        found = self.companies.get(name)
        if found is None:
            standing = self.catalogue.company(name, self.as_of)
            found = self.companies[name] = (
                standing.counts,
                standing.counts or not standing.certain,
                standing,
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

    def row(
        self, applicant: ApplicantIn, facts: PreparedFacts | None, *, evidence: bool = True
    ) -> dict[str, float | int | str]:
        """One applicant's fact values; evidence (unless ``evidence`` is false) and the reasons of
        facts that need review are noted in ``facts`` when given."""
        note = facts.note if facts is not None and evidence else None
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
            occupation_entry = self.fields.occupations.get(occupation) if occupation else None
            if occupation and not self.e7_1_occupations:
                values["occupation_e7_1"] = UNKNOWN  # the occupation list is not loaded
            elif occupation:
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
            occupation_entry = None
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
        # E-7-1 (only worked out when the occupation is in the table; else the same as related_*)
        occupation_fields = occupation_entry.fields if occupation_entry is not None else frozenset()
        occupation_related = occupation_related_best = 0
        too_broad = False
        latest_completion: date | None = None
        for entry in applicant.education:
            if entry.in_progress:
                continue  # not held yet: only D-10-3 reads it (_route_facts)
            completed = entry.completed
            if completed is not None:
                if completed > as_of:
                    # Not yet completed on the date assessed (a replay as of an earlier date): not counted.
                    if note is not None:
                        note(
                            "degree_rank",
                            gettext("{degree}: completed on {date}, after the date assessed - not counted").format(
                                degree=entry.institution or entry.field or entry.level, date=completed.isoformat()
                            ),
                        )
                    continue
                if latest_completion is None or completed > latest_completion:
                    latest_completion = completed
            level = DEGREE_LEVELS[entry.level]
            if level > highest:
                highest = level
            institution = entry.institution
            if institution:
                rank, uncertain, standing = self.universities.get(institution) or self.university(institution)
                if note is not None and level >= 2:
                    note("degree_rank", _standing_text("university", institution, standing))
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
            if targets or occupation_entry is not None:
                code = classify(field_text)
                is_related = None if code is None or not targets else code in related_codes
            else:
                code, is_related = None, None
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
            if occupation_entry is not None:
                for_occupation = _related_for_occupation(code, is_related, occupation_fields)
                too_broad = too_broad or (for_occupation is None and code is not None)
                if for_occupation and level > occupation_related:
                    occupation_related = level
                if for_occupation is not False and level > occupation_related_best:
                    occupation_related_best = level
                if note is not None and field_text:
                    note(
                        "occupation_related_degree",
                        f"{field_text}: " + _occupation_verdict(for_occupation, code, occupation_entry, bool(targets)),
                    )
        values["highest_degree_level"] = float(highest)
        values["rank_level_2"] = rank_2
        values["rank_level_2_best"] = best_2
        values["rank_level_3"] = rank_3
        values["rank_level_3_best"] = best_3
        values["rank_level_4"] = rank_4
        values["rank_level_4_best"] = best_4
        values["related_degree_level"] = float(related)
        values["related_degree_level_best"] = float(related_best)
        if occupation_entry is not None:
            values["occupation_related_degree_level"] = float(occupation_related)
            values["occupation_related_degree_level_best"] = float(occupation_related_best)
        else:
            values["occupation_related_degree_level"] = float(related)
            values["occupation_related_degree_level_best"] = float(related_best)
        values["korean_related_degree_level"] = float(korean_related)
        values["korean_related_degree_level_best"] = float(korean_related_best)
        values["korean_degree_level"] = float(korean_any)
        values["foreign_degree_level"] = float(foreign_any)
        values["years_since_graduation"] = (
            years_since(latest_completion, as_of) if latest_completion is not None else NAN
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
        occupation_work: list[tuple[int, int]] = []
        occupation_work_best: list[tuple[int, int]] = []
        for job in applicant.experience:
            # First and last day worked, both included; an open end, or one after the date
            # assessed, counts up to and including that date; a start after it counts nothing.
            start = job.start.toordinal()
            end_date = job.end
            end = as_of_day if end_date is None else min(end_date.toordinal(), as_of_day)
            if end < start:
                continue
            period = (start, end)
            every.append(period)
            kind = job.kind
            organization = job.organization
            if kind == "company" and organization:
                counts, counts_best, standing = self.companies.get(organization) or self.company(organization)
                if note is not None:
                    note("global_company", _standing_text("company", organization, standing))
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
                code, job_related = None, None
            if occupation_entry is not None:
                if not targets:
                    code = classify(field_text)
                job_for_occupation = _related_for_occupation(code, job_related, occupation_fields)
                too_broad = too_broad or (job_for_occupation is None and code is not None)
                if job_for_occupation:
                    occupation_work.append(period)
                if job_for_occupation is not False:
                    occupation_work_best.append(period)
                if note is not None and field_text:
                    note(
                        "occupation_related_experience",
                        f"{organization or field_text}: {field_text}: "
                        + _occupation_verdict(job_for_occupation, code, occupation_entry, bool(targets)),
                    )
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
        if occupation_entry is None:
            values["occupation_related_experience_years"] = values["related_experience_years"]
            values["occupation_related_experience_years_best"] = best
        else:
            best = values["occupation_related_experience_years_best"] = (
                total if len(occupation_work_best) == len(every) else _merged_years(occupation_work_best)
            )
            values["occupation_related_experience_years"] = (
                best if len(occupation_work) == len(occupation_work_best) else _merged_years(occupation_work)
            )
            if too_broad and facts is not None:
                reason = OCCUPATION_TOO_BROAD.format(
                    occupation=in_both(occupation_entry.title_ko, occupation_entry.title_en)
                )
                for fact in _OCCUPATION_FACTS:
                    facts.reasons[fact] = reason

        # Language and evaluator scores
        values["topik_level"] = float(applicant.topik_level()) if applicant.languages else 0.0
        scores = applicant.qualitative_scores
        if scores is not None:
            technical, strategic = scores.technical_expertise, scores.strategic_value
            values["technical_expertise_score"] = float(technical) if technical is not None else NAN
            values["strategic_value_score"] = float(strategic) if strategic is not None else NAN
        else:
            values["technical_expertise_score"] = values["strategic_value_score"] = NAN
        self._route_facts(applicant, values)
        return values

    def rank_on(self, name: str, kind: str) -> tuple[float, float]:
        if not name:
            return NAN, 0.0  # no institution given: could be ranked anywhere
        key = (name, kind)
        found = self.ranks_on.get(key)
        if found is None:
            found = self.ranks_on[key] = self.catalogue.rank_on(name, self.as_of, kind)
        return found

    def _route_facts(self, applicant: ApplicantIn, values: dict[str, float | int | str]) -> None:
        """Facts the K-STAR, D-10-3, E-7-1 special-route and F-2-R criteria read.

        D-10-3 reads the applicant's most recent course: one in progress (or ending after the
        date), else the latest completed degree, else a degree without a date (recency unknown).
        """
        as_of = self.as_of
        classify = self.fields.classify
        # D-10-3: the most recent course
        chosen: tuple[tuple[int, int, int], float, EducationIn] | None = None
        for entry in applicant.education:
            level = DEGREE_LEVELS[entry.level]
            completed = entry.completed
            if entry.in_progress or (completed is not None and completed > as_of):
                order, years = (2, 0, level), 0.0
            elif completed is not None:
                order, years = (
                    (1, completed.toordinal(), level),
                    years_since(completed, as_of),
                )
            else:
                order, years = (0, 0, level), NAN
            if chosen is None or order > chosen[0]:
                chosen = (order, years, entry)
        if chosen is None:
            values["study_level"] = 0.0
            values["study_years_since"] = values["study_years_since_best"] = NAN
            values["study_qs_rank"] = values["study_qs_rank_best"] = NAN
            values["study_the_rank"] = values["study_the_rank_best"] = NAN
            values["study_field"] = ""
        else:
            (_kind, _day, level), years, entry = chosen
            values["study_level"] = float(level)
            values["study_years_since"] = years
            values["study_years_since_best"] = 0.0 if math.isnan(years) else years
            values["study_qs_rank"], values["study_qs_rank_best"] = self.rank_on(entry.institution, QS_WORLD)
            values["study_the_rank"], values["study_the_rank_best"] = self.rank_on(entry.institution, THE_WORLD)
            values["study_field"] = classify(entry.field) or ""

        # E-7-1 top-university route and K-STAR: degrees held
        qs = qs_best = the = the_best = NAN
        k_level = k_level_best = 0
        k_field = k_field_best = ""
        for entry in applicant.education:
            if entry.in_progress:
                continue
            level = DEGREE_LEVELS[entry.level]
            if level >= 2:
                rank, best = self.rank_on(entry.institution, QS_WORLD)
                qs, qs_best = float(np.fmin(qs, rank)), float(np.fmin(qs_best, best))
                rank, best = self.rank_on(entry.institution, THE_WORLD)
                the, the_best = float(np.fmin(the, rank)), float(np.fmin(the_best, best))
            designated = self.catalogue.k_star_designated(entry.institution, entry.country or "", as_of)
            if designated and level > k_level:
                k_level, k_field = level, classify(entry.field) or ""
            if designated is not False and level > k_level_best:
                k_level_best, k_field_best = level, classify(entry.field) or ""
        values["qs_rank_any"], values["qs_rank_any_best"] = qs, qs_best
        values["the_rank_any"], values["the_rank_any_best"] = the, the_best
        values["k_star_degree_level"] = float(k_level)
        values["k_star_degree_level_best"] = float(k_level_best)

        # K-STAR post-doctoral research at a designated institution; internships (E-7-1 route)
        postdoc = FALSE
        postdoc_field = postdoc_field_best = ""
        internships: list[tuple[int, int]] = []
        for job in applicant.experience:
            if job.internship:
                start, end = job.start.toordinal(), self.as_of_day if job.end is None else job.end.toordinal()
                end = min(end, self.as_of_day)
                if end > start:
                    internships.append((start, end))
            if job.postdoctoral and job.kind in {"research_institute", "university"} and job.start <= as_of:
                designated = self.catalogue.k_star_designated(job.organization, "", as_of)
                if designated and postdoc != TRUE:
                    postdoc, postdoc_field = TRUE, classify(job.field) or ""
                elif designated is None and postdoc == FALSE:
                    postdoc, postdoc_field_best = UNKNOWN, classify(job.field) or ""
        values["k_star_postdoc"] = postdoc
        values["internship_years"] = _merged_years(internships)
        if k_level:
            values["k_star_field"] = k_field
        elif postdoc == TRUE:
            values["k_star_field"] = postdoc_field
        elif k_level_best:
            values["k_star_field"] = k_field_best
        else:
            values["k_star_field"] = postdoc_field_best

        # The host and the place of the job
        offer = applicant.offer
        if offer is not None and offer.korean_employees is not None and offer.foreign_employees is not None:
            korean = offer.korean_employees
            share = (offer.foreign_employees + 1) / korean if korean else math.inf
            values["foreign_share_after_hire"] = values["foreign_share_after_hire_best"] = share
        else:
            values["foreign_share_after_hire"], values["foreign_share_after_hire_best"] = NAN, 0.0
        values["host_type"] = (offer.host_type or "") if offer is not None else ""
        values["in_decline_area"] = (
            in_decline_area(offer.region or "", offer.district or "", as_of) if offer is not None else UNKNOWN
        )
        designated_industry = offer.local_designated_industry if offer is not None else None
        values["local_designated_industry"] = _tri_of(designated_industry)

        # Status and recommendations
        visa = applicant.person.current_visa if applicant.person is not None else None
        values["e9_holder"] = UNKNOWN if visa is None else TRUE if visa.startswith("E-9") else FALSE
        values["d10_3_holder"] = UNKNOWN if visa is None else TRUE if visa == "D-10-3" else FALSE
        recommendations = applicant.recommendations
        if recommendations is None:
            values["recommended_by_president"] = values["recommended_for_employment"] = UNKNOWN
            values["recommended_by_local_government"] = UNKNOWN
        else:
            values["recommended_by_president"] = _tri_of(recommendations.university_president)
            values["recommended_by_local_government"] = _tri_of(recommendations.local_government)
            values["recommended_for_employment"] = max(
                _tri_of(recommendations.kotra), _tri_of(recommendations.ministry)
            )


def _tri_of(answer: bool | None) -> int:
    return UNKNOWN if answer is None else TRUE if answer else FALSE


# Why a criterion needs review when a reference list cannot settle it (shown in the answer).
LIST_REASONS = {
    "list not loaded": gettext_lazy("List not loaded: the center checks it."),
    "no list in force on this date": gettext_lazy("No list in force on this date: the center checks it."),
}
_RANK_FACTS = ("rank_level_2", "rank_level_3", "rank_level_4")


def _list_reasons(facts: PreparedFacts, as_of: date, catalogue: Catalogue) -> None:
    """Note, per fact, a list that is empty or missing on ``as_of`` (universities, companies,
    E-7-1 occupations), so a criterion that needs review on that fact says why."""
    university = catalogue.list_status("university", as_of, excluded=ROUTE_ONLY_KINDS)
    if university:
        for fact in _RANK_FACTS:
            facts.reasons[fact] = LIST_REASONS[university]
    company = catalogue.list_status("company", as_of)
    if company:
        facts.reasons["global_company_years"] = LIST_REASONS[company]
    if not catalogue.e7_1_occupations:
        facts.reasons["occupation_e7_1"] = LIST_REASONS["list not loaded"]


def prepare(applicant: ApplicantIn, as_of: date, catalogue: Catalogue, fields: FieldClassifier) -> PreparedFacts:
    """One applicant's facts as of ``as_of``, with the evidence behind them."""
    facts = PreparedFacts(values={})
    facts.values = _Preparation(as_of, catalogue, fields).row(applicant, facts)
    _list_reasons(facts, as_of, catalogue)
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


def prepare_each(
    applicants: Iterable[ApplicantIn],
    as_of: date,
    catalogue: Catalogue,
    fields: FieldClassifier,
    *,
    evidence: bool = True,
) -> list[PreparedFacts]:
    """Many applicants' facts, each equal to ``prepare(applicant, ...)`` (without the evidence when
    ``evidence`` is false: the values and the reasons are the same); only faster, because each
    distinct degree and job is looked up once (as in :func:`prepare_many`)."""
    preparation = _Preparation(as_of, catalogue, fields)
    prepared = []
    for applicant in applicants:
        facts = PreparedFacts(values={})
        facts.values = preparation.row(applicant, facts, evidence=evidence)
        _list_reasons(facts, as_of, catalogue)
        prepared.append(facts)
    return prepared
