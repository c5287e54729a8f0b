"""Reads for talent requests: the company's list and detail, the center's queue and curation page,
and a talent's invitations. Each costs a fixed number of queries, whatever the number of rows.

The company's view of a request holds released candidates only as the snapshot taken when the
talent agreed (``selectors.releases``), withdrawn ones as "withdrawn" alone; for the others it holds
nothing but counts (``waiting`` / ``proposed``) — never a name, a contact or an id.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor, is_signed_in
from talentcenter.audit.selectors import audit_timeline_for
from talentcenter.jobs.enums import ShortlistStatus, TalentRequestStatus
from talentcenter.jobs.models import ProfileRelease, ShortlistEntry, TalentRequest
from talentcenter.jobs.queries import criteria_query, request_offer
from talentcenter.jobs.selectors.releases import SharedCandidate, shared_candidates
from talentcenter.matching.explain import CandidateMatch
from talentcenter.organizations.models import CompanyMembership
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.reference.models import Skill
from talentcenter.talent.enums import EducationLevel, SpokenLanguage
from talentcenter.talent.models import TalentProfile

RANKED_LIMIT = 50
_S = ShortlistStatus

# The request-level events the company sees on its timeline (no shortlist events: they name profiles).
COMPANY_TIMELINE_ACTIONS: dict[str, Any] = {
    "jobs.talent_request_created": gettext_lazy("Request sent to the center"),
    "jobs.talent_request_start_curating": gettext_lazy("The center started curating"),
    "jobs.talent_request_send_shortlist": gettext_lazy("Shortlist sent"),
    "jobs.talent_request_close": gettext_lazy("Request closed by the center"),
    "jobs.talent_request_cancel": gettext_lazy("Request cancelled"),
}
STAFF_ACTION_LABELS: dict[str, Any] = {
    **COMPANY_TIMELINE_ACTIONS,
    "jobs.shortlist_added": gettext_lazy("Added to the shortlist"),
    "jobs.shortlist_removed": gettext_lazy("Removed from the shortlist"),
    "jobs.shortlist_invite": gettext_lazy("Talent asked for agreement"),
    "jobs.profile_released": gettext_lazy("Talent agreed: profile released"),
    "jobs.shortlist_declined": gettext_lazy("Talent declined"),
    "jobs.release_withdrawn": gettext_lazy("Talent withdrew consent: released data erased"),
}


def with_counts(requests: QuerySet[TalentRequest]) -> QuerySet[TalentRequest]:
    """Each request with its shortlist counts (one query, whatever the number of requests)."""
    return requests.annotate(
        proposed_count=Count("shortlist", filter=Q(shortlist__status=_S.PROPOSED)),
        invited_count=Count("shortlist", filter=Q(shortlist__status=_S.INVITED)),
        released_count=Count("shortlist", filter=Q(shortlist__status=_S.RELEASED)),
        withdrawn_count=Count("shortlist", filter=Q(shortlist__status=_S.WITHDRAWN)),
    )


# --- Criteria in words -------------------------------------------------------------------------
def _skill_names(codes: list[str]) -> dict[str, str]:
    if not codes:
        return {}
    return {skill.code: skill.name for skill in Skill.objects.filter(code__in=codes).only("code", "name_en", "name_ko")}


def criteria_summary(criteria: dict[str, Any], *, skill_names: dict[str, str] | None = None) -> list[str]:
    """The criteria as short lines in the active language (one query for the skill names)."""
    skills = criteria.get("skills") or []
    names = skill_names if skill_names is not None else _skill_names([item["code"] for item in skills])
    lines: list[str] = []
    required = [names.get(item["code"], item["code"]) for item in skills if item.get("required", True)]
    preferred = [names.get(item["code"], item["code"]) for item in skills if not item.get("required", True)]
    if required:
        lines.append(_("Required skills: {skills}").format(skills=", ".join(required)))
    if preferred:
        lines.append(_("Preferred skills: {skills}").format(skills=", ".join(preferred)))
    level = criteria.get("min_education_level")
    if level:
        with contextlib.suppress(ValueError):
            lines.append(_("Degree: at least {degree}").format(degree=EducationLevel(level).label))
    if criteria.get("min_years"):
        lines.append(_("Experience: at least {years} years").format(years=criteria["min_years"]))
    for item in criteria.get("languages") or []:
        try:
            language = str(SpokenLanguage(item["language"]).label)
        except ValueError:
            language = item["language"]
        lines.append(_("{language}: level {level} of 6 or above").format(language=language, level=item["level"]))
    if criteria.get("industry"):
        with contextlib.suppress(ValueError):
            lines.append(_("Industry: {industry}").format(industry=AdvancedIndustry(criteria["industry"]).label))
    low, high = criteria.get("salary_min_krw"), criteria.get("salary_max_krw")
    if low or high:
        lines.append(
            _("Salary: {low} to {high} KRW a year").format(
                low=f"{low:,}" if low else "–", high=f"{high:,}" if high else "–"
            )
        )
    if criteria.get("nationalities"):
        lines.append(
            _("Nationalities: {names}").format(
                names=", ".join(str(countries.name(code)) or code for code in criteria["nationalities"])
            )
        )
    return lines


# --- The company -------------------------------------------------------------------------------
def company_talent_requests(*, user: User) -> QuerySet[TalentRequest]:
    """The requests of every company the user belongs to, newest first, with counts (one query)."""
    company_ids = CompanyMembership.objects.filter(user=user).values("company_id")
    return with_counts(
        TalentRequest.objects.filter(company_id__in=company_ids)
        .select_related("company")
        .order_by("-created_at", "-id")
    )


@dataclass
class CompanyRequestView:
    talent_request: TalentRequest
    shared: list[SharedCandidate]  # released (the snapshot) and withdrawn (nothing), oldest first
    waiting: int  # invited, not answered yet
    proposed: int  # proposed by the center, not asked yet
    criteria: list[str]
    timeline: list[dict[str, Any]] = field(default_factory=list)


def talent_request_for_company(talent_request: TalentRequest) -> CompanyRequestView:
    """What the company sees: released candidates as their snapshots, withdrawn ones as a line, the
    rest as counts. Fixed query count; never reads a live profile."""
    counts = {
        row["status"]: row["n"]
        for row in ShortlistEntry.objects.filter(talent_request=talent_request)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    }
    timeline = [
        {"at": event.occurred_at, "label": COMPANY_TIMELINE_ACTIONS[event.action]}
        for event in audit_timeline_for(subject=talent_request)
        if event.action in COMPANY_TIMELINE_ACTIONS
    ]
    timeline.reverse()
    return CompanyRequestView(
        talent_request=talent_request,
        shared=shared_candidates(talent_request),
        waiting=counts.get(_S.INVITED, 0),
        proposed=counts.get(_S.PROPOSED, 0),
        criteria=criteria_summary(talent_request.criteria),
        timeline=timeline,
    )


# --- The center --------------------------------------------------------------------------------
STAFF_TABS: tuple[tuple[str, Any], ...] = (
    (TalentRequestStatus.SUBMITTED, gettext_lazy("New")),
    (TalentRequestStatus.CURATING, gettext_lazy("Being curated")),
    (TalentRequestStatus.SHORTLIST_SENT, gettext_lazy("Shortlist sent")),
    (TalentRequestStatus.CLOSED, gettext_lazy("Closed")),
    (TalentRequestStatus.CANCELLED, gettext_lazy("Cancelled")),
)


def staff_queue(*, status: str = TalentRequestStatus.SUBMITTED) -> QuerySet[TalentRequest]:
    """One tab of the center's queue, oldest first, with counts (one query)."""
    return with_counts(
        TalentRequest.objects.filter(status=status).select_related("company", "curator").order_by("created_at", "id")
    )


def staff_tab_counts() -> dict[str, int]:
    rows = TalentRequest.objects.values("status").annotate(n=Count("id")).order_by()
    counts = dict.fromkeys(TalentRequestStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


@dataclass
class RankedCandidate:
    profile: TalentProfile
    match: CandidateMatch


@dataclass
class StaffRequestView:
    talent_request: TalentRequest
    criteria: list[str]
    candidates: list[RankedCandidate]
    shortlist: list[ShortlistEntry]
    releases: list[ProfileRelease]
    timeline: list[dict[str, Any]]


def people_on_curation(view: StaffRequestView) -> list[User]:
    """Everyone the curation page names: the shortlist and the ranked candidates (the release log
    names only people of the shortlist)."""
    return [entry.profile.user for entry in view.shortlist] + [candidate.profile.user for candidate in view.candidates]


def shortlist_of(talent_request: TalentRequest) -> list[ShortlistEntry]:
    return list(
        ShortlistEntry.objects.filter(talent_request=talent_request)
        .select_related("profile__user", "added_by")
        .order_by("-score", "id")
    )


def staff_talent_request(talent_request: TalentRequest, *, limit: int = RANKED_LIMIT) -> StaffRequestView:
    """The curation page: ranked discoverable candidates not yet on the shortlist, with the reasons;
    the shortlist; the release log; the audit trail. Fixed query count."""
    from talentcenter.matching.selectors import rank_candidates

    shortlist = shortlist_of(talent_request)
    query = criteria_query(
        talent_request.criteria,
        exclude_profile_ids=frozenset(entry.profile_id for entry in shortlist),
        offer=request_offer(talent_request),
    )
    matches = rank_candidates(query, limit=limit)
    profiles = TalentProfile.objects.select_related("user").in_bulk([match.profile_id for match in matches])
    candidates = [
        RankedCandidate(profiles[match.profile_id], match) for match in matches if match.profile_id in profiles
    ]
    releases = list(
        ProfileRelease.objects.filter(entry__talent_request=talent_request).select_related(
            "profile", "agreed_by", "company"
        )
    )
    timeline = [
        {"event": event, "label": STAFF_ACTION_LABELS.get(event.action) or event.action_label}
        for event in audit_timeline_for(subject=talent_request)
    ]
    return StaffRequestView(
        talent_request=talent_request,
        criteria=criteria_summary(talent_request.criteria),
        candidates=candidates,
        shortlist=shortlist,
        releases=releases,
        timeline=timeline,
    )


# --- The talent --------------------------------------------------------------------------------
@dataclass
class Invitation:
    entry: ShortlistEntry
    criteria: list[str]
    match: CandidateMatch | None


INVITATION_STATUSES = (_S.INVITED, _S.RELEASED, _S.DECLINED, _S.WITHDRAWN)


def invitations_queryset(*, profile_id: int) -> QuerySet[ShortlistEntry]:
    return (
        ShortlistEntry.objects.filter(profile_id=profile_id, status__in=INVITATION_STATUSES)
        .select_related("talent_request__company")
        .order_by("-invited_at", "-id")
    )


def talent_invitations(*, user: Visitor) -> list[Invitation]:
    """The talent's invitations (waiting first), what each company asks and why it fits them."""
    from talentcenter.matching.index import shared_profiles
    from talentcenter.matching.selectors import explain_match_in_index

    profile: TalentProfile | None = getattr(user, "talent_profile", None) if is_signed_in(user) else None
    if profile is None:
        return []
    entries = sorted(invitations_queryset(profile_id=profile.pk), key=lambda entry: entry.status != _S.INVITED)
    if not entries:
        return []
    codes = sorted({item["code"] for entry in entries for item in entry.talent_request.criteria.get("skills") or []})
    names = _skill_names(codes)
    index = shared_profiles()
    return [
        Invitation(
            entry=entry,
            criteria=criteria_summary(entry.talent_request.criteria, skill_names=names),
            match=explain_match_in_index(index, profile.pk, criteria_query(entry.talent_request.criteria))
            if entry.status == _S.INVITED
            else None,
        )
        for entry in entries
    ]
