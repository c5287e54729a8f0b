"""Consents given under the Personal Information Protection Act, one row per consent and purpose."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentcenter.privacy.enums import Purpose


class Consent(models.Model):
    """A consent given at ``given_at`` to the text of ``version``; ``withdrawn_at`` ends it.

    Rows are never deleted: giving again after a withdrawal adds a new row, so the history of who
    agreed to what, and when, stays as evidence.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    version = models.CharField(_("version of the text"), max_length=20)
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(purpose__in=Purpose.values), name="privacy_consent_purpose_valid"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="privacy_consent_withdrawn_after_given",
            ),
            models.UniqueConstraint(
                fields=["user", "purpose"], condition=Q(withdrawn_at__isnull=True), name="privacy_consent_one_in_force"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.purpose} {self.version}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None
