"""The staff back office: who may see it, fixed query counts, and the verification decisions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from talentcenter.audit import events
from talentcenter.audit.models import AuditEvent
from talentcenter.notifications.models import OutboundEmail
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.reference.enums import IndustryScheme
from talentcenter.reference.models import Industry
from talentcenter.talent.enums import EducationLevel, Visibility
from tests.factories import CompanyFactory, EducationFactory, TalentProfileFactory

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "backoffice:index",
    "backoffice:talents",
    "backoffice:companies",
    "backoffice:verifications",
    "backoffice:audit",
]


def _client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page_urls(company: Any, profile: Any) -> list[str]:
    return [reverse(name) for name in LIST_PAGES] + [
        reverse("backoffice:talent_detail", args=[profile.pk]),
        reverse("backoffice:company_detail", args=[company.pk]),
    ]


def _make_profiles(count: int) -> None:
    industries = list(Industry.objects.filter(scheme=IndustryScheme.KTECH_PASS)[:3])
    for number in range(count):
        profile = TalentProfileFactory(
            nationality=["ES", "IN", "VN"][number % 3],
            visibility=Visibility.VERIFIED_COMPANIES,
            highest_education_level=EducationLevel.DOCTORATE,
        )
        profile.desired_industries.set(industries[: 1 + number % 3])
        EducationFactory(profile=profile)


def _make_companies(count: int) -> None:
    for number in range(count):
        CompanyFactory(status=[CompanyStatus.PENDING, CompanyStatus.VERIFIED][number % 2])


# --- who may enter ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, pending_company: Any) -> None:
    # given
    profile = TalentProfileFactory()
    # when / then
    for url in _page_urls(pending_company, profile):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


@pytest.mark.parametrize("role", ["talent", "company_member"])
def test_people_who_are_not_staff_get_not_found(
    role: str, request: pytest.FixtureRequest, pending_company: Any
) -> None:
    # given
    client = _client_for(request.getfixturevalue(role))
    profile = TalentProfileFactory()
    # when / then
    for url in _page_urls(pending_company, profile):
        assert client.get(url).status_code == 404, url


def test_staff_see_every_page(staff_client: Client, pending_company: Any) -> None:
    # given
    profile = TalentProfileFactory()
    # when / then
    for url in _page_urls(pending_company, profile):
        assert staff_client.get(url).status_code == 200, url


def test_staff_without_a_second_factor_are_stopped(staff: Any, pending_company: Any) -> None:
    # given a staff session that has not passed a second factor
    client = _client_for(staff)
    # when
    response = client.get(reverse("backoffice:index"))
    # then
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_unknown_objects_are_not_found(staff_client: Client) -> None:
    assert staff_client.get(reverse("backoffice:talent_detail", args=[999999])).status_code == 404
    assert staff_client.get(reverse("backoffice:company_detail", args=[999999])).status_code == 404


# --- fixed number of queries ----------------------------------------------------------------------

# Session, user, user's groups, then the page's own queries: count, page (and prefetch).
# The talent list: count, page, desired industries, the access log (one INSERT ... SELECT, whether
# it writes or not), the unread-notices count in the header.
TALENT_LIST_QUERIES = 8
EMPTY_TALENT_LIST_QUERIES = 5  # no page to read, no industries, nobody to log
COMPANY_LIST_QUERIES = 6  # +1: the unread-notices count in the header
VERIFICATION_LIST_QUERIES = 6  # +1: the unread-notices count in the header
AUDIT_LIST_QUERIES = 7  # +1: the unread-notices count in the header
OVERVIEW_QUERIES = 6  # +1: the unread-notices count in the header

# (id, query, profiles listed) — every filter of the form, search by name and by e-mail, pages;
# ``{first}`` and ``{second}`` are industry codes. 30 profiles (_make_profiles), pages of 25.
TALENT_LIST_VARIANTS = [
    ("default", {}, 25),
    ("page 2", {"page": "2"}, 5),
    ("page past the end", {"page": "999"}, 5),
    ("page not a number", {"page": "x"}, 25),
    ("search name", {"q": "maria"}, 25),
    ("search e-mail", {"q": "example"}, 25),
    ("nationality", {"nationality": "ES"}, 10),
    ("industry everyone wants", {"industry": "{first}"}, 25),
    ("industry some want", {"industry": "{second}"}, 20),
    ("education level", {"education_level": str(EducationLevel.MASTER.value)}, 25),
    ("visibility", {"visibility": Visibility.VERIFIED_COMPANIES.value}, 25),
    ("invalid filters", {"education_level": "not-a-level", "nationality": "XX"}, 25),
    (
        "everything",
        {
            "q": "maria",
            "nationality": "ES",
            "industry": "{first}",
            "education_level": str(EducationLevel.MASTER.value),
            "visibility": Visibility.VERIFIED_COMPANIES.value,
        },
        10,
    ),
]


@pytest.mark.parametrize(
    ("query", "listed"), [v[1:] for v in TALENT_LIST_VARIANTS], ids=[v[0] for v in TALENT_LIST_VARIANTS]
)
def test_every_talent_list_variant_costs_the_same_queries(
    query: dict[str, str], listed: int, staff_client: Client, django_assert_num_queries: Any
) -> None:
    # given 30 profiles over three nationalities, with one to three desired industries each
    _make_profiles(30)
    first, second = Industry.objects.filter(scheme=IndustryScheme.KTECH_PASS).values_list("code", flat=True)[:2]
    params = {name: value.format(first=first, second=second) for name, value in query.items()}
    # when
    with django_assert_num_queries(TALENT_LIST_QUERIES):
        response = staff_client.get(reverse("backoffice:talents"), params)
    # then
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row"><a href="/en/backoffice/talents/') == listed


def test_a_second_look_at_the_talent_list_costs_the_same_queries(
    staff_client: Client, django_assert_num_queries: Any
) -> None:
    # given the list read once: every listed person is in the access log already
    _make_profiles(5)
    staff_client.get(reverse("backoffice:talents"))
    # when / then the access log's statement runs (and writes nothing): the count does not change
    with django_assert_num_queries(TALENT_LIST_QUERIES):
        assert staff_client.get(reverse("backoffice:talents")).status_code == 200


def test_an_empty_talent_list_costs_three_queries_less(staff_client: Client, django_assert_num_queries: Any) -> None:
    # given
    _make_profiles(5)
    # when
    with django_assert_num_queries(EMPTY_TALENT_LIST_QUERIES):
        response = staff_client.get(reverse("backoffice:talents"), {"visibility": Visibility.PRIVATE.value})
    # then
    assert response.status_code == 200
    assert "No talent matches these filters." in response.content.decode()


@pytest.mark.parametrize("count", [5, 30])
def test_company_list_issues_a_fixed_number_of_queries(
    count: int, staff_client: Client, django_assert_num_queries: Any
) -> None:
    # given
    _make_companies(count)
    # when
    with django_assert_num_queries(COMPANY_LIST_QUERIES):
        response = staff_client.get(reverse("backoffice:companies"), {"industry": "semiconductor", "size_class": "sme"})
    # then
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)


@pytest.mark.parametrize("count", [5, 30])
def test_verification_list_issues_a_fixed_number_of_queries(
    count: int, staff_client: Client, django_assert_num_queries: Any
) -> None:
    # given
    _make_companies(count * 2)
    # when
    with django_assert_num_queries(VERIFICATION_LIST_QUERIES):
        response = staff_client.get(reverse("backoffice:verifications"))
    # then
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)


@pytest.mark.parametrize("count", [5, 30])
def test_audit_list_issues_a_fixed_number_of_queries(
    count: int, staff: Any, staff_client: Client, django_assert_num_queries: Any
) -> None:
    # given
    for company in CompanyFactory.create_batch(count):
        events.record(
            actor=staff, action="company.verified", subject=company, changes={"status": ["pending", "verified"]}
        )
    # when
    with django_assert_num_queries(AUDIT_LIST_QUERIES):
        response = staff_client.get(reverse("backoffice:audit"), {"action": "company.verified"})
    # then
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)


@pytest.mark.parametrize("count", [5, 30])
def test_overview_issues_a_fixed_number_of_queries(
    count: int, staff_client: Client, django_assert_num_queries: Any
) -> None:
    # given
    _make_companies(count * 2)
    # when
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = staff_client.get(reverse("backoffice:index"))
    # then
    assert response.context["pending_count"] == count
    assert len(response.context["pending"]) == 5


def test_the_talent_list_shows_every_column_in_the_page_s_language(staff_client: Client) -> None:
    # given a complete profile with two desired industries, and one with nothing filled in yet
    industries = list(Industry.objects.filter(scheme=IndustryScheme.KTECH_PASS).order_by("scheme", "id")[:2])
    profile = TalentProfileFactory(
        given_name="Maria",
        family_name="<Garcia>",
        nationality="ES",
        highest_education_level=EducationLevel.DOCTORATE,
        visibility=Visibility.VERIFIED_COMPANIES,
    )
    profile.desired_industries.set(industries)
    blank = TalentProfileFactory(given_name="", family_name="", nationality="", visibility=Visibility.PRIVATE)
    for language in ("ko", "en"):
        with translation.override(language):
            url = reverse("backoffice:talents")
            expected = {
                "link": f'<a href="{reverse("backoffice:talent_detail", args=[profile.pk])}">Maria &lt;Garcia&gt;</a>',
                "email": f"<td>{profile.user.email}</td>",
                "nationality": f"<td>{countries.name('ES')}</td>",
                "degree": f"<td>{EducationLevel.DOCTORATE.label}</td>",
                "industries": f"<td>{', '.join(industry.name for industry in industries)}</td>",
                "visibility": f"<td>{Visibility.VERIFIED_COMPANIES.label}</td>",
                "updated": f"<td>{timezone.localtime(profile.updated_at):%Y-%m-%d}</td>",
                "no name": f'{reverse("backoffice:talent_detail", args=[blank.pk])}">{_("(no name yet)")}</a>',
                "blank cells": f"<td>{blank.user.email}</td><td>–</td><td>–</td><td>–</td>",
            }
        # when
        html = staff_client.get(url).content.decode()
        # then
        for name, cell in expected.items():
            assert cell in html, (language, name)


def test_talent_list_search_finds_by_name(staff_client: Client) -> None:
    # given
    wanted = TalentProfileFactory(given_name="Oluwaseun", search_document="oluwaseun garcia")
    TalentProfileFactory.create_batch(3)
    # when
    response = staff_client.get(reverse("backoffice:talents"), {"q": "Oluwaseun"})
    # then
    assert list(response.context["page"].object_list) == [wanted]


def test_talent_detail_shows_the_profile_and_its_history(staff: Any, staff_client: Client) -> None:
    # given
    education = EducationFactory(institution="KAIST")
    profile = education.profile
    events.record(actor=staff, action="talent.profile_updated", subject=profile, changes={"headline": ["", "Engineer"]})
    # when
    response = staff_client.get(reverse("backoffice:talent_detail", args=[profile.pk]))
    # then
    html = response.content.decode()
    assert "KAIST" in html
    assert "talent.profile_updated" in html
    assert "Engineer" in html


def test_invalid_filters_are_ignored(staff_client: Client) -> None:
    # given
    TalentProfileFactory.create_batch(2)
    # when
    response = staff_client.get(reverse("backoffice:talents"), {"education_level": "not-a-level", "page": "x"})
    # then
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2


# --- verify and reject ----------------------------------------------------------------------------


def _audit_rows(company: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(subject_type="organizations.company", subject_id=str(company.pk)))


def test_staff_verify_a_pending_company(staff: Any, staff_client: Client, pending_company: Any) -> None:
    # when
    response = staff_client.post(
        reverse("backoffice:company_verify", args=[pending_company.pk]), {"note": "Checked with the NTS."}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:company_detail", args=[pending_company.pk])
    pending_company.refresh_from_db()
    assert pending_company.status == CompanyStatus.VERIFIED
    assert pending_company.verified_by == staff
    [event] = _audit_rows(pending_company)
    assert (event.action, event.actor, event.reason) == ("company.verified", staff, "Checked with the NTS.")
    email = OutboundEmail.objects.get(template="company_verified")
    assert pending_company.name_en in email.subject or pending_company.name_ko in email.subject
    assert "/dashboard/" in email.body_text


def test_staff_reject_a_pending_company_with_a_reason(staff: Any, staff_client: Client, pending_company: Any) -> None:
    # when
    response = staff_client.post(
        reverse("backoffice:company_reject", args=[pending_company.pk]),
        {"reason": "The number belongs to another firm."},
    )
    # then
    assert response.status_code == 302
    pending_company.refresh_from_db()
    assert pending_company.status == CompanyStatus.REJECTED
    [event] = _audit_rows(pending_company)
    assert (event.action, event.reason) == ("company.rejected", "The number belongs to another firm.")
    email = OutboundEmail.objects.get(template="company_rejected")
    assert "The number belongs to another firm." in email.body_text
    assert "The number belongs to another firm." in email.body_html


def test_rejecting_without_a_reason_changes_nothing(staff_client: Client, pending_company: Any) -> None:
    # when
    response = staff_client.post(reverse("backoffice:company_reject", args=[pending_company.pk]), {"reason": "   "})
    # then
    assert response.status_code == 400
    assert "Say why the company is rejected" in response.content.decode()
    pending_company.refresh_from_db()
    assert pending_company.status == CompanyStatus.PENDING
    assert _audit_rows(pending_company) == []


def test_verifying_a_verified_company_is_refused(staff_client: Client) -> None:
    # given
    company = CompanyFactory(status=CompanyStatus.VERIFIED)
    # when
    response = staff_client.post(reverse("backoffice:company_verify", args=[company.pk]), {"note": ""})
    # then
    assert response.status_code == 400
    assert "This is now “Verified”, so it cannot be done any more." in response.content.decode()
    assert _audit_rows(company) == []


@pytest.mark.parametrize("role", ["talent", "company_member"])
@pytest.mark.parametrize("action", ["backoffice:company_verify", "backoffice:company_reject"])
def test_people_who_are_not_staff_cannot_decide(
    role: str, action: str, request: pytest.FixtureRequest, pending_company: Any
) -> None:
    # given
    client = _client_for(request.getfixturevalue(role))
    # when
    response = client.post(reverse(action, args=[pending_company.pk]), {"reason": "No.", "note": ""})
    # then
    assert response.status_code == 404
    pending_company.refresh_from_db()
    assert pending_company.status == CompanyStatus.PENDING
    assert _audit_rows(pending_company) == []


def test_a_member_of_the_company_cannot_verify_it(pending_company: Any) -> None:
    # given
    member = pending_company.memberships.get().user
    # when
    response = _client_for(member).post(reverse("backoffice:company_verify", args=[pending_company.pk]))
    # then
    assert response.status_code == 404
    pending_company.refresh_from_db()
    assert pending_company.status == CompanyStatus.PENDING
    assert _audit_rows(pending_company) == []


def test_anonymous_cannot_decide(client: Client, pending_company: Any) -> None:
    # when
    response = client.post(reverse("backoffice:company_verify", args=[pending_company.pk]))
    # then
    assert response.status_code == 302
    pending_company.refresh_from_db()
    assert pending_company.status == CompanyStatus.PENDING
    assert _audit_rows(pending_company) == []


def test_decisions_need_post(staff_client: Client, pending_company: Any) -> None:
    response = staff_client.get(reverse("backoffice:company_verify", args=[pending_company.pk]))
    assert response.status_code == 405
    pending_company.refresh_from_db()
    assert pending_company.status == CompanyStatus.PENDING


def test_decisions_need_the_csrf_token(staff: Any, pending_company: Any) -> None:
    # given a staff session with a second factor, in a client that checks CSRF like a browser
    from allauth.account.internal.flows.login import record_authentication
    from django.http import HttpRequest

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    session = client.session
    request = HttpRequest()
    request.session = session
    record_authentication(request, staff, "mfa", type="totp")
    session.save()
    # when
    response = client.post(reverse("backoffice:company_verify", args=[pending_company.pk]))
    # then
    assert response.status_code == 403
    pending_company.refresh_from_db()
    assert pending_company.status == CompanyStatus.PENDING
