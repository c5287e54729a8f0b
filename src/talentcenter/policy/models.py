"""What the policy engine keeps: parameter variants, parameter snapshots, assessments, simulations.

The engine itself (``policy.engine``) is pure; these models store its inputs and outputs so that
every official answer can be replayed with exactly the parameters it used.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from talentcenter.policy.engine.parameters import ParameterSet, baseline, parameter_set_from_dict
from talentcenter.policy.enums import AssessmentKind, PoolKind, SimulationStatus, VariantStatus


class ParameterSnapshot(models.Model):
    """The full content of a parameter set, stored once per digest (for replay)."""

    digest = models.CharField(_("digest"), max_length=64, unique=True)
    set_id = models.CharField(_("parameter set"), max_length=80)
    content = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("parameter snapshot")
        verbose_name_plural = _("parameter snapshots")

    def __str__(self) -> str:
        return f"{self.set_id} {self.digest}"

    def parameter_set(self) -> ParameterSet:
        return parameter_set_from_dict(self.content)


class ParameterVariant(models.Model):
    """Policy staff's draft of changed parameters over the shipped baseline.

    ``overrides`` maps a parameter name to extra dated values
    (``[{"from": "2027-01-01", "value": 2.5, "source": "...", "note_en": "..."}]``). A published
    variant is frozen; its history is the audit trail of its edits.
    """

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    overrides = models.JSONField(_("changed parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=VariantStatus.choices, default=VariantStatus.DRAFT)
    digest = models.CharField(_("digest"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("parameter variant")
        verbose_name_plural = _("parameter variants")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.name

    def parameter_set(self) -> ParameterSet:
        return baseline().with_overrides(f"variant:{self.slug}", self.overrides)


class Assessment(models.Model):
    """One explained answer of the engine, kept with everything needed to replay it."""

    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices)
    subject = models.ForeignKey(
        "talent.TalentProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
        verbose_name=_("talent"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    as_of = models.DateField(_("as of"))
    programmes = models.JSONField(_("programmes"), default=list, blank=True)
    applicant = models.JSONField(_("applicant facts as submitted"))
    engine_version = models.CharField(_("engine version"), max_length=20)
    parameter_snapshot = models.ForeignKey(
        ParameterSnapshot, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("parameters")
    )
    catalogue_version = models.CharField(_("reference lists version"), max_length=64)
    result = models.JSONField(_("result with trace"))
    summary = models.JSONField(_("status per track"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "-created_at"], name="assessment_kind_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.as_of} #{self.pk}"


class Simulation(models.Model):
    """Baseline versus variant over a pool, run as a background task with progress."""

    name = models.CharField(_("name"), max_length=120)
    baseline_variant = models.ForeignKey(
        ParameterVariant,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("baseline (empty = shipped parameters)"),
    )
    variant = models.ForeignKey(
        ParameterVariant, on_delete=models.PROTECT, related_name="simulations", verbose_name=_("variant")
    )
    as_of = models.DateField(_("as of"))
    pool_kind = models.CharField(_("pool"), max_length=20, choices=PoolKind.choices)
    pool_size = models.PositiveIntegerField(_("pool size"), default=0)
    pool_file = models.FileField(_("uploaded pool"), upload_to="simulations/", blank=True)
    seed = models.PositiveIntegerField(_("random seed"), default=2026)
    status = models.CharField(
        _("status"), max_length=20, choices=SimulationStatus.choices, default=SimulationStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("simulation")
        verbose_name_plural = _("simulations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name
