"""What the talent is told when a company moves their application or invites them to apply: an
in-app notice in Korean and English and an e-mail in the talent's language
(``notifications.services.notify_users``, sent after the commit)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from talentcenter.jobs.enums import ApplicationStage
from talentcenter.jobs.models import JobApplication, Opening
from talentcenter.notifications.services import notice_path, notify_users
from talentcenter.talent.models import TalentProfile


def opening_link(opening: Opening) -> str:
    """The opening's public page on the job board."""
    return notice_path("jobs:opening", opening_id=opening.pk)


def _company_name(opening: Opening) -> str:
    return opening.company.name


def _opening_title(opening: Opening) -> str:
    return opening.title


STAGE_BODIES: dict[str, Callable[[], str]] = {
    ApplicationStage.SCREENING: lambda: _("The company is now reviewing your application."),
    ApplicationStage.INTERVIEW: lambda: _(
        "The company would like to interview you. It will contact you with the details."
    ),
    ApplicationStage.OFFER: lambda: _("The company is making you an offer. Congratulations!"),
    ApplicationStage.HIRED: lambda: _("The company has recorded you as hired. Congratulations!"),
    ApplicationStage.REJECTED: lambda: _(
        "The company has decided not to go further with your application. Thank you for your interest."
    ),
}


def application_stage_changed(application: JobApplication) -> None:
    """Tell the talent that their application moved to a new stage (not the company's notes)."""
    opening = application.opening
    stage = application.stage
    body = STAGE_BODIES.get(stage, lambda: _("The stage of your application has changed."))

    def title() -> str:
        return _("{company}: your application for “{title}” is now “{stage}”").format(
            company=_company_name(opening),
            title=_opening_title(opening),
            stage=str(ApplicationStage(stage).label),
        )

    notify_users(
        [application.profile.user], kind="jobs.application_stage", title=title, body=body, link=opening_link(opening)
    )


def candidate_invited(opening: Opening, profile: TalentProfile, message: str) -> None:
    """A company that found the talent among the ranked candidates invites them to apply."""

    def title() -> str:
        return _("{company} invites you to apply for “{title}”").format(
            company=_company_name(opening), title=_opening_title(opening)
        )

    def body() -> str:
        text = _(
            "{company} found your profile among the candidates that match its opening “{title}” and invites you "
            "to apply. The company does not see your name or contact details until you apply."
        ).format(company=_company_name(opening), title=_opening_title(opening))
        if message:
            text += "\n\n" + _("Message from the company:") + "\n" + message
        return text

    notify_users([profile.user], kind="jobs.candidate_invited", title=title, body=body, link=opening_link(opening))
