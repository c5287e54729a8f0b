"""What the site's menus offer each person, in one place for the header, the mobile menu and the
dashboard.

The main menu holds the public pages and, once signed in, the person's own area: "My talent
profile" for a professional, "My companies" for a company's people, "My applications" for both
(the parties of K-Tech Pass and KOTRA applications) and "My evaluations" for an external evaluator.
Staff tools are not in it: the back office and the policy tools are utility links in the header,
beside the notifications, shown only to the staff who may open them. A link is offered only to
whom it answers: ``web/tests/test_menus.py`` opens every entry as every demo role.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from talentcenter.accounts.enums import Role
from talentcenter.accounts.policies import Visitor, can_use_back_office, is_external_evaluator, is_signed_in
from talentcenter.concierge.policies import can_serve_concierge
from talentcenter.policy.policies import can_manage_policy


@dataclass(frozen=True)
class Audience:
    """The parts of the site a visitor uses, from their roles."""

    signed_in: bool = False
    talent: bool = False
    company: bool = False
    back_office: bool = False
    policy_tools: bool = False
    evaluator: bool = False
    concierge_desk: bool = False

    @property
    def is_party(self) -> bool:
        """Talents and company people are the parties of applications."""
        return self.talent or self.company


def audience_of(user: Visitor) -> Audience:
    """What ``user`` uses. Roles come from sign-up (talent or company), the profile, a company
    membership and staff's grants; an account older than the sign-up question, with none of them,
    is offered both paths. Staff are not offered a talent profile or a company of their own."""
    if not is_signed_in(user):
        return Audience()
    talent = user.has_role(Role.TALENT)
    company = user.has_role(Role.COMPANY_MEMBER)
    if not (talent or company or user.is_back_office):
        talent = company = True
    return Audience(
        signed_in=True,
        talent=talent,
        company=company,
        back_office=can_use_back_office(user),
        policy_tools=can_manage_policy(user),
        evaluator=is_external_evaluator(user),
        concierge_desk=can_serve_concierge(user),
    )


@dataclass(frozen=True)
class MenuEntry:
    label: Promise
    url_name: str


# No "Home" entry: the wordmark and every breadcrumb lead home, and the menu stays on one row.
PUBLIC_ENTRIES = (
    MenuEntry(_("About the center"), "web:about"),
    MenuEntry(_("Check your eligibility"), "policy:pathfinder"),
    MenuEntry(_("Rules in force"), "policy:rules"),
    MenuEntry(_("Job board"), "jobs:board"),
    MenuEntry(_("Events"), "events:list"),
    MenuEntry(_("Guides"), "guides:list"),
    MenuEntry(_("Notices"), "guides:notice_list"),
    MenuEntry(_("Questions and petitions"), "inquiries:new"),
)


def main_menu_entries(audience: Audience) -> list[MenuEntry]:
    """The main menu: the public pages, then the person's own area."""
    entries = list(PUBLIC_ENTRIES)
    if audience.talent:
        entries.append(MenuEntry(_("My talent profile"), "talent:profile"))
    if audience.company:
        entries.append(MenuEntry(_("My companies"), "organizations:mine"))
    if audience.is_party:
        entries.append(MenuEntry(_("My applications"), "cases:list"))
    if audience.talent:
        entries.append(MenuEntry(_("Settlement concierge"), "concierge:plan"))
    if audience.evaluator:
        entries.append(MenuEntry(_("My evaluations"), "evaluations:list"))
    return entries


def staff_tool_entries(audience: Audience) -> list[MenuEntry]:
    """The staff tools, linked in the header's utility bar for those who may open them."""
    entries = []
    if audience.back_office:
        entries.append(MenuEntry(_("Back office"), "backoffice:index"))
    if audience.concierge_desk:
        entries.append(MenuEntry(_("Concierge desk"), "concierge_backoffice:queue"))
    if audience.policy_tools:
        entries.append(MenuEntry(_("Policy tools"), "policy_backoffice:index"))
    return entries
