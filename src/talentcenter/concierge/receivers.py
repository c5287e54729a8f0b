"""The concierge listens to documents: an issued K-Tech Pass certificate or recommendation letter
starts its holder's settlement plan (documents sits below and cannot call the concierge)."""

from __future__ import annotations

from typing import Any

from talentcenter.concierge.enums import Situation
from talentcenter.documents.enums import DocumentKind
from talentcenter.documents.holders import holders_of
from talentcenter.documents.models import IssuedDocument
from talentcenter.documents.signals import document_issued

SITUATION_OF_KIND = {
    DocumentKind.KTECH_PASS_CERTIFICATE: Situation.KTECH_PASS,
    DocumentKind.KOTRA_RECOMMENDATION_LETTER: Situation.E7,
}


def start_plan_for_holder(sender: Any, *, document: IssuedDocument, **kwargs: Any) -> None:
    """Sent after the document's transaction commits; starting a plan twice returns the first."""
    from talentcenter.concierge.services import plan_start

    situation = SITUATION_OF_KIND.get(document.kind)  # type: ignore[call-overload]
    if situation is None:
        return
    holder = holders_of([document]).get(document.pk)
    if holder is None:
        return
    plan_start(person=holder, situation=situation, source_document=document.serial)


def connect() -> None:
    document_issued.connect(start_plan_for_holder, dispatch_uid="concierge.start_plan_for_holder")
