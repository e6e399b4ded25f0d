"""Error responses: a plain Dutch page, or JSON for what scripts call, and never a traceback.

A request that finds the database unreachable gets 503 with a clear message; nothing is kept
from the failure, so the next request after the database is back simply works (new
connections; on PostgreSQL the pool also pings a connection before handing it out).
"""

from __future__ import annotations

import logging
import sqlite3

from dash.exceptions import DependencyException
from flask import Flask, current_app, jsonify, render_template, request
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import Forbidden, InternalServerError, NotFound, RequestEntityTooLarge

log = logging.getLogger(__name__)

# Called by scripts (Dash's renderer, the map, monitoring): JSON; a browser tab gets a page.
JSON_PREFIXES = ("/_dash-", "/geo/", "/health")
# The database did not answer: connection refused, lost or not allowed, pool exhausted, SQLite
# file unreachable or locked. A fault in a query itself (ProgrammingError, ...) stays a 500.
UNREACHABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)
RETRY_AFTER_S = 60

DATABASE_DOWN = "De database is niet bereikbaar; probeer het over een paar minuten opnieuw."
INTERNAL = (
    "Er ging iets mis bij het verwerken van uw verzoek. De fout is vastgelegd; probeer het "
    "opnieuw of neem contact op met de projectleider als het blijft gebeuren."
)
# A download, report or data request refused for lack of a role or a theme grant (a page of the
# page table has its own text, from dashboard.pages.refusal).
FORBIDDEN = (
    "U heeft geen toegang tot deze gegevens of dit bestand: ze zijn alleen voor de rollen of "
    "thema's die ervoor zijn aangewezen. Heeft u ze voor uw werk nodig, vraag het de projectleider."
)
NOT_FOUND = "Deze pagina bestaat niet (meer). Controleer het adres of ga naar het algemeen beeld."
TOO_LARGE = (
    "Het verzoek is te groot (meer dan {limit} kB) en is niet verwerkt. Maak de tekst of de "
    "selectie kleiner, of neem contact op met de projectleider."
)


def _respond(status: int, error: str, title: str, message: str, headers: dict | None = None):
    headers = headers or {}
    if request.path.startswith(JSON_PREFIXES):
        return jsonify(error=error), status, headers
    try:
        body = render_template("error.html", title=title, message=message, status=status)
    except Exception:  # the error page itself must never fail
        log.exception("error page could not be rendered")
        body = f"<!doctype html><html lang='nl'><title>{title}</title><p>{message}</p></html>"
    return body, status, {"Content-Type": "text/html; charset=utf-8", **headers}


def internal_error(_error: InternalServerError):
    # Flask has already logged the exception with its traceback (app.logger); the user sees
    # only that something failed.
    return _respond(500, "interne fout", "Interne fout", INTERNAL)


def forbidden(_error: Forbidden):
    return _respond(403, "geen toegang", "Geen toegang", FORBIDDEN)


def not_found(_error: NotFound):
    return _respond(404, "niet gevonden", "Niet gevonden", NOT_FOUND)


def too_large(_error: RequestEntityTooLarge):
    """A body over MAX_CONTENT_LENGTH (VEILIGHEID_MAX_REQUEST_KB): refused before it is read."""
    limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // 1024
    log.warning("request body over %s kB refused on %s %s", limit, request.method, request.path)
    message = TOO_LARGE.format(limit=limit)
    return _respond(413, "verzoek te groot", "Verzoek te groot", message)


def _unreachable(error: Exception) -> bool:
    """SQLite reports a fault in the query or the schema ("no such column") as an
    OperationalError too: its generic SQLITE_ERROR code is a bug, not an outage (cannot open,
    busy, locked, I/O error are)."""
    code = getattr(getattr(error, "orig", None), "sqlite_errorcode", None)
    return code is None or code & 0xFF != sqlite3.SQLITE_ERROR


def database_unreachable(error: Exception):
    if not _unreachable(error):
        raise error  # a bug: Flask logs it and answers with the 500 page
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    log.warning(
        "database unreachable on %s %s: %s",
        request.method,
        request.path,
        reason[0] if reason else error.__class__.__name__,
    )
    return _respond(
        503,
        "database niet bereikbaar",
        "Database niet bereikbaar",
        DATABASE_DOWN,
        {"Retry-After": str(RETRY_AFTER_S)},
    )


def unknown_bundle(error: DependencyException):
    """Dash raises this for a component-suite path it does not know, with the list of every
    registered path in the message: a plain 404 there, a 500 anywhere else."""
    if request.path.startswith("/_dash-component-suites/"):
        return not_found(NotFound())
    raise error


def init_errors(server: Flask) -> None:
    # FLASK_DEBUG in the environment must not bring the debugger or tracebacks to production;
    # a developer who wants them passes debug=True to app.run explicitly.
    server.debug = False
    server.register_error_handler(InternalServerError, internal_error)
    server.register_error_handler(Forbidden, forbidden)
    server.register_error_handler(NotFound, not_found)
    server.register_error_handler(RequestEntityTooLarge, too_large)
    server.register_error_handler(DependencyException, unknown_bundle)
    for error in UNREACHABLE:
        server.register_error_handler(error, database_unreachable)
