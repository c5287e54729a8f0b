"""Talents' seats: the window, duplicates, screening, the fit check, capacity and the waiting list
(arrival order, offers with a deadline, confirmation, lapse), and the audit trail and notices."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from talentcenter.audit.models import AuditEvent
from talentcenter.events.enums import EventStatus, FitResult, RegistrationStatus
from talentcenter.events.fit import fit_reason
from talentcenter.events.models import TalentRegistration
from talentcenter.events.services.registrations import registration_cancel, registration_confirm, talent_register
from talentcenter.events.services.timed import offers_expire_due, reminders_send
from talentcenter.events.tests.support import event, staff_user, talents
from talentcenter.notifications.models import Notification, OutboundEmail
from talentcenter.reference.models import Industry
from tests.factories import ExperienceFactory, UserFactory

pytestmark = pytest.mark.django_db
C, W, OF, X, E = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.CANCELLED,
    RegistrationStatus.EXPIRED,
)


def statuses(fair) -> list[tuple[int, str]]:
    return list(TalentRegistration.objects.filter(event=fair).order_by("arrival").values_list("arrival", "status"))


def test_seats_confirm_until_full_then_the_waiting_list_takes_arrival_order():
    fair = event(talent_capacity=2)
    people = talents(4)

    registrations = [talent_register(actor=profile.user, event=fair) for profile in people]

    assert [r.status for r in registrations] == [C, C, W, W]
    assert [r.arrival for r in registrations] == [1, 2, 3, 4]
    assert AuditEvent.objects.filter(action="events.registration_created").count() == 4
    # each person is told, in the app and by e-mail
    assert Notification.objects.filter(kind="events.registered").count() == 4
    assert OutboundEmail.objects.filter(to=people[3].user.email).count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": EventStatus.DRAFT}, "does not take registrations"),
        ({"registration_opens_at_days": 2}, "Registration opens on"),
        ({"registration_closes_at_days": -1}, "has closed"),
    ],
)
def test_registration_needs_a_published_event_and_an_open_window(change, message):
    now = timezone.now()
    values = {}
    if "status" in change:
        values["status"] = change["status"]
    if "registration_opens_at_days" in change:
        values["registration_opens_at"] = now + datetime.timedelta(days=2)
    if "registration_closes_at_days" in change:
        values["registration_opens_at"] = now - datetime.timedelta(days=3)
        values["registration_closes_at"] = now - datetime.timedelta(days=1)
    fair = event(**values)
    [profile] = talents(1)

    with pytest.raises(ValidationError) as refused:
        talent_register(actor=profile.user, event=fair)

    assert refused.value.code == "conflict" and message in refused.value.messages[0]
    assert not TalentRegistration.objects.exists() and not AuditEvent.objects.exists()


def test_registering_twice_is_refused_and_people_without_a_profile_cannot_register():
    fair = event()
    [profile] = talents(1)
    talent_register(actor=profile.user, event=fair)

    with pytest.raises(ValidationError) as twice:
        talent_register(actor=profile.user, event=fair)
    with pytest.raises(PermissionDenied):
        talent_register(actor=UserFactory(), event=fair)

    assert twice.value.code == "conflict"
    assert TalentRegistration.objects.count() == 1


def test_screening_answers_are_required_where_asked_and_kept():
    fair = event(questions=(("Why this fair?", True), ("Anything else?", False)))
    required, optional = fair.screening_questions.order_by("position")
    [profile] = talents(1)

    with pytest.raises(ValidationError) as missing:
        talent_register(actor=profile.user, event=fair, screening_answers={str(optional.pk): "Hi"})
    with pytest.raises(ValidationError) as unknown:
        talent_register(actor=profile.user, event=fair, screening_answers={str(required.pk): "x", "999999": "y"})
    registration = talent_register(actor=profile.user, event=fair, screening_answers={str(required.pk): "  HBM  "})

    assert missing.value.message_dict == {"screening_answers": ["Answer the question “Why this fair?”."]}
    assert "999999" in unknown.value.message_dict["screening_answers"][0]
    assert registration.screening_answers == {str(required.pk): "HBM"}


def test_the_fit_check_records_a_result_and_its_reason_and_never_refuses():
    semiconductor = Industry.objects.get(scheme="ktech_pass", code="semiconductor")
    bio = Industry.objects.get(scheme="ktech_pass", code="bio")
    fair = event(talent_capacity=10)
    fair.target_industries.set([semiconductor])
    by_wish, by_work, outside, unknown = talents(4)
    by_wish.desired_industries.set([semiconductor])
    ExperienceFactory(profile=by_work, field="Semiconductor process integration")
    outside.desired_industries.set([bio])

    results = {
        name: talent_register(actor=profile.user, event=fair)
        for name, profile in (("wish", by_wish), ("work", by_work), ("outside", outside), ("unknown", unknown))
    }

    assert {name: r.fit for name, r in results.items()} == {
        "wish": FitResult.FIT,
        "work": FitResult.FIT,
        "outside": FitResult.NO_FIT,
        "unknown": FitResult.UNKNOWN,
    }
    assert results["wish"].fit_details == {"matched": ["semiconductor"], "via": "desired_industries"}
    assert results["work"].fit_details["via"] == "experience"
    assert all(r.status == C for r in results.values())
    assert fit_reason(
        results["wish"].fit, results["wish"].fit_details, industries={"semiconductor": "Semiconductor"}
    ) == ("Desired industries include Semiconductor.")


def test_a_cancellation_offers_the_seat_to_the_first_waiting_with_a_deadline():
    fair = event(talent_capacity=1, offer_hours=48)
    first, second, third = (talent_register(actor=p.user, event=fair) for p in talents(3))
    now = timezone.now()

    registration_cancel(actor=first.profile.user, registration=first, now=now)

    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, second.offer_expires_at) == (OF, now + datetime.timedelta(hours=48))
    assert third.status == W
    assert Notification.objects.filter(kind="events.place_offered", recipient=second.profile.user).count() == 1
    assert AuditEvent.objects.filter(action="events.registration_offered", subject_id=str(second.pk)).count() == 1


def test_the_confirm_by_deadline_is_a_parameter_and_never_after_the_start():
    soon = timezone.now() + datetime.timedelta(hours=10)
    fair = event(talent_capacity=1, starts_at=soon, ends_at=soon + datetime.timedelta(hours=2))
    first, second = (talent_register(actor=p.user, event=fair) for p in talents(2))
    other = event(talent_capacity=1)
    third, fourth = (talent_register(actor=p.user, event=other) for p in talents(2))
    now = timezone.now()

    registration_cancel(actor=first.profile.user, registration=first, now=now)
    registration_cancel(actor=third.profile.user, registration=third, now=now, hours=6)

    second.refresh_from_db()
    fourth.refresh_from_db()
    assert second.offer_expires_at == soon
    assert fourth.offer_expires_at == now + datetime.timedelta(hours=6)


def test_an_offer_is_confirmed_in_time_and_refused_after_its_deadline():
    fair = event(talent_capacity=1)
    first, second, third = (talent_register(actor=p.user, event=fair) for p in talents(3))
    now = timezone.now()
    registration_cancel(actor=first.profile.user, registration=first, now=now)
    second.refresh_from_db()

    with pytest.raises(PermissionDenied):
        registration_confirm(actor=third.profile.user, registration=second)
    with pytest.raises(ValidationError) as late:
        registration_confirm(actor=second.profile.user, registration=second, now=now + datetime.timedelta(hours=49))
    confirmed = registration_confirm(
        actor=second.profile.user, registration=second, now=now + datetime.timedelta(hours=1)
    )

    assert late.value.code == "conflict"
    assert (confirmed.status, confirmed.offer_expires_at) == (C, None)
    assert statuses(fair) == [(1, X), (2, C), (3, W)]


def test_overdue_offers_lapse_and_the_next_person_is_offered_once():
    fair = event(talent_capacity=1)
    first, _second, _third = (talent_register(actor=p.user, event=fair) for p in talents(3))
    now = timezone.now()
    registration_cancel(actor=first.profile.user, registration=first, now=now)

    assert offers_expire_due(now=now + datetime.timedelta(hours=47)) == 0
    assert offers_expire_due(now=now + datetime.timedelta(hours=48)) == 1
    assert offers_expire_due(now=now + datetime.timedelta(hours=48)) == 0

    assert statuses(fair) == [(1, X), (2, E), (3, OF)]
    assert Notification.objects.filter(kind="events.offer_expired").count() == 1


def test_registering_again_after_cancelling_goes_to_the_back_of_the_queue():
    fair = event(talent_capacity=1)
    first, second = (talent_register(actor=p.user, event=fair) for p in talents(2))
    registration_cancel(actor=first.profile.user, registration=first)
    registration_confirm(actor=second.profile.user, registration=second.pk)

    again = talent_register(actor=first.profile.user, event=fair)

    assert (again.pk, again.arrival, again.status) == (first.pk, 3, W)


def test_staff_may_cancel_anyone_and_others_may_not():
    fair = event(talent_capacity=1)
    [registration] = [talent_register(actor=p.user, event=fair) for p in talents(1)]
    [stranger] = talents(1)

    with pytest.raises(PermissionDenied):
        registration_cancel(actor=stranger.user, registration=registration)
    cancelled = registration_cancel(actor=staff_user(), registration=registration)

    assert cancelled.status == X
    assert AuditEvent.objects.get(action="events.registration_cancelled").changes["by_staff"] is True


def test_reminders_go_once_to_confirmed_people_in_their_language():
    soon = timezone.now() + datetime.timedelta(hours=20)
    fair = event(talent_capacity=1, starts_at=soon, ends_at=soon + datetime.timedelta(hours=4))
    korean, waiting = talents(2)
    korean.user.preferred_language = "ko"
    korean.user.save()
    for profile in (korean, waiting):
        talent_register(actor=profile.user, event=fair)

    assert reminders_send() == 1
    assert reminders_send() == 0

    email = OutboundEmail.objects.filter(to=korean.user.email).latest("pk")
    assert email.language == "ko"
    assert Notification.objects.filter(kind="events.reminder").count() == 1


def test_the_periodic_command_lets_overdue_offers_lapse():
    fair = event(talent_capacity=1, offer_hours=1)
    first, second = (talent_register(actor=p.user, event=fair) for p in talents(2))
    registration_cancel(actor=first.profile.user, registration=first, now=timezone.now() - datetime.timedelta(hours=2))
    output = io.StringIO()

    call_command("periodic", stdout=output)

    second.refresh_from_db()
    assert second.status == E
    assert "let 1 event offers lapse" in output.getvalue()
