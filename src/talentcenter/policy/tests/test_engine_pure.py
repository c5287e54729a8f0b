"""The engine is pure: it runs without Django, and its texts are messages translated at the boundary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django_countries.data import COUNTRIES
from hypothesis import given
from hypothesis import strategies as st

from talentcenter.policy.engine import ApplicantIn, bundled_catalogue, explain, prepare
from talentcenter.policy.engine.fields import classifier
from talentcenter.policy.engine.inputs import code_name, country_codes
from talentcenter.policy.engine.messages import Message, country, in_both, joined, translate
from talentcenter.policy.engine.messages import gettext_lazy as _
from talentcenter.policy.engine.parameters import baseline
from talentcenter.policy.engine.sources import CENTER_ASSUMPTION
from talentcenter.policy.engine.sources import SourceKind as EngineSourceKind
from talentcenter.policy.enums import SourceKind
from talentcenter.policy.tests.examples import example_applicant
from talentcenter.policy.translation import translated

SOURCE_ROOT = Path(__file__).resolve().parents[3]

# Imports the engine and assesses the example applicant with the shipped parameters and lists, in a
# process that has no settings; prints the modules of Django (or django-countries) it loaded.
ASSESS_WITHOUT_DJANGO = """
import json, sys
from datetime import date
from talentcenter.policy.engine import ApplicantIn, assess
applicant = ApplicantIn.model_validate(json.loads(sys.stdin.read()))
answer = assess(applicant, date(2026, 11, 23), language="ko")
json.dumps(answer)
print(json.dumps({
    "loaded": sorted(name for name in sys.modules if name.split(".")[0] in {"django", "django_countries"}),
    "statuses": [item["status"] for item in answer["results"]],
    "label": answer["results"][0]["label"],
}))
"""


def test_the_engine_assesses_in_a_process_without_django() -> None:
    # Given a Python process with no settings module
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    environment["PYTHONPATH"] = str(SOURCE_ROOT)

    # When it imports the engine and assesses the example applicant
    completed = subprocess.run(
        [sys.executable, "-c", ASSESS_WITHOUT_DJANGO],
        input=json.dumps(example_applicant()),
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # Then it answers, having loaded no Django at all, with the English texts of its messages
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert report["loaded"] == []
    assert "eligible" in report["statuses"]
    assert report["label"] == "K-Tech Pass - standard track"


def test_the_country_codes_are_django_countries_codes() -> None:
    assert country_codes() == frozenset(COUNTRIES)


def test_the_source_kinds_rank_as_the_enum_declares_them() -> None:
    assert EngineSourceKind.values == tuple(SourceKind.values)


def test_a_message_is_its_english_text_and_translates_with_its_arguments() -> None:
    # Given a message bound the way the engine writes them
    message = _("{name}: rank {rank}, {basis}").format(name="MIT", rank=1, basis=_("not on the list"))

    # Then it reads in English until translated, and in Korean with its arguments translated too
    assert message == "MIT: rank 1, not on the list"
    assert isinstance(message, Message)
    assert translate(message, "en") == "MIT: rank 1, not on the list"
    assert translate(message, "ko") == "MIT: 1위, 순위표에 없음"


def test_joined_texts_names_in_both_languages_and_countries_translate_part_by_part() -> None:
    text = "MIT" + (" " + _("KRW {amount}").format(amount="1,000"))

    assert isinstance(text, Message)
    assert text == "MIT KRW 1,000"
    assert translate(text, "ko") == "MIT 1,000원"
    assert translate(joined([in_both("반도체", "Semiconductor"), country("KR")], ", "), "ko") == "반도체, 대한민국"
    assert translate(joined([in_both("반도체", "Semiconductor"), country("KR")], ", "), "en") == (
        "Semiconductor, South Korea"
    )


def test_a_translation_with_a_wrong_placeholder_falls_back_to_english() -> None:
    # A msgid nobody translated is its own translation; one missing an argument stays as written.
    assert translate(_("no such msgid {x}").format(x=_("yes")), "ko") == "no such msgid 예"
    assert translate(_("{missing} here"), "ko") == "{missing} here"


@given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=40), st.sampled_from(["ko", "en"]))
def test_text_that_is_not_a_message_is_left_as_it_is(text: str, language: str) -> None:
    assert translate({"a": [text, (text,)]}, language) == {"a": [text, (text,)]}


# (Django's gettext reads a carriage return as a new line: no control characters here.)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="{}"), max_size=40))
def test_a_message_untranslated_reads_as_its_msgid(msgid: str) -> None:
    assert translate(_(msgid), "en") == msgid == str(_(msgid))


def test_code_names_and_the_center_assumption_translate_through_the_installed_catalogue() -> None:
    assert code_name("sme", "ko") == "중소기업"
    assert code_name("sme", "en") == "Small or medium-sized"
    assert translate(CENTER_ASSUMPTION, "en") == str(CENTER_ASSUMPTION)
    assert translate(CENTER_ASSUMPTION, "ko") != str(CENTER_ASSUMPTION)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_boundary_leaves_no_message_in_an_answer(language: str) -> None:
    # Given the engine's answer, with its messages
    applicant = ApplicantIn.model_validate(example_applicant())
    prepared = prepare(applicant, date(2026, 11, 23), bundled_catalogue(), classifier())
    answer = explain(prepared, baseline(), date(2026, 11, 23), language=language)

    # When the boundary translates it
    shown = translated(answer, language)

    # Then every text in it is a plain string, and the same JSON as the engine's in English
    def messages(value: object) -> int:
        if isinstance(value, dict):
            return sum(messages(item) for item in value.values())
        if isinstance(value, list | tuple):
            return sum(messages(item) for item in value)
        return int(isinstance(value, Message))

    assert messages(answer) > 0
    assert messages(shown) == 0
    if language == "en":
        assert json.dumps(shown) == json.dumps(answer)
    else:
        assert shown["results"][0]["label"] == "K-테크패스 - 일반 트랙"
