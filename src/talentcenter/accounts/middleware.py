"""Back-office sessions: a second factor before anything else, and a limited lifetime.

Staff must have passed a second factor in this session before they can use anything but the
sign-in pages and static files (matched as path *prefixes*, so a slug such as ``media`` in a
back-office URL skips nothing). A staff session also ends after
``TALENTCENTER_STAFF_SESSION_IDLE_MINUTES`` without a request and after
``TALENTCENTER_STAFF_SESSION_MAX_HOURS`` in all: the person is signed out, told why, and sent to
sign in again (the API answers 401).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Paths open without a second factor: static files and the language switch at the root, and the
# sign-in pages (allauth, MFA set-up) below each language prefix. Prefixes, never fragments.
ALWAYS_ALLOWED_PREFIXES = ("/static/", "/i18n/")
ALWAYS_ALLOWED_UNDER_LANGUAGE = ("accounts/",)

SESSION_STARTED = "talentcenter_staff_session_started"
SESSION_SEEN = "talentcenter_staff_session_seen"
# The last request is written to the session at most this often (seconds), not on every request.
SEEN_RESOLUTION = 60


def is_always_allowed(path: str) -> bool:
    if path.startswith(ALWAYS_ALLOWED_PREFIXES):
        return True
    return any(
        path.startswith(f"/{language}/{part}")
        for language, _name in settings.LANGUAGES
        for part in ALWAYS_ALLOWED_UNDER_LANGUAGE
    )


def session_has_second_factor(request: HttpRequest) -> bool:
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def session_start(request: HttpRequest) -> None:
    """Called on every sign-in: the session's lifetime counts from now."""
    now = time.time()
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now


def session_expiry(request: HttpRequest) -> str | None:
    """``"idle"`` or ``"absolute"`` when this staff session is over, else None (and note the visit)."""
    now = time.time()
    started = request.session.get(SESSION_STARTED)
    seen = request.session.get(SESSION_SEEN)
    if not isinstance(started, int | float) or not isinstance(seen, int | float):
        session_start(request)
        return None
    if now - started > settings.TALENTCENTER_STAFF_SESSION_MAX_HOURS * 3600:
        return "absolute"
    if now - seen > settings.TALENTCENTER_STAFF_SESSION_IDLE_MINUTES * 60:
        return "idle"
    if now - seen > SEEN_RESOLUTION:
        request.session[SESSION_SEEN] = now
    return None


def _is_staff_session(request: HttpRequest) -> bool:
    user = request.user
    return (
        user.is_authenticated
        and (getattr(user, "is_back_office", False) or user.is_staff)
        and not getattr(request, "api_token_authenticated", False)
    )


def _expired(request: HttpRequest, reason: str) -> HttpResponse:
    from talentcenter.accounts.services import staff_session_expired

    staff_session_expired(actor=request.user, reason=reason)  # type: ignore[arg-type]
    logout(request)
    if reason == "idle":
        message = _("You were signed out after %(minutes)s minutes without activity. Sign in again to continue.") % {
            "minutes": settings.TALENTCENTER_STAFF_SESSION_IDLE_MINUTES
        }
    else:
        message = _("Back-office sessions last at most %(hours)s hours. Sign in again to continue.") % {
            "hours": settings.TALENTCENTER_STAFF_SESSION_MAX_HOURS
        }
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "not_authenticated", "message": message, "fields": {}}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    messages.info(request, message)
    return redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))


class StaffSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_staff_session(request):
            return self.get_response(request)
        expiry = session_expiry(request)
        if expiry is not None:
            return _expired(request, expiry)
        if not is_always_allowed(request.path) and not session_has_second_factor(request):
            user = request.user
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "code": "second_factor_required",
                        "message": _("Staff must sign in with a second factor."),
                        "fields": {},
                    },
                    status=403,
                )
            if not is_mfa_enabled(user):
                messages.warning(
                    request, _("Staff accounts need a second factor. Set up an authenticator app to continue.")
                )
                return redirect("mfa_activate_totp")
            logout(request)
            messages.warning(request, _("Sign in again with your second factor."))
            return redirect("account_login")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` (``settings.TALENTCENTER_PERMISSIONS_POLICY``) on every answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "TALENTCENTER_PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
