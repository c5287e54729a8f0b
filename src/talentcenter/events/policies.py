"""Who may see and do what with events, registrations and booths.

- Published events are public, and so are cancelled events that had been published (their page
  says so). Drafts are seen by center staff only, who alone create, change, publish and cancel.
- A talent registers with their own profile and sees, cancels and confirms only their own
  registrations. Center staff may cancel anyone's.
- Members of a *verified* company register its booth and manage it; members of a pending company
  see it but may not act (403). Center staff may cancel a booth.
``access_*`` functions fetch and authorise in one call: 404 for what the actor may not see, 403
for what it may see but not do. Services check again on the locked row.
"""

from __future__ import annotations

from django.http import Http404

from talentcenter.accounts.policies import Visitor
from talentcenter.events.enums import EventStatus
from talentcenter.events.models import BoothRegistration, Event, TalentRegistration
from talentcenter.jobs.policies import (
    can_act_for_company,
    is_center_staff,
    is_member,
    member_company_status,
    talent_profile_id,
)
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import Company
from talentcenter.organizations.policies import CompanyNotVerified

__all__ = [
    "access_booth_for_company",
    "access_booth_for_staff",
    "access_company_for_booth",
    "access_event_for_staff",
    "access_event_for_viewing",
    "access_registration_for_staff",
    "access_registration_for_talent",
    "access_ticket_of_booth",
    "access_ticket_of_registration",
    "can_act_for_company",
    "can_manage_events",
    "can_view_event",
    "is_center_staff",
    "is_member",
]


def can_manage_events(user: Visitor) -> bool:
    """Center staff create, publish and cancel events and see every registration."""
    return is_center_staff(user)


def is_public(event: Event) -> bool:
    return event.status == EventStatus.PUBLISHED or (
        event.status == EventStatus.CANCELLED and event.published_at is not None
    )


def can_view_event(user: Visitor, event: Event) -> bool:
    return is_public(event) or can_manage_events(user)


def access_event_for_viewing(*, user: Visitor, event_id: int) -> Event:
    event = Event.objects.filter(pk=event_id).first()
    if event is None or not can_view_event(user, event):
        raise Http404
    return event


def access_event_for_staff(*, user: Visitor, event_id: int) -> Event:
    if not can_manage_events(user):
        raise Http404
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event


def access_registration_for_talent(*, user: Visitor, registration_id: int) -> TalentRegistration:
    """One of the signed-in talent's own registrations; anyone else's is as good as missing."""
    profile_id = talent_profile_id(user)
    registration = (
        TalentRegistration.objects.select_related("event").filter(pk=registration_id, profile_id=profile_id).first()
        if profile_id is not None
        else None
    )
    if registration is None:
        raise Http404
    return registration


def access_registration_for_staff(*, user: Visitor, registration_id: int) -> TalentRegistration:
    if not can_manage_events(user):
        raise Http404
    registration = TalentRegistration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        raise Http404
    return registration


def access_company_for_booth(*, user: Visitor, company_id: int) -> Company:
    """A company the user belongs to; registering its booth needs it verified (403 otherwise)."""
    status = member_company_status(user, company_id)
    company = Company.objects.filter(pk=company_id).first() if status is not None else None
    if company is None:
        raise Http404
    if status != CompanyStatus.VERIFIED:
        raise CompanyNotVerified(company)
    return company


def access_booth_for_company(*, user: Visitor, booth_id: int) -> BoothRegistration:
    booth = BoothRegistration.objects.select_related("event", "company").filter(pk=booth_id).first()
    status = None if booth is None else member_company_status(user, booth.company_id)
    if booth is None or status is None:
        raise Http404
    if status != CompanyStatus.VERIFIED:
        raise CompanyNotVerified(booth.company)
    return booth


def access_booth_for_staff(*, user: Visitor, booth_id: int) -> BoothRegistration:
    if not can_manage_events(user):
        raise Http404
    booth = BoothRegistration.objects.select_related("event", "company").filter(pk=booth_id).first()
    if booth is None:
        raise Http404
    return booth


# --- Tickets (events/tickets.py) ----------------------------------------------------------------
def access_ticket_of_registration(*, user: Visitor, registration_id: int) -> TalentRegistration:
    """A seat's ticket: for its talent and for center staff (who help at the door); anybody
    else's is as good as missing (404)."""
    if can_manage_events(user):
        return access_registration_for_staff(user=user, registration_id=registration_id)
    return access_registration_for_talent(user=user, registration_id=registration_id)


def access_ticket_of_booth(*, user: Visitor, booth_id: int) -> BoothRegistration:
    """A booth's ticket: for the members of its company (verified, as for the booth itself) and
    for center staff; 404 for anybody else."""
    if can_manage_events(user):
        return access_booth_for_staff(user=user, booth_id=booth_id)
    return access_booth_for_company(user=user, booth_id=booth_id)
