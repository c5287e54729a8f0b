"""The display layer: every kind of stored value in words, in Korean and in English."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from talentcenter.audit.models import AuditEvent
from talentcenter.cases.enums import KTechPassStatus
from talentcenter.cases.models import Case
from talentcenter.foundation import display
from talentcenter.organizations.enums import SizeClass
from talentcenter.talent.enums import EducationLevel


def _verbose(model: Any, key: str) -> str:
    name = str(model._meta.get_field(key).verbose_name)
    return name[:1].upper() + name[1:]


@pytest.mark.parametrize(
    ("language", "call", "expected"),
    [
        ("ko", lambda: display.choice_label(SizeClass, "sme"), "중소기업"),
        ("en", lambda: display.choice_label(SizeClass, "sme"), "Small or medium-sized enterprise"),
        ("en", lambda: display.choice_label(EducationLevel, 50), "Doctorate"),
        ("en", lambda: display.choice_label(SizeClass, "retired"), "retired"),
        ("ko", lambda: display.country_name("PL"), "폴란드"),
        ("en", lambda: display.country_name("pl"), "Poland"),
        ("ko", lambda: display.language_name("ko"), "한국어"),
        ("en", lambda: display.language_name("ko"), "Korean"),
        ("ko", lambda: display.money(150_000_000), "150,000,000원"),
        ("en", lambda: display.money(150_000_000), "KRW 150,000,000"),
        ("ko", lambda: display.date_text("2027-03-02"), "2027-03-02"),
        ("ko", lambda: display.yes_no(True), "예"),
        ("en", lambda: display.yes_no(False), "No"),
        ("en", lambda: display.shown(None), "–"),
        ("en", lambda: display.shown(KTechPassStatus.DRAFT), "Draft"),
        ("ko", lambda: display.field_label(Case, "occupation_code"), _verbose(Case, "occupation_code")),
        ("en", lambda: display.field_label(None, "case_reference"), "Case reference"),
        ("en", lambda: display.field_value(AuditEvent, "subject_type", "cases.case"), "Case"),
    ],
)
def test_each_kind_of_value_is_shown_in_words(language: str, call: Any, expected: str) -> None:
    with translation.override(language):
        assert call() == expected


def test_a_status_change_reads_as_labels_from_old_to_new() -> None:
    # given the changes of a case's transition, as the audit trail stores them
    changes = {"status": ["draft", "submitted"], "submitted_at": "2026-12-07"}
    # when they are shown in Korean
    with translation.override("ko"):
        rows = display.change_rows(Case, changes)
        draft, submitted = str(KTechPassStatus.DRAFT.label), str(KTechPassStatus.SUBMITTED.label)
        status = _verbose(Case, "status")
    # then field and values are words, not keys and codes
    assert rows[0] == (status, draft, submitted)
    assert rows[1][1:] == ("2026-12-07", None)
    assert "_" not in rows[1][0]


def test_an_older_trail_key_is_shown_under_its_field_label() -> None:
    with translation.override("en"):
        assert display.change_rows(Case, {"party": "company"}) == [("Started by", "Company", None)]


def test_a_date_and_time_is_shown_in_local_time() -> None:
    moment = datetime.datetime(2026, 12, 7, 0, 30, tzinfo=datetime.UTC)
    assert display.date_text(moment) == "2026-12-07 09:30"
