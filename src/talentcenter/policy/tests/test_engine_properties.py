"""Properties of the engine over random applicants, dates and programmes (Hypothesis).

(a) one applicant explained and a batch evaluated give the same status, in any row order, and
``prepare_many`` builds exactly the rows ``prepare`` does; (b) more salary or one more year of
experience never makes a K-Tech Pass standard answer worse; (c) a track is ``not_in_force``
exactly before its start date; (d) every criterion names its parameters with value, date and
source, and a parameter with no value on the date never gives a definite answer.
"""

from __future__ import annotations

import calendar
import math
import random
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentcenter.policy.engine import (
    STATUS_NAMES,
    TRACKS,
    ApplicantIn,
    FactFrame,
    baseline,
    bundled_catalogue,
    evaluate,
    explain,
    prepare,
)
from talentcenter.policy.engine.evaluate import _TRIAL_CRITERIA as TRIAL_CRITERIA
from talentcenter.policy.engine.evaluate import explain_hints
from talentcenter.policy.engine.facts import (
    CATEGORY_FACTS,
    FALSE,
    FLAG_FACTS,
    NAN,
    NUMBER_FACTS,
    TRUE,
    UNKNOWN,
    prepare_many,
)
from talentcenter.policy.engine.fields import OCCUPATIONS_FILE, classifier
from talentcenter.policy.engine.inputs import CAPITAL_REGION, industry_codes
from talentcenter.policy.engine.matching import (
    BUNDLED_SOURCES,
    DATA_DIR,
    REFERENCE_DATA_DIR,
    _read_rows,
    name_and_aliases,
)
from talentcenter.policy.engine.regions import in_decline_area

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STATUS_ORDER = {"not_eligible": 0, "needs_review": 1, "eligible": 2}
# Start dates by hand from the parameter files (REFERENCE.md); None = no start date (always in force).
STARTS: dict[str, date | None] = {
    "ktech-pass/standard": date(2025, 4, 2),
    "ktech-pass/qualitative": date(2026, 7, 2),
    "ktech-pass/government-programme": date(2026, 7, 2),
    "top-tier-visa/standard": date(2025, 4, 2),
    "top-tier-visa/job-seeking": date(2025, 4, 2),
    "kotra-recommendation/standard": date(2018, 7, 2),
    "e7-1/standard": None,
    "k-star/standard": date(2025, 12, 5),
    "d10-3/standard": date(2022, 8, 8),
    "f2-r/standard": None,
}


# Strategies ------------------------------------------------------------------------------------

FIRST_DAY = date(2024, 1, 1)
LAST_DAY = date(2027, 12, 31)


@cache
def _names() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {"university": [], "company": [], "institute": [], "alias": []}
    for filename, _kind, _edition, _published, category, _label in BUNDLED_SOURCES:
        column = "institution" if category == "university" else "company"
        for row in _read_rows(REFERENCE_DATA_DIR / filename):
            main, aliases = name_and_aliases(row[column])
            found[category].append(main)
            found["alias"].extend(aliases)
    for row in _read_rows(DATA_DIR / "names.csv"):
        found[row["category"]].append(row["canonical"])
        found["alias"].extend(filter(None, row["aliases"].split("|")))
    return {key: tuple(sorted(set(values))) for key, values in found.items()}


@cache
def _field_words() -> tuple[str, ...]:
    fields = classifier()
    return tuple(sorted(set(fields.aliases) | fields.generic))


def _misspelled(names: tuple[str, ...]) -> st.SearchStrategy[str]:
    def drop(name: str) -> st.SearchStrategy[str]:
        return st.integers(0, max(0, len(name) - 1)).map(lambda i: name[:i] + name[i + 1 :])

    return st.sampled_from(names).flatmap(drop)


def name(category: str) -> st.SearchStrategy[str]:
    """A name as people write it: on a list, an alias, a typo, invented, or empty."""
    names = _names()
    listed = names[category] if category != "university" else names["university"] + names["institute"]
    return st.one_of(
        st.sampled_from(listed),
        st.sampled_from(names["alias"]),
        _misspelled(listed),
        st.sampled_from(("NTU", "University of Californa", "Acme Widgets Ltd.", "Hyundai", "")),
        st.text(max_size=30),
    )


def dates(first: date = FIRST_DAY, last: date = LAST_DAY) -> st.SearchStrategy[date]:
    return st.dates(min_value=first, max_value=last)


def field_text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(_field_words()), st.sampled_from(("general studies", "")), st.text(max_size=30))


@st.composite
def education(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "level": draw(st.sampled_from(("associate", "bachelor", "master", "doctorate"))),
        "field": draw(field_text()),
        "institution": draw(name("university")),
        "country": draw(st.sampled_from((None, "KR", "US", "GB", "CN", "IN"))),
        "completed": draw(st.one_of(st.none(), dates(date(1990, 1, 1)))),
        "in_progress": draw(st.booleans()),
    }


@st.composite
def experience(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(("company", "research_institute", "university", "government")))
    start = draw(dates(date(1995, 1, 1)))
    end = draw(st.one_of(st.none(), st.integers(0, 12 * 366).map(lambda days: start + timedelta(days=days))))
    return {
        "organization": draw(name("company" if kind == "company" else "university")),
        "kind": kind,
        "field": draw(field_text()),
        "start": start,
        "end": end,
        "postdoctoral": draw(st.booleans()),
        "internship": draw(st.booleans()),
    }


def salary() -> st.SearchStrategy[int | None]:
    thresholds = (149_865_000, 199_820_000, 157_248_000, 209_664_000, 28_670_000, 31_120_000, 35_240_800, 30_835_700)
    return st.one_of(
        st.none(),
        st.integers(0, 400_000_000),
        st.sampled_from(thresholds).flatmap(lambda value: st.sampled_from((value - 1, value, value + 1))),
    )


@st.composite
def offer(draw: st.DrawFn) -> dict[str, Any]:
    codes = industry_codes()
    occupations = tuple(row["ksco_code"] for row in _read_rows(REFERENCE_DATA_DIR / "e7_1_occupations.csv"))
    return {
        "company": draw(name("company")),
        "company_size": draw(st.sampled_from((None, "sme", "midsize", "large"))),
        "industry": draw(st.sampled_from((None, "other", *sorted(codes["ktech_pass"] | codes["nst"])))),
        "technology_field": draw(st.sampled_from((None, "other", *sorted(codes["kotra"])))),
        "annual_salary_krw": draw(salary()),
        "occupation": draw(st.one_of(st.none(), st.sampled_from(occupations), st.just("9999"))),
        "region": draw(st.sampled_from((None, "Seoul", "Gyeonggi", "Busan", "경기", "  incheon ", "강원", "Daegu"))),
        "district": draw(st.sampled_from((None, "", "평창군", "Seo-gu", "Gunwi-gun", "Gangnam-gu", "고성"))),
        "host_type": draw(st.sampled_from((None, "venture", "listed_company_rnd", "other"))),
        "korean_employees": draw(st.one_of(st.none(), st.integers(0, 30))),
        "foreign_employees": draw(st.one_of(st.none(), st.integers(0, 8))),
        "local_designated_industry": draw(st.sampled_from((None, True, False))),
    }


@st.composite
def applicants(draw: st.DrawFn, *, with_offer: bool = False) -> ApplicantIn:
    scores = draw(
        st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {
                    "technical_expertise": st.one_of(st.none(), st.integers(0, 25)),
                    "strategic_value": st.one_of(st.none(), st.integers(0, 20)),
                }
            ),
        )
    )
    data = {
        "education": draw(st.lists(education(), max_size=3)),
        "experience": draw(st.lists(experience(), max_size=4)),
        "offer": draw(offer() if with_offer else st.one_of(st.none(), offer())),
        "languages": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "language": st.sampled_from(("ko", "en")),
                        "test": st.sampled_from(("TOPIK", "KIIP", "IELTS")),
                        "level": st.integers(0, 6),
                    }
                ),
                max_size=2,
            )
        ),
        "government_programme": draw(
            st.sampled_from((None, "mohw-scholar-recruitment", "kasa-scholar-recruitment", "nih-fellowship"))
        ),
        "qualitative_scores": scores,
        "person": draw(
            st.one_of(
                st.none(), st.fixed_dictionaries({"current_visa": st.sampled_from((None, "E-9", "D-10-3", "D-2"))})
            )
        ),
        "recommendations": draw(
            st.one_of(
                st.none(),
                st.fixed_dictionaries(
                    {
                        name: st.sampled_from((None, True, False))
                        for name in ("university_president", "kotra", "ministry", "local_government")
                    }
                ),
            )
        ),
    }
    return ApplicantIn.model_validate(data)


# A plain reference implementation of fact preparation ------------------------------------------
# The straightforward version ``prepare`` was optimised from (no caches, no shortcuts). The
# optimised ``prepare`` and ``prepare_many`` must give exactly these values.


def civil_month_end(first: date, months: int) -> date:
    """The last day of ``months`` whole months counted from ``first`` (Civil Act, Art. 160): the day
    before the same day ``months`` months later, or the last day of that month if it has no such
    day; with no month, the day before ``first``."""
    year, month = divmod(first.year * 12 + first.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    if first.day > last_day:
        return date(year, month + 1, last_day)
    return date(year, month + 1, first.day) - timedelta(days=1)


def calendar_months(first: date, last: date) -> tuple[int, int]:
    """Whole months from ``first`` to ``last`` (both worked) by counting them one by one, and the days after them."""
    months = 0
    while civil_month_end(first, months + 1) <= last:
        months += 1
    return months, (last - civil_month_end(first, months)).days


def day_runs(periods: list[tuple[int, int]]) -> list[tuple[date, date]]:
    """The union of periods (ordinals, both ends worked), day by day, as runs of consecutive days."""
    days: set[int] = set()
    for first, last in periods:
        days.update(range(first, last + 1))
    runs: list[tuple[date, date]] = []
    for day in sorted(days):
        if runs and runs[-1][1].toordinal() == day - 1:
            runs[-1] = (runs[-1][0], date.fromordinal(day))
        else:
            runs.append((date.fromordinal(day), date.fromordinal(day)))
    return runs


def _years(periods: list[tuple[int, int]]) -> float:
    return sum(calendar_months(first, last)[0] for first, last in day_runs(periods)) / 12


def _years_since(completed: date, as_of: date) -> float:
    if as_of == completed:
        return 0.0
    months, days = calendar_months(completed + timedelta(days=1), as_of)
    return (months + days / 31) / 12


@cache
def _occupation_prefixes() -> dict[str, tuple[str, ...]]:
    raw = yaml.safe_load(OCCUPATIONS_FILE.read_text(encoding="utf-8"))["occupations"]
    return {str(code): tuple(str(prefix) for prefix in prefixes or ()) for code, prefixes in raw.items()}


def _related_for_e7_1(text: str, targets: tuple[str, ...], occupation: str | None) -> bool | None:
    """E-7-1: related to the occupation (a listed prefix of the field's code) OR to the industry."""
    fields = classifier()
    by_industry = fields.is_related(text, targets)
    prefixes = _occupation_prefixes().get(occupation or "")
    if prefixes is None:
        return by_industry
    code = fields.classify(text)
    if code is None:
        return None
    if by_industry or any(code.startswith(prefix) for prefix in prefixes):
        return True
    return False if prefixes else None


def reference_values(person: ApplicantIn, as_of: date) -> dict[str, Any]:
    catalogue, fields = bundled_catalogue(), classifier()
    offer = person.offer
    targets = tuple(
        code for code in ((offer.industry, offer.technology_field) if offer else ()) if code and code != "other"
    )
    occupation = offer.occupation if offer else None
    values: dict[str, Any] = {
        "has_offer": TRUE if offer is not None else FALSE,
        "salary_krw": float(offer.annual_salary_krw) if offer and offer.annual_salary_krw is not None else NAN,
        "offer_industry": (offer.industry or "") if offer else "",
        "offer_technology_field": (offer.technology_field or "") if offer else "",
        "company_size": (offer.company_size or "") if offer else "",
        "occupation_e7_1": (TRUE if offer.occupation in catalogue.e7_1_occupations else FALSE)
        if offer and offer.occupation
        else UNKNOWN,
        "employer_capital_region": (TRUE if offer.region.strip().casefold() in CAPITAL_REGION else FALSE)
        if offer and offer.region
        else UNKNOWN,
        "government_programme": person.government_programme or "",
    }
    levels = {"associate": 1, "bachelor": 2, "master": 3, "doctorate": 4}
    rank: dict[int, list[float]] = {2: [], 3: [], 4: []}
    best: dict[int, list[float]] = {2: [], 3: [], 4: []}
    related, related_best, korean_related, korean_related_best, korean_any, foreign_any = [0], [0], [0], [0], [0], [0]
    occupation_related, occupation_related_best = [0], [0]
    completions = []
    # A degree completed after the date assessed, or still in progress, does not count at all.
    degrees = [
        degree
        for degree in person.education
        if not degree.in_progress and (degree.completed is None or degree.completed <= as_of)
    ]
    for degree in degrees:
        level = levels[degree.level]
        if degree.completed is not None:
            completions.append(degree.completed)
        standing = catalogue.university(degree.institution, as_of) if degree.institution else None
        for threshold in (2, 3, 4):
            if level >= threshold and standing is not None:
                if standing.counts:
                    rank[threshold].append(float(standing.rank or 0))
                    best[threshold].append(float(standing.rank or 0))
                elif not standing.certain:
                    best[threshold].append(0.0)
        is_related = fields.is_related(degree.field, targets)
        korean = catalogue.is_korean_university(degree.institution, degree.country or "")
        if is_related:
            related.append(level)
        if is_related is not False:
            related_best.append(level)
        for_occupation = _related_for_e7_1(degree.field, targets, occupation)
        if for_occupation:
            occupation_related.append(level)
        if for_occupation is not False:
            occupation_related_best.append(level)
        if korean:
            korean_any.append(level)
            if is_related:
                korean_related.append(level)
        if korean is not False and is_related is not False:
            korean_related_best.append(level)
        if korean is False:
            foreign_any.append(level)
    values["highest_degree_level"] = float(max((levels[degree.level] for degree in degrees), default=0))
    for threshold in (2, 3, 4):
        values[f"rank_level_{threshold}"] = min(rank[threshold], default=NAN)
        values[f"rank_level_{threshold}_best"] = min(best[threshold], default=NAN)
    values["related_degree_level"] = float(max(related))
    values["related_degree_level_best"] = float(max(related_best))
    values["occupation_related_degree_level"] = float(max(occupation_related))
    values["occupation_related_degree_level_best"] = float(max(occupation_related_best))
    values["korean_related_degree_level"] = float(max(korean_related))
    values["korean_related_degree_level_best"] = float(max(korean_related_best))
    values["korean_degree_level"] = float(max(korean_any))
    values["foreign_degree_level"] = float(max(foreign_any))
    values["years_since_graduation"] = _years_since(max(completions), as_of) if completions else NAN

    lists: dict[str, list[tuple[int, int]]] = {
        name: []
        for name in (
            "experience_years",
            "global_company_years",
            "global_company_years_best",
            "postdoc_years",
            "institute_postdoc_years",
            "institute_postdoc_years_best",
            "related_experience_years",
            "related_experience_years_best",
            "occupation_related_experience_years",
            "occupation_related_experience_years_best",
        )
    }
    for job in person.experience:
        period = (job.start.toordinal(), min((job.end or as_of).toordinal(), as_of.toordinal()))
        if period[1] < period[0]:
            continue
        lists["experience_years"].append(period)
        if job.kind == "company" and job.organization:
            standing = catalogue.company(job.organization, as_of)
            if standing.counts:
                lists["global_company_years"].append(period)
            if standing.counts or not standing.certain:
                lists["global_company_years_best"].append(period)
        if job.postdoctoral:
            lists["postdoc_years"].append(period)
            if job.kind in {"research_institute", "university"}:
                world_class = catalogue.is_world_class_institute(job.organization) or (
                    job.kind == "university"
                    and bool(job.organization)
                    and catalogue.university(job.organization, as_of).counts
                )
                if world_class:
                    lists["institute_postdoc_years"].append(period)
                lists["institute_postdoc_years_best"].append(period)
        is_related = fields.is_related(job.field, targets)
        if is_related:
            lists["related_experience_years"].append(period)
        if is_related is not False:
            lists["related_experience_years_best"].append(period)
        for_occupation = _related_for_e7_1(job.field, targets, occupation)
        if for_occupation:
            lists["occupation_related_experience_years"].append(period)
        if for_occupation is not False:
            lists["occupation_related_experience_years_best"].append(period)
    for name, periods in lists.items():
        values[name] = _years(periods)

    topik = [
        entry.level or 0
        for entry in person.languages
        if entry.language.lower() in {"ko", "kor", "korean"} and (entry.test or "").upper() in {"TOPIK", "KIIP"}
    ]
    values["topik_level"] = float(max(topik, default=0))
    scores = person.qualitative_scores
    for name, score in (
        ("technical_expertise_score", scores.technical_expertise if scores else None),
        ("strategic_value_score", scores.strategic_value if scores else None),
    ):
        values[name] = float(score) if score is not None else NAN
    values.update(reference_route_values(person, as_of))
    return values


def _tri(answer: bool | None) -> int:
    return UNKNOWN if answer is None else TRUE if answer else FALSE


def reference_route_values(person: ApplicantIn, as_of: date) -> dict[str, Any]:
    """The route facts (K-STAR, D-10-3, E-7-1 special routes, F-2-R), written plainly."""
    catalogue, fields = bundled_catalogue(), classifier()
    levels = {"associate": 1, "bachelor": 2, "master": 3, "doctorate": 4}
    values: dict[str, Any] = {}

    def ranks(name: str, kind: str) -> tuple[float, float]:
        return catalogue.rank_on(name, as_of, kind) if name else (NAN, 0.0)

    def recency(degree: Any) -> tuple[tuple[int, int, int], float]:
        level = levels[degree.level]
        if degree.in_progress or (degree.completed is not None and degree.completed > as_of):
            return (2, 0, level), 0.0
        if degree.completed is not None:
            return (1, degree.completed.toordinal(), level), _years_since(degree.completed, as_of)
        return (0, 0, level), NAN

    recent = None
    for degree in person.education:
        if recent is None or recency(degree)[0] > recency(recent)[0]:
            recent = degree
    if recent is None:
        values.update(
            study_level=0.0,
            study_years_since=NAN,
            study_years_since_best=NAN,
            study_qs_rank=NAN,
            study_qs_rank_best=NAN,
            study_the_rank=NAN,
            study_the_rank_best=NAN,
            study_field="",
        )
    else:
        years = recency(recent)[1]
        values["study_level"] = float(levels[recent.level])
        values["study_years_since"] = years
        values["study_years_since_best"] = 0.0 if math.isnan(years) else years
        values["study_qs_rank"], values["study_qs_rank_best"] = ranks(recent.institution, "qs_world")
        values["study_the_rank"], values["study_the_rank_best"] = ranks(recent.institution, "the_world")
        values["study_field"] = fields.classify(recent.field) or ""

    held = [degree for degree in person.education if not degree.in_progress]
    for kind, short in (("qs_world", "qs"), ("the_world", "the")):
        found = [ranks(degree.institution, kind) for degree in held if levels[degree.level] >= 2]
        certain = [rank for rank, _best in found if not math.isnan(rank)]
        best = [rank for _rank, rank in found if not math.isnan(rank)]
        values[f"{short}_rank_any"] = min(certain, default=NAN)
        values[f"{short}_rank_any_best"] = min(best, default=NAN)

    designated = [
        (levels[degree.level], catalogue.k_star_designated(degree.institution, degree.country or "", as_of), degree)
        for degree in held
    ]
    certain_degrees = [(level, degree) for level, flag, degree in designated if flag]
    possible_degrees = [(level, degree) for level, flag, degree in designated if flag is not False]
    # the first entry of the highest level, as the loop keeps it
    top = max(certain_degrees, key=lambda pair: pair[0], default=None)
    top = next((pair for pair in certain_degrees if top and pair[0] == top[0]), None)
    top_best = max(possible_degrees, key=lambda pair: pair[0], default=None)
    top_best = next((pair for pair in possible_degrees if top_best and pair[0] == top_best[0]), None)
    values["k_star_degree_level"] = float(top[0]) if top else 0.0
    values["k_star_degree_level_best"] = float(top_best[0]) if top_best else 0.0
    postdocs = [
        (catalogue.k_star_designated(job.organization, "", as_of), job)
        for job in person.experience
        if job.postdoctoral and job.kind in {"research_institute", "university"} and job.start <= as_of
    ]
    sure = [job for flag, job in postdocs if flag]
    maybe = [job for flag, job in postdocs if flag is None]
    values["k_star_postdoc"] = TRUE if sure else UNKNOWN if maybe else FALSE
    if top:
        field = top[1].field
    elif sure:
        field = sure[0].field
    elif top_best:
        field = top_best[1].field
    elif maybe:
        field = maybe[0].field
    else:
        field = None
    values["k_star_field"] = (fields.classify(field) or "") if field is not None else ""
    values["internship_years"] = _years(
        [
            (job.start.toordinal(), min((job.end or as_of).toordinal(), as_of.toordinal()))
            for job in person.experience
            if job.internship
        ]
    )

    offer = person.offer
    if offer is not None and offer.korean_employees is not None and offer.foreign_employees is not None:
        share = (offer.foreign_employees + 1) / offer.korean_employees if offer.korean_employees else math.inf
        values["foreign_share_after_hire"] = values["foreign_share_after_hire_best"] = share
    else:
        values["foreign_share_after_hire"], values["foreign_share_after_hire_best"] = NAN, 0.0
    values["host_type"] = (offer.host_type or "") if offer else ""
    values["in_decline_area"] = in_decline_area(offer.region or "", offer.district or "", as_of) if offer else UNKNOWN
    values["local_designated_industry"] = _tri(offer.local_designated_industry if offer else None)
    visa = person.person.current_visa if person.person else None
    values["e9_holder"] = UNKNOWN if visa is None else TRUE if visa.startswith("E-9") else FALSE
    values["d10_3_holder"] = UNKNOWN if visa is None else TRUE if visa == "D-10-3" else FALSE
    given = person.recommendations
    values["recommended_by_president"] = _tri(given.university_president if given else None)
    values["recommended_by_local_government"] = _tri(given.local_government if given else None)
    values["recommended_for_employment"] = max(_tri(given.kotra), _tri(given.ministry)) if given else UNKNOWN
    return values


def assert_same_values(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    assert actual.keys() == expected.keys()
    for name, value in expected.items():
        if isinstance(value, float) and math.isnan(value):
            assert math.isnan(actual[name]), name
        elif isinstance(value, float):
            assert actual[name] == pytest.approx(value, abs=1e-9), name
        else:
            assert actual[name] == value, name


@PROPERTY
@given(person=applicants(), as_of=dates())
def test_prepare_gives_the_reference_values(person: ApplicantIn, as_of: date) -> None:
    prepared = prepare(person, as_of, bundled_catalogue(), classifier())
    assert_same_values(prepared.values, reference_values(person, as_of))


# (a) single and batch agree --------------------------------------------------------------------


def statuses(answer: dict[str, Any]) -> dict[str, str]:
    return {f"{item['programme']}/{item['track']}": item["status"] for item in answer["results"]}


def batch_statuses(frame: FactFrame, as_of: date) -> list[dict[str, str]]:
    outcomes = evaluate(frame, baseline(), as_of)
    return [
        {key: STATUS_NAMES[int(outcome.status[row])] for key, outcome in outcomes.items()} for row in range(frame.n)
    ]


def assert_same_frames(left: FactFrame, right: FactFrame) -> None:
    assert left.n == right.n
    for name in NUMBER_FACTS:
        np.testing.assert_array_equal(left.numbers[name], right.numbers[name], err_msg=name)
    for name in FLAG_FACTS:
        np.testing.assert_array_equal(left.flags[name], right.flags[name], err_msg=name)
    for name in CATEGORY_FACTS:
        np.testing.assert_array_equal(left.categories[name], right.categories[name], err_msg=name)


@PROPERTY
@given(people=st.lists(applicants(), min_size=1, max_size=6), as_of=dates(), seed=st.integers(0, 2**32 - 1))
def test_explain_and_evaluate_agree_in_any_order(people: list[ApplicantIn], as_of: date, seed: int) -> None:
    catalogue, fields = bundled_catalogue(), classifier()
    prepared = [prepare(person, as_of, catalogue, fields) for person in people]
    single = [statuses(explain(facts, baseline(), as_of)) for facts in prepared]

    frame = FactFrame.from_rows([facts.values for facts in prepared])
    assert batch_statuses(frame, as_of) == single

    order = list(range(len(people)))
    random.Random(seed).shuffle(order)
    shuffled = FactFrame.from_rows([prepared[index].values for index in order])
    assert batch_statuses(shuffled, as_of) == [single[index] for index in order]

    many = prepare_many(people, as_of, catalogue, fields)
    assert_same_frames(many, frame)


@PROPERTY
@given(person=applicants(), as_of=dates(), shuffle=st.randoms(use_true_random=False))
def test_what_if_trials_in_the_explained_run_give_the_answer_of_trials_run_alone(
    person: ApplicantIn, as_of: date, shuffle: random.Random
) -> None:
    """The hints' trials run in the explained run's extra rows (the criteria each track had last
    time) give exactly the answer of trials run on their own, whatever criteria are remembered:
    none (a first run), the right ones, or another track's mixed with a few of the right ones."""
    facts = prepare(person, as_of, bundled_catalogue(), classifier())
    TRIAL_CRITERIA.clear()
    alone = explain(facts, baseline(), as_of)
    remembered = dict(TRIAL_CRITERIA)
    assert explain(facts, baseline(), as_of) == alone

    keys = list(remembered)
    for key in keys:
        wrong = list(remembered[keys[(keys.index(key) + 1) % len(keys)]] + remembered[key][::2])
        shuffle.shuffle(wrong)
        TRIAL_CRITERIA[key] = tuple(dict.fromkeys(wrong))
    assert explain(facts, baseline(), as_of) == alone


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(applicants(with_offer=True), min_size=1, max_size=6),
    as_of=dates(),
    language=st.sampled_from(["en", "ko"]),
    remembered=st.booleans(),
    without=st.sampled_from(["", "university", "company"]),
)
def test_hints_of_many_applicants_in_one_run_are_each_explanations_hints(
    people: list[ApplicantIn], as_of: date, language: str, remembered: bool, without: str
) -> None:
    """``explain_hints`` (one run over every applicant and their trials, the matcher's batch) gives
    each applicant the hints ``explain`` gives it alone, on every track, whether the track's trial
    criteria are remembered from an earlier run or not, and with a reference list not loaded (the
    criteria's own reasons then become hints)."""
    catalogue, fields = bundled_catalogue(), classifier()
    if without:
        lists = tuple(ranked for ranked in catalogue.lists if ranked.category != without)
        catalogue = replace(catalogue, lists=lists, _in_force={})
    prepared = [prepare(person, as_of, catalogue, fields) for person in people]
    for track in TRACKS:
        if not remembered:
            TRIAL_CRITERIA.pop(track.key, None)
        batch = explain_hints(prepared, baseline(), as_of, track, language)
        alone = [explain(facts, baseline(), as_of, (track,), language)["results"][0]["hints"] for facts in prepared]
        assert batch == alone, track.key


def test_prepare_many_equals_prepare_on_a_realistic_population() -> None:
    """The fast path against the one-by-one path on the benchmark's generated profiles."""
    from bench.policy_prepare import generate

    people = generate(400, seed=11)
    catalogue, fields = bundled_catalogue(), classifier()
    for as_of in (date(2024, 1, 1), date(2025, 6, 18), date(2026, 7, 2), date(2027, 12, 31)):
        rows = [prepare(person, as_of, catalogue, fields).values for person in people]
        for person, row in zip(people, rows, strict=True):
            assert_same_values(row, reference_values(person, as_of))
        assert_same_frames(prepare_many(people, as_of, catalogue, fields), FactFrame.from_rows(rows))


def test_prepare_many_of_nobody_is_an_empty_frame() -> None:
    frame = prepare_many([], date(2026, 1, 1), bundled_catalogue(), classifier())
    assert frame.n == 0
    assert all(len(outcome.status) == 0 for outcome in evaluate(frame, baseline(), date(2026, 1, 1)).values())


# (b) monotonicity ----------------------------------------------------------------------------


def ktech_standard(person: ApplicantIn, as_of: date) -> str:
    answer = explain(prepare(person, as_of, bundled_catalogue(), classifier()), baseline(), as_of, [TRACKS[0]])
    return str(answer["results"][0]["status"])


def with_salary(person: ApplicantIn, amount: int) -> ApplicantIn:
    assert person.offer is not None
    return person.model_copy(update={"offer": person.offer.model_copy(update={"annual_salary_krw": amount})})


@PROPERTY
@given(
    person=applicants(with_offer=True),
    as_of=dates(date(2025, 4, 2)),
    low=salary().filter(lambda amount: amount is not None),
    raise_by=st.one_of(st.integers(1, 150_000_000), st.sampled_from((1, 2))),
)
def test_more_salary_never_makes_the_standard_track_worse(
    person: ApplicantIn, as_of: date, low: int, raise_by: int
) -> None:
    # low starts at random amounts and one won either side of each threshold
    before = ktech_standard(with_salary(person, low), as_of)
    after = ktech_standard(with_salary(person, low + raise_by), as_of)
    assert STATUS_ORDER[after] >= STATUS_ORDER[before]


@PROPERTY
@given(person=applicants(with_offer=True), as_of=dates(date(2025, 4, 2)), job=experience())
def test_one_more_year_of_experience_never_makes_the_standard_track_worse(
    person: ApplicantIn, as_of: date, job: dict[str, Any]
) -> None:
    if len(person.experience) >= 50:
        return
    job = {**job, "start": as_of - timedelta(days=366), "end": as_of}
    longer = ApplicantIn.model_validate(
        {**person.model_dump(), "experience": [*person.model_dump()["experience"], job]}
    )
    assert STATUS_ORDER[ktech_standard(longer, as_of)] >= STATUS_ORDER[ktech_standard(person, as_of)]


# (c) not in force exactly before the start -----------------------------------------------------


@cache
def reference_applicant() -> ApplicantIn:
    return ApplicantIn.model_validate(
        {
            "education": [{"level": "doctorate", "institution": "KAIST", "field": "physics", "country": "KR"}],
            "experience": [{"organization": "Samsung Electronics", "start": "2010-01-01", "field": "semiconductor"}],
            "offer": {"industry": "semiconductor", "annual_salary_krw": 250_000_000, "occupation": "2211"},
            "government_programme": "mohw-scholar-recruitment",
        }
    )


@pytest.mark.parametrize("key", [key for key, start in STARTS.items() if start is not None])
def test_track_starts_on_its_start_date(key: str) -> None:
    start = STARTS[key]
    assert start is not None
    before = statuses(
        explain(
            prepare(reference_applicant(), start - timedelta(days=1), bundled_catalogue(), classifier()),
            baseline(),
            start - timedelta(days=1),
        )
    )
    on = statuses(explain(prepare(reference_applicant(), start, bundled_catalogue(), classifier()), baseline(), start))
    assert before[key] == "not_in_force"
    assert on[key] != "not_in_force"


def test_every_track_has_a_start_date_in_the_table() -> None:
    assert set(STARTS) == {track.key for track in TRACKS}


@PROPERTY
@given(person=applicants(), as_of=dates(date(2018, 1, 1)))
def test_not_in_force_exactly_before_the_start(person: ApplicantIn, as_of: date) -> None:
    answer = statuses(explain(prepare(person, as_of, bundled_catalogue(), classifier()), baseline(), as_of))
    for key, status in answer.items():
        start = STARTS[key]
        assert (status == "not_in_force") == (start is not None and as_of < start), key


# (d) every criterion names its parameters ------------------------------------------------------


@PROPERTY
@given(person=applicants(), as_of=dates())
def test_every_criterion_names_its_parameters(person: ApplicantIn, as_of: date) -> None:
    answer = explain(prepare(person, as_of, bundled_catalogue(), classifier()), baseline(), as_of)
    for result in answer["results"]:
        for criterion in result["criteria"]:
            if criterion["threshold"] is not None or criterion["max_points"] is not None:
                assert criterion["parameters"], criterion["id"]
            for parameter in criterion["parameters"]:
                assert parameter["name"] in baseline().parameters
                assert {"value", "effective_from", "source"} <= set(parameter)
                if parameter["effective_from"] is None:
                    # no value on this date (per-capita GNI before 2024-04-01): never a definite answer
                    assert parameter["value"] is None
                    assert criterion["status"] == "needs_review", (result["track"], criterion["id"])
                else:
                    assert date.fromisoformat(parameter["effective_from"]) <= as_of
                    assert parameter["source"].strip()
            if criterion["parameter"] is not None:
                assert criterion["source"] == criterion["parameter"]["source"]
