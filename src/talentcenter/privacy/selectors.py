"""Reads on privacy: consents in force, "who saw me", the staff view of the access log, the export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit.models import AuditEvent
from talentcenter.notifications.models import Notification
from talentcenter.privacy.enums import AccessWhat, Purpose, ViewerKind
from talentcenter.privacy.models import Consent
from talentcenter.privacy.registry import hooks
from talentcenter.privacy.services import ACCESS_ACTION


def has_consent(user: User, purpose: Purpose) -> bool:
    """Whether ``user`` has a consent to ``purpose`` in force. For other apps: check this before
    providing a person's data to a third party (e.g. ``Purpose.THIRD_PARTY_COMPANIES`` before a
    company sees a profile, ``Purpose.THIRD_PARTY_AGENCIES`` before sending data to KOTRA or the
    Ministry, ``Purpose.MARKETING`` before a news e-mail)."""
    return Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).exists()


def consents_in_force(*, user: User) -> dict[str, Consent]:
    return {consent.purpose: consent for consent in Consent.objects.filter(user=user, withdrawn_at__isnull=True)}


def consent_history(*, user: User) -> QuerySet[Consent]:
    return Consent.objects.filter(user=user).order_by("-given_at", "-id")


def access_events_about(*, user: User) -> QuerySet[AuditEvent]:
    """Every logged read of ``user``'s personal data by someone else, newest first."""
    return AuditEvent.objects.filter(
        subject_type=User._meta.label_lower, subject_id=str(user.pk), action=ACCESS_ACTION
    ).order_by("-occurred_at", "-id")


@dataclass(frozen=True)
class AccessSeen:
    """One line of "who saw me": an organisation (never a staff member's own details), what, when."""

    at: datetime
    who: str
    what: str
    via: str


def _what_label(value: Any) -> str:
    return str(AccessWhat(value).label) if value in AccessWhat.values else str(AccessWhat.TALENT_PROFILE.label)


def who_saw(*, user: User, limit: int = 100) -> list[AccessSeen]:
    """The reads of ``user``'s data as ``user`` is shown them.

    Staff, evaluators and analysts appear as their organisation ("Global Talent Center staff",
    "External evaluator"): their names and e-mail addresses are their own personal data, and the
    center answers for what its staff do. A company appears by its name.
    """
    rows = list(access_events_about(user=user)[:limit])
    company_viewers = {
        row.actor_id for row in rows if row.actor_id and row.changes.get("viewer_kind") == ViewerKind.COMPANY
    }
    names = hooks.viewer_organisations(company_viewers) if company_viewers and hooks.viewer_organisations else {}
    seen = []
    for row in rows:
        kind = row.changes.get("viewer_kind", ViewerKind.OTHER)
        kind = kind if kind in ViewerKind.values else ViewerKind.OTHER
        who = str(ViewerKind(kind).label)
        if kind == ViewerKind.COMPANY and row.actor_id in names:
            who = names[row.actor_id]
        via = "API" if row.changes.get("via") == "api" else ""
        seen.append(AccessSeen(at=row.occurred_at, who=who, what=_what_label(row.changes.get("what")), via=via))
    return seen


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything held about ``user`` (the "download my data" file): lists and dicts of strings,
    numbers, dates and times, for ``DjangoJSONEncoder``."""
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "organisation": user.organisation,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "roles": sorted(user.role_names),
        },
        "consents": [
            {
                "purpose": consent.purpose,
                "version": consent.version,
                "given_at": consent.given_at,
                "withdrawn_at": consent.withdrawn_at,
            }
            for consent in consent_history(user=user)
        ],
        "notifications": [
            {
                "title": notice.title_en,
                "title_ko": notice.title_ko,
                "text": notice.body_en,
                "text_ko": notice.body_ko,
                "link": notice.link,
                "created_at": notice.created_at,
                "read_at": notice.read_at,
            }
            for notice in Notification.objects.filter(recipient=user).order_by("created_at", "id")
        ],
        "access_log": [
            {"at": seen.at, "who": seen.who, "what": seen.what, "via": seen.via or "web"}
            for seen in who_saw(user=user, limit=10_000)
        ],
    }
    for name, section in sorted(hooks.export_sections.items()):
        data[name] = section(user)
    return data


@dataclass(frozen=True)
class AccessRead:
    """One read as staff see it: the account that read (staff may know their colleagues)."""

    at: datetime
    account: str
    what: str
    via: str


def access_log_for_staff(*, user: User, limit: int = 200) -> list[AccessRead]:
    return [
        AccessRead(
            at=row.occurred_at,
            account=row.actor_label,
            what=_what_label(row.changes.get("what")),
            via="API" if row.changes.get("via") == "api" else _("Website"),
        )
        for row in access_events_about(user=user)[:limit]
    ]
