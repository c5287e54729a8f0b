"""URLs: pages under a language prefix (/ko/, /en/), the API without one; never ``/media/``."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import JavaScriptCatalog

from talentcenter.accounts.views import admin_login
from talentcenter.api.urls import api
from talentcenter.web import dev_mail

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Development only (DEBUG on; never in production or tests): the local mail catcher, web/dev_mail.py.
development: list[URLPattern | URLResolver] = [path("dev/mail/", include(dev_mail))] if dev_mail.enabled() else []

urlpatterns += i18n_patterns(
    *development,
    # The admin has no sign-in of its own: its login page sends to allauth's (second factor for staff).
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("talent/", include("talentcenter.talent.urls")),
    path("companies/", include("talentcenter.organizations.urls")),
    path("verify/", include("talentcenter.documents.urls")),
    path("applications/", include("talentcenter.cases.urls")),
    path("jobs/", include("talentcenter.jobs.urls")),
    path("events/", include("talentcenter.events.urls")),
    path("inquiries/", include("talentcenter.inquiries.urls")),
    path("concierge/", include("talentcenter.concierge.urls")),
    path("notifications/", include("talentcenter.web.notifications_views")),
    path("backoffice/cases/", include("talentcenter.cases.backoffice_urls")),
    path("evaluations/", include("talentcenter.cases.evaluator_urls")),
    path("backoffice/documents/", include("talentcenter.documents.backoffice_urls")),
    path("backoffice/policy/", include("talentcenter.policy.backoffice_urls")),
    path("backoffice/talent-requests/", include("talentcenter.jobs.backoffice_urls")),
    path("backoffice/events/", include("talentcenter.events.backoffice_urls")),
    path("backoffice/inquiries/", include("talentcenter.inquiries.backoffice_urls")),
    path("backoffice/guides/", include("talentcenter.guides.backoffice_urls")),
    path("backoffice/privacy/", include("talentcenter.privacy.backoffice_urls")),
    path("backoffice/concierge/", include("talentcenter.concierge.backoffice_urls")),
    path("backoffice/", include("talentcenter.web.backoffice_urls")),
    path("privacy/", include("talentcenter.privacy.urls")),
    path("", include("talentcenter.guides.urls")),
    path("", include("talentcenter.policy.urls")),
    path("", include("talentcenter.web.urls")),
    prefix_default_language=True,
)

# No route serves MEDIA_ROOT, in any mode (DEBUG included): issued documents and case files are
# personal data, handed out only by views that check who asks (``documents.files``).

handler404 = "talentcenter.web.views.not_found"
handler403 = "talentcenter.web.views.forbidden"
handler500 = "talentcenter.web.views.server_error"
