"""Public verification pages, mounted at ``/<language>/verify/``."""

from django.urls import URLPattern, URLResolver, path

from talentcenter.documents import views

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.verify_start, name="verify"),
    path("<str:serial>/", views.verify_result, name="result"),
]
