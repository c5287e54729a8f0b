"""Back-office pages for policy staff: parameter sets, variants, simulations, reference editions."""

from django.urls import URLPattern, URLResolver

app_name = "policy_backoffice"
urlpatterns: list[URLPattern | URLResolver] = []
