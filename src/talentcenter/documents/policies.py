"""Who may do what with issued documents.

Issuing and revoking are back-office work (center staff); verifying is public, so it needs no
policy: anyone holding a serial may learn whether it is valid, with the holder's name masked.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from talentcenter.accounts.policies import Visitor, can_use_back_office


def can_issue_documents(user: Visitor) -> bool:
    """Center staff issue certificates and letters (the case workflow calls the service as them)."""
    return can_use_back_office(user)


def can_revoke_documents(user: Visitor) -> bool:
    return can_use_back_office(user)


def ensure_can_issue(user: Visitor) -> None:
    if not can_issue_documents(user):
        raise PermissionDenied


def ensure_can_revoke(user: Visitor) -> None:
    if not can_revoke_documents(user):
        raise PermissionDenied
