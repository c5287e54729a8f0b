"""In-page links lead somewhere visible: every ``href="#id"`` of a page points to an element of that
page, and when the element is a ``<details>`` or lies inside one, the page loads the site's script
that opens it (``web/static/web/js/site.js``), so the link does not land on a closed section. The
pathfinder's answer links each track of its summary to the track's section, a ``<details>``."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from talentcenter.policy.tests.test_pathfinder import (
    MIT,
    OFFER_POST,
    SAMSUNG,
    education_rows,
    experience_rows,
    token_in,
)

SITE_SCRIPT = Path(__file__).resolve().parents[1] / "static" / "web" / "js" / "site.js"


class InPageLinks(HTMLParser):
    """The page's in-page links, its ids (and whether each is a <details> or inside one), and its
    <details> that are open as served."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.in_details: dict[str, bool] = {}
        self.scripts: list[str] = []
        self.open_details: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "details":
            self._depth += 1
            if "open" in values:
                self.open_details.append(values.get("id") or "")
        if values.get("id"):
            self.in_details[str(values["id"])] = self._depth > 0
        if tag == "a" and (values.get("href") or "").startswith("#") and values["href"] != "#":
            self.links.append(str(values["href"])[1:])
        if tag == "script" and values.get("src"):
            self.scripts.append(str(values["src"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self._depth -= 1


def pathfinder_answer(client: Client, language: str) -> Any:
    """The pathfinder's answer for the example applicant, in ``language``."""
    url = f"/{language}/pathfinder/"
    response = client.get(url)
    for data in (
        {"nationality": "IN", "birth_date": "1987-03-14"},
        education_rows(MIT),
        experience_rows(SAMSUNG),
        OFFER_POST,
    ):
        response = client.post(url, {"state": token_in(response), "action": "next", **data})
    return response


def links_of(html: str) -> InPageLinks:
    parser = InPageLinks()
    parser.feed(html)
    return parser


def test_the_site_script_opens_the_details_a_link_points_to() -> None:
    script = SITE_SCRIPT.read_text()

    assert "function openDetailsTarget(" in script
    for event in ('"click"', '"hashchange"', '"DOMContentLoaded"'):
        assert event in script
    assert 'node.tagName === "DETAILS"' in script and "node.open = true" in script


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_in_page_link_of_the_pathfinder_answer_reaches_its_target(client: Client, language: str) -> None:
    # given the pathfinder's answer for the example applicant
    response = pathfinder_answer(client, language)
    page = links_of(response.content.decode())
    tracks = response.context["tracks"]

    # then every in-page link points to an element of the page
    assert [target for target in page.links if target not in page.in_details] == []
    # and each track's summary link points to its section, a <details> the site script opens
    anchors = [track["anchor"] for track in tracks]
    assert [target for target in page.links if target.startswith("track-")] == anchors
    assert all(page.in_details[anchor] for anchor in anchors)
    assert any(src.endswith("/web/js/site.js") for src in page.scripts)
    # without the script, the first eligible track is the one open
    first_eligible = next(track["anchor"] for track in tracks if track["status"] == "eligible")
    assert page.open_details == [first_eligible]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_summary_says_once_that_tracks_without_points_give_none(client: Client, language: str) -> None:
    response = pathfinder_answer(client, language)
    html = response.content.decode()
    summary = html[html.index('class="tbl col data pathfinder-summary"') : html.index("</table>")]
    tracks = response.context["tracks"]
    scored = [track for track in tracks if track["points"] is not None]

    # the summary shows points only where a track scores them, and no stand-in elsewhere
    assert 0 < len(scored) < len(tracks)
    assert summary.count('class="pathfinder-points"') == len(scored)
    assert "No points on this track" not in html and 'aria-hidden="true">–<' not in summary
    # and the key under it says once what a missing score means
    with translation.override(language):
        key = gettext(
            "shown beside the status of a track that scores points. The other tracks give no points: "
            "their criteria alone decide."
        )
    assert html.count(key) == 1
