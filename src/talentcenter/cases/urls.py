"""The applications portal of the parties, mounted at ``/<language>/applications/``."""

from django.urls import URLPattern, URLResolver, path

from talentcenter.cases import views

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="list"),
    path("start/", views.case_start, name="start"),
    path("start/talent/", views.case_start_as_talent, name="start_talent"),
    path("start/company/", views.case_start_for_company, name="start_company"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/eligibility/", views.case_check_eligibility, name="check_eligibility"),
    path("<int:pk>/offer/", views.case_offer_edit, name="offer_edit"),
    path("<int:pk>/offer/confirm/", views.case_confirm_offer, name="confirm_offer"),
    path("<int:pk>/consent/", views.case_consent, name="consent"),
    path("<int:pk>/accept/", views.case_accept, name="accept"),
    path("<int:pk>/decline/", views.case_decline, name="decline"),
    path("<int:pk>/documents/", views.case_upload, name="upload"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document_download"),
    path("<int:pk>/submit/", views.case_submit, name="submit"),
    path("<int:pk>/answer/", views.case_answer, name="answer"),
    path("<int:pk>/withdraw/", views.case_withdraw, name="withdraw"),
    path("<int:pk>/e7-application/", views.case_record_use, name="record_use"),
    path("<int:pk>/issued.pdf", views.issued_download, name="issued_download"),
]
