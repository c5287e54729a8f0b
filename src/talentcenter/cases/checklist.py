"""The documents a case needs, derived from what it claims.

Every claim the engine counts needs its proof: each degree its diploma, each position its
employment certificate, the salary the signed contract; the track adds its own (the programme
letter, the evidence for the qualitative evaluation) and every case needs the passport. The list
is computed, not stored, so it always follows the application as it stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from talentcenter.cases.enums import CaseType, KTechTrack, Party, RecordKind
from talentcenter.foundation import display

_DEGREE_NAMES = {
    "bachelor": "Bachelor's degree",
    "master": "Master's degree",
    "doctorate": "Doctorate",
}


@dataclass(frozen=True)
class Requirement:
    """One line of the checklist: a code (``diploma-1``), what to upload and why, and who does."""

    code: str
    label: str
    reason: str
    party: str
    record_kind: str = ""
    record_position: int = 0


def degree_label(level: str) -> str:
    labels = {"bachelor": _("Bachelor's degree"), "master": _("Master's degree"), "doctorate": _("Doctorate")}
    return labels.get(level, level)


def requirements_for(
    *, case_type: str, track: str, applicant: Mapping[str, Any], government_programme: str = ""
) -> list[Requirement]:
    """The checklist for an application in the interchange format (``policy.engine.inputs``)."""
    items = [
        Requirement(
            "passport",
            _("Passport (photo page)"),
            _("Identity and nationality of the applicant."),
            Party.TALENT,
            RecordKind.IDENTITY,
        )
    ]
    for position, education in enumerate(applicant.get("education") or [], start=1):
        if education.get("level") not in _DEGREE_NAMES:
            continue
        items.append(
            Requirement(
                f"diploma-{position}",
                _("Degree certificate: {degree}, {institution}").format(
                    degree=degree_label(education["level"]), institution=education.get("institution") or "-"
                ),
                _("Proves the degree you claim (university ranking and field of study count towards the criteria)."),
                Party.TALENT,
                RecordKind.EDUCATION,
                position,
            )
        )
    for position, experience in enumerate(applicant.get("experience") or [], start=1):
        items.append(
            Requirement(
                f"employment-certificate-{position}",
                _("Certificate of employment: {organization}").format(
                    organization=experience.get("organization") or "-"
                ),
                _("Proves the position and its dates (years at a global top-500 company or institute count)."),
                Party.TALENT,
                RecordKind.EXPERIENCE,
                position,
            )
        )
    offer = applicant.get("offer") or {}
    if offer.get("annual_salary_krw"):
        items.append(
            Requirement(
                "employment-contract",
                _("Signed employment contract or offer letter with the annual salary"),
                _("Proves the salary the salary criteria are measured against."),
                Party.COMPANY,
                RecordKind.OFFER,
            )
        )
    if case_type == CaseType.KOTRA_RECOMMENDATION:
        items.append(
            Requirement(
                "hiring-statement",
                _("Company's statement of the reasons for hiring (KOTRA form)"),
                _("KOTRA asks the hiring company why it needs this specialist."),
                Party.COMPANY,
                RecordKind.COMPANY,
            )
        )
    if case_type == CaseType.KTECH_PASS and track == KTechTrack.QUALITATIVE:
        items.append(
            Requirement(
                "qualitative-evidence",
                _("Evidence for the qualitative evaluation (publications, patents, projects, awards)"),
                _("External evaluators score technical expertise and strategic value from it."),
                Party.TALENT,
            )
        )
    if case_type == CaseType.KTECH_PASS and track == KTechTrack.GOVERNMENT_PROGRAMME:
        items.append(
            Requirement(
                "programme-letter",
                _("Confirmation letter of the government programme ({programme})").format(
                    programme=government_programme or "-"
                ),
                _("The government-programme track needs the ministry's confirmation."),
                Party.TALENT,
                RecordKind.PROGRAMME,
            )
        )
    return items


def missing(requirements: Iterable[Requirement], uploaded: Iterable[str]) -> list[Requirement]:
    """The requirements with no uploaded version yet."""
    present = set(uploaded)
    return [requirement for requirement in requirements if requirement.code not in present]


def record_summary(kind: str, data: Mapping[str, Any]) -> str:
    """A one-line description of a claim, in the current language, for validation."""
    if kind == RecordKind.EDUCATION:
        return _("{degree} in {field}, {institution} ({completed})").format(
            degree=degree_label(str(data.get("level", ""))),
            field=data.get("field") or "-",
            institution=data.get("institution") or "-",
            completed=data.get("completed") or "-",
        )
    if kind == RecordKind.EXPERIENCE:
        return _("{organization}: {start} to {end}, {field}").format(
            organization=data.get("organization") or "-",
            start=data.get("start") or "-",
            end=data.get("end") or _("present"),
            field=data.get("field") or "-",
        )
    if kind == RecordKind.OFFER:
        return _("Offer from {company}: KRW {salary:,} a year").format(
            company=data.get("company") or "-", salary=int(data.get("annual_salary_krw") or 0)
        )
    if kind == RecordKind.IDENTITY:
        return _("born {birth_date}, nationality {nationality}").format(
            birth_date=data.get("birth_date") or "-",
            nationality=display.country_name(data.get("nationality")) if data.get("nationality") else "-",
        )
    if kind == RecordKind.PROGRAMME:
        return str(data.get("programme") or "-")
    return str(data.get("company") or "-")
