"""Reads on accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from talentcenter.accounts.enums import ConsentKind
from talentcenter.accounts.models import ApiToken, ConsentRecord, User, hash_token


def api_token_for_secret(*, secret: str) -> ApiToken | None:
    """The token with this secret, whatever its state (revoked, expired), or None."""
    if not secret or len(secret) > 100:
        return None
    return ApiToken.objects.select_related("user").filter(token_hash=hash_token(secret)).first()


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def consent_current(*, user: User, kind: ConsentKind) -> bool:
    latest = ConsentRecord.objects.filter(user=user, kind=kind).order_by("-recorded_at", "-id").first()
    return bool(latest and latest.granted)


def api_token_of(*, user: User, token_id: int) -> ApiToken | None:
    """One of the person's own tokens; someone else's token is as good as missing."""
    return ApiToken.objects.filter(user=user, pk=token_id).first()
