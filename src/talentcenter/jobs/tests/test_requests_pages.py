"""The talent request pages: the company's list, form with its live count and detail; the talent's
invitations; the center's queue and curation page. Privacy of unreleased profiles, the
authorization matrix (refusals change nothing) and fixed query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talentcenter.audit.models import AuditEvent
from talentcenter.jobs.enums import ShortlistStatus, TalentRequestStatus
from talentcenter.jobs.models import ProfileRelease, ShortlistEntry, TalentRequest
from talentcenter.jobs.services import requests as services
from talentcenter.jobs.tests.test_requests_support import (
    People,
    client_for,
    discoverable_profile,
    invited,
    new_request,
    staff_client,
)

pytestmark = pytest.mark.django_db

SECRET_NAME = "Okafor"
SECRET_EMAIL = "amara.okafor@example.org"


@pytest.fixture
def people() -> People:
    return People.create()


def snapshot() -> tuple[Any, ...]:
    return (
        sorted(TalentRequest.objects.values_list("pk", "status", "curator_id")),
        sorted(ShortlistEntry.objects.values_list("pk", "status")),
        ProfileRelease.objects.count(),
        AuditEvent.objects.count(),
    )


FORM = {
    "title": "Machine learning engineers",
    "description": "Vision for inspection.",
    "headcount": "2",
    "skill_1": "common.python",
    "skill_weight_1": "5",
    "skill_required_1": "on",
    "min_education_level": "30",
    "industry": "ai",
}


# --- The company -----------------------------------------------------------------------------
def test_the_company_files_a_request_from_the_form(people: People) -> None:
    client = client_for(people.member)

    page = client.get(reverse("jobs:talent_request_new"))
    assert page.status_code == 200
    assert 'hx-post="' + reverse("jobs:talent_request_count") + '"' in page.content.decode()
    answer = client.post(reverse("jobs:talent_request_new"), {**FORM, "company": people.company.pk})

    talent_request = TalentRequest.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("jobs:talent_request_detail", kwargs={"pk": talent_request.pk})
    assert talent_request.criteria["skills"] == [{"code": "common.python", "weight": 5, "required": True}]
    assert talent_request.criteria["min_education_level"] == 30
    assert talent_request.headcount == 2


def test_the_form_shows_service_errors_on_their_fields(people: People) -> None:
    client = client_for(people.member)

    answer = client.post(
        reverse("jobs:talent_request_new"),
        {**FORM, "company": people.company.pk, "salary_min_krw": "90000000", "salary_max_krw": "50000000"},
    )

    assert answer.status_code == 200
    assert "The highest salary cannot be below the lowest." in answer.content.decode()
    assert not TalentRequest.objects.exists()


def test_the_live_count_follows_the_criteria(people: People) -> None:
    discoverable_profile(given_name="Linh", family_name="Nguyen")
    client = client_for(people.member)

    python = client.post(reverse("jobs:talent_request_count"), {"skill_1": "common.python", "skill_required_1": "on"})
    doctorate_in_bio = client.post(
        reverse("jobs:talent_request_count"),
        {"skill_1": "common.python", "skill_required_1": "on", "industry": "bio", "nationalities": "KR"},
    )

    assert 'data-live-count="2"' in python.content.decode()
    assert 'data-live-count="0"' in doctorate_in_bio.content.decode()
    assert SECRET_NAME not in python.content.decode()


def test_copying_an_openings_criteria_fills_the_form(people: People) -> None:
    from talentcenter.jobs.models import Opening, OpeningSkill
    from talentcenter.reference.models import Skill

    opening = Opening.objects.create(
        company=people.company,
        created_by=people.member,
        title_en="Battery engineer",
        industry="secondary_battery",
        region="seoul",
        min_years=4,
    )
    OpeningSkill.objects.create(opening=opening, skill=Skill.objects.get(code="ai.pytorch"), weight=4, required=False)
    client = client_for(people.member)

    page = client.post(
        reverse("jobs:talent_request_new"), {"company": people.company.pk, "opening": opening.pk, "copy": "1"}
    ).content.decode()

    assert 'value="ai.pytorch" selected' in page
    assert 'value="Battery engineer"' in page
    assert 'name="min_years" value="4"' in page
    assert not TalentRequest.objects.exists()


def test_the_company_sees_a_count_until_the_talent_agrees_then_the_profile(people: People) -> None:
    entry = invited(people)
    client = client_for(people.member)
    url = reverse("jobs:talent_request_detail", kwargs={"pk": entry.talent_request_id})

    before = client.get(url).content.decode()
    listing = client.get(reverse("jobs:talent_requests")).content.decode()
    assert "1 candidate is waiting for their agreement" in before
    for page in (before, listing):
        assert SECRET_NAME not in page and SECRET_EMAIL not in page and "+34 600" not in page

    services.shortlist_agree(actor=people.talent, entry=entry)
    after = client.get(url).content.decode()

    assert "Amara Okafor" in after and SECRET_EMAIL in after and "+34 600 123 456" in after
    assert "Universidad Politécnica de Madrid" in after and "Telefónica I+D" in after and "Python" in after


def test_a_declined_or_removed_talent_never_appears_on_the_company_pages(people: People) -> None:
    entry = invited(people)
    services.shortlist_decline(actor=people.talent, entry=entry)

    page = (
        client_for(people.member)
        .get(reverse("jobs:talent_request_detail", kwargs={"pk": entry.talent_request_id}))
        .content.decode()
    )

    assert SECRET_NAME not in page and SECRET_EMAIL not in page


def test_the_company_cancels_from_its_page(people: People) -> None:
    talent_request = new_request(people)

    client_for(people.member).post(reverse("jobs:talent_request_cancel", kwargs={"pk": talent_request.pk}))

    talent_request.refresh_from_db()
    assert talent_request.status == TalentRequestStatus.CANCELLED


def test_the_companys_list_costs_the_same_queries_for_one_request_or_many(
    people: People, django_assert_num_queries: Any
) -> None:
    client = client_for(people.member)
    new_request(people)
    client.get(reverse("jobs:talent_requests"))
    reset_queries()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("jobs:talent_requests"))
    expected = len(one)
    for _ in range(4):
        new_request(people)

    with django_assert_num_queries(expected):
        page = client.get(reverse("jobs:talent_requests"))

    assert page.content.decode().count("data-reference=") == 5


def test_the_company_detail_costs_the_same_queries_for_one_release_or_several(
    people: People, django_assert_num_queries: Any
) -> None:
    entry = invited(people)
    services.shortlist_agree(actor=people.talent, entry=entry)
    client = client_for(people.member)
    url = reverse("jobs:talent_request_detail", kwargs={"pk": entry.talent_request_id})
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    expected = len(one)
    for number in range(3):
        other = discoverable_profile(given_name=f"Other{chr(65 + number)}", family_name="Person")
        added = services.shortlist_add(actor=people.staff, talent_request=entry.talent_request, profile_id=other.pk)
        services.shortlist_agree(actor=other.user, entry=services.shortlist_invite(actor=people.staff, entry=added))

    # the same count: the access log notes the read in one statement, whether or not a talent is
    # shown for the first time (privacy.services.record_list_access_of_people)
    with django_assert_num_queries(expected):
        page = client.get(url)

    assert page.content.decode().count("site-released-profile") == 4


# --- The talent ------------------------------------------------------------------------------
def test_the_talent_reads_what_is_asked_why_and_what_will_be_shared_then_agrees(people: People) -> None:
    entry = invited(people, note="Your vision models fit their inspection line.")
    client = client_for(people.talent)

    page = client.get(reverse("jobs:invitations")).content.decode()
    assert people.company.name in page
    assert "Machine learning engineers for our Seoul lab" in page
    assert "Required skills: Python" in page
    assert "Your vision models fit their inspection line." in page
    assert "Match score" in page
    assert "your e-mail address and phone number" in page

    answer = client.post(reverse("jobs:invitation_agree", kwargs={"entry_id": entry.pk}))

    assert answer.status_code == 302
    entry.refresh_from_db()
    assert entry.status == ShortlistStatus.RELEASED


def test_the_talent_declines_from_the_page(people: People) -> None:
    entry = invited(people)

    client_for(people.talent).post(reverse("jobs:invitation_decline", kwargs={"entry_id": entry.pk}))

    entry.refresh_from_db()
    assert entry.status == ShortlistStatus.DECLINED
    assert not ProfileRelease.objects.exists()


def test_the_invitations_page_costs_the_same_queries_for_one_invitation_or_several(
    people: People, django_assert_num_queries: Any
) -> None:
    entry = invited(people)
    client = client_for(people.talent)
    client.get(reverse("jobs:invitations"))
    reset_queries()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("jobs:invitations"))
    expected = len(one)
    for _ in range(3):
        other = services.talent_request_start_curating(actor=people.staff, talent_request=new_request(people))
        services.shortlist_invite(
            actor=people.staff,
            entry=services.shortlist_add(actor=people.staff, talent_request=other, profile_id=people.talent_profile.pk),
        )
    assert entry.pk

    with django_assert_num_queries(expected):
        page = client.get(reverse("jobs:invitations"))

    assert page.content.decode().count("data-invitation=") == 4


# --- The center ------------------------------------------------------------------------------
def test_staff_curate_from_the_pages(people: People) -> None:
    talent_request = new_request(people)
    client = staff_client(people.staff)

    queue = client.get(reverse("jobs_backoffice:queue")).content.decode()
    assert talent_request.reference in queue
    assert reverse("jobs_backoffice:queue") in client.get(reverse("backoffice:index")).content.decode()
    client.post(reverse("jobs_backoffice:start_curating", kwargs={"pk": talent_request.pk}))
    page = client.get(reverse("jobs_backoffice:detail", kwargs={"pk": talent_request.pk})).content.decode()
    assert f'data-candidate="{people.talent_profile.pk}"' in page
    assert "Match score" in page and "Visa fit" in page
    client.post(
        reverse("jobs_backoffice:shortlist_add", kwargs={"pk": talent_request.pk}),
        {"profile_id": people.talent_profile.pk, "note": "Strong Python."},
    )
    entry = ShortlistEntry.objects.get()
    client.post(reverse("jobs_backoffice:shortlist_invite", kwargs={"pk": talent_request.pk, "entry_id": entry.pk}))
    client.post(reverse("jobs_backoffice:send_shortlist", kwargs={"pk": talent_request.pk}))

    entry.refresh_from_db()
    talent_request.refresh_from_db()
    assert (entry.status, entry.note_for_talent) == (ShortlistStatus.INVITED, "Strong Python.")
    assert talent_request.status == TalentRequestStatus.SHORTLIST_SENT
    page = client.get(reverse("jobs_backoffice:detail", kwargs={"pk": talent_request.pk})).content.decode()
    assert "Talent asked for agreement" in page and "Shortlist sent" in page

    services.shortlist_agree(actor=people.talent, entry=entry)
    page = client.get(reverse("jobs_backoffice:detail", kwargs={"pk": talent_request.pk})).content.decode()
    assert "Talent agreed: profile released" in page
    assert people.talent.email in page  # the release log names who agreed


def test_a_second_click_gets_a_message_not_an_error(people: People) -> None:
    talent_request = new_request(people)
    client = staff_client(people.staff)
    url = reverse("jobs_backoffice:start_curating", kwargs={"pk": talent_request.pk})
    client.post(url)

    answer = client.post(url, follow=True)

    assert answer.status_code == 200
    assert "cannot be done any more" in answer.content.decode()


def test_the_staff_queue_costs_the_same_queries_for_one_request_or_many(
    people: People, django_assert_num_queries: Any
) -> None:
    client = staff_client(people.staff)
    new_request(people)
    client.get(reverse("jobs_backoffice:queue"))
    reset_queries()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("jobs_backoffice:queue"))
    expected = len(one)
    for _ in range(4):
        new_request(people)

    with django_assert_num_queries(expected):
        page = client.get(reverse("jobs_backoffice:queue"))

    assert page.content.decode().count("data-reference=") == 5


def test_the_staff_detail_costs_the_same_queries_for_one_candidate_or_several(
    people: People, django_assert_num_queries: Any
) -> None:
    entry = invited(people)
    client = staff_client(people.staff)
    url = reverse("jobs_backoffice:detail", kwargs={"pk": entry.talent_request_id})
    discoverable_profile(given_name="Linh", family_name="Nguyen")
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    expected = len(one)
    for number in range(3):
        other = discoverable_profile(given_name=f"Other{chr(65 + number)}", family_name="Person")
        services.shortlist_add(actor=people.staff, talent_request=entry.talent_request, profile_id=other.pk)
    discoverable_profile(given_name="Tomas", family_name="Novak")
    client.get(url)  # the index catches up once

    with django_assert_num_queries(expected):
        page = client.get(url)

    assert page.content.decode().count("data-entry=") == 4


# --- Who may see what ------------------------------------------------------------------------
WHO = ("anonymous", "talent", "invited_talent", "other_company_member", "company_member", "staff_no_2fa", "staff")


def clients(people: People) -> dict[str, Client]:
    no_second_factor = Client()
    no_second_factor.force_login(people.staff)
    return {
        "anonymous": Client(),
        "talent": client_for(people.other_talent),
        "invited_talent": client_for(people.talent),
        "other_company_member": client_for(people.other_member),
        "company_member": client_for(people.member),
        "staff_no_2fa": no_second_factor,
        "staff": staff_client(people.staff),
    }


@pytest.mark.parametrize("who", WHO)
def test_every_page_answers_only_whom_it_should_and_refusals_change_nothing(people: People, who: str) -> None:
    entry = invited(people)
    pk = entry.talent_request_id
    fresh = new_request(people)
    other = discoverable_profile(given_name="Linh", family_name="Nguyen")
    client = clients(people)[who]
    company = {"company_member"}
    members = {"company_member", "other_company_member"}
    staff = {"staff"}
    pages: list[tuple[str, str, dict[str, Any], set[str]]] = [
        ("get", reverse("jobs:talent_requests"), {}, members),
        ("get", reverse("jobs:talent_request_new"), {}, members),
        ("post", reverse("jobs:talent_request_count"), {"skill_1": "common.python"}, members | staff),
        ("get", reverse("jobs:talent_request_detail", kwargs={"pk": pk}), {}, company),
        ("get", reverse("jobs:invitations"), {}, set(WHO) - {"anonymous", "staff_no_2fa"}),
        ("get", reverse("jobs_backoffice:queue"), {}, staff),
        ("get", reverse("jobs_backoffice:detail", kwargs={"pk": pk}), {}, staff),
        ("post", reverse("jobs_backoffice:shortlist_add", kwargs={"pk": pk}), {"profile_id": other.pk}, staff),
        ("post", reverse("jobs_backoffice:shortlist_remove", kwargs={"pk": pk, "entry_id": entry.pk}), {}, staff),
        ("post", reverse("jobs_backoffice:start_curating", kwargs={"pk": fresh.pk}), {}, staff),
        ("post", reverse("jobs:talent_request_cancel", kwargs={"pk": fresh.pk}), {}, company),
        ("post", reverse("jobs:invitation_agree", kwargs={"entry_id": entry.pk}), {}, {"invited_talent"}),
    ]
    for method, url, data, allowed in pages:
        before = snapshot()
        answer = getattr(client, method)(url, data)
        if who == "anonymous":
            assert answer.status_code == 302 and "/accounts/login/" in answer["Location"], url
        elif who == "staff_no_2fa":
            assert answer.status_code == 302 and "/accounts/" in answer["Location"], url
        elif who in allowed:
            assert answer.status_code in (200, 302), (url, answer.status_code)
            if answer.status_code == 302:
                assert "/accounts/" not in answer["Location"], url
        else:
            assert answer.status_code == 404, (url, who, answer.status_code)
        if who not in allowed:
            assert snapshot() == before, url
        if who not in ("invited_talent", "staff") and answer.status_code == 200:
            body = answer.content.decode()
            assert SECRET_EMAIL not in body and SECRET_NAME not in body, url


def test_a_member_of_an_unverified_company_sees_the_list_but_cannot_file(db: None) -> None:
    from talentcenter.organizations.enums import CompanyStatus
    from tests.factories import CompanyFactory, MembershipFactory

    member = MembershipFactory(company=CompanyFactory(status=CompanyStatus.PENDING)).user
    client = client_for(member)

    assert client.get(reverse("jobs:talent_requests")).status_code == 200
    assert client.get(reverse("jobs:talent_request_new")).status_code == 403


def test_the_company_is_never_told_an_unreleased_name_in_notices_or_e_mails(people: People) -> None:
    from talentcenter.notifications.models import Notification, OutboundEmail

    entry = invited(people)
    services.talent_request_send_shortlist(actor=people.staff, talent_request=entry.talent_request)
    services.shortlist_decline(actor=people.talent, entry=entry)

    notices = Notification.objects.filter(recipient=people.member)
    emails = OutboundEmail.objects.filter(to=people.member.email)
    assert notices.exists() and emails.exists()
    for text in [*notices.values_list("title_en", "body_en", "title_ko", "body_ko"), *emails.values_list("body_text")]:
        assert SECRET_NAME not in " ".join(text) and SECRET_EMAIL not in " ".join(text)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_page_is_served_in_korean_and_english(people: People, language: str) -> None:
    entry = invited(people)
    services.shortlist_agree(actor=people.talent, entry=entry)
    pk = entry.talent_request_id
    pages = [
        (client_for(people.member), f"/{language}/jobs/talent-requests/"),
        (client_for(people.member), f"/{language}/jobs/talent-requests/new/"),
        (client_for(people.member), f"/{language}/jobs/talent-requests/{pk}/"),
        (client_for(people.talent), f"/{language}/jobs/invitations/"),
        (staff_client(people.staff), f"/{language}/backoffice/talent-requests/"),
        (staff_client(people.staff), f"/{language}/backoffice/talent-requests/{pk}/"),
    ]
    for client, url in pages:
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert f'<html lang="{language}">' in answer.content.decode(), url
