"""Boundaries as cacheable GeoJSON, one document per level: the browser fetches each once and
filter changes only restyle the map."""

from __future__ import annotations

import hashlib

import orjson
from flask import Blueprint, Response, abort, request

from dashboard.cache import app_cache
from dashboard.data import queries
from dashboard.data.session import read_session

blueprint = Blueprint("geo", __name__)
LEVELS = ("gemeente", "wijk", "buurt")


@blueprint.route("/geo/<level>.geojson")
def boundaries(level: str) -> Response:
    if level not in LEVELS:
        abort(404)
    jaar = request.args.get("jaar", type=int)
    with read_session() as session:
        indeling = queries.matching_indeling(session, jaar)
        # The version is one cheap query; the document is built once per version and level.
        key = f"geo:{level}:{indeling}:{queries.geometry_version(session)}"
        cache = app_cache()
        cached = cache.get(key)
        if cached is None:
            body = orjson.dumps(queries.geometry_collection(session, level, indeling))
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
