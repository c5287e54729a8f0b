"""Reads on accounts."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from talentcenter.accounts.enums import ConsentKind
from talentcenter.accounts.models import ApiToken, ConsentRecord, User, hash_token


def user_for_api_token(*, secret: str) -> User | None:
    """The active user behind a token secret, or None; records when the token was last used."""
    if not secret or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(secret), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def consent_current(*, user: User, kind: ConsentKind) -> bool:
    latest = ConsentRecord.objects.filter(user=user, kind=kind).order_by("-recorded_at", "-id").first()
    return bool(latest and latest.granted)


def api_token_of(*, user: User, token_id: int) -> ApiToken | None:
    """One of the person's own tokens; someone else's token is as good as missing."""
    return ApiToken.objects.filter(user=user, pk=token_id).first()
