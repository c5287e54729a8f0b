"""Categories and statuses of petitions (민원); the moves between statuses are in workflow.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InquiryCategory(models.TextChoices):
    """The kinds of petition the Civil Petitions Act's Enforcement Decree gives periods for."""

    INQUIRY = "inquiry", _("Question about a programme or procedure")
    SUGGESTION = "suggestion", _("Suggestion")
    GRIEVANCE = "grievance", _("Complaint or grievance")
    OTHER = "other", _("Other request")


class InquiryStatus(models.TextChoices):
    """``unverified``: filed without an account, waiting for the e-mail link; not yet received.
    ``in_review``: an answer is drafted and waits for a second staff member's approval."""

    UNVERIFIED = "unverified", _("Waiting for e-mail confirmation")
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being answered")
    IN_REVIEW = "in_review", _("Answer being reviewed")
    ANSWERED = "answered", _("Answered")
    TRANSFERRED = "transferred", _("Transferred to another agency")


OPEN_STATUSES = frozenset({InquiryStatus.RECEIVED, InquiryStatus.IN_PROGRESS, InquiryStatus.IN_REVIEW})
