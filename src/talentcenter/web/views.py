"""Public pages of the site shell: home, the signed-in landing page and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from talentcenter.accounts.enums import Role
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.organizations.policies import CompanyNotVerified
from talentcenter.organizations.selectors import memberships_of_user
from talentcenter.reference.enums import AdvancedIndustry


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"industries": AdvancedIndustry.choices})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where a person lands after signing in: their profile, their companies, their tools."""
    user = signed_in_user(request)
    has_profile = hasattr(user, "talent_profile")
    memberships = list(memberships_of_user(user=user))
    # The path the person signed up for comes first; someone with neither role (an account older
    # than the sign-up question) is offered both.
    is_company = user.has_role(Role.COMPANY_MEMBER) or bool(memberships)
    is_talent = user.has_role(Role.TALENT) or has_profile
    return render(
        request,
        "web/dashboard.html",
        {
            "has_profile": has_profile,
            "memberships": memberships,
            "show_talent_path": is_talent or not is_company,
            "show_company_path": is_company or not is_talent,
        },
    )


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, CompanyNotVerified):
        return render(request, "organizations/not_verified.html", {"company": exception.company}, status=403)
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without a request context: whatever failed may be the context processors."""
    return HttpResponseServerError(loader.get_template("500.html").render())
