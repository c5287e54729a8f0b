from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    SME = "sme", _("Small or medium-sized enterprise")
    MID_SIZED = "mid_sized", _("Mid-sized enterprise")
    LARGE = "large", _("Large enterprise")


class CompanyStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    RECRUITER = "recruiter", _("Recruiter")
