"""The concierge's records: the service catalogue with its service levels, settlement plans and
their steps, and requests (tickets) with their messages and attachments."""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentcenter.concierge.enums import (
    DEFAULT_SLA_WORKING_DAYS,
    PlanStepStatus,
    RequestStatus,
    ServiceCategory,
    Situation,
)
from talentcenter.documents.files import unguessable_name
from talentcenter.foundation.i18n import in_language


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SettlementService(models.Model):
    """One service of the catalogue, written in Korean and English, edited by concierge staff."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    category = models.CharField(_("category"), max_length=30, choices=ServiceCategory.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("shown"), default=True)
    situations = models.JSONField(_("for whom"), default=list, blank=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_ko = models.TextField(_("summary (Korean)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    center_help_ko = models.TextField(_("what the center does (Korean)"), blank=True)
    center_help_en = models.TextField(_("what the center does (English)"), blank=True)
    documents_ko = models.TextField(_("documents needed (Korean), one a line"), blank=True)
    documents_en = models.TextField(_("documents needed (English), one a line"), blank=True)
    partners_ko = models.TextField(_("partner providers (Korean), one a line"), blank=True)
    partners_en = models.TextField(_("partner providers (English), one a line"), blank=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("settlement service")
        verbose_name_plural = _("settlement services")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(category__in=ServiceCategory.values), name="concierge_service_category"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ko, self.title_en)

    @property
    def summary(self) -> str:
        return in_language(self.summary_ko, self.summary_en)

    @property
    def center_help(self) -> str:
        return in_language(self.center_help_ko, self.center_help_en)

    @property
    def documents(self) -> list[str]:
        return _lines(in_language(self.documents_ko, self.documents_en))

    @property
    def partners(self) -> list[str]:
        return _lines(in_language(self.partners_ko, self.partners_en))

    @property
    def situation_labels(self) -> list[str]:
        return [str(Situation(code).label) for code in self.situations if code in Situation.values]

    def applies_to(self, situations: set[str]) -> bool:
        """Offered to a person in any of ``situations`` (a service for nobody in particular is for all)."""
        return not self.situations or bool(situations & set(self.situations))


class CategorySetting(models.Model):
    """The service level of one request category, when staff changed it from the default."""

    category = models.CharField(_("category"), max_length=30, choices=ServiceCategory.choices, unique=True)
    sla_working_days = models.PositiveSmallIntegerField(_("answer within (working days)"))

    class Meta:
        verbose_name = _("request category setting")
        verbose_name_plural = _("request category settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(sla_working_days__gte=1) & Q(sla_working_days__lte=60), name="concierge_sla_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}={self.sla_working_days}"


def sla_working_days(category: str) -> int:
    """The service level of ``category`` now: what staff set, else the default."""
    setting = CategorySetting.objects.filter(category=category).values_list("sla_working_days", flat=True).first()
    if setting:
        return setting
    defaults: dict[str, int] = {str(key): days for key, days in DEFAULT_SLA_WORKING_DAYS.items()}
    return defaults.get(category, defaults[ServiceCategory.OTHER])


class SettlementPlan(models.Model):
    """One person's settlement plan: their situation and dates, and the steps offered to them."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="settlement_plan"
    )
    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices)
    with_family = models.BooleanField(_("family members come too"), default=False)
    entry_date = models.DateField(_("date of entry to Korea"), null=True, blank=True)
    visa_start = models.DateField(_("visa start date"), null=True, blank=True)
    source_document = models.CharField(_("started by document"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("settlement plan")
        verbose_name_plural = _("settlement plans")
        constraints = [
            models.CheckConstraint(condition=Q(situation__in=Situation.values), name="concierge_plan_situation"),
        ]

    def __str__(self) -> str:
        return f"plan {self.person_id}"

    @property
    def situations(self) -> set[str]:
        found = {self.situation}
        if self.situation == Situation.KTECH_PASS:
            found.add(Situation.F2T)  # the pass leads to the F-2-T visa
        if self.with_family:
            found.add(Situation.FAMILY)
        return found


class PlanStep(models.Model):
    """One service offered in a plan, with the date it is due or from which it may be taken."""

    plan = models.ForeignKey(SettlementPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="steps")
    service = models.ForeignKey(
        SettlementService, verbose_name=_("service"), on_delete=models.CASCADE, related_name="plan_steps"
    )
    status = models.CharField(_("status"), max_length=20, choices=PlanStepStatus.choices, default=PlanStepStatus.OPEN)
    due_date = models.DateField(_("due by"), null=True, blank=True)
    available_from = models.DateField(_("possible from"), null=True, blank=True)
    reminded_for = models.DateField(_("reminder sent for"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["service__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "service"], name="concierge_step_once_per_plan"),
            models.CheckConstraint(condition=Q(status__in=PlanStepStatus.values), name="concierge_step_status"),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="concierge_step_due")]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.service_id}"

    @property
    def key_date(self) -> date | None:
        return self.due_date or self.available_from


class ConciergeRequest(models.Model):
    """A person's request for help, handled as a ticket with a working-day service level.

    ``sla_working_days`` is the category's level when the request was made; ``pauses`` are the
    ``[paused_at, resumed_at]`` pairs (ISO datetimes) of the clock; ``due_date`` is stored for the
    queue's order and is empty while the clock is paused.
    """

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="concierge_requests"
    )
    category = models.CharField(_("category"), max_length=30, choices=ServiceCategory.choices)
    service = models.ForeignKey(
        SettlementService, verbose_name=_("service"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concierge_assignments",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    sla_working_days = models.PositiveSmallIntegerField(_("answer within (working days)"))
    pauses = models.JSONField(_("clock pauses"), default=list, blank=True)
    paused_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    due_date = models.DateField(_("due by"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    met_sla = models.BooleanField(_("resolved in time"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    rating_comment = models.TextField(_("comment on the service"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"))

    class Meta:
        verbose_name = _("concierge request")
        verbose_name_plural = _("concierge requests")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="concierge_request_status"),
            models.CheckConstraint(condition=Q(category__in=ServiceCategory.values), name="concierge_request_category"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)), name="concierge_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(status=RequestStatus.WAITING) | Q(paused_since__isnull=True),
                name="concierge_paused_only_while_waiting",
            ),
        ]
        indexes = [
            # The desk's queue walks the active requests in its order and stops after a page.
            models.Index(
                fields=["due_date", "submitted_at", "id"],
                condition=Q(status__in=["new", "open", "waiting"]),
                name="concierge_active_queue",
            ),
            models.Index(
                fields=["category", "due_date", "submitted_at", "id"],
                condition=Q(status__in=["new", "open", "waiting"]),
                name="concierge_active_by_category",
            ),
            models.Index(fields=["status", "due_date", "submitted_at", "id"], name="concierge_queue"),
            models.Index(fields=["due_date", "submitted_at", "id"], name="concierge_queue_all"),
            models.Index(fields=["requester", "-submitted_at"], name="concierge_by_person"),
            models.Index(fields=["assignee", "status"], name="concierge_by_assignee"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """``CRQ-000123``: what the person quotes on the phone."""
        return f"CRQ-{self.pk or 0:06d}"

    @property
    def is_active(self) -> bool:
        return self.status in {RequestStatus.NEW, RequestStatus.OPEN, RequestStatus.WAITING}


class RequestMessage(models.Model):
    """A message on a request: from the person or staff; an internal note is seen by staff only."""

    request = models.ForeignKey(
        ConciergeRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT)
    body = models.TextField(_("message"))
    internal = models.BooleanField(_("internal note"), default=False)
    from_staff = models.BooleanField(_("from the center"), default=False)
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("request message")
        verbose_name_plural = _("request messages")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(internal=False) | Q(from_staff=True), name="concierge_note_by_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}#{self.pk}"


def attachment_path(instance: RequestAttachment, filename: str) -> str:
    """``concierge/<random>.<extension>``: served only through the permission-checked views."""
    return unguessable_name("concierge", PurePosixPath(instance.stored_name or filename).suffix)


class RequestAttachment(models.Model):
    """A file attached to a message, checked by content before it was stored."""

    message = models.ForeignKey(
        RequestMessage, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=120)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
