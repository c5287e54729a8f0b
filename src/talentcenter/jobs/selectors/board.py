"""The public job board: published openings not past their closing date, searched and filtered.

Words match ``Opening.search_text`` (titles, descriptions, company and skill names and synonyms in
both languages, lower-cased; a trigram index on PostgreSQL serves ``LIKE '%…%'``) and, when a word
names a skill of the taxonomy (its name or a synonym, in either language), the skill's names too.
Filters use the indexed columns. Newest first, 20 a page, the company and occupation in the same
query: a fixed number of
queries whatever the page holds (two, plus one for the taxonomy's fingerprint when words are given).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from talentcenter.jobs.enums import OpeningStatus, Sponsorship
from talentcenter.jobs.models import Opening
from talentcenter.matching.taxonomy import Taxonomy, current_taxonomy

PAGE_SIZE = 20
# Counting stops here: "more than 1,000 openings" is all a person needs, and a broad search then
# never has to visit every matching row (see BoardPaginator).
COUNT_CAP = 1000
MAX_WORDS = 8
MAX_QUERY_LENGTH = 200
MIN_FRAGMENT = 3
SPONSORING = "any"  # the filter value for "any kind of sponsorship"
# A sponsorship filter also finds the openings that offer either kind.
SPONSORSHIP_MATCHES = {
    SPONSORING: [Sponsorship.KTECH_PASS, Sponsorship.E7_RECOMMENDATION, Sponsorship.EITHER],
    Sponsorship.KTECH_PASS: [Sponsorship.KTECH_PASS, Sponsorship.EITHER],
    Sponsorship.E7_RECOMMENDATION: [Sponsorship.E7_RECOMMENDATION, Sponsorship.EITHER],
    Sponsorship.EITHER: [Sponsorship.EITHER],
    Sponsorship.NONE: [Sponsorship.NONE],
}


@dataclass(frozen=True)
class Term:
    """One thing the words ask for: the fragments any of which the text must contain (the word
    itself and, when it names a skill, that skill's English and Korean names)."""

    text: str
    skill_code: str | None = None
    fragments: tuple[str, ...] = ()


def open_openings(*, today: date | None = None) -> QuerySet[Opening]:
    """Published openings whose closing date has not passed. (Only a verified company can publish,
    and verification is never withdrawn, so the company's status needs no join here.)"""
    today = today or timezone.localdate()
    return Opening.objects.filter(status=OpeningStatus.PUBLISHED).filter(
        Q(closing_date__isnull=True) | Q(closing_date__gte=today)
    )


def _term(text: str, skill_code: str | None, taxonomy: Taxonomy) -> Term:
    """A short word that names a skill ("ML", "CV") stands for the skill's names only: as a fragment
    of text it would match any word containing it ("html")."""
    fragments = [] if skill_code is not None and len(text) < MIN_FRAGMENT else [text]
    if skill_code is not None:
        fragments += [taxonomy.name(skill_code, "en").lower(), taxonomy.name(skill_code, "ko").lower()]
    return Term(text, skill_code, tuple(dict.fromkeys(fragment for fragment in fragments if fragment)))


def search_terms(q: str) -> list[Term]:
    """The words of ``q``, lower-cased; the whole phrase counts as one term when it names a skill
    ("machine learning", "딥 러닝"), and each word that names a skill (a name or a synonym, in
    either language) also matches the skill's names, which every opening asking for it carries in
    its ``search_text``: "Photolithography" finds openings that ask for "Lithography (EUV/DUV)"."""
    text = " ".join((q or "")[:MAX_QUERY_LENGTH].split()).lower()
    if not text:
        return []
    taxonomy = current_taxonomy()
    whole = taxonomy.resolve(text)
    if whole is not None and " " in text:
        return [_term(text, whole, taxonomy)]
    words = list(dict.fromkeys(text.split()))[:MAX_WORDS]
    return [_term(word, taxonomy.resolve(word), taxonomy) for word in words]


def _term_filter(term: Term) -> Q:
    """Any of the term's fragments in the text: each a ``LIKE '%…%'`` the trigram index serves."""
    condition = Q()
    for fragment in term.fragments:
        condition |= Q(search_text__contains=fragment)
    return condition


def board_queryset(
    *,
    q: str = "",
    industry: str = "",
    region: str = "",
    salary_min: int | None = None,
    occupation: str = "",
    sponsorship: str = "",
    today: date | None = None,
) -> QuerySet[Opening]:
    """The board's openings for these words and filters, newest first (not yet paginated)."""
    openings = open_openings(today=today)
    for term in search_terms(q):
        openings = openings.filter(_term_filter(term))
    if industry:
        openings = openings.filter(industry=industry)
    if region:
        openings = openings.filter(region=region)
    if occupation:
        openings = openings.filter(occupation__code=occupation)
    if salary_min is not None:
        openings = openings.filter(
            Q(salary_max_krw__gte=salary_min) | Q(salary_max_krw__isnull=True, salary_min_krw__gte=salary_min)
        )
    if sponsorship:
        openings = openings.filter(sponsorship__in=SPONSORSHIP_MATCHES.get(sponsorship, [sponsorship]))
    return openings.select_related("company", "occupation").order_by("-published_at", "-id")


# Django's Paginator takes no type argument at run time; the stubs' generic one is for mypy.
if TYPE_CHECKING:
    _OpeningPaginator = Paginator[Opening]
else:
    _OpeningPaginator = Paginator


class BoardPaginator(_OpeningPaginator):
    """A paginator whose count stops at ``COUNT_CAP`` (``capped`` says when it did): one bounded
    ``COUNT`` over at most ``COUNT_CAP + 1`` matching rows instead of all of them."""

    def __init__(self, openings: QuerySet[Opening], per_page: int | str, **options: Any) -> None:
        super().__init__(openings, per_page, **options)
        self.openings = openings  # ``object_list`` as the query it is

    @cached_property
    def count(self) -> int:
        found = int(self.openings.order_by().values("pk")[: COUNT_CAP + 1].count())
        self.capped = found > COUNT_CAP
        return min(found, COUNT_CAP)

    capped = False


def board_search(
    *,
    q: str = "",
    industry: str = "",
    region: str = "",
    salary_min: int | None = None,
    occupation: str = "",
    sponsorship: str = "",
    page: int | str = 1,
    page_size: int = PAGE_SIZE,
    today: date | None = None,
) -> Page[Opening]:
    """One page of the board (its rows already loaded)."""
    openings = board_queryset(
        q=q,
        industry=industry,
        region=region,
        salary_min=salary_min,
        occupation=occupation,
        sponsorship=sponsorship,
        today=today,
    )
    result = BoardPaginator(openings, page_size).get_page(page)
    result.object_list = list(result.object_list)
    return result


def board_opening(opening_id: int) -> Opening | None:
    """An opening with what its page shows: company, occupation, skills and languages."""
    return (
        Opening.objects.select_related("company", "occupation")
        .prefetch_related("skills__skill", "languages")
        .filter(pk=opening_id)
        .first()
    )
