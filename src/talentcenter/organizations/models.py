"""Companies (corporate members), their members and invitations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentcenter.foundation.i18n import in_language
from talentcenter.organizations.enums import CompanyStatus, MemberRole, SizeClass
from talentcenter.reference.enums import AdvancedIndustry


class Company(models.Model):
    business_registration_number = models.CharField(
        _("business registration number"), max_length=10, unique=True, help_text=_("10 digits")
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    industry = models.CharField(_("industry"), max_length=30, choices=AdvancedIndustry.choices)
    size_class = models.CharField(_("size class"), max_length=20, choices=SizeClass.choices)
    postal_code = models.CharField(_("postal code"), max_length=5)
    address = models.CharField(_("address"), max_length=300)
    address_detail = models.CharField(_("address detail"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CompanyStatus.choices, default=CompanyStatus.PENDING)
    status_reason = models.TextField(_("reason"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name_en", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=CompanyStatus.values), name="company_status_valid"),
            models.CheckConstraint(
                condition=models.Q(size_class__in=SizeClass.values), name="company_size_class_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(industry__in=AdvancedIndustry.values), name="company_industry_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(business_registration_number__regex=r"^[0-9]{10}$"),
                name="company_brn_ten_digits",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en)

    @property
    def formatted_business_registration_number(self) -> str:
        number = self.business_registration_number
        return f"{number[:3]}-{number[3:5]}-{number[5:]}"

    @property
    def is_verified(self) -> bool:
        return self.status == CompanyStatus.VERIFIED


class CompanyMembership(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("company member")
        verbose_name_plural = _("company members")
        ordering = ["company", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["company", "user"], name="membership_unique_user"),
            models.CheckConstraint(condition=models.Q(role__in=MemberRole.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company} ({self.role})"


class CompanyInvitation(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
