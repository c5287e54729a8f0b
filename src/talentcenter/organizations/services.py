"""Writes on companies: registration, staff verification, members and invitations.

Each function runs in one transaction, locks what it changes, checks the actor, writes an audit
event and schedules its e-mail for after the commit.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User, hash_token
from talentcenter.accounts.policies import can_verify_companies
from talentcenter.accounts.services import user_grant_role
from talentcenter.audit import events
from talentcenter.notifications.services import email_render_and_queue
from talentcenter.organizations import policies
from talentcenter.organizations.enums import MemberRole, SizeClass
from talentcenter.organizations.models import Company, CompanyInvitation, CompanyMembership
from talentcenter.organizations.validators import clean_business_registration_number
from talentcenter.organizations.workflow import COMPANY_TRANSITIONS
from talentcenter.reference.enums import AdvancedIndustry

COMPANY_FIELDS = ["name_en", "name_ko", "industry", "size_class", "postal_code", "address", "address_detail", "website"]


def _validate_company_fields(values: dict[str, Any]) -> None:
    company = Company(business_registration_number="0000000000", **values)
    company.full_clean(exclude=["business_registration_number", "status"], validate_unique=False)
    if values.get("industry") not in AdvancedIndustry.values:
        raise ValidationError({"industry": _("Choose one of the 8 advanced industries.")})
    if values.get("size_class") not in SizeClass.values:
        raise ValidationError({"size_class": _("Choose a size class.")})


def _notify_members(company: Company, template: str, context: dict[str, Any]) -> None:
    for membership in company.memberships.select_related("user"):
        email_render_and_queue(
            template=template,
            to=membership.user.email,
            language=membership.user.preferred_language,
            context={"company": company, "user": membership.user, "site_url": settings.SITE_URL, **context},
        )


@transaction.atomic
def company_register(
    *,
    actor: User,
    business_registration_number: str,
    name_en: str,
    name_ko: str,
    industry: str,
    size_class: str,
    postal_code: str,
    address: str,
    address_detail: str = "",
    website: str = "",
) -> Company:
    """A signed-in person registers a company and becomes its owner; staff must then verify it."""
    try:
        number = clean_business_registration_number(business_registration_number)
    except ValidationError as error:
        raise ValidationError({"business_registration_number": error.messages}) from error
    values = {
        "name_en": name_en.strip(),
        "name_ko": name_ko.strip(),
        "industry": industry,
        "size_class": size_class,
        "postal_code": postal_code.strip(),
        "address": address.strip(),
        "address_detail": address_detail.strip(),
        "website": website.strip(),
    }
    _validate_company_fields(values)
    if Company.objects.filter(business_registration_number=number).exists():
        raise ValidationError(
            {
                "business_registration_number": _(
                    "A company with this business registration number is already registered."
                )
            }
        )
    try:
        with transaction.atomic():
            company = Company.objects.create(business_registration_number=number, **values)
    except IntegrityError as error:
        raise ValidationError(
            {
                "business_registration_number": _(
                    "A company with this business registration number is already registered."
                )
            }
        ) from error
    CompanyMembership.objects.create(company=company, user=actor, role=MemberRole.OWNER)
    user_grant_role(user=actor, role=Role.COMPANY_MEMBER, actor=actor)
    events.record(
        actor=actor,
        action="company.registered",
        subject=company,
        changes={"business_registration_number": number, **values},
    )
    return company


@transaction.atomic
def company_update(*, company: Company, actor: User, **values: Any) -> Company:
    """An owner corrects the company's details; a verified company's names stay as verified."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not policies.can_manage_members(actor, company):
        raise PermissionDenied
    unknown = set(values) - set(COMPANY_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    if company.is_verified and ({"name_en", "name_ko"} & set(values)):
        raise ValidationError({"name_en": _("The names of a verified company can only be changed by the center.")})
    before = events.snapshot(company, COMPANY_FIELDS)
    cleaned = {key: value.strip() if isinstance(value, str) else value for key, value in values.items()}
    _validate_company_fields({**before, **cleaned})
    for key, value in cleaned.items():
        setattr(company, key, value)
    company.save()
    changes = events.diff(before=before, after=events.snapshot(company, COMPANY_FIELDS))
    if changes:
        events.record(actor=actor, action="company.updated", subject=company, changes=changes)
    return company


@transaction.atomic
def company_verify(*, company: Company, actor: User, note: str = "") -> Company:
    """Staff confirm the company exists as registered; from then on it can act."""
    if not can_verify_companies(actor):
        raise PermissionDenied
    company = Company.objects.select_for_update().get(pk=company.pk)
    previous, status = COMPANY_TRANSITIONS.move(company, "verify")
    company.status_reason = note.strip()
    company.verified_at = timezone.now()
    company.verified_by = actor
    company.save(update_fields=["status", "status_reason", "verified_at", "verified_by", "updated_at"])
    events.record(
        actor=actor,
        action="company.verified",
        subject=company,
        changes={"status": [previous, status]},
        reason=note,
    )
    _notify_members(company, "company_verified", {})
    return company


@transaction.atomic
def company_reject(*, company: Company, actor: User, reason: str) -> Company:
    if not can_verify_companies(actor):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the company is rejected; the company will read it.")})
    company = Company.objects.select_for_update().get(pk=company.pk)
    previous, status = COMPANY_TRANSITIONS.move(company, "reject")
    company.status_reason = reason.strip()
    company.save(update_fields=["status", "status_reason", "updated_at"])
    events.record(
        actor=actor,
        action="company.rejected",
        subject=company,
        changes={"status": [previous, status]},
        reason=reason,
    )
    _notify_members(company, "company_rejected", {"reason": reason.strip()})
    return company


@transaction.atomic
def company_resubmit(*, company: Company, actor: User) -> Company:
    """After a rejection the owner corrects the details and asks for verification again."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not policies.can_manage_members(actor, company):
        raise PermissionDenied
    previous, status = COMPANY_TRANSITIONS.move(company, "resubmit")
    company.save(update_fields=["status", "updated_at"])
    events.record(actor=actor, action="company.resubmitted", subject=company, changes={"status": [previous, status]})
    return company


@transaction.atomic
def company_invitation_create(*, company: Company, actor: User, email: str, role: str) -> tuple[CompanyInvitation, str]:
    """An owner of a verified company invites a colleague; the link is e-mailed after commit."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not policies.can_manage_members(actor, company):
        raise PermissionDenied
    if not policies.company_can_act(company):
        raise ValidationError(_("The company must be verified by the center before it can invite colleagues."))
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    email = User.objects.normalize_email(email).strip().lower()
    if company.memberships.filter(user__email=email).exists():
        raise ValidationError({"email": _("This person is already a member of the company.")})
    if company.invitations.filter(email=email, accepted_at__isnull=True, revoked_at__isnull=True).exists():
        raise ValidationError({"email": _("This person has already been invited.")})
    secret = secrets.token_urlsafe(32)
    invitation = CompanyInvitation(
        company=company,
        email=email,
        role=role,
        token_hash=hash_token(secret),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.TALENTCENTER_INVITATION_TTL_DAYS),
    )
    invitation.full_clean(exclude=["token_hash"])
    invitation.save()
    events.record(actor=actor, action="company.member_invited", subject=company, changes={"email": email, "role": role})
    invitee = User.objects.filter(email=email).first()
    email_render_and_queue(
        template="company_invitation",
        to=email,
        language=invitee.preferred_language if invitee else actor.preferred_language,
        context={
            "company": company,
            "inviter": actor,
            "role": invitation.get_role_display(),
            "secret": secret,
            "site_url": settings.SITE_URL,
            "expires_at": invitation.expires_at,
        },
    )
    return invitation, secret


@transaction.atomic
def company_invitation_accept(*, secret: str, user: User) -> CompanyMembership:
    invitation = (
        CompanyInvitation.objects.select_for_update()
        .select_related("company")
        .filter(token_hash=hash_token(secret))
        .first()
    )
    if invitation is None or not invitation.is_open:
        raise ValidationError(
            _("This invitation is no longer valid. Ask the company for a new one."), code="invitation_invalid"
        )
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to another e-mail address. Sign in with that address to accept it."),
            code="invitation_other_email",
        )
    membership, created = CompanyMembership.objects.get_or_create(
        company=invitation.company, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    user_grant_role(user=user, role=Role.COMPANY_MEMBER, actor=user)
    if created:
        events.record(
            actor=user,
            action="company.member_joined",
            subject=invitation.company,
            changes={"email": user.email, "role": membership.role},
        )
    return membership


@transaction.atomic
def company_invitation_revoke(*, invitation: CompanyInvitation, actor: User) -> CompanyInvitation:
    invitation = CompanyInvitation.objects.select_for_update().select_related("company").get(pk=invitation.pk)
    if not policies.can_manage_members(actor, invitation.company):
        raise PermissionDenied
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        events.record(
            actor=actor,
            action="company.invitation_revoked",
            subject=invitation.company,
            changes={"email": invitation.email},
        )
    return invitation


@transaction.atomic
def company_membership_remove(*, membership: CompanyMembership, actor: User) -> None:
    """Owners remove members; the last owner cannot be removed, so a company is never orphaned."""
    membership = CompanyMembership.objects.select_for_update().select_related("company", "user").get(pk=membership.pk)
    company = membership.company
    if not policies.can_manage_members(actor, company):
        raise PermissionDenied
    owners = list(company.memberships.select_for_update().filter(role=MemberRole.OWNER).values_list("pk", flat=True))
    if membership.role == MemberRole.OWNER and owners == [membership.pk]:
        raise ValidationError(_("A company needs at least one owner."), code="last_owner")
    membership.delete()
    events.record(
        actor=actor,
        action="company.member_removed",
        subject=company,
        changes={"email": membership.user.email, "role": membership.role},
    )
