"""The request size limit (issue 9): VEILIGHEID_MAX_REQUEST_KB becomes Flask's
MAX_CONTENT_LENGTH; a bigger body gets a clean Dutch 413, and the biggest body the app itself
sends still fits under the default."""

from __future__ import annotations

import json

import pytest

from dashboard import create_app
from dashboard.config import Config, ConfigError, load_config
from dashboard.data.store import protocol
from dashboard.layouts.beheer import BEHEER
from tests.conftest import database_copy, login, shared_demo_snapshot
from tests.dash_requests import value

TRACE_MARKERS = ("Traceback", 'File "', "RequestEntityTooLarge", "werkzeug")


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("limit"), seed=3, scale=0.05, years=1)


@pytest.fixture
def private(snapshot, tmp_path):
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        yield url, factory


def production_app(url, tmp_path, **overrides):
    config = Config(
        mode="production",
        database_url=url,
        secret_key="limit-test-secret",
        instance_dir=tmp_path,
        **overrides,
    )
    return create_app(config)


def admin_client(app):
    client = app.server.test_client()
    assert login(client, "admin").status_code == 302
    return client


def publish_body(text: str) -> bytes:
    """The publish-protocol update exactly as the browser sends it: UTF-8 JSON, characters
    outside ASCII not escaped (JSON.stringify does not), so the body is as big as it gets."""
    body = {
        "output": f"..{BEHEER.protocol_message}.children...{BEHEER.protocol_done}.data..",
        "outputs": [
            {"id": BEHEER.protocol_message, "property": "children"},
            {"id": BEHEER.protocol_done, "property": "data"},
        ],
        "inputs": [value(BEHEER.protocol_publish, "n_clicks", 1)],
        "changedPropIds": [f"{BEHEER.protocol_publish}.n_clicks"],
        "state": [value(BEHEER.protocol_text, "value", text)],
    }
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def post_update(client, body: bytes):
    return client.post(
        "/_dash-update-component", data=body, content_type="application/json; charset=utf-8"
    )


def assert_clean(response) -> None:
    text = response.get_data(as_text=True)
    for marker in TRACE_MARKERS:
        assert marker not in text, marker


# --- the setting ----------------------------------------------------------------------------


def test_the_setting_comes_from_the_environment():
    assert load_config({}).max_request_kb == Config().max_request_kb
    assert load_config({"VEILIGHEID_MAX_REQUEST_KB": "256"}).max_request_kb == 256


@pytest.mark.parametrize("raw", ["veel", "1.5", "0", "-3"])
def test_a_bad_setting_is_refused_by_name(raw):
    with pytest.raises(ConfigError, match="VEILIGHEID_MAX_REQUEST_KB"):
        load_config({"VEILIGHEID_MAX_REQUEST_KB": raw})


def test_the_setting_becomes_flasks_limit(private, tmp_path):
    app = production_app(private[0], tmp_path, max_request_kb=300)
    assert app.server.config["MAX_CONTENT_LENGTH"] == 300 * 1024


# --- over the limit -------------------------------------------------------------------------


def test_a_callback_over_the_limit_gets_a_413_json(private, tmp_path):
    app = production_app(private[0], tmp_path, max_request_kb=64)
    client = admin_client(app)
    response = post_update(client, publish_body("x" * 70 * 1024))
    assert response.status_code == 413
    assert response.get_json() == {"error": "verzoek te groot"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert_clean(response)
    # Nothing was published, and the session goes on.
    with private[1]() as session:
        assert protocol.current_version(session).versie == 1
    assert client.get("/_dash-layout").status_code == 200


def test_a_form_over_the_limit_gets_a_dutch_page(private, tmp_path):
    app = production_app(private[0], tmp_path, max_request_kb=64)
    client = app.server.test_client()
    response = client.post("/login", data={"username": "admin", "password": "x" * 70 * 1024})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Verzoek te groot" in page and "meer dan 64 kB" in page
    assert response.headers["Content-Type"].startswith("text/html")
    assert_clean(response)


def test_just_under_the_limit_is_still_served(private, tmp_path):
    app = production_app(private[0], tmp_path, max_request_kb=64)
    client = admin_client(app)
    body = publish_body("x" * (60 * 1024))
    assert len(body) < 64 * 1024
    response = post_update(client, body)
    assert response.status_code == 200
    assert "Niet gepubliceerd" in response.get_data(as_text=True)  # the app's own length check


# --- the default is big enough for what the app sends ----------------------------------------


def test_the_longest_protocol_the_app_accepts_fits_under_the_default(private, tmp_path):
    """A protocol of the maximum length in 4-byte characters is the biggest body the app
    sends (about 80 kB); one character more gets the app's own Dutch refusal, not a 413."""
    app = production_app(private[0], tmp_path)
    client = admin_client(app)
    longest = "Regel \U0001f6a8\n" + "\U0001f6a8" * (protocol.MAX_LENGTH - 8)
    assert len(longest) == protocol.MAX_LENGTH
    body = publish_body(longest)
    assert len(body) > 80_000
    response = post_update(client, body)
    assert response.status_code == 200
    assert "Versie 2 gepubliceerd" in response.get_data(as_text=True)
    response = post_update(client, publish_body(longest + "x"))
    assert response.status_code == 200
    assert "Niet gepubliceerd" in response.get_data(as_text=True)
