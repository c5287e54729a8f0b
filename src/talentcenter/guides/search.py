"""One search over guides, FAQ entries and notices.

Each kind has a *source*: a function that takes the query and the reader's language and returns
:class:`Hit` rows (kind, title, snippet, url, updated), best first, in one database query. The page
groups them by kind.

On PostgreSQL a row matches when the ``simple`` full-text configuration finds the words (it does
not stem, so it treats Korean and English alike), when ``pg_trgm`` finds a similar word (Korean
words carry particles: 비자를, 비자는 — trigram similarity still finds 비자), or when the text
contains the query; they rank by full-text rank plus similarity. On SQLite the fallback is
``icontains``, ranked newest first. Guides are searched in their published revision only, and in
both languages (a Korean word found in an English page still leads to it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from talentcenter.foundation.i18n import in_language
from talentcenter.guides import markup
from talentcenter.guides.enums import HitKind
from talentcenter.guides.selectors import guides_published, notices_published
from talentcenter.inquiries import selectors as faq_selectors

MAX_QUERY = 100
PER_KIND = 10
SNIPPET = 220
TRIGRAM_THRESHOLD = 0.3


@dataclass(frozen=True)
class Hit:
    kind: HitKind
    title: str
    snippet: str
    url: str
    updated: datetime | None


def clean_query(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()[:MAX_QUERY]


def terms_of(query: str) -> list[str]:
    return [term for term in query.split(" ") if term]


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _matching(queryset: QuerySet[Any], fields: list[str], query: str) -> QuerySet[Any]:
    """``queryset`` filtered to rows matching ``query`` in any of ``fields``, best first."""
    terms = terms_of(query)
    contains = Q()
    for term in terms:
        every_field = Q()
        for name in fields:
            every_field |= Q(**{f"{name}__icontains": term})
        contains &= every_field
    if not on_postgresql():
        return queryset.filter(contains)
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity

    vector = SearchVector(*fields, config="simple")
    search = SearchQuery(query, config="simple", search_type="websearch")
    similarity = Greatest(*[TrigramWordSimilarity(query, name) for name in fields])
    return (
        queryset.annotate(
            search_rank=Coalesce(SearchRank(vector, search), Value(0.0), output_field=FloatField()),
            similarity=Coalesce(similarity, Value(0.0), output_field=FloatField()),
        )
        .filter(Q(search_rank__gt=0) | Q(similarity__gte=TRIGRAM_THRESHOLD) | contains)
        .annotate(score=F("search_rank") + F("similarity"))
        .order_by("-score", "-pk")
    )


def snippet(text: str, query: str, length: int = SNIPPET) -> str:
    """Up to ``length`` characters of plain ``text`` around the first term found."""
    plain = markup.plain(text)
    lowered = plain.lower()
    found = [lowered.find(term.lower()) for term in terms_of(query)]
    found = [index for index in found if index >= 0]
    start = max(0, min(found) - length // 3) if found else 0
    piece = plain[start : start + length]
    return ("…" if start else "") + piece + ("…" if start + length < len(plain) else "")


def highlight(text: str, query: str) -> SafeString:
    """``text`` escaped, with every term of ``query`` marked."""
    html = str(escape(text))
    terms = sorted({str(escape(term)) for term in terms_of(query)}, key=len, reverse=True)
    if not terms:
        return mark_safe(html)  # noqa: S308 - escaped above
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", html))  # noqa: S308 - escaped above


def _guide_source(query: str, language: str) -> list[Hit]:
    fields = [f"published_revision__{name}_{lang}" for name in ("title", "summary", "body") for lang in ("ko", "en")]
    guides = _matching(guides_published(), fields, query)[:PER_KIND]
    hits = []
    for guide in guides:
        revision = guide.published_revision
        assert revision is not None
        body = revision.body(language)
        text = revision.summary(language) + " " + body
        hits.append(
            Hit(
                kind=HitKind.GUIDE,
                title=revision.title(language),
                snippet=snippet(text, query),
                url=reverse("guides:detail", kwargs={"slug": guide.slug}),
                updated=guide.published_at,
            )
        )
    return hits


def _notice_source(query: str, language: str) -> list[Hit]:
    fields = ["title_ko", "title_en", "body_ko", "body_en"]
    matching = _matching(notices_published(), fields, query)
    if not on_postgresql():
        matching = matching.order_by("-published_at")
    return [
        Hit(
            kind=HitKind.NOTICE,
            title=notice.title(language),
            snippet=snippet(notice.body(language), query),
            url=reverse("guides:notice_detail", kwargs={"slug": notice.slug}),
            updated=notice.published_at,
        )
        for notice in matching[:PER_KIND]
    ]


# ---- FAQ (the inquiries app) ------------------------------------------------------------------
# The inquiries app owns the FAQ (``inquiries.models.FaqEntry``: question_ko/_en, answer_ko/_en,
# is_published; ``inquiries.selectors.faq_entries_published()``). It sits below this app, but may
# not be installed: this source imports it lazily and returns nothing without it.


def _faq_source(query: str, language: str) -> list[Hit]:
    fields = ["question_ko", "question_en", "answer_ko", "answer_en"]
    entries = _matching(faq_selectors.faq_entries_published(), fields, query)[:PER_KIND]
    url = reverse("inquiries:faq")
    return [
        Hit(
            kind=HitKind.FAQ,
            title=in_language(entry.question_ko, entry.question_en, language=language),
            snippet=snippet(in_language(entry.answer_ko, entry.answer_en, language=language), query),
            url=f"{url}#faq-{entry.pk}",
            updated=entry.updated_at,
        )
        for entry in entries
    ]


SOURCES: tuple[tuple[HitKind, Callable[[str, str], list[Hit]]], ...] = (
    (HitKind.GUIDE, _guide_source),
    (HitKind.FAQ, _faq_source),
    (HitKind.NOTICE, _notice_source),
)


@dataclass(frozen=True)
class Group:
    kind: HitKind
    hits: list[Hit]

    @property
    def label(self) -> str:
        return str(self.kind.label)


def search(query: str, *, language: str, kinds: Iterable[str] = ()) -> list[Group]:
    """The hits for ``query`` grouped by kind (groups without hits left out): one query per kind."""
    query = clean_query(query)
    wanted = set(kinds) & set(HitKind.values)
    if not query:
        return []
    groups = []
    for kind, source in SOURCES:
        if wanted and kind not in wanted:
            continue
        hits = source(query, language)
        if hits:
            groups.append(Group(kind=kind, hits=hits))
    return groups
