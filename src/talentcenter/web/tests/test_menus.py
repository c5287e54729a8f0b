"""The site's menus by role: a person in each role of the demo sees exactly the main-menu entries
and header utility links the role may use, every one of them and every link of their "My page"
answers (no 403 or 404), and the footer's links answer in both languages."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import staff_client_with_second_factor
from django.test import Client, override_settings
from django.urls import resolve, reverse
from django.utils import translation

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.organizations.enums import CompanyStatus, MemberRole
from tests.factories import CompanyFactory, MembershipFactory, TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = [
    "web:about",
    "policy:pathfinder",
    "policy:rules",
    "jobs:board",
    "events:list",
    "guides:list",
    "guides:notice_list",
    "inquiries:new",
]
TALENT_MENU = [*PUBLIC, "talent:profile", "cases:list", "concierge:plan"]
COMPANY_MENU = [*PUBLIC, "organizations:mine", "cases:list"]
STAFF_MENU = PUBLIC
# The people of the demo (``talentcenter.demo.accounts``) and the states their pages differ in ->
# (main menu, header utility links), by URL name, in the order shown.
EXPECTED: dict[str, tuple[list[str], list[str]]] = {
    "talent with a profile": (TALENT_MENU, ["notifications:inbox"]),
    "talent without a profile yet": (TALENT_MENU, ["notifications:inbox"]),
    "owner of a verified company": (COMPANY_MENU, ["notifications:inbox"]),
    "recruiter of a verified company": (COMPANY_MENU, ["notifications:inbox"]),
    "owner of a company awaiting verification": (COMPANY_MENU, ["notifications:inbox"]),
    "owner of a rejected company": (COMPANY_MENU, ["notifications:inbox"]),
    "company member without a company yet": (COMPANY_MENU, ["notifications:inbox"]),
    "staff reviewer": (STAFF_MENU, ["notifications:inbox", "backoffice:index", "concierge_backoffice:queue"]),
    "administrator": (
        STAFF_MENU,
        ["notifications:inbox", "backoffice:index", "concierge_backoffice:queue", "policy_backoffice:index"],
    ),
    "policy analyst": (STAFF_MENU, ["notifications:inbox", "policy_backoffice:index"]),
    "external evaluator": ([*PUBLIC, "evaluations:list"], ["notifications:inbox"]),
    "concierge": (STAFF_MENU, ["notifications:inbox", "concierge_backoffice:queue"]),
}


@pytest.fixture
def people() -> dict[str, User]:
    """One person in each role of the demo, and in each state that changes what "My page" offers."""
    return {
        "talent with a profile": TalentProfileFactory().user,
        "talent without a profile yet": UserFactory(roles=[Role.TALENT]),
        "owner of a verified company": MembershipFactory().user,
        "recruiter of a verified company": MembershipFactory(role=MemberRole.RECRUITER).user,
        "owner of a company awaiting verification": MembershipFactory(
            company=CompanyFactory(status=CompanyStatus.PENDING)
        ).user,
        "owner of a rejected company": MembershipFactory(
            company=CompanyFactory(status=CompanyStatus.REJECTED, status_reason="The certificate is unreadable.")
        ).user,
        "company member without a company yet": UserFactory(roles=[Role.COMPANY_MEMBER]),
        "staff reviewer": UserFactory(roles=[Role.STAFF_REVIEWER]),
        "administrator": UserFactory(roles=[Role.ADMINISTRATOR], is_superuser=True, is_staff=True),
        "policy analyst": UserFactory(roles=[Role.POLICY_ANALYST]),
        "external evaluator": UserFactory(roles=[Role.EXTERNAL_EVALUATOR]),
        "concierge": UserFactory(roles=[Role.CONCIERGE]),
    }


class _Links(HTMLParser):
    """The links of the main menu (``#main-menu``), of the header's utility bar
    (``.site-utility-link``), of the mobile menu, of ``<main>`` and of the footer."""

    def __init__(self) -> None:
        super().__init__()
        self.menu: list[str] = []
        self.utility: list[str] = []
        self.mobile: list[str] = []
        self.main: list[str] = []
        self.footer: list[str] = []
        self._open: list[tuple[str, str]] = []  # (tag, region) for the regions' own elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        region = ""
        if attributes.get("id") == "main-menu":
            region = "menu"
        elif "site-mobile-menu" in attributes.get("class", "").split():
            region = "mobile"
        elif tag == "main":
            region = "main"
        elif tag == "footer":
            region = "footer"
        if region:
            self._open.append((tag, region))
        if tag != "a" or "href" not in attributes:
            return
        href = attributes["href"]
        if "site-utility-link" in attributes.get("class", "").split():
            self.utility.append(href)
        for _tag, open_region in self._open:
            getattr(self, open_region).append(href)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            self._open.pop()


def links_of(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _client_for(user: User) -> Client:
    if user.is_back_office:
        return staff_client_with_second_factor(user)
    client = Client()
    client.force_login(user)
    return client


def _name(path: str) -> str:
    """The URL name of a site path, resolved in the language of its prefix."""
    path = urlsplit(path).path
    prefix = path.split("/")[1]
    with translation.override(prefix if prefix in ("ko", "en") else None):
        return resolve(path).view_name


def _names(paths: list[str]) -> list[str]:
    return [_name(path) for path in paths]


def _site_links(paths: list[str]) -> list[str]:
    return [path for path in paths if path.startswith("/") and not path.startswith("//")]


def test_each_role_sees_exactly_the_menu_entries_it_may_use_and_each_answers(people: dict[str, User]) -> None:
    failures = []
    public_checked: set[str] = set()  # the public pages answer everyone: opened once
    for who, (menu, utility) in EXPECTED.items():
        client = _client_for(people[who])
        # when
        with translation.override("ko"):
            page = client.get(reverse("web:dashboard"))
        # then: exactly the entries of the role, the same in the mobile menu
        assert page.status_code == 200, who
        links = links_of(page.content.decode())
        assert _names(links.menu) == menu, who
        assert _names(links.utility) == utility, who
        assert sorted(_names(links.mobile)) == sorted(menu + utility), who
        # and every entry, and every link on "My page", opens for this person
        for path in dict.fromkeys([*links.menu, *links.utility, *_site_links(links.main)]):
            if _name(path) in PUBLIC:
                if path in public_checked:
                    continue
                public_checked.add(path)
            status = client.get(path).status_code
            if status in (403, 404) or status >= 500:
                failures.append(f"{who}: {path} answers {status}")
    assert failures == []


def test_the_anonymous_visitor_sees_the_public_menu_and_no_utility_links(client: Client) -> None:
    links = links_of(client.get(reverse("web:home")).content.decode())

    assert _names(links.menu) == PUBLIC
    assert links.utility == []


@pytest.mark.parametrize("page", ["web:dashboard", "web:home"])
def test_staff_are_not_offered_a_talent_profile_or_a_company_even_without_other_roles(
    staff_client: Client, page: str
) -> None:
    html = staff_client.get(reverse(page)).content.decode()
    links = links_of(html)

    offered = _names(_site_links(links.menu + links.main))
    assert not {"talent:profile", "organizations:mine", "organizations:register"} & set(offered)
    assert "backoffice:index" in _names(links.utility)
    assert "site-user-nav" not in html  # the unstyled "applications / notifications" row is gone


def test_an_account_older_than_the_sign_up_question_is_offered_both_paths() -> None:
    client = Client()
    client.force_login(UserFactory())

    links = links_of(client.get(reverse("web:dashboard")).content.decode())

    assert _names(links.menu) == [*PUBLIC, "talent:profile", "organizations:mine", "cases:list", "concierge:plan"]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_footer_link_answers_in_both_languages(client: Client, language: str) -> None:
    # given
    with translation.override(language):
        home = client.get(reverse("web:home"))
    links = links_of(home.content.decode())
    pages = _site_links(links.footer)
    # then: the legal pages, the accessibility statement and the center's page, each answering
    assert set(_names(pages)) >= {
        "web:about",
        "privacy:policy",
        "privacy:terms",
        "privacy:copyright",
        "web:accessibility",
    }
    for path in pages:
        assert path.startswith((f"/{language}/", "/api/")), path
        response = client.get(path)
        assert response.status_code == 200, path
        if path.startswith(f"/{language}/"):
            assert f'<html lang="{language}">' in response.content.decode(), path


@override_settings(TALENTCENTER_API_DOCS=False)
def test_the_footer_leaves_out_the_api_documentation_where_it_is_not_served(client: Client) -> None:
    footer = links_of(client.get(reverse("web:home")).content.decode()).footer

    assert not any(path.startswith("/api/") for path in footer)
    assert client.get("/api/v1/docs").status_code == 404


def test_the_official_site_notice_explains_how_to_check_it_in_both_languages(client: Client, settings: Any) -> None:
    settings.SITE_URL = "https://talentcenter.example.kr"
    korean = client.get("/ko/").content.decode()
    english = client.get("/en/").content.decode()

    for html, toggle, address in [
        (korean, "공식 누리집 확인 방법", "주소는 <strong>talentcenter.example.kr</strong>입니다"),
        (english, "How to check an official website", "Its address is <strong>talentcenter.example.kr</strong>"),
    ]:
        assert 'aria-controls="masthead-check"' in html and 'aria-expanded="false"' in html
        assert toggle in html
        assert 'id="masthead-check" hidden' in html
        assert "go.kr" in html and "https://" in html
        assert address in html
