"""Public pages of the policy engine: the pathfinder (self-check) and the rules in force."""

from django.urls import URLPattern, URLResolver, path

from talentcenter.policy import views, views_pdf, views_rules

app_name = "policy"
urlpatterns: list[URLPattern | URLResolver] = [
    path("rules/", views_rules.rules_page, name="rules"),
    path("pathfinder/", views.pathfinder, name="pathfinder"),
    path("pathfinder/result.pdf", views_pdf.result_pdf, name="pathfinder_pdf"),
    path("pathfinder/save/", views.pathfinder_save, name="pathfinder_save"),
    path("pathfinder/saved/", views.pathfinder_saved, name="pathfinder_saved"),
    path("pathfinder/saved/<int:pk>/", views.pathfinder_saved_detail, name="pathfinder_saved_detail"),
]
