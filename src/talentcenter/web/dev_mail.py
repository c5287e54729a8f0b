"""The local mail catcher, for development only: ``/<language>/dev/mail/``.

Every e-mail the service sends is first rendered and stored in the outbox
(``notifications.OutboundEmail``), then handed by the worker to ``EMAIL_BACKEND`` — in development
the console backend, which prints it into ``var/log/worker.log``. This page reads the outbox, so a
newcomer sees each message (newest first) and can click the link in it, e.g. the address
confirmation after signing up, without a mail server.

It exists only in development (``TALENTCENTER_ENV=development``) with ``DEBUG`` on: ``urls.py``
routes it only then (:func:`enabled`), and each view answers 404 otherwise, should it ever be
routed in another mode.
There is no sign-in, as in any local mail catcher: the outbox of a development machine is test mail.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from talentcenter.notifications.selectors import emails_newest_first


def enabled() -> bool:
    """Whether the mail catcher exists: in development with ``DEBUG`` on; never in production or tests."""
    return settings.ENVIRONMENT == "development" and bool(settings.DEBUG)


def _refuse_unless_enabled() -> None:
    if not enabled():
        raise Http404


@require_GET
def mail_list(request: HttpRequest) -> HttpResponse:
    """The outbox, newest first: recipient, subject, time and whether the worker sent it yet."""
    _refuse_unless_enabled()
    page = Paginator(emails_newest_first(), settings.TALENTCENTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/dev/mail_list.html", {"page": page, "emails": page.object_list})


@require_GET
def mail_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One message with its text, every address in it a link."""
    _refuse_unless_enabled()
    email = get_object_or_404(emails_newest_first(), pk=pk)
    return render(request, "web/dev/mail_detail.html", {"email": email})


app_name = "dev_mail"
urlpatterns: list[URLPattern] = [
    path("", mail_list, name="list"),
    path("<int:pk>/", mail_detail, name="detail"),
]
