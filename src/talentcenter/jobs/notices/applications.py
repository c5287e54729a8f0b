"""Who is told what when a talent applies or withdraws, and the saved-search alert digests.

The services call these inside their transaction: the in-app notices are written at once (they
roll back with the change) and every e-mail is queued, in the recipient's own language, to be
sent by a task after the commit (``notifications.services``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from talentcenter.foundation.i18n import language_of
from talentcenter.jobs.models import JobApplication, Opening, SavedSearch
from talentcenter.notifications.models import OutboundEmail
from talentcenter.notifications.services import email_queue, notify
from talentcenter.organizations.models import CompanyMembership

DIGEST_TEMPLATE = "jobs/email/applications_search_digest"


def _path_below_language(name: str, fallback: str, **kwargs: Any) -> str:
    """A page's path without its language prefix (``/jobs/12/``), as notices keep their links."""
    with translation.override("en"):
        try:
            return reverse(name, kwargs=kwargs).removeprefix("/en")
        except NoReverseMatch:
            return fallback


def opening_path(opening_id: int) -> str:
    """The opening's public page on the job board."""
    return _path_below_language("jobs:opening", f"/jobs/{opening_id}/", opening_id=opening_id)


def applicant_path(application: JobApplication) -> str:
    """The application in the company's pipeline."""
    return _path_below_language(
        "jobs:manage_application", opening_path(application.opening_id), application_id=application.pk
    )


def opening_url(opening_id: int, language: str) -> str:
    return f"{settings.SITE_URL}/{language}{opening_path(opening_id)}"


def _company_users(opening: Opening) -> list[Any]:
    return [
        membership.user
        for membership in CompanyMembership.objects.filter(company_id=opening.company_id).select_related("user")
    ]


def _send(users: Iterable[Any], kind: str, title: Any, body: Any, link: str) -> None:
    seen: set[int] = set()
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notify(recipient=user, kind=kind, title=title, body=body, link=link)


def application_submitted(application: JobApplication) -> None:
    opening, profile = application.opening, application.profile
    _send(
        _company_users(opening),
        "jobs.application_submitted",
        lambda: _("New applicant for {title}: {name}").format(title=opening.title, name=profile.full_name or "-"),
        lambda: _(
            "{name} has applied to your opening “{title}” with their talent profile. Review the application "
            "in the opening's pipeline."
        ).format(name=profile.full_name or "-", title=opening.title),
        applicant_path(application),
    )


def application_withdrawn(application: JobApplication) -> None:
    opening, profile = application.opening, application.profile
    _send(
        _company_users(opening),
        "jobs.application_withdrawn",
        lambda: _("{name} withdrew their application for {title}").format(
            name=profile.full_name or "-", title=opening.title
        ),
        lambda: _("The talent has withdrawn their application to “{title}”.").format(title=opening.title),
        applicant_path(application),
    )


def saved_search_digest(search: SavedSearch, openings: Sequence[Opening], *, total: int) -> OutboundEmail | None:
    """One e-mail to the search's owner, in their language, listing up to ten new openings."""
    user = search.user
    if not user.email or not user.is_active:
        return None
    language = language_of(user.preferred_language)
    with translation.override(language):
        items = [
            {
                "title": opening.title,
                "company": opening.company.name,
                "region": opening.get_region_display(),
                "url": opening_url(opening.pk, language),
            }
            for opening in openings
        ]
        context = {
            "user": user,
            "search": search,
            "openings": items,
            "total": total,
            "more": max(0, total - len(items)),
            "searches_url": f"{settings.SITE_URL}/{language}{_searches_path()}",
        }
        subject = render_to_string(f"{DIGEST_TEMPLATE}_subject.txt", context)
        body_text = render_to_string(f"{DIGEST_TEMPLATE}_message.txt", context)
        body_html = render_to_string(f"{DIGEST_TEMPLATE}_message.html", context)
    return email_queue(
        to=user.email,
        subject=" ".join(subject.split()),
        body_text=body_text,
        body_html=body_html,
        language=language,
        template="jobs_saved_search_digest",
    )


def _searches_path() -> str:
    return _path_below_language("jobs:my_searches", "/jobs/my/searches/")
