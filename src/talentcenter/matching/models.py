"""The matching index as database rows: the truth every web process and worker shares.

Each row carries a ``seq`` taken from ``IndexClock`` in the transaction that writes it, so commit
order is seq order and a process that has read everything up to the clock value ``v`` has every
row with ``seq <= v`` (docs/matching.md, "The shared index").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from talentcenter.talent.models import TalentProfile


class IndexKind(models.TextChoices):
    PROFILES = "profiles", _("Profiles")
    OPENINGS = "openings", _("Openings")


class IndexClock(models.Model):
    """The last seq handed out for one kind of row. Locked (``select_for_update``) by every writer
    for the rest of its transaction, so seqs commit in order."""

    kind = models.CharField(_("kind"), max_length=20, primary_key=True, choices=IndexKind.choices)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("index clock")
        verbose_name_plural = _("index clocks")

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"


# What an index row says about its profile, in order (the read and the write side share it).
PROFILE_VECTOR_FIELDS = (
    "discoverable",
    "skills",
    "education_level",
    "years_experience",
    "languages",
    "desired_salary_krw",
    "desired_industries",
    "nationality",
    "text",
)


class ProfileVector(models.Model):
    """One talent profile as the matcher sees it, recomputed whenever the profile changes."""

    profile = models.OneToOneField(
        TalentProfile, primary_key=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("profile")
    )
    seq = models.BigIntegerField(_("sequence number"), db_index=True)
    discoverable = models.BooleanField(_("discoverable"), default=False)
    skills = models.JSONField(_("skills"), default=dict)  # skill code -> proficiency 1-4
    education_level = models.PositiveSmallIntegerField(_("highest degree"), null=True, blank=True)
    years_experience = models.FloatField(_("years of experience"), default=0.0)
    languages = models.JSONField(_("languages"), default=dict)  # language code -> level 1-6
    desired_salary_krw = models.PositiveIntegerField(_("lowest salary accepted (KRW)"), null=True, blank=True)
    desired_industries = models.JSONField(_("desired industries"), default=list)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    text = models.TextField(_("text"), blank=True)  # headline, fields of study, roles, lower-cased
    # The profile in the policy engine's interchange format (``matching.visa.applicant_data_for_profiles``):
    # what the visa fit reads, with no offer in it. Null on rows written before it was kept.
    applicant = models.JSONField(_("policy engine data"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("profile index row")
        verbose_name_plural = _("profile index rows")

    def __str__(self) -> str:
        return f"profile {self.pk} @ {self.seq}"


class OpeningVector(models.Model):
    """One opening as the matcher sees it; written by jobs inside its own transactions. No foreign
    key: jobs sits above matching, and a removed opening leaves a tombstone instead."""

    opening_id = models.BigIntegerField(_("opening"), unique=True)
    seq = models.BigIntegerField(_("sequence number"), db_index=True)
    open = models.BooleanField(_("open"), default=True)
    payload = models.JSONField(_("payload"), default=dict)  # the OpeningRecord fields
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("opening index row")
        verbose_name_plural = _("opening index rows")

    def __str__(self) -> str:
        return f"opening {self.opening_id} @ {self.seq}"


class IndexTombstone(models.Model):
    """A profile or opening that is gone, with the seq at which it went, so readers drop it."""

    kind = models.CharField(_("kind"), max_length=20, choices=IndexKind.choices)
    item_id = models.BigIntegerField(_("item"))
    seq = models.BigIntegerField(_("sequence number"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("index tombstone")
        verbose_name_plural = _("index tombstones")
        indexes = [models.Index(fields=["kind", "seq"], name="matching_tombstone_kind_seq")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=IndexKind.values), name="matching_tombstone_kind_valid")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id} removed @ {self.seq}"
