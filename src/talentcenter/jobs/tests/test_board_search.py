"""The job board's search: words (synonyms of skills too), filters, closing dates, order, pages,
and a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest

from talentcenter.jobs.enums import Region, Sponsorship
from talentcenter.jobs.models import Opening
from talentcenter.jobs.selectors.board import board_search, search_terms
from talentcenter.jobs.services import openings as services
from talentcenter.jobs.tests.test_openings_support import draft, people, published, today
from talentcenter.reference.enums import AdvancedIndustry

pytestmark = pytest.mark.django_db


def ids(page) -> list[int]:
    return [opening.pk for opening in page.object_list]


@pytest.fixture
def board() -> dict[str, Opening]:
    given = people()
    member, company = given.member, given.company
    return {
        "ml": published(member, company, skills=[("ai.machine_learning", 5, True), ("ai.deep_learning", 2, False)]),
        "litho": published(
            member,
            company,
            title_en="EUV process engineer",
            title_ko="EUV 공정 엔지니어",
            industry=AdvancedIndustry.SEMICONDUCTOR,
            occupation="",
            region=Region.GYEONGGI,
            salary_min_krw=40_000_000,
            salary_max_krw=50_000_000,
            sponsorship=Sponsorship.NONE,
            skills=[("semi.lithography", 5, True)],
            languages=[],
        ),
        "robot": published(
            member,
            company,
            title_en="Robot arm engineer",
            title_ko="로봇 엔지니어",
            industry=AdvancedIndustry.ROBOTICS,
            region=Region.BUSAN,
            salary_min_krw=None,
            salary_max_krw=None,
            sponsorship=Sponsorship.EITHER,
            skills=[("robot.manipulation", 4, True)],
        ),
        "draft": draft(member, company, title_en="Secret draft"),
    }


def test_the_board_shows_published_openings_newest_first(board):
    page = board_search()

    assert ids(page) == [board["robot"].pk, board["litho"].pk, board["ml"].pk]
    assert page.paginator.count == 3


def test_openings_past_their_closing_date_leave_the_board_before_they_are_closed(board):
    Opening.objects.filter(pk=board["ml"].pk).update(closing_date=today() - datetime.timedelta(days=1))

    assert board["ml"].pk not in ids(board_search())
    assert board["ml"].pk in ids(board_search(today=today() - datetime.timedelta(days=2)))


def test_unpublished_and_closed_openings_are_not_shown(board):
    member = Opening.objects.get(pk=board["ml"].pk).created_by
    services.opening_unpublish(actor=member, opening=board["ml"])
    services.opening_close(actor=member, opening=board["litho"], reason="filled")

    assert ids(board_search()) == [board["robot"].pk]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("euv", ["litho"]),
        ("EUV 공정", ["litho"]),
        ("로봇", ["robot"]),
        ("hanbit", ["robot", "litho", "ml"]),
        ("engineer robot", ["robot"]),
        ("nothing-like-this", []),
        ("Photolithography", ["litho"]),  # a synonym of the lithography skill
        ("포토 공정", ["litho"]),  # its Korean synonym, as one phrase
        ("ML", ["ml"]),  # the skill's short name: by the skill only, not as a fragment of words
        ("ng", ["robot", "litho", "ml"]),  # a short fragment that names no skill still matches text
    ],
)
def test_words_match_titles_companies_and_skills_in_both_languages(board, q, expected):
    assert ids(board_search(q=q)) == [board[key].pk for key in expected]


def test_a_synonym_finds_openings_whose_text_carries_only_the_skills_name(board):
    Opening.objects.filter(pk=board["litho"].pk).update(search_text="euv engineer 노광(euv/duv)")

    terms = search_terms("포토 공정")
    assert [term.skill_code for term in terms] == ["semi.lithography"]
    assert "lithography (euv/duv)" in terms[0].fragments
    assert ids(board_search(q="포토 공정")) == [board["litho"].pk]


def test_a_short_skill_name_is_not_matched_as_a_fragment_of_other_words(board):
    Opening.objects.filter(pk=board["robot"].pk).update(search_text="html5 robot")

    assert ids(board_search(q="ml")) == [board["ml"].pk]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"industry": AdvancedIndustry.ROBOTICS}, ["robot"]),
        ({"region": Region.GYEONGGI}, ["litho"]),
        ({"salary_min": 55_000_000}, ["ml"]),
        ({"salary_min": 45_000_000}, ["litho", "ml"]),
        ({"occupation": "2211"}, ["robot", "ml"]),
        ({"sponsorship": "any"}, ["robot", "ml"]),
        ({"sponsorship": Sponsorship.KTECH_PASS}, ["robot", "ml"]),
        ({"sponsorship": Sponsorship.E7_RECOMMENDATION}, ["robot"]),
        ({"sponsorship": Sponsorship.NONE}, ["litho"]),
        ({"industry": AdvancedIndustry.AI, "region": Region.BUSAN}, []),
        ({"q": "engineer", "region": Region.SEOUL}, ["ml"]),
    ],
)
def test_filters_narrow_the_board(board, filters, expected):
    assert ids(board_search(**filters)) == [board[key].pk for key in expected]


def test_pages_hold_twenty_openings(board):
    given = people()
    for _number in range(21):
        published(given.member, given.company)

    first, second = board_search(page=1), board_search(page=2)

    assert len(first.object_list) == 20 and first.paginator.count == 24
    assert len(second.object_list) == 4
    assert not set(ids(first)) & set(ids(second))
    assert ids(board_search(page="not a number")) == ids(first)


def test_the_number_of_queries_does_not_grow_with_the_page(board, django_assert_num_queries):
    given = people()
    for _number in range(25):
        published(given.member, given.company)
    board_search(q="engineer")  # the taxonomy is built once per process

    with django_assert_num_queries(2):
        page = board_search(industry=AdvancedIndustry.AI)
        [(opening.company.name, opening.occupation) for opening in page.object_list]
    with django_assert_num_queries(3):
        page = board_search(q="engineer", region=Region.SEOUL)
        [(opening.company.name, opening.occupation) for opening in page.object_list]


def test_the_count_stops_at_the_cap(board, monkeypatch):
    from talentcenter.jobs.selectors import board as selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    capped = board_search()
    exact = board_search(industry=AdvancedIndustry.ROBOTICS)

    assert (capped.paginator.count, capped.paginator.capped) == (2, True)
    assert (exact.paginator.count, exact.paginator.capped) == (1, False)
    assert len(capped.object_list) == 2
