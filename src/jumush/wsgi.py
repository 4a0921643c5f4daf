"""WSGI entry point: `jumush.wsgi:application`, served by gunicorn through `jumush serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jumush.settings")
application = get_wsgi_application()
