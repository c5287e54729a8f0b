"""Who may do what with issued documents.

Issuing is back-office work (center staff). Revoking takes two people, as reopening a case does:
a staff member asks for it (a reason and a note), and a different staff member confirms it; the
person who asked can never confirm. A lead (administrator or superuser) may revoke alone, as when
reopening a decided case. Verifying is public, so it needs no policy: anyone holding a serial
learns the state, the kind, the dates and the holder's masked name, nothing more. The PDF itself
goes only to the holder's case parties and to staff (``documents.files``).
"""

from __future__ import annotations

from typing import TypeGuard

from django.core.exceptions import PermissionDenied

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor, can_use_back_office, is_signed_in
from talentcenter.documents.models import IssuedDocument


def can_issue_documents(user: Visitor) -> bool:
    """Center staff issue certificates and letters (the case workflow calls the service as them)."""
    return can_use_back_office(user)


def can_see_documents(user: Visitor) -> bool:
    """Center staff find, read and download issued documents."""
    return can_use_back_office(user)


def can_request_revocation(user: Visitor) -> bool:
    return can_use_back_office(user)


def is_lead(user: Visitor) -> TypeGuard[User]:
    """Leads revoke without a second person: administrators (and superusers)."""
    return is_signed_in(user) and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))


def can_confirm_revocation(user: Visitor, document: IssuedDocument) -> bool:
    """Another staff member than the one who asked (four eyes)."""
    return (
        can_use_back_office(user)
        and document.revocation_requested_by_id is not None
        and getattr(user, "pk", None) != document.revocation_requested_by_id
    )


def can_withdraw_revocation_request(user: Visitor, document: IssuedDocument) -> bool:
    """The person who asked withdraws the request; any other staff member may turn it down."""
    return can_use_back_office(user) and document.revocation_requested_by_id is not None


def ensure_can_issue(user: Visitor) -> None:
    if not can_issue_documents(user):
        raise PermissionDenied


def ensure(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
