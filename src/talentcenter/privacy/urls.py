from django.urls import path

from talentcenter.privacy import views

app_name = "privacy"
urlpatterns = [
    path("policy/", views.privacy_policy, name="policy"),
    path("terms/", views.terms, name="terms"),
    path("copyright/", views.copyright_policy, name="copyright"),
    path("mine/", views.mine, name="mine"),
    path("mine/consents/", views.consent_change, name="consent_change"),
    path("mine/export/", views.export, name="export"),
    path("mine/delete/", views.delete, name="delete"),
]
