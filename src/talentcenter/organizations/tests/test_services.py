import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from talentcenter.accounts.enums import Role
from talentcenter.audit.models import AuditEvent
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.notifications.models import OutboundEmail
from talentcenter.organizations import services
from talentcenter.organizations.enums import CompanyStatus, MemberRole
from talentcenter.organizations.models import Company, CompanyMembership
from tests.concurrency import at_once
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, valid_brn

COMPANY = {
    "name_en": "Hanbit Robotics",
    "name_ko": "한빛로보틱스",
    "industry": "robotics",
    "size_class": "sme",
    "postal_code": "34141",
    "address": "291 Daehak-ro, Yuseong-gu, Daejeon",
}


def test_registering_makes_the_actor_owner_of_a_pending_company(db: None) -> None:
    actor = UserFactory()
    number = valid_brn(4242)

    company = services.company_register(
        actor=actor, business_registration_number=f"{number[:3]}-{number[3:5]}-{number[5:]}", **COMPANY
    )

    assert company.status == CompanyStatus.PENDING
    assert company.business_registration_number == number
    assert CompanyMembership.objects.get(company=company).user == actor
    assert actor.has_role(Role.COMPANY_MEMBER)
    assert AuditEvent.objects.filter(action="company.registered", subject_id=str(company.pk)).count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("business_registration_number", "123-45-67890"),
        ("business_registration_number", "12345"),
        ("industry", "tourism"),
        ("size_class", "huge"),
        ("name_en", "x" * 201),
        ("postal_code", "123456"),
    ],
)
def test_invalid_registration_changes_nothing(db: None, field: str, value: str) -> None:
    values = {"business_registration_number": valid_brn(99), **COMPANY, field: value}

    with pytest.raises(ValidationError) as error:
        services.company_register(actor=UserFactory(), **values)

    assert field in error.value.message_dict
    assert Company.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_number_can_be_registered_only_once(db: None) -> None:
    number = valid_brn(7)
    services.company_register(actor=UserFactory(), business_registration_number=number, **COMPANY)

    with pytest.raises(ValidationError) as error:
        services.company_register(actor=UserFactory(), business_registration_number=number, **COMPANY)

    assert "business_registration_number" in error.value.message_dict
    assert Company.objects.count() == 1


def test_staff_verify_a_pending_company_and_members_are_told(db: None, staff: object, pending_company: Company) -> None:
    company = services.company_verify(company=pending_company, actor=staff, note="Checked with NTS")

    assert company.status == CompanyStatus.VERIFIED
    assert company.verified_by == staff
    event = AuditEvent.objects.get(action="company.verified")
    assert event.changes == {"status": ["pending", "verified"]}
    assert OutboundEmail.objects.filter(template="company_verified").count() == 1


def test_verifying_twice_is_refused(db: None, staff: object, pending_company: Company) -> None:
    services.company_verify(company=pending_company, actor=staff)

    with pytest.raises(TransitionNotAllowed) as refused:
        services.company_verify(company=pending_company, actor=staff)

    assert refused.value.code == "conflict"
    assert refused.value.messages == [
        "This is now “Verified”, so it cannot be done any more. Reload the page to see its current state."
    ]
    assert AuditEvent.objects.filter(action="company.verified").count() == 1


def test_non_staff_cannot_verify(db: None, pending_company: Company) -> None:
    owner = pending_company.memberships.get().user

    with pytest.raises(PermissionDenied):
        services.company_verify(company=pending_company, actor=owner)

    pending_company.refresh_from_db()
    assert pending_company.status == CompanyStatus.PENDING
    assert not AuditEvent.objects.exists()


def test_rejection_needs_a_reason_and_can_be_resubmitted(db: None, staff: object, pending_company: Company) -> None:
    with pytest.raises(ValidationError):
        services.company_reject(company=pending_company, actor=staff, reason="  ")
    company = services.company_reject(company=pending_company, actor=staff, reason="Name does not match NTS")
    assert company.status == CompanyStatus.REJECTED

    owner = company.memberships.get().user
    company = services.company_resubmit(company=company, actor=owner)

    assert company.status == CompanyStatus.PENDING
    assert [event.action for event in AuditEvent.objects.order_by("id")] == ["company.rejected", "company.resubmitted"]


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_verifying_at_once_verify_exactly_once() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers by itself")
    reviewers = [UserFactory(roles=[Role.STAFF_REVIEWER]) for _ in range(2)]
    company = MembershipFactory(company=CompanyFactory(status=CompanyStatus.PENDING)).company

    def verify(reviewer: object) -> str:
        try:
            services.company_verify(company=company, actor=reviewer)
        except TransitionNotAllowed:
            return "refused"
        return "verified"

    outcomes, errors = at_once([lambda reviewer=reviewer: verify(reviewer) for reviewer in reviewers])

    assert errors == []
    assert sorted(outcomes) == ["refused", "verified"]
    assert AuditEvent.objects.filter(action="company.verified").count() == 1


def test_invitation_is_emailed_and_accepted(
    db: None, settings: object, django_capture_on_commit_callbacks: object
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner_membership = MembershipFactory()
    company = owner_membership.company
    invitee = UserFactory(email="colleague@example.org", preferred_language="ko")

    with django_capture_on_commit_callbacks(execute=True):
        _invitation, secret = services.company_invitation_create(
            company=company, actor=owner_membership.user, email="Colleague@Example.org", role=MemberRole.RECRUITER
        )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["colleague@example.org"]
    assert secret in mail.outbox[0].body
    membership = services.company_invitation_accept(secret=secret, user=invitee)
    assert membership.role == MemberRole.RECRUITER
    with pytest.raises(ValidationError):
        services.company_invitation_accept(secret=secret, user=invitee)


def test_unverified_companies_cannot_invite(db: None, pending_company: Company) -> None:
    owner = pending_company.memberships.get().user

    with pytest.raises(ValidationError):
        services.company_invitation_create(
            company=pending_company, actor=owner, email="a@example.org", role="recruiter"
        )

    assert not pending_company.invitations.exists()


def test_a_recruiter_cannot_invite_and_the_last_owner_cannot_leave(db: None) -> None:
    owner = MembershipFactory()
    recruiter = MembershipFactory(company=owner.company, role=MemberRole.RECRUITER)

    with pytest.raises(PermissionDenied):
        services.company_invitation_create(
            company=owner.company, actor=recruiter.user, email="a@example.org", role="recruiter"
        )
    with pytest.raises(ValidationError):
        services.company_membership_remove(membership=owner, actor=owner.user)

    services.company_membership_remove(membership=recruiter, actor=owner.user)
    assert list(owner.company.memberships.all()) == [owner]
