"""The concierge's pages: a person asks with an attachment, the desk answers, resolves, the person
rates; the queue costs the same queries for more requests; the catalogue and service levels are
edited in the back office; nobody else sees the desk's pages."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from talentcenter.audit.models import AuditEvent
from talentcenter.concierge import services
from talentcenter.concierge.enums import RequestStatus, ServiceCategory
from talentcenter.concierge.models import ConciergeRequest, SettlementService
from talentcenter.concierge.tests.support import desk, make_request, pdf_bytes, person
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import ACCESS_ACTION

pytestmark = pytest.mark.django_db

# A page of the desk's queue: the session, the user, the second factor, the desk members (filter
# and menu), the count, the rows and the access log's one INSERT (bench/concierge_queue.py checks it).
QUEUE_QUERIES = 8


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_person_asks_the_desk_answers_and_resolves_and_the_person_rates_in_korean() -> None:
    holder, member = person(), desk()
    holder.preferred_language = "ko"
    holder.save()
    client, staff = signed_in(holder), staff_client_with_second_factor(member)
    with translation.override("ko"):
        new_url = reverse("concierge:request_new") + "?service=housing"
        page = client.get(new_url)
        assert "컨시어지에 문의하기" in page.content.decode()
        answer = client.post(
            new_url,
            {
                "category": ServiceCategory.HOUSING,
                "subject": "판교 근처 집",
                "body": "3월부터 방 두 개짜리 집이 필요합니다.",
                "attachment": SimpleUploadedFile("lease.pdf", pdf_bytes("Lease"), content_type="application/pdf"),
            },
        )
        request = ConciergeRequest.objects.get(requester=holder)
        assert answer.status_code == 302
        assert request.service == SettlementService.objects.get(code="housing")

        detail = reverse("concierge_backoffice:detail", kwargs={"request_id": request.pk})
        assert staff.post(detail, {"body": "Checked the landlord", "kind": "note"}).status_code == 302
        assert staff.post(detail, {"body": "세 곳을 찾았습니다.", "kind": "reply"}).status_code == 302
        move = reverse("concierge_backoffice:move", kwargs={"request_id": request.pk, "name": "resolve"})
        assert staff.post(move).status_code == 302
        assert "Checked the landlord" in staff.get(detail).content.decode()
        logged = AuditEvent.objects.filter(action=ACCESS_ACTION, actor=member, subject_id=str(holder.pk))
        assert logged.get().changes["what"] == AccessWhat.CONCIERGE_REQUEST.value

        mine = client.get(reverse("concierge:request", kwargs={"request_id": request.pk})).content.decode()
        assert "세 곳을 찾았습니다." in mine and "Checked the landlord" not in mine
        attachment = request.messages.first().attachments.get()  # type: ignore[union-attr]
        assert client.get(reverse("concierge:attachment", kwargs={"attachment_id": attachment.pk})).status_code == 200
        rate = reverse("concierge:request_rate", kwargs={"request_id": request.pk})
        assert client.post(rate, {"rating": "5", "comment": "감사합니다"}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.rating) == (RequestStatus.CLOSED, 5)


def test_the_queue_puts_overdue_first_and_costs_the_same_queries_for_more_requests() -> None:
    from datetime import UTC, datetime

    member = desk()
    staff = staff_client_with_second_factor(member)
    old = make_request(person(), now=datetime(2026, 1, 5, 1, tzinfo=UTC), subject="Old one")
    url = reverse("concierge_backoffice:queue")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff.get(url).status_code == 200
        return len(queries)

    make_request(person())
    few = count()
    for _ in range(4):
        make_request(person())
    assert count() == few == QUEUE_QUERIES
    rows = staff.get(url).content.decode()
    assert rows.index("Old one") < rows.index("A flat near Pangyo")
    assert f'data-request="{old.pk}"' in staff.get(url + "?overdue=on").content.decode()


def test_the_desk_edits_the_catalogue_and_service_levels_and_others_get_404() -> None:
    member = desk()
    staff = staff_client_with_second_factor(member)
    service = SettlementService.objects.get(code="housing")
    values = {
        "code": "housing", "category": "housing", "position": "5", "is_active": "on", "situations": ["f2t", "e7"],
        "title_ko": "주거", "title_en": "Housing help", "documents_en": "Passport\nContract",
    }  # fmt: skip
    edit = reverse("concierge_backoffice:service_edit", kwargs={"service_id": service.pk})
    assert staff.post(edit, values).status_code == 302
    service.refresh_from_db()
    assert (service.title_en, service.situations, service.documents_en) == (
        "Housing help",
        ["f2t", "e7"],
        "Passport\nContract",
    )
    levels = {category.value: "5" for category in ServiceCategory} | {"tax": "7"}
    assert staff.post(reverse("concierge_backoffice:catalogue"), levels).status_code == 302
    assert make_request(person(), category=ServiceCategory.TAX).sla_working_days == 7
    assert staff.get(reverse("concierge_backoffice:stats")).status_code == 200

    outsider = signed_in(person())
    for name in ("queue", "stats", "catalogue"):
        assert outsider.get(reverse(f"concierge_backoffice:{name}")).status_code == 404
    assert outsider.post(edit, values | {"title_en": "Hacked"}).status_code == 404
    service.refresh_from_db()
    assert service.title_en == "Housing help"


def test_the_plan_page_starts_a_plan_and_marks_a_step() -> None:
    holder = person()
    client = signed_in(holder)
    url = reverse("concierge:plan")
    assert "Start my plan" in client.get(url).content.decode()
    answer = client.post(url, {"situation": "f2t", "entry_date": "2027-01-04", "visa_start": "2027-01-04"})
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert "Apply from 4 January 2030" in page or "Apply from 4 Jan 2030" in page or "2030" in page
    step = holder.settlement_plan.steps.get(service__code="housing")
    client.post(reverse("concierge:step_mark", kwargs={"step_id": step.pk}), {"status": "done"})
    step.refresh_from_db()
    assert step.status == "done"
    other = signed_in(person())
    assert (
        other.post(reverse("concierge:step_mark", kwargs={"step_id": step.pk}), {"status": "open"}).status_code == 404
    )
    services.plan_update(actor=holder, situation="f2t", with_family=False, entry_date=None, visa_start=None)
