"""Staff must have passed a second factor in this session before they can use anything else."""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

ALWAYS_ALLOWED_PARTS = ("/accounts/", "/static/", "/i18n/", "/media/")


def session_has_second_factor(request: HttpRequest) -> bool:
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


class StaffSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and (getattr(user, "is_back_office", False) or user.is_staff)
            and not getattr(request, "api_token_authenticated", False)
            and not any(part in request.path for part in ALWAYS_ALLOWED_PARTS)
            and not session_has_second_factor(request)
        ):
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
