"""Writes on petitions (민원): filing, confirmation, handling, four-eyes answers, rating and
anonymisation. Each locks what it changes, moves the status through ``workflow.INQUIRY_TRANSITIONS``,
writes an audit event and tells the petitioner on commit.

Four eyes: the staff member who approves an answer must not be the one who drafted it; the check is
made on the locked row, so two reviewers pressing "approve" at once send one answer.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import is_signed_in
from talentcenter.audit import events as audit
from talentcenter.cases.clock import seoul_date
from talentcenter.cases.uploads import ExpectedKind, UploadRefused, check_upload
from talentcenter.foundation.languages import language_of
from talentcenter.inquiries import periods, tokens
from talentcenter.inquiries.anonymise import anonymise_text
from talentcenter.inquiries.enums import InquiryCategory, InquiryStatus
from talentcenter.inquiries.models import (
    MAX_ANSWER,
    MAX_BODY,
    MAX_SUBJECT,
    Inquiry,
    InquiryAttachment,
    ReceiptCounter,
    new_tracking_key,
)
from talentcenter.inquiries.policies import can_handle_inquiries
from talentcenter.inquiries.workflow import INQUIRY_TRANSITIONS
from talentcenter.notifications.services import email_render_and_queue

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
DUPLICATE_WINDOW = timedelta(days=30)
DUPLICATE_SIMILARITY = 0.85


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes | IO[bytes]


def _require_staff(actor: User) -> None:
    if not can_handle_inquiries(actor):
        raise PermissionDenied(_("Only center staff may do this."))


def _locked(inquiry: Inquiry | int) -> Inquiry:
    return Inquiry.objects.select_for_update().get(pk=inquiry.pk if isinstance(inquiry, Inquiry) else inquiry)


def _site_link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def tracking_path(inquiry: Inquiry, *, language: str | None = None) -> str:
    with override(language or inquiry.language):
        return reverse(
            "inquiries:track", kwargs={"token": tokens.track_token(inquiry_id=inquiry.pk, key=inquiry.tracking_key)}
        )


def verification_path(inquiry: Inquiry) -> str:
    with override(inquiry.language):
        return reverse(
            "inquiries:verify", kwargs={"token": tokens.verify_token(inquiry_id=inquiry.pk, key=inquiry.tracking_key)}
        )


def _tell_petitioner(inquiry: Inquiry, *, title: Callable[[], str], body: Callable[[], str], url: str) -> None:
    """An e-mail in the petitioner's language, queued when the transaction commits."""
    if not inquiry.email or inquiry.anonymised_at is not None:
        return
    language = language_of(inquiry.language)
    with override(language):
        context = {"name": inquiry.name, "title": str(title()), "body": str(body()), "url": url}
    email_render_and_queue(template="inquiry_notice", to=inquiry.email, language=language, context=context)


def _clean_text(value: str, *, limit: int, label: str) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise ValidationError({label: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError(
            {
                label: _("Please keep this to %(limit)s characters (it has %(count)s).")
                % {"limit": limit, "count": len(value)}
            }
        )
    return value


def inquiry_file(
    *,
    actor: User | None,
    category: str,
    subject: str,
    body: str,
    name: str,
    email: str,
    language: str,
    attachments: Sequence[Upload] = (),
) -> Inquiry:
    """File a petition. A signed-in person with a confirmed address is received at once; anyone
    else is sent a confirmation link first. Nothing is stored when any input is refused."""
    if category not in InquiryCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    subject = _clean_text(subject, limit=MAX_SUBJECT, label="subject")
    body = _clean_text(body, limit=MAX_BODY, label="body")
    name = _clean_text(name, limit=100, label="name")
    signed_in = actor is not None and is_signed_in(actor)
    if signed_in:
        assert actor is not None
        email = actor.email
    email = _clean_text(email, limit=254, label="email").lower()
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS}})
    checked = []
    for upload in attachments:
        try:
            checked.append(
                check_upload(
                    name=upload.name, data=upload.data, kind=ExpectedKind.PDF_OR_IMAGE, max_bytes=MAX_ATTACHMENT_BYTES
                )
            )
        except UploadRefused as refusal:
            raise ValidationError({"attachments": f"{upload.name}: {refusal.message}"}) from refusal
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            category=category,
            subject=subject,
            body=body,
            name=name,
            email=email,
            language=language_of(language),
            petitioner=actor if signed_in else None,
        )
        for item in checked:
            InquiryAttachment.objects.create(
                inquiry=inquiry,
                file=ContentFile(item.content, name=item.stored_name),
                original_name=item.original_name[:200],
                content_type=str(item.content_type),
                size=item.size,
                sha256=item.sha256,
            )
        audit.record(actor=actor, action="inquiries.filed", subject=inquiry, changes={"category": category})
        if signed_in:
            return _receive(inquiry, actor=actor)
        _tell_petitioner(
            inquiry,
            title=lambda: _("Please confirm your e-mail address"),
            body=lambda: _(
                "You filed a petition with the Global Talent Center. Open the link below within 48 hours to "
                "confirm your e-mail address; only then is your petition received and its deadline set."
            ),
            url=_site_link(verification_path(inquiry)),
        )
        return inquiry


def _next_receipt_number(year: int) -> str:
    ReceiptCounter.objects.bulk_create([ReceiptCounter(year=year)], ignore_conflicts=True)
    counter = ReceiptCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{year:04d}-{counter.last_number:06d}"


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def find_duplicate(inquiry: Inquiry) -> Inquiry | None:
    """An earlier petition from the same confirmed address within :data:`DUPLICATE_WINDOW` whose
    subject and text are nearly the same (the most similar one)."""
    since = (inquiry.received_at or timezone.now()) - DUPLICATE_WINDOW
    mine = _normalised(f"{inquiry.subject} {inquiry.body}")
    best: tuple[float, Inquiry] | None = None
    earlier = (
        Inquiry.objects.filter(email__iexact=inquiry.email, received_at__gte=since)
        .exclude(pk=inquiry.pk)
        .exclude(receipt_number=None)
        .only("pk", "subject", "body", "receipt_number")
        .order_by("received_at")[:50]
    )
    for other in earlier:
        ratio = difflib.SequenceMatcher(None, mine, _normalised(f"{other.subject} {other.body}")).ratio()
        if ratio >= DUPLICATE_SIMILARITY and (best is None or ratio > best[0]):
            best = (ratio, other)
    return best[1] if best else None


def _receive(inquiry: Inquiry, *, actor: User | None) -> Inquiry:
    now = timezone.now()
    period = periods.period_for(inquiry.category, seoul_date(now))
    inquiry.receipt_number = _next_receipt_number(seoul_date(now).year)
    inquiry.received_at = now
    inquiry.period_working_days = period.working_days
    inquiry.legal_basis_en = period.basis_en
    inquiry.legal_basis_ko = period.basis_ko
    inquiry.due_date = periods.due_date(received_at=now, working_days=period.working_days)
    inquiry.duplicate_of = find_duplicate(inquiry)
    INQUIRY_TRANSITIONS.move(inquiry, "receive")
    inquiry.save()
    audit.record(
        actor=actor,
        action="inquiries.received",
        subject=inquiry,
        changes={
            "receipt_number": inquiry.receipt_number,
            "due_date": inquiry.due_date,
            "duplicate_of": inquiry.duplicate_of_id,
        },
    )
    due = inquiry.due_date
    receipt = inquiry.receipt_number
    _tell_petitioner(
        inquiry,
        title=lambda: _("Petition %(number)s received") % {"number": receipt},
        body=lambda: (
            _(
                "Your petition is received under the number %(number)s. We will answer by %(due)s at the latest "
                "(%(days)s working days: %(basis)s). Follow its progress with the link below; keep it private."
            )
            % {
                "number": receipt,
                "due": due.isoformat() if due else "",
                "days": period.working_days,
                "basis": period.basis,
            }
        ),
        url=_site_link(tracking_path(inquiry)),
    )
    return inquiry


@transaction.atomic
def inquiry_verify(*, token: str) -> Inquiry:
    """Confirm the e-mail address of a petition by its link and receive it; a second click on the
    same link changes nothing and shows the petition."""
    read = tokens.read_verify_token(token)
    if read is None:
        raise ValidationError(_("This confirmation link is not valid or has expired. Please file the petition again."))
    inquiry_id, key = read
    inquiry = Inquiry.objects.select_for_update().filter(pk=inquiry_id).first()
    if inquiry is None or not inquiry.tracking_key.startswith(key) or inquiry.anonymised_at is not None:
        raise ValidationError(_("This confirmation link is not valid or has expired. Please file the petition again."))
    if inquiry.status != InquiryStatus.UNVERIFIED:
        return inquiry
    return _receive(inquiry, actor=None)


@transaction.atomic
def inquiry_assign(*, actor: User, inquiry: Inquiry | int, assignee: User) -> Inquiry:
    _require_staff(actor)
    if not can_handle_inquiries(assignee):
        raise ValidationError({"assignee": _("Choose a member of the center staff.")})
    inquiry = _locked(inquiry)
    before = inquiry.assignee_id
    INQUIRY_TRANSITIONS.move(inquiry, "assign")
    inquiry.assignee = assignee
    inquiry.save(update_fields=["status", "assignee"])
    audit.record(actor=actor, action="inquiries.assigned", subject=inquiry, changes={"assignee": [before, assignee.pk]})
    return inquiry


@transaction.atomic
def inquiry_extend(*, actor: User, inquiry: Inquiry | int, reason: str, working_days: int) -> Inquiry:
    """Extend the deadline once, by at most the original period (Enforcement Decree, Article 21),
    and tell the petitioner why and until when."""
    _require_staff(actor)
    inquiry = _locked(inquiry)
    reason = _clean_text(reason, limit=2000, label="reason")
    if inquiry.status not in {InquiryStatus.RECEIVED, InquiryStatus.IN_PROGRESS, InquiryStatus.IN_REVIEW}:
        raise ValidationError(_("Only a petition still being handled can be extended."), code="conflict")
    if inquiry.extended_at is not None:
        raise ValidationError(
            _("The deadline was extended once already; it can be extended only once."), code="conflict"
        )
    if not 1 <= working_days <= inquiry.period_working_days:
        raise ValidationError(
            {
                "working_days": _("Extend by 1 to %(days)s working days (at most the original period).")
                % {"days": inquiry.period_working_days}
            }
        )
    assert inquiry.due_date is not None
    inquiry.original_due_date = inquiry.due_date
    inquiry.due_date = periods.extended_due_date(due=inquiry.due_date, working_days=working_days)
    inquiry.extended_at = timezone.now()
    inquiry.extension_reason = reason
    inquiry.save(update_fields=["original_due_date", "due_date", "extended_at", "extension_reason"])
    audit.record(
        actor=actor,
        action="inquiries.extended",
        subject=inquiry,
        changes={"due_date": [inquiry.original_due_date, inquiry.due_date]},
        reason=reason,
    )
    due, number = inquiry.due_date, inquiry.receipt_number
    _tell_petitioner(
        inquiry,
        title=lambda: _("The deadline of petition %(number)s is extended") % {"number": number},
        body=lambda: (
            _("We need more time to answer. The new deadline is %(due)s. Reason: %(reason)s")
            % {"due": due.isoformat(), "reason": reason}
        ),
        url=_site_link(tracking_path(inquiry)),
    )
    return inquiry


@transaction.atomic
def inquiry_transfer(*, actor: User, inquiry: Inquiry | int, agency: str, reason: str) -> Inquiry:
    """Send a petition that belongs to another agency there (Civil Petitions Act, Article 16); it
    closes here and the petitioner is told where it went."""
    _require_staff(actor)
    inquiry = _locked(inquiry)
    agency = _clean_text(agency, limit=200, label="agency")
    reason = _clean_text(reason, limit=2000, label="reason")
    INQUIRY_TRANSITIONS.move(inquiry, "transfer")
    inquiry.transfer_agency = agency
    inquiry.transfer_reason = reason
    inquiry.transferred_at = timezone.now()
    inquiry.save(update_fields=["status", "transfer_agency", "transfer_reason", "transferred_at"])
    audit.record(
        actor=actor, action="inquiries.transferred", subject=inquiry, changes={"agency": agency}, reason=reason
    )
    number = inquiry.receipt_number
    _tell_petitioner(
        inquiry,
        title=lambda: _("Petition %(number)s is transferred to %(agency)s") % {"number": number, "agency": agency},
        body=lambda: (
            _(
                "Your petition concerns the work of %(agency)s, so we sent it there; they will answer you. "
                "Reason: %(reason)s"
            )
            % {"agency": agency, "reason": reason}
        ),
        url=_site_link(tracking_path(inquiry)),
    )
    return inquiry


@transaction.atomic
def answer_draft(*, actor: User, inquiry: Inquiry | int, answer: str) -> Inquiry:
    """Write the answer and send it for review by a second staff member."""
    _require_staff(actor)
    inquiry = _locked(inquiry)
    answer = _clean_text(answer, limit=MAX_ANSWER, label="answer")
    INQUIRY_TRANSITIONS.move(inquiry, "draft")
    inquiry.answer = answer
    inquiry.drafted_by = actor
    inquiry.drafted_at = timezone.now()
    inquiry.review_note = ""
    if inquiry.assignee_id is None:
        inquiry.assignee = actor
    inquiry.save(update_fields=["status", "answer", "drafted_by", "drafted_at", "review_note", "assignee"])
    audit.record(actor=actor, action="inquiries.answer_drafted", subject=inquiry)
    return inquiry


def _second_person(actor: User, inquiry: Inquiry) -> None:
    if inquiry.drafted_by_id == actor.pk:
        raise PermissionDenied(_("A second member of staff must review the answer you drafted."))


@transaction.atomic
def answer_return(*, actor: User, inquiry: Inquiry | int, note: str) -> Inquiry:
    """The reviewer sends the draft back with what to change."""
    _require_staff(actor)
    inquiry = _locked(inquiry)
    note = _clean_text(note, limit=2000, label="note")
    _second_person(actor, inquiry)
    INQUIRY_TRANSITIONS.move(inquiry, "return")
    inquiry.review_note = note
    inquiry.save(update_fields=["status", "review_note"])
    audit.record(actor=actor, action="inquiries.answer_returned", subject=inquiry, reason=note)
    return inquiry


@transaction.atomic
def answer_approve(*, actor: User, inquiry: Inquiry | int) -> Inquiry:
    """A second staff member approves the draft; the answer goes to the petitioner."""
    _require_staff(actor)
    inquiry = _locked(inquiry)
    INQUIRY_TRANSITIONS.move(inquiry, "approve")
    _second_person(actor, inquiry)
    inquiry.approved_by = actor
    inquiry.answered_at = timezone.now()
    inquiry.save(update_fields=["status", "approved_by", "answered_at"])
    audit.record(
        actor=actor, action="inquiries.answered", subject=inquiry, changes={"drafted_by": inquiry.drafted_by_id}
    )
    number = inquiry.receipt_number
    _tell_petitioner(
        inquiry,
        title=lambda: _("Petition %(number)s is answered") % {"number": number},
        body=lambda: _("Read the answer with the link below, and tell us how well it helped (1 to 5)."),
        url=_site_link(tracking_path(inquiry)),
    )
    return inquiry


@transaction.atomic
def inquiry_rate(*, inquiry: Inquiry | int, rating: int, comment: str = "") -> Inquiry:
    """The petitioner's satisfaction with the answer, once."""
    inquiry = _locked(inquiry)
    if inquiry.status != InquiryStatus.ANSWERED:
        raise ValidationError(_("A petition can be rated once it is answered."), code="conflict")
    if inquiry.rated_at is not None:
        raise ValidationError(_("You rated this answer already. Thank you."), code="conflict")
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose from 1 to 5.")})
    comment = (comment or "").replace("\x00", "").strip()
    if len(comment) > 2000:
        raise ValidationError(
            {
                "comment": _("Please keep this to %(limit)s characters (it has %(count)s).")
                % {"limit": 2000, "count": len(comment)}
            }
        )
    inquiry.rating = rating
    inquiry.rating_comment = comment
    inquiry.rated_at = timezone.now()
    inquiry.save(update_fields=["rating", "rating_comment", "rated_at"])
    audit.record(actor=None, action="inquiries.rated", subject=inquiry, changes={"rating": rating})
    return inquiry


def anonymise_petitions_of(user: User) -> int:
    """Erasure: the person's petitions keep their number, dates and category (the record of public
    service), but lose the name, address, texts that identify them, attachments and tracking link."""
    count = 0
    for inquiry in Inquiry.objects.select_for_update().filter(Q(petitioner=user) | Q(email__iexact=user.email)):
        inquiry_anonymise(inquiry=inquiry)
        count += 1
    return count


def inquiry_anonymise(*, inquiry: Inquiry) -> Inquiry:
    names = [inquiry.name]
    inquiry.body = anonymise_text(inquiry.body, names=names)
    inquiry.subject = anonymise_text(inquiry.subject, names=names)
    inquiry.answer = anonymise_text(inquiry.answer, names=names)
    inquiry.rating_comment = anonymise_text(inquiry.rating_comment, names=names)
    inquiry.name = ""
    inquiry.email = ""
    inquiry.petitioner = None
    inquiry.tracking_key = new_tracking_key()
    inquiry.anonymised_at = timezone.now()
    inquiry.save()
    for attachment in inquiry.attachments.all():
        attachment.file.delete(save=False)
    inquiry.attachments.all().delete()
    audit.record(actor=None, action="inquiries.anonymised", subject=inquiry)
    return inquiry
