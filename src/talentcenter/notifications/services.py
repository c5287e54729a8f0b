"""Telling people: in-app notices in both languages, and e-mail rendered now in the recipient's
language and sent after the transaction commits."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from talentcenter.foundation.i18n import LANGUAGES, language_of
from talentcenter.foundation.korean import fix_particles
from talentcenter.notifications.enums import MAX_SEND_ATTEMPTS, EmailStatus
from talentcenter.notifications.models import Notification, OutboundEmail


@dataclass(frozen=True)
class TextAttachment:
    """A text file sent with a message, e.g. a calendar file: ``text/calendar`` with
    ``params={"method": "PUBLISH"}``."""

    filename: str
    content_type: str
    text: str
    params: Mapping[str, str] = field(default_factory=dict)

    def stored(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "params": dict(self.params),
            "text": self.text,
        }


def email_queue(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str,
    template: str,
    attachments: Iterable[TextAttachment] = (),
) -> OutboundEmail:
    """Store a rendered message and enqueue its delivery once the caller's transaction commits."""
    from talentcenter.notifications.tasks import send_email

    email = OutboundEmail.objects.create(
        to=to,
        subject=subject.strip()[:300],
        body_text=body_text,
        body_html=body_html,
        language=language,
        template=template,
        attachments=[attachment.stored() for attachment in attachments],
    )
    transaction.on_commit(lambda: send_email.enqueue(email_id=email.pk))
    return email


def email_render_and_queue(
    *,
    template: str,
    to: str,
    language: str,
    context: Mapping[str, Any],
    attachments: Iterable[TextAttachment] = (),
) -> OutboundEmail:
    """Render ``notifications/email/<template>_{subject,message}`` in ``language`` and queue it; in
    Korean with the particles chosen for the words before them (:func:`fix_particles`)."""
    polish = fix_particles if language_of(language) == "ko" else str
    with translation.override(language):
        subject = polish(render_to_string(f"notifications/email/{template}_subject.txt", dict(context)))
        body_text = polish(render_to_string(f"notifications/email/{template}_message.txt", dict(context)))
        body_html = polish(render_to_string(f"notifications/email/{template}_message.html", dict(context)))
    return email_queue(
        to=to,
        subject=" ".join(subject.split()),
        body_text=body_text,
        body_html=body_html,
        language=language,
        template=template,
        attachments=attachments,
    )


def notify(
    *,
    recipient: Any,
    kind: str,
    title: Callable[[], str],
    body: Callable[[], str],
    link: str,
    email: bool = True,
) -> Notification:
    """Tell one person something in the app and, unless ``email`` is false, by e-mail in their
    language. ``title`` and ``body`` are called once per language (under ``translation.override``)
    so every notice exists in Korean and English (the Korean with its particles chosen); ``link`` is
    a path below the language prefix (``/cases/12/``), completed with the site address and the
    recipient's language for e-mail."""
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            title_text, body_text = " ".join(str(title()).split()), str(body()).strip()
            if language == "ko":
                title_text, body_text = fix_particles(title_text), fix_particles(body_text)
            texts[language] = (title_text[:300], body_text)
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        title_en=texts["en"][0],
        title_ko=texts["ko"][0],
        body_en=texts["en"][1],
        body_ko=texts["ko"][1],
        link=link,
    )
    if email and recipient.email:
        language = language_of(recipient.preferred_language)
        email_render_and_queue(
            template="notice",
            to=recipient.email,
            language=language,
            context={
                "user": recipient,
                "title": texts[language][0],
                "body": texts[language][1],
                "url": f"{settings.SITE_URL}/{language}{link}" if link else "",
            },
        )
    return notification


def notice_path(viewname: str, **kwargs: Any) -> str:
    """The path of a page below the language prefix (``/applications/12/``), as notices keep their
    links: the inbox and each e-mail put the reader's own language in front of it."""
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse(viewname, kwargs=kwargs)
    prefix = f"/{language}/"
    return path[len(prefix) - 1 :] if path.startswith(prefix) else path


def notify_users(
    recipients: Iterable[Any],
    *,
    kind: str,
    title: Callable[[], str],
    body: Callable[[], str],
    link: str,
    skip: Any = None,
) -> list[Notification]:
    """:func:`notify` each of ``recipients`` once. Nobody is told twice, and ``None`` (a reviewer or
    curator not yet assigned), a deactivated account and ``skip`` (the person who acted, who knows)
    are left out, so the callers can simply list everybody concerned."""
    told: set[int] = set()
    notifications = []
    for user in recipients:
        if user is None or user.pk in told or not user.is_active or (skip is not None and user.pk == skip.pk):
            continue
        told.add(user.pk)
        notifications.append(notify(recipient=user, kind=kind, title=title, body=body, link=link))
    return notifications


def notification_mark_read(*, recipient: Any, notification_ids: list[int] | None = None) -> int:
    """Mark some (or, with ``None``, all) of a person's notices as read; returns how many changed."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def _mime_part(stored: Mapping[str, Any]) -> MIMEText:
    """A stored text attachment as its MIME part: ``text/calendar; method=PUBLISH; charset=utf-8``."""
    main, sub = str(stored["content_type"]).split("/", 1)
    if main != "text":
        raise ValueError(f"only text attachments are stored, not {stored['content_type']}")
    part = MIMEText(str(stored["text"]), sub, "utf-8")
    for name, value in dict(stored.get("params") or {}).items():
        part.set_param(name, value)
    part.add_header("Content-Disposition", "attachment", filename=str(stored["filename"]))
    return part


def email_deliver(*, email_id: int) -> OutboundEmail:
    """Send one queued message. Idempotent: a message already sent is not sent again.

    The row is locked while sending so that two workers cannot both deliver it.
    """
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        if email.status != EmailStatus.QUEUED:
            return email
        email.attempts += 1
        message = EmailMultiAlternatives(subject=email.subject, body=email.body_text, to=[email.to])
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        for attachment in email.attachments:
            message.attach(_mime_part(attachment))
        try:
            message.send()
        except Exception as error:
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= MAX_SEND_ATTEMPTS:
                email.status = EmailStatus.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
            if email.status == EmailStatus.QUEUED:
                from talentcenter.notifications.tasks import send_email

                retry_at = timezone.now() + timedelta(minutes=2**email.attempts)
                transaction.on_commit(lambda: send_email.using(run_after=retry_at).enqueue(email_id=email.pk))
            return email
        email.status = EmailStatus.SENT
        email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return email
