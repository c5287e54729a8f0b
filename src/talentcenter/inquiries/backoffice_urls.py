"""The center's petition pages under /backoffice/inquiries/."""

from talentcenter.inquiries.backoffice import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
