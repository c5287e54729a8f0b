"""What a search asks for: plain data, built by jobs from an opening or a talent request."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SkillRequirement:
    """A skill from the taxonomy the opening asks for, with its weight (1 to 5).

    ``required`` skills count fully and can be a hard filter; preferred ones (``required=False``)
    only add to the score.
    """

    skill_code: str
    weight: int = 3
    required: bool = True


@dataclass(frozen=True)
class LanguageRequirement:
    """A language and the lowest level accepted, on the common 1-6 scale (matching/languages.py)."""

    language: str
    minimum_level: int = 3
    required: bool = True


@dataclass(frozen=True)
class OfferFacts:
    """The offer side of a hire, for visa fit (the policy engine's ``offer`` object)."""

    company_name: str = ""
    company_size: str = ""  # organizations.SizeClass value: sme, mid_sized, large
    industry: str = ""  # K-Tech Pass industry code
    annual_salary_krw: int | None = None
    occupation_code: str = ""  # KSCO
    technology_field: str = ""  # KOTRA technology field code, when known


@dataclass(frozen=True)
class CandidateQuery:
    """Who an opening (or a talent request) is looking for."""

    skills: tuple[SkillRequirement, ...] = ()
    min_education_level: int | None = None  # talent.enums.EducationLevel value
    min_years: float | None = None
    salary_min_krw: int | None = None
    salary_max_krw: int | None = None
    languages: tuple[LanguageRequirement, ...] = ()
    industry: str = ""
    nationalities: tuple[str, ...] = ()  # empty: any
    offer: OfferFacts | None = None
    exclude_profile_ids: frozenset[int] = field(default_factory=frozenset)
    text: str = ""  # free words, used only by the text baseline and to break ties
