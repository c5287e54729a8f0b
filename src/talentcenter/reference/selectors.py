"""Reads of reference data used by forms, filters and the demo generator."""

from __future__ import annotations

from django.db.models import QuerySet

from talentcenter.reference.enums import IndustryScheme, ListKind
from talentcenter.reference.models import Industry, ListEntry, Occupation, Skill


def advanced_industries() -> QuerySet[Industry]:
    return Industry.objects.filter(scheme=IndustryScheme.KTECH_PASS).order_by("id")


def skill_list() -> QuerySet[Skill]:
    return Skill.objects.order_by("category", "name_en")


def ranked_universities() -> QuerySet[ListEntry]:
    return ListEntry.objects.filter(edition__kind__in=[ListKind.QS_WORLD, ListKind.USNEWS_GLOBAL]).select_related(
        "edition"
    )


def ranked_companies() -> QuerySet[ListEntry]:
    return ListEntry.objects.filter(edition__kind=ListKind.FORTUNE_GLOBAL_500).select_related("edition")


def occupation(code: str) -> Occupation | None:
    """The E-7-1 occupation with this Ministry of Justice code, if the list holds it."""
    return Occupation.objects.filter(code=code).first()
