from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentKind(models.TextChoices):
    SELF_CHECK = "self_check", _("Self-check saved by the applicant")
    OFFICIAL = "official", _("Official assessment")


class VariantStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PoolKind(models.TextChoices):
    STORED = "stored", _("Stored talent profiles")
    CSV = "csv", _("Uploaded CSV")
    SYNTHETIC = "synthetic", _("Generated synthetic pool")


class SimulationStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class SourceKind(models.TextChoices):
    """What a parameter value's source is, declared in the order sources are cited (the rank):
    an official notice or announcement first, the press after it, then private guides; the center's
    working assumption stands where nothing is published (``policy/engine/sources.py``)."""

    OFFICIAL = "official", _("Official notice or announcement")
    PRESS = "press", _("News report")
    GUIDE = "guide", _("Private guide")
    OTHER = "other", _("Other source")
    CENTER = "center", _("Center's working assumption")
