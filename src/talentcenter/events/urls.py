"""Pages of the events app under /events/: fixed paths first, then an event's slug."""

from talentcenter.events.views import company, interests, outcomes, public, talent, tickets

app_name = "events"
urlpatterns = [
    *public.urlpatterns,
    *talent.urlpatterns,
    *outcomes.talent_urlpatterns,
    *company.urlpatterns,
    *interests.urlpatterns,
    *tickets.urlpatterns,
    *public.detail_patterns,
    *talent.detail_patterns,
    *company.detail_patterns,
]
