"""Public pages of the site shell: home, about the center, the accessibility statement, the signed-in
landing page and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.i18n import current_language
from talentcenter.organizations.policies import CompanyNotVerified
from talentcenter.organizations.selectors import memberships_of_user
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.talent.selectors import talent_profile_of_user
from talentcenter.web.dashboard import next_steps
from talentcenter.web.menus import audience_of


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "web/home.html", {"industries": AdvancedIndustry.choices, "audience": audience_of(request.user)}
    )


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """About the center: what it does, its programmes, whom it serves and how to reach it."""
    return render(request, f"web/about_{current_language()}.html", {"industries": AdvancedIndustry.choices})


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The web accessibility statement: the standard followed, how it is checked, known limits."""
    return render(request, f"web/accessibility_{current_language()}.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where a person lands after signing in: what their roles do next, then their own areas."""
    user = signed_in_user(request)
    audience = audience_of(user)
    profile = talent_profile_of_user(user_id=user.pk) if audience.talent else None
    memberships = list(memberships_of_user(user=user)) if audience.company else []
    return render(
        request,
        "web/dashboard.html",
        {
            "audience": audience,
            "steps": next_steps(user, audience, profile=profile, memberships=memberships),
            "has_profile": profile is not None,
            "memberships": memberships,
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
