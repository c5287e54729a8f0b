"""What every API router builds on and that knows no app: the error contract (``errors``) and the
shared input building blocks (``schemas``).

Interface code only: the domain (models, services, selectors, policies, enums, tasks) never
imports it; import-linter keeps it so. Authentication needs accounts and lives there
(``accounts/api_auth.py``); the assembly of the routers is ``talentcenter/api/urls.py``.
"""
