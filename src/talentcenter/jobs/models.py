"""Openings and their applicants, saved searches, and talent requests with their shortlists.

Statuses change only through the maps in workflow.py (services call the map's ``move``); the
history of every change is the audit trail (``audit.events``), shown on each record's page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from talentcenter.foundation.i18n import in_language
from talentcenter.jobs.enums import (
    ApplicationStage,
    CloseReason,
    OpeningStatus,
    Region,
    ShortlistStatus,
    Sponsorship,
    TalentRequestStatus,
)
from talentcenter.organizations.models import Company
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.reference.models import Occupation, Skill
from talentcenter.talent.enums import EducationLevel, SpokenLanguage
from talentcenter.talent.models import TalentProfile

SALARY_VALIDATORS = [MinValueValidator(10_000_000), MaxValueValidator(2_000_000_000)]
WEIGHT_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
LANGUAGE_LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(6)]


class Opening(models.Model):
    """A position a company offers. Korean and/or English text; at least one title."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="openings", verbose_name=_("company"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=OpeningStatus.choices, default=OpeningStatus.DRAFT)
    title_ko = models.CharField(_("title (Korean)"), max_length=160, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    description_ko = models.TextField(_("description (Korean)"), max_length=20_000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=20_000, blank=True)
    industry = models.CharField(_("industry"), max_length=30, choices=AdvancedIndustry.choices)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("occupation")
    )
    min_education_level = models.PositiveSmallIntegerField(
        _("minimum degree"), choices=EducationLevel.choices, null=True, blank=True
    )
    min_years = models.PositiveSmallIntegerField(
        _("minimum years of experience"), default=0, validators=[MaxValueValidator(40)]
    )
    salary_min_krw = models.PositiveBigIntegerField(
        _("salary from (KRW a year)"), null=True, blank=True, validators=SALARY_VALIDATORS
    )
    salary_max_krw = models.PositiveBigIntegerField(
        _("salary up to (KRW a year)"), null=True, blank=True, validators=SALARY_VALIDATORS
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    location_detail = models.CharField(_("city or site"), max_length=120, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    sponsorship = models.CharField(
        _("visa sponsorship"), max_length=30, choices=Sponsorship.choices, default=Sponsorship.NONE
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True)
    # Lower-cased titles, descriptions, company names and skill names in both languages: what the
    # job board's words search (a trigram index on PostgreSQL).
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OpeningStatus.values), name="opening_status_valid"),
            models.CheckConstraint(condition=~Q(title_ko="", title_en=""), name="opening_has_a_title"),
            models.CheckConstraint(
                condition=Q(salary_min_krw__isnull=True)
                | Q(salary_max_krw__isnull=True)
                | Q(salary_min_krw__lte=F("salary_max_krw")),
                name="opening_salary_range_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status=OpeningStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="opening_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="jobs_board_idx"),
            models.Index(fields=["status", "industry", "-published_at"], name="jobs_board_industry_idx"),
            models.Index(fields=["status", "region", "-published_at"], name="jobs_board_region_idx"),
            models.Index(fields=["company", "status"], name="jobs_company_idx"),
            models.Index(fields=["closing_date"], name="jobs_closing_idx", condition=Q(status=OpeningStatus.PUBLISHED)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The title in the active language, falling back to the other one."""
        return in_language(self.title_ko, self.title_en)

    @property
    def description(self) -> str:
        return in_language(self.description_ko, self.description_en)


class OpeningSkill(models.Model):
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+", verbose_name=_("skill"))
    weight = models.PositiveSmallIntegerField(_("weight"), default=3, validators=WEIGHT_VALIDATORS)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("skill of an opening")
        verbose_name_plural = _("skills of an opening")
        ordering = ["-required", "-weight", "id"]
        constraints = [
            models.UniqueConstraint(fields=["opening", "skill"], name="opening_skill_once"),
            models.CheckConstraint(condition=Q(weight__gte=1, weight__lte=5), name="opening_skill_weight_range"),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} x{self.weight}"


class OpeningLanguage(models.Model):
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=10, choices=SpokenLanguage.choices)
    minimum_level = models.PositiveSmallIntegerField(
        _("minimum level (1-6)"), default=3, validators=LANGUAGE_LEVEL_VALIDATORS
    )
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("language of an opening")
        verbose_name_plural = _("languages of an opening")
        ordering = ["-required", "id"]
        constraints = [
            models.UniqueConstraint(fields=["opening", "language"], name="opening_language_once"),
            models.CheckConstraint(
                condition=Q(minimum_level__gte=1, minimum_level__lte=6), name="opening_language_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.minimum_level}"


class JobApplication(models.Model):
    """A talent's application to an opening, with their profile (shared with the company by applying)."""

    opening = models.ForeignKey(Opening, on_delete=models.PROTECT, related_name="applications")
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="job_applications")
    stage = models.CharField(_("stage"), max_length=20, choices=ApplicationStage.choices, default=ApplicationStage.NEW)
    cover_note = models.TextField(_("note to the company"), max_length=3000, blank=True)
    rejection_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    stage_changed_at = models.DateTimeField(_("stage changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["opening", "profile"], name="job_application_once"),
            models.CheckConstraint(condition=Q(stage__in=ApplicationStage.values), name="job_application_stage_valid"),
            models.CheckConstraint(
                condition=~Q(stage=ApplicationStage.REJECTED) | ~Q(rejection_reason=""),
                name="job_application_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["opening", "stage", "-submitted_at"], name="jobs_pipeline_idx")]

    def __str__(self) -> str:
        return f"{self.profile} → {self.opening}"


class ApplicationNote(models.Model):
    """A recruiter's note on an applicant: seen only by the company's members."""

    application = models.ForeignKey(JobApplication, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"), max_length=3000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("note on an applicant")
        verbose_name_plural = _("notes on applicants")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:40]


class SavedSearch(models.Model):
    """A talent's job board search, kept by name; new matching openings are e-mailed when ``alert``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_job_searches")
    name = models.CharField(_("name"), max_length=80)
    criteria = models.JSONField(_("criteria"), default=dict)
    alert = models.BooleanField(_("e-mail me new matching openings"), default=True)
    last_alerted_at = models.DateTimeField(_("last alert"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_search_name_once")]

    def __str__(self) -> str:
        return self.name


class TalentRequest(models.Model):
    """A company asks the center for talent: criteria, then a shortlist the center curates."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="talent_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opening = models.ForeignKey(
        Opening,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talent_requests",
        verbose_name=_("for the opening"),
    )
    title = models.CharField(_("what you are looking for"), max_length=160)
    description = models.TextField(_("details"), max_length=5000, blank=True)
    # The search criteria in the matcher's terms (jobs.services.requests builds the CandidateQuery).
    criteria = models.JSONField(_("criteria"), default=dict)
    headcount = models.PositiveSmallIntegerField(
        _("people needed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TalentRequestStatus.choices, default=TalentRequestStatus.SUBMITTED
    )
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("curator"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("talent request")
        verbose_name_plural = _("talent requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TalentRequestStatus.values), name="talent_request_status_valid"
            )
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="jobs_requests_queue_idx")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class ShortlistEntry(models.Model):
    """A profile the center proposes for a request. The company sees who it is only once released, and
    then only ``snapshot``: the released parts of the profile copied when the talent agreed (see
    ``jobs.services.releases``), never the live profile. Withdrawing consent erases the snapshot."""

    talent_request = models.ForeignKey(TalentRequest, on_delete=models.CASCADE, related_name="shortlist")
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="shortlist_entries")
    status = models.CharField(
        _("status"), max_length=20, choices=ShortlistStatus.choices, default=ShortlistStatus.PROPOSED
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note_for_talent = models.TextField(_("why this request may interest the talent"), max_length=2000, blank=True)
    score = models.DecimalField(_("match score"), max_digits=4, decimal_places=1, null=True, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    invited_at = models.DateTimeField(_("asked at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # What the company sees: {"version", "taken_at", name, contact, education, experience, skills,
    # languages}; present exactly while the entry is released.
    snapshot = models.JSONField(_("released data"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["talent_request", "profile"], name="shortlist_profile_once"),
            models.CheckConstraint(condition=Q(status__in=ShortlistStatus.values), name="shortlist_status_valid"),
            models.CheckConstraint(
                condition=Q(status=ShortlistStatus.RELEASED, snapshot__isnull=False)
                | (~Q(status=ShortlistStatus.RELEASED) & Q(snapshot__isnull=True)),
                name="shortlist_snapshot_only_while_released",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.talent_request_id}: {self.profile_id}"


class ProfileRelease(models.Model):
    """The log of every profile shared with a company through a talent request: who received which
    parts and when, whether the company opened them, and when the talent withdrew. It holds no
    personal data itself (the data are the entry's snapshot, erased on withdrawal); rows are never
    deleted while the profile exists, and the audit trail keeps the same events after an account is
    erased."""

    entry = models.OneToOneField(ShortlistEntry, on_delete=models.CASCADE, related_name="release")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="releases")
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(_("released at"), auto_now_add=True)
    # The keys of jobs.services.releases.RELEASED_PARTS that were shared (kept after withdrawal).
    parts = models.JSONField(_("released parts"), default=list, blank=True)
    snapshot_version = models.PositiveSmallIntegerField(_("snapshot version"), default=1)
    first_viewed_at = models.DateTimeField(_("first opened by the company"), null=True, blank=True)
    last_viewed_at = models.DateTimeField(_("last opened by the company"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("profile release")
        verbose_name_plural = _("profile releases")
        ordering = ["-released_at", "-id"]
        indexes = [models.Index(fields=["profile", "-released_at"], name="jobs_releases_of_profile_idx")]

    def __str__(self) -> str:
        return f"{self.profile_id} → {self.company_id}"
