"""Back-office pages for policy staff: parameter sets, variants, simulations, reference editions."""

from django.urls import URLPattern, URLResolver, path

from talentcenter.policy import backoffice

app_name = "policy_backoffice"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", backoffice.index, name="index"),
    path("variants/new/", backoffice.variant_create, name="variant_create"),
    path("variants/<slug:slug>/", backoffice.variant_detail, name="variant_detail"),
    path("variants/<slug:slug>/edit/", backoffice.variant_edit, name="variant_edit"),
    path("variants/<slug:slug>/remove/", backoffice.variant_remove_value, name="variant_remove_value"),
    path("variants/<slug:slug>/publish/", backoffice.variant_publish, name="variant_publish"),
    path("assessments/", backoffice.assessment_statistics, name="assessment_statistics"),
    path("simulations/", backoffice.simulation_list, name="simulations"),
    path("simulations/new/", backoffice.simulation_start, name="simulation_start"),
    path("simulations/<int:pk>/", backoffice.simulation_detail, name="simulation_detail"),
    path("simulations/<int:pk>/progress/", backoffice.simulation_progress, name="simulation_progress"),
    path("simulations/<int:pk>/flips.csv", backoffice.simulation_flips_csv, name="simulation_flips_csv"),
    path("editions/", backoffice.edition_list, name="editions"),
    path("editions/import/", backoffice.edition_import, name="edition_import"),
]
