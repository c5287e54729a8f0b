"""django-allauth adapter: mail goes through our queue, in the recipient's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from talentcenter.accounts.client_ip import client_ip
from talentcenter.accounts.models import User
from talentcenter.audit import events
from talentcenter.foundation.i18n import current_language, language_of
from talentcenter.notifications.services import email_queue


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's e-mails call ``current_site``: our name, in the active language, and address."""

    name: str
    domain: str
    url: str

    @classmethod
    def current(cls) -> SiteIdentity:
        return cls(
            name=str(_("Global Talent Center")),
            domain=urlsplit(settings.SITE_URL).netloc,
            url=settings.SITE_URL,
        )


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """The address allauth's rate limits count by: the same as the API's (trusted proxies only)."""
        return client_ip(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        preferred = getattr(user, "preferred_language", None)
        language = language_of(preferred) if preferred else current_language()
        with translation.override(language):
            context = {**context, "current_site": SiteIdentity.current()}
            subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
            subject = " ".join(self.format_email_subject(subject).split())
            body_text = render_to_string(f"{template_prefix}_message.txt", context)
        with transaction.atomic():
            email_queue(to=email, subject=subject, body_text=body_text, language=language, template=template_prefix)

    @transaction.atomic
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        user.preferred_language = current_language()
        saved = super().save_user(request, user, form, commit=commit)
        if commit:
            events.record(actor=saved, action="account.signed_up", subject=saved)
        return saved
