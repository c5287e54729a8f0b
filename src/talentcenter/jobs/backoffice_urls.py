"""The center's pages for talent requests: /backoffice/talent-requests/."""

from talentcenter.jobs.views.backoffice import urlpatterns

app_name = "jobs_backoffice"
__all__ = ["app_name", "urlpatterns"]
