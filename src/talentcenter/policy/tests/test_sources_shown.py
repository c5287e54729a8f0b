"""Sources and notes as people see them: no internal note, in the page's language, official first.

Every value's sources and notes reach people on the rules page, the pathfinder's answer (and its
PDF), a saved self-check and the policy back office. None of them may show what only the team
reads — a section of REFERENCE.md, "talentcenter default", a file name — nor, on a Korean page, a
note or source written in English only; and where a value has an official source and secondary
ones, the official source comes first.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from talentcenter.policy.citing import cited
from talentcenter.policy.engine.parameters import baseline
from talentcenter.policy.engine.sources import RANKS
from talentcenter.policy.enums import SourceKind
from talentcenter.policy.models import Assessment
from talentcenter.policy.tests.test_pathfinder import EXAMPLE, OFFER_POST, token

# What only the team reads: the research notes, the old default marker, a section sign, file names.
INTERNAL = re.compile(r"(?-i:\bREFERENCE\b)|§|talentcenter default|\b[\w/-]+\.(?:md|ya?ml|py|csv|txt)\b", re.IGNORECASE)
URL = re.compile(r"https?://\S+")
HANGUL = re.compile(r"[가-힣]")
# Three or more English words in a row (of two letters or more, so "U.S. News" is a name, not a
# sentence): an English sentence where a Korean one belongs.
ENGLISH_PHRASE = re.compile(r"[A-Za-z]{2,}[A-Za-z'’-]*(?:[\s,:;()·.\d%=+-]+[A-Za-z]{2,}[A-Za-z'’-]*){2,}")

# A date on which the qualitative track, the center's assumptions and every programme are in force.
AS_OF = "2026-11-23"


class _SourceCells(HTMLParser):
    """The visible text of the page, and of each source list and note (class policy-sources,
    policy-source-note) but its links, with the kind named in each source list's items in order."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.cells: list[str] = []
        self.lists: list[list[Any]] = []
        self._stack: list[str | None] = []
        self._tags: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "input", "meta", "link"):
            return
        classes = (dict(attrs).get("class") or "").split()
        mark = next(
            (name for name in ("policy-sources", "policy-source-note", "policy-source-kind") if name in classes), None
        )
        if mark == "policy-sources":
            self.lists.append([])
        if "policy-source-center" in classes:
            self.lists[-1].append(SourceKind.CENTER.label)
        if mark in ("policy-sources", "policy-source-note"):
            self.cells.append("")
        if tag in ("script", "style", "template"):
            self._hidden += 1
        self._stack.append(mark)
        self._tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "img", "input", "meta", "link") or not self._stack:
            return
        self._stack.pop()
        self._tags.pop()
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self.text.append(data)
        # A link's text in a source is the site's name (eng.korean.net), a name in any language.
        if any(mark in ("policy-sources", "policy-source-note") for mark in self._stack) and "a" not in self._tags:
            self.cells[-1] += " " + data
        if self._stack and self._stack[-1] == "policy-source-kind":
            self.lists[-1].append(data.strip())


def read(html: str) -> _SourceCells:
    parser = _SourceCells()
    parser.feed(html)
    return parser


def problems(html: str, language: str) -> list[str]:
    """Internal notes anywhere on the page; English-only text in a source or note on a Korean page."""
    page = read(html)
    found = [f"internal note {match!r}" for match in INTERNAL.findall(URL.sub(" ", " ".join(page.text)))]
    if language == "ko":
        for cell in page.cells:
            found += [
                f"English on a Korean page: {phrase!r} in {' '.join(cell.split())!r}"
                for phrase in ENGLISH_PHRASE.findall(URL.sub(" ", cell))
            ]
    return found


def kinds_in_order(html: str, language: str) -> list[list[str]]:
    """Each source list of the page as the kinds it names, in the order shown."""
    with translation.override(language):
        by_label = {str(kind.label): kind.value for kind in SourceKind}
        return [[by_label[str(label)] for label in labels] for labels in read(html).lists]


def values() -> Iterator[tuple[str, Any]]:
    for parameter in baseline().parameters.values():
        for dated in parameter.values:
            yield f"{parameter.name} {dated.effective_from}", dated


# The data ---------------------------------------------------------------------------------------


def test_every_shipped_note_and_source_is_written_for_people_in_both_languages() -> None:
    failures = []
    for where, dated in values():
        for language in ("ko", "en"):
            with translation.override(language):
                shown = [dated.note_ko if language == "ko" else dated.note_en]
                shown += [source.text for source in cited(dated.cited(), language)]
            failures += [f"{where} ({language}): {match!r}" for text in shown for match in INTERNAL.findall(text)]
        # What a Korean page shows is written in Korean: the note and a notice's title.
        korean = [dated.note_ko] if dated.note_en or dated.note_ko else []
        korean += [source.title_ko for source in dated.sources if source.title_en or source.title_ko]
        failures += [f"{where}: not written in Korean: {text!r}" for text in korean if not HANGUL.search(text)]
        if bool(dated.note_en) != bool(dated.note_ko):
            failures.append(f"{where}: a note in one language only")
        failures += [
            f"{where}: the title of {source.kind} source {source.title_en or source.title_ko!r} in one language only"
            for source in dated.sources
            if bool(source.title_en) != bool(source.title_ko)
        ]
    assert not failures, "\n".join(failures)


def test_official_sources_come_before_secondary_ones_for_every_value() -> None:
    both = 0
    for where, dated in values():
        ranks = [source.rank for source in dated.cited()]
        assert ranks == sorted(ranks), f"{where}: {[source.kind for source in dated.cited()]}"
        kinds = {source.kind for source in dated.cited()}
        both += SourceKind.OFFICIAL in kinds and bool(kinds - {SourceKind.OFFICIAL})
    assert both >= 10, "the rules cite official notices beside the press for most values"


# The pages --------------------------------------------------------------------------------------

# Dates on which the values with notes and official titles are the ones in force (the old E-7-1
# wage rule, the first GNI figure, the latest of everything); every value's text is checked above.
DATES = ("2024-06-01", "2025-06-01", AS_OF)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_rules_page(client: Client, language: str) -> None:
    # given the rules page on dates with the old and the new values in force
    failures, lists = [], []
    with translation.override(language):
        url = reverse("policy:rules")
    for day in DATES:
        html = client.get(url, {"date": day}).content.decode()
        # then no internal note shows, and every source list is official first
        failures += [f"{day}: {problem}" for problem in problems(html, language)]
        lists += kinds_in_order(html, language)
    assert not failures, "\n".join(failures)
    for kinds in lists:
        assert [RANKS[kind] for kind in kinds] == sorted(RANKS[kind] for kind in kinds), kinds
    assert any(SourceKind.OFFICIAL in kinds and SourceKind.PRESS in kinds for kinds in lists)
    center = (
        "센터 운영 기준(공식 고시 전까지 적용하는 잠정 기준)"
        if language == "ko"
        else ("The center's working assumption until the official notice is published")
    )
    assert center in unescape(html)


def _answer(client: Client, language: str) -> str:
    """The pathfinder's answer page: the last step posted with the job offer."""
    response = client.post(
        f"/{language}/pathfinder/", {"state": token(4, EXAMPLE, as_of=AS_OF), "action": "next", **OFFER_POST}
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_pathfinder_answer(client: Client, language: str) -> None:
    # given the answer for the example applicant on a date every track is in force
    html = _answer(client, language)
    # then no internal note shows and the sources are official first, the center's assumption in words
    assert not problems(html, language)
    lists = kinds_in_order(html, language)
    assert any(SourceKind.CENTER in kinds for kinds in lists)
    assert any(kinds[:2] == [SourceKind.OFFICIAL, SourceKind.PRESS] for kinds in lists)
    for kinds in lists:
        assert [RANKS[kind] for kind in kinds] == sorted(RANKS[kind] for kind in kinds), kinds


@pytest.mark.django_db
def test_the_pathfinder_pdf(client: Client) -> None:
    # given the answer as one PDF, in Korean and in English
    pdf = client.post("/ko/pathfinder/result.pdf", {"state": token(5, EXAMPLE, as_of=AS_OF)})
    # then it shows no internal note, and the center's assumption in both languages
    assert pdf.status_code == 200
    text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert not INTERNAL.findall(URL.sub(" ", text))
    assert "센터 운영 기준" in text and "The center's working assumption" in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_self_check_saved_before_sources_had_kinds_shows_no_internal_note(
    client: Client, talent: Any, language: str
) -> None:
    # given a self-check saved when the center's defaults were written "talentcenter default (...)"
    client.force_login(talent)
    saved = client.post(f"/{language}/pathfinder/save/", {"state": token(5, EXAMPLE, as_of=AS_OF)})
    assert saved.status_code == 302
    assessment = Assessment.objects.get(created_by=talent)
    result = assessment.result
    for track in result["results"]:
        for criterion in track["criteria"]:
            for parameter in criterion["parameters"]:
                if parameter.get("sources", [{}])[0].get("kind") == "center":
                    parameter["source"] = "talentcenter default (sub-items not published; REFERENCE.md §1.6)"
                parameter.pop("sources", None)
    Assessment.objects.filter(pk=assessment.pk).update(result=result)
    # when its owner opens it
    with translation.override(language):
        html = client.get(reverse("policy:pathfinder_saved_detail", kwargs={"pk": assessment.pk})).content.decode()
    # then the old line is shown in words of the page's language
    assert not problems(html, language)
    center = "센터 운영 기준" if language == "ko" else "The center's working assumption"
    assert center in unescape(html)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_policy_back_office_shows_sources_in_words(policy_analyst: Any, language: str) -> None:
    client = staff_client_with_second_factor(policy_analyst)
    with translation.override(language):
        html = client.get(reverse("policy_backoffice:index")).content.decode()
    assert not problems(html, language)
    for kinds in kinds_in_order(html, language):
        assert [RANKS[kind] for kind in kinds] == sorted(RANKS[kind] for kind in kinds), kinds
