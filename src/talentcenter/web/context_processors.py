from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

from talentcenter.accounts.policies import can_use_back_office
from talentcenter.policy.policies import can_manage_policy


def site(request: HttpRequest) -> dict[str, Any]:
    """What every page's shell needs: the other language's URL and the user's portals."""
    path = request.get_full_path()
    return {
        "language_urls": {code: translate_url(path, code) for code, _name in settings.LANGUAGES},
        "show_back_office": can_use_back_office(request.user),
        "show_policy_back_office": can_manage_policy(request.user),
        "site_url": settings.SITE_URL,
        "site_host": urlsplit(settings.SITE_URL).netloc,
        "api_docs": settings.TALENTCENTER_API_DOCS,
    }
