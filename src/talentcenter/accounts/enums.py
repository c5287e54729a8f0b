from enum import StrEnum

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


class TokenScope(StrEnum):
    """What a personal API token may do: read (GET) or write (other methods) in one area of the API.

    Programs see these codes (``docs/architecture.md``, "The API"); ``<area>:write`` includes
    ``<area>:read``. The areas follow the API's routers (``accounts/api_auth.py: SCOPE_AREAS``).
    """

    ACCOUNT_READ = "account:read"
    ACCOUNT_WRITE = "account:write"
    PROFILE_READ = "profile:read"
    PROFILE_WRITE = "profile:write"
    COMPANIES_READ = "companies:read"
    COMPANIES_WRITE = "companies:write"
    POLICY_READ = "policy:read"
    POLICY_WRITE = "policy:write"
    DOCUMENTS_READ = "documents:read"
    DOCUMENTS_WRITE = "documents:write"
    CASES_READ = "cases:read"
    CASES_WRITE = "cases:write"
    JOBS_READ = "jobs:read"
    JOBS_WRITE = "jobs:write"
    EVENTS_READ = "events:read"
    EVENTS_WRITE = "events:write"
    GUIDES_READ = "guides:read"
    GUIDES_WRITE = "guides:write"
    INQUIRIES_READ = "inquiries:read"
    INQUIRIES_WRITE = "inquiries:write"
    STAFF_READ = "staff:read"
    STAFF_WRITE = "staff:write"


ALL_TOKEN_SCOPES = tuple(scope.value for scope in TokenScope)
