"""The notification bell: how many of the signed-in person's notices are unread (one query)."""

from __future__ import annotations

from django import template

from talentcenter.web.notifications_views import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    return unread_count(context.get("user"))
