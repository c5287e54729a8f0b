"""The current TOTP code of a user's authenticator, computed with allauth's own functions.

For the demo and the end-to-end tests only: it reads the secret, so it refuses to run in
production unless DEBUG is on.
"""

from __future__ import annotations

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings


class TotpUnavailable(Exception):
    """The code cannot be shown: production mode, unknown user or no authenticator."""


def totp_helper_allowed() -> bool:
    return bool(settings.DEBUG) or settings.ENVIRONMENT != "production"


def totp_secret_of(*, email: str) -> str:
    authenticator = (
        Authenticator.objects.filter(user__email__iexact=email.strip(), type=Authenticator.Type.TOTP)
        .order_by("pk")
        .first()
    )
    if authenticator is None:
        raise TotpUnavailable(f"{email} has no TOTP authenticator.")
    return str(decrypt(authenticator.data["secret"]))


def totp_current_code(*, email: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app would show now (or at the Unix time ``at``)."""
    if not totp_helper_allowed():
        raise TotpUnavailable("The totp helper is disabled in production (set DJANGO_DEBUG=1 to use it).")
    secret = totp_secret_of(email=email)
    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
