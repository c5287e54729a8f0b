"""The automatic fit check of a talent's profile against an event's target industries.

Advice for staff and companies, recorded with each registration; it never refuses anyone. The
profile fits when one of its desired industries is a target (same reference industry, or the same
code in another scheme), else when the field of one of its jobs or degrees names a target industry
(in English or Korean). A profile with neither desired industries nor fields is ``unknown``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from talentcenter.events.enums import FitResult
from talentcenter.reference.models import Industry
from talentcenter.talent.models import TalentProfile

VIA_DESIRED = "desired_industries"
VIA_EXPERIENCE = "experience"
VIA_EDUCATION = "education"


def _names_in(text: str, industries: Iterable[Industry]) -> list[str]:
    lowered = text.casefold()
    return [
        industry.code
        for industry in industries
        if any(name and name.casefold() in lowered for name in (industry.name_en, industry.name_ko))
    ]


def fit_check(*, profile: TalentProfile, targets: Iterable[Industry]) -> tuple[FitResult, dict[str, Any]]:
    """The result and its reasons (``{"matched": [codes], "via": ...}``) for ``profile``."""
    targets = list(targets)
    if not targets:
        return FitResult.OPEN, {"matched": [], "via": ""}
    target_ids = {industry.pk for industry in targets}
    target_codes = {industry.code for industry in targets}
    desired = list(profile.desired_industries.all())
    matched = sorted(
        {industry.code for industry in desired if industry.pk in target_ids or industry.code in target_codes}
    )
    if matched:
        return FitResult.FIT, {"matched": matched, "via": VIA_DESIRED}
    sources = (
        (VIA_EXPERIENCE, [" ".join((row.field, row.role)) for row in profile.experiences.all()]),
        (VIA_EDUCATION, [row.field for row in profile.educations.all()]),
    )
    for via, texts in sources:
        matched = sorted({code for text in texts for code in _names_in(text, targets)})
        if matched:
            return FitResult.FIT, {"matched": matched, "via": via}
    if not desired and not any(texts for _via, texts in sources):
        return FitResult.UNKNOWN, {"matched": [], "via": ""}
    return FitResult.NO_FIT, {"matched": [], "via": "", "desired": sorted(industry.code for industry in desired)}


def fit_reason(fit: str, details: Mapping[str, Any] | None, *, industries: Mapping[str, str] | None = None) -> str:
    """The result in a sentence, in the active language. ``industries`` maps codes to names."""
    details = details or {}
    names = ", ".join((industries or {}).get(code, code) for code in details.get("matched", []))
    via = details.get("via", "")
    if fit == FitResult.OPEN:
        return _("The event is open to every industry.")
    if fit == FitResult.UNKNOWN:
        return _("The profile names no desired industry and no field of work or study.")
    if fit == FitResult.NO_FIT:
        return _("Neither the desired industries nor the fields of work and study match the event's industries.")
    if via == VIA_DESIRED:
        return _("Desired industries include {industries}.").format(industries=names)
    if via == VIA_EXPERIENCE:
        return _("Work experience in {industries}.").format(industries=names)
    return _("Studies in {industries}.").format(industries=names)
