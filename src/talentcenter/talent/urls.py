from django.urls import path

from talentcenter.talent import views

app_name = "talent"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/<slug:step>/", views.step, name="step"),
    path("education/<int:pk>/edit/", views.entry_edit, {"kind": "education"}, name="education_edit"),
    path("education/<int:pk>/remove/", views.entry_remove, {"kind": "education"}, name="education_remove"),
    path("experience/<int:pk>/edit/", views.entry_edit, {"kind": "experience"}, name="experience_edit"),
    path("experience/<int:pk>/remove/", views.entry_remove, {"kind": "experience"}, name="experience_remove"),
    path("skills/<int:pk>/edit/", views.entry_edit, {"kind": "skill"}, name="skill_edit"),
    path("skills/<int:pk>/remove/", views.entry_remove, {"kind": "skill"}, name="skill_remove"),
    path("languages/<int:pk>/edit/", views.entry_edit, {"kind": "language"}, name="language_edit"),
    path("languages/<int:pk>/remove/", views.entry_remove, {"kind": "language"}, name="language_remove"),
]
