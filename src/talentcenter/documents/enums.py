"""The kinds and states of the documents the center issues."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    KTECH_PASS_CERTIFICATE = "ktech_pass_certificate", _("K-Tech Pass certificate")
    KOTRA_RECOMMENDATION_LETTER = "kotra_recommendation_letter", _("KOTRA employment recommendation letter")
    ATTENDANCE_CERTIFICATE = "attendance_certificate", _("Certificate of attendance")


SERIAL_PREFIXES: dict[str, str] = {
    DocumentKind.KTECH_PASS_CERTIFICATE: "KTP",
    DocumentKind.KOTRA_RECOMMENDATION_LETTER: "KRL",
    DocumentKind.ATTENDANCE_CERTIFICATE: "ATT",
}

# A document that records a past fact (attendance at an event) does not expire: it is issued with
# this ``valid_until`` and shows no validity date (``IssuedDocument.expires``).
NEVER_EXPIRES = date(9999, 12, 31)


class DocumentStatus(models.TextChoices):
    """What is stored. "Expired" is not stored: it follows from ``valid_until`` and today in Korea."""

    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


class VerificationState(models.TextChoices):
    """What a verification answers."""

    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    NOT_FOUND = "not_found", _("Not found")


class RevocationCategory(models.TextChoices):
    """Why a document was revoked, as the public verification says it (the staff's note stays internal)."""

    ISSUED_IN_ERROR = "issued_in_error", _("Issued in error")
    SUPERSEDED = "superseded", _("Replaced by a newer document")
    OBTAINED_BY_DECEPTION = "obtained_by_deception", _("Obtained with false information")
    HOLDERS_REQUEST = "holders_request", _("At the holder's request")
    CASE_REOPENED = "case_reopened", _("The application was reopened for a new review")
    OTHER = "other", _("Other reasons")
