"""Real degree and job titles (100 or more) classified into ISCED-F fields, and what "related" makes of them."""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from talentcenter.policy.engine import ApplicantIn, assess
from talentcenter.policy.engine.fields import ALIASES_FILE, DATA_FILE, build_classifier, classifier

TITLES_FILE = Path(__file__).resolve().parent / "field_titles.csv"
UNCLASSIFIED = "unclassified"


@cache
def titles() -> tuple[tuple[str, str, str], ...]:
    lines = [line for line in TITLES_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return tuple((row["kind"], row["title"], row["field"]) for row in csv.DictReader(lines))


def test_the_table_has_100_distinct_titles_of_both_kinds_with_known_fields() -> None:
    rows = titles()
    assert len(rows) >= 100
    assert len({title for _, title, _ in rows}) == len(rows)
    assert {kind for kind, _, _ in rows} == {"degree", "job"}
    assert {field for _, _, field in rows} - {UNCLASSIFIED} <= set(classifier().fields)
    assert sum(field == UNCLASSIFIED for _, _, field in rows) >= 10


@pytest.mark.parametrize(("kind", "title", "field"), titles(), ids=[title for _, title, _ in titles()])
def test_title_is_classified_into_its_field(kind: str, title: str, field: str) -> None:
    assert (classifier().classify(title) or UNCLASSIFIED) == field, classifier().matches(title)


@pytest.mark.parametrize(
    ("title", "targets", "related"),
    [
        ("data engineering", ("it",), True),
        ("Data Engineering", ("ai",), True),
        ("데이터 엔지니어링", ("it",), True),
        ("Senior Data Engineer", ("cybersecurity",), True),
        ("Senior Data Engineer", ("semiconductor",), False),
        ("Yield enhancement engineer", ("semiconductor",), True),
        ("Battery cell R&D scientist", ("secondary_battery",), True),
        ("Robotics software engineer", ("robotics",), True),
        ("MSc Bioinformatics", ("biotechnology",), True),
        ("Ph.D. in Materials Science and Engineering", ("new_materials",), True),
        ("Doctor of Philosophy in Chemistry", ("display",), True),  # not philosophy
        ("Bachelor of Arts in History", ("it",), False),
        ("engineering", ("it",), None),  # a generic word: needs review, not "other engineering"
        ("Product manager", ("ai",), None),
        ("Engineering Science", ("technology_management",), None),
    ],
)
def test_related_to_the_offer(title: str, targets: tuple[str, ...], related: bool | None) -> None:
    assert classifier().is_related(title, targets) is related


def _experience_route(field: str) -> str:
    applicant = ApplicantIn.model_validate(
        {
            "person": {"birth_date": "1990-01-01", "nationality": "IN"},
            "experience": [
                {"organization": "Acme", "kind": "company", "field": field, "start": "2018-01-01", "end": "2025-12-31"}
            ],
            "offer": {
                "company": "Example Co.",
                "company_size": "sme",
                "industry": "other",
                "technology_field": "it",
                "annual_salary_krw": 60_000_000,
            },
        }
    )
    answer = assess(applicant, date(2026, 3, 1), programmes=["kotra-recommendation"])
    criteria = {criterion["id"]: criterion["status"] for criterion in answer["results"][0]["criteria"]}
    return str(criteria["route_experience"])


@pytest.mark.parametrize(
    ("field", "status"),
    [
        ("Senior Data Engineer", "met"),
        ("data engineering", "met"),
        ("engineering", "needs_review"),
        ("history", "not_met"),
    ],
)
def test_kotra_experience_route_in_information_technology(field: str, status: str) -> None:
    """Eight years as a data engineer is related experience for a KOTRA "IT" recommendation."""
    assert _experience_route(field) == status


_PUNCTUATION = " .,;:!?()[]-/'\"·"


def _recased(text: str, flips: list[bool]) -> str:
    return "".join(
        char.swapcase() if char.isascii() and flip else char
        for char, flip in zip(text, flips + [False] * len(text), strict=False)
    )


def _decorated(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), max_size=len(text)))
    before = draw(st.text(alphabet=_PUNCTUATION + "\t\n", max_size=4))
    after = draw(st.text(alphabet=_PUNCTUATION + "\t\n", max_size=4))
    spaced = draw(st.sampled_from((" ", "  ", " - ", ", ", " / ")))
    return before + _recased(text, flips).replace(" ", spaced) + after


@st.composite
def decorated_title(draw: st.DrawFn) -> tuple[str, str]:
    _, title, _ = draw(st.sampled_from(titles()))
    return title, _decorated(draw, title)


@settings(max_examples=300, deadline=None)
@given(decorated_title())
def test_classification_ignores_case_spacing_and_punctuation(pair: tuple[str, str]) -> None:
    title, written = pair
    assert classifier().classify(written) == classifier().classify(title)


@st.composite
def generic_title(draw: st.DrawFn) -> str:
    """One generic word among degree and seniority words: "Ph.D. in Engineering", "Senior manager"."""
    word = draw(st.sampled_from(sorted(classifier().generic)))
    before = draw(
        st.lists(st.sampled_from(("senior", "lead", "Ph.D. in", "M.S.", "Master of", "B.Sc.", "석사")), max_size=2)
    )
    # Not "학위": Korean spacing is ignored, so "경영 학위" reads as the alias 경영학 (business) + 위.
    after = draw(st.lists(st.sampled_from(("degree", "(Hons)", "과정", "II")), max_size=2))
    return _decorated(draw, " ".join([*before, word, *after]))


@settings(max_examples=300, deadline=None)
@given(generic_title())
def test_a_generic_word_alone_never_classifies(title: str) -> None:
    assert classifier().classify(title) is None


def test_korean_spacing_does_not_matter() -> None:
    for spaced, joined in [
        ("데이터 엔지니어링", "데이터엔지니어링"),
        ("반도체 공정", "반도체공정"),
        ("컴퓨터 공학 석사", "컴퓨터공학석사"),
    ]:
        assert classifier().classify(spaced) == classifier().classify(joined) is not None


def _data() -> tuple[dict[str, object], dict[str, object]]:
    fields = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    aliases = yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8"))
    return fields, aliases


@pytest.mark.parametrize(
    ("code", "alias", "message"),
    [
        ("0719", "Engineering", "generic word"),
        ("0714", "공학", "generic word"),
        ("0714", "Data-Engineering", "listed under 0612 and 0714"),
        ("9999", "warp drives", "does not define"),
        ("0714", "AI 반도체", "mixes Korean"),
    ],
)
def test_the_alias_list_refuses_inconsistent_aliases(code: str, alias: str, message: str) -> None:
    fields, aliases = _data()
    listed = aliases["aliases"]
    assert isinstance(listed, dict)
    listed[code] = [*listed.get(code, []), alias]
    with pytest.raises(ValueError, match=message):
        build_classifier(fields, aliases)


def test_the_shipped_alias_list_loads() -> None:
    fields, aliases = _data()
    built = build_classifier(fields, aliases)
    assert built.aliases == classifier().aliases
    assert "data engineering" in built.aliases
