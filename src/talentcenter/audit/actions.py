"""What each audit action code means, in words staff can read (the code stays in the trail)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "account.signed_up": _("Account created"),
    "account.role_granted": _("Role granted"),
    "account.role_revoked": _("Role revoked"),
    "account.language_changed": _("Preferred language changed"),
    "account.api_token_created": _("API token created"),
    "account.api_token_revoked": _("API token revoked"),
    "account.consent_recorded": _("Consent recorded"),
    "company.registered": _("Company registered"),
    "company.updated": _("Company details changed"),
    "company.verified": _("Company verified"),
    "company.rejected": _("Company not verified"),
    "company.resubmitted": _("Company sent for verification again"),
    "company.member_invited": _("Colleague invited"),
    "company.member_joined": _("Member joined"),
    "company.invitation_revoked": _("Invitation withdrawn"),
    "company.member_removed": _("Member removed"),
    "reference.edition_imported": _("Reference data imported"),
    "talent.profile_created": _("Talent profile created"),
    "talent.personal_updated": _("Personal details changed"),
    "talent.education_added": _("Education added"),
    "talent.education_updated": _("Education changed"),
    "talent.education_removed": _("Education removed"),
    "talent.experience_added": _("Experience added"),
    "talent.experience_updated": _("Experience changed"),
    "talent.experience_removed": _("Experience removed"),
    "talent.skill_set": _("Skill set"),
    "talent.skill_removed": _("Skill removed"),
    "talent.language_set": _("Language set"),
    "talent.language_removed": _("Language removed"),
    "talent.preferences_updated": _("Preferences and consent changed"),
    "talent.profile_completed": _("Talent profile completed"),
    "policy.assessment_recorded": _("Official assessment recorded"),
    "policy.self_check_saved": _("Self-check saved"),
    "policy.variant_created": _("Parameter variant created"),
    "policy.variant_changed": _("Parameter variant changed"),
    "policy.variant_published": _("Parameter variant published"),
    "policy.simulation_started": _("Simulation started"),
    "document.issued": _("Document issued"),
    "document.revoked": _("Document revoked"),
    "case.started": _("Application started"),
    "case.updated": _("Application changed"),
    "case.offer_confirmed": _("Offer confirmed by the company"),
    "case.consent_given": _("Talent agreed to the application"),
    "case.eligibility_checked": _("Eligibility checked"),
    "case.document_uploaded": _("Document uploaded"),
    "case.submit": _("Application submitted"),
    "case.assigned": _("Reviewer assigned"),
    "case.start_review": _("Document review started"),
    "case.request_information": _("Documents or corrections requested"),
    "case.answer_request": _("Request answered"),
    "case.start_validation": _("Sent to validation"),
    "case.record_validated": _("Record validated"),
    "case.evaluator_assigned": _("Evaluator assigned"),
    "case.conflict_declared": _("Conflict of interest declared"),
    "case.start_evaluation": _("Sent to external evaluation"),
    "case.evaluation_submitted": _("Evaluation submitted"),
    "case.approve": _("Application approved"),
    "case.reject": _("Application rejected"),
    "case.issue": _("Document issued for the application"),
    "case.reopen": _("Application reopened"),
    "case.withdraw": _("Application withdrawn"),
    "case.record_use": _("E-7 application recorded"),
}


def action_label(action: str) -> str:
    """The translated label of an action code; the code itself when it has none."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
