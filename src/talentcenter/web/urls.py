from django.urls import path

from talentcenter.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
