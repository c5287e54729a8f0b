"""Sources as pages show them: the engine's sources (``policy.engine.sources``) with their kind as a
:class:`~talentcenter.policy.enums.SourceKind` (put in words by the display layer) and their text in
the reader's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from talentcenter.foundation.i18n import current_language
from talentcenter.policy.engine.messages import translate
from talentcenter.policy.engine.sources import CENTER_ASSUMPTION, RANKS, Source, site_of, source_from_text
from talentcenter.policy.enums import SourceKind


@dataclass(frozen=True)
class CitedSource:
    """A source as a page shows it: its kind (a :class:`SourceKind`, put in words by the display
    layer), the address it links to (may be empty) and its text (:meth:`Source.text`)."""

    kind: SourceKind
    url: str
    text: str

    @property
    def is_center(self) -> bool:
        return self.kind == SourceKind.CENTER


def _kind(kind: Any) -> SourceKind:
    return SourceKind(kind) if kind in RANKS else SourceKind.OTHER


def cited(sources: Iterable[Source], language: str | None = None) -> tuple[CitedSource, ...]:
    """Sources as pages show them, in the order given (parameter values keep theirs official first)."""
    language = language or current_language()
    return tuple(
        CitedSource(kind=_kind(source.kind), url=source.url, text=translate(source.text(language), language))
        for source in sources
    )


def cited_in_answer(parameter: Mapping[str, Any], language: str | None = None) -> tuple[CitedSource, ...]:
    """The sources of one parameter of an engine answer, new or stored: its ``sources``, or, in an
    answer stored before values listed them, its one ``source`` line read as a source."""
    language = language or current_language()
    listed = parameter.get("sources")
    if isinstance(listed, list) and listed:
        found = []
        for item in listed:
            if not isinstance(item, Mapping):
                continue
            kind, url = _kind(item.get("kind")), str(item.get("url") or "")
            text = translate(CENTER_ASSUMPTION, language) if kind == SourceKind.CENTER else str(item.get("title") or "")
            found.append(CitedSource(kind=kind, url=url, text=text or site_of(url)))
        return tuple(sorted(found, key=lambda source: RANKS[source.kind]))
    line = str(parameter.get("source") or "").strip()
    return cited([source_from_text(line)], language) if line else ()
