"""The center's pages for events: /backoffice/events/ (and each event's interview grid and check-in)."""

from talentcenter.events.views import backoffice, checkin, grid, outcomes

app_name = "events_backoffice"
urlpatterns = [*backoffice.urlpatterns, *grid.urlpatterns, *outcomes.staff_urlpatterns, *checkin.urlpatterns]
__all__ = ["app_name", "urlpatterns"]
