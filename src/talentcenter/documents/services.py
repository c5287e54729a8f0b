"""Issuing and revoking documents. Each function is one transaction and writes one audit event.

Revocation takes four eyes: ``document_revocation_request`` (a reason category, public once
revoked, and an internal note), then ``document_revocation_confirm`` by another staff member, both
on the locked row; a lead may ``document_revoke`` alone (case reopening does).

Issuance takes the next serial number from a per-(kind, year) counter row locked with
``select_for_update``: numbers are unique and gap-free, because a transaction that fails rolls its
increment back along with its document. The PDF is rendered to bytes before the row is written and
the file is stored inside the same transaction, so a crash leaves either nothing (perhaps an
orphan file on disk, which nothing points to) or a complete document with its file and checksum.

Issuance is idempotent per (subject_type, subject_id, kind): a retried task, or a second click,
gets the document already issued for that case back instead of a second one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentcenter.accounts.models import User
from talentcenter.audit import events
from talentcenter.documents import policies
from talentcenter.documents.certificates import DocumentContent, render_document
from talentcenter.documents.enums import SERIAL_PREFIXES, DocumentKind, DocumentStatus, RevocationCategory
from talentcenter.documents.models import IssuedDocument, SerialCounter
from talentcenter.documents.signals import document_issued

MAX_REASON_LENGTH = 2000


class DocumentAlreadyRevoked(ValidationError):
    """The document was revoked before; a revocation is final (code ``conflict``)."""


def format_serial(*, kind: str, year: int, sequence: int) -> str:
    """``KTP-2026-000001``: the kind's prefix, the year of issue and a six-digit number."""
    return f"{SERIAL_PREFIXES[kind]}-{year:04d}-{sequence:06d}"


def _next_sequence(*, kind: str, year: int) -> int:
    """Lock the (kind, year) counter and take its next number; the caller's transaction holds the lock."""
    SerialCounter.objects.bulk_create([SerialCounter(kind=kind, year=year)], ignore_conflicts=True)
    counter = SerialCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _existing_for_subject(*, subject_type: str, subject_id: str, kind: str) -> IssuedDocument | None:
    if not subject_id:
        return None
    return IssuedDocument.objects.filter(
        subject_type=subject_type, subject_id=subject_id, kind=kind, status=DocumentStatus.VALID
    ).first()


def _validate(
    *, kind: str, holder_name_latin: str, holder_birth_date: date, nationality: str, issued_on: date, valid_until: date
) -> None:
    errors: dict[str, Any] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = _("Choose a kind of document.")
    if not holder_name_latin.strip():
        errors["holder_name_latin"] = _("Enter the holder's name in Latin letters.")
    if holder_birth_date >= issued_on:
        errors["holder_birth_date"] = _("The date of birth must be before the date of issue.")
    if len(nationality) != 2 or not nationality.isalpha():
        errors["nationality"] = _("Enter the nationality as a two-letter country code.")
    if valid_until < issued_on:
        errors["valid_until"] = _("The document cannot expire before it is issued.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def document_issue(
    *,
    actor: User | None,
    kind: str,
    holder_name_latin: str,
    holder_birth_date: date,
    nationality: str,
    valid_until: date,
    holder_name_hangul: str = "",
    details: Mapping[str, Any] | None = None,
    subject_type: str = "",
    subject_id: str = "",
    issued_on: date | None = None,
    issued_at: datetime | None = None,
) -> IssuedDocument:
    """Issue a certificate or letter: next serial, bilingual PDF, stored file and checksum, audit.

    ``issued_at`` is the moment of issue (now unless given), printed on the PDF in Korean time;
    ``issued_on`` is the date of issue, by default that moment's date in Korea.

    For a subject (the case that issued it) that already has a valid document of this kind, that
    document is returned unchanged: retrying is safe.
    """
    policies.ensure_can_issue(actor)
    issued_at = issued_at or timezone.now()
    issued_on = issued_on or timezone.localdate(issued_at)
    nationality = nationality.strip().upper()
    _validate(
        kind=kind,
        holder_name_latin=holder_name_latin,
        holder_birth_date=holder_birth_date,
        nationality=nationality,
        issued_on=issued_on,
        valid_until=valid_until,
    )
    existing = _existing_for_subject(subject_type=subject_type, subject_id=subject_id, kind=kind)
    if existing is not None:
        return existing
    sequence = _next_sequence(kind=kind, year=issued_on.year)
    # Issuers of one kind and year wait for each other on the counter, so a retry racing the
    # original sees its document once it holds the lock.
    existing = _existing_for_subject(subject_type=subject_type, subject_id=subject_id, kind=kind)
    if existing is not None:
        transaction.set_rollback(True)  # give the number back
        return existing
    serial = format_serial(kind=kind, year=issued_on.year, sequence=sequence)
    content = DocumentContent(
        kind=kind,
        serial=serial,
        holder_name_latin=holder_name_latin.strip(),
        holder_name_hangul=holder_name_hangul.strip(),
        holder_birth_date=holder_birth_date,
        nationality=nationality,
        issued_on=issued_on,
        valid_until=valid_until,
        issued_at=issued_at,
        details=dict(details or {}),
    )
    pdf_bytes = render_document(content)
    document = IssuedDocument(
        kind=kind,
        serial=serial,
        year=issued_on.year,
        sequence=sequence,
        holder_name_latin=content.holder_name_latin,
        holder_name_hangul=content.holder_name_hangul,
        holder_birth_date=holder_birth_date,
        nationality=nationality,
        details=dict(content.details),
        issued_on=issued_on,
        valid_until=valid_until,
        sha256=hashlib.sha256(pdf_bytes).hexdigest(),
        subject_type=subject_type,
        subject_id=subject_id,
        issued_by=actor if getattr(actor, "pk", None) else None,
    )
    document.file.save(f"{serial}.pdf", ContentFile(pdf_bytes), save=False)
    document.save()
    transaction.on_commit(lambda: document_issued.send(sender=IssuedDocument, document=document), robust=True)
    events.record(
        actor=actor,
        action="document.issued",
        subject=document,
        changes={
            "kind": kind,
            "serial": serial,
            "valid_until": valid_until,
            "sha256": document.sha256,
            "subject_type": subject_type,
            "subject_id": subject_id,
        },
    )
    return document


def _clean_revocation(*, category: str, note: str) -> str:
    errors: dict[str, Any] = {}
    if category not in RevocationCategory.values:
        errors["category"] = _("Choose the reason for the revocation.")
    note = note.strip()
    if not note:
        errors["note"] = _("Write an internal note on the revocation.")
    elif len(note) > MAX_REASON_LENGTH:
        errors["note"] = _("Ensure the note has at most %(limit)s characters.") % {"limit": MAX_REASON_LENGTH}
    if errors:
        raise ValidationError(errors)
    return note


def _lock_valid(document: IssuedDocument) -> IssuedDocument:
    locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if locked.status == DocumentStatus.REVOKED:
        raise DocumentAlreadyRevoked(_("This document has already been revoked."), code="conflict")
    return locked


def _clear_request(document: IssuedDocument) -> None:
    document.revocation_requested_at = None
    document.revocation_requested_by = None
    document.requested_revocation_category = ""
    document.requested_revocation_note = ""


REQUEST_FIELDS = [
    "revocation_requested_at",
    "revocation_requested_by",
    "requested_revocation_category",
    "requested_revocation_note",
]


def _revoke(locked: IssuedDocument, *, actor: User, category: str, note: str, requested_by: User | None) -> None:
    locked.status = DocumentStatus.REVOKED
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.revocation_category = category
    locked.revocation_reason = note
    _clear_request(locked)
    locked.save(
        update_fields=[
            "status",
            "revoked_at",
            "revoked_by",
            "revocation_category",
            "revocation_reason",
            *REQUEST_FIELDS,
        ]
    )
    events.record(
        actor=actor,
        action="document.revoked",
        subject=locked,
        changes={
            "status": [DocumentStatus.VALID, DocumentStatus.REVOKED],
            "category": category,
            "requested_by": requested_by.pk if requested_by else None,
        },
        reason=note,
    )


@transaction.atomic
def document_revocation_request(*, actor: User, document: IssuedDocument, category: str, note: str) -> IssuedDocument:
    """A staff member asks for a revocation: a reason (shown publicly once revoked) and an internal
    note. Nothing changes for verification until a second person confirms."""
    policies.ensure(policies.can_request_revocation(actor))
    note = _clean_revocation(category=category, note=note)
    locked = _lock_valid(document)
    if locked.revocation_pending:
        raise ValidationError(_("A revocation of this document is already waiting for confirmation."), code="conflict")
    locked.revocation_requested_at = timezone.now()
    locked.revocation_requested_by = actor
    locked.requested_revocation_category = category
    locked.requested_revocation_note = note
    locked.save(update_fields=REQUEST_FIELDS)
    events.record(
        actor=actor, action="document.revocation_requested", subject=locked, changes={"category": category}, reason=note
    )
    return locked


@transaction.atomic
def document_revocation_confirm(*, actor: User, document: IssuedDocument) -> IssuedDocument:
    """A second staff member confirms the request: the document is revoked for good. The person who
    asked cannot confirm; two confirming at once revoke once (the second finds it revoked)."""
    policies.ensure(policies.can_request_revocation(actor))
    locked = _lock_valid(document)
    if not locked.revocation_pending:
        raise ValidationError(_("No revocation of this document is waiting for confirmation."), code="conflict")
    if not policies.can_confirm_revocation(actor, locked):
        raise PermissionDenied(_("Another staff member must confirm the revocation you asked for."))
    _revoke(
        locked,
        actor=actor,
        category=locked.requested_revocation_category,
        note=locked.requested_revocation_note,
        requested_by=locked.revocation_requested_by,
    )
    return locked


@transaction.atomic
def document_revocation_withdraw(*, actor: User, document: IssuedDocument) -> IssuedDocument:
    """The request is withdrawn (by its author) or turned down (by another staff member)."""
    policies.ensure(policies.can_request_revocation(actor))
    locked = _lock_valid(document)
    if not locked.revocation_pending:
        raise ValidationError(_("No revocation of this document is waiting for confirmation."), code="conflict")
    category = locked.requested_revocation_category
    _clear_request(locked)
    locked.save(update_fields=REQUEST_FIELDS)
    events.record(actor=actor, action="document.revocation_withdrawn", subject=locked, changes={"category": category})
    return locked


@transaction.atomic
def document_revoke(
    *, actor: User, document: IssuedDocument, reason: str, category: str = RevocationCategory.CASE_REOPENED
) -> IssuedDocument:
    """A lead revokes at once, without a second person (as when reopening a decided case, which
    calls this with the reopening reason as the internal note)."""
    policies.ensure(policies.is_lead(actor))
    note = _clean_revocation(category=category, note=reason)
    locked = _lock_valid(document)
    _revoke(locked, actor=actor, category=category, note=note, requested_by=None)
    return locked
