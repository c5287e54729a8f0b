"""Public petition pages under /inquiries/."""

from talentcenter.inquiries.views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
