"""Consent purposes (PIPA articles 15, 17 and 22), the role chosen at sign-up, and what was read."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The version of the consent texts and of the privacy policy; a consent row records the version
# the person saw, so a later change of the texts asks again rather than rewriting history.
CONSENT_TEXT_VERSION = "2026-03-01"


class Purpose(models.TextChoices):
    TERMS = "terms", _("Terms of use")
    SERVICE = "service", _("Collection and use of personal information for the service")
    THIRD_PARTY_COMPANIES = "third_party_companies", _("Provision of my profile to Korean companies")
    THIRD_PARTY_AGENCIES = "third_party_agencies", _("Provision to partner agencies (KOTRA, the Ministry)")
    MARKETING = "marketing", _("News and event e-mails")


REQUIRED_PURPOSES = (Purpose.TERMS, Purpose.SERVICE)
OPTIONAL_PURPOSES = (Purpose.THIRD_PARTY_COMPANIES, Purpose.THIRD_PARTY_AGENCIES, Purpose.MARKETING)


class SignupRole(models.TextChoices):
    PROFESSIONAL = "professional", _("I am a professional looking for work in Korea")
    COMPANY = "company", _("I work for a Korean company that hires")


class AccessWhat(models.TextChoices):
    """What part of a person's data was read. Other apps add their read sites here."""

    TALENT_PROFILE = "talent_profile", _("Talent profile")
    TALENT_LIST = "talent_list", _("Listed in a search of talent profiles")
    COMPANY_MEMBERS = "company_members", _("List of a company's members")
    CASE = "case", _("Application file")
    CASE_DOCUMENT = "case_document", _("Document of an application")
    ISSUED_DOCUMENT = "issued_document", _("Issued document")
    SHORTLIST = "shortlist", _("Shortlist of candidates")
    JOB_APPLICATION = "job_application", _("Job application")
    ASSESSMENT = "assessment", _("Eligibility assessment")
    EXPORT = "export", _("Data export")
    INTERVIEW_SCHEDULE = "interview_schedule", _("Interview timetable of an event booth")
    CONCIERGE_REQUEST = "concierge_request", _("Concierge request")
    PETITION = "petition", _("Petition")


class ViewerKind(models.TextChoices):
    """Who read, as the person is shown it: the organisation, never a staff member's own details."""

    CENTER_STAFF = "center_staff", _("Global Talent Center staff")
    EVALUATOR = "evaluator", _("External evaluator")
    ANALYST = "analyst", _("Global Talent Center policy analyst")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Another user")


# The audit actions privacy writes, in words (added to ``audit.actions.ACTION_LABELS`` at start-up).
ACTION_LABELS: dict[str, Promise] = {
    "personal_data.viewed": _("Personal data viewed"),
    "privacy.consent_given": _("Consent given"),
    "privacy.consent_withdrawn": _("Consent withdrawn"),
    "account.deleted": _("Account deleted"),
    "account.signed_in": _("Signed in"),
    "account.sign_in_failed": _("Sign-in failed"),
    "account.mfa_added": _("Second factor added"),
    "account.mfa_removed": _("Second factor removed"),
    "account.mfa_used": _("Second factor used"),
    "account.mfa_failed": _("Second factor failed"),
}
