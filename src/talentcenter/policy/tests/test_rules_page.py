"""The public rules page: values in force on a date, start dates, translated labels, bad dates."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from talentcenter.policy.engine.parameters import baseline
from talentcenter.policy.engine.programmes import TRACKS
from talentcenter.policy.selectors_rules import SUMMARIES, parameters_used, rules_on
from talentcenter.policy.views_rules import rules_page

pytestmark = pytest.mark.django_db


def _get(language: str, query: dict[str, str] | None = None) -> HttpResponse:
    request = RequestFactory().get(f"/{language}/rules/", query or {})
    request.user = AnonymousUser()
    with translation.override(language):
        return rules_page(request)


def _visible(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _text(response: HttpResponse) -> str:
    """The visible text of the main content, whitespace collapsed."""
    html = response.content.decode()
    return _visible(html[html.index("<main") : html.index("</main>")])


def _track(response: HttpResponse, key: str) -> str:
    """The visible text of one track's panel."""
    html = response.content.decode()
    start = html.index(f'id="track-{key.replace("/", "-")}"')
    end = min(position for position in (html.find("</article>", start), html.find("</section>", start)) if position > 0)
    return _visible(html[start:end])


def test_gni_and_the_three_times_multiple_on_1_june_2025() -> None:
    text = _text(_get("en", {"date": "2025-06-01"}))

    assert "In force on 2025-06-01" in text
    assert "KRW 149,865,000 at the per-capita GNI in force (KRW 49,955,000)" in text
    assert "3× = KRW 149,865,000" in text
    assert "KRW 199,820,000 at the per-capita GNI in force (KRW 49,955,000)" in text
    gni_row = text[text.index("Per-capita gross national income in force (KRW)") :]
    assert gni_row.split("Minimum salary")[0].count("in force on this date") == 1
    assert "2025-04-01 : KRW 49,955,000 in force on this date" in gni_row


def test_gni_on_1_june_2026_is_the_2025_figure() -> None:
    text = _text(_get("en", {"date": "2026-06-01"}))

    assert "KRW 52,416,000" in text
    assert "2026-04-01 : KRW 52,416,000 in force on this date" in text
    assert "KRW 157,248,000 at the per-capita GNI in force (KRW 52,416,000)" in text
    assert "2025-04-01 : KRW 49,955,000 in force on this date" not in text


def test_qualitative_track_starts_on_2_july_2026() -> None:
    before = _track(_get("en", {"date": "2026-07-01"}), "ktech-pass/qualitative")
    after = _track(_get("en", {"date": "2026-07-02"}), "ktech-pass/qualitative")

    assert "Not in force on this date starts on 2026-07-02" in before
    assert "In force since" not in before
    assert "In force since 2026-07-02" in after
    assert "Not in force" not in after


def test_e7_1_wage_floor_changes_on_1_february_2026() -> None:
    june_2025 = _track(_get("en", {"date": "2025-06-01"}), "e7-1/standard")
    march_2026 = _track(_get("en", {"date": "2026-03-01"}), "e7-1/standard")

    assert "2025-04-01 : KRW 28,670,000 in force on this date" in june_2025
    assert "2026-02-01 : KRW 31,120,000 in force on this date" in march_2026
    assert "2025-04-01 : KRW 28,670,000 in force on this date" not in march_2026


def test_korean_page_uses_the_korean_labels_from_the_yaml() -> None:
    response = _get("ko", {"date": "2025-06-01"})
    text = _text(response)

    parameter_set = baseline()
    for name in ("gni.per_capita_krw", "ktech_pass.salary_gni_multiple", "e7_1.salary_floor_krw"):
        assert parameter_set[name].label_ko in text
        assert parameter_set[name].label_en not in text
    # The notes are in the page language too.
    assert "2024년 잠정치, 한국은행 2025년 3월 5일 발표" in text
    assert '<html lang="ko">' in response.content.decode()


@pytest.mark.parametrize("bad", ["2025-13-01", "yesterday", "2025-02-30", "99999-01-01", "2025-06-01T00:00"])
def test_a_date_that_cannot_be_read_answers_400_with_the_form_error(bad: str) -> None:
    response = _get("en", {"date": bad})
    text = _text(response)

    assert response.status_code == 400
    assert "Enter a real date as YYYY-MM-DD, for example 2026-07-02." in text
    assert 'aria-invalid="true"' in response.content.decode()
    assert "That date could not be read, so the rules in force today" in text


@pytest.mark.parametrize("far", ["0001-01-01", "1900-01-01", "9999-12-31"])
def test_dates_far_in_the_past_or_future_are_answered(far: str) -> None:
    response = _get("en", {"date": far})

    assert response.status_code == 200
    assert f"In force on {far}" in _text(response)


def test_no_date_means_today_in_seoul() -> None:
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    response = _get("en")

    today = timezone.localdate(timezone=ZoneInfo("Asia/Seoul")).isoformat()
    assert response.status_code == 200
    assert f"In force on {today}" in _text(response)


def test_reference_lists_in_force_and_partial_explained() -> None:
    text = _text(_get("en", {"date": "2026-07-02"}))
    section = text[text.index("Reference lists in force") :]

    assert "a name that is not on a partial list is unknown, not refused" in section
    assert "QS World University Rankings" in section
    assert "Partial" in section


def test_query_count_is_small_and_constant(django_assert_max_num_queries: Any, django_assert_num_queries: Any) -> None:
    with django_assert_max_num_queries(2):  # the catalogue version, and the editions when they changed
        assert _get("en", {"date": "2025-06-01"}).status_code == 200
    for as_of in ("2018-01-01", "2025-06-01", "2026-07-02", "9999-12-31"):
        with django_assert_num_queries(1):  # the catalogue version only: the editions are cached per version
            assert _get("en", {"date": as_of}).status_code == 200


def test_every_track_has_a_summary_and_its_parameters_are_found_from_the_rule() -> None:
    used = parameters_used(baseline())

    assert {track.key for track in TRACKS} == set(SUMMARIES)
    assert "gni.per_capita_krw" in used["ktech-pass/standard"]
    assert "ktech_pass.qualitative.pass_mark" in used["ktech-pass/qualitative"]
    # E-7-1 reads the GNI shares before April 2025 and the fixed floor after: both are listed.
    assert {"e7_1.salary_floor_krw", "e7_1.salary_floor_gni_share"} <= set(used["e7-1/standard"])


def test_summaries_fill_their_numbers_from_the_values_in_force() -> None:
    with translation.override("en"):
        rules = rules_on(as_of=date(2025, 6, 1), language="en")
    tracks = {track.key: track for programme in rules.programmes for track in programme.tracks}

    assert "at least 3× per-capita GNI" in tracks["ktech-pass/standard"].summary
    assert "TOPIK (or KIIP) level 4 or above" in tracks["f2-r/standard"].summary
    # A track that starts later is described with the values it starts with, never "none".
    assert "pass mark (70)" in tracks["ktech-pass/qualitative"].summary
    assert "none" not in " ".join(track.summary for track in tracks.values())


def test_the_routed_url_in_both_languages(client: Any, django_assert_max_num_queries: Any) -> None:
    for language, heading in (("ko", baseline()["gni.per_capita_krw"].label_ko), ("en", "Rules in force")):
        with translation.override(language):
            url = reverse("policy:rules")
        with django_assert_max_num_queries(3):
            response = client.get(url, {"date": "2025-06-01"})
        assert response.status_code == 200
        assert heading in response.content.decode()
    assert client.get(url, {"date": "not-a-date"}).status_code == 400
