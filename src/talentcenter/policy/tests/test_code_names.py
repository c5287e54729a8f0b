"""Every code the rules name is shown in words, in both languages: no rule value or explanation
reads "mohw-scholar-recruitment" or "sme" to a person."""

from __future__ import annotations

import pytest
from django.utils import translation

from talentcenter.policy.engine import baseline
from talentcenter.policy.engine.evaluate import format_parameter_value
from talentcenter.policy.engine.facts import CATEGORY_FACTS
from talentcenter.policy.engine.inputs import code_name


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_category_code_has_a_name_in_each_language(language: str) -> None:
    codes = {code for vocabulary in CATEGORY_FACTS.values() for code in vocabulary if code}

    unnamed = sorted(code for code in codes if code_name(code, language) == code)

    assert unnamed == []


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_code_list_value_of_the_rules_reads_as_words(language: str) -> None:
    shown = {}
    with translation.override(language):
        for name, parameter in baseline().parameters.items():
            if parameter.unit == "codes":
                for dated in parameter.values:
                    shown[name] = format_parameter_value("codes", dated.value)
    codes = {code for vocabulary in CATEGORY_FACTS.values() for code in vocabulary if code}

    assert shown, "the rules have code lists"
    for name, text in shown.items():
        assert not any(code in text.split(", ") for code in codes), (name, text)
