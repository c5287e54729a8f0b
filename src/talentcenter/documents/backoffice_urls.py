"""Back-office pages for issued documents, mounted at ``/<language>/backoffice/documents/``."""

from django.urls import URLPattern, URLResolver, path

from talentcenter.documents import backoffice

app_name = "documents_backoffice"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", backoffice.document_list, name="list"),
    path("<str:serial>/", backoffice.document_detail, name="detail"),
    path("<str:serial>/pdf/", backoffice.document_pdf, name="pdf"),
    path("<str:serial>/revoke/", backoffice.document_revoke, name="revoke"),
    path("<str:serial>/revoke/confirm/", backoffice.revocation_confirm, name="revocation_confirm"),
    path("<str:serial>/revoke/withdraw/", backoffice.revocation_withdraw, name="revocation_withdraw"),
]
