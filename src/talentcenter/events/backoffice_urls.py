"""The center's pages for events: /backoffice/events/ (and each event's interview grid)."""

from talentcenter.events.views import backoffice, grid

app_name = "events_backoffice"
urlpatterns = [*backoffice.urlpatterns, *grid.urlpatterns]
__all__ = ["app_name", "urlpatterns"]
