"""A case file: the application, its claims and documents, requests, evaluations and decision.

Models hold fields and constraints only. Every change goes through ``cases.services``; the
status in particular is set by the transition services alone (see ``workflow.py``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentcenter.cases.enums import (
    ALL_STATUSES,
    OPEN_STATUSES,
    STATUS_ENUMS,
    CaseStatus,
    CaseType,
    ConflictAnswer,
    Decision,
    KTechTrack,
    Party,
    RecordKind,
    RecordStatus,
    RequestStatus,
)
from talentcenter.documents.files import unguessable_name

if TYPE_CHECKING:
    from talentcenter.talent.models import TalentProfile

_status_per_type = Q()
for _case_type, _enum in STATUS_ENUMS.items():
    _status_per_type |= Q(case_type=_case_type, status__in=_enum.values)


class Case(models.Model):
    """One application of one talent with one hiring company."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    case_type = models.CharField(_("type"), max_length=30, choices=CaseType.choices)
    status = models.CharField(_("status"), max_length=30, choices=ALL_STATUSES, default=CaseStatus.DRAFT)
    track = models.CharField(_("track"), max_length=30, choices=KTechTrack.choices, blank=True)
    started_by_party = models.CharField(_("started by"), max_length=10, choices=Party.choices)

    # Empty while the case is an invitation (and after one declined or withdrawn): the company named
    # the person by e-mail only; the profile is linked when its owner accepts.
    talent = models.ForeignKey(
        "talent.TalentProfile",
        verbose_name=_("talent"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    invited_email = models.EmailField(_("e-mail the company invited"), blank=True)
    talent_accepted_at = models.DateTimeField(
        _("talent agreed to share their profile with the company at"), null=True, blank=True
    )
    company = models.ForeignKey(
        "organizations.Company", verbose_name=_("hiring company"), on_delete=models.PROTECT, related_name="cases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    # The offer, confirmed by the company.
    job_title = models.CharField(_("job title"), max_length=160, blank=True)
    occupation_code = models.CharField(_("occupation (KSCO)"), max_length=10, blank=True)
    annual_salary_krw = models.PositiveBigIntegerField(
        _("annual salary (KRW)"), null=True, blank=True, validators=[MaxValueValidator(10_000_000_000)]
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    technology_field = models.CharField(_("KOTRA technology field"), max_length=40, blank=True)
    government_programme = models.CharField(_("government programme"), max_length=60, blank=True)
    company_confirmed_at = models.DateTimeField(_("offer confirmed by the company at"), null=True, blank=True)
    company_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offer confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    talent_consented_at = models.DateTimeField(_("talent consented at"), null=True, blank=True)

    # Eligibility confirmation before submission (the latest engine run, not the decision).
    eligibility = models.JSONField(_("eligibility confirmation"), default=dict, blank=True)
    eligibility_checked_at = models.DateTimeField(_("eligibility checked at"), null=True, blank=True)

    # The application as submitted (interchange format), frozen at submission.
    applicant = models.JSONField(_("application as submitted"), default=dict, blank=True)

    # Processing.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    clock_started_at = models.DateTimeField(_("processing clock started at"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    paused_since = models.DateTimeField(_("clock paused since"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_reviewed",
    )

    # Decision.
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_assessment = models.ForeignKey(
        "policy.Assessment",
        verbose_name=_("assessment behind the decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("issued document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    e7_application_on = models.DateField(_("E-7 application filed on"), null=True, blank=True)
    e7_application_number = models.CharField(_("E-7 application number"), max_length=40, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # Whether the external evaluators see the applicant pseudonymised (``cases.blind``): empty
    # until the first evaluator is assigned, when the setting for the type and track is fixed here
    # so that a later change of the setting never reveals the applicant to evaluators at work.
    blind_review = models.BooleanField(_("blind external review"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_on", "id"], name="cases_queue_idx"),
            # The staff queue: open cases in due-date order, read straight from the index.
            models.Index(
                fields=["due_on", "id"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="cases_open_due_idx",
            ),
            models.Index(fields=["reviewer", "status", "due_on"], name="cases_reviewer_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(case_type__in=CaseType.values), name="cases_type_valid"),
            models.CheckConstraint(condition=_status_per_type, name="cases_status_valid_for_type"),
            models.CheckConstraint(
                condition=Q(track="") | Q(case_type=CaseType.KTECH_PASS, track__in=KTechTrack.values),
                name="cases_track_only_for_ktech_pass",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision__in=Decision.values), name="cases_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[CaseStatus.INVITED, CaseStatus.DECLINED, CaseStatus.DRAFT, CaseStatus.WITHDRAWN]
                )
                | Q(submitted_at__isnull=False),
                name="cases_submitted_when_not_draft",
            ),
            models.CheckConstraint(
                condition=Q(talent__isnull=False)
                | Q(status__in=[CaseStatus.INVITED, CaseStatus.DECLINED, CaseStatus.WITHDRAWN]),
                name="cases_talent_known_once_accepted",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[CaseStatus.APPROVED, CaseStatus.ISSUED, CaseStatus.USED])
                | Q(decision=Decision.APPROVE),
                name="cases_approved_statuses_have_approval",
            ),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.REJECTED) | Q(decision=Decision.REJECT),
                name="cases_rejected_has_rejection",
            ),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.INFORMATION_REQUESTED) | Q(paused_since__isnull=True),
                name="cases_paused_only_while_waiting",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def profile(self) -> TalentProfile:
        """The talent of a case past its invitation: every step after the acceptance reads it."""
        if self.talent is None:
            raise ValueError(f"case {self.pk} has no talent: the invitation was not accepted")
        return self.talent

    @property
    def status_enum(self) -> type[models.TextChoices]:
        return STATUS_ENUMS[self.case_type]

    @property
    def status_label(self) -> str:
        """The status in words for this case type ("Letter issued" rather than "Certificate issued")."""
        return str(self.status_enum(self.status).label)

    @property
    def is_open(self) -> bool:
        """With the center: submitted, not yet decided nor withdrawn (its clock runs or is paused)."""
        return self.status in OPEN_STATUSES

    @property
    def submission_date(self) -> date | None:
        from talentcenter.cases.clock import seoul_date

        return seoul_date(self.submitted_at) if self.submitted_at else None


def upload_path(instance: CaseDocument, filename: str) -> str:
    """``cases/<random>.<extension>``: no case id, requirement or file name to guess (served only
    through the permission-checked download views; files stored before keep their old names)."""
    return unguessable_name("cases", PurePosixPath(instance.stored_name or filename).suffix)


class CaseDocument(models.Model):
    """One uploaded version of one required document. Versions are never overwritten."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="documents")
    requirement = models.CharField(_("requirement"), max_length=80)
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=120)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    pages = models.PositiveSmallIntegerField(_("pages"), default=1)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["requirement", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "requirement", "version"], name="cases_document_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="cases_document_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.requirement} v{self.version}"

    @property
    def anonymous_name(self) -> str:
        """A file name that says what the document is and nothing of whose it is
        (``diploma-1-v2.pdf``): blind evaluators download it under this name."""
        extension = PurePosixPath(self.file.name or "").suffix.lower()
        return f"{self.requirement}-v{self.version}{extension}"


class CaseRecord(models.Model):
    """One claim of the case file (a degree, a position, the offer), frozen at submission and
    marked verified or refused during validation by someone other than the reviewer."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(_("kind"), max_length=20, choices=RecordKind.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    data = models.JSONField(_("as submitted"), default=dict)
    requirement = models.CharField(_("supporting document"), max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case record")
        verbose_name_plural = _("case records")
        ordering = ["case", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RecordStatus.values), name="cases_record_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=RecordStatus.REFUSED) | ~Q(reason=""), name="cases_record_refusal_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status=RecordStatus.PENDING) | Q(validated_by__isnull=False),
                name="cases_record_validated_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        """The claim in words, in the current language."""
        from talentcenter.cases.checklist import record_summary

        return record_summary(self.kind, self.data)


class InformationRequest(models.Model):
    """A request for more documents or corrections; the clock stops while it is open."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="requests")
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    message = models.TextField(_("message"), blank=True)
    respond_by = models.DateField(_("answer by"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("requested at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_note = models.TextField(_("applicant's note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status=RequestStatus.OPEN), name="cases_one_open_request_per_case"
            ),
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="cases_request_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.ANSWERED) | Q(answered_at__isnull=False),
                name="cases_request_answered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} request {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN


class RequestItem(models.Model):
    """One line of a request: a document to (re)upload, or a correction to make."""

    request = models.ForeignKey(
        InformationRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="items"
    )
    requirement = models.CharField(_("document"), max_length=80, blank=True)
    instruction = models.CharField(_("what is needed"), max_length=500)

    class Meta:
        verbose_name = _("requested item")
        verbose_name_plural = _("requested items")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.instruction


class EvaluatorAssignment(models.Model):
    """One external evaluator on one case: conflict declaration first, then the scores."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="evaluations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), on_delete=models.PROTECT, related_name="evaluations"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    conflict = models.CharField(
        _("conflict of interest"), max_length=12, choices=ConflictAnswer.choices, default=ConflictAnswer.UNDECLARED
    )
    conflict_note = models.TextField(_("conflict of interest: details"), blank=True)
    # The automatic check at assignment (``cases.conflicts``): the organisations it found in common
    # (``[{"evaluator_organisation", "applicant_organisation", "source"}]``), and why staff assigned
    # the evaluator all the same (the service requires a reason whenever it found something).
    detected_conflicts = models.JSONField(_("conflicts found by the automatic check"), default=list, blank=True)
    conflict_override_reason = models.TextField(_("reason for assigning despite the conflict found"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    technical_expertise = models.DecimalField(
        _("technical expertise (points)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    strategic_value = models.DecimalField(
        _("strategic value (points)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    recommends = models.BooleanField(_("recommends approval"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("scored at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "evaluator"], name="cases_one_assignment_per_evaluator"),
            models.CheckConstraint(condition=Q(conflict__in=ConflictAnswer.values), name="cases_conflict_valid"),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(conflict=ConflictAnswer.NONE),
                name="cases_scores_only_without_conflict",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | Q(technical_expertise__isnull=False, strategic_value__isnull=False, recommends__isnull=False),
                name="cases_submitted_scores_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} / {self.evaluator}"

    @property
    def total(self) -> Decimal | None:
        if self.technical_expertise is None or self.strategic_value is None:
            return None
        return self.technical_expertise + self.strategic_value

    @property
    def is_active(self) -> bool:
        """Counts towards the quorum: not recused."""
        return self.conflict != ConflictAnswer.CONFLICT
