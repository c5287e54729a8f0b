"""docs/cases.md draws the status diagrams of both case types; they must match ``cases.workflow.TRANSITIONS``.

When the map changes, this test fails and prints the diagram to paste into the document.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from talentcenter.cases.enums import STATUS_ENUMS, CaseType
from talentcenter.cases.workflow import TRANSITIONS

DOC = Path(__file__).resolve().parents[4] / "docs" / "cases.md"


def status_diagram(case_type: str) -> str:
    """The Mermaid state diagram of one case type: one arrow per (source, transition) of the map,
    in the order of the status enum, labelled with the transition's name."""
    order = list(STATUS_ENUMS[case_type].values)
    lines = ["stateDiagram-v2", "    [*] --> invited", "    [*] --> draft"]
    for transition in TRANSITIONS[case_type].values():
        for source in sorted(transition.sources, key=order.index):
            lines.append(f"    {source} --> {transition.target}: {transition.name}")
    return "\n".join(lines)


def documented_diagram(case_type: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(rf"<!-- diagram:{case_type} -->\s*```mermaid\n(.*?)\n```", text, re.DOTALL)
    assert found is not None, f"docs/cases.md has no diagram marked <!-- diagram:{case_type} -->"
    return found.group(1)


@pytest.mark.parametrize("case_type", CaseType.values)
def test_the_documented_status_diagram_matches_the_transition_map(case_type: str) -> None:
    expected = status_diagram(case_type)

    assert documented_diagram(case_type) == expected, f"Paste this into docs/cases.md:\n{expected}"
