import pytest
from django.utils import translation

from talentcenter.notifications import services
from talentcenter.notifications.enums import MAX_SEND_ATTEMPTS, EmailStatus
from talentcenter.notifications.models import OutboundEmail
from tests.factories import CompanyFactory, MembershipFactory


@pytest.fixture
def immediate_tasks(settings: object) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}


def test_a_queued_email_is_sent_over_smtp_after_commit(
    db: None, smtp_settings: object, immediate_tasks: None, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = services.email_queue(
            to="maria@example.org", subject="환영합니다", body_text="본문", language="ko", template="welcome"
        )
        assert smtp_settings.messages == []  # nothing leaves before the commit

    assert len(callbacks) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1
    [message] = smtp_settings.messages
    assert message["To"] == "maria@example.org"
    assert "환영합니다" in str(message["Subject"]) or message["Subject"].startswith("=?utf-8?")


def test_delivery_is_idempotent(db: None, smtp_settings: object) -> None:
    email = OutboundEmail.objects.create(to="a@example.org", subject="s", body_text="b", language="en", template="t")

    services.email_deliver(email_id=email.pk)
    services.email_deliver(email_id=email.pk)

    assert len(smtp_settings.messages) == 1


def test_a_failing_server_is_retried_a_bounded_number_of_times(db: None, settings: object) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    email = OutboundEmail.objects.create(to="a@example.org", subject="s", body_text="b", language="en", template="t")

    for _ in range(MAX_SEND_ATTEMPTS + 2):
        services.email_deliver(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == MAX_SEND_ATTEMPTS
    assert email.last_error


def test_templates_render_in_the_recipients_language(db: None) -> None:
    owner = MembershipFactory(company=CompanyFactory(name_en="Hanbit Robotics", name_ko="한빛로보틱스"))

    with translation.override("en"):
        email = services.email_render_and_queue(
            template="company_verified",
            to=owner.user.email,
            language="ko",
            context={"company": owner.company, "user": owner.user, "site_url": "http://testserver"},
        )

    assert email.language == "ko"
    assert "한빛로보틱스" in email.subject
    assert "인증" in email.subject
    assert "http://testserver/ko/" in email.body_text
