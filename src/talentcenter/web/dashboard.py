""" "My page" leads with what the person does next, by role (``web/menus.py: Audience``):

- a professional finishes the profile, checks eligibility and follows their applications;
- a company's person gets the company verified, posts openings and reviews applicants;
- staff work the case queue and verify companies; an evaluator scores assignments; a policy
  analyst opens the policy tools.

Each step is a title, a short text (counts where they say what is waiting) and the links to act.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from talentcenter.accounts.models import User
from talentcenter.cases import queues
from talentcenter.cases.clock import seoul_date
from talentcenter.cases.selectors import evaluations_to_score, party_case_counts
from talentcenter.concierge import selectors as concierge_selectors
from talentcenter.inquiries import selectors as inquiry_selectors
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import CompanyMembership
from talentcenter.organizations.selectors import companies_pending_verification
from talentcenter.talent.models import TalentProfile
from talentcenter.talent.services import profile_missing_parts
from talentcenter.web.menus import Audience


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    primary: bool = False


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    links: tuple[Link, ...]
    items: tuple[str, ...] = field(default=())


def _talent_steps(profile: TalentProfile | None) -> list[Step]:
    steps = []
    if profile is None:
        steps.append(
            Step(
                _("Create your talent profile"),
                _(
                    "You have no talent profile yet. Overseas professionals create one to be found by companies "
                    "and to apply for programmes."
                ),
                (Link(_("Create my profile"), reverse("talent:profile"), primary=True),),
            )
        )
    else:
        missing = profile_missing_parts(profile)
        if missing:
            steps.append(
                Step(
                    _("Finish your talent profile"),
                    _("Companies and the center's programmes use your profile. It still needs:"),
                    (Link(_("Continue my profile"), reverse("talent:profile"), primary=True),),
                    tuple(missing),
                )
            )
    steps.append(
        Step(
            _("Check your eligibility"),
            _(
                "See which fast tracks you may qualify for (K-Tech Pass, the Top-tier visa, KOTRA's "
                "recommendation), and why."
            ),
            (Link(_("Check my eligibility"), reverse("policy:pathfinder"), primary=not steps),),
        )
    )
    return steps


def _applications_step(user: User, *, for_company: bool) -> Step:
    counts = party_case_counts(user)
    items = [
        ngettext("%(count)s application in progress", "%(count)s applications in progress", counts.in_progress)
        % {"count": counts.in_progress}
    ]
    if counts.waiting_for_answer:
        items.append(
            ngettext(
                "%(count)s waiting for an answer to the center's request",
                "%(count)s waiting for an answer to the center's request",
                counts.waiting_for_answer,
            )
            % {"count": counts.waiting_for_answer}
        )
    if counts.invitations:
        items.append(
            ngettext(
                "%(count)s invitation from a company to accept or decline",
                "%(count)s invitations from companies to accept or decline",
                counts.invitations,
            )
            % {"count": counts.invitations}
        )
    title = _("Applications for your hires") if for_company else _("Follow your applications")
    return Step(
        title,
        _(
            "K-Tech Pass applications and KOTRA employment recommendations: their status, requests to answer "
            "and issued documents."
        ),
        (
            Link(_("Open my applications"), reverse("cases:list"), primary=bool(counts.waiting_for_answer)),
            Link(_("Start an application"), reverse("cases:start")),
        ),
        tuple(items),
    )


def _company_steps(memberships: list[CompanyMembership]) -> list[Step]:
    if not memberships:
        return [
            Step(
                _("Register your company"),
                _(
                    "You are not a member of any company. Korean companies register here as corporate members; "
                    "the center verifies them before they post openings."
                ),
                (Link(_("Register or join a company"), reverse("organizations:register"), primary=True),),
            )
        ]
    steps = []
    verified = [membership.company for membership in memberships if membership.company.status == CompanyStatus.VERIFIED]
    for membership in memberships:
        company = membership.company
        detail = reverse("organizations:detail", args=[company.pk])
        if company.status == CompanyStatus.PENDING:
            steps.append(
                Step(
                    _("Wait for the verification of %(company)s") % {"company": company.name},
                    _("The center checks your registration. You can post openings once it is verified."),
                    (Link(_("Open the company"), detail),),
                )
            )
        elif company.status == CompanyStatus.REJECTED:
            steps.append(
                Step(
                    _("Correct the registration of %(company)s") % {"company": company.name},
                    _("The center could not verify it. Read the reason, correct the registration and send it again."),
                    (Link(_("Open the company"), detail, primary=True),),
                )
            )
    if verified:
        steps.append(
            Step(
                _("Post an opening"),
                _("Publish an opening on the job board; the center's matching suggests candidates for it."),
                (Link(_("Post an opening"), f"{reverse('jobs:manage_new')}?company={verified[0].pk}", primary=True),),
            )
        )
        steps.append(
            Step(
                _("Review your applicants"),
                _("See who applied to your openings, move them through the stages and ask the center for talent."),
                (
                    Link(_("Openings and applicants"), reverse("jobs:manage"), primary=True),
                    Link(_("Ask the center for talent"), reverse("jobs:talent_requests")),
                ),
            )
        )
    return steps


def _staff_steps(user: User) -> list[Step]:
    counts = queues.tab_counts(user=user)
    pending = companies_pending_verification().count()
    queue_text = (
        _(
            "%(overdue)s overdue, %(due_soon)s due soon, %(unassigned)s without a reviewer, "
            "%(paused)s paused for the applicant."
        )
        % counts
    )
    return [
        Step(
            _("Work the application queue"),
            queue_text,
            (Link(_("Open the queue"), reverse("cases_backoffice:queue"), primary=True),),
        ),
        Step(
            _("Verify companies"),
            ngettext("%(count)s company waits for verification.", "%(count)s companies wait for verification.", pending)
            % {"count": pending},
            (Link(_("Open the back office"), reverse("backoffice:index")),),
        ),
        Step(
            _("Answer petitions"),
            _(
                "%(overdue)s past their deadline, %(due_soon)s due within two days, %(unassigned)s without an "
                "assignee, %(to_review)s answers waiting for your review."
            )
            % inquiry_selectors.staff_counts(user=user, today=seoul_date(timezone.now())),
            (Link(_("Open the petitions"), reverse("inquiries_backoffice:queue")),),
        ),
    ]


def _settlement_step(user: User) -> Step | None:
    """A pass holder's settlement plan: the next step and its date (proactive, not only reminders)."""
    plan, step = concierge_selectors.next_plan_step(user)
    if plan is None:
        return None
    if step is None:
        text = _("Every step of your settlement plan is done or set aside.")
    elif step.due_date:
        text = _("Next: %(step)s, due by %(date)s.") % {"step": step.service.title, "date": date_format(step.due_date)}
    elif step.available_from:
        text = _("Next: %(step)s, possible from %(date)s.") % {
            "step": step.service.title,
            "date": date_format(step.available_from),
        }
    else:
        text = _("Next: %(step)s.") % {"step": step.service.title}
    return Step(
        _("Your settlement plan"),
        text,
        (
            Link(_("Open my plan"), reverse("concierge:plan"), primary=True),
            Link(_("Ask the concierge"), reverse("concierge:request_new")),
        ),
    )


def _concierge_desk_step() -> Step:
    counts = concierge_selectors.desk_counts(timezone.localdate())
    return Step(
        _("Work the concierge queue"),
        _(
            "%(active)s active requests: %(overdue)s overdue, %(unassigned)s without an assignee, "
            "%(waiting)s waiting for the person."
        )
        % counts,
        (Link(_("Open the concierge queue"), reverse("concierge_backoffice:queue"), primary=True),),
    )


def _evaluator_step(user: User) -> Step:
    waiting = evaluations_to_score(user)
    return Step(
        _("Score your assignments"),
        ngettext(
            "%(count)s application waits for your evaluation.",
            "%(count)s applications wait for your evaluation.",
            waiting,
        )
        % {"count": waiting},
        (Link(_("Open my evaluations"), reverse("evaluations:list"), primary=True),),
    )


def _policy_step() -> Step:
    return Step(
        _("Policy tools"),
        _("Review the parameters in force, draft variants, run what-if simulations and import ranking editions."),
        (Link(_("Open the policy tools"), reverse("policy_backoffice:index"), primary=True),),
    )


def next_steps(
    user: User, audience: Audience, *, profile: TalentProfile | None, memberships: list[CompanyMembership]
) -> list[Step]:
    """What ``user`` does next, the work of their roles first."""
    steps: list[Step] = []
    if audience.back_office:
        steps += _staff_steps(user)
    if audience.concierge_desk:
        steps.append(_concierge_desk_step())
    if audience.evaluator:
        steps.append(_evaluator_step(user))
    if audience.policy_tools:
        steps.append(_policy_step())
    if audience.company:
        steps += _company_steps(memberships)
    if audience.talent:
        steps += _talent_steps(profile)
        settlement = _settlement_step(user)
        if settlement is not None:
            steps.append(settlement)
    if audience.is_party:
        steps.append(_applications_step(user, for_company=audience.company and not audience.talent))
    return steps
