"""Audit action codes have labels in words, and every code the services record has one."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from talentcenter.audit.actions import ACTION_LABELS, action_label
from talentcenter.audit.models import AuditEvent

PACKAGE = Path(__file__).resolve().parents[2]


def test_every_recorded_action_has_a_label() -> None:
    recorded = set()
    for path in PACKAGE.glob("**/*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        recorded |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert recorded
    assert recorded <= set(ACTION_LABELS), sorted(recorded - set(ACTION_LABELS))


def test_the_label_is_translated_and_unknown_codes_fall_back_to_themselves() -> None:
    with translation.override("ko"):
        assert action_label("company.verified") == "기업 인증 완료"
        assert AuditEvent(action="company.verified").action_label == "기업 인증 완료"
    with translation.override("en"):
        assert action_label("company.verified") == "Company verified"
    assert action_label("something.new") == "something.new"
