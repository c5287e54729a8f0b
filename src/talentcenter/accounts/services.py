"""Writes on accounts: roles, API tokens and consent records. Each runs in one transaction."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts import selectors
from talentcenter.accounts.enums import ALL_TOKEN_SCOPES, ConsentKind, Role
from talentcenter.accounts.models import ApiToken, ConsentRecord, User, hash_token
from talentcenter.accounts.policies import can_use_back_office, is_external_evaluator
from talentcenter.audit import events

TOKEN_PREFIX = "tc_"
# An expired token tried again and again is recorded once in this period.
EXPIRED_USE_AUDIT_SECONDS = 24 * 3600


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


ORGANISATION_MAX_LENGTH = 300
# Several organisations are separated by ";" (a full-width one too) or written one per line.
_ORGANISATION_SEPARATORS = re.compile(r"[;\uff1b\r\n]")
# Characters that change the direction of the text around them: a name could read one way and be
# compared another.
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def organisation_normalised(organisation: str) -> str:
    """The organisations as stored: each trimmed, inner spaces single, joined by "; "."""
    parts = (" ".join(part.split()) for part in _ORGANISATION_SEPARATORS.split(organisation))
    return "; ".join(part for part in parts if part)


def organisation_errors(organisation: str) -> list[str]:
    """Why ``organisation`` cannot be stored (one or more names, plain text of at most 300
    characters), in words."""
    problems = []
    if any(
        (unicodedata.category(character) == "Cc" and character not in "\t\r\n") or character in _DIRECTION_CONTROLS
        for character in organisation
    ):
        problems.append(_("Remove the control characters."))
    if "<" in organisation or ">" in organisation:
        problems.append(_("Remove the characters < and >; markup is not allowed here."))
    length = len(organisation_normalised(organisation))
    if not length:
        problems.append(_("Write the name of at least one organisation."))
    elif length > ORGANISATION_MAX_LENGTH:
        problems.append(
            _("Write at most %(limit)d characters (you wrote %(count)d).")
            % {"limit": ORGANISATION_MAX_LENGTH, "count": length}
        )
    return problems


@transaction.atomic
def user_set_organisation(*, user: User, organisation: str, actor: User | None = None) -> User:
    """Where an external evaluator works or studies (several separated by ";"): what the automatic
    conflict-of-interest check compares with each application they are assigned (``cases.conflicts``).

    The evaluator states it themselves, and staff correct it; both are in the audit trail with the
    old and the new value. Only an external evaluator holds one, and only they or back-office staff
    may change it (``actor`` None is the system: the demo data, a migration). At least one name, plain
    text of at most 300 characters: control characters and markup are refused (``ValidationError``
    on ``organisation``), not silently removed; it is corrected, never emptied (account deletion
    erases it).
    """
    if not is_external_evaluator(user) or not (actor is None or actor.pk == user.pk or can_use_back_office(actor)):
        raise PermissionDenied(_("Only an external evaluator or the center's staff may change this organisation."))
    problems = organisation_errors(organisation)
    if problems:
        raise ValidationError({"organisation": problems}, code="invalid")
    organisation = organisation_normalised(organisation)
    locked = User.objects.select_for_update().only("pk", "organisation").get(pk=user.pk)
    if locked.organisation != organisation:
        events.record(
            actor=actor,
            action="account.organisation_changed",
            subject=user,
            changes={"organisation": [locked.organisation, organisation]},
        )
        User.objects.filter(pk=user.pk).update(organisation=organisation)
    user.organisation = organisation
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
def api_token_create(
    *,
    user: User,
    name: str,
    scopes: Iterable[str] = ALL_TOKEN_SCOPES,
    lifetime_days: int | None = None,
) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is never stored and shown only once.

    The token may do what its ``scopes`` allow (``TokenScope``), for one of the lifetimes in
    ``settings.TALENTCENTER_API_TOKEN_LIFETIME_DAYS`` (the default one when none is given).
    """
    lifetime = settings.TALENTCENTER_API_TOKEN_DEFAULT_LIFETIME_DAYS if lifetime_days is None else lifetime_days
    if lifetime not in settings.TALENTCENTER_API_TOKEN_LIFETIME_DAYS:
        raise ValidationError({"expires_in_days": _("Select a valid choice.")})
    granted = sorted(set(scopes))
    if not granted or not set(granted) <= set(ALL_TOKEN_SCOPES):
        raise ValidationError({"scopes": _("Select one or more valid scopes.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:80],
        prefix=secret[:10],
        token_hash=hash_token(secret),
        scopes=granted,
        expires_at=timezone.now() + timedelta(days=lifetime),
    )
    events.record(
        actor=user,
        action="account.api_token_created",
        subject=user,
        changes={"token": token.prefix, "scopes": granted, "expires_at": token.expires_at.isoformat()},
    )
    return token, secret


@transaction.atomic
def api_token_authenticate(*, secret: str) -> ApiToken | None:
    """The token a request presents, if it may be used now; records its use.

    A revoked token, or one of a deactivated person, authenticates nobody; so does an expired
    one, and its use is kept in the trail (once a day per token, however often it is tried).
    """
    token = selectors.api_token_for_secret(secret=secret)
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at <= now:
        if cache.add(f"talentcenter:api-token-expired-use:{token.pk}", True, EXPIRED_USE_AUDIT_SECONDS):
            events.record(
                actor=token.user,
                action="account.api_token_expired_used",
                subject=token.user,
                changes={"token": token.prefix},
            )
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User, reason: str = "") -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        events.record(
            actor=actor,
            action="account.api_token_revoked",
            subject=token.user,
            changes={"token": token.prefix},
            reason=reason,
        )
    return token


@transaction.atomic
def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    """Revoke every token of the person still in use (their password changed, MFA turned off...)."""
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        api_token_revoke(token=token, actor=user, reason=reason)
    return len(tokens)


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
