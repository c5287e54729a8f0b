"""The concierge desk's pages under /backoffice/concierge/."""

from talentcenter.concierge.views import backoffice

app_name = "concierge_backoffice"
urlpatterns = backoffice.urlpatterns
__all__ = ["app_name", "urlpatterns"]
