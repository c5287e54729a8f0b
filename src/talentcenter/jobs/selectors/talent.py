"""Reads for the talent's side: my applications with their timelines, my saved searches, the
openings a saved search matches, and recommended openings with the matcher's reasons.

Every list is a fixed number of queries whatever its length (asserted in the tests).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor, is_signed_in
from talentcenter.audit.models import AuditEvent
from talentcenter.jobs.enums import OPEN_STAGES, ApplicationStage
from talentcenter.jobs.models import JobApplication, Opening, SavedSearch
from talentcenter.jobs.selectors.board import board_queryset, open_openings
from talentcenter.matching.explain import OpeningMatch
from talentcenter.talent.models import TalentProfile

APPLICATION_SUBJECT = JobApplication._meta.label_lower


def saved_search_openings(criteria: dict[str, Any]) -> QuerySet[Opening]:
    """The open openings a saved search's (already checked) criteria match: exactly the job
    board's search (``selectors.board.board_queryset``), newest first."""
    return board_queryset(
        q=str(criteria.get("q") or ""),
        industry=str(criteria.get("industry") or ""),
        region=str(criteria.get("region") or ""),
        salary_min=int(criteria["salary_min"]) if criteria.get("salary_min") else None,
        occupation=str(criteria.get("occupation") or ""),
        sponsorship=str(criteria.get("sponsorship") or ""),
    )


# --- My applications -------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    occurred_at: datetime
    label: str


@dataclass
class ApplicationRow:
    application: JobApplication
    timeline: list[TimelineEntry] = field(default_factory=list)
    opening_url: str = ""  # set by the page (it knows the language)

    @property
    def can_withdraw(self) -> bool:
        return self.application.stage in OPEN_STAGES

    @property
    def badge(self) -> str:
        return STAGE_BADGES.get(self.application.stage, "bg-light-gray")


STAGE_BADGES: dict[str, str] = {
    ApplicationStage.NEW: "bg-light-primary",
    ApplicationStage.SCREENING: "bg-light-primary",
    ApplicationStage.INTERVIEW: "bg-light-warning",
    ApplicationStage.OFFER: "bg-light-success",
    ApplicationStage.HIRED: "bg-light-success",
    ApplicationStage.REJECTED: "bg-light-danger",
    ApplicationStage.WITHDRAWN: "bg-light-gray",
}


def _stage_label(stage: str) -> str:
    try:
        return str(ApplicationStage(stage).label)
    except ValueError:
        return stage


def applications_of_profile(profile_id: int | None) -> QuerySet[JobApplication]:
    if profile_id is None:
        return JobApplication.objects.none()
    return (
        JobApplication.objects.filter(profile_id=profile_id)
        .select_related("opening__company", "opening__occupation")
        .order_by("-submitted_at", "-id")
    )


def application_rows(applications: list[JobApplication]) -> list[ApplicationRow]:
    """Each application with its timeline: applied, then every stage change (one query for all).

    Only stage changes are shown; the company's notes and reasons stay with the company."""
    events: dict[str, list[AuditEvent]] = defaultdict(list)
    if applications:
        for event in AuditEvent.objects.filter(
            subject_type=APPLICATION_SUBJECT, subject_id__in=[str(item.pk) for item in applications]
        ).order_by("occurred_at", "id"):
            events[event.subject_id].append(event)
    rows = []
    for application in applications:
        timeline = [TimelineEntry(application.submitted_at, _("Applied"))]
        for event in events.get(str(application.pk), []):
            stage = (event.changes or {}).get("stage")
            if isinstance(stage, list) and len(stage) == 2 and stage[0] != stage[1]:
                timeline.append(
                    TimelineEntry(event.occurred_at, _("Moved to “{stage}”").format(stage=_stage_label(stage[1])))
                )
        rows.append(ApplicationRow(application, timeline))
    return rows


def profile_of_user(user: Visitor) -> TalentProfile | None:
    if not is_signed_in(user):
        return None
    return TalentProfile.objects.filter(user_id=user.pk).first()


def applied_opening_ids(profile_id: int) -> frozenset[int]:
    return frozenset(JobApplication.objects.filter(profile_id=profile_id).values_list("opening_id", flat=True))


# --- My saved searches -----------------------------------------------------------------------


def saved_searches_of(user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


# --- Recommended openings --------------------------------------------------------------------


@dataclass
class Recommendation:
    opening: Opening
    match: OpeningMatch
    opening_url: str = ""  # set by the page (it knows the language)


def recommended_openings(*, profile_id: int, limit: int = 20) -> list[Recommendation]:
    """The open openings that fit the talent best, with the reasons, leaving out those already
    applied to. The talent's own profile is ranked whether or not companies may find it (the
    matcher keeps every profile's row; only discoverable ones are ever shown to companies).
    The openings come in one query; an opening the index still lists but that has closed meanwhile
    is left out."""
    from talentcenter.matching import selectors as matching
    from talentcenter.matching.models import ProfileVector

    exclude = applied_opening_ids(profile_id)
    matches = matching.rank_openings(profile_id, limit=limit, exclude_opening_ids=exclude)
    if not matches and not ProfileVector.objects.filter(profile_id=profile_id).exists():
        # A profile saved before the index existed has no row yet: index it now, then rank.
        from talentcenter.matching.services import profile_vector_refresh

        profile_vector_refresh(profile_id=profile_id)
        matches = matching.rank_openings(profile_id, limit=limit, exclude_opening_ids=exclude)
    if not matches:
        return []
    openings = open_openings().select_related("company", "occupation").in_bulk([m.opening_id for m in matches])
    return [Recommendation(openings[m.opening_id], m) for m in matches if m.opening_id in openings]
