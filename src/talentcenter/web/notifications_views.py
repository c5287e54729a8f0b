"""The in-app notifications inbox, mounted at ``/<language>/notifications/``.

Notices are written in both languages when they are created; the inbox shows them in the language
the page is read in. Links are stored without the language prefix and completed here.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor, is_signed_in
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.i18n import current_language
from talentcenter.notifications.models import Notification
from talentcenter.notifications.services import notification_mark_read


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user: Visitor) -> int:
    """The number on the bell: one query, nothing for visitors."""
    if not is_signed_in(user):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def localized_link(link: str, language: str) -> str:
    """``/applications/12/`` → ``/en/applications/12/``; only paths inside the site are linked."""
    if not link.startswith("/") or link.startswith("//"):
        return ""
    return f"/{language}{link}"


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    language = current_language()
    page = Paginator(notifications_of(signed_in_user(request)), settings.TALENTCENTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = [
        {
            "notification": notification,
            "title": notification.title(language),
            "body": notification.body(language),
            "link": localized_link(notification.link, language),
            "unread": notification.read_at is None,
        }
        for notification in page.object_list
    ]
    return render(request, "web/notifications.html", {"page": page, "items": items})


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of my notices as read (someone else's is silently not found)."""
    notification_mark_read(recipient=request.user, notification_ids=[pk])
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    changed = notification_mark_read(recipient=request.user)
    if changed:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")


app_name = "notifications"
urlpatterns: list[URLPattern] = [
    path("", inbox, name="inbox"),
    path("<int:pk>/read/", mark_read, name="mark_read"),
    path("read/", mark_all_read, name="mark_all_read"),
]
