"""The similarity matrix from the taxonomy's relations, name resolution, and the per-process cache."""

from __future__ import annotations

import pytest
from django.test import override_settings

from talentcenter.matching.taxonomy import SkillRow, Taxonomy, current_taxonomy
from talentcenter.reference.models import Skill

ROWS = [
    SkillRow("ai.deep_learning", "Deep learning", "딥러닝", synonyms="DL"),
    SkillRow("ai.dl_frameworks", "Deep learning frameworks", "딥러닝 프레임워크", parent="ai.deep_learning"),
    SkillRow("ai.pytorch", "PyTorch", "파이토치", parent="ai.dl_frameworks", synonyms="Torch|PyTorch Lightning"),
    SkillRow("ai.tensorflow", "TensorFlow", "텐서플로", parent="ai.dl_frameworks", synonyms="TF|텐서플로우"),
    SkillRow("ai.computer_vision", "Computer vision", "컴퓨터 비전", related=("ai.deep_learning",)),
    SkillRow("bio.antibody", "Antibody engineering", "항체 공학"),
]


def test_each_relation_gives_its_credit_and_records_how():
    taxonomy = Taxonomy.from_rows(ROWS, credit={})

    cases = {
        ("ai.pytorch", "ai.pytorch"): (1.0, "exact"),
        ("ai.dl_frameworks", "ai.pytorch"): (1.0, "narrower"),
        ("ai.deep_learning", "ai.pytorch"): (1.0, "narrower"),  # a grandchild is narrower too
        ("ai.pytorch", "ai.dl_frameworks"): (0.6, "broader"),
        ("ai.tensorflow", "ai.pytorch"): (0.5, "sibling"),
        ("ai.computer_vision", "ai.deep_learning"): (0.5, "related"),
        ("ai.deep_learning", "ai.computer_vision"): (0.5, "related"),  # symmetrical
        ("ai.pytorch", "bio.antibody"): (0.0, ""),
    }
    for (requirement, candidate), (credit, how) in cases.items():
        assert taxonomy.credit(requirement, candidate) == pytest.approx(credit), (requirement, candidate)
        assert taxonomy.how_name(requirement, candidate) == how, (requirement, candidate)


def test_credits_come_from_the_setting():
    with override_settings(TALENTCENTER_MATCHING_SKILL_CREDIT={"broader": 0.3, "sibling": 0.0}):
        taxonomy = Taxonomy.from_rows(ROWS)

    assert taxonomy.credit("ai.pytorch", "ai.dl_frameworks") == pytest.approx(0.3)
    assert taxonomy.credit("ai.tensorflow", "ai.pytorch") == 0.0
    assert taxonomy.credit("ai.dl_frameworks", "ai.pytorch") == 1.0


def test_names_synonyms_and_codes_resolve_in_any_case_in_english_and_korean():
    taxonomy = Taxonomy.from_rows(ROWS, credit={})

    assert taxonomy.resolve("PyTorch") == "ai.pytorch"
    assert taxonomy.resolve("  pytorch  lightning ") == "ai.pytorch"
    assert taxonomy.resolve("딥러닝") == "ai.deep_learning"
    assert taxonomy.resolve("텐서플로우") == "ai.tensorflow"
    assert taxonomy.resolve("tf") == "ai.tensorflow"
    assert taxonomy.resolve("AI.PYTORCH") == "ai.pytorch"
    assert taxonomy.resolve("COBOL") is None


def test_a_parent_cycle_in_bad_data_does_not_hang():
    rows = [SkillRow("a", parent="b"), SkillRow("b", parent="a")]

    taxonomy = Taxonomy.from_rows(rows, credit={})

    assert taxonomy.how_name("a", "b") in {"narrower", "broader"}


@pytest.mark.django_db
def test_the_stored_taxonomy_counts_pytorch_for_deep_learning_frameworks():
    taxonomy = current_taxonomy()

    assert taxonomy.how_name("ai.dl_frameworks", "ai.pytorch") == "narrower"
    assert taxonomy.resolve("파이토치") == "ai.pytorch"
    assert taxonomy.resolve("DL framework") == "ai.dl_frameworks"


@pytest.mark.django_db
def test_a_changed_taxonomy_is_picked_up_and_an_unchanged_one_is_reused(django_assert_num_queries):
    first = current_taxonomy()
    with django_assert_num_queries(1):
        assert current_taxonomy() is first

    parent = Skill.objects.get(code="ai.dl_frameworks")
    Skill.objects.create(code="ai.mxnet", category="ai", name_en="MXNet", name_ko="엠엑스넷", parent=parent)
    second = current_taxonomy()
    assert second is not first
    assert second.how_name("ai.dl_frameworks", "ai.mxnet") == "narrower"

    Skill.objects.get(code="ai.mxnet").related.add(Skill.objects.get(code="bio.antibody"))
    third = current_taxonomy()
    assert third is not second
    assert third.how_name("ai.mxnet", "bio.antibody") == "related"
