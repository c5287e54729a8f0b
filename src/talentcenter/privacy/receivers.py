"""Sign-in and second-factor events into the audit trail, and the profile's consents into the
PIPA consent ledger (framework plumbing: Django's and allauth's signals)."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in
from allauth.mfa.signals import authentication_failed, authenticator_added, authenticator_removed, authenticator_used
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from talentcenter.accounts.enums import ConsentKind
from talentcenter.accounts.models import ConsentRecord, User
from talentcenter.audit import events
from talentcenter.privacy import services
from talentcenter.privacy.enums import Purpose

# Only the optional purposes the profile's preferences page asks about follow it.
PROFILE_KINDS = {
    ConsentKind.PROFILE_SHARING: Purpose.THIRD_PARTY_COMPANIES,
    ConsentKind.MARKETING: Purpose.MARKETING,
}


@receiver(user_logged_in, dispatch_uid="privacy.signed_in")
def record_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A sign-in through allauth (password, passkey, code, after e-mail confirmation)."""
    if isinstance(user, User):
        events.record(actor=user, action="account.signed_in", subject=user)


@receiver(user_login_failed, dispatch_uid="privacy.sign_in_failed")
def record_failed_sign_in(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """A failed sign-in is logged against the account it named. An address that names no account
    is not logged: there is nobody to attach it to, and what was typed may be someone's data."""
    login = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    user = User.objects.filter(email__iexact=str(login).strip()).first() if login else None
    if user is not None:
        events.record(actor=None, action="account.sign_in_failed", subject=user)


def _mfa(action: str, user: Any, authenticator: Any) -> None:
    if isinstance(user, User):
        events.record(actor=user, action=action, subject=user, changes={"type": getattr(authenticator, "type", "")})


@receiver(authenticator_added, dispatch_uid="privacy.mfa_added")
def record_authenticator_added(sender: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _mfa("account.mfa_added", user, authenticator)


@receiver(authenticator_removed, dispatch_uid="privacy.mfa_removed")
def record_authenticator_removed(sender: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _mfa("account.mfa_removed", user, authenticator)


@receiver(authenticator_used, dispatch_uid="privacy.mfa_used")
def record_authenticator_used(sender: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _mfa("account.mfa_used", user, authenticator)


@receiver(authentication_failed, dispatch_uid="privacy.mfa_failed")
def record_second_factor_failed(sender: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    if isinstance(user, User):
        events.record(
            actor=None, action="account.mfa_failed", subject=user, changes={"type": getattr(authenticator, "type", "")}
        )


@receiver(post_save, sender=ConsentRecord, dispatch_uid="privacy.mirror_profile_consent")
def mirror_profile_consent(sender: Any, instance: ConsentRecord, created: bool, **kwargs: Any) -> None:
    """The talent profile's preferences record consents in accounts; keep the ledger in step."""
    purpose = PROFILE_KINDS.get(ConsentKind(instance.kind))
    if created and purpose is not None and not kwargs.get("raw"):
        services.mirror_from_profile(user=instance.user, purpose=purpose, granted=instance.granted)
