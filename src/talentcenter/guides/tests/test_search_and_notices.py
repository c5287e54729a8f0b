"""The one search over guides, FAQ and notices (PostgreSQL full text and trigrams, SQLite
icontains), the notices list and page, the RSS and Atom feeds, and the public API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from talentcenter.accounts.enums import Role
from talentcenter.guides import search, services
from talentcenter.guides.enums import HitKind, NoticeKind
from talentcenter.guides.models import Notice
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notice(slug: str, *, publish: bool = True, title_en: str = "Fair registration opens") -> Notice:
    staff = UserFactory(roles=[Role.STAFF_REVIEWER])
    notice = services.notice_create(
        actor=staff,
        slug=slug,
        text=services.NoticeText(
            kind=NoticeKind.NEWS,
            title_ko="박람회 등록 시작",
            title_en=title_en,
            body_ko="글로벌 인재 박람회 등록을 시작합니다.",
            body_en="Registration for the Global Talent Fair is open.",
        ),
    )
    return services.notice_publish(actor=staff, notice=notice) if publish else notice


def test_search_finds_a_korean_word_with_its_particle_and_groups_hits_by_kind() -> None:
    _notice("fair-open")
    _notice("fair-draft", publish=False, title_en="Secret draft about the fair")
    groups = search.search("톱티어", language="ko")
    assert [group.kind for group in groups] == [HitKind.GUIDE]
    assert "f-2-t" in groups[0].hits[0].url or "k-tech-pass" in groups[0].hits[0].url
    kinds = {group.kind: [hit.url for hit in group.hits] for group in search.search("fair", language="en")}
    assert kinds[HitKind.NOTICE] == ["/en/notices/fair-open/"]
    assert search.search("zzqqxxnothing", language="en") == []


def test_search_finds_published_faq_entries_only_and_links_to_their_answer() -> None:
    from talentcenter.inquiries.models import FaqEntry

    common = {"category": "inquiry", "answer_ko": "연봉은 세전 금액입니다.", "answer_en": "The salary is before tax."}
    shown = FaqEntry.objects.create(
        question_ko="연봉 기준", question_en="Which salary counts?", published=True, **common
    )
    FaqEntry.objects.create(question_ko="연봉 초안", question_en="Salary draft", published=False, **common)
    groups = {group.kind: group.hits for group in search.search("salary", language="en")}
    assert [hit.title for hit in groups[HitKind.FAQ]] == ["Which salary counts?"]
    assert groups[HitKind.FAQ][0].url.endswith(f"#faq-{shown.pk}")


def test_the_search_page_highlights_terms_shows_an_empty_state_and_runs_a_fixed_number_of_queries() -> None:
    _notice("fair-open")
    client = Client()
    client.get("/en/search/?q=warm")  # the session and the translations, once
    with CaptureQueriesContext(connection) as first:
        page = client.get("/en/search/?q=salary")
    body = page.content.decode()
    assert page.status_code == 200 and "<mark>salary</mark>" in body.lower()
    assert 'data-kind="guide"' in body
    with CaptureQueriesContext(connection) as second:
        client.get("/en/search/?q=fair registration")
    assert len(first) == len(second)
    empty = client.get("/ko/search/?q=zzqqxx").content.decode()
    assert "zzqqxx" in empty and "data-kind=" not in empty


def test_notices_list_page_and_feeds_show_published_notices_in_the_reader_s_language() -> None:
    _notice("fair-open")
    _notice("hidden", publish=False, title_en="Hidden draft")
    client = Client()
    listing = client.get("/ko/notices/").content.decode()
    assert "박람회 등록 시작" in listing and "Hidden draft" not in listing
    assert client.get("/en/notices/hidden/").status_code == 404
    assert "Fair registration opens" in client.get("/en/notices/fair-open/").content.decode()
    rss = client.get("/en/notices/feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml") and b"Fair registration opens" in rss.content
    atom = client.get("/ko/notices/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "박람회 등록 시작" in atom.content.decode() and "Hidden" not in atom.content.decode()


def test_the_public_api_serves_guides_with_cited_values_notices_and_search() -> None:
    _notice("fair-open")
    client = Client()
    guide = client.get("/api/v1/guides/k-tech-pass", headers={"accept-language": "en"}).json()
    assert guide["pathfinder"] == "/en/pathfinder/?programme=ktech-pass"
    assert "[[" not in guide["body"] and "3×" in guide["body"]
    cited = {row["name"]: row for row in guide["parameters"]}
    assert cited["ktech_pass.salary_gni_multiple"]["value"] == "3×"
    assert [item["slug"] for item in client.get("/api/v1/notices").json()["items"]] == ["fair-open"]
    hits = client.get("/api/v1/search", {"q": "fair"}).json()
    assert {hit["kind"] for hit in hits} >= {"notice"}
    assert client.get("/api/v1/staff/guides").status_code == 401


def test_on_postgresql_a_korean_word_with_another_particle_is_found_by_trigrams() -> None:
    if not search.on_postgresql():
        pytest.skip("trigram similarity is PostgreSQL's (pg_trgm); SQLite searches substrings")
    # "연봉을" is in no guide (they write 연봉이, 연봉(…)): only word similarity finds it.
    assert not any("연봉을" in guide.published_revision.body_ko for guide in search.guides_published())
    urls = [hit.url for group in search.search("연봉을", language="ko") for hit in group.hits]
    assert any(url.endswith("/guides/k-tech-pass/") for url in urls)
