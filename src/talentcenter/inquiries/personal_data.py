"""The privacy hooks of petitions: the export lists a person's petitions, erasure anonymises them
(the receipt number, category and dates stay as the record of the public service)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from talentcenter.accounts.models import User
from talentcenter.inquiries.models import Inquiry
from talentcenter.privacy import registry


def inquiries_section(user: User) -> list[dict[str, Any]]:
    return [
        {
            "receipt_number": inquiry.receipt_number,
            "category": inquiry.category,
            "status": inquiry.status,
            "subject": inquiry.subject,
            "body": inquiry.body,
            "name": inquiry.name,
            "email": inquiry.email,
            "received_at": inquiry.received_at.isoformat() if inquiry.received_at else None,
            "answer": inquiry.answer if inquiry.answered_at else "",
            "rating": inquiry.rating,
            "rating_comment": inquiry.rating_comment,
        }
        for inquiry in Inquiry.objects.filter(Q(petitioner=user) | Q(email__iexact=user.email)).order_by("pk")
    ]


def erase_inquiries(user: User) -> None:
    from talentcenter.inquiries.services import anonymise_petitions_of

    anonymise_petitions_of(user)


def register() -> None:
    registry.register_export_section("inquiries", inquiries_section)
    registry.register_eraser("inquiries", erase_inquiries)
