"""Public pages of the policy engine: the pathfinder (self-check) and the rules in force."""

from django.urls import URLPattern, URLResolver

app_name = "policy"
urlpatterns: list[URLPattern | URLResolver] = []
