"""One term per concept: no Korean text uses a variant that docs/glossary.md refuses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[4]
SOURCE = ROOT / "src" / "talentcenter"
CATALOGUE = SOURCE / "locale" / "ko" / "LC_MESSAGES" / "django.po"
VARIANT = re.compile(r"`(?P<exact>=?)(?P<text>[^`]+)`(?:\s+unless with\s+`(?P<unless>[^`]+)`)?")


@dataclass(frozen=True)
class Variant:
    text: str
    exact: bool
    unless: str | None

    def used_in(self, text: str) -> bool:
        if self.exact:
            return text.strip() == self.text
        return self.text in text and not (self.unless and self.unless in text)


def rejected_variants() -> list[Variant]:
    rows = [line for line in (ROOT / "docs" / "glossary.md").read_text().splitlines() if line.startswith("| ")]
    variants = []
    for row in rows[1:]:  # after the header
        cell = row.strip().strip("|").split("|")[-1]
        for match in VARIANT.finditer(cell):
            variants.append(Variant(match["text"], bool(match["exact"]), match["unless"]))
    return variants


def test_the_glossary_lists_its_rejected_variants() -> None:
    variants = rejected_variants()
    assert len(variants) >= 10
    assert Variant("인증", exact=True, unless=None) in variants


def test_no_korean_translation_uses_a_rejected_variant() -> None:
    # given the refused variants and the Korean catalogue
    variants = rejected_variants()
    catalogue = polib.pofile(str(CATALOGUE))
    # when
    found = [
        (entry.msgid, variant.text)
        for entry in catalogue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        for variant in variants
        if text and variant.used_in(text)
    ]
    # then
    assert found == []


def test_no_template_or_python_file_uses_a_rejected_variant() -> None:
    # given every template, text template and Python file (tests included: they assert what people read)
    variants = [variant for variant in rejected_variants() if not variant.exact]
    files = [path for suffix in ("*.html", "*.txt", "*.py") for path in SOURCE.rglob(suffix)]
    # when
    found = [
        (str(path.relative_to(SOURCE)), variant.text)
        for path in files
        for line in path.read_text(encoding="utf-8").splitlines()
        for variant in variants
        if variant.used_in(line)
    ]
    # then
    assert found == []


# A statement in the informal polite register (해요체: 바뀌었어요, 있어요, 참가자예요, 줘요), which
# "Voice" in docs/glossary.md refuses; instructions in -세요 are the register's own and allowed.
INFORMAL_ENDING = re.compile(r"[어아여워와줘둬봐져해돼예에었았였]요(?=$|[\s.!?,)\"”’:])")


def test_the_informal_register_is_caught() -> None:
    caught = ["그사이 일정표가 바뀌었어요", "참가자예요.", "자리를 줘요.", "기업이에요", "없어요"]
    allowed = ["입력하세요.", "선택해 주세요", "필요합니다.", "중요 공지", "요청을 접수했습니다.", "월요일"]
    assert all(INFORMAL_ENDING.search(text) for text in caught)
    assert not any(INFORMAL_ENDING.search(text) for text in allowed)


def test_every_korean_statement_is_in_the_formal_register() -> None:
    # given the Korean catalogue and every template and text template (e-mails) under src/
    catalogue = polib.pofile(str(CATALOGUE))
    texts = [
        (entry.msgid, text) for entry in catalogue for text in [entry.msgstr, *entry.msgstr_plural.values()] if text
    ]
    texts += [
        (str(path.relative_to(SOURCE)), line)
        for suffix in ("*.html", "*.txt")
        for path in SOURCE.rglob(suffix)
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    # then no statement ends in -어요/-예요
    assert [(where, text) for where, text in texts if INFORMAL_ENDING.search(text)] == []


def glossary_terms() -> list[tuple[str, str]]:
    """(English, Korean) of each glossary row that names one term in each language."""
    rows = [line for line in (ROOT / "docs" / "glossary.md").read_text().splitlines() if line.startswith("| ")]
    terms = []
    for row in rows[1:]:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[1] == "English" or set(cells[1]) <= {"-"}:
            continue
        english, korean = cells[1], cells[2]
        if "…" not in english and "," not in english and "(" not in english and english != korean:
            terms.append((english, korean))
    return terms


def test_no_korean_translation_leaves_a_glossary_term_in_english() -> None:
    # given the glossary's terms (K-Tech Pass is K-테크패스 in Korean) and the Korean catalogue
    terms = glossary_terms()
    assert ("K-Tech Pass", "K-테크패스") in terms
    catalogue = polib.pofile(str(CATALOGUE))
    # then no msgstr keeps the English term
    found = [
        (entry.msgid, english)
        for entry in catalogue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        for english, _korean in terms
        if text and english in text
    ]
    assert found == []
