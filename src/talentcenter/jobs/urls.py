"""Pages of the jobs app; each views module lists its own patterns."""

from talentcenter.jobs.views import board, company, requests, talent

app_name = "jobs"
urlpatterns = [*board.urlpatterns, *company.urlpatterns, *talent.urlpatterns, *requests.urlpatterns]
