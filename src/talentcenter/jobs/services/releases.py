"""Releases of a talent's data to a company through a talent request: the snapshot, the company's
views, and the talent's withdrawal.

A release is a snapshot, not a window on the live profile. When the talent agrees
(:func:`talentcenter.jobs.services.requests.shortlist_agree`), :func:`profile_snapshot` copies the
released parts of the profile into the shortlist entry (``ShortlistEntry.snapshot``, JSON with a
``version`` and the time ``taken_at``); the company's pages and API render that copy only, so the
talent's later edits never reach the company.

Withdrawal ends access (:func:`release_withdraw`): the entry moves to ``withdrawn`` by the shortlist
map, the snapshot is erased (set to NULL, not kept: no law requires us to keep what a company was
shown, and the release log keeps what was shared, with whom and when, without the data), the
release log row gets ``withdrawn_at``, the audit trail gets ``jobs.release_withdrawn``, and the
company and the curator are told without a name. The company then sees only "withdrawn by the
talent".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from talentcenter.accounts.models import User
from talentcenter.audit import events
from talentcenter.jobs import policies, workflow
from talentcenter.jobs.enums import ReleasedPart, ShortlistStatus
from talentcenter.jobs.models import ProfileRelease, ShortlistEntry, TalentRequest
from talentcenter.jobs.notices import requests as notices
from talentcenter.talent.models import Education, Experience, LanguageEntry, SkillEntry, TalentProfile

SNAPSHOT_VERSION = 1
# What a release of this version shares (all of ReleasedPart, in its order).
RELEASED_PARTS: tuple[str, ...] = tuple(ReleasedPart.values)


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def profile_snapshot(*, profile_id: int, taken_at: datetime) -> dict[str, Any]:
    """The released parts of the profile as plain JSON (codes, not labels: the page that shows it
    puts the labels in its reader's language). Five queries, whatever the size of the profile."""
    profile = (
        TalentProfile.objects.select_related("user")
        .prefetch_related(
            Prefetch("educations", queryset=Education.objects.order_by("-level", "-completed_on", "id")),
            Prefetch("experiences", queryset=Experience.objects.order_by("-started_on", "id")),
            Prefetch(
                "skills", queryset=SkillEntry.objects.select_related("skill").order_by("-proficiency", "skill_id")
            ),
            Prefetch("languages", queryset=LanguageEntry.objects.order_by("language")),
        )
        .get(pk=profile_id)
    )
    return {
        "version": SNAPSHOT_VERSION,
        "taken_at": taken_at.isoformat(),
        "name": profile.full_name,
        "name_hangul": profile.name_hangul,
        "email": profile.contact_email or profile.user.email,
        "phone": profile.phone,
        "nationality": str(profile.nationality or ""),
        "headline": profile.headline,
        "education": [
            {
                "level": item.level,
                "field": item.field,
                "institution": item.institution,
                "completed_on": _day(item.completed_on),
            }
            for item in profile.educations.all()
        ],
        "experience": [
            {
                "organization": item.organization,
                "role": item.role,
                "field": item.field,
                "started_on": _day(item.started_on),
                "ended_on": _day(item.ended_on),
            }
            for item in profile.experiences.all()
        ],
        "skills": [
            {
                "code": item.skill.code,
                "name_en": item.skill.name_en,
                "name_ko": item.skill.name_ko,
                "proficiency": item.proficiency,
            }
            for item in profile.skills.all()
        ],
        "languages": [
            {"language": item.language, "test": item.test, "level": item.level} for item in profile.languages.all()
        ],
    }


def _lock_release(release: ProfileRelease | int) -> tuple[TalentRequest, ShortlistEntry, ProfileRelease]:
    """Lock the request, then the entry, then the release (the order every jobs service keeps)."""
    pk = release if isinstance(release, int) else release.pk
    ids = ProfileRelease.objects.filter(pk=pk).values_list("entry__talent_request_id", "entry_id").first()
    if ids is None:
        raise ProfileRelease.DoesNotExist
    request_id, entry_id = ids
    talent_request = (
        TalentRequest.objects.select_for_update(of=("self",)).select_related("company", "curator").get(pk=request_id)
    )
    entry = ShortlistEntry.objects.select_for_update(of=("self",)).select_related("profile").get(pk=entry_id)
    locked = ProfileRelease.objects.select_for_update(of=("self",)).get(pk=pk)
    return talent_request, entry, locked


@transaction.atomic
def release_withdraw(*, actor: User, release: ProfileRelease | int) -> ProfileRelease:
    """The talent withdraws their consent to one release: the company loses the data at once.

    Only the talent whose profile was released may withdraw it; a second withdrawal is refused by
    the shortlist map (409 in the API)."""
    talent_request, entry, release = _lock_release(release)
    if policies.talent_profile_id(actor) != release.profile_id:
        raise PermissionDenied
    old, new = workflow.SHORTLIST_TRANSITIONS.move(entry, "withdraw")
    entry.snapshot = None
    entry.save(update_fields=["status", "snapshot"])
    release.withdrawn_at = timezone.now()
    release.save(update_fields=["withdrawn_at"])
    events.record(
        actor=actor,
        action="jobs.release_withdrawn",
        subject=talent_request,
        changes={
            "entry": entry.pk,
            "profile": entry.profile_id,
            "company": release.company_id,
            "release": release.pk,
            "status": [old, new],
            "snapshot": "erased",
        },
    )
    notices.release_withdrawn(entry, talent_request)
    return release


@transaction.atomic
def release_views_record(*, actor: User, talent_request: TalentRequest) -> int:
    """Note that a member of the requesting company opened the request's released profiles (the
    talent sees it on their releases page). One UPDATE; withdrawn releases are not touched. Not an
    audit event: reads of personal data belong to the access log, not to the record of changes."""
    if not policies.is_member(actor, talent_request.company_id):
        return 0
    now = timezone.now()
    return ProfileRelease.objects.filter(
        entry__talent_request_id=talent_request.pk,
        entry__status=ShortlistStatus.RELEASED,
        company_id=talent_request.company_id,
    ).update(first_viewed_at=Coalesce("first_viewed_at", Value(now)), last_viewed_at=now)
