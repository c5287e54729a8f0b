"""Openings and talent requests in the matcher's terms: an opening's index record, offer facts and
candidate query; a request's criteria as a candidate query and its offer facts.

The opening's skills and languages are read from the prefetch cache when the caller loaded them
(``prefetch_related("skills__skill", "languages")``), otherwise with one query each.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from talentcenter.jobs.enums import OpeningStatus
from talentcenter.jobs.models import Opening, OpeningLanguage, OpeningSkill, TalentRequest
from talentcenter.matching.query import CandidateQuery, LanguageRequirement, OfferFacts, SkillRequirement
from talentcenter.matching.records import OpeningRecord
from talentcenter.matching.visa import offer_data


def _skills(opening: Opening) -> list[OpeningSkill]:
    if opening.pk is None:
        return []
    if "skills" in getattr(opening, "_prefetched_objects_cache", {}):
        return list(opening.skills.all())
    return list(opening.skills.select_related("skill"))


def _languages(opening: Opening) -> list[OpeningLanguage]:
    return list(opening.languages.all()) if opening.pk is not None else []


def offered_salary(opening: Opening) -> int | None:
    """What the offer says the hire earns: the top of the range, else its bottom."""
    return opening.salary_max_krw or opening.salary_min_krw or None


def offer_facts(opening: Opening) -> OfferFacts:
    """The offer side of a hire through this opening, for visa fit."""
    company = opening.company
    occupation_code = ""
    if opening.occupation_id is not None:
        occupation_code = opening.occupation.code if opening.occupation else ""
    return OfferFacts(
        company_name=company.name_en or company.name_ko,
        company_size=company.size_class,
        industry=opening.industry or company.industry,
        annual_salary_krw=offered_salary(opening),
        occupation_code=occupation_code,
    )


def is_open(opening: Opening, *, today: date | None = None) -> bool:
    """Published and not past its closing date: what the board shows and talents can apply to."""
    today = today or timezone.localdate()
    return opening.status == OpeningStatus.PUBLISHED and (opening.closing_date is None or opening.closing_date >= today)


def opening_record(opening: Opening, *, today: date | None = None) -> OpeningRecord:
    """The opening's row in the matching index (``open`` only while published and not past closing)."""
    return OpeningRecord(
        opening_id=opening.pk,
        skills=tuple((item.skill.code, item.weight, item.required) for item in _skills(opening)),
        min_education_level=opening.min_education_level,
        min_years=float(opening.min_years) if opening.min_years else None,
        salary_min_krw=opening.salary_min_krw,
        salary_max_krw=opening.salary_max_krw,
        languages=tuple((item.language, item.minimum_level, item.required) for item in _languages(opening)),
        industry=opening.industry,
        open=is_open(opening, today=today),
        offer=offer_data(offer_facts(opening)),
    )


def candidate_query_for_opening(opening: Opening) -> CandidateQuery:
    """Who the opening is looking for, as the matcher's query."""
    return CandidateQuery(
        skills=tuple(
            SkillRequirement(skill_code=item.skill.code, weight=item.weight, required=item.required)
            for item in _skills(opening)
        ),
        min_education_level=opening.min_education_level,
        min_years=float(opening.min_years) if opening.min_years else None,
        salary_min_krw=opening.salary_min_krw,
        salary_max_krw=opening.salary_max_krw,
        languages=tuple(
            LanguageRequirement(language=item.language, minimum_level=item.minimum_level, required=item.required)
            for item in _languages(opening)
        ),
        industry=opening.industry,
        offer=offer_facts(opening),
        text=" ".join(part for part in (opening.title_en, opening.title_ko) if part),
    )


def criteria_query(
    criteria: dict[str, Any], *, exclude_profile_ids: frozenset[int] = frozenset(), offer: OfferFacts | None = None
) -> CandidateQuery:
    """What the matcher searches for a request's (cleaned) criteria. Pure: no database. With
    ``offer`` (:func:`request_offer`), the ranking and the explanations include visa fit."""
    min_years = criteria.get("min_years")
    return CandidateQuery(
        skills=tuple(
            SkillRequirement(item["code"], int(item.get("weight", 3)), bool(item.get("required", True)))
            for item in criteria.get("skills") or ()
        ),
        min_education_level=criteria.get("min_education_level"),
        min_years=float(min_years) if min_years is not None else None,
        salary_min_krw=criteria.get("salary_min_krw"),
        salary_max_krw=criteria.get("salary_max_krw"),
        languages=tuple(
            LanguageRequirement(item["language"], int(item.get("level", 3)), bool(item.get("required", True)))
            for item in criteria.get("languages") or ()
        ),
        industry=criteria.get("industry") or "",
        nationalities=tuple(criteria.get("nationalities") or ()),
        exclude_profile_ids=exclude_profile_ids,
        offer=offer,
    )


def request_offer(talent_request: TalentRequest) -> OfferFacts:
    """The hire the request would lead to, as far as it is known: the company (name, size, industry)
    and the salary asked (the top of the range), for the policy engine's visa fit."""
    company = talent_request.company
    criteria = talent_request.criteria
    return OfferFacts(
        company_name=company.name,
        company_size=company.size_class,
        industry=criteria.get("industry") or company.industry,
        annual_salary_krw=criteria.get("salary_max_krw") or criteria.get("salary_min_krw"),
    )
