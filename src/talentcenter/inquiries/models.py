"""Petitions (민원) filed by the public, their attachments, the per-year receipt counter and the FAQ."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentcenter.foundation.i18n import in_language
from talentcenter.inquiries.enums import InquiryCategory, InquiryStatus

MAX_SUBJECT = 200
MAX_BODY = 5000
MAX_ANSWER = 10000


def new_tracking_key() -> str:
    return secrets.token_urlsafe(24)


class ReceiptCounter(models.Model):
    """The last receipt number given in a year; locked by the receiving transaction, so numbers are
    unique and without gaps (a rolled-back receipt rolls its increment back with it)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Inquiry(models.Model):
    """One petition. Received (with a receipt number and a deadline) once its e-mail is confirmed."""

    category = models.CharField(_("category"), max_length=20, choices=InquiryCategory.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=InquiryStatus.choices, default=InquiryStatus.UNVERIFIED
    )
    receipt_number = models.CharField(_("receipt number"), max_length=20, null=True, blank=True, unique=True)
    subject = models.CharField(_("subject"), max_length=MAX_SUBJECT)
    body = models.TextField(_("petition"), max_length=MAX_BODY)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, default="ko")
    petitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("petitioner's account"),
    )
    tracking_key = models.CharField(max_length=64, default=new_tracking_key, editable=False)
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    period_working_days = models.PositiveSmallIntegerField(_("processing period (working days)"), default=0)
    legal_basis_en = models.CharField(max_length=300, blank=True)
    legal_basis_ko = models.CharField(max_length=300, blank=True)
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_inquiries",
        verbose_name=_("assignee"),
    )
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    original_due_date = models.DateField(_("original deadline"), null=True, blank=True)
    transferred_at = models.DateTimeField(_("transferred at"), null=True, blank=True)
    transfer_agency = models.CharField(_("agency"), max_length=200, blank=True)
    transfer_reason = models.TextField(_("reason for the transfer"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("possible duplicate of"),
    )
    answer = models.TextField(_("answer"), blank=True, max_length=MAX_ANSWER)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    drafted_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("comment"), blank=True, max_length=2000)
    rated_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    due_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="inquiries_status_due"),
            models.Index(fields=["email", "received_at"], name="inquiries_email_received"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=InquiryStatus.values), name="inquiries_status_valid"),
            models.CheckConstraint(condition=Q(category__in=InquiryCategory.values), name="inquiries_category_valid"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="inquiries_rating_range"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("drafted_by")),
                name="inquiries_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number or f"#{self.pk}"

    @property
    def legal_basis(self) -> str:
        return in_language(self.legal_basis_ko, self.legal_basis_en)


def attachment_path(instance: InquiryAttachment, filename: str) -> str:
    return f"inquiries/{instance.inquiry_id}/{secrets.token_hex(8)}-{filename}"


class InquiryAttachment(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class FaqEntry(models.Model):
    """A question and answer for the public FAQ, in both languages; often made from a petition,
    anonymised by staff before it is published."""

    category = models.CharField(_("category"), max_length=20, choices=InquiryCategory.choices)
    question_ko = models.CharField(_("question (Korean)"), max_length=300)
    question_en = models.CharField(_("question (English)"), max_length=300)
    answer_ko = models.TextField(_("answer (Korean)"), max_length=MAX_ANSWER)
    answer_en = models.TextField(_("answer (English)"), max_length=MAX_ANSWER)
    published = models.BooleanField(_("published"), default=False)
    source_inquiry = models.ForeignKey(
        Inquiry, on_delete=models.SET_NULL, null=True, blank=True, related_name="faq_entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=InquiryCategory.values), name="inquiries_faq_category_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.question_en

    @property
    def question(self) -> str:
        return in_language(self.question_ko, self.question_en)

    @property
    def answer_text(self) -> str:
        return in_language(self.answer_ko, self.answer_en)
