"""A NUL character anywhere in a JSON body is found, whatever the nesting (DB-free)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from talentcenter.foundation.api.errors import nul_location

clean_text = st.text(st.characters(exclude_characters="\x00"), max_size=8)
json_leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | clean_text
clean_json = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(clean_text, inner, max_size=3),
    max_leaves=12,
)
text_with_nul = st.tuples(clean_text, clean_text).map(lambda parts: f"{parts[0]}\x00{parts[1]}")
nul_leaf = text_with_nul | st.tuples(text_with_nul, clean_json).map(lambda item: {item[0]: item[1]})


def _wrap(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    in_list = st.tuples(st.lists(clean_json, max_size=3), inner, st.integers(0, 3)).map(
        lambda t: [*t[0][: t[2]], t[1], *t[0][t[2] :]]
    )
    in_dict = st.tuples(st.dictionaries(clean_text, clean_json, max_size=3), clean_text, inner).map(
        lambda t: {**t[0], t[1]: t[2]}
    )
    return in_list | in_dict


poisoned_json = st.recursive(nul_leaf, _wrap, max_leaves=8)


@given(poisoned_json)
def test_a_nul_in_any_key_or_value_at_any_depth_is_found(value: Any) -> None:
    # The value travels as JSON text, where NUL is written \u0000
    assert "\\u0000" in json.dumps(value)

    assert nul_location(json.loads(json.dumps(value))) is not None


@given(clean_json)
def test_json_without_nul_passes(value: Any) -> None:
    assert nul_location(value) is None


def test_the_location_names_the_field() -> None:
    assert nul_location({"items": [{"name": "ok"}, {"name": "a\x00b"}]}) == "items.1.name"
    assert nul_location({"answers": {"bad\x00key": 1}}) == "answers"
    assert nul_location("\x00") == "__all__"


def test_deep_nesting_does_not_recurse() -> None:
    value: Any = "\x00"
    for _ in range(5000):
        value = [value]

    assert nul_location(value) is not None
