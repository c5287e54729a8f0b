"""Where a parameter value comes from: its sources, each of a kind, cited in the order of the kinds.

Where an official source exists (a notice or announcement of the Ministry of Justice, the ministry
of trade and industry, KOTRA, HiKorea, the Bank of Korea, a government portal) it is cited first,
and press reports and private guides follow it as secondary sources. Where nothing is published
(the rubric's pass mark, the split of its points), the value is the center's working assumption
until the official notice is published, and it says so in words, never with an internal note.

The parameter files list each value's ``sources`` with their kind (``kind``, and ``url`` and/or
``title_en``/``title_ko``). A value written as one line — a variant's value drafted by policy staff,
a parameter snapshot stored before sources had kinds — is read as one source (:func:`source_from_text`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from talentcenter.policy.engine.messages import gettext_lazy, in_language


class SourceKind:
    """The kinds of source, in the order they are cited (``policy.enums.SourceKind`` names them)."""

    OFFICIAL = "official"
    PRESS = "press"
    GUIDE = "guide"
    OTHER = "other"
    CENTER = "center"
    values = (OFFICIAL, PRESS, GUIDE, OTHER, CENTER)


# The kinds in the order they are cited: a kind's rank is its place here.
RANKS: dict[str, int] = {kind: rank for rank, kind in enumerate(SourceKind.values)}

# What a page says where a value's source is the center's working assumption.
CENTER_ASSUMPTION = gettext_lazy("The center's working assumption until the official notice is published")

# How older parameter files wrote the center's assumption on one line ("talentcenter default (...)").
_LEGACY_CENTER = "talentcenter default"

# Sites of government bodies and of the agencies that publish the rules (a link typed on one line
# is official when it is on one of them, or on any site under .go.kr).
OFFICIAL_SITES = ("investkorea.org", "kotra.or.kr", "korea.net", "korean.net", "bok.or.kr", "hikorea.go.kr")

_KEYS = {"kind", "url", "title_en", "title_ko"}


class SourceError(ValueError):
    """A source in a parameter file is malformed."""


def is_link(text: str) -> bool:
    return text.startswith(("https://", "http://"))


def site_of(url: str) -> str:
    """A link's site, as a link's text shows it (the full address is the link's target)."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _is_official_site(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host.endswith(".go.kr") or any(host == site or host.endswith("." + site) for site in OFFICIAL_SITES)


@dataclass(frozen=True)
class Source:
    kind: str
    url: str = ""
    title_en: str = ""
    title_ko: str = ""

    @property
    def rank(self) -> int:
        return RANKS.get(self.kind, len(RANKS))

    @property
    def line(self) -> str:
        """The source on one line, as stored beside the value: its address, its title or its kind."""
        return self.url or self.title_en or self.title_ko or self.kind

    def text(self, language: str | None = None) -> str:
        """What a reader sees for it: its title, else the site of its link; the center's assumption in
        words (a :class:`Message`, translated at the boundary)."""
        if self.kind == SourceKind.CENTER:
            return CENTER_ASSUMPTION
        return in_language(self.title_ko, self.title_en, language=language) or site_of(self.url)

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in vars(self).items() if value}


def ranked(sources: Iterable[Source]) -> tuple[Source, ...]:
    """Official sources first, then the press, private guides, others and the center's assumption;
    sources of one kind keep the order they were written in."""
    return tuple(sorted(sources, key=lambda source: source.rank))


def source_from_text(text: str) -> Source:
    """One line read as a source: a link is official on a government or agency site and a news
    report elsewhere; the center's assumption (``center``, or the older "talentcenter default" line)
    is that; any other text (the title of a notice or decision) is another source."""
    text = text.strip()
    if is_link(text):
        return Source(kind=SourceKind.OFFICIAL if _is_official_site(text) else SourceKind.PRESS, url=text)
    if text == SourceKind.CENTER or text.lower().startswith(_LEGACY_CENTER):
        return Source(kind=SourceKind.CENTER)
    return Source(kind=SourceKind.OTHER, title_en=text, title_ko=text)


def source_from_mapping(raw: Any) -> Source:
    """One entry of a value's ``sources`` in a parameter file or a stored snapshot."""
    if not isinstance(raw, Mapping):
        raise SourceError(f"{raw!r} is not a source (kind, url, title_en, title_ko)")
    unknown = set(raw) - _KEYS
    if unknown:
        raise SourceError(f"unknown keys {sorted(unknown)} in a source")
    source = Source(**{key: str(raw.get(key) or "").strip() for key in _KEYS})
    if source.kind not in RANKS:
        raise SourceError(f"source kind {source.kind!r} is not one of {', '.join(RANKS)}")
    if source.url and not is_link(source.url):
        raise SourceError(f"source address {source.url!r} is not a web address")
    if source.kind != SourceKind.CENTER and not (source.url or source.title_en or source.title_ko):
        raise SourceError(f"a {source.kind} source needs an address or a title")
    return source


def source_json(source: Source, language: str) -> dict[str, str]:
    """A source in the engine's answer and the API: its kind, its address (may be empty) and what a
    page shows for it in ``language`` (:meth:`Source.text`)."""
    return {"kind": source.kind, "url": source.url, "title": source.text(language)}
