"""Who is told what when a talent applies or withdraws, and the saved-search alert digests.

The services call these inside their transaction: the in-app notices are written at once (they
roll back with the change) and every e-mail is queued, in the recipient's own language, to be
sent by a task after the commit (``notifications.services``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.foundation.i18n import language_of
from talentcenter.jobs.models import JobApplication, Opening, SavedSearch
from talentcenter.notifications.models import OutboundEmail
from talentcenter.notifications.services import email_queue, notice_path, notify_users
from talentcenter.organizations.selectors import company_recipients

DIGEST_TEMPLATE = "jobs/email/applications_search_digest"


def applicant_path(application: JobApplication) -> str:
    """The application in the company's pipeline."""
    return notice_path("jobs:manage_application", application_id=application.pk)


def _company_users(opening: Opening) -> list[User]:
    return company_recipients(company_id=opening.company_id)


def application_submitted(application: JobApplication) -> None:
    opening, profile = application.opening, application.profile
    notify_users(
        _company_users(opening),
        kind="jobs.application_submitted",
        title=lambda: _("New applicant for {title}: {name}").format(title=opening.title, name=profile.full_name or "-"),
        body=lambda: _(
            "{name} has applied to your opening “{title}” with their talent profile. Review the application "
            "in the opening's pipeline."
        ).format(name=profile.full_name or "-", title=opening.title),
        link=applicant_path(application),
    )


def application_withdrawn(application: JobApplication) -> None:
    opening, profile = application.opening, application.profile
    notify_users(
        _company_users(opening),
        kind="jobs.application_withdrawn",
        title=lambda: _("{name} withdrew their application for {title}").format(
            name=profile.full_name or "-", title=opening.title
        ),
        body=lambda: _("The talent has withdrawn their application to “{title}”.").format(title=opening.title),
        link=applicant_path(application),
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
                "url": settings.SITE_URL + reverse("jobs:opening", kwargs={"opening_id": opening.pk}),
            }
            for opening in openings
        ]
        context = {
            "user": user,
            "search": search,
            "openings": items,
            "total": total,
            "more": max(0, total - len(items)),
            "searches_url": settings.SITE_URL + reverse("jobs:my_searches"),
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
