"""WSGI entry point: `gunicorn wsgi:server`."""

from dashboard import create_app

app = create_app()
server = app.server
