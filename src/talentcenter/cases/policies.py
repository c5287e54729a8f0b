"""Who may see and do what with a case.

The parties are the talent (the profile's owner) and the members of the hiring company; center
staff (reviewers, administrators) work the case in the back office; an administrator is the
*lead* who may reopen a decided case; external evaluators see only the cases assigned to them.
``access_*`` functions fetch and authorise in one call: 404 for what the actor may not see, 403
for what it may see but not do. Transition services check again on the locked row.

Every predicate takes whoever is asking (an ``accounts.policies.Visitor``: a ``User``, the
anonymous visitor or nobody) and answers no for anyone not signed in. The role predicates
(``is_case_staff``, ``is_lead``, ``is_external_evaluator``) also narrow the type to ``User``.
"""

from __future__ import annotations

from typing import TypeGuard

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.http import Http404

from talentcenter.accounts import policies as account_policies
from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor, can_use_back_office, is_signed_in
from talentcenter.cases.enums import ConflictAnswer, Party
from talentcenter.cases.models import Case, EvaluatorAssignment
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import CompanyMembership


def verified_emails(user: User) -> list[str]:
    """The user's e-mail addresses they have proved they own (an invitation is for an address)."""
    return list(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))


def is_invitee(user: Visitor, case: Case) -> bool:
    """The person a company invited by e-mail, before they accepted: whoever has proved they own
    that address (they may have signed up after the invitation)."""
    return (
        is_signed_in(user)
        and case.talent_id is None
        and bool(case.invited_email)
        and EmailAddress.objects.filter(user=user, verified=True, email__iexact=case.invited_email).exists()
    )


def is_case_talent(user: Visitor, case: Case) -> bool:
    """The case's talent, or — while the case is only an invitation — the person invited."""
    if case.talent_id is None:
        return is_invitee(user, case)
    return is_signed_in(user) and case.profile.user_id == user.pk


def talent_shared_with_company(case: Case) -> bool:
    """The talent accepted the case: the company may see their name, profile data, eligibility
    and documents. Before that it sees only the e-mail it typed and the invitation's status."""
    return case.talent_id is not None and case.talent_accepted_at is not None


def sees_talent_data(user: Visitor, case: Case) -> bool:
    """Whether ``user`` (who may see the case) may see the talent's personal data in it."""
    if case.talent_id is None:
        return False
    return talent_shared_with_company(case) or is_case_talent(user, case) or is_case_staff(user)


def is_case_company_member(user: Visitor, case: Case) -> bool:
    return is_signed_in(user) and CompanyMembership.objects.filter(company_id=case.company_id, user=user).exists()


def is_party(user: Visitor, case: Case) -> bool:
    return is_case_talent(user, case) or is_case_company_member(user, case)


def provides_requirement(user: Visitor, case: Case, party: str) -> bool:
    """Each document of the checklist is provided by one party (``checklist.Requirement.party``):
    the talent's papers by the talent, the company's by its members. Nobody uploads the other's."""
    if party == Party.COMPANY:
        return is_case_company_member(user, case)
    return is_case_talent(user, case)


def party_provides(party: str, *, is_talent: bool, is_company: bool) -> bool:
    """:func:`provides_requirement` for a caller whose relation to the case is already known."""
    return is_company if party == Party.COMPANY else is_talent


def is_case_staff(user: Visitor) -> TypeGuard[User]:
    """Center staff who review, validate, assign and decide."""
    return can_use_back_office(user)


def is_lead(user: Visitor) -> TypeGuard[User]:
    """Leads may reopen decided cases: administrators (and superusers)."""
    return is_signed_in(user) and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))


def is_external_evaluator(user: Visitor) -> TypeGuard[User]:
    return account_policies.is_external_evaluator(user)


def access_evaluator_for_staff(*, user: Visitor, evaluator_id: int) -> User:
    """An external evaluator whose account staff may correct (their organisation); anyone else, or
    an actor who is not staff, is 404."""
    if not is_case_staff(user):
        raise Http404
    evaluator = User.objects.filter(pk=evaluator_id, is_active=True, groups__name=Role.EXTERNAL_EVALUATOR.value).first()
    if evaluator is None:
        raise Http404
    return evaluator


def can_start_cases_for_company(user: Visitor, company_id: int) -> bool:
    """Members of a verified company may start applications for the company."""
    return (
        is_signed_in(user)
        and CompanyMembership.objects.filter(
            company_id=company_id, user=user, company__status=CompanyStatus.VERIFIED
        ).exists()
    )


def can_view_case(user: Visitor, case: Case) -> bool:
    return is_party(user, case) or is_case_staff(user)


def _case(case_id: int) -> Case | None:
    return Case.objects.select_related("talent__user", "company", "reviewer").filter(pk=case_id).first()


def access_case_for_party(*, user: Visitor, case_id: int) -> Case:
    """A case of the talent or of a company the user belongs to."""
    case = _case(case_id)
    if case is None or not is_party(user, case):
        raise Http404
    return case


def access_case_for_staff(*, user: Visitor, case_id: int) -> Case:
    """Any case with a talent: an invitation (accepted by nobody yet) is between the company and
    the person invited until it is accepted."""
    if not is_case_staff(user):
        raise Http404
    case = _case(case_id)
    if case is None or case.talent_id is None:
        raise Http404
    return case


def access_assignment_for_evaluator(*, user: Visitor, assignment_id: int) -> EvaluatorAssignment:
    """An evaluator's own assignment; anyone else's is as good as missing."""
    assignment = (
        EvaluatorAssignment.objects.select_related("case__talent__user", "case__company")
        .filter(pk=assignment_id, evaluator_id=user.pk if user is not None else None)
        .first()
    )
    if assignment is None or not is_external_evaluator(user):
        raise Http404
    return assignment


def can_see_case_file(assignment: EvaluatorAssignment) -> bool:
    """An evaluator sees the file only after declaring no conflict of interest."""
    return assignment.conflict == ConflictAnswer.NONE


def ensure(condition: bool) -> None:
    if not condition:
        raise PermissionDenied
