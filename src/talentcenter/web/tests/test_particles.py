"""No Korean page, e-mail, notice or API error shows both forms of a particle ("석사을(를)"): the
catalogue writes them after interpolated values and each channel chooses one (``fix_particles``)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from talentcenter.foundation.api.errors import ErrorCode, error_response
from talentcenter.foundation.korean import particle
from talentcenter.jobs.services.searches import saved_search_create
from talentcenter.jobs.tests.talent_support import complete_profile
from talentcenter.notifications.models import OutboundEmail
from talentcenter.notifications.services import notify
from tests.cases import CasePeople, start

pytestmark = pytest.mark.django_db

MARKERS = ("(를)", "(을)", "(는)", "(은)", "(가)", "(이)", "(과)", "(와)", "(로)", "(으)")


def assert_no_marker(text: str) -> None:
    left = [marker for marker in MARKERS if marker in text]
    assert not left, left


def korean(name: str, **kwargs: Any) -> str:
    with translation.override("ko"):
        return reverse(name, kwargs=kwargs)


def test_korean_pages_choose_the_particle_of_the_value_before_it() -> None:
    # given a talent with a saved search and a company member with an application
    talent = complete_profile().user
    search = saved_search_create(actor=talent, name="반도체 석사", criteria={"region": "seoul"})
    people = CasePeople.create()
    case = start(people)
    talent_client, company_client = Client(), Client()
    talent_client.force_login(talent)
    company_client.force_login(people.company_member)
    # when the Korean pages whose texts carry a marker are shown (a confirmation, a flash message)
    delete_page = talent_client.get(korean("jobs:search_delete", pk=search.pk)).content.decode()
    saved_page = talent_client.post(
        korean("jobs:search_create"), {"name": "서울 연구원", "region": "seoul"}, follow=True
    ).content.decode()
    withdraw_page = company_client.get(korean("cases:withdraw", pk=case.pk)).content.decode()
    # then each value takes its own particle and no page shows both forms
    assert "“반도체 석사”를 삭제하시겠습니까?" in delete_page
    assert "검색 “서울 연구원”이 저장되었습니다." in saved_page
    assert f"신청 {case.reference}{particle(case.reference, '을/를')} 철회하시겠습니까?" in withdraw_page
    for page in (delete_page, saved_page, withdraw_page):
        assert_no_marker(page)


def test_korean_notices_and_emails_choose_the_particle() -> None:
    # given a Korean reader
    talent = complete_profile().user
    talent.preferred_language = "ko"
    talent.save(update_fields=["preferred_language"])
    # when told in a text whose Korean carries markers
    notification = notify(
        recipient=talent,
        kind="test",
        title=lambda: _("Your invitation {reference} was declined").format(reference="INV-2026-000010"),
        body=lambda: _("{level} meets the minimum of {minimum}.").format(level="박사", minimum=_("Master's")),
        link="",
    )
    # then the notice and the e-mail read naturally in Korean; English is untouched
    email = OutboundEmail.objects.get(to=talent.email)
    assert notification.title_ko == "초대 INV-2026-000010이 거절되었습니다"
    assert notification.body_ko == "박사: 최소 요건인 석사를 충족합니다."
    assert notification.body_en == "박사 meets the minimum of Master's."
    for text in (notification.title_ko, notification.body_ko, email.subject, email.body_text, email.body_html):
        assert_no_marker(text)


def test_korean_api_errors_choose_the_particle() -> None:
    # given an upload refused in Korean
    with translation.override("ko"):
        message = _("The file is %(actual)s, not %(expected)s. Please upload %(expected)s.") % {
            "actual": "JPEG",
            "expected": "PDF",
        }
        # when
        response = error_response(
            status=422, code=ErrorCode.VALIDATION_ERROR, message=message, fields={"file": [message]}
        )
    # then
    body = json.loads(response.content)
    assert body["message"] == "이 파일은 PDF가 아니라 JPEG입니다. PDF를 업로드하세요."
    assert body["fields"] == {"file": [body["message"]]}


@pytest.mark.parametrize(("language", "expected"), [("ko", "석사를 서울로"), ("en", "석사 서울")])
def test_the_josa_filter_adds_the_particle_on_korean_pages(language: str, expected: str) -> None:
    template = Template('{% load korean %}{{ level|josa:"을/를" }} {{ city|josa:"으로/로" }}')
    with translation.override(language):
        assert template.render(Context({"level": "석사", "city": "서울"})) == expected
