"""Hostile requests to Dash's callback endpoint get a clean 400 before Dash sees them.

Dash's dispatch trusts the shape of the body that its own renderer sends: a body that is not a
JSON object, an unknown output, inputs that do not match the callback, or JSON nested deeper
than Python's recursion limit would raise inside Dash and answer 500. `check_body` accepts
exactly what the renderer sends (dash-renderer's `fillVals` and its callback payload) for the
callbacks in the app's own callback map, so a callback added later is covered without a
change here. Values are not inspected: their types are the callbacks' business
(dashboard.inputs.InvalidInput, answered with 400 by `invalid_input`).

The body is parsed once, through Flask's cached `get_json`, which Dash's dispatch reads again.
"""

from __future__ import annotations

import json
import logging

import dash
from dash.dependencies import ALL, ALLSMALLER, MATCH, DashDependency, Wildcard
from flask import jsonify, request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from dashboard.inputs import InvalidInput

log = logging.getLogger(__name__)

UPDATE_ENDPOINT = "_dash-update-component"
BAD_REQUEST = "ongeldig verzoek"
INVALID_INPUT = "ongeldige invoer"
WILDCARDS = {w.value: w for w in (ALL, ALLSMALLER, MATCH)}
MULTI_VALUED = (ALL, ALLSMALLER)  # the renderer sends a list of components for these
ID_VALUE_TYPES = (str, int, float, bool)


class BadCallbackRequest(ValueError):
    """A body that the renderer would never send; the message says what, in short."""


# --- the declared dependencies of a callback ------------------------------------------------


def _declared_id(raw: str) -> str | dict:
    """The callback map's id: a plain id, or the JSON of a pattern id with ["ALL"] wildcards."""
    if not raw.startswith("{"):
        return raw
    return {
        key: WILDCARDS[value[0]] if isinstance(value, list) else value
        for key, value in json.loads(raw).items()
    }


def _declared(specs: list[dict]) -> list[DashDependency]:
    return [DashDependency(_declared_id(s["id"]), s["property"]) for s in specs]


def _outputs(callback: dict) -> list[DashDependency]:
    output = callback["output"]
    return list(output) if isinstance(output, list | tuple) else [output]


def _is_multi_valued(dependency: DashDependency) -> bool:
    component_id = dependency.component_id
    return isinstance(component_id, dict) and any(
        isinstance(v, Wildcard) and v in MULTI_VALUED for v in component_id.values()
    )


# --- what was sent ------------------------------------------------------------------------------


def _sent(item, where: str, *, output: bool = False) -> DashDependency:
    """One component reference as the renderer sends it: {"id", "property"[, "value"]}."""
    if not isinstance(item, dict):
        raise BadCallbackRequest(f"{where}: verwacht een object")
    component_id, prop = item.get("id"), item.get("property")
    if not isinstance(prop, str):
        raise BadCallbackRequest(f"{where}: property ontbreekt")
    if isinstance(component_id, dict):
        if not all(isinstance(v, ID_VALUE_TYPES) for v in component_id.values()):
            raise BadCallbackRequest(f"{where}: ongeldig id")
    elif not isinstance(component_id, str):
        raise BadCallbackRequest(f"{where}: id ontbreekt")
    # An output of a callback with allow_duplicate carries "@<hash>" after its property.
    return DashDependency(component_id, prop.split("@")[0] if output else prop)


def _check_matches(sent, declared: DashDependency, where: str, *, output: bool = False):
    """The sent entry for one declared dependency: a list of components for an ALL or
    ALLSMALLER pattern, one component otherwise."""
    items = sent if _is_multi_valued(declared) else [sent]
    if not isinstance(items, list):
        raise BadCallbackRequest(f"{where}: verwacht een lijst")
    for item in items:
        if _sent(item, where, output=output) != declared:
            raise BadCallbackRequest(f"{where}: hoort niet bij deze callback")


def _check_section(sent, declared: list[DashDependency], name: str) -> None:
    if not isinstance(sent, list):
        raise BadCallbackRequest(f"{name}: verwacht een lijst")
    if len(sent) != len(declared):
        raise BadCallbackRequest(f"{name}: {len(declared)} verwacht")
    for index, (entry, dependency) in enumerate(zip(sent, declared, strict=True)):
        _check_matches(entry, dependency, f"{name}[{index}]")


def _check_outputs(sent, callback: dict) -> None:
    if callback.get("no_output"):
        return
    declared = _outputs(callback)
    if len(declared) == 1 and not isinstance(callback["output"], list | tuple):
        _check_matches(sent, declared[0], "outputs", output=True)
        return
    if not isinstance(sent, list) or len(sent) != len(declared):
        raise BadCallbackRequest(f"outputs: {len(declared)} verwacht")
    for index, (entry, dependency) in enumerate(zip(sent, declared, strict=True)):
        _check_matches(entry, dependency, f"outputs[{index}]", output=True)


def _prop_key(component_id, prop: str) -> tuple[str, str]:
    """A comparable key of a component property; dict ids regardless of key order."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True), prop
    return component_id, prop


def _check_changed(changed, inputs: list) -> None:
    """changedPropIds: "<id>.<property>" of inputs that this request carries (Dash's
    ctx.triggered_id parses these, a dict id as JSON)."""
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise BadCallbackRequest("changedPropIds: verwacht een lijst met tekst")
    carried = set()
    for entry in inputs:
        for item in entry if isinstance(entry, list) else [entry]:
            carried.add(_prop_key(item["id"], item["property"]))
    for prop_id in changed:
        component, _, prop = prop_id.rpartition(".")
        if component.startswith("{"):
            try:
                component = json.loads(component)
            except (ValueError, RecursionError):
                raise BadCallbackRequest("changedPropIds: ongeldig id") from None
        if not isinstance(component, str | dict) or _prop_key(component, prop) not in carried:
            raise BadCallbackRequest("changedPropIds: geen input van deze callback")


def check_body(body, callback_map: dict) -> None:
    """Raises BadCallbackRequest unless body is a request the renderer could send for one of
    the app's server-side callbacks."""
    if not isinstance(body, dict):
        raise BadCallbackRequest("verwacht een JSON-object")
    output = body.get("output")
    callback = callback_map.get(output) if isinstance(output, str) else None
    # Clientside callbacks are in the map too, without a server function.
    if callback is None or "callback" not in callback:
        raise BadCallbackRequest("onbekende output")
    if "outputs" not in body and not callback.get("no_output"):
        raise BadCallbackRequest("outputs ontbreekt")
    _check_outputs(body.get("outputs"), callback)
    if "inputs" not in body:
        raise BadCallbackRequest("inputs ontbreekt")
    _check_section(body["inputs"], _declared(callback["inputs"]), "inputs")
    # The renderer leaves state out for a callback without State.
    if "state" in body or callback["state"]:
        _check_section(body.get("state"), _declared(callback["state"]), "state")
    _check_changed(body.get("changedPropIds", []), body["inputs"])


# --- Flask --------------------------------------------------------------------------------------


def _bad_request(reason: str, status: int = 400):
    return jsonify(error=BAD_REQUEST, detail=reason), status


def _before_request(app: dash.Dash, path: str):
    def check():
        if request.path != path or request.method != "POST":
            return None
        try:
            body = request.get_json()  # cached: Dash's dispatch reads the same parse
        except UnsupportedMediaType:
            return _bad_request("verwacht JSON (Content-Type: application/json)", 415)
        except BadRequest:
            return _bad_request("geen geldige JSON")
        except RecursionError:
            return _bad_request("JSON te diep genest")
        try:
            check_body(body, app.callback_map)
        except BadCallbackRequest as exc:
            log.info("callback request refused: %s", exc)
            return _bad_request(str(exc))
        return None

    return check


def invalid_input(error: InvalidInput):
    """A parser or callback refused a value of the wrong type or size: 400, with its message
    (which names the input, never the value)."""
    log.info("invalid input on %s: %s", request.path, error)
    return jsonify(error=INVALID_INPUT, detail=str(error)), 400


def init_dash_request(app: dash.Dash) -> None:
    """Register after the auth guard (init_auth), so an anonymous request still gets its 401
    and learns nothing about the callback map."""
    path = app.config.routes_pathname_prefix + UPDATE_ENDPOINT
    app.server.before_request(_before_request(app, path))
    app.server.register_error_handler(InvalidInput, invalid_input)
