"""The skills taxonomy: parents, related skills and synonyms, loaded from CSV again and again."""

from __future__ import annotations

import pytest

from talentcenter.reference.models import Skill
from talentcenter.reference.services import DATA_DIR, TaxonomyError, reference_load_bundled, skills_load

HEADER = "code,category,name_en,name_ko,parent,related,synonyms\n"


def _taxonomy() -> dict[str, tuple[str | None, frozenset[str], str]]:
    return {
        skill.code: (
            skill.parent.code if skill.parent else None,
            frozenset(skill.related.values_list("code", flat=True)),
            skill.synonyms,
        )
        for skill in Skill.objects.select_related("parent")
    }


def test_the_bundled_taxonomy_has_a_real_hierarchy(db: None) -> None:
    pytorch = Skill.objects.get(code="ai.pytorch")
    assert pytorch.parent is not None and pytorch.parent.code == "ai.dl_frameworks"
    assert pytorch.parent.parent is not None and pytorch.parent.parent.code == "ai.deep_learning"
    assert set(Skill.objects.get(code="semi.hdl").children.values_list("code", flat=True)) == {
        "semi.verilog",
        "semi.systemverilog",
        "semi.vhdl",
    }
    # Related is symmetrical: written once on one row, it holds both ways.
    assert Skill.objects.get(code="mobility.adas").related.filter(code="ai.computer_vision").exists()
    assert Skill.objects.get(code="ai.computer_vision").related.filter(code="mobility.adas").exists()
    assert "딥 러닝" in Skill.objects.get(code="ai.deep_learning").synonym_list


def test_loading_again_changes_nothing(db: None) -> None:
    before = _taxonomy()

    counts = reference_load_bundled()

    assert counts["skills"] == len(before)
    assert _taxonomy() == before


def test_every_existing_code_is_kept_and_the_file_is_consistent(db: None) -> None:
    text = (DATA_DIR / "skills.csv").read_text(encoding="utf-8")
    codes = [line.split(",")[0] for line in text.splitlines() if line and not line.startswith(("#", "code,"))]
    assert len(codes) == len(set(codes)) >= 110
    assert set(codes) == set(Skill.objects.values_list("code", flat=True))
    # Codes profiles already use (edition 2026.1) are still there.
    assert {"semi.lithography", "ai.deep_learning", "common.technology_strategy"} <= set(codes)


def test_rows_are_updated_never_deleted_and_a_parent_may_come_later(db: None) -> None:
    skills_load(
        csv_text=HEADER
        + "test.child,ai,Child,자식,test.parent,ai.machine_learning,Kid|아이\n"
        + "test.parent,ai,Parent,부모,,,\n"
    )
    child = Skill.objects.get(code="test.child")
    assert child.parent is not None and child.parent.code == "test.parent"
    assert child.synonym_list == ["Kid", "아이"]

    skills_load(csv_text=HEADER + "test.child,ai,Child renamed,자식,,,\n")

    child.refresh_from_db()
    assert (child.name_en, child.parent) == ("Child renamed", None)
    assert Skill.objects.filter(code="test.parent").exists()
    assert child.related.filter(code="ai.machine_learning").exists()  # related pairs are only added


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("test.a,ai,A,에이,test.nowhere,,\n", "unknown parent code test.nowhere"),
        ("test.a,ai,A,에이,,ai.nowhere,\n", "unknown related code ai.nowhere"),
        ("test.a,ai,A,에이,test.b,,\ntest.b,ai,B,비,test.a,,\n", "cycle of parents"),
        ("test.a,ai,A,에이,test.a,,\n", "cycle of parents"),
        ("test.a,ai,A,에이,,,\ntest.a,ai,A,에이,,,\n", "twice"),
    ],
)
def test_an_inconsistent_file_is_refused_before_anything_is_written(db: None, rows: str, message: str) -> None:
    before = _taxonomy()

    with pytest.raises(TaxonomyError, match=message):
        skills_load(csv_text=HEADER + rows)

    assert _taxonomy() == before


def test_a_cycle_through_the_database_is_refused(db: None) -> None:
    # ai.dl_frameworks is under ai.deep_learning in the database; putting deep learning under
    # PyTorch would close a loop.
    with pytest.raises(TaxonomyError, match="cycle"):
        skills_load(csv_text=HEADER + "ai.deep_learning,ai,Deep learning,딥러닝,ai.pytorch,,\n")
