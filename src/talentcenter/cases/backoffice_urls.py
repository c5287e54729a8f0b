"""Back-office pages for cases, mounted at ``/<language>/backoffice/cases/``."""

from django.urls import URLPattern, URLResolver, path

from talentcenter.cases import backoffice

app_name = "cases_backoffice"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", backoffice.case_queue, name="queue"),
    path("assign/", backoffice.case_assign, name="assign"),
    path("evaluators/", backoffice.evaluator_list, name="evaluators"),
    path("evaluators/<int:user_id>/", backoffice.evaluator_organisation, name="evaluator_organisation"),
    path("<int:case_id>/", backoffice.case_detail, name="detail"),
    path("<int:case_id>/assign/", backoffice.case_assign_one, name="assign_one"),
    path("<int:case_id>/documents/<int:document_id>/", backoffice.case_document, name="document"),
    path("<int:case_id>/steps/<slug:name>/", backoffice.case_transition, name="transition"),
    path("<int:case_id>/records/<int:record_id>/", backoffice.record_validate, name="record_validate"),
    path("<int:case_id>/request/", backoffice.request_information, name="request"),
    path("<int:case_id>/evaluators/", backoffice.evaluator_assign, name="evaluator_assign"),
    path("<int:case_id>/decision/", backoffice.case_decide, name="decide"),
    path("<int:case_id>/reopen/", backoffice.case_reopen, name="reopen"),
    path("<int:case_id>/issue/", backoffice.case_issue, name="issue"),
    path("<int:case_id>/use/", backoffice.case_record_use, name="record_use"),
]
