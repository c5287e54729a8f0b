"""Reads for the policy engine: the catalogue of ranked lists, applicants from profiles, lists."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.db.models import Count, Max, QuerySet

from talentcenter.policy.engine.inputs import ApplicantIn
from talentcenter.policy.engine.matching import Catalogue, ListSource, build_catalogue
from talentcenter.policy.engine.parameters import ParameterSet, baseline
from talentcenter.policy.models import Assessment, ParameterVariant, Simulation
from talentcenter.reference.enums import ListKind
from talentcenter.reference.models import ListEdition, ListEntry, Occupation
from talentcenter.talent.enums import EducationLevel, LanguageTest
from talentcenter.talent.models import TalentProfile

_LIST_CATEGORY = {
    ListKind.QS_WORLD: "university",
    ListKind.USNEWS_GLOBAL: "university",
    ListKind.FORTUNE_GLOBAL_500: "company",
}
_catalogue_cache: dict[str, Catalogue] = {}


def catalogue_version() -> str:
    """Changes whenever an edition or an entry is added, removed or replaced."""
    editions = ListEdition.objects.aggregate(count=Count("id"), last=Max("id"))
    entries = ListEntry.objects.aggregate(count=Count("id"), last=Max("id"))
    occupations = Occupation.objects.count()
    raw = f"{editions['count']}:{editions['last']}:{entries['count']}:{entries['last']}:{occupations}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def catalogue() -> Catalogue:
    """The ranked lists as stored (staff may have imported editions), cached per version.

    The version is read from the database on each call, so a new edition is used by every process
    on its next assessment; nothing can go stale silently.
    """
    version = catalogue_version()
    cached = _catalogue_cache.get(version)
    if cached is not None:
        return cached
    sources = []
    for edition in ListEdition.objects.order_by("kind", "published_on"):
        category = _LIST_CATEGORY.get(ListKind(edition.kind))
        if category is None:
            continue
        rows = tuple(edition.entries.order_by("rank").values_list("rank", "name"))
        sources.append(
            ListSource(
                kind=edition.kind,
                edition=edition.edition,
                published_on=edition.published_on or date.min,
                partial=edition.is_partial,
                category=category,  # type: ignore[arg-type]
                label=str(ListKind(edition.kind).label),
                rows=rows,
            )
        )
    built = build_catalogue(sources, Occupation.objects.values_list("code", flat=True))
    _catalogue_cache.clear()
    _catalogue_cache[version] = built
    return built


def editions_in_force(as_of: date) -> list[ListEdition]:
    latest: dict[str, ListEdition] = {}
    for edition in ListEdition.objects.filter(published_on__lte=as_of).order_by("published_on"):
        latest[edition.kind] = edition
    return list(latest.values())


_LEVELS = {
    EducationLevel.ASSOCIATE: "associate",
    EducationLevel.BACHELOR: "bachelor",
    EducationLevel.MASTER: "master",
    EducationLevel.DOCTORATE: "doctorate",
}


def applicant_data_from_profile(profile: TalentProfile) -> dict[str, Any]:
    """A talent profile in the interchange format (what the pathfinder prefills)."""
    data: dict[str, Any] = {
        "person": {
            "birth_date": profile.birth_date.isoformat() if profile.birth_date else None,
            "nationality": str(profile.nationality) or None,
        },
        "education": [
            {
                "level": _LEVELS[EducationLevel(education.level)],
                "field": education.field,
                "institution": education.institution,
                "country": str(education.country) or None,
                "completed": education.completed_on.isoformat() if education.completed_on else None,
            }
            for education in profile.educations.all()
            if education.level in _LEVELS
        ],
        "experience": [
            {
                "organization": experience.organization,
                "kind": experience.organization_kind,
                "field": experience.field,
                "start": experience.started_on.isoformat(),
                "end": experience.ended_on.isoformat() if experience.ended_on else None,
                "postdoctoral": experience.is_postdoctoral,
            }
            for experience in profile.experiences.all()
        ],
        "languages": [
            {"language": entry.language, "test": entry.test.upper(), "level": int(entry.level)}
            for entry in profile.languages.all()
            if entry.test in {LanguageTest.TOPIK, LanguageTest.KIIP} and entry.level.isdigit()
        ],
    }
    return data


def applicant_from_profile(profile: TalentProfile) -> ApplicantIn:
    return ApplicantIn.model_validate(applicant_data_from_profile(profile))


def parameter_set_for(variant: ParameterVariant | None) -> ParameterSet:
    return baseline() if variant is None else variant.parameter_set()


def variant_list() -> QuerySet[ParameterVariant]:
    return ParameterVariant.objects.select_related("created_by").order_by("-updated_at")


def simulation_list() -> QuerySet[Simulation]:
    return Simulation.objects.select_related("variant", "baseline_variant", "created_by").order_by("-created_at")


def assessments_of(profile: TalentProfile) -> QuerySet[Assessment]:
    return Assessment.objects.filter(subject=profile).order_by("-created_at")
