"""The center's pages for events: /backoffice/events/."""

from talentcenter.events.views.backoffice import urlpatterns

app_name = "events_backoffice"
__all__ = ["app_name", "urlpatterns"]
