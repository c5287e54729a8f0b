"""The matcher's public face: ranked candidates for a query, ranked openings for a talent, counts.

Every call first brings this process's index up to date with the store (one query for the clock,
one for the taxonomy's fingerprint; the changed rows only when something changed), then scores in
NumPy. Only discoverable profiles are ever ranked or counted. Visa fit (the policy engine) runs
only for the top ``TALENTCENTER_MATCHING_RERANK_DEPTH`` candidates of a query with an offer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from django.conf import settings
from django.utils import timezone

from talentcenter.matching.explain import CandidateMatch, Explainer, OpeningMatch, VisaFit, explain_profile
from talentcenter.matching.index import OpeningIndex, ProfileColumns, ProfileIndex, shared_openings, shared_profiles
from talentcenter.matching.query import CandidateQuery, LanguageRequirement, OfferFacts, SkillRequirement
from talentcenter.matching.records import OpeningRecord
from talentcenter.matching.scoring import (
    COMPONENTS,
    PreparedQuery,
    ProfileVector,
    Scores,
    Settings,
    score_openings,
    score_profiles,
    sort_key,
    top_rows,
)


def _rerank_depth() -> int:
    return int(getattr(settings, "TALENTCENTER_MATCHING_RERANK_DEPTH", 100))


def _visa_weight() -> float:
    return float(getattr(settings, "TALENTCENTER_MATCHING_VISA_WEIGHT", 0.15))


def query_from_opening_record(record: OpeningRecord) -> CandidateQuery:
    """What an opening asks for, as a query (its skills, degree, years, salary, languages, offer)."""
    offer = None
    if record.offer is not None:
        data = record.offer
        offer = OfferFacts(
            company_name=str(data.get("company") or ""),
            company_size=str(data.get("company_size") or ""),
            industry=str(data.get("industry") or record.industry or ""),
            annual_salary_krw=data.get("annual_salary_krw"),
            occupation_code=str(data.get("occupation") or ""),
            technology_field=str(data.get("technology_field") or ""),
        )
    return CandidateQuery(
        skills=tuple(SkillRequirement(code, weight, required) for code, weight, required in record.skills),
        min_education_level=record.min_education_level,
        min_years=record.min_years,
        salary_min_krw=record.salary_min_krw,
        salary_max_krw=record.salary_max_krw,
        languages=tuple(LanguageRequirement(code, minimum, required) for code, minimum, required in record.languages),
        industry=record.industry,
        offer=offer,
    )


def profile_vectors(index: ProfileIndex, rows: Sequence[int] | np.ndarray) -> list[ProfileVector]:
    """The returned rows as plain vectors, gathered in one NumPy pass per column."""
    rows = np.asarray(rows, dtype=np.intp)
    skills, languages = index.skills[rows], index.languages[rows]
    bits = list(index.industry_bits.bits.items())
    return [
        ProfileVector(
            skills=skills[position],
            languages=languages[position],
            education=education,
            years=years,
            salary=salary,
            industries=frozenset(code for code, bit in bits if mask >> bit & 1),
        )
        for position, (education, years, salary, mask) in enumerate(
            zip(
                index.education[rows].tolist(),
                index.years[rows].tolist(),
                index.salary[rows].tolist(),
                index.industries[rows].tolist(),
                strict=True,
            )
        )
    ]


def profile_vector(index: ProfileIndex, row: int) -> ProfileVector:
    return profile_vectors(index, [row])[0]


def _components(scores: Scores, row: int, *, digits: int | None = 3) -> dict[str, float]:
    names = (*COMPONENTS, "industry_bonus")
    values = {name: float(scores.components[name][row]) for name in names}
    return values if digits is None else {name: round(value, digits) for name, value in values.items()}


def rank_candidates_in_index(
    index: ProfileIndex,
    query: CandidateQuery,
    *,
    limit: int = 50,
    explain: bool = True,
    visa: bool = False,
    as_of: date | None = None,
    using: str = "default",
    settings_: Settings | None = None,
) -> list[CandidateMatch]:
    """Rank the discoverable profiles of ``index`` (no database unless ``visa``): the path the
    benchmark and the evaluation set call directly."""
    current = settings_ or Settings.current()
    taxonomy = index.taxonomy
    columns = index.columns()
    prepared = PreparedQuery.build(query, taxonomy, current.preferred_factor)
    exclude = [index.row_of[pk] for pk in query.exclude_profile_ids if pk in index.row_of]
    scores = score_profiles(
        columns, taxonomy, prepared, current, index=index, exclude_rows=np.asarray(exclude, dtype=np.intp)
    )
    offer = query.offer if visa else None
    depth = max(limit, _rerank_depth()) if offer is not None else limit
    rows = top_rows(scores.total, columns.ids, scores.eligible, depth)
    totals = scores.total[rows].astype(np.float64)
    visa_fits: dict[int, VisaFit] = {}
    visa_scores = np.zeros(len(rows))
    if offer is not None and len(rows):
        from talentcenter.matching import visa as visa_fit

        as_of = as_of or timezone.localdate()
        ids = [int(pk) for pk in columns.ids[rows]]
        offer_fits = visa_fit.OfferFits(offer, as_of=as_of, using=using)
        visa_fits = offer_fits.fits(ids)
        visa_scores = np.asarray([visa_fits[pk].score if pk in visa_fits else 0.0 for pk in ids])
        weight = _visa_weight()
        totals = (1 - weight) * totals + weight * 100.0 * visa_scores
        keep = np.ones(len(rows), dtype=np.bool_)
        if current.hard_filters.get("fast_track_only"):
            keep = np.asarray([pk in visa_fits and visa_fits[pk].fast_track for pk in ids], dtype=np.bool_)
        order = np.flatnonzero(keep)
        keys = sort_key(totals[order].astype(np.float32), columns.ids[rows][order])
        order = order[np.argsort(-keys, kind="stable")][:limit]
        rows, totals, visa_scores = rows[order], totals[order], visa_scores[order]
        returned = [int(pk) for pk in columns.ids[rows]]
        if explain and returned:
            visa_fits = offer_fits.with_hints(returned)
    matches = []
    for position, row in enumerate(rows):
        components = _components(scores, int(row))
        if offer is not None:
            components["visa"] = round(float(visa_scores[position]), 3)
        matches.append(CandidateMatch(int(columns.ids[row]), round(float(totals[position]), 1), components))
    if explain and matches:
        explainer = Explainer(taxonomy, query, preferred_factor=current.preferred_factor)
        explanations = explainer.explain_many(
            profile_vectors(index, rows),
            [_components(scores, int(row), digits=None) for row in rows],
            [visa_fits.get(match.profile_id) for match in matches],
        )
        for match, explanation in zip(matches, explanations, strict=True):
            match.explanation = explanation
    return matches


def rank_candidates(
    query: CandidateQuery,
    *,
    limit: int = 50,
    explain: bool = True,
    visa: bool = True,
    as_of: date | None = None,
    using: str = "default",
) -> list[CandidateMatch]:
    """The best discoverable profiles for ``query``, best first, ties broken by the lower id.

    With an offer in the query and ``visa``, the top ``TALENTCENTER_MATCHING_RERANK_DEPTH`` are
    re-ranked with their visa fit (``TALENTCENTER_MATCHING_VISA_WEIGHT``).
    """
    index = shared_profiles(using)
    return rank_candidates_in_index(index, query, limit=limit, explain=explain, visa=visa, as_of=as_of, using=using)


def count_candidates_in_index(index: ProfileIndex, query: CandidateQuery) -> int:
    current = Settings.current()
    columns = index.columns()
    prepared = PreparedQuery.build(query, index.taxonomy, current.preferred_factor)
    exclude = [index.row_of[pk] for pk in query.exclude_profile_ids if pk in index.row_of]
    scores = score_profiles(
        columns, index.taxonomy, prepared, current, index=index, exclude_rows=np.asarray(exclude, dtype=np.intp)
    )
    return int(np.count_nonzero(scores.eligible & (scores.skill_fit > 0)))


def count_candidates(query: CandidateQuery, *, using: str = "default") -> int:
    """Discoverable profiles passing the hard filters with some skill fit (a talent request's count)."""
    return count_candidates_in_index(shared_profiles(using), query)


def rank_openings_in_index(
    profiles: ProfileIndex,
    openings: OpeningIndex,
    profile_id: int,
    *,
    limit: int = 20,
    explain: bool = True,
    exclude_opening_ids: frozenset[int] = frozenset(),
    visa: bool = False,
    as_of: date | None = None,
    using: str = "default",
) -> list[OpeningMatch]:
    row = profiles.row(profile_id)
    if row is None:
        return []
    current = Settings.current()
    columns = openings.columns()
    vector = profile_vector(profiles, row)
    scores = score_openings(columns, openings.taxonomy, vector, current)
    eligible = scores.eligible
    if exclude_opening_ids:
        eligible = eligible & ~np.isin(columns.ids, np.fromiter(exclude_opening_ids, dtype=np.int64))
    rows = top_rows(scores.total, columns.ids, eligible, limit)
    opening_ids = [int(pk) for pk in columns.ids[rows]]
    visa_fits: dict[int, VisaFit] = {}
    if visa and explain and opening_ids:
        from talentcenter.matching import visa as visa_fit

        queries = {pk: query_from_opening_record(openings.records[pk]) for pk in opening_ids}
        offers = {pk: query.offer for pk, query in queries.items() if query.offer is not None}
        if offers:
            data = visa_fit.applicant_data_for_profiles([profile_id], using=using).get(profile_id)
            if data is not None:
                visa_fits = visa_fit.visa_fit_for_applicants(
                    dict.fromkeys(offers, data), offers, as_of=as_of or timezone.localdate()
                )
    matches = []
    for position, pk in enumerate(opening_ids):
        opening_row = int(rows[position])
        components = _components(scores, opening_row)
        explanation = None
        if explain:
            query = query_from_opening_record(openings.records[pk])
            explanation = explain_profile(
                openings.taxonomy,
                query,
                vector,
                preferred_factor=current.preferred_factor,
                visa=visa_fits.get(pk),
                fits=_components(scores, opening_row, digits=None),
            )
        matches.append(OpeningMatch(pk, round(float(scores.total[opening_row]), 1), components, explanation))
    return matches


def rank_openings(
    profile_id: int,
    *,
    limit: int = 20,
    explain: bool = True,
    exclude_opening_ids: frozenset[int] = frozenset(),
    using: str = "default",
) -> list[OpeningMatch]:
    """The open openings that fit a talent best, with the reasons (and visa fit for each offer).

    The talent's own profile row comes from the shared profile index, discoverable or not: a talent
    sees recommendations whether or not companies may find them.
    """
    return rank_openings_in_index(
        shared_profiles(using),
        shared_openings(using),
        profile_id,
        limit=limit,
        explain=explain,
        exclude_opening_ids=exclude_opening_ids,
        visa=True,
        using=using,
    )


def _columns_of_rows(index: ProfileIndex, rows: np.ndarray) -> ProfileColumns:
    """The given rows of the index as columns of their own, every one counted whether or not its
    profile is discoverable (the caller has another reason to score it)."""
    n = len(rows)
    return ProfileColumns(
        n=n,
        ids=index.ids[rows],
        present=np.ones(n, dtype=np.bool_),
        discoverable=np.ones(n, dtype=np.bool_),
        skills=index.skills[rows],
        education=index.education[rows],
        years=index.years[rows],
        languages=index.languages[rows],
        salary=index.salary[rows],
        nationality=index.nationality[rows],
        industries=index.industries[rows],
    )


def score_given_profiles(
    profile_ids: Sequence[int], query: CandidateQuery, *, using: str = "default"
) -> dict[int, float]:
    """The match score (0–100, without the visa fit) of each given profile for ``query``, hard
    filters included (a profile they exclude scores 0); profiles not in the index are left out.
    For a known set of people, such as an event's registrants, whatever their discoverability."""
    index = shared_profiles(using)
    rows = [row for row in (index.row(pk) for pk in profile_ids) if row is not None]
    if not rows:
        return {}
    current = Settings.current()
    columns = _columns_of_rows(index, np.asarray(rows, dtype=np.intp))
    prepared = PreparedQuery.build(query, index.taxonomy, current.preferred_factor)
    scores = score_profiles(columns, index.taxonomy, prepared, current, index=index)
    totals = np.where(scores.eligible, scores.total, 0.0)
    return {int(pk): round(float(total), 1) for pk, total in zip(columns.ids, totals, strict=True)}


def explain_given_profiles(
    profile_ids: Sequence[int], query: CandidateQuery, *, using: str = "default"
) -> dict[int, CandidateMatch]:
    """``score_given_profiles`` with each profile's explanation, for a known set of people (an
    event's registrants ranked for a booth): the same score (without the visa fit) and the same
    explanation as an opening's ranked candidates, for every given profile in the index in one
    NumPy pass and no query of its own, however many there are."""
    index = shared_profiles(using)
    rows = [row for row in (index.row(pk) for pk in profile_ids) if row is not None]
    if not rows:
        return {}
    current = Settings.current()
    columns = _columns_of_rows(index, np.asarray(rows, dtype=np.intp))
    prepared = PreparedQuery.build(query, index.taxonomy, current.preferred_factor)
    scores = score_profiles(columns, index.taxonomy, prepared, current, index=index)
    totals = np.where(scores.eligible, scores.total, 0.0)
    explainer = Explainer(index.taxonomy, query, preferred_factor=current.preferred_factor)
    explanations = explainer.explain_many(
        profile_vectors(index, rows), [_components(scores, position, digits=None) for position in range(len(rows))]
    )
    return {
        int(pk): CandidateMatch(int(pk), round(float(totals[position]), 1), _components(scores, position), explanation)
        for position, (pk, explanation) in enumerate(zip(columns.ids, explanations, strict=True))
    }


def explain_match_in_index(
    index: ProfileIndex,
    profile_id: int,
    query: CandidateQuery,
    *,
    visa: bool = True,
    as_of: date | None = None,
    using: str = "default",
) -> CandidateMatch | None:
    row = index.row(profile_id)
    if row is None:
        return None
    current = Settings.current()
    columns = _columns_of_rows(index, np.asarray([row], dtype=np.intp))
    prepared = PreparedQuery.build(query, index.taxonomy, current.preferred_factor)
    scores = score_profiles(columns, index.taxonomy, prepared, current, index=index)
    total = float(scores.total[0])
    components = _components(scores, 0)
    fit: VisaFit | None = None
    if visa and query.offer is not None:
        from talentcenter.matching import visa as visa_fit

        fit = visa_fit.visa_fit_for_profiles(
            [profile_id], query.offer, as_of=as_of or timezone.localdate(), hints_for=[profile_id], using=using
        ).get(profile_id)
        weight = _visa_weight()
        visa_score = fit.score if fit else 0.0
        total = (1 - weight) * total + weight * 100.0 * visa_score
        components["visa"] = round(visa_score, 3)
    explanation = explain_profile(
        index.taxonomy,
        query,
        profile_vector(index, row),
        preferred_factor=current.preferred_factor,
        visa=fit,
        fits=_components(scores, 0, digits=None),
    )
    return CandidateMatch(profile_id, round(total, 1), components, explanation)


def explain_match(profile_id: int, query: CandidateQuery, *, using: str = "default") -> CandidateMatch | None:
    """One profile against one query ("why this opening fits you"); None when the profile is not
    in the index. Discoverability does not matter here: the talent asks about themselves."""
    return explain_match_in_index(shared_profiles(using), profile_id, query, using=using)
