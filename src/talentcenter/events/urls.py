"""Pages of the events app under /events/: fixed paths first, then an event's slug."""

from talentcenter.events.views import company, public, talent, tickets

app_name = "events"
urlpatterns = [
    *public.urlpatterns,
    *talent.urlpatterns,
    *company.urlpatterns,
    *tickets.urlpatterns,
    *public.detail_patterns,
    *talent.detail_patterns,
    *company.detail_patterns,
]
