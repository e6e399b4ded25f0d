"""Several gunicorn workers behave like one (issue 8): a session signed by one worker is valid
on the other, page views recorded by either land once each in the database, the GeoJSON cache
is the shared Redis cache, and a logout ends the session on every worker.

The app runs as in production: `gunicorn --workers 2 wsgi:server`, a fixed secret key, a SQLite
demo database and Redis (a database number of its own, emptied of our keys afterwards)."""

from __future__ import annotations

import importlib.util
import re

import pytest
import requests
from sqlalchemy import func, select

from dashboard.data.db import make_engine
from dashboard.data.models import UsageEvent
from dashboard.layouts.components.frame import PAGE, URL
from tests import gunicorn_run
from tests.conftest import PASSWORDS, demo_snapshot, skip_or_fail

REDIS = ("127.0.0.1", 6379)
# Our own Redis database: claimed with a lock key while it holds nothing else.
LOCK_KEY = "veiligheid-test:workers"
APP_PREFIX = "veiligheid:"  # dashboard/cache.py
USER = "gebruiker"


def _claim_redis_db(token: str):
    """The first Redis database (15 down to 1) that is empty and not used by another run."""
    import redis

    try:
        redis.Redis(*REDIS, socket_timeout=2).ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis not reachable at {REDIS[0]}:{REDIS[1]}: {exc.__class__.__name__}")
    for number in range(15, 0, -1):
        client = redis.Redis(*REDIS, db=number, socket_timeout=5)
        if client.set(LOCK_KEY, token, nx=True, ex=300):
            if client.dbsize() == 1:
                return number, client
            client.delete(LOCK_KEY)
    skip_or_fail("no free Redis database (1-15) for the worker test")


def _release_redis_db(client, token: str) -> None:
    keys = list(client.scan_iter(match=f"{APP_PREFIX}*", count=500))
    if keys:
        client.delete(*keys)
    if client.get(LOCK_KEY) == token.encode():
        client.delete(LOCK_KEY)
    client.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(gunicorn, redis client of our database, redis db number, engine on the database)."""
    if importlib.util.find_spec("gunicorn") is None:
        skip_or_fail("gunicorn is not installed (pip install gunicorn)")
    token = gunicorn_run.unique_token()
    number, cache_db = _claim_redis_db(token)
    try:
        directory = tmp_path_factory.mktemp("workers")
        database = demo_snapshot(directory, seed=3, scale=0.05, years=1)
        url = database.url
        environ = {
            "VEILIGHEID_MODE": "production",
            "VEILIGHEID_SECRET_KEY": "worker-test-secret-" + "x" * 32,
            "VEILIGHEID_DATABASE_URL": url,
            "VEILIGHEID_REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{number}",
            "VEILIGHEID_INSTANCE_DIR": str(directory),
            "VEILIGHEID_CACHE_TIMEOUT": "300",  # anything left behind expires soon
        }
        server = gunicorn_run.start(directory, environ, workers=2)
        engine = make_engine(url)
        try:
            yield server, cache_db, number, engine
        finally:
            server.stop()
            engine.dispose()
    finally:
        _release_redis_db(cache_db, token)


def logged_in(server) -> requests.Session:
    """A cookie-keeping client logged in through the real form (CSRF token included)."""
    client = requests.Session()
    page, _ = server.request(client, "GET", "/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    form = {"username": USER, "password": PASSWORDS[USER], "csrf_token": token}
    response, _ = server.request(client, "POST", "/login", data=form)
    assert response.status_code == 302, response.text[:500]
    assert response.headers["Location"] == "/"
    return client


def count_events(engine, soort: str) -> int:
    with engine.connect() as connection:
        query = select(func.count()).where(UsageEvent.username == USER, UsageEvent.soort == soort)
        return connection.execute(query.select_from(UsageEvent)).scalar_one()


def both_workers(server, results) -> set[int]:
    pids = {pid for _, pid in results}
    assert len(pids) == 2, f"one worker answered everything: {pids}"
    assert pids <= server.booted_workers(), (pids, server.booted_workers())
    return pids


def router_body(dependencies: list[dict]) -> dict:
    """The page router's request, as the browser sends it when the URL is '/'."""
    output = next(d["output"] for d in dependencies if d["output"].startswith(f"{PAGE}."))
    component, prop = output.rsplit(".", 1)
    return {
        "output": output,
        "outputs": {"id": component, "property": prop},
        "inputs": [{"id": URL, "property": "pathname", "value": "/"}],
        "changedPropIds": [f"{URL}.pathname"],
        "state": [{"id": URL, "property": "search", "value": ""}],
    }


def test_a_session_from_one_worker_is_valid_on_both(served):
    server, _, _, engine = served
    logins_before = count_events(engine, "login")
    client = logged_in(server)
    assert count_events(engine, "login") == logins_before + 1
    pages = server.spread(client, "GET", "/", at_least=20)
    layouts = server.spread(client, "GET", "/_dash-layout", at_least=20)
    both_workers(server, pages)
    both_workers(server, layouts)
    for response, pid in pages:
        assert response.status_code == 200, (pid, response.status_code, response.headers)
        assert 'id="react-entry-point"' in response.text
    for response, pid in layouts:
        assert response.status_code == 200, (pid, response.status_code, response.headers)
        assert f'"{USER} (gebruiker)"' in response.text, f"worker {pid} does not know the user"


def test_page_views_from_both_workers_are_each_recorded_once(served):
    server, _, _, engine = served
    client = logged_in(server)
    response, _ = server.request(client, "GET", "/_dash-dependencies")
    body = router_body(response.json())
    before = count_events(engine, "weergave")
    views = server.spread(client, "POST", "/_dash-update-component", json=body, at_least=40)
    both_workers(server, views)
    for response, pid in views:
        assert response.status_code == 200, (pid, response.status_code, response.text[:300])
        assert PAGE in response.json()["response"]
    assert count_events(engine, "weergave") == before + len(views)


def test_the_geojson_cache_is_shared_through_redis(served):
    from flask_caching.backends.rediscache import RedisCache

    server, cache_db, number, _ = served
    client = logged_in(server)
    first, _ = server.request(client, "GET", "/geo/buurt.geojson")
    assert first.status_code == 200
    etag = first.headers["ETag"].strip('"')
    keys = [k.decode() for k in cache_db.scan_iter(match=f"{APP_PREFIX}geo:buurt:*")]
    assert len(keys) == 1, keys
    key = keys[0].removeprefix(APP_PREFIX)
    shared = RedisCache(*REDIS, db=number, key_prefix=APP_PREFIX)
    body, cached_etag = shared.get(key)
    assert cached_etag == etag and body == first.content

    answers = server.spread(client, "GET", "/geo/buurt.geojson")
    both_workers(server, answers)
    assert {response.headers["ETag"].strip('"') for response, _ in answers} == {etag}

    # A document put into Redis by hand is what every worker serves: they read the one cache.
    marker = b'{"type": "FeatureCollection", "features": [], "marker": true}'
    shared.set(key, (marker, "0" * 32), timeout=300)
    answers = server.spread(client, "GET", "/geo/buurt.geojson")
    both_workers(server, answers)
    for response, pid in answers:
        assert response.headers["ETag"] == f'"{"0" * 32}"', f"worker {pid} has its own cache"
        assert response.content == marker
    shared.delete(key)


def test_a_logout_on_one_worker_ends_the_session_on_both(served):
    server, *_ = served
    client = logged_in(server)
    both_workers(server, server.spread(client, "GET", "/geo/gemeente.geojson"))
    page, _ = server.request(client, "GET", "/logout")  # the confirm form, with the token
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response, _ = server.request(client, "POST", "/logout", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    data = server.spread(client, "GET", "/geo/gemeente.geojson")
    both_workers(server, data)
    for response, pid in data:
        assert response.status_code == 401, (pid, response.status_code)
    pages = server.spread(client, "GET", "/")
    both_workers(server, pages)
    for response, pid in pages:
        assert response.status_code == 302, (pid, response.status_code)
        assert response.headers["Location"] == "/login"
