"""Talent requests: a company asks the center for talent, staff curate a shortlist, the talent agrees.

Every write is one service here: ``transaction.atomic``, the rows locked (the request first, then
the shortlist entry, always in that order so two services never deadlock), the actor checked on the
locked rows, the status moved by its map's ``move`` (``workflow.py``), an audit event about the request, and notices
(in-app now, e-mails after the commit). Two answers to the same invitation at once: the second waits
for the lock, finds the entry answered and gets :class:`~talentcenter.foundation.workflow.TransitionNotAllowed`
(409 in the API).

Privacy: a shortlisted profile reaches the company only through :func:`shortlist_agree`, which
copies the released parts into the entry's snapshot (``jobs.services.releases``: the company sees
that copy, never the live profile), writes a :class:`~talentcenter.jobs.models.ProfileRelease` row
and the audit event ``jobs.profile_released``; the talent may withdraw it at any time
(``releases.release_withdraw``). Only discoverable profiles (the matching store's row says so, whatever
id the caller sends) may be shortlisted, invited or released: a profile made private after it was
shortlisted can no longer be invited, and its owner cannot release it until they make it
discoverable again (the talent chose not to be found; we do not share it behind that choice).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from talentcenter.accounts.models import User
from talentcenter.audit import events
from talentcenter.jobs import policies, workflow
from talentcenter.jobs.enums import ShortlistStatus, TalentRequestStatus
from talentcenter.jobs.models import Opening, ProfileRelease, ShortlistEntry, TalentRequest
from talentcenter.jobs.notices import requests as notices
from talentcenter.jobs.queries import criteria_query, request_offer
from talentcenter.jobs.services.releases import RELEASED_PARTS, SNAPSHOT_VERSION, profile_snapshot
from talentcenter.matching.models import ProfileVector
from talentcenter.organizations.models import Company
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.reference.models import Skill
from talentcenter.talent.enums import EducationLevel, SpokenLanguage

SEOUL = ZoneInfo("Asia/Seoul")
REFERENCE_PREFIX = "TRQ"
MAX_SKILLS = 20
MAX_LANGUAGES = 10
MAX_NATIONALITIES = 30
SALARY_MIN, SALARY_MAX = 10_000_000, 2_000_000_000
MAX_YEARS = 40
OPEN_REQUEST_STATUSES = frozenset(
    {TalentRequestStatus.SUBMITTED, TalentRequestStatus.CURATING, TalentRequestStatus.SHORTLIST_SENT}
)
CURATION_STATUSES = frozenset({TalentRequestStatus.CURATING, TalentRequestStatus.SHORTLIST_SENT})
CRITERIA_KEYS = frozenset(
    {
        "skills",
        "min_education_level",
        "min_years",
        "languages",
        "industry",
        "salary_min_krw",
        "salary_max_krw",
        "nationalities",
    }
)


# --- Criteria ---------------------------------------------------------------------------------
def empty_criteria() -> dict[str, Any]:
    return {
        "skills": [],
        "min_education_level": None,
        "min_years": None,
        "languages": [],
        "industry": "",
        "salary_min_krw": None,
        "salary_max_krw": None,
        "nationalities": [],
    }


def _whole(value: Any, field: str, low: int, high: int, message: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValidationError({field: message})
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: message}) from None
    if isinstance(value, float) and value != number:
        raise ValidationError({field: message})
    if not low <= number <= high:
        raise ValidationError({field: message})
    return number


def criteria_clean(criteria: Any) -> dict[str, Any]:
    """The criteria checked and normalised into plain JSON (see :func:`empty_criteria` for the keys).

    Skills come from the taxonomy (by code, one query), each with a weight 1–5 and a required flag;
    languages are ``{"language", "level" 1–6, "required"}``; nationalities ISO 3166-1 alpha-2 codes.
    Raises ``ValidationError`` with a message per field."""
    if not isinstance(criteria, dict):
        raise ValidationError({"criteria": _("Enter the criteria.")})
    unknown = set(criteria) - CRITERIA_KEYS
    if unknown:
        raise ValidationError({"criteria": _("Unknown fields: {fields}.").format(fields=", ".join(sorted(unknown)))})
    clean = empty_criteria()

    skills = criteria.get("skills") or []
    if not isinstance(skills, list) or len(skills) > MAX_SKILLS:
        raise ValidationError({"skills": _("Choose at most {count} skills.").format(count=MAX_SKILLS)})
    codes: list[str] = []
    for item in skills:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("code"), str)
            or set(item)
            - {
                "code",
                "weight",
                "required",
            }
        ):
            raise ValidationError({"skills": _("Choose skills from the list.")})
        weight = _whole(item.get("weight", 3), "skills", 1, 5, _("A skill's weight is from 1 to 5."))
        required = item.get("required", True)
        if not isinstance(required, bool):
            raise ValidationError({"skills": _("Say whether each skill is required.")})
        code = item["code"].strip()
        if code in codes:
            raise ValidationError({"skills": _("Each skill can be chosen once.")})
        codes.append(code)
        clean["skills"].append({"code": code, "weight": weight if weight is not None else 3, "required": required})
    if codes:
        known = set(Skill.objects.filter(code__in=codes).values_list("code", flat=True))
        missing = [code for code in codes if code not in known]
        if missing:
            raise ValidationError(
                {"skills": _("These are not skills of the taxonomy: {codes}.").format(codes=", ".join(missing))}
            )

    clean["min_education_level"] = _whole(
        criteria.get("min_education_level"), "min_education_level", 0, 100, _("Choose a degree from the list.")
    )
    if clean["min_education_level"] is not None and clean["min_education_level"] not in EducationLevel.values:
        raise ValidationError({"min_education_level": _("Choose a degree from the list.")})
    clean["min_years"] = _whole(
        criteria.get("min_years"),
        "min_years",
        0,
        MAX_YEARS,
        _("Enter the years of experience, from 0 to {max}.").format(max=MAX_YEARS),
    )

    languages = criteria.get("languages") or []
    if not isinstance(languages, list) or len(languages) > MAX_LANGUAGES:
        raise ValidationError({"languages": _("Choose at most {count} languages.").format(count=MAX_LANGUAGES)})
    seen_languages: set[str] = set()
    for item in languages:
        if (
            not isinstance(item, dict)
            or set(item) - {"language", "level", "required"}
            or item.get("language") not in SpokenLanguage.values
        ):
            raise ValidationError({"languages": _("Choose languages from the list.")})
        if item["language"] in seen_languages:
            raise ValidationError({"languages": _("Each language can be chosen once.")})
        seen_languages.add(item["language"])
        level = _whole(item.get("level", 3), "languages", 1, 6, _("A language level is from 1 to 6."))
        required = item.get("required", True)
        if not isinstance(required, bool):
            raise ValidationError({"languages": _("Say whether each language is required.")})
        clean["languages"].append(
            {"language": item["language"], "level": level if level is not None else 3, "required": required}
        )

    industry = criteria.get("industry") or ""
    if industry not in ("", *AdvancedIndustry.values):
        raise ValidationError({"industry": _("Choose an industry from the list.")})
    clean["industry"] = industry

    salary_message = _("Enter an annual salary in won between 10,000,000 and 2,000,000,000.")
    clean["salary_min_krw"] = _whole(
        criteria.get("salary_min_krw"), "salary_min_krw", SALARY_MIN, SALARY_MAX, salary_message
    )
    clean["salary_max_krw"] = _whole(
        criteria.get("salary_max_krw"), "salary_max_krw", SALARY_MIN, SALARY_MAX, salary_message
    )
    if (
        clean["salary_min_krw"] is not None
        and clean["salary_max_krw"] is not None
        and clean["salary_min_krw"] > clean["salary_max_krw"]
    ):
        raise ValidationError({"salary_max_krw": _("The highest salary cannot be below the lowest.")})

    nationalities = criteria.get("nationalities") or []
    if not isinstance(nationalities, list) or len(nationalities) > MAX_NATIONALITIES:
        raise ValidationError(
            {"nationalities": _("Choose at most {count} nationalities.").format(count=MAX_NATIONALITIES)}
        )
    for code in nationalities:
        if not isinstance(code, str) or code.upper() not in countries:
            raise ValidationError({"nationalities": _("Use ISO country codes, e.g. VN or DE.")})
        if code.upper() not in clean["nationalities"]:
            clean["nationalities"].append(code.upper())
    return clean


def criteria_from_opening(opening: Opening) -> dict[str, Any]:
    """An opening's skills, degree, years, languages, industry and salary as request criteria."""
    return {
        "skills": [
            {"code": item.skill.code, "weight": item.weight, "required": item.required}
            for item in opening.skills.select_related("skill")
        ],
        "min_education_level": opening.min_education_level,
        "min_years": opening.min_years or None,
        "languages": [
            {"language": item.language, "level": item.minimum_level, "required": item.required}
            for item in opening.languages.all()
        ],
        "industry": opening.industry,
        "salary_min_krw": opening.salary_min_krw,
        "salary_max_krw": opening.salary_max_krw,
        "nationalities": [],
    }


# --- Shared steps -----------------------------------------------------------------------------
def _now() -> datetime:
    return timezone.now()


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def _lock_request(talent_request: TalentRequest | int) -> TalentRequest:
    pk = talent_request if isinstance(talent_request, int) else talent_request.pk
    return TalentRequest.objects.select_for_update(of=("self",)).select_related("company", "curator").get(pk=pk)


def _lock_entry(entry: ShortlistEntry | int) -> tuple[TalentRequest, ShortlistEntry]:
    """Lock the entry's request, then the entry (always in this order)."""
    pk = entry if isinstance(entry, int) else entry.pk
    request_id = ShortlistEntry.objects.filter(pk=pk).values_list("talent_request_id", flat=True).first()
    if request_id is None:
        raise ShortlistEntry.DoesNotExist
    talent_request = _lock_request(request_id)
    locked = ShortlistEntry.objects.select_for_update(of=("self",)).select_related("profile__user").get(pk=pk)
    return talent_request, locked


def _audit(actor: User, action: str, talent_request: TalentRequest, changes: dict[str, Any], reason: str = "") -> None:
    events.record(actor=actor, action=action, subject=talent_request, changes=changes, reason=reason)


def _refuse_unless_open(talent_request: TalentRequest, statuses: frozenset[str], name: str) -> None:
    if talent_request.status not in statuses:
        raise workflow.TALENT_REQUEST_TRANSITIONS.not_allowed(talent_request, name)


def is_discoverable_profile(profile_id: int) -> bool:
    """What the matching store says now: only rows its owner made discoverable (never the caller's word)."""
    return ProfileVector.objects.filter(profile_id=profile_id, discoverable=True).exists()


def _not_discoverable() -> ValidationError:
    return ValidationError(
        {"profile_id": _("This profile is not discoverable: its owner has not let companies find it.")},
        code="not_discoverable",
    )


# --- The company ------------------------------------------------------------------------------
@transaction.atomic
def talent_request_create(
    *,
    actor: User,
    company: Company,
    title: str,
    description: str,
    criteria: dict[str, Any],
    headcount: int,
    opening: Opening | None = None,
) -> TalentRequest:
    """A member of a verified company asks the center for talent."""
    _require(policies.can_act_for_company(actor, company.pk))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what you are looking for.")})
    if len(title) > 160:
        raise ValidationError({"title": _("Keep the title under 160 characters.")})
    description = (description or "").strip()
    if len(description) > 5000:
        raise ValidationError({"description": _("Keep the details under 5,000 characters.")})
    count = _whole(headcount, "headcount", 1, 50, _("Ask for 1 to 50 people."))
    if count is None:
        raise ValidationError({"headcount": _("Ask for 1 to 50 people.")})
    if opening is not None and opening.company_id != company.pk:
        raise ValidationError({"opening": _("Choose one of your company's openings.")})
    clean = criteria_clean(criteria)
    talent_request = TalentRequest.objects.create(
        reference=uuid.uuid4().hex[:20],
        company=company,
        requested_by=actor,
        opening=opening,
        title=title,
        description=description,
        criteria=clean,
        headcount=count,
    )
    year = _now().astimezone(SEOUL).year
    talent_request.reference = f"{REFERENCE_PREFIX}-{year}-{talent_request.pk:06d}"
    talent_request.save(update_fields=["reference"])
    _audit(
        actor,
        "jobs.talent_request_created",
        talent_request,
        {"title": title, "headcount": count, "criteria": clean, "opening": opening.pk if opening else None},
    )
    notices.request_created(talent_request)
    return talent_request


@transaction.atomic
def talent_request_cancel(*, actor: User, talent_request: TalentRequest, reason: str = "") -> TalentRequest:
    """The company withdraws its request; open invitations are withdrawn with it."""
    talent_request = _lock_request(talent_request)
    _require(policies.can_act_for_company(actor, talent_request.company_id))
    old, new = workflow.TALENT_REQUEST_TRANSITIONS.move(talent_request, "cancel")
    talent_request.closed_at = _now()
    talent_request.save(update_fields=["status", "closed_at", "updated_at"])
    withdrawn = _withdraw_open_entries(talent_request)
    _audit(
        actor,
        "jobs.talent_request_cancel",
        talent_request,
        {"status": [old, new], "withdrawn_entries": withdrawn},
        (reason or "").strip()[:500],
    )
    notices.request_cancelled(talent_request)
    return talent_request


def _withdraw_open_entries(talent_request: TalentRequest) -> list[int]:
    """Proposed and invited entries of a request that ends are removed (nobody can agree any more):
    the map's ``remove`` for all of them at once, in one locked update."""
    remove = workflow.SHORTLIST_TRANSITIONS["remove"]
    ids = list(
        ShortlistEntry.objects.select_for_update(of=("self",))
        .filter(talent_request=talent_request, status__in=remove.sources)
        .values_list("pk", flat=True)
    )
    if ids:
        ShortlistEntry.objects.filter(pk__in=ids).update(status=remove.target, answered_at=None)
    return ids


# --- The center -------------------------------------------------------------------------------
@transaction.atomic
def talent_request_start_curating(*, actor: User, talent_request: TalentRequest) -> TalentRequest:
    talent_request = _lock_request(talent_request)
    _require(policies.is_center_staff(actor))
    old, new = workflow.TALENT_REQUEST_TRANSITIONS.move(talent_request, "start_curating")
    talent_request.curator = actor
    talent_request.save(update_fields=["status", "curator", "updated_at"])
    _audit(actor, "jobs.talent_request_start_curating", talent_request, {"status": [old, new], "curator": actor.pk})
    notices.curating_started(talent_request)
    return talent_request


@transaction.atomic
def shortlist_add(
    *, actor: User, talent_request: TalentRequest, profile_id: int, note_for_talent: str = ""
) -> ShortlistEntry:
    """Propose a discoverable profile for the request, with its match score and a note for the talent."""
    talent_request = _lock_request(talent_request)
    _require(policies.is_center_staff(actor))
    _refuse_unless_open(talent_request, CURATION_STATUSES, "shortlist_add")
    note = (note_for_talent or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note_for_talent": _("Keep the note under 2,000 characters.")})
    if not isinstance(profile_id, int) or isinstance(profile_id, bool) or not is_discoverable_profile(profile_id):
        raise _not_discoverable()
    if ShortlistEntry.objects.filter(talent_request=talent_request, profile_id=profile_id).exists():
        raise ValidationError(
            {"profile_id": _("This profile is already on the shortlist of this request.")}, code="duplicate"
        )
    from talentcenter.matching.selectors import explain_match

    match = explain_match(profile_id, criteria_query(talent_request.criteria, offer=request_offer(talent_request)))
    score = Decimal(str(round(match.score, 1))) if match is not None else None
    entry = ShortlistEntry.objects.create(
        talent_request=talent_request,
        profile_id=profile_id,
        added_by=actor,
        note_for_talent=note,
        score=score,
    )
    _audit(
        actor,
        "jobs.shortlist_added",
        talent_request,
        {"entry": entry.pk, "profile": profile_id, "score": str(score) if score is not None else None},
    )
    return entry


@transaction.atomic
def shortlist_remove(*, actor: User, entry: ShortlistEntry, reason: str = "") -> ShortlistEntry:
    talent_request, entry = _lock_entry(entry)
    _require(policies.is_center_staff(actor))
    old, new = workflow.SHORTLIST_TRANSITIONS.move(entry, "remove")
    entry.save(update_fields=["status"])
    _audit(
        actor,
        "jobs.shortlist_removed",
        talent_request,
        {"entry": entry.pk, "profile": entry.profile_id, "status": [old, new]},
        (reason or "").strip()[:500],
    )
    return entry


@transaction.atomic
def shortlist_invite(*, actor: User, entry: ShortlistEntry) -> ShortlistEntry:
    """Ask the talent whether their profile may be shared with the company (notice and e-mail)."""
    talent_request, entry = _lock_entry(entry)
    _require(policies.is_center_staff(actor))
    _refuse_unless_open(talent_request, CURATION_STATUSES, "invite")
    if not is_discoverable_profile(entry.profile_id):
        raise _not_discoverable()
    old, new = workflow.SHORTLIST_TRANSITIONS.move(entry, "invite")
    entry.invited_at = _now()
    entry.save(update_fields=["status", "invited_at"])
    _audit(
        actor,
        "jobs.shortlist_invite",
        talent_request,
        {"entry": entry.pk, "profile": entry.profile_id, "status": [old, new]},
    )
    notices.talent_invited(entry, talent_request)
    return entry


@transaction.atomic
def talent_request_send_shortlist(*, actor: User, talent_request: TalentRequest) -> TalentRequest:
    """Tell the company its shortlist is ready (again, when more candidates were added)."""
    talent_request = _lock_request(talent_request)
    _require(policies.is_center_staff(actor))
    if talent_request.status in workflow.TALENT_REQUEST_TRANSITIONS["send_shortlist"].sources:
        asked = talent_request.shortlist.filter(
            status__in=[ShortlistStatus.INVITED, ShortlistStatus.RELEASED, ShortlistStatus.WITHDRAWN]
        ).count()
        if asked == 0:
            raise ValidationError(
                _("Ask at least one talent on the shortlist before sending it to the company."), code="empty_shortlist"
            )
    old, new = workflow.TALENT_REQUEST_TRANSITIONS.move(talent_request, "send_shortlist")
    talent_request.save(update_fields=["status", "updated_at"])
    _audit(actor, "jobs.talent_request_send_shortlist", talent_request, {"status": [old, new]})
    notices.shortlist_sent(talent_request)
    return talent_request


@transaction.atomic
def talent_request_close(*, actor: User, talent_request: TalentRequest, reason: str = "") -> TalentRequest:
    talent_request = _lock_request(talent_request)
    _require(policies.is_center_staff(actor))
    old, new = workflow.TALENT_REQUEST_TRANSITIONS.move(talent_request, "close")
    talent_request.closed_at = _now()
    talent_request.save(update_fields=["status", "closed_at", "updated_at"])
    withdrawn = _withdraw_open_entries(talent_request)
    _audit(
        actor,
        "jobs.talent_request_close",
        talent_request,
        {"status": [old, new], "withdrawn_entries": withdrawn},
        (reason or "").strip()[:500],
    )
    notices.request_closed(talent_request)
    return talent_request


# --- The talent -------------------------------------------------------------------------------
def _require_own_entry(actor: User, entry: ShortlistEntry) -> None:
    if policies.talent_profile_id(actor) != entry.profile_id:
        raise PermissionDenied


@transaction.atomic
def shortlist_agree(*, actor: User, entry: ShortlistEntry) -> ShortlistEntry:
    """The talent agrees: the company may now see their profile as it is now (the snapshot). Logged
    (ProfileRelease + audit)."""
    talent_request, entry = _lock_entry(entry)
    _require_own_entry(actor, entry)
    _refuse_unless_open(talent_request, CURATION_STATUSES, "agree")
    if entry.status == ShortlistStatus.INVITED and not is_discoverable_profile(entry.profile_id):
        raise ValidationError(
            _(
                "Your profile is private now, so it cannot be shared. Let verified companies find your "
                "profile first, then agree again."
            ),
            code="not_discoverable",
        )
    old, new = workflow.SHORTLIST_TRANSITIONS.move(entry, "agree")
    entry.answered_at = _now()
    entry.snapshot = profile_snapshot(profile_id=entry.profile_id, taken_at=entry.answered_at)
    entry.save(update_fields=["status", "answered_at", "snapshot"])
    release = ProfileRelease.objects.create(
        entry=entry,
        company_id=talent_request.company_id,
        profile_id=entry.profile_id,
        agreed_by=actor,
        parts=list(RELEASED_PARTS),
        snapshot_version=SNAPSHOT_VERSION,
    )
    _audit(
        actor,
        "jobs.profile_released",
        talent_request,
        {
            "entry": entry.pk,
            "profile": entry.profile_id,
            "company": talent_request.company_id,
            "release": release.pk,
            "status": [old, new],
        },
    )
    notices.profile_released(entry, talent_request)
    return entry


@transaction.atomic
def shortlist_decline(*, actor: User, entry: ShortlistEntry) -> ShortlistEntry:
    talent_request, entry = _lock_entry(entry)
    _require_own_entry(actor, entry)
    old, new = workflow.SHORTLIST_TRANSITIONS.move(entry, "decline")
    entry.answered_at = _now()
    entry.save(update_fields=["status", "answered_at"])
    _audit(
        actor,
        "jobs.shortlist_declined",
        talent_request,
        {"entry": entry.pk, "profile": entry.profile_id, "status": [old, new]},
    )
    notices.talent_declined(entry, talent_request)
    return entry
