"""Who may see and do what in the concierge.

- The catalogue is public; concierge staff (the concierge role, reviewers and administrators) edit it.
- Any signed-in person keeps their own settlement plan and makes requests; they see only their own
  requests, and never the internal notes on them.
- Concierge staff see every request, answer, write internal notes, assign and resolve.
``access_*`` functions fetch and authorise in one call: 404 for what the actor may not see.
"""

from __future__ import annotations

from django.http import Http404

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor, is_signed_in
from talentcenter.concierge.models import ConciergeRequest, PlanStep, RequestAttachment


def can_serve_concierge(user: Visitor) -> bool:
    """Concierge staff: the concierge role, and reviewers and administrators who stand in."""
    return is_signed_in(user) and (
        user.is_superuser
        or user.has_role(Role.CONCIERGE)
        or user.has_role(Role.STAFF_REVIEWER)
        or user.has_role(Role.ADMINISTRATOR)
    )


def can_use_concierge(user: Visitor) -> bool:
    """Anyone signed in may keep a plan and ask the concierge (holders, family members, applicants)."""
    return is_signed_in(user)


def can_see_request(user: Visitor, request: ConciergeRequest) -> bool:
    return is_signed_in(user) and (request.requester_id == user.pk or can_serve_concierge(user))


def access_request_for_person(*, user: User, request_id: int) -> ConciergeRequest:
    """The person's own request (404 for anybody else's, staff included: they use the back office)."""
    found = ConciergeRequest.objects.select_related("service").filter(pk=request_id, requester=user).first()
    if found is None:
        raise Http404
    return found


def access_request_for_staff(*, user: Visitor, request_id: int) -> ConciergeRequest:
    if not can_serve_concierge(user):
        raise Http404
    found = ConciergeRequest.objects.select_related("requester", "assignee", "service").filter(pk=request_id).first()
    if found is None:
        raise Http404
    return found


def access_step_for_person(*, user: User, step_id: int) -> PlanStep:
    found = PlanStep.objects.select_related("plan", "service").filter(pk=step_id, plan__person=user).first()
    if found is None:
        raise Http404
    return found


def access_attachment(*, user: Visitor, attachment_id: int) -> RequestAttachment:
    """An attachment its request's person may download (not on an internal note), or staff."""
    found = RequestAttachment.objects.select_related("message__request__requester").filter(pk=attachment_id).first()
    if found is None or not is_signed_in(user):
        raise Http404
    request = found.message.request
    if can_serve_concierge(user):
        return found
    if request.requester_id != user.pk or found.message.internal:
        raise Http404
    return found
