"""Who is told what by the concierge: in the app and by e-mail, in the recipient's own language.

The services call these inside their transaction: the in-app notices roll back with the change
and the e-mails are queued for after the commit (``notifications.services.notify``). An internal
note tells nobody but an assignee who did not write it.
"""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.concierge.enums import ServiceCategory
from talentcenter.concierge.models import ConciergeRequest, PlanStep
from talentcenter.notifications.services import notice_path, notify, notify_users


def _person_link(request: ConciergeRequest) -> str:
    return notice_path("concierge:request", request_id=request.pk)


def _staff_link(request: ConciergeRequest) -> str:
    return notice_path("concierge_backoffice:detail", request_id=request.pk)


def concierge_staff() -> list[User]:
    """The people of the concierge desk, told of a new request nobody has taken yet."""
    return list(User.objects.filter(groups__name=Role.CONCIERGE, is_active=True).distinct().order_by("pk"))


def _category(request: ConciergeRequest) -> str:
    return str(ServiceCategory(request.category).label)


def request_received(request: ConciergeRequest) -> None:
    """The person gets a receipt with the promised date; the desk hears of a new request."""
    due = request.due_date
    notify(
        recipient=request.requester,
        kind="concierge.request_received",
        title=lambda: _("We received your request {reference}").format(reference=request.reference),
        body=lambda: _(
            "Thank you. Your request “{subject}” ({category}) is with the concierge desk. We answer by {due}."
        ).format(subject=request.subject, category=_category(request), due=formats.date_format(due) if due else "–"),
        link=_person_link(request),
    )
    notify_users(
        [request.assignee] if request.assignee else concierge_staff(),
        kind="concierge.request_new",
        title=lambda: _("New concierge request {reference}").format(reference=request.reference),
        body=lambda: _("{category}: {subject}").format(category=_category(request), subject=request.subject),
        link=_staff_link(request),
    )


def staff_replied(request: ConciergeRequest, *, actor: User, waiting: bool) -> None:
    if waiting:
        title = lambda: _("The concierge needs your reply on {reference}").format(reference=request.reference)  # noqa: E731
    else:
        title = lambda: _("New answer on your request {reference}").format(reference=request.reference)  # noqa: E731
    notify_users(
        [request.requester],
        kind="concierge.staff_replied",
        title=title,
        body=lambda: _("Read the answer on “{subject}” and reply on the request's page.").format(
            subject=request.subject
        ),
        link=_person_link(request),
        skip=actor,
    )


def person_replied(request: ConciergeRequest, *, actor: User) -> None:
    recipients: list[Any] = [request.assignee] if request.assignee else concierge_staff()
    notify_users(
        recipients,
        kind="concierge.person_replied",
        title=lambda: _("{reference}: the person replied").format(reference=request.reference),
        body=lambda: _("A new message on “{subject}”.").format(subject=request.subject),
        link=_staff_link(request),
        skip=actor,
    )


def note_added(request: ConciergeRequest, *, actor: User) -> None:
    notify_users(
        [request.assignee],
        kind="concierge.note_added",
        title=lambda: _("{reference}: a colleague added an internal note").format(reference=request.reference),
        body=lambda: _("An internal note on “{subject}”.").format(subject=request.subject),
        link=_staff_link(request),
        skip=actor,
    )


def assigned(request: ConciergeRequest, *, actor: User) -> None:
    notify_users(
        [request.assignee],
        kind="concierge.assigned",
        title=lambda: _("{reference} is assigned to you").format(reference=request.reference),
        body=lambda: _("{category}: {subject}").format(category=_category(request), subject=request.subject),
        link=_staff_link(request),
        skip=actor,
    )


def resolved(request: ConciergeRequest, *, actor: User) -> None:
    """Resolving asks the person how it went (1 to 5) or to reply if it is not done."""
    notify_users(
        [request.requester],
        kind="concierge.resolved",
        title=lambda: _("Your request {reference} is resolved: how did we do?").format(reference=request.reference),
        body=lambda: _(
            "We consider “{subject}” done. Please rate our help from 1 to 5 on the request's page, or reply "
            "there if something is still missing."
        ).format(subject=request.subject),
        link=_person_link(request),
        skip=actor,
    )


def closed(request: ConciergeRequest) -> None:
    if request.rating is not None:
        return
    notify(
        recipient=request.requester,
        kind="concierge.closed",
        title=lambda: _("Your request {reference} is closed").format(reference=request.reference),
        body=lambda: _("Tell us how we did: you can still rate our help from 1 to 5 on the request's page."),
        link=_person_link(request),
    )


def withdrawn(request: ConciergeRequest, *, actor: User) -> None:
    notify_users(
        [request.assignee],
        kind="concierge.withdrawn",
        title=lambda: _("{reference} was withdrawn").format(reference=request.reference),
        body=lambda: _("The person withdrew “{subject}”.").format(subject=request.subject),
        link=_staff_link(request),
        skip=actor,
    )


def step_reminder(step: PlanStep) -> None:
    """A step is due soon, or can be taken from today."""
    service = step.service
    if step.due_date:
        title = lambda: _("Settlement plan: {step} is due by {date}").format(  # noqa: E731
            step=service.title, date=formats.date_format(step.due_date)
        )
    else:
        title = lambda: _("Settlement plan: you can now go ahead with {step}").format(step=service.title)  # noqa: E731
    notify(
        recipient=step.plan.person,
        kind="concierge.step_reminder",
        title=title,
        body=lambda: _("{summary} The concierge desk can help: open your settlement plan to ask.").format(
            summary=service.summary
        ),
        link=notice_path("concierge:plan"),
    )


def plan_started(person: User) -> None:
    notify(
        recipient=person,
        kind="concierge.plan_started",
        title=lambda: _("Your settlement plan is ready"),
        body=lambda: _(
            "Congratulations. The concierge desk prepared the steps for settling in Korea. Add your date of "
            "entry and the start of your visa to see when each one is due."
        ),
        link=notice_path("concierge:plan"),
    )
