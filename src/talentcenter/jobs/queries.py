"""An opening in the matcher's terms: its index record, its offer facts and its candidate query.

The opening's skills and languages are read from the prefetch cache when the caller loaded them
(``prefetch_related("skills__skill", "languages")``), otherwise with one query each.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from talentcenter.jobs.enums import OpeningStatus
from talentcenter.jobs.models import Opening, OpeningLanguage, OpeningSkill
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
