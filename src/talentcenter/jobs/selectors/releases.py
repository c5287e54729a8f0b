"""Reads of released data: the company's view of a released candidate, built from the entry's
snapshot only (never the live profile), and the talent's "my data releases" list.

A withdrawn release shows the company nothing but that it was withdrawn: its snapshot is gone, and
nothing here reads the profile.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django_countries import countries

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor
from talentcenter.foundation.i18n import in_language
from talentcenter.jobs import policies
from talentcenter.jobs.enums import ReleasedPart, ShortlistStatus
from talentcenter.jobs.models import ProfileRelease, TalentRequest
from talentcenter.talent.enums import EducationLevel, LanguageTest, Proficiency, SpokenLanguage

_S = ShortlistStatus
SHARED_STATUSES = (_S.RELEASED, _S.WITHDRAWN)


def _label(choices: Any, value: Any) -> str:
    """A code's label in the active language; the code itself if the enum no longer knows it."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    with contextlib.suppress(ValueError):
        return date.fromisoformat(value)
    return None


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    with contextlib.suppress(ValueError):
        return datetime.fromisoformat(value)
    return None


@dataclass(frozen=True)
class ReleasedEducation:
    level: int
    level_label: str
    field: str
    institution: str
    completed_on: date | None


@dataclass(frozen=True)
class ReleasedExperience:
    organization: str
    role: str
    field: str
    started_on: date | None
    ended_on: date | None


@dataclass(frozen=True)
class ReleasedSkill:
    code: str
    name: str
    proficiency: int
    proficiency_label: str


@dataclass(frozen=True)
class ReleasedLanguage:
    language: str
    language_label: str
    test: str
    test_label: str
    level: str


@dataclass(frozen=True)
class ReleasedProfile:
    """A snapshot, ready to show in the reader's language."""

    version: int
    taken_at: datetime | None
    name: str
    name_hangul: str
    email: str
    phone: str
    nationality: str
    nationality_name: str
    headline: str
    education: list[ReleasedEducation] = field(default_factory=list)
    experience: list[ReleasedExperience] = field(default_factory=list)
    skills: list[ReleasedSkill] = field(default_factory=list)
    languages: list[ReleasedLanguage] = field(default_factory=list)


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def released_profile(snapshot: dict[str, Any]) -> ReleasedProfile:
    """The snapshot taken at release (``jobs.services.releases.profile_snapshot``), with labels."""
    nationality = _text(snapshot, "nationality")
    return ReleasedProfile(
        version=int(snapshot.get("version") or 1),
        taken_at=_moment(snapshot.get("taken_at")),
        name=_text(snapshot, "name"),
        name_hangul=_text(snapshot, "name_hangul"),
        email=_text(snapshot, "email"),
        phone=_text(snapshot, "phone"),
        nationality=nationality,
        nationality_name=str(countries.name(nationality)) if nationality else "",
        headline=_text(snapshot, "headline"),
        education=[
            ReleasedEducation(
                level=int(item.get("level") or 0),
                level_label=_label(EducationLevel, item.get("level")),
                field=_text(item, "field"),
                institution=_text(item, "institution"),
                completed_on=_day(item.get("completed_on")),
            )
            for item in snapshot.get("education") or []
        ],
        experience=[
            ReleasedExperience(
                organization=_text(item, "organization"),
                role=_text(item, "role"),
                field=_text(item, "field"),
                started_on=_day(item.get("started_on")),
                ended_on=_day(item.get("ended_on")),
            )
            for item in snapshot.get("experience") or []
        ],
        skills=[
            ReleasedSkill(
                code=_text(item, "code"),
                name=in_language(_text(item, "name_ko"), _text(item, "name_en")) or _text(item, "code"),
                proficiency=int(item.get("proficiency") or 0),
                proficiency_label=_label(Proficiency, item.get("proficiency")),
            )
            for item in snapshot.get("skills") or []
        ],
        languages=[
            ReleasedLanguage(
                language=_text(item, "language"),
                language_label=_label(SpokenLanguage, item.get("language")),
                test=_text(item, "test"),
                test_label=_label(LanguageTest, item.get("test")),
                level=_text(item, "level"),
            )
            for item in snapshot.get("languages") or []
        ],
    )


# --- The company -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SharedCandidate:
    """One release as the company sees it: the snapshot while it stands, nothing once withdrawn."""

    release: ProfileRelease
    profile: ReleasedProfile | None

    @property
    def withdrawn(self) -> bool:
        return self.profile is None


def released_people(shared: list[SharedCandidate]) -> list[User]:
    """The talents whose snapshot the company sees (those who agreed and have not withdrawn)."""
    return [candidate.release.agreed_by for candidate in shared if not candidate.withdrawn]


def shared_candidates(talent_request: TalentRequest) -> list[SharedCandidate]:
    """The request's releases, oldest first: released ones with their snapshot, withdrawn ones empty.
    One query, whatever the number of releases; the live profiles are never read (the account of
    the talent who agreed comes with it, for the access log)."""
    releases = (
        ProfileRelease.objects.filter(entry__talent_request=talent_request, entry__status__in=SHARED_STATUSES)
        .select_related("entry", "agreed_by")
        .order_by("released_at", "pk")
    )
    return [
        SharedCandidate(
            release=release,
            profile=released_profile(release.entry.snapshot)
            if release.entry.status == _S.RELEASED and release.entry.snapshot
            else None,
        )
        for release in releases
    ]


# --- The talent --------------------------------------------------------------------------------
@dataclass(frozen=True)
class TalentRelease:
    """One release of the talent's data, for the talent: who, for what, which parts, when."""

    release: ProfileRelease
    parts: list[str]

    @property
    def talent_request(self) -> TalentRequest:
        return self.release.entry.talent_request

    @property
    def withdrawn(self) -> bool:
        return self.release.withdrawn_at is not None


def releases_of_profile(*, profile_id: int) -> QuerySet[ProfileRelease]:
    return (
        ProfileRelease.objects.filter(profile_id=profile_id)
        .select_related("company", "entry__talent_request")
        .defer("entry__snapshot")
        .order_by("-released_at", "-pk")
    )


def release_parts(keys: list[str]) -> list[str]:
    """The released parts in words (the talent's words), in the active language."""
    return [_label(ReleasedPart, key) for key in keys]


def talent_releases(*, user: Visitor) -> list[TalentRelease]:
    """Every release of the signed-in talent's data, newest first (one query)."""
    profile_id = policies.talent_profile_id(user)
    if profile_id is None:
        return []
    return [
        TalentRelease(release=release, parts=release_parts(list(release.parts or [])))
        for release in releases_of_profile(profile_id=profile_id)
    ]
