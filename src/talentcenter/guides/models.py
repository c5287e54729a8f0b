"""Programme guides (every save a revision; the public sees the published one) and notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentcenter.foundation.i18n import in_language
from talentcenter.guides.enums import GuideStatus, NoticeKind, NoticeStatus


class Guide(models.Model):
    """A programme guide. Its text lives in :class:`GuideRevision` rows: ``current_revision`` is the
    latest save (what editors work on), ``published_revision`` what the public reads.

    ``reviewed_values`` keeps, per cited parameter, the value it had when the guide was last
    published or reviewed; when policy staff publish a change to one of them (or the shipped value
    in force moves on), ``needs_review`` is set with the reason."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=100)
    programme = models.CharField(_("programme of the self-check"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=GuideStatus.choices, default=GuideStatus.DRAFT)
    # Revisions are never deleted on their own, only with their guide (DO_NOTHING: nothing to null
    # in a row that goes too; the database checks the keys at commit).
    current_revision = models.ForeignKey(
        "GuideRevision", null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+"
    )
    published_revision = models.ForeignKey(
        "GuideRevision", null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    needs_review = models.BooleanField(_("needs review"), default=False)
    review_reason = models.TextField(_("why it needs review"), blank=True)
    reviewed_values = models.JSONField(_("parameter values when last reviewed"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["position", "slug"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=GuideStatus.values), name="guide_status_valid"),
            models.CheckConstraint(
                condition=Q(status=GuideStatus.DRAFT) | Q(published_revision__isnull=False),
                name="guide_published_has_revision",
            ),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_published(self) -> bool:
        return self.status == GuideStatus.PUBLISHED


class GuideRevision(models.Model):
    """One save of a guide, never changed afterwards. Restoring an old one saves a new revision
    with its text (``restored_from``)."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("guide"))
    number = models.PositiveIntegerField(_("revision"))
    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_ko = models.CharField(_("summary (Korean)"), max_length=500, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=500, blank=True)
    body_ko = models.TextField(_("text (Korean)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    steps_ko = models.TextField(_("steps (Korean)"), blank=True)
    steps_en = models.TextField(_("steps (English)"), blank=True)
    parameters = models.JSONField(_("rule parameters cited"), default=list, blank=True)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    restored_from = models.PositiveIntegerField(_("restored from revision"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("guide revision")
        verbose_name_plural = _("guide revisions")
        ordering = ["guide", "-number"]
        constraints = [models.UniqueConstraint(fields=["guide", "number"], name="guide_revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.guide_id} r{self.number}"

    def title(self, language: str | None = None) -> str:
        return in_language(self.title_ko, self.title_en, language=language)

    def summary(self, language: str | None = None) -> str:
        return in_language(self.summary_ko, self.summary_en, language=language)

    def body(self, language: str | None = None) -> str:
        return in_language(self.body_ko, self.body_en, language=language)

    def steps(self, language: str | None = None) -> list[str]:
        text = in_language(self.steps_ko, self.steps_en, language=language)
        return [line.strip() for line in text.splitlines() if line.strip()]


class Notice(models.Model):
    """A notice or a news item, written by staff in both languages."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices, default=NoticeKind.NOTICE)
    status = models.CharField(_("status"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_ko = models.TextField(_("text (Korean)"))
    body_en = models.TextField(_("text (English)"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=NoticeStatus.values), name="notice_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=NoticeKind.values), name="notice_kind_valid"),
            models.CheckConstraint(
                condition=Q(status=NoticeStatus.DRAFT) | Q(published_at__isnull=False),
                name="notice_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="notice_published_idx")]

    def __str__(self) -> str:
        return self.slug

    def title(self, language: str | None = None) -> str:
        return in_language(self.title_ko, self.title_en, language=language)

    def body(self, language: str | None = None) -> str:
        return in_language(self.body_ko, self.body_en, language=language)
