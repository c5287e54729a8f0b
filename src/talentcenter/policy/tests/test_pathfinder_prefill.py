"""The self-check opened from a programme guide (``?programme=``): it says which route is checked,
keeps it through the steps, and an unknown code is ignored."""

from __future__ import annotations

import pytest
from django.test import Client

from talentcenter.policy.pathfinder_state import state_dump
from talentcenter.policy.views import _answer_tracks, _focus_of, _read_state

pytestmark = pytest.mark.django_db


def test_a_guide_s_link_names_the_route_and_an_unknown_code_is_ignored() -> None:
    client = Client()
    page = client.get("/en/pathfinder/?programme=k-star").content.decode()
    assert "You are checking K-STAR track" in page
    plain = client.get("/en/pathfinder/?programme=<script>").content.decode()
    assert "You are checking" not in plain and "&lt;script&gt;" not in plain


def test_the_route_is_kept_in_the_state_and_opens_its_track_in_the_answer() -> None:
    state = {"applicant": {}, "as_of": "2026-12-01", "step": 2, "drafts": {}, "focus": "k-star"}
    assert _read_state(state_dump(state))["focus"] == "k-star"  # type: ignore[index]
    assert _focus_of("no-such-programme") == ""
    result = {
        "results": [
            {"label": "K-Tech Pass", "status": "eligible", "programme": "ktech-pass"},
            {"label": "K-STAR", "status": "not_eligible", "programme": "k-star"},
        ]
    }
    assert [track["open"] for track in _answer_tracks(result, "k-star")] == [False, True]
    assert [track["open"] for track in _answer_tracks(result)] == [True, False]
