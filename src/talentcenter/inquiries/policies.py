"""Who may handle petitions: center staff (reviewers and administrators). A petitioner needs no
account: the signed tracking link is their key to one petition (``access_inquiry_by_token``)."""

from __future__ import annotations

from django.http import Http404

from talentcenter.accounts.policies import Visitor, can_use_back_office, is_signed_in
from talentcenter.inquiries import tokens
from talentcenter.inquiries.enums import InquiryStatus
from talentcenter.inquiries.models import Inquiry


def can_handle_inquiries(user: Visitor) -> bool:
    return can_use_back_office(user)


def access_inquiry_for_staff(user: Visitor, inquiry_id: int) -> Inquiry:
    """404 for non-staff and for a petition not yet confirmed (it is not received yet)."""
    if not can_handle_inquiries(user):
        raise Http404
    inquiry = (
        Inquiry.objects.select_related("assignee", "drafted_by", "approved_by", "duplicate_of", "petitioner")
        .exclude(status=InquiryStatus.UNVERIFIED)
        .filter(pk=inquiry_id)
        .first()
    )
    if inquiry is None:
        raise Http404
    return inquiry


def access_inquiry_by_token(token: str) -> Inquiry:
    """The petition a tracking link opens; 404 for a forged link or after anonymisation."""
    read = tokens.read_track_token(token)
    if read is None:
        raise Http404
    inquiry_id, key = read
    inquiry = Inquiry.objects.select_related("duplicate_of").filter(pk=inquiry_id, tracking_key=key).first()
    if inquiry is None or inquiry.status == InquiryStatus.UNVERIFIED:
        raise Http404
    return inquiry


def is_own_inquiry(user: Visitor, inquiry: Inquiry) -> bool:
    return is_signed_in(user) and inquiry.petitioner_id == user.pk
