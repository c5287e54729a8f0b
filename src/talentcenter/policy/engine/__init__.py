"""The policy engine: dated parameters, facts, rules written once, batch and explained results.

Pure Python and NumPy; nothing here touches the database (the catalogue of ranked lists is passed
in). ``talentcenter.policy.services`` connects it to stored assessments, parameter variants and
simulations.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from talentcenter.policy.engine.evaluate import ENGINE_VERSION, STATUS_NAMES, evaluate, explain
from talentcenter.policy.engine.facts import FactFrame, PreparedFacts, prepare
from talentcenter.policy.engine.fields import classifier
from talentcenter.policy.engine.inputs import ApplicantIn
from talentcenter.policy.engine.matching import Catalogue, bundled_catalogue
from talentcenter.policy.engine.parameters import ParameterSet, baseline
from talentcenter.policy.engine.programmes import PROGRAMMES, TRACKS, tracks_for

__all__ = [
    "ENGINE_VERSION",
    "PROGRAMMES",
    "STATUS_NAMES",
    "TRACKS",
    "ApplicantIn",
    "Catalogue",
    "FactFrame",
    "ParameterSet",
    "PreparedFacts",
    "assess",
    "baseline",
    "bundled_catalogue",
    "evaluate",
    "explain",
    "prepare",
    "tracks_for",
]


def assess(
    applicant: ApplicantIn,
    as_of: date,
    *,
    programmes: list[str] | None = None,
    parameter_set: ParameterSet | None = None,
    catalogue: Catalogue | None = None,
    language: str = "en",
) -> dict[str, Any]:
    """One applicant, every requested programme, explained (the self-check, API and CLI path)."""
    prepared = prepare(applicant, as_of, catalogue or bundled_catalogue(), classifier())
    return explain(prepared, parameter_set or baseline(), as_of, tracks_for(programmes), language)
