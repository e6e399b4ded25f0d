"""WSGI entry point: `gunicorn wsgi:server`."""

from dashboard import create_app
from dashboard.heap import freeze_startup_objects

app = create_app()
server = app.server
freeze_startup_objects()  # the app lives as long as the process: keep it out of GC passes
