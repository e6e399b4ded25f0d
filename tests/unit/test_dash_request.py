"""auth/dash_request.check_body on a small Dash app: every body the renderer sends passes
(plain, multi-output with allow_duplicate, pattern-matching ALL and MATCH, a callback without
State), and each way a hostile body differs from it is refused with a short reason."""

import copy
import re

import dash
import pytest
from dash import ALL, MATCH, Input, Output, State

from auth.dash_request import BadCallbackRequest, check_body


def _app() -> dash.Dash:
    app = dash.Dash(__name__)

    def echo(*args):
        return args[0]

    app.callback(Output("titel", "children"), Input("knop", "n_clicks"), State("veld", "value"))(
        echo
    )
    app.callback(
        Output("titel", "children", allow_duplicate=True),
        Output("melding", "children"),
        Input("lijst", "value"),
        prevent_initial_call=True,
    )(echo)
    app.callback(
        Output("formulier", "children"),
        Input("versturen", "n_clicks"),
        State({"type": "antwoord", "vraag": ALL}, "value"),
    )(echo)
    app.callback(
        Output({"type": "uitleg", "vraag": MATCH}, "children"),
        Input({"type": "antwoord", "vraag": MATCH}, "value"),
    )(echo)
    app.clientside_callback(
        "function (x) { return x; }", Output("kopie", "data"), Input("bron", "data")
    )
    return app


APP = _app()
MAP = APP.callback_map
KEYS = {k.split(".")[0].strip("."): k for k in MAP}
DUP = next(k for k in MAP if k.startswith("..titel.children@"))
PLAIN = {
    "output": "titel.children",
    "outputs": {"id": "titel", "property": "children"},
    "inputs": [{"id": "knop", "property": "n_clicks", "value": 1}],
    "changedPropIds": ["knop.n_clicks"],
    "parsedChangedPropsIds": ["knop.n_clicks"],
    "state": [{"id": "veld", "property": "value", "value": "abc"}],
}
MULTI = {
    "output": DUP,
    "outputs": [
        {"id": "titel", "property": DUP.strip(".").split("...")[0].split(".", 1)[1]},
        {"id": "melding", "property": "children"},
    ],
    "inputs": [{"id": "lijst", "property": "value"}],  # undefined value: left out
    "changedPropIds": [],
}
ANSWER = {"type": "antwoord", "vraag": 2}
PATTERN_ALL = {
    "output": "formulier.children",
    "outputs": {"id": "formulier", "property": "children"},
    "inputs": [{"id": "versturen", "property": "n_clicks", "value": 1}],
    "changedPropIds": ["versturen.n_clicks"],
    "state": [
        [
            {"id": {"type": "antwoord", "vraag": 1}, "property": "value", "value": 4},
            {"id": ANSWER, "property": "value", "value": "ë"},
        ]
    ],
}
MATCH_KEY = next(k for k in MAP if "uitleg" in k)
PATTERN_MATCH = {
    "output": MATCH_KEY,
    "outputs": {"id": {"type": "uitleg", "vraag": 2}, "property": "children"},
    "inputs": [{"id": ANSWER, "property": "value", "value": 3}],
    # The renderer's stringifyId: sorted keys, no spaces (any key order is read the same).
    "changedPropIds": ['{"type":"antwoord","vraag":2}.value'],
}
VALID = {"plain": PLAIN, "multi": MULTI, "all": PATTERN_ALL, "match": PATTERN_MATCH}


@pytest.mark.parametrize("name", VALID)
def test_what_the_renderer_sends_passes(name):
    check_body(copy.deepcopy(VALID[name]), MAP)


def test_a_callback_without_state_may_leave_it_out_or_send_it_empty():
    body = copy.deepcopy(PATTERN_MATCH)
    check_body(body, MAP)
    body["state"] = []
    check_body(body, MAP)


def test_an_empty_all_pattern_passes():
    body = copy.deepcopy(PATTERN_ALL)
    body["state"] = [[]]
    check_body(body, MAP)


def _changed(body, **changes):
    out = copy.deepcopy(body)
    for key, value in changes.items():
        if value is ...:
            out.pop(key)
        else:
            out[key] = value
    return out


REFUSED = {
    "not-an-object": ([PLAIN], "verwacht een JSON-object"),
    "unknown-output": (_changed(PLAIN, output="bestaat-niet.children"), "onbekende output"),
    "output-not-text": (_changed(PLAIN, output=["titel.children"]), "onbekende output"),
    "clientside-output": (_changed(PLAIN, output="kopie.data"), "onbekende output"),
    "missing-outputs": (_changed(PLAIN, outputs=...), "outputs ontbreekt"),
    "other-output": (
        _changed(PLAIN, outputs={"id": "melding", "property": "children"}),
        "outputs: hoort niet bij deze callback",
    ),
    "outputs-too-short": (_changed(MULTI, outputs=MULTI["outputs"][:1]), "outputs: 2 verwacht"),
    "missing-inputs": (_changed(PLAIN, inputs=...), "inputs ontbreekt"),
    "inputs-object": (_changed(PLAIN, inputs=PLAIN["inputs"][0]), "inputs: verwacht een lijst"),
    "input-too-many": (_changed(PLAIN, inputs=PLAIN["inputs"] * 2), "inputs: 1 verwacht"),
    "input-number": (_changed(PLAIN, inputs=[5]), "inputs[0]: verwacht een object"),
    "input-other-id": (
        _changed(PLAIN, inputs=[{"id": "veld", "property": "n_clicks"}]),
        "inputs[0]: hoort niet bij deze callback",
    ),
    "input-without-id": (
        _changed(PLAIN, inputs=[{"property": "n_clicks"}]),
        "inputs[0]: id ontbreekt",
    ),
    "missing-state": (_changed(PLAIN, state=...), "state: verwacht een lijst"),
    "state-for-no-state": (_changed(PATTERN_MATCH, state=[{"a": 1}]), "state: 0 verwacht"),
    "all-not-a-list": (
        _changed(PATTERN_ALL, state=[PATTERN_ALL["state"][0][0]]),
        "state[0]: verwacht een lijst",
    ),
    "all-other-type": (
        _changed(PATTERN_ALL, state=[[{"id": {"type": "x", "vraag": 1}, "property": "value"}]]),
        "state[0]: hoort niet bij deze callback",
    ),
    "id-with-a-list-value": (
        _changed(
            PATTERN_MATCH, inputs=[{"id": {"type": "antwoord", "vraag": [2]}, "property": "value"}]
        ),
        "inputs[0]: ongeldig id",
    ),
    "changed-not-a-list": (_changed(PLAIN, changedPropIds=None), "changedPropIds: verwacht"),
    "changed-number": (_changed(PLAIN, changedPropIds=[5]), "changedPropIds: verwacht"),
    "changed-unknown": (
        _changed(PLAIN, changedPropIds=["veld.value"]),
        "changedPropIds: geen input van deze callback",
    ),
    "changed-broken-json": (
        _changed(PATTERN_MATCH, changedPropIds=['{"type":.value']),
        "changedPropIds: ongeldig id",
    ),
    "changed-deep-json": (
        _changed(PATTERN_MATCH, changedPropIds=['{"a":' * 5000 + ".value"]),
        "changedPropIds: ongeldig id",
    ),
}


@pytest.mark.parametrize("name", REFUSED)
def test_what_the_renderer_never_sends_is_refused(name):
    body, reason = REFUSED[name]
    with pytest.raises(BadCallbackRequest, match="^" + re.escape(reason)):
        check_body(body, MAP)


def test_a_dict_id_in_another_key_order_is_the_same_component():
    body = copy.deepcopy(PATTERN_MATCH)
    body["changedPropIds"] = ['{"vraag":2,"type":"antwoord"}.value']
    check_body(body, MAP)
