"""The talent's pages: apply, my applications (withdraw), my saved searches, recommended openings.
An authorization matrix for each (anonymous, company member, another talent, the talent, staff;
refused calls change nothing) and a fixed number of queries on each list page."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from talentcenter.audit.models import AuditEvent
from talentcenter.jobs.enums import ApplicationStage
from talentcenter.jobs.models import JobApplication, SavedSearch
from talentcenter.jobs.services.applications import application_submit
from talentcenter.jobs.services.searches import saved_search_create
from talentcenter.jobs.tests.talent_support import complete_profile, index_opening, index_profile, opening
from talentcenter.talent.models import SkillEntry

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "en", **kwargs: Any) -> str:
    with translation.override(language):
        return reverse(f"jobs:{name}", kwargs=kwargs)


def client_for(user: Any) -> Client:
    if user is not None and user.is_back_office:
        return staff_client_with_second_factor(user)
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people(company_member: Any, staff: Any) -> dict[str, Any]:
    profile = complete_profile()
    return {
        "anonymous": None,
        "company_member": company_member,
        "another_talent": complete_profile().user,
        "talent": profile.user,
        "staff": staff,
    }


def count_queries(client: Client, path: str) -> int:
    """Queries of a page seen a second time (the matching index has caught up on the first)."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


# --- Apply -------------------------------------------------------------------------------------


def test_the_apply_page_says_what_is_shared_with_whom_before_the_button():
    profile = complete_profile()
    job = opening()

    response = client_for(profile.user).get(url("apply", opening_id=job.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "What applying shares" in page
    assert page.index("What applying shares") < page.index("Apply with my profile</button>")
    assert job.company.name_en in page and "is recorded" in page
    assert "Your profile is complete" in page


def test_the_apply_page_lists_what_an_incomplete_profile_misses_and_offers_no_button():
    profile = complete_profile()
    SkillEntry.objects.filter(profile=profile).delete()

    page = client_for(profile.user).get(url("apply", opening_id=opening().pk)).content.decode()

    assert "At least one skill." in page and "Apply with my profile</button>" not in page


def test_applying_from_the_page_in_one_step():
    profile = complete_profile()
    job = opening()

    response = client_for(profile.user).post(url("apply", opening_id=job.pk), {"cover_note": "Hello"})

    assert response.status_code == 302 and response["Location"] == url("my_applications")
    application = JobApplication.objects.get()
    assert (application.profile_id, application.opening_id, application.cover_note) == (profile.pk, job.pk, "Hello")


def test_a_note_too_long_is_shown_on_the_page():
    profile = complete_profile()

    response = client_for(profile.user).post(url("apply", opening_id=opening().pk), {"cover_note": "x" * 3001})

    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    assert not JobApplication.objects.exists()


def test_apply_matrix(people: dict[str, Any]):
    job = opening()
    draft = opening(status="draft")
    expected_get = {"anonymous": 302, "company_member": 200, "another_talent": 200, "talent": 200, "staff": 200}
    expected_post = {"anonymous": 302, "company_member": 403, "staff": 403}

    for who, user in people.items():
        client = client_for(user)
        assert client.get(url("apply", opening_id=job.pk)).status_code == expected_get[who], who
        # Another company's draft is as good as missing (staff see it but cannot apply to it)
        assert client.get(url("apply", opening_id=draft.pk)).status_code in (
            {"anonymous": 302, "staff": 200}.get(who, 404),
        )
        if who in expected_post:
            assert client.post(url("apply", opening_id=job.pk), {"cover_note": ""}).status_code == expected_post[who]
            assert not JobApplication.objects.exists(), who
    assert client_for(people["staff"]).post(url("apply", opening_id=draft.pk), {}).status_code == 403
    assert not JobApplication.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="jobs.").exists()


# --- My applications ---------------------------------------------------------------------------


def test_my_applications_show_stage_badges_and_timelines_in_fixed_queries():
    profile = complete_profile()
    client = client_for(profile.user)
    application_submit(actor=profile.user, opening=opening(title_en="First opening"))
    one = count_queries(client, url("my_applications"))

    for number in range(4):
        application_submit(actor=profile.user, opening=opening(title_en=f"Opening {number}"))
    response = client.get(url("my_applications"))

    assert count_queries(client, url("my_applications")) == one
    page = response.content.decode()
    assert "First opening" in page and "Opening 3" in page
    assert page.count('class="site-timeline"') == 5 and page.count("krds-badge bg-light-primary") >= 5
    assert page.count("/withdraw/") == 5


def test_my_applications_in_korean():
    profile = complete_profile()
    application_submit(actor=profile.user, opening=opening())

    page = client_for(profile.user).get(url("my_applications", "ko")).content.decode()

    assert '<html lang="ko">' in page and "공정 통합 엔지니어" in page


def test_withdraw_with_confirmation():
    profile = complete_profile()
    application = application_submit(actor=profile.user, opening=opening())
    client = client_for(profile.user)

    confirm = client.get(url("withdraw", pk=application.pk))
    assert confirm.status_code == 200 and "Withdraw my application" in confirm.content.decode()
    assert JobApplication.objects.get().stage == ApplicationStage.NEW

    response = client.post(url("withdraw", pk=application.pk))
    assert response.status_code == 302
    assert JobApplication.objects.get().stage == ApplicationStage.WITHDRAWN

    # Pressing it again (another tab): told, nothing changes
    again = client.post(url("withdraw", pk=application.pk), follow=True)
    assert "cannot be done any more" in again.content.decode()


def test_my_applications_and_withdraw_matrix(people: dict[str, Any]):
    application = application_submit(actor=people["talent"], opening=opening())
    expected_list = {"anonymous": 302, "company_member": 200, "another_talent": 200, "talent": 200, "staff": 200}
    expected_withdraw = {"anonymous": 302, "company_member": 404, "another_talent": 404, "staff": 404}

    for who, user in people.items():
        client = client_for(user)
        response = client.get(url("my_applications"))
        assert response.status_code == expected_list[who], who
        if response.status_code == 200 and who != "talent":
            assert "Process integration engineer" not in response.content.decode(), who
        if who in expected_withdraw:
            assert client.get(url("withdraw", pk=application.pk)).status_code == expected_withdraw[who], who
            assert client.post(url("withdraw", pk=application.pk)).status_code == expected_withdraw[who], who
    assert JobApplication.objects.get().stage == ApplicationStage.NEW
    assert not AuditEvent.objects.filter(action="jobs.application_withdrawn").exists()


# --- My saved searches -------------------------------------------------------------------------


def test_saving_the_boards_filters_from_the_link():
    profile = complete_profile()
    client = client_for(profile.user)
    link = url("search_create") + "?q=etch&industry=semiconductor&region=gyeonggi&salary_min=90000000&page=3"

    page = client.get(link).content.decode()
    assert "Semiconductor" in page and "Gyeonggi" in page and "KRW 90,000,000 a year" in page
    assert 'name="q" value="etch"' in page and 'name="page"' not in page

    response = client.post(
        url("search_create"),
        {
            "name": "Etch jobs",
            "alert": "on",
            "q": "etch",
            "industry": "semiconductor",
            "region": "gyeonggi",
            "salary_min": "90000000",
        },
    )
    assert response.status_code == 302
    search = SavedSearch.objects.get()
    assert search.criteria == {"q": "etch", "industry": "semiconductor", "region": "gyeonggi", "salary_min": 90_000_000}
    assert search.alert


def test_invalid_filters_in_the_link_are_explained_and_not_saved():
    client = client_for(complete_profile().user)

    page = client.get(url("search_create") + "?industry=fishing").content.decode()
    assert "Some filters cannot be saved" in page

    response = client.post(url("search_create"), {"name": "Fish", "industry": "fishing"})
    assert response.status_code == 200 and "Choose an industry from the list." in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_rename_turn_off_and_delete_a_search():
    user = complete_profile().user
    search = saved_search_create(actor=user, name="Fabs", criteria={"region": "seoul"})
    client = client_for(user)

    client.post(url("search_edit", pk=search.pk), {f"search-{search.pk}-name": "Seoul fabs"})
    search.refresh_from_db()
    assert (search.name, search.alert) == ("Seoul fabs", False)

    assert client.get(url("search_delete", pk=search.pk)).status_code == 200
    assert client.post(url("search_delete", pk=search.pk)).status_code == 302
    assert not SavedSearch.objects.exists()


def test_my_searches_list_in_fixed_queries():
    user = complete_profile().user
    client = client_for(user)
    saved_search_create(actor=user, name="First", criteria={"occupation": "2211"})
    one = count_queries(client, url("my_searches"))
    for number in range(4):
        saved_search_create(actor=user, name=f"Search {number}", criteria={"occupation": "2221", "region": "busan"})

    assert count_queries(client, url("my_searches")) == one
    page = client.get(url("my_searches")).content.decode()
    assert "Computer hardware engineer" in page and "Search 3" in page


def test_saved_searches_matrix(people: dict[str, Any]):
    search = saved_search_create(actor=people["talent"], name="Fabs", criteria={})
    expected_list = {"anonymous": 302, "company_member": 200, "another_talent": 200, "talent": 200, "staff": 200}
    refused = {"anonymous": 302, "company_member": 404, "another_talent": 404, "staff": 404}

    for who, user in people.items():
        client = client_for(user)
        response = client.get(url("my_searches"))
        assert response.status_code == expected_list[who], who
        if who != "talent" and response.status_code == 200:
            assert "Fabs" not in response.content.decode()
        if who in refused:
            assert (
                client.post(url("search_edit", pk=search.pk), {f"search-{search.pk}-name": "Mine"}).status_code
                == (refused[who])
            )
            assert client.get(url("search_delete", pk=search.pk)).status_code == refused[who]
            assert client.post(url("search_delete", pk=search.pk)).status_code == refused[who]
    assert client_for(None).post(url("search_create"), {"name": "x"}).status_code == 302
    assert list(SavedSearch.objects.values_list("name", flat=True)) == ["Fabs"]


# --- Recommended -------------------------------------------------------------------------------


def test_recommended_openings_show_the_score_and_the_reasons_in_fixed_queries():
    profile = complete_profile()
    index_profile(profile)
    client = client_for(profile.user)
    index_opening(opening(title_en="Only one"))
    one = count_queries(client, url("recommended"))
    for number in range(4):
        index_opening(opening(title_en=f"Recommended {number}"))

    assert count_queries(client, url("recommended")) == one
    page = client.get(url("recommended")).content.decode()
    assert "Recommended 3" in page and "Only one" in page
    assert "Semiconductor process integration" in page  # the matched skill
    assert "of 100" in page
    assert "Visa fit" in page or "Visa" in page


def test_recommended_matrix(people: dict[str, Any]):
    index_opening(opening())
    for who, user in people.items():
        response = client_for(user).get(url("recommended"))
        if who == "anonymous":
            assert response.status_code == 302
            continue
        assert response.status_code == 200, who
        if who in ("company_member", "staff"):
            assert "A talent profile is needed" in response.content.decode()
