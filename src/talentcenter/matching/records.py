"""What the index holds about a profile or an opening: plain data, built from the database by
``matching.services`` or directly by the evaluation set and the benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProfileRecord:
    """One discoverable profile as the matcher sees it."""

    profile_id: int
    skills: dict[str, int] = field(default_factory=dict)  # skill code -> proficiency 1-4
    education_level: int | None = None  # highest, talent.enums.EducationLevel value
    years_experience: float = 0.0
    languages: dict[str, int] = field(default_factory=dict)  # language code -> level 1-6
    desired_salary_krw: int | None = None
    desired_industries: tuple[str, ...] = ()
    nationality: str = ""
    discoverable: bool = True
    text: str = ""  # headline, fields of study, roles: what a keyword search would see
    applicant: dict[str, Any] | None = None  # the policy engine's interchange format, for visa fit


@dataclass(frozen=True)
class OpeningRecord:
    """One open position as the matcher sees it (ranked openings for a talent)."""

    opening_id: int
    skills: tuple[tuple[str, int, bool], ...] = ()  # (skill code, weight 1-5, required)
    min_education_level: int | None = None
    min_years: float | None = None
    salary_min_krw: int | None = None
    salary_max_krw: int | None = None
    languages: tuple[tuple[str, int, bool], ...] = ()  # (language code, minimum level, required)
    industry: str = ""
    open: bool = True
    offer: dict[str, Any] | None = None  # the policy engine's offer object, for visa fit
