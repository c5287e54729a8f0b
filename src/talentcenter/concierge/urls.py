"""The person's concierge pages under /concierge/."""

from talentcenter.concierge.views import person

app_name = "concierge"
urlpatterns = person.urlpatterns
__all__ = ["app_name", "urlpatterns"]
