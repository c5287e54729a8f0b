"""Matching institution and company names against the ranked lists, honestly."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentcenter.policy.engine.matching import (
    ACCEPT_MARGIN,
    ACCEPT_SCORE,
    UNCERTAIN_SCORE,
    ListSource,
    NameIndex,
    build_catalogue,
    bundled_catalogue,
    name_and_aliases,
    normalize,
    rank_number,
)

AFTER_ALL_LISTS = date(2026, 1, 1)
MIT = "Massachusetts Institute of Technology"


# normalize --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Massachusetts Inst. of Technology", "massachusetts institute of technology"),
        ("  MASSACHUSETTS   institute of technology ", "massachusetts institute of technology"),
        ("École polytechnique fédérale de Lausanne", "ecole polytechnique federale de lausanne"),
        ("ETH Zürich", "eth zurich"),
        ("Samsung Electronics Co., Ltd.", "samsung electronics company"),
        ("Samsung C&T", "samsung c and t"),
        ("The University of Tokyo", "university of tokyo"),
        ("University of Michigan-Ann Arbor", "university of michigan ann arbor"),
        ("St. Andrews Univ", "saint andrews university"),
        ("매사추세츠 공과대학교", "매사추세츠 공과대학교"),
        ("", ""),
        ("(...)", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


def test_published_name_with_its_alias() -> None:
    assert name_and_aliases("Massachusetts Institute of Technology (MIT)") == (MIT, ["MIT"])
    assert name_and_aliases("ETH Zurich") == ("ETH Zurich", [])


@pytest.mark.parametrize(("label", "rank"), [("1", 1), ("=38", 38), (" =70 ", 70), ("101-150", 101)])
def test_rank_labels(label: str, rank: int) -> None:
    assert rank_number(label) == rank


# Matching against the bundled lists -------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "how"),
    [
        (MIT, "exact"),
        ("Massachusetts Inst. of Technology", "exact"),
        ("MIT", "alias"),
        ("mit", "alias"),
        ("매사추세츠 공과대학교", "alias"),
        ("Massachusets Institute of Technolgy", "fuzzy"),
    ],
)
def test_one_university_many_spellings(query: str, how: str) -> None:
    standing = bundled_catalogue().university(query, AFTER_ALL_LISTS)
    assert standing.match.status == "matched"
    assert standing.match.name == MIT
    assert standing.match.how == how
    assert standing.counts
    assert standing.rank == 1
    assert standing.basis == "QS World University Rankings 2026"


def test_fuzzy_match_is_accepted_only_when_close_and_clearly_ahead() -> None:
    standing = bundled_catalogue().university("Stanford Universty", AFTER_ALL_LISTS)
    assert (standing.match.status, standing.match.how, standing.match.name) == (
        "matched",
        "fuzzy",
        "Stanford University",
    )
    assert standing.match.score >= ACCEPT_SCORE


def test_fuzzy_near_miss_is_uncertain_and_never_counts() -> None:
    standing = bundled_catalogue().university("University of Californa", AFTER_ALL_LISTS)
    assert standing.match.status == "uncertain"
    assert standing.match.how == "fuzzy"
    assert "University of California, Berkeley" in standing.match.candidates
    assert UNCERTAIN_SCORE <= standing.match.score < ACCEPT_SCORE
    assert not standing.certain
    assert not standing.counts
    assert standing.rank is None


def test_ambiguous_alias_is_uncertain_with_both_candidates() -> None:
    standing = bundled_catalogue().university("NTU", AFTER_ALL_LISTS)
    assert standing.match.status == "uncertain"
    assert standing.match.how == "alias"
    assert set(standing.match.candidates) == {
        "Nanyang Technological University Singapore",
        "National Taiwan University",
    }
    assert not standing.counts


def test_qualified_alias_resolves_the_ambiguity() -> None:
    catalogue = bundled_catalogue()
    assert catalogue.university("NTU Singapore", AFTER_ALL_LISTS).rank == 12
    assert catalogue.university("NTU Taiwan", AFTER_ALL_LISTS).rank == 63


def test_name_not_on_a_partial_list_is_unknown_not_absent() -> None:
    standing = bundled_catalogue().company("Acme Widgets", AFTER_ALL_LISTS)
    assert standing.match.status == "not_found"
    assert not standing.certain
    assert standing.rank is None
    assert standing.basis == "not on a partial list"


def test_company_aliases_and_korean_names() -> None:
    catalogue = bundled_catalogue()
    google = catalogue.company("Google", AFTER_ALL_LISTS)
    assert (google.match.name, google.rank, google.basis) == ("Alphabet", 13, "Fortune Global 500 2025")
    samsung = catalogue.company("삼성전자", AFTER_ALL_LISTS)
    assert (samsung.match.name, samsung.rank, samsung.basis) == (
        "Samsung Electronics",
        0,
        "Korean equivalent named in the rules",
    )


def test_korean_equivalents_count_before_any_list_is_published() -> None:
    catalogue = bundled_catalogue()
    before_lists = date(2025, 4, 2)
    assert catalogue.university("KAIST", before_lists).rank == 0
    assert catalogue.university("서울대학교", before_lists).counts
    assert catalogue.company("Hyundai Motor", before_lists).rank == 0


@pytest.mark.parametrize(
    ("as_of", "rank", "basis"),
    [
        (date(2025, 6, 16), None, "no list in force on this date"),
        (date(2025, 6, 17), 2, "U.S. News Best Global Universities 2025-2026"),
        (date(2025, 6, 18), 2, "U.S. News Best Global Universities 2025-2026"),
        (date(2025, 6, 19), 1, "QS World University Rankings 2026"),
    ],
)
def test_edition_in_force_by_publication_date(as_of: date, rank: int | None, basis: str) -> None:
    standing = bundled_catalogue().university("MIT", as_of)
    assert (standing.rank, standing.basis) == (rank, basis)
    assert standing.certain == (rank is not None)


def test_company_list_in_force_from_its_publication_date() -> None:
    catalogue = bundled_catalogue()
    assert not catalogue.company("Walmart", date(2025, 7, 28)).certain
    assert catalogue.company("Walmart", date(2025, 7, 29)).rank == 1


def edition(edition: str, published_on: date, rows: tuple[tuple[int, str], ...], *, partial: bool) -> ListSource:
    return ListSource(
        kind="qs_world",
        edition=edition,
        published_on=published_on,
        partial=partial,
        category="university",
        label="QS",
        rows=rows,
    )


def test_newer_edition_replaces_the_older_one_on_its_publication_date() -> None:
    catalogue = build_catalogue(
        [
            edition(
                "2026", date(2025, 6, 19), ((5, "Example University (EU)"), (7, "Other University")), partial=False
            ),
            edition("2027", date(2026, 6, 10), ((9, "Example University"),), partial=False),
        ]
    )
    assert catalogue.university("EU", date(2025, 6, 18)).basis == "no list in force on this date"
    assert catalogue.university("EU", date(2025, 6, 19)).rank == 5
    assert catalogue.university("EU", date(2026, 6, 9)).rank == 5
    assert catalogue.university("Example University", date(2026, 6, 10)).rank == 9
    dropped = catalogue.university("Other University", date(2026, 6, 10))
    assert (dropped.certain, dropped.rank, dropped.basis) == (True, None, "not on the list")


def test_complete_list_says_not_on_the_list_for_certain() -> None:
    catalogue = build_catalogue([edition("2026", date(2025, 6, 19), ((1, "Example University"),), partial=False)])
    standing = catalogue.university("Nowhere College of Things", date(2026, 1, 1))
    assert (standing.certain, standing.counts, standing.basis) == (True, False, "not on the list")


def test_best_rank_across_lists_in_force() -> None:
    catalogue = build_catalogue(
        [
            edition("2026", date(2025, 6, 19), ((40, "Example University"),), partial=False),
            ListSource(
                kind="usnews_global",
                edition="2025-2026",
                published_on=date(2025, 6, 17),
                partial=True,
                category="university",
                label="U.S. News",
                rows=((12, "Example University"),),
            ),
        ]
    )
    standing = catalogue.university("Example University", date(2026, 1, 1))
    assert (standing.rank, standing.basis) == (12, "U.S. News 2025-2026")


# NameIndex on its own ---------------------------------------------------------------------------


def test_name_index_thresholds() -> None:
    index = NameIndex(
        {"alpha beta university": "Alpha Beta University", "gamma institute": "Gamma Institute"},
        {"abu": ["alpha beta university"], "ab": ["alpha beta university", "gamma institute"]},
    )
    assert index.match("Alpha Beta Universty").status == "matched"
    assert index.match("ABU").how == "alias"
    ambiguous = index.match("AB")
    assert (ambiguous.status, ambiguous.how) == ("uncertain", "alias")
    assert index.match("Totally Different Name").status == "not_found"
    assert index.match("").status == "not_found"
    assert index.match("!!!").status == "not_found"


def test_close_runner_up_makes_a_fuzzy_match_uncertain() -> None:
    index = NameIndex({"university of abcde": "University of Abcde", "university of abcdf": "University of Abcdf"}, {})
    match = index.match("University of Abcdx")
    assert match.status == "uncertain"
    assert match.score >= ACCEPT_SCORE  # close enough, but the runner-up is less than ACCEPT_MARGIN behind
    assert set(match.candidates) == {"University of Abcde", "University of Abcdf"}
    clear = NameIndex({"university of abcde": "University of Abcde", "gamma institute": "Gamma Institute"}, {})
    accepted = clear.match("University of Abcdx")
    assert (accepted.status, accepted.how, accepted.name) == ("matched", "fuzzy", "University of Abcde")
    assert accepted.score >= ACCEPT_SCORE
    assert ACCEPT_MARGIN > 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_an_answer_and_only_a_match_counts(text: str) -> None:
    catalogue = bundled_catalogue()
    for standing in (catalogue.university(text, AFTER_ALL_LISTS), catalogue.company(text, AFTER_ALL_LISTS)):
        assert standing.match.status in {"matched", "uncertain", "not_found"}
        if standing.counts:
            assert standing.match.status == "matched"
        if standing.match.status == "uncertain":
            assert not standing.certain


def test_remembered_queries_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from talentcenter.policy.engine import matching

    monkeypatch.setattr(matching, "CACHE_LIMIT", 10)
    index = NameIndex({"alpha beta university": "Alpha Beta University"}, {"abu": ["alpha beta university"]})
    for number in range(35):
        index.match(f"Invented College {number}")
    assert len(index._cache) <= 10
    assert index.match("ABU").name == "Alpha Beta University"
