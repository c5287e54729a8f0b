"""Statuses and choices of openings, applications and talent requests (maps in workflow.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpeningStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    FILLED = "filled", _("Position filled")
    CANCELLED = "cancelled", _("Position cancelled")
    DEADLINE = "deadline", _("Closing date passed")


class ApplicationStage(models.TextChoices):
    NEW = "new", _("New")
    SCREENING = "screening", _("Screening")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STAGES = frozenset(
    {ApplicationStage.NEW, ApplicationStage.SCREENING, ApplicationStage.INTERVIEW, ApplicationStage.OFFER}
)


class Region(models.TextChoices):
    """Where the job is: Korea's first-level divisions, plus remote."""

    SEOUL = "seoul", _("Seoul")
    BUSAN = "busan", _("Busan")
    DAEGU = "daegu", _("Daegu")
    INCHEON = "incheon", _("Incheon")
    GWANGJU = "gwangju", _("Gwangju")
    DAEJEON = "daejeon", _("Daejeon")
    ULSAN = "ulsan", _("Ulsan")
    SEJONG = "sejong", _("Sejong")
    GYEONGGI = "gyeonggi", _("Gyeonggi")
    GANGWON = "gangwon", _("Gangwon")
    CHUNGBUK = "chungbuk", _("North Chungcheong")
    CHUNGNAM = "chungnam", _("South Chungcheong")
    JEONBUK = "jeonbuk", _("North Jeolla")
    JEONNAM = "jeonnam", _("South Jeolla")
    GYEONGBUK = "gyeongbuk", _("North Gyeongsang")
    GYEONGNAM = "gyeongnam", _("South Gyeongsang")
    JEJU = "jeju", _("Jeju")
    REMOTE = "remote", _("Remote")


class Sponsorship(models.TextChoices):
    """What the company will apply for with the hire, if the hire qualifies."""

    NONE = "none", _("No sponsorship")
    KTECH_PASS = "ktech_pass", _("K-Tech Pass")
    E7_RECOMMENDATION = "e7_recommendation", _("KOTRA E-7 recommendation")
    EITHER = "either", _("K-Tech Pass or KOTRA E-7 recommendation")


class TalentRequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CURATING = "curating", _("Being curated by the center")
    SHORTLIST_SENT = "shortlist_sent", _("Shortlist sent")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class ShortlistStatus(models.TextChoices):
    """One proposed candidate: staff propose, the talent agrees or declines, then the company sees the
    profile as it was when the talent agreed; the talent may withdraw that consent at any time."""

    PROPOSED = "proposed", _("Proposed by the center")
    INVITED = "invited", _("Waiting for the talent's agreement")
    RELEASED = "released", _("Agreed: profile shared with the company")
    DECLINED = "declined", _("Declined by the talent")
    REMOVED = "removed", _("Removed by the center")
    WITHDRAWN = "withdrawn", _("Withdrawn by the talent")


class ReleasedPart(models.TextChoices):
    """The parts of a profile a talent request's release shares, in the talent's words (listed on the
    invitation before the talent agrees, and on their releases page afterwards, also once withdrawn)."""

    NAME = "name", _("your name")
    CONTACT = "contact", _("your e-mail address and phone number")
    NATIONALITY_HEADLINE = "nationality_headline", _("your nationality and headline")
    EDUCATION = "education", _("your education")
    EXPERIENCE = "experience", _("your work experience")
    SKILLS = "skills", _("your skills")
    LANGUAGES = "languages", _("your languages")
