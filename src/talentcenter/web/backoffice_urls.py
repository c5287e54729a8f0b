from django.urls import path

from talentcenter.web import backoffice

app_name = "backoffice"
urlpatterns = [
    path("", backoffice.index, name="index"),
    path("talents/", backoffice.talents, name="talents"),
    path("talents/<int:pk>/", backoffice.talent_detail, name="talent_detail"),
    path("companies/", backoffice.companies, name="companies"),
    path("companies/<int:pk>/", backoffice.company_detail, name="company_detail"),
    path("companies/<int:pk>/verify/", backoffice.company_verify, name="company_verify"),
    path("companies/<int:pk>/reject/", backoffice.company_reject, name="company_reject"),
    path("verifications/", backoffice.verifications, name="verifications"),
    path("audit/", backoffice.audit, name="audit"),
]
