"""Outgoing e-mail, rendered in the recipient's language and sent by a background task."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from talentcenter.notifications.enums import EmailStatus


class OutboundEmail(models.Model):
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("language"), max_length=5)
    template = models.CharField(_("template"), max_length=120)
    status = models.CharField(_("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=EmailStatus.values), name="email_status_valid")
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
