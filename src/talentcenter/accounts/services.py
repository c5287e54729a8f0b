"""Writes on accounts: roles, API tokens and consent records. Each runs in one transaction."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from talentcenter.accounts.enums import ConsentKind, Role
from talentcenter.accounts.models import ApiToken, ConsentRecord, User, hash_token
from talentcenter.audit import events

TOKEN_PREFIX = "tc_"


def role_groups_ensure() -> None:
    """Create the group for every role; the first migration and the demo both call this."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@transaction.atomic
def user_grant_role(*, user: User, role: Role, actor: User | None = None) -> User:
    group, _ = Group.objects.get_or_create(name=role.value)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        events.record(actor=actor, action="account.role_granted", subject=user, changes={"role": role.value})
    user.__dict__.pop("role_names", None)
    return user


@transaction.atomic
def user_revoke_role(*, user: User, role: Role, actor: User | None = None) -> User:
    group = Group.objects.filter(name=role.value).first()
    if group is not None and user.groups.filter(pk=group.pk).exists():
        user.groups.remove(group)
        events.record(actor=actor, action="account.role_revoked", subject=user, changes={"role": role.value})
    user.__dict__.pop("role_names", None)
    return user


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(language)
    if user.preferred_language != language:
        events.record(
            actor=user,
            action="account.language_changed",
            subject=user,
            changes={"preferred_language": [user.preferred_language, language]},
        )
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is never stored and shown only once."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:80],
        prefix=secret[:10],
        token_hash=hash_token(secret),
        expires_at=timezone.now() + timedelta(days=settings.TALENTCENTER_API_TOKEN_TTL_DAYS),
    )
    events.record(actor=user, action="account.api_token_created", subject=user, changes={"token": token.prefix})
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        events.record(
            actor=actor, action="account.api_token_revoked", subject=token.user, changes={"token": token.prefix}
        )
    return token


@transaction.atomic
def consent_record(*, user: User, kind: ConsentKind, granted: bool) -> ConsentRecord:
    """Append the person's answer; earlier answers stay as evidence of what was agreed when."""
    record = ConsentRecord.objects.create(user=user, kind=kind, granted=granted)
    events.record(actor=user, action="account.consent_recorded", subject=user, changes={kind.value: granted})
    return record


@transaction.atomic
def admin_access_refused(*, actor: User, path: str) -> None:
    """A signed-in person without admin rights reached the admin's way in: kept in the trail."""
    events.record(actor=actor, action="account.admin_refused", subject=actor, changes={"path": path[:200]})


@transaction.atomic
def staff_session_expired(*, actor: User, reason: str) -> None:
    """A back-office session ended by its idle or absolute limit (``reason``): kept in the trail."""
    events.record(actor=actor, action="account.session_expired", subject=actor, changes={"reason": reason})
