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
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import InitErrorDetails

from talentcenter.policy.engine.fields import classifier
from talentcenter.policy.engine.messages import Message, gettext, gettext_lazy, in_both, translate

REFERENCE_DATA_DIR = Path(__file__).resolve().parents[2] / "reference" / "data"
COUNTRY_CODES_FILE = Path(__file__).resolve().parents[1] / "data" / "iso3166.txt"

DegreeLevelName = Literal["associate", "bachelor", "master", "doctorate"]
DEGREE_LEVELS: dict[str, int] = {"associate": 1, "bachelor": 2, "master": 3, "doctorate": 4}
OrganizationKind = Literal["company", "research_institute", "university", "government"]
CompanySize = Literal["sme", "midsize", "large"]
CAPITAL_REGION = frozenset({"seoul", "gyeonggi", "incheon", "서울", "경기", "인천"})
# D-10-3 hosts (REFERENCE.md §4.5): listed companies with R&D facilities, corporate research
# institutes, venture companies, government-funded research institutes; anything else is "other".
HostType = Literal[
    "listed_company_rnd", "corporate_research_institute", "venture", "government_research_institute", "other"
]
HOST_TYPES: tuple[str, ...] = (
    "listed_company_rnd",
    "corporate_research_institute",
    "venture",
    "government_research_institute",
)
VISA_CODE = re.compile(r"[A-H]-[0-9]{1,2}(-[0-9A-Z]{1,2})?")

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
    "listed_company_rnd": gettext_lazy("Listed company with R&D facilities"),
    "corporate_research_institute": gettext_lazy("Corporate research institute"),
    "venture": gettext_lazy("Venture company"),
    "government_research_institute": gettext_lazy("Government research institute"),
    "unclear": gettext_lazy("Not published (checked by staff)"),
    "required": gettext_lazy("Required"),
    "not_required": gettext_lazy("Not required"),
    # ISCED-F broad fields (the detailed fields are named by the field classification)
    "05": gettext_lazy("Natural sciences, mathematics and statistics"),
    "06": gettext_lazy("Information and communication technologies"),
    "07": gettext_lazy("Engineering, manufacturing and construction"),
}


def code_text(code: str) -> str:
    """A code of the rules in words, as a :class:`Message` the boundary translates: an industry or
    technology field (the reference list, in both languages), a company size, a government
    programme, a host type (:data:`CATEGORY_NAMES`) or a field of study (ISCED-F); an unknown code
    as it is."""
    names = industry_names().get(code)
    if names is not None:
        return in_both(names[1], names[0])
    label = CATEGORY_NAMES.get(code)
    if label is not None:
        return label
    field = classifier().fields.get(code)
    return code if field is None else in_both(field.name_ko, field.name_en)


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
    # The residence status held now, e.g. "E-9" or "D-10-3" (F-2-R excludes E-9 holders; E-7-1 has a
    # route for D-10-3 interns). Not given = not known.
    current_visa: Annotated[str, Field(max_length=10)] | None = None

    @field_validator("current_visa")
    @classmethod
    def _valid_visa(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        upper = value.upper()
        if not VISA_CODE.fullmatch(upper):
            raise ValueError(f"{value!r} is not a visa code such as E-9 or D-10-3")
        return upper

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
    # Still studying for this degree (D-10-3 accepts current students); such a degree is not yet held.
    in_progress: bool = False

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
    internship: bool = False

    @field_validator("start")
    @classmethod
    def _plausible_start(cls, value: date) -> date:
        if value.year < 1940:
            raise ValueError("start is before 1940")
        return value

    @field_validator("end")
    @classmethod
    def _ordered(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if value is not None and isinstance(start, date) and value < start:
            raise ValueError("end is before start")
        return value


class OfferIn(Strict):
    company: ShortText = ""
    company_size: CompanySize | None = None
    industry: str | None = None
    technology_field: str | None = None
    annual_salary_krw: int | None = Field(default=None, ge=0, le=100_000_000_000)
    occupation: str | None = Field(default=None, max_length=10)
    region: ShortText | None = None
    # The city, county or district (시·군·구) of the job, e.g. "Pyeongchang-gun" or "평창군" (F-2-R).
    district: ShortText | None = None
    host_type: HostType | None = None
    # The host's insured Korean employees, and the foreign employees the route's cap counts (E-7 staff
    # for E-7-1, foreign interns for D-10-3), not counting this hire.
    korean_employees: int | None = Field(default=None, ge=0, le=10_000_000)
    foreign_employees: int | None = Field(default=None, ge=0, le=10_000_000)
    # The job is in an industry the local government designated for the regional visa (F-2-R).
    local_designated_industry: bool | None = None

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


class RecommendationsIn(Strict):
    """Recommendations the applicant holds; not given = not known."""

    university_president: bool | None = None  # K-STAR
    kotra: bool | None = None  # E-7-1 special route
    ministry: bool | None = None  # E-7-1 special route
    local_government: bool | None = None  # F-2-R


class ApplicantIn(Strict):
    person: PersonIn | None = None
    education: list[EducationIn] = Field(default_factory=list, max_length=20)
    experience: list[ExperienceIn] = Field(default_factory=list, max_length=50)
    offer: OfferIn | None = None
    languages: list[LanguageIn] = Field(default_factory=list, max_length=20)
    government_programme: Annotated[str, Field(max_length=60)] | None = None
    qualitative_scores: QualitativeScoresIn | None = None
    recommendations: RecommendationsIn | None = None

    def topik_level(self) -> int:
        levels = [
            entry.level or 0
            for entry in self.languages
            if entry.language.lower() in {"ko", "kor", "korean"} and (entry.test or "").upper() in {"TOPIK", "KIIP"}
        ]
        return max(levels, default=0)


def facts_dated_after(applicant: ApplicantIn, as_of: date) -> list[tuple[tuple[str | int, ...], str]]:
    """What the applicant says happened after ``as_of``, which cannot be true on that date: a birth
    date or a degree's completion after it. Each as (location, message naming the dates).

    The API, the ``assess`` command and the pathfinder refuse these against the date they are asked
    to assess as of. The engine itself does not count such a degree (and counts experience only up
    to ``as_of``), so an official assessment replayed as of an earlier date still runs.
    """
    found: list[tuple[tuple[str | int, ...], str]] = []
    person = applicant.person
    if person is not None and person.birth_date is not None and person.birth_date > as_of:
        found.append(
            (
                ("person", "birth_date"),
                gettext("The date of birth {date} is after the date assessed ({as_of}).").format(
                    date=person.birth_date.isoformat(), as_of=as_of.isoformat()
                ),
            )
        )
    for index, entry in enumerate(applicant.education):
        if entry.completed is not None and entry.completed > as_of:
            found.append(
                (
                    ("education", index, "completed"),
                    gettext(
                        "The completion date {date} is after the date assessed ({as_of}); "
                        "leave it empty for a degree not yet completed."
                    ).format(date=entry.completed.isoformat(), as_of=as_of.isoformat()),
                )
            )
    return found


def refuse_facts_dated_after(applicant: ApplicantIn, as_of: date, language: str = "en") -> None:
    """Raise ``pydantic.ValidationError`` naming each fact of :func:`facts_dated_after`, like any
    other invalid field (422 in the API, exit code 2 in the ``assess`` command), in ``language``."""
    mistakes = [
        InitErrorDetails(type="value_error", loc=location, input=None, ctx={"error": translate(message, language)})
        for location, message in facts_dated_after(applicant, as_of)
    ]
    if mistakes:
        raise pydantic.ValidationError.from_exception_data(type(applicant).__name__, mistakes)


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
