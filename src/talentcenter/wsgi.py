"""WSGI entry point for gunicorn and `talentcenter serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
application = get_wsgi_application()
