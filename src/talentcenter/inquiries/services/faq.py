"""Writes on FAQ entries: made from an answered petition with the petitioner masked, edited in
both languages, published only when both are complete."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events as audit
from talentcenter.inquiries.anonymise import anonymise_text
from talentcenter.inquiries.enums import InquiryCategory, InquiryStatus
from talentcenter.inquiries.models import (
    MAX_ANSWER,
    FaqEntry,
    Inquiry,
)
from talentcenter.inquiries.services.petitions import _locked, _require_staff


@transaction.atomic
def faq_create_from_inquiry(*, actor: User, inquiry: Inquiry | int) -> FaqEntry:
    """An unpublished FAQ entry from an answered petition, with e-mail addresses, phone numbers and
    the petitioner's name masked; staff complete both languages before publishing it."""
    _require_staff(actor)
    inquiry = _locked(inquiry)
    if inquiry.status != InquiryStatus.ANSWERED:
        raise ValidationError(_("Only an answered petition can become an FAQ entry."), code="conflict")
    names = [inquiry.name]
    question = anonymise_text(f"{inquiry.subject}\n\n{inquiry.body}", names=names)
    answer = anonymise_text(inquiry.answer, names=names)
    korean = inquiry.language == "ko"
    entry = FaqEntry.objects.create(
        category=inquiry.category,
        question_ko=question[:300] if korean else "",
        question_en="" if korean else question[:300],
        answer_ko=answer if korean else "",
        answer_en="" if korean else answer,
        source_inquiry=inquiry,
    )
    audit.record(actor=actor, action="inquiries.faq_created", subject=entry, changes={"inquiry": inquiry.pk})
    return entry


FAQ_FIELDS = ("category", "question_ko", "question_en", "answer_ko", "answer_en")


@transaction.atomic
def faq_update(
    *,
    actor: User,
    entry: FaqEntry | int,
    category: str,
    question_ko: str,
    question_en: str,
    answer_ko: str,
    answer_en: str,
) -> FaqEntry:
    _require_staff(actor)
    entry = FaqEntry.objects.select_for_update().get(pk=entry.pk if isinstance(entry, FaqEntry) else entry)
    if category not in InquiryCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    before = audit.snapshot(entry, list(FAQ_FIELDS))
    entry.category = category
    entry.question_ko = (question_ko or "").strip()[:300]
    entry.question_en = (question_en or "").strip()[:300]
    entry.answer_ko = (answer_ko or "").strip()[:MAX_ANSWER]
    entry.answer_en = (answer_en or "").strip()[:MAX_ANSWER]
    if entry.published:
        _check_complete(entry)
    entry.save()
    audit.record(
        actor=actor,
        action="inquiries.faq_updated",
        subject=entry,
        changes=audit.diff(before=before, after=audit.snapshot(entry, list(FAQ_FIELDS))),
    )
    return entry


def _check_complete(entry: FaqEntry) -> None:
    missing = {
        field: _("Write this in both languages before publishing.")
        for field in ("question_ko", "question_en", "answer_ko", "answer_en")
        if not getattr(entry, field).strip()
    }
    if missing:
        raise ValidationError(missing)


@transaction.atomic
def faq_set_published(*, actor: User, entry: FaqEntry | int, published: bool) -> FaqEntry:
    _require_staff(actor)
    entry = FaqEntry.objects.select_for_update().get(pk=entry.pk if isinstance(entry, FaqEntry) else entry)
    if published:
        _check_complete(entry)
    entry.published = published
    entry.save(update_fields=["published", "updated_at"])
    audit.record(
        actor=actor, action="inquiries.faq_published" if published else "inquiries.faq_unpublished", subject=entry
    )
    return entry
