"""Outgoing e-mail, rendered in the recipient's language and sent by a background task."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from talentcenter.foundation.i18n import in_language
from talentcenter.notifications.enums import EmailStatus


class OutboundEmail(models.Model):
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("language"), max_length=5)
    template = models.CharField(_("template"), max_length=120)
    # Text files sent with the message, as stored when it was rendered: a list of
    # {"filename", "content_type" ("text/calendar"), "params" ({"method": "PUBLISH"}), "text"}.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
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


class Notification(models.Model):
    """An in-app notice. Written in both languages when it is created, so the bell shows it in
    whichever language the person reads the site in."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=60)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ko = models.CharField(_("title (Korean)"), max_length=300)
    body_en = models.TextField(_("text (English)"), blank=True)
    body_ko = models.TextField(_("text (Korean)"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notifications_inbox_idx")]

    def __str__(self) -> str:
        return self.title_en

    def title(self, language: str) -> str:
        return in_language(self.title_ko, self.title_en, language=language)

    def body(self, language: str) -> str:
        return in_language(self.body_ko, self.body_en, language=language)
