"""The interchange format the API and the CLI read: one applicant, as published in the issue.

Validation is strict (unknown fields, impossible dates and unknown codes are refused with the
field named) so a malformed file gives exit code 2 and a malformed request 422.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import InitErrorDetails

from talentcenter.policy.engine.messages import Message, gettext_lazy, in_both, translate

REFERENCE_DATA_DIR = Path(__file__).resolve().parents[2] / "reference" / "data"
COUNTRY_CODES_FILE = Path(__file__).resolve().parents[1] / "data" / "iso3166.txt"

DegreeLevelName = Literal["associate", "bachelor", "master", "doctorate"]
DEGREE_LEVELS: dict[str, int] = {"associate": 1, "bachelor": 2, "master": 3, "doctorate": 4}
OrganizationKind = Literal["company", "research_institute", "university", "government"]
CompanySize = Literal["sme", "midsize", "large"]
CAPITAL_REGION = frozenset({"seoul", "gyeonggi", "incheon", "서울", "경기", "인천"})

ShortText = Annotated[str, Field(max_length=300)]


@cache
def _industry_rows() -> tuple[dict[str, str], ...]:
    """The rows of industries.csv (read once; its ``#`` lines are notes)."""
    lines = (REFERENCE_DATA_DIR / "industries.csv").read_text(encoding="utf-8").splitlines()
    return tuple(csv.DictReader(line for line in lines if line.strip() and not line.startswith("#")))


@cache
def industry_codes() -> dict[str, frozenset[str]]:
    """Codes from industries.csv by scheme (``ktech_pass``, ``kotra``, ``nst``)."""
    codes: dict[str, set[str]] = {}
    for row in _industry_rows():
        codes.setdefault(row["scheme"], set()).add(row["code"])
    return {scheme: frozenset(values) for scheme, values in codes.items()}


@cache
def industry_names() -> dict[str, tuple[str, str]]:
    """Code -> (English name, Korean name) for every code in industries.csv."""
    names: dict[str, tuple[str, str]] = {}
    for row in _industry_rows():
        names.setdefault(row["code"], (row["name_en"], row["name_ko"]))
    return names


# The other codes the rules and the explanations name (company sizes, government programmes), in words.
CATEGORY_NAMES: dict[str, Message] = {
    "sme": gettext_lazy("Small or medium-sized"),
    "midsize": gettext_lazy("Mid-sized"),
    "large": gettext_lazy("Large"),
    "mohw-scholar-recruitment": gettext_lazy("Scholar recruitment of the Ministry of Health and Welfare"),
    "kasa-scholar-recruitment": gettext_lazy("Scholar recruitment of the Korea AeroSpace Administration"),
    "other": gettext_lazy("Other"),
}


def code_text(code: str) -> str:
    """A code of the rules in words, as a :class:`Message` the boundary translates: an industry or
    technology field (the reference list, in both languages), a company size or a government
    programme (:data:`CATEGORY_NAMES`); an unknown code as it is."""
    names = industry_names().get(code)
    if names is not None:
        return in_both(names[1], names[0])
    return CATEGORY_NAMES.get(code, code)


def code_name(code: str, language: str) -> str:
    """A code of the rules in words, in ``language`` (:func:`code_text`, translated)."""
    text: str = translate(code_text(code), language)
    return text


@cache
def country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes a nationality or a country may be given as."""
    lines = COUNTRY_CODES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _country(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    upper = value.upper()
    if upper not in country_codes():
        raise ValueError(f"{value!r} is not an ISO 3166 country code")
    return upper


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PersonIn(Strict):
    birth_date: date | None = None
    nationality: str | None = None

    @field_validator("nationality")
    @classmethod
    def _valid_nationality(cls, value: str | None) -> str | None:
        return _country(value)

    @field_validator("birth_date")
    @classmethod
    def _plausible_birth(cls, value: date | None) -> date | None:
        if value is not None and not date(1900, 1, 1) <= value <= date(2100, 1, 1):
            raise ValueError("birth date out of range")
        return value


class EducationIn(Strict):
    level: DegreeLevelName
    field: ShortText = ""
    institution: ShortText = ""
    country: str | None = None
    completed: date | None = None

    @field_validator("country")
    @classmethod
    def _valid_country(cls, value: str | None) -> str | None:
        return _country(value)


class ExperienceIn(Strict):
    organization: ShortText = ""
    kind: OrganizationKind = "company"
    field: ShortText = ""
    start: date
    end: date | None = None
    postdoctoral: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> ExperienceIn:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        if self.start.year < 1940:
            raise ValueError("start is before 1940")
        return self


class OfferIn(Strict):
    company: ShortText = ""
    company_size: CompanySize | None = None
    industry: str | None = None
    technology_field: str | None = None
    annual_salary_krw: int | None = Field(default=None, ge=0, le=100_000_000_000)
    occupation: str | None = Field(default=None, max_length=10)
    region: ShortText | None = None

    @field_validator("industry")
    @classmethod
    def _industry(cls, value: str | None) -> str | None:
        known = industry_codes()
        if value and value != "other" and value not in known.get("ktech_pass", set()) | known.get("nst", set()):
            raise ValueError(f"unknown industry code {value!r} (see industries.csv, or 'other')")
        return value or None

    @field_validator("technology_field")
    @classmethod
    def _technology_field(cls, value: str | None) -> str | None:
        if value and value != "other" and value not in industry_codes().get("kotra", set()):
            raise ValueError(f"unknown KOTRA technology field {value!r}")
        return value or None


class LanguageIn(Strict):
    language: Annotated[str, Field(min_length=2, max_length=8)]
    test: Annotated[str, Field(max_length=40)] | None = None
    level: int | None = Field(default=None, ge=0, le=9)


class QualitativeScoresIn(Strict):
    technical_expertise: float | None = Field(default=None, ge=0, le=100)
    strategic_value: float | None = Field(default=None, ge=0, le=100)


class ApplicantIn(Strict):
    person: PersonIn | None = None
    education: list[EducationIn] = Field(default_factory=list, max_length=20)
    experience: list[ExperienceIn] = Field(default_factory=list, max_length=50)
    offer: OfferIn | None = None
    languages: list[LanguageIn] = Field(default_factory=list, max_length=20)
    government_programme: Annotated[str, Field(max_length=60)] | None = None
    qualitative_scores: QualitativeScoresIn | None = None

    def topik_level(self) -> int:
        levels = [
            entry.level or 0
            for entry in self.languages
            if entry.language.lower() in {"ko", "kor", "korean"} and (entry.test or "").upper() in {"TOPIK", "KIIP"}
        ]
        return max(levels, default=0)


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
Model = TypeVar("Model", bound=pydantic.BaseModel)


class NotJson(ValueError):
    """The text is not JSON at all."""


def parse_strictly(model: type[Model], text: bytes | str) -> Model:
    """Validate JSON text in pydantic's strict JSON mode: no coercion the schema does not allow
    (``"3"`` for 3, ``0`` for a date, ``"true"`` for true), and dates only as YYYY-MM-DD.

    Raises :class:`NotJson`, or ``pydantic.ValidationError`` naming each field. The API and the
    ``assess`` command read the interchange format with it, so both refuse the same inputs.
    """
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise NotJson(str(error)) from None
    validated = model.model_validate_json(text, strict=True)
    mistakes = [
        InitErrorDetails(type="date_from_datetime_parsing", loc=loc, input=None, ctx={"error": "YYYY-MM-DD"})
        for loc in _dates_not_iso(validated, raw, ())
    ]
    if mistakes:
        raise pydantic.ValidationError.from_exception_data(model.__name__, mistakes)
    return validated


def _dates_not_iso(model: pydantic.BaseModel, raw: Any, loc: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    """Where a date was given other than as YYYY-MM-DD (pydantic also reads "0" as 1970-01-01)."""
    if not isinstance(raw, dict):
        return
    for name in type(model).model_fields:
        value, given = getattr(model, name), raw.get(name)
        if isinstance(value, date):
            if not (isinstance(given, str) and ISO_DATE.fullmatch(given)):
                yield (*loc, name)
        elif isinstance(value, pydantic.BaseModel):
            yield from _dates_not_iso(value, given, (*loc, name))
        elif isinstance(value, list) and isinstance(given, list):
            for index, (item, given_item) in enumerate(zip(value, given, strict=False)):
                if isinstance(item, pydantic.BaseModel):
                    yield from _dates_not_iso(item, given_item, (*loc, name, index))
