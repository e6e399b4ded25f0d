"""The application cache (flask-caching): in-process by default, Redis when configured, so that
several gunicorn workers share one cache."""

from __future__ import annotations

from flask import Flask, current_app
from flask_caching import Cache

from dashboard.config import Config

EXTENSION_KEY = "veiligheid_cache"


def init_cache(server: Flask, config: Config) -> Cache:
    settings = {"CACHE_TYPE": config.cache_type, "CACHE_DEFAULT_TIMEOUT": config.cache_timeout_s}
    if config.cache_redis_url:
        settings["CACHE_REDIS_URL"] = config.cache_redis_url
        settings["CACHE_KEY_PREFIX"] = "veiligheid:"
    cache = Cache(server, config=settings)
    server.extensions[EXTENSION_KEY] = cache
    return cache


def app_cache() -> Cache:
    return current_app.extensions[EXTENSION_KEY]
