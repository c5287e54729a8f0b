"""No raw internal value reaches a person: the main pages and the issued PDF, in Korean and English.

One world is built (an issued K-Tech Pass case with its records and audit trail, a KOTRA case in
external evaluation); each page is rendered with the test client, its visible text taken (tags,
scripts, styles, attributes and URLs stripped), and searched for the three kinds of leak the issue
names: a snake_case token (a field key or an enum value), a bare value of any of the project's
TextChoices that is not an ordinary word of that language, and an ``app_label.model`` label.
"""

from __future__ import annotations

import functools
import io
import re
import typing
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from django_countries import countries
from pypdf import PdfReader

from talentcenter.cases import services
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case
from talentcenter.policy.engine import inputs as engine_inputs
from tests.cases import CasePeople, start, walk

pytestmark = pytest.mark.django_db

SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")
URL = re.compile(r"\b(?:https?://|/)\S*")
EMAIL = re.compile(r"\S+@\S+")

COUNTRY_CODE = re.compile(r"\b[A-Z]{2}\b")

# Known-good text that looks like a leak, each with the reason it is allowed.
ALLOWED_TOKENS: dict[str, str] = {
    "AI": "the industry 'AI' (artificial intelligence), not Anguilla's code",
    "ID": "the abbreviation of 'identifier' (e.g. 발급 대상(ID)), not Indonesia's code",
}


class _VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts, styles or templates."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _enum_classes() -> list[type[models.TextChoices]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("talentcenter."):
            continue
        try:
            module = __import__(f"{config.name}.enums", fromlist=["*"])
        except ModuleNotFoundError:
            continue
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, models.TextChoices) and value is not models.TextChoices
        ]
    return found


def bare_enum_values(language: str) -> set[str]:
    """Values of the project's TextChoices that are not words a page of ``language`` would use: in
    English a value that is its own label ("verified" / "Verified") is an ordinary word; in Korean
    no lower-case English word is one (the bilingual PDF prints labels, which are capitalised)."""
    values: set[str] = set()
    for choices in _enum_classes():
        for member in choices:
            with translation.override(language):
                label = str(member.label)
            ordinary = member.value == label if language == "ko" else member.value.lower() == label.lower()
            if ordinary or len(member.value) < 3:
                continue
            values.add(member.value)
    # The policy engine's interchange format names its codes with Literal types (degrees, sizes).
    for alias in vars(engine_inputs).values():
        if typing.get_origin(alias) is typing.Literal:
            values |= {value for value in typing.get_args(alias) if isinstance(value, str) and len(value) > 2}
    return values


# A run of three or more Latin words (numbers and signs between them allowed) is an English phrase
# (a name, a sentence of the bilingual PDF, a rule's note written in English only), not a value
# standing where a Korean word belongs.
ENGLISH_PHRASE = re.compile(r"[A-Za-z][\w'’-]*(?:[\s,:;()·=≥≤→+%.\d-]+[A-Za-z][\w'’-]*){2,}")


@functools.cache
def catalogue_words() -> frozenset[str]:
    """The lower-case words of every message of the catalogue: the project's own English vocabulary."""
    catalogue = trans_real.translation("ko")._catalog  # type: ignore[attr-defined]
    return frozenset(
        word
        for msgid in catalogue.keys()  # noqa: SIM118 (Django's TranslationCatalog is not iterable)
        if isinstance(msgid, str)
        for word in re.findall(r"[a-z]+", msgid)
    )


def shown_text(text: str, language: str) -> str:
    """``text`` without what the leak finder must not read: URLs, e-mail addresses and, on a Korean
    page, English phrases."""
    text = EMAIL.sub(" ", URL.sub(" ", text))
    return ENGLISH_PHRASE.sub(" ", text) if language == "ko" else text


def leaks(text: str, language: str) -> list[str]:
    text = EMAIL.sub(" ", URL.sub(" ", text))
    found = [token for token in SNAKE_CASE.findall(text) if token not in ALLOWED_TOKENS]
    found += [code for code in COUNTRY_CODE.findall(text) if code in countries and code not in ALLOWED_TOKENS]
    text = shown_text(text, language)
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_]*", text))
    candidates = bare_enum_values(language)
    if language == "en":
        candidates -= catalogue_words()
    found += sorted(words & candidates)
    found += re.findall(r"\b(?:" + "|".join(config.label for config in apps.get_app_configs()) + r")\.[a-z]+\b", text)
    return found


def _world() -> dict[str, Callable[[], bytes]]:
    people = CasePeople.create()
    issued = walk(start(people), people, "issued")
    evaluating = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "in_validation")
    for record in evaluating.records.all():
        services.record_validate(actor=people.validator, record=record, verified=True)
    for evaluator in people.evaluators:
        services.evaluator_assign(actor=people.reviewer, case=evaluating, evaluator=evaluator)
    evaluating = services.case_start_evaluation(actor=people.reviewer, case=evaluating)
    assignment = evaluating.evaluations.get(evaluator=people.evaluators[0])
    services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=False)
    staff = staff_client_with_second_factor(people.lead)
    talent = Client()
    talent.force_login(people.talent)
    evaluator = staff_client_with_second_factor(people.evaluators[0])
    document = Case.objects.get(pk=issued.pk).issued_document
    assert document is not None
    from talentcenter.events.services.registrations import talent_register
    from talentcenter.events.tests import support as event_support

    fair = event_support.event(slug="raw-values-fair", country="KR", questions=(("Why?", False),))
    seat = talent_register(actor=people.talent, event=fair, screening_answers={})

    from talentcenter.concierge import services as concierge_services

    concierge_services.plan_update(
        actor=people.talent, situation="ktech_pass", with_family=True, entry_date=None, visa_start=None
    )
    ticket = concierge_services.request_create(
        actor=people.talent, category="spouse_employment", subject="Work for my spouse", body="Nurse."
    )
    concierge_services.request_message(actor=people.lead, request=ticket, body="Which city?", wait_for_reply=True)

    def get(client: Client, name: str, **kwargs: Any) -> Callable[[], bytes]:
        def render() -> bytes:
            response = client.get(reverse(name, kwargs=kwargs))
            assert response.status_code == 200, (name, response.status_code)
            if response.streaming:
                return b"".join(response.streaming_content)
            return bytes(response.content)

        return render

    return {
        "back-office case (issued)": get(staff, "cases_backoffice:detail", case_id=issued.pk),
        "back-office case (in evaluation)": get(staff, "cases_backoffice:detail", case_id=evaluating.pk),
        "back-office talent": get(staff, "backoffice:talent_detail", pk=issued.talent_id),
        "back-office company": get(staff, "backoffice:company_detail", pk=issued.company_id),
        "back-office document": get(staff, "documents_backoffice:detail", serial=document.serial),
        "back-office audit trail": get(staff, "backoffice:audit"),
        "public verification": get(Client(), "documents:result", serial=document.serial),
        "evaluator case": get(evaluator, "evaluations:detail", assignment_id=assignment.pk),
        "portal case": get(talent, "cases:detail", pk=issued.pk),
        "event page": get(talent, "events:detail", slug=fair.slug),
        "my events": get(talent, "events:mine"),
        "back-office event": get(staff, "events_backoffice:detail", event_id=fair.pk),
        "event ticket": get(talent, "events:ticket", registration_id=seat.pk),
        "event check-in": get(staff, "events_backoffice:check_in", event_id=fair.pk),
        "issued PDF": get(talent, "cases:issued_download", pk=issued.pk),
        "settlement plan": get(talent, "concierge:plan"),
        "concierge request": get(talent, "concierge:request", request_id=ticket.pk),
        "concierge queue": get(staff, "concierge_backoffice:queue"),
        "concierge request (desk)": get(staff, "concierge_backoffice:detail", request_id=ticket.pk),
        "concierge statistics": get(staff, "concierge_backoffice:stats"),
        "concierge catalogue (desk)": get(staff, "concierge_backoffice:catalogue"),
    }


def context(text: str, token: str) -> str:
    found = re.search(rf"\b{re.escape(token)}\b", text)
    at = found.start() if found else 0
    return " ".join(text[max(at - 40, 0) : at + len(token) + 40].split())


def test_no_page_or_pdf_shows_a_raw_value_in_either_language() -> None:
    # given one world with an issued case and a case in external evaluation
    pages = _world()
    failures = []
    for language in ("ko", "en"):
        with translation.override(language):
            for name, render in pages.items():
                # when the page is rendered in this language
                body = render()
                is_pdf = body.startswith(b"%PDF")
                text = pdf_text(body) if is_pdf else visible_text(body.decode())
                # then none of its visible text is a raw value (the PDF is one bilingual document:
                # read by both rules)
                for reading in ("ko", "en") if is_pdf else (language,):
                    shown = shown_text(text, reading)
                    failures += [
                        f"{language} {name}: {token!r} in …{context(shown if token in shown else text, token)}…"
                        for token in sorted(set(leaks(text, reading)))
                    ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("상태: draft → 제출됨", ["draft"]),
        ("case_reference 2026-0001", ["case_reference"]),
        ("발급 대상 cases.case 16", ["case", "cases.case"]),
        ("국적 PL", ["PL"]),
        ("산업 분야 Industry semiconductor 발급일", ["semiconductor"]),
        ("과정 doctorate · 기업 규모 sme", ["doctorate", "sme"]),
        ("산업 분야 반도체 / Semiconductor · 담당자 reviewer@example.com", []),
    ],
)
def test_the_leak_finder_finds_each_kind_of_raw_value(text: str, found: list[str]) -> None:
    assert leaks(text, "ko") == found
