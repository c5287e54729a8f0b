"""Who is told what about talent requests, in the app and by e-mail in their own language.

The services call these inside their transaction: the notices roll back with the change, and the
e-mails (``notify`` queues them) leave after the commit. Texts are built per language by
``notify`` (the lambdas run under ``translation.override``), so the talent's invitation e-mail is in
the talent's preferred language. A notice to the company never names a talent, not even a released
one: a notice or an e-mail cannot be taken back when the talent withdraws, so the name and the data
stay on the request's page, which shows them only while the release stands.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.jobs.models import ShortlistEntry, TalentRequest
from talentcenter.jobs.selectors.requests import criteria_summary
from talentcenter.notifications.services import notice_path, notify_users
from talentcenter.organizations.selectors import company_recipients


def company_link(talent_request: TalentRequest) -> str:
    """The request on the company's pages."""
    return notice_path("jobs:talent_request_detail", pk=talent_request.pk)


def invitations_link() -> str:
    """The talent's invitations to share their profile."""
    return notice_path("jobs:invitations")


def backoffice_link(talent_request: TalentRequest) -> str:
    return notice_path("jobs_backoffice:detail", pk=talent_request.pk)


def _company_users(talent_request: TalentRequest) -> list[User]:
    return company_recipients(company_id=talent_request.company_id)


def request_created(talent_request: TalentRequest) -> None:
    notify_users(
        _company_users(talent_request),
        kind="jobs.talent_request_created",
        title=lambda: _("Talent request {reference} received").format(reference=talent_request.reference),
        body=lambda: _(
            "The Global Talent Center has received your request “{title}”. Our staff will curate a shortlist; "
            "you will see a candidate's profile as soon as the candidate agrees to share it with you."
        ).format(title=talent_request.title),
        link=company_link(talent_request),
    )


def curating_started(talent_request: TalentRequest) -> None:
    notify_users(
        _company_users(talent_request),
        kind="jobs.talent_request_curating",
        title=lambda: _("The center is looking for candidates ({reference})").format(
            reference=talent_request.reference
        ),
        body=lambda: _("Our staff have started to curate a shortlist for “{title}”.").format(
            title=talent_request.title
        ),
        link=company_link(talent_request),
    )


def talent_invited(entry: ShortlistEntry, talent_request: TalentRequest) -> None:
    company = talent_request.company

    def body() -> str:
        lines = [
            _(
                "{company} has asked the Global Talent Center for talent: “{title}”. We think your profile fits "
                "and would like to share it with them — only if you agree."
            ).format(company=company.name, title=talent_request.title),
            "",
            _("What they are looking for:"),
            *(f"- {line}" for line in criteria_summary(talent_request.criteria)),
        ]
        if entry.note_for_talent:
            lines += ["", _("Why we think it fits you:"), entry.note_for_talent]
        lines += [
            "",
            _(
                "If you agree, {company} will see your name, contact details, education, experience, skills and "
                "languages. If you decline, they will never learn who you are. Agree or decline on your "
                "invitations page."
            ).format(company=company.name),
        ]
        return "\n".join(lines)

    notify_users(
        [entry.profile.user],
        kind="jobs.shortlist_invite",
        title=lambda: _("{company} is looking for talent like you").format(company=company.name),
        body=body,
        link=invitations_link(),
    )


def shortlist_sent(talent_request: TalentRequest) -> None:
    notify_users(
        _company_users(talent_request),
        kind="jobs.talent_request_shortlist_sent",
        title=lambda: _("Your shortlist is ready ({reference})").format(reference=talent_request.reference),
        body=lambda: _(
            "The center has proposed candidates for “{title}”. Each profile appears on your request as soon as "
            "the candidate agrees to share it."
        ).format(title=talent_request.title),
        link=company_link(talent_request),
    )


def profile_released(entry: ShortlistEntry, talent_request: TalentRequest) -> None:
    name = entry.profile.full_name
    notify_users(
        _company_users(talent_request),
        kind="jobs.profile_released",
        title=lambda: _("A candidate agreed to share their profile ({reference})").format(
            reference=talent_request.reference
        ),
        body=lambda: _(
            "A candidate agreed to share their profile with you for “{title}”. Open the request to see it."
        ).format(title=talent_request.title),
        link=company_link(talent_request),
    )
    notify_users(
        [talent_request.curator],
        kind="jobs.profile_released",
        title=lambda: _("{name} agreed ({reference})").format(name=name, reference=talent_request.reference),
        body=lambda: _("The profile has been shared with {company}.").format(company=talent_request.company.name),
        link=backoffice_link(talent_request),
    )


def release_withdrawn(entry: ShortlistEntry, talent_request: TalentRequest) -> None:
    """The company learns that a release ended, without a name; the curator learns who withdrew."""
    notify_users(
        _company_users(talent_request),
        kind="jobs.release_withdrawn",
        title=lambda: _("A candidate withdrew their consent ({reference})").format(reference=talent_request.reference),
        body=lambda: _(
            "A candidate has withdrawn their consent to share their profile with you for “{title}”. Their "
            "data are no longer available; please delete any copy you made."
        ).format(title=talent_request.title),
        link=company_link(talent_request),
    )
    notify_users(
        [talent_request.curator],
        kind="jobs.release_withdrawn",
        title=lambda: _("{name} withdrew their consent ({reference})").format(
            name=entry.profile.full_name, reference=talent_request.reference
        ),
        body=lambda: _("{company} no longer sees the profile.").format(company=talent_request.company.name),
        link=backoffice_link(talent_request),
    )


def talent_declined(entry: ShortlistEntry, talent_request: TalentRequest) -> None:
    notify_users(
        [talent_request.curator],
        kind="jobs.shortlist_declined",
        title=lambda: _("A candidate declined ({reference})").format(reference=talent_request.reference),
        body=lambda: _("{name} does not want to share their profile with {company}.").format(
            name=entry.profile.full_name, company=talent_request.company.name
        ),
        link=backoffice_link(talent_request),
    )


def request_closed(talent_request: TalentRequest) -> None:
    notify_users(
        _company_users(talent_request),
        kind="jobs.talent_request_closed",
        title=lambda: _("Talent request {reference} closed").format(reference=talent_request.reference),
        body=lambda: _("The center has closed your request “{title}”. Profiles already shared stay on it.").format(
            title=talent_request.title
        ),
        link=company_link(talent_request),
    )


def request_cancelled(talent_request: TalentRequest) -> None:
    notify_users(
        [talent_request.curator],
        kind="jobs.talent_request_cancelled",
        title=lambda: _("Talent request {reference} cancelled by the company").format(
            reference=talent_request.reference
        ),
        body=lambda: _("{company} has cancelled “{title}”.").format(
            company=talent_request.company.name, title=talent_request.title
        ),
        link=backoffice_link(talent_request),
    )
