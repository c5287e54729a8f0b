"""Certificates of attendance, issued through the documents app (serial, PDF in Korean and English,
checksum, QR code, public verification, revocation there).

A certificate is issued for one registration (``subject_type`` ``events.talentregistration``,
``subject_id`` its id), so ``document_issue``'s check of an existing valid document for the subject
makes issuing idempotent: a second run, or a second click, returns the certificate already issued.
A revoked certificate (revoked in the documents back office) no longer counts, and issuing again
makes a new one.

Only after the event has ended, and only for registrations that :func:`attendance.attended`.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events as audit
from talentcenter.documents.enums import NEVER_EXPIRES, DocumentKind, DocumentStatus
from talentcenter.documents.holders import register_holder_resolver
from talentcenter.documents.models import IssuedDocument
from talentcenter.documents.services import document_issue
from talentcenter.events.attendance import attended, attended_condition
from talentcenter.events.enums import InterviewStatus
from talentcenter.events.models import Event, Interview, TalentRegistration
from talentcenter.events.policies import can_manage_events

SUBJECT_TYPE = TalentRegistration._meta.label_lower  # "events.talentregistration"
KIND = DocumentKind.ATTENDANCE_CERTIFICATE


def certificate_of(registration: TalentRegistration) -> IssuedDocument | None:
    """The valid certificate of attendance issued for ``registration``, if any."""
    return IssuedDocument.objects.filter(
        subject_type=SUBJECT_TYPE, subject_id=str(registration.pk), kind=KIND, status=DocumentStatus.VALID
    ).first()


def certificates_of(registration_ids: list[int]) -> dict[int, IssuedDocument]:
    """The valid certificates of several registrations, by registration id, in one query."""
    documents = IssuedDocument.objects.filter(
        subject_type=SUBJECT_TYPE,
        subject_id__in=[str(pk) for pk in registration_ids],
        kind=KIND,
        status=DocumentStatus.VALID,
    )
    return {int(document.subject_id): document for document in documents}


def event_dates(event: Event) -> str:
    """The event's dates in its venue's zone: ``2026-10-08`` or ``2026-10-08 – 2026-10-09``."""
    first = event.local(event.starts_at).date()
    # An event ending at midnight ends on the day before.
    last = event.local(event.ends_at - datetime.timedelta(microseconds=1)).date()
    return first.isoformat() if last <= first else f"{first.isoformat()} – {last.isoformat()}"


def venue_text(event: Event) -> str:
    if event.is_online:
        return ""
    return ", ".join(part for part in (event.venue_name, event.city) if part)


def certificate_details(registration: TalentRegistration) -> dict[str, Any]:
    """What the certificate prints about the event, fixed at issue."""
    event = registration.event
    title_ko = event.title_ko or event.title_en
    title_en = event.title_en or event.title_ko
    held = Interview.objects.filter(registration=registration, status=InterviewStatus.HELD).count()
    details: dict[str, Any] = {
        "event": title_ko if title_ko == title_en else f"{title_ko} / {title_en}",
        "event_ko": title_ko,
        "event_en": title_en,
        "venue": venue_text(event),
        "event_dates": event_dates(event),
    }
    if held:
        details["interviews_held"] = held
    return details


def certificate_problem(registration: TalentRegistration, *, now: datetime.datetime) -> str:
    """Why no certificate can be issued for ``registration`` now, in words; empty when it can."""
    if registration.event.ends_at > now:
        return _("Certificates of attendance are issued once the event has ended.")
    if not attended(registration):
        return _("Only people who attended the event receive a certificate of attendance.")
    return _profile_problem(registration)


def _profile_problem(registration: TalentRegistration) -> str:
    profile = registration.profile
    if profile.birth_date is None or not profile.nationality or not profile.full_name.strip():
        return _("The talent's profile lacks the name, date of birth or nationality printed on the certificate.")
    return ""


def _issue(*, actor: User, registration: TalentRegistration, issued_at: datetime.datetime) -> IssuedDocument:
    profile = registration.profile
    assert profile.birth_date is not None
    return document_issue(
        actor=actor,
        kind=KIND,
        holder_name_latin=profile.full_name,
        holder_name_hangul=profile.name_hangul,
        holder_birth_date=profile.birth_date,
        nationality=str(profile.nationality),
        valid_until=NEVER_EXPIRES,
        details=certificate_details(registration),
        subject_type=SUBJECT_TYPE,
        subject_id=str(registration.pk),
        issued_at=issued_at,
    )


@transaction.atomic
def attendance_certificate_issue(
    *, actor: User, registration: TalentRegistration | int, now: datetime.datetime | None = None
) -> IssuedDocument:
    """Issue the certificate of one attendee (staff), or return the one already issued."""
    if not can_manage_events(actor):
        raise PermissionDenied
    now = now or timezone.now()
    registration = TalentRegistration.objects.select_related("event", "profile").get(
        pk=registration if isinstance(registration, int) else registration.pk
    )
    existing = certificate_of(registration)
    if existing is not None:
        return existing
    problem = certificate_problem(registration, now=now)
    if problem:
        raise ValidationError(problem, code="conflict")
    return _issue(actor=actor, registration=registration, issued_at=now)


@dataclass
class CertificateRun:
    """What issuing for a whole event did: new documents, documents already there, and the
    attendees left out with the reason (a profile without a date of birth, say)."""

    issued: list[IssuedDocument] = field(default_factory=list)
    existing: int = 0
    skipped: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CertificatesQueued:
    """Too many certificates to issue in the request: the task worker issues ``pending`` of them."""

    pending: int


def _attendees(event: Event) -> Any:
    return TalentRegistration.objects.filter(attended_condition(), event=event)


def attendance_certificates_issue_or_queue(
    *, actor: User, event: Event, now: datetime.datetime | None = None
) -> CertificateRun | CertificatesQueued:
    """What the event page and the API call: up to ``TALENTCENTER_EVENTS_CERTIFICATES_IN_REQUEST_MAX``
    certificates still to issue are issued in the request; more are issued by the task worker
    (``events.tasks.issue_attendance_certificates``, the same idempotent run)."""
    if not can_manage_events(actor):
        raise PermissionDenied
    now = now or timezone.now()
    if event.ends_at > now:
        raise ValidationError(_("Certificates of attendance are issued once the event has ended."), code="conflict")
    attendees = list(_attendees(event).values_list("pk", flat=True))
    pending = len(attendees) - len(certificates_of(attendees))
    if pending <= settings.TALENTCENTER_EVENTS_CERTIFICATES_IN_REQUEST_MAX:
        return attendance_certificates_issue(actor=actor, event=event, now=now)
    from talentcenter.events.tasks import issue_attendance_certificates

    audit.record(
        actor=actor,
        action="events.attendance_certificates_queued",
        subject=event,
        changes={"pending": pending},
    )
    event_id, actor_id = event.pk, actor.pk
    transaction.on_commit(lambda: issue_attendance_certificates.enqueue(event_id=event_id, actor_id=actor_id))
    return CertificatesQueued(pending=pending)


def attendance_certificates_issue(*, actor: User, event: Event, now: datetime.datetime | None = None) -> CertificateRun:
    """Issue a certificate to every attendee of a past event who has none (staff, one action).

    Each certificate is its own transaction, so a run stopped half-way keeps what it issued and a
    second run issues only the rest. The run itself is one audit event with its figures; each
    document has its own ``document.issued`` event.
    """
    if not can_manage_events(actor):
        raise PermissionDenied
    now = now or timezone.now()
    if event.ends_at > now:
        raise ValidationError(_("Certificates of attendance are issued once the event has ended."), code="conflict")
    registrations = list(_attendees(event).select_related("event", "profile").order_by("arrival"))
    have = certificates_of([registration.pk for registration in registrations])
    run = CertificateRun(existing=len(have))
    for registration in registrations:
        if registration.pk in have:
            continue
        problem = _profile_problem(registration)  # the query chose attendees of an ended event
        if problem:
            run.skipped[registration.pk] = problem
            continue
        with transaction.atomic():
            run.issued.append(_issue(actor=actor, registration=registration, issued_at=now))
    audit.record(
        actor=actor,
        action="events.attendance_certificates_issued",
        subject=event,
        changes={
            "issued": [document.serial for document in run.issued],
            "existing": run.existing,
            "skipped": sorted(run.skipped),
        },
    )
    return run


def document_holders(subject_ids: Collection[str]) -> dict[str, User]:
    """The talent each registration (by id, as issued documents name it) belongs to, in one query:
    ``documents.holders`` logs reads of a certificate for them."""
    ids = [int(subject_id) for subject_id in subject_ids if subject_id.isdigit()]
    users = User.objects.filter(talent_profile__event_registrations__pk__in=ids).annotate(
        registration_id=F("talent_profile__event_registrations__pk")
    )
    return {str(user.registration_id): user for user in users}


def register_holders() -> None:
    register_holder_resolver(SUBJECT_TYPE, document_holders)
