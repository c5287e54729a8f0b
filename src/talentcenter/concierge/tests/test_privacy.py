"""The concierge in a person's rights: the download holds their plan and requests (never the desk's
internal notes); deleting the account erases what they wrote and keeps the desk's statistics."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from talentcenter.concierge import services
from talentcenter.concierge.models import ConciergeRequest, SettlementPlan
from talentcenter.concierge.privacy import ERASED
from talentcenter.concierge.services import Upload
from talentcenter.concierge.tests.support import desk, make_request, pdf_bytes, person
from talentcenter.privacy import registry
from talentcenter.privacy.services import account_delete
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_plan_and_requests_without_internal_notes() -> None:
    holder, member = person(), desk()
    services.plan_update(actor=holder, situation="f2t", with_family=False, entry_date=None, visa_start=None)
    request = make_request(holder)
    services.request_message(actor=member, request=request, body="Internal: VIP", internal=True)
    services.request_message(actor=member, request=request, body="Here are options.")
    plan = registry.hooks.export_sections["settlement_plan"](holder)
    requests = registry.hooks.export_sections["concierge_requests"](holder)
    assert plan["situation"] == "f2t" and plan["steps"]
    assert [message["body"] for message in requests[0]["messages"]] == [
        "We need a two-bedroom flat near Pangyo from March.",
        "Here are options.",
    ]


def test_deleting_the_account_erases_what_the_person_wrote_and_keeps_the_statistics() -> None:
    holder, member = person(), desk()
    services.plan_update(actor=holder, situation="f2t", with_family=False, entry_date=None, visa_start=None)
    request = make_request(holder, files=[Upload(name="lease.pdf", data=pdf_bytes("Lease"))])
    stored = request.messages.get().attachments.get().file.name
    services.request_message(actor=member, request=request, body="Here are options.")
    services.request_transition(actor=member, request=request, name="resolve")
    services.request_rate(actor=holder, request=request, rating=4, comment="My landlord is Mr Park.")

    account_delete(actor=holder, password=PASSWORD)

    request = ConciergeRequest.objects.get(pk=request.pk)
    assert not SettlementPlan.objects.filter(person=holder).exists()
    assert (request.subject, request.rating, request.rating_comment) == (ERASED, 4, "")
    assert [message.body for message in request.messages.all()] == [ERASED, "Here are options."]
    assert not request.messages.first().attachments.exists()  # type: ignore[union-attr]
    assert not default_storage.exists(stored)
