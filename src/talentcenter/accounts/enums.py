from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are Django groups with these names; a user may hold several."""

    TALENT = "talent", _("Talent")
    COMPANY_MEMBER = "company_member", _("Company member")
    STAFF_REVIEWER = "staff_reviewer", _("Staff reviewer")
    EXTERNAL_EVALUATOR = "external_evaluator", _("External evaluator")
    CONCIERGE = "concierge", _("Concierge")
    POLICY_ANALYST = "policy_analyst", _("Policy analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that open the back office and therefore always require a second factor.
STAFF_ROLES = frozenset(
    {Role.STAFF_REVIEWER, Role.EXTERNAL_EVALUATOR, Role.CONCIERGE, Role.POLICY_ANALYST, Role.ADMINISTRATOR}
)


class ConsentKind(models.TextChoices):
    TERMS = "terms", _("Terms of use")
    PRIVACY = "privacy", _("Collection and use of personal information")
    PROFILE_SHARING = "profile_sharing", _("Sharing my profile with verified companies")
    MARKETING = "marketing", _("News about events and programmes")
