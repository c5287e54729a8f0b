"""Public pages of guides, notices and the search (``views/public.py``)."""

from talentcenter.guides.views import public

app_name = "guides"
urlpatterns = public.urlpatterns
