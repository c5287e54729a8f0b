from django.urls import path

from talentcenter.privacy import views

app_name = "privacy_backoffice"
urlpatterns = [
    path("people/<int:user_id>/", views.staff_access_log, name="access_log"),
]
