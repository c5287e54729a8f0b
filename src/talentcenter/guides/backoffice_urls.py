"""The center's pages for guides and notices: /backoffice/guides/."""

from talentcenter.guides.views import backoffice

app_name = "guides_backoffice"
urlpatterns = backoffice.urlpatterns
