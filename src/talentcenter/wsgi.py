"""WSGI entry point for gunicorn and `talentcenter serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
application = get_wsgi_application()

SERVER_NAME = "talentcenter"


def hide_server_banner() -> None:
    """Gunicorn names itself in the ``Server`` header and the WSGI ``SERVER_SOFTWARE``: say neither
    the server nor its version (its module globals are read on each response)."""
    try:
        from gunicorn.http import wsgi as gunicorn_wsgi
    except ImportError:  # another server
        return
    gunicorn_wsgi.SERVER = SERVER_NAME
    gunicorn_wsgi.SERVER_SOFTWARE = SERVER_NAME


hide_server_banner()
