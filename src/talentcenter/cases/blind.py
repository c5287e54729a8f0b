"""Blind external review: what an external evaluator sees of an applicant when the case's type and
track are reviewed blind (``settings.TALENTCENTER_BLIND_REVIEW``; the K-Tech Pass qualitative
track by default).

The evaluator scores technical expertise and strategic value; the rules engine, not the evaluator,
scores the pedigree of schools and employers, the salary and the years. So a blind evaluator sees:

- instead of the name, a pseudonym (:func:`pseudonym`, "Applicant K-7Q3M"): a keyed hash of the
  case and the assignment, stable for one evaluator, different for each, not reversible without
  the secret key;
- of each degree, its level and field; of each position, the kind of organisation (company,
  institute, university, government), the field, the length in years and whether it was
  post-doctoral, and the years of experience in all (overlaps once); of the offer, the job title,
  occupation, industry, KOTRA technology field, the hiring company's size and the salary as a band
  of KRW 10 million; the Korean-language tests; the government programme;
- the records' validation status, without staff's reasons (free text that may name a school);
- only the documents that carry the evidence (:func:`evaluator_sees_document`), under names that
  say what they are (``diploma-1-v1.pdf``), with their metadata removed.

Withheld as identifying: the name, e-mail and telephone, birth date, nationality, the names of
schools and employers and of the hiring company, the countries of the schools, the exact dates of
degrees and positions, the exact salary, the region of the post, the passport and every document
that is not evidence to score (the contract, KOTRA's hiring statement, the programme letter,
anything else the center asked for), staff's notes, and the documents' original names and metadata.

What the applicant wrote in free text (a field of study, a job's field) and what a document shows
on its face (a diploma prints its holder's name) are not rewritten: blind review hides what the
center adds around the evidence, not the evidence itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from talentcenter.cases.checklist import Requirement, degree_label
from talentcenter.cases.enums import CaseType, KTechTrack, RecordKind
from talentcenter.cases.models import Case, CaseDocument, CaseRecord, EvaluatorAssignment
from talentcenter.cases.selectors import ChecklistLine, case_checklist
from talentcenter.policy.engine.facts import years_worked

# The documents a blind evaluator may open: the evidence they score and the proofs of the degrees
# and positions they read about (and a CV, should the center ask for one under the code "cv").
EVIDENCE_CODES = frozenset({"qualitative-evidence", "cv"})
EVIDENCE_PREFIXES = ("diploma-", "employment-certificate-")
SALARY_BAND_KRW = 10_000_000
# Crockford's base 32: no I, L, O or U, so a pseudonym read aloud is not misheard.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LETTERS = "ABCDEFGHJKMNPQRSTVWXYZ"
_PSEUDONYM_SALT = "talentcenter.cases.blind.pseudonym"


def setting_entries() -> frozenset[str]:
    return frozenset(settings.TALENTCENTER_BLIND_REVIEW)


def known_entries() -> frozenset[str]:
    """What ``TALENTCENTER_BLIND_REVIEW`` may name: a case type, or a K-Tech Pass type/track."""
    tracks = {f"{CaseType.KTECH_PASS.value}/{track}" for track in KTechTrack.values}
    return frozenset({*CaseType.values, *tracks})


def blind_by_setting(case_type: str, track: str) -> bool:
    """Whether the setting reviews this type (and track) blind now."""
    entries = setting_entries()
    return case_type in entries or f"{case_type}/{track}" in entries


def is_blind_review(case: Case) -> bool:
    """Whether the case's evaluators review blind: fixed on the case when its first evaluator was
    assigned, the setting for its type and track until then."""
    if case.blind_review is not None:
        return case.blind_review
    return blind_by_setting(case.case_type, case.track)


def pseudonym(assignment: EvaluatorAssignment) -> str:
    """ "Applicant K-7Q3M": the same every time this evaluator opens this case, another for every
    other assignment, derived with ``SECRET_KEY`` so that nobody can go back to the case from it."""
    digest = salted_hmac(_PSEUDONYM_SALT, f"{assignment.case_id}:{assignment.pk}", algorithm="sha256").digest()
    number = int.from_bytes(digest[:8], "big")
    letter = _LETTERS[number % len(_LETTERS)]
    number //= len(_LETTERS)
    code = "".join(_ALPHABET[(number >> (5 * index)) & 31] for index in range(4))
    return _("Applicant {code}").format(code=f"{letter}-{code}")


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _period(job: Mapping[str, Any], as_of: date) -> tuple[date, date] | None:
    start = _date(job.get("start"))
    if start is None:
        return None
    end = _date(job.get("end")) or as_of
    return (start, max(start, end))


def merged_years(periods: list[tuple[date, date]], as_of: date) -> float:
    """Years covered by the periods as the rules count them (last days included, overlaps once,
    whole calendar months), to one decimal."""
    return round(years_worked(periods, as_of), 1)


def salary_band(salary: Any) -> list[int] | None:
    """``[from, to)`` in KRW, in bands of ten million."""
    if not isinstance(salary, int) or isinstance(salary, bool) or salary <= 0:
        return None
    low = salary // SALARY_BAND_KRW * SALARY_BAND_KRW
    return [low, low + SALARY_BAND_KRW]


def blind_education(education: Mapping[str, Any]) -> dict[str, Any]:
    return {"level": education.get("level"), "field": education.get("field") or ""}


def blind_experience(job: Mapping[str, Any], as_of: date) -> dict[str, Any]:
    period = _period(job, as_of)
    return {
        "kind": job.get("kind") or "",
        "field": job.get("field") or "",
        "years": merged_years([period], as_of) if period else None,
        "postdoctoral": bool(job.get("postdoctoral")),
    }


def blind_offer(offer: Mapping[str, Any], job_title: str) -> dict[str, Any]:
    return {
        "job_title": job_title,
        "occupation": offer.get("occupation"),
        "industry": offer.get("industry"),
        "technology_field": offer.get("technology_field"),
        "company_size": offer.get("company_size"),
        "annual_salary_band_krw": salary_band(offer.get("annual_salary_krw")),
    }


def as_of(case: Case) -> date:
    """The date an open-ended position is counted to: the submission."""
    return case.submission_date or timezone.localdate()


def blind_applicant(case: Case) -> dict[str, Any]:
    """The application as submitted, in the interchange format's shape, with only what a blind
    evaluator sees (the module's docstring has the list)."""
    applicant: Mapping[str, Any] = case.applicant or {}
    until = as_of(case)
    jobs = list(applicant.get("experience") or [])
    periods = [period for period in (_period(job, until) for job in jobs) if period is not None]
    data: dict[str, Any] = {
        "education": [blind_education(education) for education in applicant.get("education") or []],
        "experience": [blind_experience(job, until) for job in jobs],
        "experience_years": merged_years(periods, until),
        "offer": blind_offer(applicant.get("offer") or {}, case.job_title),
        "languages": list(applicant.get("languages") or []),
    }
    if applicant.get("government_programme"):
        data["government_programme"] = applicant["government_programme"]
    return data


def blind_record_summary(record: CaseRecord, until: date) -> str | None:
    """A record in words without what identifies; ``None`` for a record a blind evaluator is not
    shown (identity, hiring company)."""
    data: Mapping[str, Any] = record.data or {}
    if record.kind == RecordKind.EDUCATION:
        return _("{degree} in {field}").format(
            degree=degree_label(str(data.get("level", ""))), field=data.get("field") or "-"
        )
    if record.kind == RecordKind.EXPERIENCE:
        job = blind_experience(data, until)
        return _("{years} years, {field}").format(
            years=job["years"] if job["years"] is not None else "-", field=job["field"] or "-"
        )
    if record.kind == RecordKind.OFFER:
        band = salary_band(data.get("annual_salary_krw"))
        if band is None:
            return _("Employment offer")
        return _("Offer: KRW {low:,} to {high:,} a year").format(low=band[0], high=band[1])
    if record.kind == RecordKind.PROGRAMME:
        return str(data.get("programme") or "-")
    return None


def evaluator_sees_document(requirement: str, *, blind: bool) -> bool:
    """Whether an evaluator who may see the file may open a document of ``requirement``: any on a
    named review; on a blind one, only the evidence (never the passport or another identity paper)."""
    if not blind:
        return True
    return requirement in EVIDENCE_CODES or requirement.startswith(EVIDENCE_PREFIXES)


def _blind_label(requirement: Requirement, applicant: Mapping[str, Any]) -> str:
    code = requirement.code
    if code.startswith("diploma-"):
        educations = list(applicant.get("education") or [])
        position = requirement.record_position
        level = educations[position - 1].get("level", "") if 0 < position <= len(educations) else ""
        return _("Degree certificate: {degree}").format(degree=degree_label(str(level)))
    if code.startswith("employment-certificate-"):
        return _("Certificate of employment {number}").format(number=requirement.record_position or "")
    if code == "cv":
        return _("Curriculum vitae")
    return requirement.label


def evaluator_checklist(case: Case, *, blind: bool) -> list[ChecklistLine]:
    """The documents an evaluator is shown: all on a named review; on a blind one only those
    :func:`evaluator_sees_document` allows, labelled without the names of schools and employers."""
    lines = case_checklist(case)
    if not blind:
        return lines
    applicant: Mapping[str, Any] = case.applicant or {}
    return [
        ChecklistLine(
            dataclasses.replace(line.requirement, label=_blind_label(line.requirement, applicant)), line.versions
        )
        for line in lines
        if evaluator_sees_document(line.requirement.code, blind=True)
    ]


def evaluator_document(case: Case, document_id: int, *, blind: bool) -> CaseDocument | None:
    """A document of the case the evaluator may open, or ``None`` (the caller answers 404)."""
    document = CaseDocument.objects.filter(pk=document_id, case_id=case.pk).first()
    if document is None or not evaluator_sees_document(document.requirement, blind=blind):
        return None
    return document
