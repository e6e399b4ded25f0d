"""Boundaries as cacheable GeoJSON: one document per level, and per gemeente for wijken and
buurten (at national scale the map loads only the selected gemeente's). The browser fetches each
once and filter changes only restyle the map."""

from __future__ import annotations

import hashlib

import orjson
from flask import Blueprint, Response, abort, request

from dashboard.cache import app_cache
from dashboard.data.models import CBS_LEVELS
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import geometry as geometry_queries
from dashboard.data.session import read_session

blueprint = Blueprint("geo", __name__)
PER_GEMEENTE_LEVELS = ("wijk", "buurt")
MAX_CODE_LENGTH = 16  # the width of the area code columns


@blueprint.route("/geo/<level>.geojson")
def boundaries(level: str) -> Response:
    if level not in CBS_LEVELS:
        abort(404)
    return _serve(level, None)


@blueprint.route("/geo/<level>/<gemeente>.geojson")
def gemeente_boundaries(level: str, gemeente: str) -> Response:
    """The wijken or buurten of one gemeente; 404 for a code that the indeling lacks."""
    if level not in PER_GEMEENTE_LEVELS or len(gemeente) > MAX_CODE_LENGTH:
        abort(404)
    return _serve(level, gemeente)


def _serve(level: str, gemeente: str | None) -> Response:
    jaar = request.args.get("jaar", type=int)
    with read_session() as session:
        indeling = area_queries.matching_indeling(session, jaar)
        if gemeente is not None and not area_queries.has_gemeente(session, gemeente, indeling):
            abort(404)  # checked before the cache, so unknown codes never fill it
        # The version is one cheap query; the document is built once per version and level.
        key = (
            f"geo:{level}:{gemeente or '*'}:{indeling}:{geometry_queries.geometry_version(session)}"
        )
        cache = app_cache()
        cached = cache.get(key)
        if cached is None:
            collection = geometry_queries.geometry_collection(session, level, indeling, gemeente)
            body = orjson.dumps(collection)
            cached = (body, hashlib.sha256(body).hexdigest()[:32])
            cache.set(key, cached)
    body, etag = cached
    if request.if_none_match.contains(etag):
        return Response(status=304, headers={"ETag": f'"{etag}"'})
    response = Response(body, mimetype="application/geo+json")
    response.set_etag(etag)
    # private: behind a login, so shared caches must not keep it.
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
