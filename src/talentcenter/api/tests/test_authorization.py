"""The authorization matrix: every restricted endpoint, every kind of caller, the exact status.

A denied call changes nothing and writes no audit event.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from talentcenter.accounts.models import ApiToken
from talentcenter.audit.models import AuditEvent
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import Company, CompanyInvitation, CompanyMembership
from talentcenter.policy.engine import ApplicantIn
from talentcenter.policy.models import Assessment
from talentcenter.policy.services import assessment_record
from talentcenter.talent.models import Education, Experience, LanguageEntry, SkillEntry, TalentProfile
from tests.api import ApiClient, token_for
from tests.factories import CompanyFactory, EducationFactory, ExperienceFactory, MembershipFactory

ACTORS = (
    "anonymous",
    "talent",
    "other_talent",
    "company_member",
    "other_company_member",
    "staff_token",
    "staff_session_without_mfa",
)


@dataclass
class World:
    clients: dict[str, ApiClient]
    ids: dict[str, int]


@pytest.fixture
def world(talent: Any, other_talent: Any, company_member: Any, other_company_member: Any, staff: Any) -> World:
    """Given a talent with a full profile, two verified companies with their owners, a pending company and staff."""
    profile = talent.talent_profile
    education = EducationFactory(profile=profile)
    experience = ExperienceFactory(profile=profile)
    pending = MembershipFactory(company=CompanyFactory(status=CompanyStatus.PENDING)).company
    company = company_member.memberships.get().company
    talent_token = token_for(talent)
    token = ApiToken.objects.get(user=talent)
    session = Client()
    session.force_login(staff)
    clients = {
        "anonymous": ApiClient(),
        "talent": ApiClient(token=talent_token),
        "other_talent": ApiClient(token=token_for(other_talent)),
        "company_member": ApiClient(token=token_for(company_member)),
        "other_company_member": ApiClient(token=token_for(other_company_member)),
        "staff_token": ApiClient(token=token_for(staff)),
        "staff_session_without_mfa": ApiClient(client=session),
    }
    assessment = assessment_record(actor=staff, applicant=ApplicantIn(), as_of=datetime.date(2026, 1, 1))
    ids = {
        "assessment": assessment.pk,
        "profile": profile.pk,
        "education": education.pk,
        "experience": experience.pk,
        "token": token.pk,
        "company": company.pk,
        "member": company.memberships.get().pk,
        "pending": pending.pk,
    }
    return World(clients=clients, ids=ids)


def state() -> tuple[Any, ...]:
    """Everything a call could change, to compare before and after."""
    return (
        AuditEvent.objects.count(),
        list(TalentProfile.objects.order_by("pk").values()),
        list(Education.objects.order_by("pk").values()),
        list(Experience.objects.order_by("pk").values()),
        list(SkillEntry.objects.order_by("pk").values()),
        list(LanguageEntry.objects.order_by("pk").values()),
        list(Company.objects.order_by("pk").values()),
        list(CompanyMembership.objects.order_by("pk").values()),
        list(CompanyInvitation.objects.order_by("pk").values()),
        list(ApiToken.objects.order_by("pk").values("pk", "revoked_at")),
        list(Assessment.objects.order_by("pk").values("pk", "result")),
    )


def expect(
    *,
    anonymous: int,
    talent: int,
    other_talent: int,
    company_member: int,
    other_company_member: int,
    staff_token: int,
    staff_session_without_mfa: int = 403,
) -> dict[str, int]:
    return {
        "anonymous": anonymous,
        "talent": talent,
        "other_talent": other_talent,
        "company_member": company_member,
        "other_company_member": other_company_member,
        "staff_token": staff_token,
        "staff_session_without_mfa": staff_session_without_mfa,
    }


OWN_ONLY = {"anonymous": 401, "other_talent": 404, "company_member": 404, "other_company_member": 404}
STAFF_ONLY = {"anonymous": 401, "talent": 403, "other_talent": 403, "company_member": 403, "other_company_member": 403}
OWNER_ONLY = {"anonymous": 401, "talent": 403, "other_talent": 403, "other_company_member": 403, "staff_token": 403}

# (name, method, path with {ids}, body, expected status per actor)
MATRIX: list[tuple[str, str, str, Any, dict[str, int]]] = [
    ("read account", "GET", "me", None, expect(**dict.fromkeys(ACTORS[1:5], 200), anonymous=401, staff_token=200)),
    (
        "read own profile",
        "GET",
        "me/profile",
        None,
        expect(
            anonymous=401, talent=200, other_talent=200, company_member=404, other_company_member=404, staff_token=404
        ),
    ),
    (
        "change own education",
        "PATCH",
        "me/profile/educations/{education}",
        {"field": "Physics"},
        expect(**OWN_ONLY, talent=200, staff_token=404),
    ),
    (
        "remove own education",
        "DELETE",
        "me/profile/educations/{education}",
        None,
        expect(**OWN_ONLY, talent=204, staff_token=404),
    ),
    (
        "change own experience",
        "PATCH",
        "me/profile/experiences/{experience}",
        {"role": "Principal engineer"},
        expect(**OWN_ONLY, talent=200, staff_token=404),
    ),
    (
        "remove own experience",
        "DELETE",
        "me/profile/experiences/{experience}",
        None,
        expect(**OWN_ONLY, talent=204, staff_token=404),
    ),
    (
        "revoke own token",
        "DELETE",
        "me/tokens/{token}",
        None,
        expect(**OWN_ONLY, talent=204, staff_token=404),
    ),
    (
        "read a verified company",
        "GET",
        "companies/{company}",
        None,
        expect(**dict.fromkeys(ACTORS[:6], 200)),  # type: ignore[arg-type]
    ),
    (
        "read a pending company",
        "GET",
        "companies/{pending}",
        None,
        expect(**dict.fromkeys(ACTORS[:5], 404), staff_token=200),  # type: ignore[arg-type]
    ),
    (
        "correct a company",
        "PATCH",
        "companies/{company}",
        {"address": "1 Teheran-ro, Gangnam-gu, Seoul"},
        expect(**OWNER_ONLY, company_member=200),
    ),
    ("list members", "GET", "companies/{company}/members", None, expect(**OWNER_ONLY, company_member=200)),
    (
        "remove a member",
        "DELETE",
        "companies/{company}/members/{member}",
        None,
        expect(**OWNER_ONLY, company_member=422),  # the last owner stays
    ),
    ("list invitations", "GET", "companies/{company}/invitations", None, expect(**OWNER_ONLY, company_member=200)),
    (
        "invite a colleague",
        "POST",
        "companies/{company}/invitations",
        {"email": "colleague@example.org", "role": "recruiter"},
        expect(**OWNER_ONLY, company_member=201),
    ),
    ("list pending verifications", "GET", "staff/verifications", None, expect(**STAFF_ONLY, staff_token=200)),
    ("verify a company", "POST", "staff/companies/{pending}/verify", {}, expect(**STAFF_ONLY, staff_token=200)),
    (
        "reject a company",
        "POST",
        "staff/companies/{pending}/reject",
        {"reason": "The registration certificate does not match."},
        expect(**STAFF_ONLY, staff_token=200),
    ),
    ("list talents", "GET", "staff/talents", None, expect(**STAFF_ONLY, staff_token=200)),
    ("read a talent", "GET", "staff/talents/{profile}", None, expect(**STAFF_ONLY, staff_token=200)),
    ("read the audit trail", "GET", "staff/audit", None, expect(**STAFF_ONLY, staff_token=200)),
    ("assess an applicant", "POST", "assessments", {}, expect(**dict.fromkeys(ACTORS[:6], 200))),  # type: ignore[arg-type]
    ("read the rules", "GET", "rules", None, expect(**dict.fromkeys(ACTORS[:6], 200))),  # type: ignore[arg-type]
    ("list programmes", "GET", "programmes", None, expect(**dict.fromkeys(ACTORS[:6], 200))),  # type: ignore[arg-type]
    (
        "record an official assessment",
        "POST",
        "staff/assessments",
        {"as_of": "2026-01-01", "programmes": ["e7-1"]},
        expect(**STAFF_ONLY, staff_token=201),
    ),
    (
        "read an official assessment",
        "GET",
        "staff/assessments/{assessment}",
        None,
        expect(**STAFF_ONLY, staff_token=200),
    ),
    (
        "replay an official assessment",
        "POST",
        "staff/assessments/{assessment}/replay",
        None,
        expect(**STAFF_ONLY, staff_token=200),
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [pytest.param(method, path, body, expected, id=name) for name, method, path, body, expected in MATRIX],
)
def test_authorization_matrix(
    world: World, actor: str, method: str, path: str, body: Any, expected: dict[str, int]
) -> None:
    # Given an actor and the state before the call
    before = state()

    # When the actor calls the endpoint
    response = world.clients[actor].request(method, path.format(**world.ids), body)

    # Then the status is exactly the expected one
    assert response.status_code == expected[actor], response.content
    if response.status_code >= 400:
        # and a refusal follows the contract, changes nothing and writes no audit event
        assert set(response.json()) == {"code", "message", "fields"}
        assert state() == before


def test_a_staff_session_with_a_second_factor_is_let_in(staff_session_with_mfa: ApiClient) -> None:
    # When staff who passed the second factor list pending verifications
    response = staff_session_with_mfa.get("staff/verifications")

    # Then they are served
    assert response.status_code == 200


def test_a_staff_session_without_a_second_factor_is_refused_with_its_own_code(
    staff_session_without_mfa: ApiClient,
) -> None:
    response = staff_session_without_mfa.get("staff/talents")

    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"


def test_a_revoked_token_is_refused(talent: Any) -> None:
    # Given a talent who revoked their token
    client = ApiClient(token=token_for(talent))
    token = ApiToken.objects.get(user=talent)
    assert client.delete(f"me/tokens/{token.pk}").status_code == 204

    # When the token is used again
    response = client.get("me")

    # Then it no longer works
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_expired_token_is_refused(talent: Any) -> None:
    client = ApiClient(token=token_for(talent))
    ApiToken.objects.filter(user=talent).update(expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))

    assert client.get("me").status_code == 401


def test_a_wrong_token_is_refused_even_with_a_valid_session(talent: Any) -> None:
    # Given a browser session and a wrong token in the same request
    session = Client()
    session.force_login(talent)
    client = ApiClient(client=session, token="tc_not-a-real-token")

    # Then the token decides, and it is wrong
    assert client.get("me").status_code == 401


def test_a_session_needs_the_csrf_token_for_a_change(talent: Any) -> None:
    # Given a signed-in browser session that enforces CSRF
    session = Client(enforce_csrf_checks=True)
    session.force_login(talent)
    client = ApiClient(client=session)

    # When it changes something without the CSRF token
    response = client.patch("me", {"language": "ko"})

    # Then it is refused and nothing changes
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    talent.refresh_from_db()
    assert talent.preferred_language == "en"


def test_a_session_with_the_csrf_token_may_change(talent: Any) -> None:
    session = Client(enforce_csrf_checks=True)
    session.force_login(talent)
    session.get("/api/v1/me")
    csrf_token = "abcdefghijklmnopqrstuvwxyzABCDEF"
    session.cookies["csrftoken"] = csrf_token
    client = ApiClient(client=session)

    response = client.patch("me", {"language": "ko"}, **{"X-CSRFToken": csrf_token})

    assert response.status_code == 200
    assert response.json()["language"] == "ko"


def test_a_token_needs_no_csrf_token(talent: Any) -> None:
    client = ApiClient(token=token_for(talent))
    client.client = Client(enforce_csrf_checks=True)

    assert client.patch("me", {"language": "ko"}).status_code == 200
