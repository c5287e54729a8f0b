"""A company starts a case by inviting a person by e-mail; it sees nothing of them until they accept.

The answer to the invitation is the same whether the e-mail has a talent profile, an account
without one, or nothing at all; the person invited (whoever has proved they own the address, also
after signing up later) accepts — consenting, with the time, to share their profile with this
company — or declines, and the company learns only "declined".
"""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from talentcenter.audit.models import AuditEvent
from talentcenter.cases import services
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.notifications.models import Notification
from talentcenter.talent.enums import Visibility
from tests.api import ApiClient, token_for
from tests.cases import OFFER, CasePeople, eligible_profile, invite, pdf_bytes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = {
    "case_type": "kotra_recommendation",
    "job_title": OFFER["job_title"],
    "annual_salary_krw": OFFER["annual_salary_krw"],
    "technology_field": OFFER["technology_field"],
}
# What differs between two invitations by nature, not by who was invited.
OWN_VALUES = {"id", "reference", "invited_email", "created_at", "updated_at"}


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Any) -> None:
    settings.TALENTCENTER_API_THROTTLE_RATES = {}
    settings.MEDIA_ROOT = tmp_path / "media"


def private_talent() -> Any:
    """A talent with a private profile who has consented to nothing."""
    profile = eligible_profile(visibility=Visibility.PRIVATE)
    assert profile.visibility == Visibility.PRIVATE
    return profile


def comparable(body: dict[str, Any]) -> dict[str, Any]:
    offer = {key: value for key, value in body["offer"].items() if key != "confirmed_at"}
    return {key: value for key, value in body.items() if key not in OWN_VALUES} | {"offer": offer}


def test_the_api_answers_the_same_whether_or_not_the_e_mail_has_a_profile() -> None:
    # Given a private talent, an account without a profile, and an address nobody has
    people = CasePeople.create(evaluators=0)
    profile = private_talent()
    UserFactory(email="no-profile@example.org")
    company = ApiClient(token=token_for(people.company_member))

    # When the company invites each of them
    answers = [
        company.post("cases", {**START, "talent_email": email})
        for email in (profile.user.email, "no-profile@example.org", "nobody@example.org")
    ]

    # Then each answer is the same 201 with the same body, naming only the e-mail typed and the status
    assert [answer.status_code for answer in answers] == [201, 201, 201]
    bodies = [answer.json() for answer in answers]
    assert comparable(bodies[0]) == comparable(bodies[1]) == comparable(bodies[2])
    first = bodies[0]
    assert (first["status"], first["status_label"], first["invited_email"]) == (
        "invited",
        "Invitation sent",
        profile.user.email,
    )
    assert (first["talent_name"], first["eligibility"], first["checklist"], first["talent_accepted_at"]) == (
        "",
        None,
        [],
        None,
    )
    assert first["actions"] == ["withdraw"]
    for text in (profile.family_name, profile.given_name, "Massachusetts", "Samsung"):
        assert text not in str(bodies), text


def test_before_accepting_the_company_sees_nothing_of_the_person() -> None:
    # Given an invitation the talent has not answered
    people = CasePeople.create(evaluators=0)
    case = invite(people, CaseType.KOTRA_RECOMMENDATION)
    profile = people.talent.talent_profile
    browser = Client()
    browser.force_login(people.company_member)
    company = ApiClient(token=token_for(people.company_member))

    # When the company looks at it in the portal (list and page) and the API, and asks for eligibility
    page = browser.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    listing = browser.get(reverse("cases:list")).content.decode()
    read = company.get(f"cases/{case.pk}").json()
    eligibility = company.post(f"cases/{case.pk}/eligibility")

    # Then nothing of the person is shown: the e-mail it typed and the invitation's status only
    for shown in (page, listing, str(read)):
        assert profile.full_name not in shown
        assert "Massachusetts" not in shown and "Samsung" not in shown
        assert people.talent.email in shown
    assert "Invitation sent" in page
    assert eligibility.status_code == 409
    case.refresh_from_db()
    assert case.eligibility == {}


def test_the_talent_is_told_and_accepts_then_the_case_proceeds_with_consent_recorded() -> None:
    # Given an invitation
    people = CasePeople.create(evaluators=0)
    case = invite(people, CaseType.KOTRA_RECOMMENDATION)
    talent = ApiClient(token=token_for(people.talent))

    # Then the talent was told in the app (and by e-mail), and sees it with accept and decline
    [notice] = Notification.objects.filter(kind="case.invited", recipient=people.talent)
    assert people.company.name in notice.title_en and notice.title_ko != notice.title_en
    assert talent.get(f"cases/{case.pk}").json()["actions"] == ["accept", "decline"]
    browser = Client()
    browser.force_login(people.talent)
    page = browser.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert 'data-action="accept"' in page and 'data-action="decline"' in page

    # When the talent accepts
    accepted = talent.post(f"cases/{case.pk}/accept")

    # Then the case is a draft with the talent, their consent is recorded with the time, the
    # company is told, and now sees the talent
    assert accepted.status_code == 200
    case.refresh_from_db()
    assert (case.status, case.talent) == ("draft", people.talent.talent_profile)
    assert case.talent_accepted_at is not None and case.talent_consented_at == case.talent_accepted_at
    assert AuditEvent.objects.filter(action="case.consent_given", subject_id=str(case.pk)).count() == 1
    assert Notification.objects.filter(kind="case.accepted", recipient=people.company_member).exists()
    company_view = ApiClient(token=token_for(people.company_member)).get(f"cases/{case.pk}").json()
    assert company_view["talent_name"] == people.talent.talent_profile.full_name
    assert company_view["checklist"]


def test_a_declined_invitation_tells_the_company_only_declined() -> None:
    # Given an invitation
    people = CasePeople.create(evaluators=0)
    case = invite(people)

    # When the talent declines it in the portal
    browser = Client()
    browser.force_login(people.talent)
    browser.post(reverse("cases:decline", kwargs={"pk": case.pk}))

    # Then the case is closed without a talent, and the company learns "declined" and nothing else
    case.refresh_from_db()
    assert (case.status, case.talent, case.talent_accepted_at) == ("declined", None, None)
    read = ApiClient(token=token_for(people.company_member)).get(f"cases/{case.pk}").json()
    assert (read["status"], read["talent_name"], read["actions"]) == ("declined", "", [])
    [notice] = Notification.objects.filter(kind="case.declined", recipient=people.company_member)
    assert people.talent.talent_profile.full_name not in notice.title_en + notice.body_en
    # and it can no longer be accepted
    with pytest.raises(TransitionNotAllowed):
        services.case_accept(actor=people.talent, case=case)


def test_someone_who_signs_up_later_with_the_address_may_accept_once_they_have_proved_it() -> None:
    # Given an invitation to an address nobody had
    people = CasePeople.create(evaluators=0)
    case = services.case_invite(
        actor=people.company_member,
        case_type=CaseType.KTECH_PASS,
        company=people.company,
        email="Later@Example.org",
        **OFFER,
    )
    assert not Notification.objects.filter(kind="case.invited").exists()  # nobody to tell yet

    # When a person signs up with that address (not yet verified) and makes a profile
    later = eligible_profile(user=UserFactory(email="later@example.org", verified_email=False))

    # Then they cannot accept until they have proved the address; then they see it and accept
    with pytest.raises(PermissionDenied):
        services.case_accept(actor=later.user, case=case)
    EmailAddress.objects.create(user=later.user, email=later.user.email, verified=True, primary=True)
    listed = ApiClient(token=token_for(later.user)).get("cases").json()["items"]
    assert [item["id"] for item in listed] == [case.pk]
    assert services.case_accept(actor=later.user, case=case).talent == later


def test_only_the_person_invited_answers_and_only_the_company_withdraws() -> None:
    people = CasePeople.create(evaluators=0)
    case = invite(people)
    stranger = eligible_profile().user

    for call in (
        lambda: services.case_accept(actor=stranger, case=case),
        lambda: services.case_decline(actor=people.company_member, case=case),
        lambda: services.case_withdraw(actor=people.talent, case=case),
        lambda: services.case_document_upload(
            actor=people.talent, case=case, requirement="passport", name="p.pdf", data=pdf_bytes()
        ),
    ):
        with pytest.raises((PermissionDenied, TransitionNotAllowed)):
            call()
    case.refresh_from_db()
    assert case.status == "invited"

    assert services.case_withdraw(actor=people.company_member, case=case).status == "withdrawn"
    assert Case.objects.get(pk=case.pk).talent is None


def test_a_second_invitation_for_the_same_address_is_a_duplicate() -> None:
    people = CasePeople.create(evaluators=0)
    invite(people, CaseType.KOTRA_RECOMMENDATION)

    answer = ApiClient(token=token_for(people.company_member)).post(
        "cases", {**START, "talent_email": people.talent.email.upper()}
    )

    assert answer.status_code == 422
    assert "already open" in answer.json()["message"] + str(answer.json().get("fields"))
