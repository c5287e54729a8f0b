"""The company portal through HTTP, with the real services: registration, details, invitations."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from talentcenter.audit.models import AuditEvent
from talentcenter.notifications.models import OutboundEmail
from talentcenter.organizations.enums import CompanyStatus, MemberRole
from talentcenter.organizations.models import Company, CompanyInvitation, CompanyMembership
from talentcenter.organizations.services import company_invitation_create
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, valid_brn

COMPANY = {
    "name_en": "Hanbit Robotics",
    "name_ko": "한빛로보틱스",
    "industry": "robotics",
    "size_class": "sme",
    "postal_code": "34141",
    "address": "291 Daehak-ro, Yuseong-gu, Daejeon",
    "address_detail": "3F",
    "website": "https://hanbit-robotics.example",
}


@pytest.fixture(autouse=True)
def english() -> Any:
    """Pages under /en/, so that assertions can name the English messages."""
    with translation.override("en"):
        yield


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def dashed(number: str) -> str:
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"


def owner_of(company: Company) -> Any:
    return company.memberships.get(role=MemberRole.OWNER).user


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("organizations:mine", {}),
        ("organizations:register", {}),
        ("organizations:detail", {"pk": 1}),
        ("organizations:invitation_accept", {"secret": "abc"}),
    ],
)
def test_anonymous_people_are_sent_to_sign_in(db: None, name: str, kwargs: dict[str, Any]) -> None:
    response = Client().get(reverse(name, kwargs=kwargs))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_companies_lists_memberships_and_offers_registration(company_member: Any) -> None:
    company = company_member.memberships.get().company

    response = client_for(company_member).get(reverse("organizations:mine"))

    content = response.content.decode()
    assert response.status_code == 200
    assert company.name_en in content
    assert reverse("organizations:register") in content


def test_registering_a_company_leaves_it_awaiting_verification(db: None) -> None:
    user = UserFactory()
    number = valid_brn(777)

    response = client_for(user).post(
        reverse("organizations:register"), {"business_registration_number": dashed(number), **COMPANY}
    )

    company = Company.objects.get(business_registration_number=number)
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", kwargs={"pk": company.pk})
    assert company.status == CompanyStatus.PENDING
    assert CompanyMembership.objects.get(company=company).user == user
    page = client_for(user).get(response["Location"]).content.decode()
    assert "Awaiting verification" in page
    assert "What happens next" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"business_registration_number": "bad"}, "business_registration_number", "10 digits"),
        ({"business_registration_number": "1" * 21}, "business_registration_number", "at most 20 characters"),
        ({"postal_code": "1234"}, "postal_code", "postal code of 5 digits"),
        ({"industry": "tourism"}, "industry", "Select a valid choice."),
        ({"size_class": "huge"}, "size_class", "Select a valid choice."),
        ({"name_en": "x" * 201}, "name_en", "at most 200 characters"),
        ({"website": "javascript:alert(1)"}, "website", "Enter a valid URL."),
    ],
)
def test_bad_registration_input_is_refused_with_the_draft_kept(
    db: None, changes: dict[str, str], field: str, message: str
) -> None:
    user = UserFactory()
    events = AuditEvent.objects.count()

    response = client_for(user).post(
        reverse("organizations:register"),
        {"business_registration_number": dashed(valid_brn(778)), **COMPANY, **changes},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert f'id="id_{field}_error"' in content
    assert 'value="291 Daehak-ro, Yuseong-gu, Daejeon"' in content or field == "address"
    assert not Company.objects.exists() or Company.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_wrong_check_digit_shows_the_check_digit_error(db: None) -> None:
    user = UserFactory()
    number = valid_brn(779)
    wrong = number[:9] + str((int(number[9]) + 1) % 10)

    response = client_for(user).post(
        reverse("organizations:register"), {"business_registration_number": dashed(wrong), **COMPANY}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "its check digit does not match" in content
    assert 'aria-describedby="id_business_registration_number_helptext id_business_registration_number_error"' in (
        content
    )
    assert f'value="{dashed(wrong)}"' in content
    assert not Company.objects.filter(business_registration_number=wrong).exists()


def test_a_wrong_check_digit_is_reported_together_with_the_other_errors(db: None) -> None:
    number = valid_brn(780)
    wrong = number[:9] + str((int(number[9]) + 1) % 10)

    response = client_for(UserFactory()).post(
        reverse("organizations:register"), {**COMPANY, "business_registration_number": wrong, "postal_code": "1"}
    )

    content = response.content.decode()
    assert "its check digit does not match" in content
    assert "postal code of 5 digits" in content


def test_a_number_already_registered_is_refused(company_member: Any) -> None:
    taken = company_member.memberships.get().company.business_registration_number

    response = client_for(UserFactory()).post(
        reverse("organizations:register"), {"business_registration_number": taken, **COMPANY}
    )

    assert response.status_code == 200
    assert "already registered" in response.content.decode()


def test_the_invitation_flow_end_to_end(company_member: Any) -> None:
    company = company_member.memberships.get().company
    owner = client_for(company_member)

    response = owner.post(
        reverse("organizations:invite", kwargs={"pk": company.pk}),
        {"email": "Colleague@Example.org", "role": MemberRole.RECRUITER},
    )

    assert response.status_code == 302
    invitation = CompanyInvitation.objects.get(company=company)
    assert invitation.email == "colleague@example.org"
    confirmation = owner.get(response["Location"]).content.decode()
    assert "colleague@example.org" in confirmation
    assert "Colleague@Example.org" not in confirmation
    email = OutboundEmail.objects.get(to="colleague@example.org", template="company_invitation")
    secret = re.search(r"/invitations/([A-Za-z0-9_\-]+)/", email.body_text).group(1)

    invitee = client_for(UserFactory(email="colleague@example.org"))
    accept_url = reverse("organizations:invitation_accept", kwargs={"secret": secret})
    shown = invitee.get(accept_url)
    assert shown.status_code == 200
    assert company.name_en in shown.content.decode()

    accepted = invitee.post(accept_url)

    assert accepted["Location"] == reverse("organizations:detail", kwargs={"pk": company.pk})
    membership = CompanyMembership.objects.get(company=company, user__email="colleague@example.org")
    assert membership.role == MemberRole.RECRUITER
    assert AuditEvent.objects.filter(action="company.member_joined", subject_id=str(company.pk)).count() == 1
    page = owner.get(reverse("organizations:detail", kwargs={"pk": company.pk})).content.decode()
    assert "colleague@example.org" in page


def test_an_invitation_for_another_address_is_not_accepted(company_member: Any) -> None:
    company = company_member.memberships.get().company
    _invitation, secret = company_invitation_create(
        company=company, actor=company_member, email="someone@example.org", role=MemberRole.RECRUITER
    )
    stranger = client_for(UserFactory())

    response = stranger.post(reverse("organizations:invitation_accept", kwargs={"secret": secret}))

    assert response.status_code == 200
    assert "sent to another e-mail address" in response.content.decode()
    assert company.memberships.count() == 1


def test_an_unknown_invitation_secret_is_not_found(company_member: Any) -> None:
    client = client_for(company_member)

    assert client.get(reverse("organizations:invitation_accept", kwargs={"secret": "nope"})).status_code == 404
    assert client.post(reverse("organizations:invitation_accept", kwargs={"secret": "x" * 500})).status_code == 404


def test_an_unverified_company_cannot_invite_and_is_told_why(pending_company: Company) -> None:
    owner = owner_of(pending_company)
    events = AuditEvent.objects.count()

    response = client_for(owner).post(
        reverse("organizations:invite", kwargs={"pk": pending_company.pk}),
        {"email": "colleague@example.org", "role": MemberRole.RECRUITER},
    )

    assert response.status_code == 200
    assert "must be verified by the center before it can invite" in response.content.decode()
    assert not CompanyInvitation.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_bad_invitation_keeps_the_typed_address(company_member: Any) -> None:
    company = company_member.memberships.get().company

    response = client_for(company_member).post(
        reverse("organizations:invite", kwargs={"pk": company.pk}), {"email": "not-an-address", "role": "boss"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="not-an-address"' in content
    assert "Enter a valid email address." in content
    assert "Select a valid choice." in content
    assert not CompanyInvitation.objects.exists()


@pytest.mark.parametrize("who", ["recruiter", "other_company_member", "talent"])
def test_only_owners_can_invite_revoke_or_remove(company_member: Any, request: Any, who: str) -> None:
    company = company_member.memberships.get().company
    recruiter = MembershipFactory(company=company, role=MemberRole.RECRUITER)
    invitation, _secret = company_invitation_create(
        company=company, actor=company_member, email="open@example.org", role=MemberRole.RECRUITER
    )
    actor = recruiter.user if who == "recruiter" else request.getfixturevalue(who)
    client = client_for(actor)
    events = AuditEvent.objects.count()
    emails = OutboundEmail.objects.count()

    responses = [
        client.post(
            reverse("organizations:invite", kwargs={"pk": company.pk}),
            {"email": "new@example.org", "role": MemberRole.OWNER},
        ),
        client.post(
            reverse("organizations:invitation_revoke", kwargs={"pk": company.pk, "invitation_pk": invitation.pk})
        ),
        client.post(reverse("organizations:member_remove", kwargs={"pk": company.pk, "membership_pk": recruiter.pk})),
        client.post(reverse("organizations:edit", kwargs={"pk": company.pk}), {**COMPANY}),
    ]

    assert {response.status_code for response in responses} == {403}
    assert list(company.invitations.values_list("email", "revoked_at")) == [("open@example.org", None)]
    assert company.memberships.count() == 2
    assert AuditEvent.objects.count() == events
    assert OutboundEmail.objects.count() == emails


def test_an_unverified_company_is_hidden_from_outsiders(pending_company: Company, other_company_member: Any) -> None:
    response = client_for(other_company_member).get(reverse("organizations:detail", kwargs={"pk": pending_company.pk}))

    assert response.status_code == 404


def test_outsiders_see_a_verified_company_without_its_members(company_member: Any, other_company_member: Any) -> None:
    company = company_member.memberships.get().company

    response = client_for(other_company_member).get(reverse("organizations:detail", kwargs={"pk": company.pk}))

    assert response.status_code == 200
    assert company_member.email not in response.content.decode()


def test_an_owner_revokes_an_invitation_and_removes_a_member(company_member: Any) -> None:
    company = company_member.memberships.get().company
    recruiter = MembershipFactory(company=company, role=MemberRole.RECRUITER)
    invitation, _secret = company_invitation_create(
        company=company, actor=company_member, email="open@example.org", role=MemberRole.RECRUITER
    )
    owner = client_for(company_member)

    revoked = owner.post(
        reverse("organizations:invitation_revoke", kwargs={"pk": company.pk, "invitation_pk": invitation.pk})
    )
    confirm = owner.get(
        reverse("organizations:member_remove", kwargs={"pk": company.pk, "membership_pk": recruiter.pk})
    )
    removed = owner.post(
        reverse("organizations:member_remove", kwargs={"pk": company.pk, "membership_pk": recruiter.pk})
    )

    assert revoked.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert confirm.status_code == 200
    assert removed.status_code == 302
    assert not CompanyMembership.objects.filter(pk=recruiter.pk).exists()


def test_the_last_owner_cannot_be_removed(company_member: Any) -> None:
    membership = company_member.memberships.get()

    response = client_for(company_member).post(
        reverse("organizations:member_remove", kwargs={"pk": membership.company_id, "membership_pk": membership.pk})
    )

    assert response.status_code == 200
    assert "at least one owner" in response.content.decode()
    assert CompanyMembership.objects.filter(pk=membership.pk).exists()


def test_an_owner_edits_details_but_not_the_names_of_a_verified_company(company_member: Any) -> None:
    company = company_member.memberships.get().company
    client = client_for(company_member)
    form = client.get(reverse("organizations:edit", kwargs={"pk": company.pk}))
    assert 'name="name_en"' not in form.content.decode()

    response = client.post(
        reverse("organizations:edit", kwargs={"pk": company.pk}),
        {**COMPANY, "name_en": "Renamed", "address": "1 Teheran-ro, Gangnam-gu, Seoul"},
    )

    assert response.status_code == 302
    company.refresh_from_db()
    assert company.address == "1 Teheran-ro, Gangnam-gu, Seoul"
    assert company.name_en != "Renamed"


def test_a_rejected_company_is_corrected_and_resubmitted(db: None) -> None:
    company = CompanyFactory(status=CompanyStatus.REJECTED, status_reason="The number belongs to another firm.")
    owner = MembershipFactory(company=company).user
    client = client_for(owner)
    page = client.get(reverse("organizations:detail", kwargs={"pk": company.pk})).content.decode()
    assert "The number belongs to another firm." in page

    response = client.post(reverse("organizations:resubmit", kwargs={"pk": company.pk}))

    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == CompanyStatus.PENDING
    assert AuditEvent.objects.filter(action="company.resubmitted", subject_id=str(company.pk)).count() == 1


def test_resubmitting_a_pending_company_shows_the_refusal(pending_company: Company) -> None:
    response = client_for(owner_of(pending_company)).post(
        reverse("organizations:resubmit", kwargs={"pk": pending_company.pk})
    )

    assert response.status_code == 200
    assert "This is now “Awaiting verification”, so it cannot be done any more." in response.content.decode()


def test_the_company_page_uses_a_fixed_number_of_queries(db: None) -> None:
    counts = []
    for size in (1, 8):
        company = CompanyFactory()
        owner = MembershipFactory(company=company).user
        for index in range(size):
            MembershipFactory(company=company, role=MemberRole.RECRUITER)
            company_invitation_create(
                company=company, actor=owner, email=f"invitee{index}@example.org", role=MemberRole.RECRUITER
            )
        client = client_for(owner)
        url = reverse("organizations:detail", kwargs={"pk": company.pk})
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[1] <= 20
