"""Requests as the Dash renderer sends them: the login form, the callback map from
/_dash-dependencies and /_dash-update-component bodies. Shared by the benches (Flask test client)
and the load test (requests), so both measure the same requests."""

from __future__ import annotations

import re
import time

from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.frame import URL

# The four callbacks fired by one filter change (they read the view store that mirrors the
# URL), found by one of their outputs.
CALLBACKS = {
    "update_main": f"{ALGEMEEN.title}.children",
    "update_trend": f"{ALGEMEEN.trend}.figure",
    "update_heatmap": f"{ALGEMEEN.heatmap}.figure",
    "update_profile": f"{ALGEMEEN.profile}.children",
}
VIEW_INPUT = {"id": ALGEMEEN.view, "property": "data"}
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


class CallbackMissing(RuntimeError):
    """A callback the bench needs is not in /_dash-dependencies."""


def csrf_token(login_page: str) -> str:
    found = CSRF_FIELD.search(login_page)
    if not found:
        raise RuntimeError("geen csrf_token in het inlogformulier")
    return found.group(1)


def output_specs(output: str) -> dict | list[dict]:
    """Dash's output string as the renderer sends it: a list for multi-output callbacks."""
    multi = output.startswith("..")
    parts = output[2:-2].split("...") if multi else [output]
    specs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    return specs if multi else specs[0]


def _outputs(output: str) -> set[str]:
    specs = output_specs(output)
    return {f"{o['id']}.{o['property']}" for o in (specs if isinstance(specs, list) else [specs])}


def view_callbacks(dependencies: list[dict]) -> dict[str, dict]:
    """The dependency of each view-driven callback of the general dashboard (it reads the view
    store, and perhaps more inputs, such as the annotations' version)."""
    found = {}
    for name, wanted in CALLBACKS.items():
        for dep in dependencies:
            inputs = [{"id": i["id"], "property": i["property"]} for i in dep["inputs"]]
            if VIEW_INPUT in inputs and wanted in _outputs(dep["output"]):
                found[name] = dep
    missing = set(CALLBACKS) - set(found)
    if missing:
        raise CallbackMissing(
            f"callback(s) niet gevonden in /_dash-dependencies: {', '.join(sorted(missing))}"
        )
    return found


def find_dependency(dependencies: list[dict], output: str) -> dict:
    """The callback that has `output` ('id.property') among its outputs."""
    for dep in dependencies:
        if output in _outputs(dep["output"]):
            return dep
    raise CallbackMissing(f"geen callback met uitvoer {output} in /_dash-dependencies")


def body(dep_output: str, inputs: list[dict], state: list[dict] | None = None) -> dict:
    """An update request; every input counts as changed, as after a page load."""
    return {
        "output": dep_output,
        "outputs": output_specs(dep_output),
        "inputs": inputs,
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs[:1]],
        "state": state or [],
    }


def store_body(dep: dict, store: str, search: str, pathname: str | None = None) -> dict:
    """A change of a view store (the query string the data callbacks read): the store's value
    is the search, the URL's pathname the page's path; any other input or state of the callback
    is sent as the renderer sends an unset property (null)."""
    known = {(store, "data"): search, (URL, "pathname"): pathname}

    def items(deps: list[dict]) -> list[dict]:
        return [
            {"id": d["id"], "property": d["property"], "value": known.get((d["id"], d["property"]))}
            for d in deps
        ]

    return {
        "output": dep["output"],
        "outputs": output_specs(dep["output"]),
        "inputs": items(dep["inputs"]),
        "changedPropIds": [f"{store}.data"],
        "state": items(dep["state"]),
    }


def reads_store(dep: dict, store: str) -> bool:
    """A server callback with the view store among its inputs."""
    inputs = {(i["id"], i["property"]) for i in dep["inputs"]}
    return (store, "data") in inputs and not dep.get("clientside_function")


def view_body(dep: dict, search: str) -> dict:
    return store_body(dep, ALGEMEEN.view, search, "/")


def fire(client, dep: dict, search: str) -> tuple[float, bytes]:
    """One view-driven callback through a Flask test client: (server ms, response body)."""
    start = time.perf_counter()
    response = client.post("/_dash-update-component", json=view_body(dep, search))
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        text = response.get_data(as_text=True)[:500]
        raise RuntimeError(f"status {response.status_code}: {text}")
    return elapsed, response.get_data()


def login_with_form(client, username: str, password: str) -> None:
    """Through the real form, CSRF token included, as a browser does."""
    page = client.get("/login")
    form = {
        "username": username,
        "password": password,
        "csrf_token": csrf_token(page.get_data(as_text=True)),
    }
    response = client.post("/login", data=form)
    if response.status_code != 302:
        raise RuntimeError(f"inloggen als {username} mislukt (status {response.status_code})")
