"""The kinds and states of the documents the center issues."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    KTECH_PASS_CERTIFICATE = "ktech_pass_certificate", _("K-Tech Pass certificate")
    KOTRA_RECOMMENDATION_LETTER = "kotra_recommendation_letter", _("KOTRA employment recommendation letter")


SERIAL_PREFIXES: dict[str, str] = {
    DocumentKind.KTECH_PASS_CERTIFICATE: "KTP",
    DocumentKind.KOTRA_RECOMMENDATION_LETTER: "KRL",
}


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
