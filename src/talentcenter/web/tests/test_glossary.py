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
