"""The automatic conflict-of-interest check made when staff assign an external evaluator.

Beside the evaluator's own declaration (which, on a blind review, they make without knowing who
the applicant is), the center compares the evaluator's organisation (``User.organisation``; several
separated by ``;``) with the organisations of the application: the schools of the academic record,
the employers of the career record (both as submitted) and the hiring company (its English and
Korean names). Names are compared after :func:`normalised_organisation`, so "Samsung Electronics
Co., Ltd." and "samsung electronics" are one organisation, and so are "서울대학교" and "(주)서울".
A match blocks the assignment unless staff give a reason (``services.evaluator_assign``).

The check compares names, not identities: a school written in another language than the
evaluator's organisation ("KAIST" against "한국과학기술원") is not found, and two different
organisations whose names differ only by a legal form are (staff then override with a reason).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentcenter.cases.models import Case, EvaluatorAssignment

# Korean legal forms, written anywhere in a name, with or without brackets (NFKC makes ㈜ "(주)").
_KOREAN_FORMS = (
    "유한책임회사",
    "주식회사",
    "유한회사",
    "합자회사",
    "합명회사",
    "재단법인",
    "사단법인",
    "학교법인",
    "(주)",
    "(유)",
)
# Korean endings of a token: "서울대학교" is "서울".
_KOREAN_ENDINGS = ("대학교",)
# Legal forms at the end of a name ("Co., Ltd.", "Inc."), dropped one by one from the end.
_TRAILING_WORDS = frozenset(
    {
        "co",
        "company",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "bv",
        "nv",
        "kk",
    }
)
# Words that say what kind of institution it is, wherever they stand ("University of Tokyo" and
# "Tokyo University" are one school), and the words that join them to the name.
_INSTITUTION_WORDS = frozenset({"university", "univ"})
_LEADING_WORDS = frozenset({"the", "of"})
_SEPARATORS = re.compile(r"[;\n]")


def _fold(text: str) -> str:
    """Compatibility forms, case and width folded, until nothing changes (casefolding can produce
    characters NFKC changes again)."""
    for _round in range(4):
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
        if folded == text:
            break
        text = folded
    return text


def _without_punctuation(text: str) -> str:
    return "".join(" " if unicodedata.category(character)[0] in "PSZC" else character for character in text)


def _strip_korean_forms(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for form in _KOREAN_FORMS:
            if form in text:
                text = text.replace(form, " ")
                changed = True
    return text


def _strip_token(token: str) -> str:
    changed = True
    while changed:
        changed = False
        for ending in _KOREAN_ENDINGS:
            if token.endswith(ending):
                token = token[: -len(ending)]
                changed = True
    return token


def _step(text: str) -> str:
    text = _without_punctuation(_strip_korean_forms(_fold(text)))
    tokens = [token for token in (_strip_token(token) for token in text.split()) if token]
    tokens = [token for token in tokens if token not in _INSTITUTION_WORDS]
    while tokens and tokens[-1] in _TRAILING_WORDS:
        tokens.pop()
    while tokens and tokens[0] in _LEADING_WORDS:
        tokens.pop(0)
    return " ".join(tokens)


def normalised_organisation(name: str) -> str:
    """An organisation's name as the check compares it: folded case and width, no punctuation,
    no legal form (Co., Ltd., Inc., 주식회사, (주)…) and no "University"/"대학교", single spaces.

    Idempotent: the result normalises to itself."""
    text = name
    for _round in range(8):
        normalised = _step(text)
        if normalised == text:
            break
        text = normalised
    return text


def organisation_key(name: str) -> str:
    """The normalised name without its spaces ("Seoul National" and "SeoulNational" are one);
    empty for a name that is only a legal form or punctuation, which matches nothing."""
    return normalised_organisation(name).replace(" ", "")


def evaluator_organisations(organisation: str) -> list[str]:
    """The organisations an evaluator gave, one per ``;`` or line."""
    return [part.strip() for part in _SEPARATORS.split(organisation or "") if part.strip()]


# What an organisation of the application is to the applicant, in words.
SOURCE_LABELS = {
    "school": gettext_lazy("school"),
    "employer": gettext_lazy("employer"),
    "company": gettext_lazy("hiring company"),
}


@dataclass(frozen=True)
class OrganisationConflict:
    """One of the evaluator's organisations that is one of the application's."""

    evaluator_organisation: str
    applicant_organisation: str
    source: str  # a key of SOURCE_LABELS

    def as_dict(self) -> dict[str, str]:
        return {
            "evaluator_organisation": self.evaluator_organisation,
            "applicant_organisation": self.applicant_organisation,
            "source": self.source,
        }

    def describe(self) -> str:
        return _("{evaluator} is the applicant's {source} ({applicant})").format(
            evaluator=self.evaluator_organisation,
            source=SOURCE_LABELS.get(self.source, self.source),
            applicant=self.applicant_organisation,
        )


def applicant_organisations(case: Case) -> list[tuple[str, str]]:
    """``(source, name)`` for every school, employer and the hiring company of the application as
    submitted (evaluators are assigned after submission), and the hiring company's names now."""
    applicant: dict[str, Any] = case.applicant or {}
    names: list[tuple[str, str]] = []
    for education in applicant.get("education") or []:
        names.append(("school", str(education.get("institution") or "")))
    for experience in applicant.get("experience") or []:
        names.append(("employer", str(experience.get("organization") or "")))
    offer = applicant.get("offer") or {}
    names.append(("company", str(offer.get("company") or "")))
    names.append(("company", case.company.name_en))
    names.append(("company", case.company.name_ko))
    return [(source, name) for source, name in names if name.strip()]


def find_conflicts(organisation: str, organisations: Iterable[tuple[str, str]]) -> list[OrganisationConflict]:
    """The application's organisations that are one of the evaluator's (each named once)."""
    theirs = [(part, organisation_key(part)) for part in evaluator_organisations(organisation)]
    found: dict[tuple[str, str], OrganisationConflict] = {}
    for source, name in organisations:
        key = organisation_key(name)
        if not key:
            continue
        for part, part_key in theirs:
            if part_key == key and (part, key) not in found:
                found[(part, key)] = OrganisationConflict(part, name, source)
    return list(found.values())


def organisation_conflicts(case: Case, organisation: str) -> list[OrganisationConflict]:
    """What the automatic check finds between an evaluator's organisation and ``case``."""
    return find_conflicts(organisation, applicant_organisations(case))


def recorded_conflicts(assignment: EvaluatorAssignment) -> list[OrganisationConflict]:
    """What the check found when the evaluator was assigned (kept on the assignment)."""
    return [
        OrganisationConflict(
            str(found.get("evaluator_organisation", "")),
            str(found.get("applicant_organisation", "")),
            str(found.get("source", "")),
        )
        for found in assignment.detected_conflicts or []
        if isinstance(found, dict)
    ]
