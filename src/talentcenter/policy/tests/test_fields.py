"""Classifying fields of study and work (ISCED-F 2013) and deciding "in a related field"."""

from __future__ import annotations

from functools import cache

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from talentcenter.policy.engine.fields import DATA_FILE, FieldClassifier, classifier
from talentcenter.policy.engine.inputs import industry_codes


@cache
def fresh() -> FieldClassifier:
    """A second classifier built from the data file, with its own cache of answers."""
    return classifier.__wrapped__()  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("electrical engineering", "0713"),
        ("Electronic Engineering", "0714"),
        ("Electrical and Electronic Engineering", "0714"),  # the longer keyword wins over "electronics"
        ("semiconductor device physics", "0714"),
        ("반도체공학", "0714"),  # Korean compounds match inside the word; 반도체 is longer than 공학
        ("컴퓨터공학", "0613"),
        ("Computer Science", "0613"),
        ("M.Sc. in Machine Learning", "0613"),
        ("AI", "0613"),
        ("materials science and engineering", "0722"),
        ("Chemical Engineering", "0711"),
        ("생명공학", "0512"),
        ("physics", "0533"),
        ("mechanical engineering", "0715"),
        ("MBA", "0413"),
    ],
)
def test_classify(text: str, code: str) -> None:
    assert classifier().classify(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "",
        "general studies",
        "operations",
        "engineering",  # a generic word never decides a field on its own
        "Master of Engineering",
        "mail",  # "ai" only as a whole word
        "history physics",  # two fields match equally: unclear, not a guess
    ],
)
def test_unclear_text_is_not_classified(text: str) -> None:
    assert classifier().classify(text) is None


@pytest.mark.parametrize(
    ("text", "targets", "related"),
    [
        ("electrical engineering", ("semiconductor",), True),
        ("electronics", ("digital_electronics",), True),
        ("history", ("semiconductor",), False),
        ("biology", ("semiconductor",), False),
        ("biology", ("semiconductor", "bio"), True),  # related to any of the targets
        ("general studies", ("semiconductor",), None),
        ("electrical engineering", (), None),  # nothing to relate to
        ("physics", ("quantum",), True),
        ("computer science", ("cybersecurity",), True),
    ],
)
def test_is_related(text: str, targets: tuple[str, ...], related: bool | None) -> None:
    assert classifier().is_related(text, targets) is related


def test_every_offer_industry_and_technology_field_has_related_fields() -> None:
    codes = industry_codes()
    every_code = codes["ktech_pass"] | codes["nst"] | codes["kotra"]
    assert every_code <= set(classifier().related), sorted(every_code - set(classifier().related))


def test_every_alias_belongs_to_one_field_and_related_fields_exist() -> None:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    fields = set(data["fields"])
    for target, codes in data["related"].items():
        assert set(codes) <= fields, target
    # classifier() refuses an alias listed under two fields; building it again must succeed
    assert classifier.__wrapped__().fields.keys() == fields  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_classifier_never_raises_and_is_deterministic(text: str) -> None:
    code = classifier().classify(text)
    assert code is None or code in classifier().fields
    assert classifier().classify(text) == code
    assert fresh().classify(text) == code


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40), st.lists(st.sampled_from(sorted(classifier().related)), max_size=3).map(tuple))
def test_is_related_agrees_with_classify(text: str, targets: tuple[str, ...]) -> None:
    related = classifier().is_related(text, targets)
    code = classifier().classify(text)
    if not targets or code is None:
        assert related is None
    else:
        assert related == any(code in classifier().related[target] for target in targets)


def test_remembered_texts_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from talentcenter.policy.engine import fields

    monkeypatch.setattr(fields, "CACHE_LIMIT", 10)
    classifier_under_test = classifier.__wrapped__()  # type: ignore[attr-defined]
    for number in range(35):
        classifier_under_test.classify(f"invented subject {number}")
    assert len(classifier_under_test._cache) <= 10
    assert classifier_under_test.classify("physics") == "0533"
