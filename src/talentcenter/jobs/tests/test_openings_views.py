"""The job board pages and the company's pages: who may see and do what (a refused call changes
nothing), the flows through the forms, Korean pages, and query counts on the list pages."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from talentcenter.audit.models import AuditEvent
from talentcenter.jobs.enums import ApplicationStage, OpeningStatus
from talentcenter.jobs.models import ApplicationNote, JobApplication, Opening
from talentcenter.jobs.tests.test_openings_support import (
    SKILL,
    application,
    discoverable_profile,
    draft,
    people,
    published,
    today,
)
from talentcenter.notifications.models import Notification
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import Company
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    if user is not None and user.groups.filter(name__startswith="staff").exists():
        return staff_client_with_second_factor(user)
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def snapshot() -> tuple[Any, ...]:
    return (
        tuple(Opening.objects.order_by("pk").values_list("pk", "status", "title_en")),
        tuple(JobApplication.objects.order_by("pk").values_list("pk", "stage")),
        ApplicationNote.objects.count(),
        AuditEvent.objects.filter(action__startswith="jobs.").count(),
        Notification.objects.count(),
    )


@pytest.fixture
def world() -> dict[str, Any]:
    given = people()
    opening = published(given.member, given.company, languages=[("en", 4, False)])
    item = application(opening)
    profile = discoverable_profile()
    # A company that is no longer verified, with its own opening and member.
    fallen = published(given.other_member, Company.objects.get(memberships__user=given.other_member))
    fallen_member = MembershipFactory(company=fallen.company).user
    Company.objects.filter(pk=fallen.company_id).update(status=CompanyStatus.PENDING)
    return {
        "given": given,
        "opening": opening,
        "application": item,
        "profile": profile,
        "fallen": fallen,
        "fallen_member": fallen_member,
    }


def _urls(world: dict[str, Any], opening: Opening | None = None) -> dict[str, tuple[str, str, dict[str, Any]]]:
    opening = opening or world["opening"]
    item = world["application"]
    profile = world["profile"]
    return {
        "opening": ("get", f"/en/jobs/manage/{opening.pk}/", {}),
        "edit": ("get", f"/en/jobs/manage/{opening.pk}/edit/", {}),
        "candidates": ("get", f"/en/jobs/manage/{opening.pk}/candidates/", {}),
        "application": ("get", f"/en/jobs/manage/applications/{item.pk}/", {}),
        "edit_post": ("post", f"/en/jobs/manage/{opening.pk}/edit/", {"title_en": "Hacked"}),
        "publish": ("post", f"/en/jobs/manage/{opening.pk}/publish/", {}),
        "unpublish": ("post", f"/en/jobs/manage/{opening.pk}/unpublish/", {}),
        "close": ("post", f"/en/jobs/manage/{opening.pk}/close/", {"reason": "filled"}),
        "invite": ("post", f"/en/jobs/manage/{opening.pk}/candidates/{profile.pk}/invite/", {}),
        "move": ("post", f"/en/jobs/manage/applications/{item.pk}/move/", {"transition": "screen"}),
        "note": ("post", f"/en/jobs/manage/applications/{item.pk}/notes/", {"body": "Hello"}),
    }


OPENING_PAGES = ["opening", "edit", "candidates", "application"]
OPENING_POSTS = ["edit_post", "publish", "unpublish", "close", "invite", "move", "note"]


@pytest.mark.parametrize("page", OPENING_PAGES + OPENING_POSTS)
@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("talent", 404), ("other_member", 404), ("unverified_member", 404), ("staff", 404)],
)
def test_outsiders_neither_see_nor_change_a_companys_opening(world, page: str, who: str, expected: int):
    user = None if who == "anonymous" else getattr(world["given"], who)
    method, url, data = _urls(world)[page]
    before = snapshot()

    response = getattr(client_for(user), method)(url, data)

    assert response.status_code == expected
    if expected == 302:
        assert "/accounts/login/" in response["Location"]
    assert snapshot() == before


@pytest.mark.parametrize("page", OPENING_PAGES + OPENING_POSTS)
def test_a_member_of_a_company_that_is_not_verified_sees_a_refusal_and_changes_nothing(world, page: str):
    fallen = world["fallen"]
    world_for_fallen = {**world, "application": application(fallen)}
    method, url, data = _urls(world_for_fallen, fallen)[page]
    before = snapshot()

    response = getattr(client_for(world["fallen_member"]), method)(url, data)

    assert response.status_code == 403
    assert snapshot() == before
    assert f'data-verification="{CompanyStatus.PENDING}"' in response.content.decode()


VERIFICATION_EXPLAINED = [
    "Awaiting verification",  # the status
    "against the business register",  # what the center checks
    "3 working days",  # how long
    "1600-7119",  # whom to ask
]


@pytest.mark.parametrize("url", ["/en/jobs/manage/new/", "/en/jobs/talent-requests/new/"])
def test_an_unverified_company_is_told_why_it_cannot_post_yet_and_what_happens_next(world, url: str):
    # given a member of a company that awaits verification
    given = world["given"]
    company = Company.objects.get(memberships__user=given.unverified_member)

    # when they open the new opening (or new talent request) form
    response = client_for(given.unverified_member).get(url)

    # then the refusal explains the verification instead of a bare 403
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your company is not verified yet" in page and company.name in page
    assert [text for text in VERIFICATION_EXPLAINED if text not in page] == []
    assert "You are not allowed to do this" not in page


def test_a_rejected_company_is_told_the_reason_and_how_to_send_it_again(world):
    given = world["given"]
    company = Company.objects.get(memberships__user=given.unverified_member)
    Company.objects.filter(pk=company.pk).update(status=CompanyStatus.REJECTED, status_reason="The address differs.")

    page = client_for(given.unverified_member).get("/en/jobs/manage/new/").content.decode()

    assert "The center could not verify the company" in page and "The address differs." in page
    assert "sends the company for verification again" in page
    assert f"/en/companies/{company.pk}/" in page


def test_the_openings_list_of_an_unverified_company_explains_the_verification(world):
    page = client_for(world["given"].unverified_member).get("/en/jobs/manage/").content.decode()

    assert "New opening" not in page
    assert [text for text in VERIFICATION_EXPLAINED if text not in page] == []


@pytest.mark.parametrize("page", OPENING_PAGES)
def test_a_member_sees_every_page_of_the_opening(world, page: str):
    method, url, _data = _urls(world)[page]

    response = getattr(client_for(world["given"].member), method)(url)

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("who", "list_status", "new_status"),
    [
        ("anonymous", 302, 302),
        ("talent", 403, 403),
        ("staff", 403, 403),
        ("unverified_member", 200, 403),
        ("member", 200, 200),
    ],
)
def test_the_list_and_the_new_opening_form_by_role(world, who: str, list_status: int, new_status: int):
    user = None if who == "anonymous" else getattr(world["given"], who)
    client = client_for(user)

    assert client.get("/en/jobs/manage/").status_code == list_status
    assert client.get("/en/jobs/manage/new/").status_code == new_status
    before = snapshot()
    response = client.post("/en/jobs/manage/new/", {"title_en": "x"})
    assert response.status_code in (new_status, 200 if new_status == 200 else new_status)
    assert snapshot() == before


def _form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title_en": "Data engineer",
        "title_ko": "데이터 엔지니어",
        "description_en": "Pipelines for sensor data.",
        "industry": "ai",
        "occupation": "2211",
        "min_years": "2",
        "salary_min_krw": "50000000",
        "salary_max_krw": "70000000",
        "region": "daejeon",
        "closing_date": str(today() + datetime.timedelta(days=20)),
        "sponsorship": "ktech_pass",
        "skills-TOTAL_FORMS": "2",
        "skills-INITIAL_FORMS": "0",
        "skills-0-skill": SKILL,
        "skills-0-weight": "5",
        "skills-0-required": "on",
        "skills-1-skill": "",
        "skills-1-weight": "3",
        "languages-TOTAL_FORMS": "1",
        "languages-INITIAL_FORMS": "0",
        "languages-0-language": "en",
        "languages-0-minimum_level": "4",
        "languages-0-required": "on",
    }
    data.update(overrides)
    return data


def test_a_member_creates_edits_and_publishes_an_opening_through_the_forms(world):
    member = world["given"].member
    client = client_for(member)

    response = client.post(f"/en/jobs/manage/new/?company={world['given'].company.pk}", _form_data())
    assert response.status_code == 302
    opening = Opening.objects.get(title_en="Data engineer")
    assert opening.status == OpeningStatus.DRAFT
    assert list(opening.skills.values_list("skill__code", "weight", "required")) == [(SKILL, 5, True)]
    assert list(opening.languages.values_list("language", "minimum_level")) == [("en", 4)]

    edit = client.get(f"/en/jobs/manage/{opening.pk}/edit/")
    assert edit.status_code == 200 and "Data engineer" in edit.content.decode()
    client.post(f"/en/jobs/manage/{opening.pk}/edit/", _form_data(title_en="Senior data engineer"))
    assert Opening.objects.get(pk=opening.pk).title_en == "Senior data engineer"

    client.post(f"/en/jobs/manage/{opening.pk}/publish/")
    assert Opening.objects.get(pk=opening.pk).status == OpeningStatus.PUBLISHED
    assert "Senior data engineer" in Client().get("/en/jobs/?q=senior+data").content.decode()


def _required_boxes(page: str) -> dict[str, bool]:
    """Every "required" checkbox of a page: its name, and whether it is ticked."""
    boxes = re.findall(r'<input type="checkbox" name="([^"]*required[^"]*)"([^>]*)>', page)
    return {name: " checked" in attributes for name, attributes in boxes}


@pytest.mark.parametrize("url", ["/en/jobs/manage/new/", "/en/jobs/talent-requests/new/"])
def test_no_required_box_is_ticked_before_the_company_ticks_it(world, url: str):
    # when a verified company opens a new opening or a new talent request
    page = client_for(world["given"].member).get(url).content.decode()

    # then every row's "required" box, empty rows included, starts unticked
    boxes = _required_boxes(page)
    assert len(boxes) >= 4
    assert [name for name, ticked in boxes.items() if ticked] == []


def test_editing_keeps_the_ticked_rows_and_leaves_the_empty_ones_unticked(world):
    given = world["given"]
    client = client_for(given.member)
    client.post(f"/en/jobs/manage/new/?company={given.company.pk}", _form_data())
    opening = Opening.objects.get(title_en="Data engineer")

    boxes = _required_boxes(client.get(f"/en/jobs/manage/{opening.pk}/edit/").content.decode())

    assert [name for name, ticked in boxes.items() if ticked] == ["skills-0-required", "languages-0-required"]


def test_the_form_shows_the_services_problems_by_field(world):
    client = client_for(world["given"].member)

    response = client.post(
        "/en/jobs/manage/new/",
        _form_data(title_en="", title_ko="", salary_min_krw="90000000", **{"skills-0-skill": ""}),
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a title in Korean or in English." in content
    assert "Name between 1 and 20 skills" in content
    assert not Opening.objects.filter(title_en="").exists()


def test_publishing_an_incomplete_opening_explains_why(world):
    given = world["given"]
    opening = draft(given.member, given.company, description_en="", description_ko="")

    response = client_for(given.member).post(f"/en/jobs/manage/{opening.pk}/publish/")

    assert response.status_code == 422
    assert "Describe the position before publishing it." in response.content.decode()
    assert Opening.objects.get(pk=opening.pk).status == OpeningStatus.DRAFT


def test_a_member_moves_rejects_and_annotates_an_applicant(world):
    client = client_for(world["given"].member)
    item = world["application"]

    client.post(f"/en/jobs/manage/applications/{item.pk}/move/", {"transition": "screen", "next": "pipeline"})
    assert JobApplication.objects.get(pk=item.pk).stage == ApplicationStage.SCREENING
    refused = client.post(f"/en/jobs/manage/applications/{item.pk}/move/", {"transition": "reject", "reason": ""})
    assert refused.status_code == 422
    client.post(f"/en/jobs/manage/applications/{item.pk}/move/", {"transition": "reject", "reason": "Other fit"})
    assert JobApplication.objects.get(pk=item.pk).stage == ApplicationStage.REJECTED
    client.post(f"/en/jobs/manage/applications/{item.pk}/notes/", {"body": "Kept for later"})

    page = client.get(f"/en/jobs/manage/applications/{item.pk}/").content.decode()
    assert "Kept for later" in page and "Other fit" in page


def test_a_stale_move_says_the_applicant_moved_on(world):
    client = client_for(world["given"].member)
    item = world["application"]
    JobApplication.objects.filter(pk=item.pk).update(stage=ApplicationStage.HIRED)

    response = client.post(f"/en/jobs/manage/applications/{item.pk}/move/", {"transition": "screen"}, follow=True)

    assert "cannot be done any more" in response.content.decode()
    assert JobApplication.objects.get(pk=item.pk).stage == ApplicationStage.HIRED


def test_the_candidates_tab_ranks_discoverable_profiles_without_names_and_invites(world):
    client = client_for(world["given"].member)
    opening, profile = world["opening"], world["profile"]

    page = client.get(f"/en/jobs/manage/{opening.pk}/candidates/").content.decode()

    assert f'data-profile="{profile.pk}"' in page
    assert profile.full_name not in page and profile.user.email not in page
    assert "Invite to apply" in page
    client.post(f"/en/jobs/manage/{opening.pk}/candidates/{profile.pk}/invite/")
    assert Notification.objects.filter(recipient=profile.user, kind="jobs.candidate_invited").count() == 1
    again = client.post(f"/en/jobs/manage/{opening.pk}/candidates/{profile.pk}/invite/", follow=True)
    assert "already been invited" in again.content.decode()
    assert Notification.objects.filter(recipient=profile.user, kind="jobs.candidate_invited").count() == 1


# --- The public pages -------------------------------------------------------------------------
def test_the_public_board_and_opening_page(world):
    opening = world["opening"]
    client = Client()

    board = client.get("/en/jobs/", {"q": "machine", "region": "seoul"}).content.decode()
    assert "Machine learning engineer" in board and "K-Tech Pass" in board
    assert "No opening matches" in client.get("/en/jobs/", {"q": "zzzz"}).content.decode()

    page = client.get(f"/en/jobs/{opening.pk}/").content.decode()
    assert "Train and ship models" in page and "Sign in to apply" in page


@pytest.mark.parametrize(("language", "overlap"), [("en", "overlaps"), ("ko", "겹치는")])
def test_the_salary_filter_explains_that_an_opening_matches_when_the_ranges_overlap(world, language, overlap):
    page = Client().get(f"/{language}/jobs/").content.decode()

    hint = re.search(r'<div class="form-hint" id="id_salary_min_helptext">([^<]*)</div>', page)
    assert hint is not None and overlap in hint[1]
    assert re.search(r'<input[^>]*name="salary_min"[^>]*aria-describedby="id_salary_min_helptext"', page)


def test_drafts_are_missing_for_the_public_but_seen_by_members_and_staff(world):
    given = world["given"]
    secret = draft(given.member, given.company)

    assert Client().get(f"/en/jobs/{secret.pk}/").status_code == 404
    assert client_for(given.talent).get(f"/en/jobs/{secret.pk}/").status_code == 404
    assert client_for(given.other_member).get(f"/en/jobs/{secret.pk}/").status_code == 404
    assert client_for(given.member).get(f"/en/jobs/{secret.pk}/").status_code == 200


def test_a_talent_sees_the_apply_button_when_the_apply_page_exists(world):
    from django.urls import NoReverseMatch, reverse

    opening = world["opening"]
    page = client_for(world["given"].talent).get(f"/en/jobs/{opening.pk}/").content.decode()

    assert "Sign in to apply" not in page
    try:
        url = reverse("jobs:apply", kwargs={"opening_id": opening.pk})
    except NoReverseMatch:
        return
    assert url in page


@pytest.mark.parametrize(
    "path",
    [
        "/ko/jobs/",
        "/ko/jobs/{opening}/",
        "/ko/jobs/manage/",
        "/ko/jobs/manage/new/",
        "/ko/jobs/manage/{opening}/",
        "/ko/jobs/manage/{opening}/edit/",
        "/ko/jobs/manage/{opening}/candidates/",
        "/ko/jobs/manage/applications/{application}/",
    ],
)
def test_every_page_renders_in_korean(world, path: str):
    url = path.format(opening=world["opening"].pk, application=world["application"].pk)

    response = client_for(world["given"].member).get(url)

    assert response.status_code == 200
    assert '<html lang="ko"' in response.content.decode()


def test_the_board_page_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    given = world["given"]
    for _number in range(25):
        published(given.member, given.company)
    client = Client()
    client.get("/en/jobs/", {"q": "engineer"})

    with django_assert_max_num_queries(8) as few:
        client.get("/en/jobs/", {"q": "engineer", "industry": "ai"})
    many = len(few.captured_queries)
    with django_assert_max_num_queries(many):
        client.get("/en/jobs/", {"q": "engineer", "page": "2"})


def test_the_company_list_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    given = world["given"]
    client = client_for(given.member)
    client.get("/en/jobs/manage/")
    with django_assert_max_num_queries(12) as first:
        client.get("/en/jobs/manage/")
    for _number in range(10):
        opening = published(given.member, given.company)
        application(opening)

    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get("/en/jobs/manage/")
    assert response.content.decode().count("data-opening=") == 11


def test_the_pipeline_page_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = client_for(world["given"].member)
    opening = world["opening"]
    url = f"/en/jobs/manage/{opening.pk}/"
    with django_assert_max_num_queries(20) as first:
        client.get(url)
    for _number in range(8):
        application(opening)

    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("data-application=") == 9


def test_the_candidates_page_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = client_for(world["given"].member)
    url = f"/en/jobs/manage/{world['opening'].pk}/candidates/"
    client.get(url)
    with django_assert_max_num_queries(60) as first:
        client.get(url)
    before = len(first.captured_queries)
    for _number in range(5):
        discoverable_profile()
    client.get(url)  # the matching index catches up with the new rows once

    with django_assert_max_num_queries(before):
        response = client.get(url)
    assert response.content.decode().count("data-profile=") == 6


def test_ranked_candidates_come_ten_to_a_page_with_the_reasons_one_click_away(world, django_assert_num_queries):
    # given 12 discoverable profiles that fit the opening (the world's one and 11 more)
    client = client_for(world["given"].member)
    opening = world["opening"]
    url = f"/en/jobs/manage/{opening.pk}/candidates/"
    profiles = [discoverable_profile() for _number in range(11)]
    client.get(url)  # the matching index catches up with the new rows once
    client.get(f"{url}?page=2")

    # when the company reads the first and the second page
    with CaptureQueriesContext(connection) as first_page:
        first = client.get(url).content.decode()
    with django_assert_num_queries(len(first_page)):  # the same queries for a page of 10 and of 2
        second = client.get(url, {"page": "2"}).content.decode()

    # then ten cards, then the last two, ranked on from 11, each reason behind a <details>
    assert first.count("data-profile=") == 10 and second.count("data-profile=") == 2
    assert "Candidates 1 to 10 of 12" in first and "Candidates 11 to 12 of 12" in second
    assert '<ol class="jobs-candidates" start="11">' in second and 'id="candidate-11"' in second
    assert first.count('<details class="jobs-candidate-why">') == 10
    assert 'class="krds-pagination"' in first and 'aria-current="page"' in second
    assert len(first_page) == 19  # the same on PostgreSQL and SQLite (membership and status: one query)

    # and inviting someone from the second page comes back to the second page
    invited = next(profile for profile in [world["profile"], *profiles] if f'data-profile="{profile.pk}"' in second)
    response = client.post(f"/en/jobs/manage/{opening.pk}/candidates/{invited.pk}/invite/", {"page": "2"})
    assert response["Location"] == f"{url}?page=2"
