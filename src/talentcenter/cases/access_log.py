"""Reads of a talent's data in their cases, for privacy's access log ("who saw me").

A case holds the talent's personal data (their name, the application as submitted, eligibility,
documents). Who reads it is logged where it is read — the portal, the back office and the API call
these after the policy let the read through and before the answer is built. The person whose data
it is, is the case's talent (``Case.talent.user``); an invitation not accepted yet has none, and the
company then sees nothing of them, so nothing is logged. The talent reading their own case is not
logged either (the recorder leaves it out).

Issued documents name their holder only by the case they were issued for (``subject_type``,
``subject_id``): :func:`document_holders` tells documents who that is, registered at start-up
(``CasesConfig.ready``), since documents sits below cases.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Literal

from django.db.models import F, Model

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor
from talentcenter.cases import policies
from talentcenter.cases.models import Case
from talentcenter.documents.holders import register_holder_resolver
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import (
    record_list_access_of_people,
    record_personal_data_access,
    record_personal_data_list_access,
)

Via = Literal["web", "api"]


def talent_users(viewer: Visitor, cases: Iterable[Case]) -> list[User]:
    """The talents whose data ``viewer`` sees in ``cases`` (loaded with ``talent__user``)."""
    return [case.profile.user for case in cases if policies.sees_talent_data(viewer, case)]


def record_case_read(
    *, viewer: User, case: Case, what: AccessWhat = AccessWhat.CASE, obj: Model | None = None, via: Via = "web"
) -> None:
    """Log that ``viewer`` read the talent's data in ``case`` (``what``: the case, one of its
    documents or the document issued for it; ``obj`` the object read, the case by default)."""
    if policies.sees_talent_data(viewer, case):
        record_personal_data_access(viewer=viewer, subject=case.profile.user, what=what, obj=obj or case, via=via)


def record_case_list_read(*, viewer: User, cases: Iterable[Case], via: Via = "web") -> None:
    """Log a list of cases: one row per talent named on it (one SELECT, one bulk INSERT)."""
    record_personal_data_list_access(viewer=viewer, subjects=talent_users(viewer, cases), what=AccessWhat.CASE, via=via)


def record_queue_read(*, viewer: User, talents: Mapping[int, str]) -> None:
    """Log a page of the staff queue, listed as plain values (``queues.QueueRow``) rather than
    cases: ``talents`` maps the account id of each case's talent to its name (``str(user)``). Only
    case staff see the queue, and case staff see the talent's data in every case that has one
    (``policies.sees_talent_data``)."""
    if not policies.is_case_staff(viewer):
        raise PermissionError("only case staff read the staff queue")
    record_list_access_of_people(viewer=viewer, people=talents, what=AccessWhat.CASE, via="web")


def document_holders(subject_ids: Collection[str]) -> dict[str, User]:
    """The talent each case (by id, as issued documents name it) is about, in one query."""
    ids = [int(subject_id) for subject_id in subject_ids if subject_id.isdigit()]
    users = User.objects.filter(talent_profile__cases__pk__in=ids).annotate(case_id=F("talent_profile__cases__pk"))
    return {str(user.case_id): user for user in users}


def register() -> None:
    register_holder_resolver(Case._meta.label_lower, document_holders)
