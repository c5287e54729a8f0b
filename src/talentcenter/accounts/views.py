"""Pages of accounts that are not allauth's: the Django admin's way in.

The admin has no password form of its own: its login page sends people to the one sign-in
(allauth: rate limits, e-mail verification and, for staff, the second factor) and back. A person
who is signed in but may not use the admin is refused as if the page did not exist.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from talentcenter.accounts import services
from talentcenter.accounts.policies import is_signed_in


def admin_login(request: HttpRequest) -> HttpResponse:
    """Stands in for ``admin:login``: never checks a password, only sends to the one sign-in."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = reverse("admin:index")
    user = request.user
    if is_signed_in(user):
        if admin.site.has_permission(request):
            return redirect(next_url)
        services.admin_access_refused(actor=user, path=next_url)
        raise Http404
    return redirect_to_login(next_url, login_url=reverse("account_login"))
