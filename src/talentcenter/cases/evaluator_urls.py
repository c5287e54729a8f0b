"""The external evaluators' portal, mounted at ``/<language>/evaluations/``."""

from django.urls import URLPattern, URLResolver, path

from talentcenter.cases import evaluator_views

app_name = "evaluations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", evaluator_views.assignment_list, name="list"),
    path("organisation/", evaluator_views.organisation_set, name="organisation"),
    path("<int:assignment_id>/", evaluator_views.assignment_detail, name="detail"),
    path("<int:assignment_id>/declare/", evaluator_views.assignment_declare, name="declare"),
    path("<int:assignment_id>/score/", evaluator_views.assignment_score, name="score"),
    path("<int:assignment_id>/documents/<int:document_id>/", evaluator_views.assignment_document, name="document"),
]
