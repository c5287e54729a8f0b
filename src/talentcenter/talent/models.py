"""The talent profile: one record per professional, reused by every later feature."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from talentcenter.reference.models import Industry, ListEntry, Skill
from talentcenter.talent.enums import (
    EducationLevel,
    LanguageTest,
    OrganizationKind,
    Proficiency,
    SpokenLanguage,
    Visibility,
)

latin_name_validator = RegexValidator(
    r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ž' .\-]+$",
    _("Use the Latin letters of your passport."),
    code="latin_name",
)
hangul_name_validator = RegexValidator(r"^[가-힣 ]+$", _("Use Hangul syllables only."), code="hangul_name")
SALARY_MIN_KRW = 10_000_000
SALARY_MAX_KRW = 2_000_000_000
phone_validator = RegexValidator(
    r"^\+[1-9][0-9 \-]{6,18}$",
    _("Give the number in international form, e.g. +82 10 1234 5678."),
    code="phone",
)


class TalentProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_profile")
    family_name = models.CharField(_("family name"), max_length=80, blank=True, validators=[latin_name_validator])
    given_name = models.CharField(_("given name"), max_length=80, blank=True, validators=[latin_name_validator])
    name_hangul = models.CharField(_("name in Hangul"), max_length=40, blank=True, validators=[hangul_name_validator])
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = CountryField(_("nationality"), blank=True, db_index=True)
    country_of_residence = CountryField(_("country of residence"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    desired_industries = models.ManyToManyField(
        Industry, verbose_name=_("desired industries"), blank=True, related_name="+"
    )
    desired_salary_krw = models.PositiveIntegerField(
        _("lowest annual salary you would accept (KRW)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SALARY_MIN_KRW), MaxValueValidator(SALARY_MAX_KRW)],
    )
    visibility = models.CharField(
        _("visibility"), max_length=30, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    highest_education_level = models.PositiveSmallIntegerField(
        _("highest degree"), choices=EducationLevel.choices, null=True, blank=True, db_index=True
    )
    search_document = models.CharField(max_length=500, blank=True, editable=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visibility__in=Visibility.values), name="profile_visibility_valid"
            ),
        ]
        indexes = [models.Index(fields=["visibility", "-updated_at"])]

    def __str__(self) -> str:
        return self.full_name or str(self.user)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)


class Education(models.Model):
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="educations")
    level = models.PositiveSmallIntegerField(_("level"), choices=EducationLevel.choices)
    field = models.CharField(_("field of study"), max_length=120)
    institution = models.CharField(_("institution"), max_length=200)
    ranked_institution = models.ForeignKey(
        ListEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("institution in a ranking"),
    )
    country = CountryField(_("country"))
    completed_on = models.DateField(_("completion date"), null=True, blank=True)

    class Meta:
        verbose_name = _("education")
        verbose_name_plural = _("education")
        ordering = ["-level", "-completed_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__in=EducationLevel.values), name="education_level_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}, {self.field}, {self.institution}"


class Experience(models.Model):
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="experiences")
    organization = models.CharField(_("organization"), max_length=200)
    organization_kind = models.CharField(_("kind of organization"), max_length=30, choices=OrganizationKind.choices)
    role = models.CharField(_("role"), max_length=120)
    field = models.CharField(_("field"), max_length=120)
    started_on = models.DateField(_("start"))
    ended_on = models.DateField(_("end"), null=True, blank=True, help_text=_("Leave empty if you work there now."))
    is_postdoctoral = models.BooleanField(_("post-doctoral research"), default=False)

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experience")
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="experience_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(organization_kind__in=OrganizationKind.values),
                name="experience_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}, {self.organization}"


class SkillEntry(models.Model):
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+", verbose_name=_("skill"))
    proficiency = models.PositiveSmallIntegerField(_("proficiency"), choices=Proficiency.choices)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["-proficiency", "id"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="skill_entry_unique"),
            models.CheckConstraint(
                condition=models.Q(proficiency__in=Proficiency.values), name="skill_proficiency_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_proficiency_display()})"


class LanguageEntry(models.Model):
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=10, choices=SpokenLanguage.choices)
    test = models.CharField(_("test"), max_length=20, choices=LanguageTest.choices, default=LanguageTest.NONE)
    level = models.CharField(_("level or score"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["profile", "language"], name="language_entry_unique")]

    def __str__(self) -> str:
        return f"{self.get_language_display()} {self.get_test_display()} {self.level}".strip()
