"""The constrained field types every API input is written with."""

from __future__ import annotations

from typing import Annotated

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from talentcenter.foundation.api.schemas import FORBIDDEN_CHARACTERS, PlainText, WholeNumber

Name = TypeAdapter(Annotated[str, PlainText(20, min_length=2)])
Count = TypeAdapter(Annotated[int, WholeNumber])

allowed = st.characters(blacklist_characters="".join(FORBIDDEN_CHARACTERS), blacklist_categories=("Cc", "Cs"))


@given(st.text(allowed, min_size=2, max_size=20))
def test_plain_text_within_bounds_passes_unchanged(value: str) -> None:
    assert Name.validate_python(value) == value


@given(st.text(allowed, max_size=10), st.sampled_from([*sorted(FORBIDDEN_CHARACTERS), "\x01", "\x1b"]))
def test_markup_and_control_characters_are_refused(prefix: str, bad: str) -> None:
    with pytest.raises(ValidationError):
        Name.validate_python(prefix + bad + "ab")


@pytest.mark.parametrize("value", ["a", "x" * 21])
def test_plain_text_length_is_bounded(value: str) -> None:
    with pytest.raises(ValidationError):
        Name.validate_python(value)


def test_plain_text_json_schema_states_its_bounds() -> None:
    assert Name.json_schema() == {"type": "string", "minLength": 2, "maxLength": 20}


@pytest.mark.parametrize("value", ["30", 30.0, True, None])
def test_whole_number_refuses_anything_but_a_json_integer(value: object) -> None:
    with pytest.raises(ValidationError):
        Count.validate_python(value)


def test_whole_number_accepts_an_integer() -> None:
    assert Count.validate_python(30) == 30
