"""Issued documents (K-Tech Pass certificates, KOTRA recommendation letters) and their serial counters."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from talentcenter.documents.enums import (
    NEVER_EXPIRES,
    DocumentKind,
    DocumentStatus,
    RevocationCategory,
    VerificationState,
)
from talentcenter.documents.files import unguessable_name


class SerialCounter(models.Model):
    """The last number handed out for one kind of document in one year.

    Locked with ``select_for_update`` by the issuing transaction, so numbers are unique and, since a
    failed transaction rolls its increment back with it, without gaps.
    """

    kind = models.CharField(_("kind"), max_length=40, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("serial counter")
        verbose_name_plural = _("serial counters")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="documents_counter_kind_year_unique"),
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="documents_counter_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


def issued_file_path(instance: IssuedDocument, filename: str) -> str:
    """``issued/<random>.pdf``: the serial is printed on the document, so it must not name the file."""
    return unguessable_name("issued", ".pdf")


class IssuedDocument(models.Model):
    """One document the center issued: who it is for, what it says, the exact PDF and its status."""

    kind = models.CharField(_("kind"), max_length=40, choices=DocumentKind.choices)
    serial = models.CharField(_("serial number"), max_length=32, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))

    holder_name_latin = models.CharField(_("holder's name (Latin letters)"), max_length=200)
    holder_name_hangul = models.CharField(_("holder's name (Hangul)"), max_length=100, blank=True)
    holder_birth_date = models.DateField(_("holder's date of birth"))
    nationality = CountryField(_("nationality"))
    details = models.JSONField(_("details"), default=dict, blank=True)
    language_pair = models.CharField(_("languages"), max_length=10, default="ko-en")

    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.VALID)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_category = models.CharField(
        _("reason for revocation"), max_length=30, choices=RevocationCategory.choices, blank=True
    )
    revocation_reason = models.TextField(_("internal note on the revocation"), blank=True)
    # A revocation asked for and not yet confirmed by a second person (four eyes).
    revocation_requested_at = models.DateTimeField(_("revocation requested at"), null=True, blank=True)
    revocation_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revocation requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_revocation_category = models.CharField(
        _("requested reason for revocation"), max_length=30, choices=RevocationCategory.choices, blank=True
    )
    requested_revocation_note = models.TextField(_("note on the requested revocation"), blank=True)

    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    file = models.FileField(_("PDF file"), upload_to=issued_file_path, max_length=200)
    subject_type = models.CharField(_("issued for (type)"), max_length=100, blank=True)
    subject_id = models.CharField(_("issued for (id)"), max_length=64, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="documents_subject_idx")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"], name="documents_kind_year_sequence_unique"),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind"],
                condition=Q(status=DocumentStatus.VALID) & ~Q(subject_id=""),
                name="documents_one_valid_per_subject_and_kind",
            ),
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="documents_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=DocumentStatus.values), name="documents_status_valid"),
            models.CheckConstraint(
                condition=(
                    Q(
                        status=DocumentStatus.VALID,
                        revoked_at__isnull=True,
                        revoked_by__isnull=True,
                        revocation_reason="",
                        revocation_category="",
                    )
                    | (
                        Q(
                            status=DocumentStatus.REVOKED,
                            revoked_at__isnull=False,
                            revocation_category__in=RevocationCategory.values,
                            revocation_requested_at__isnull=True,
                        )
                        & ~Q(revocation_reason="")
                    )
                ),
                name="documents_revocation_consistent",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        revocation_requested_at__isnull=True,
                        revocation_requested_by__isnull=True,
                        requested_revocation_category="",
                        requested_revocation_note="",
                    )
                    | (
                        Q(
                            revocation_requested_at__isnull=False,
                            revocation_requested_by__isnull=False,
                            requested_revocation_category__in=RevocationCategory.values,
                        )
                        & ~Q(requested_revocation_note="")
                    )
                ),
                name="documents_revocation_request_complete",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("issued_on")), name="documents_validity_order"
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="documents_sequence_positive"),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def expires(self) -> bool:
        """False for a document that records a past fact (a certificate of attendance)."""
        return self.valid_until < NEVER_EXPIRES

    @property
    def revocation_pending(self) -> bool:
        return self.revocation_requested_at is not None

    def state_on(self, today: date) -> VerificationState:
        """Revoked wins over expired; a document is valid through its ``valid_until`` day."""
        if self.status == DocumentStatus.REVOKED:
            return VerificationState.REVOKED
        if today > self.valid_until:
            return VerificationState.EXPIRED
        return VerificationState.VALID
