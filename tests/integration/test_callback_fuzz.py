"""Hostile requests to `/_dash-update-component` (issue 9), against every server callback of the
app's own callback map, as a gebruiker (with one theme grant, so the theme callbacks run their
code too) and as projectleider: wrong types and hostile strings in every input, malformed JSON,
unknown outputs, missing keys and oversized payloads.

Every answer must be a clean 4xx, or 200/204 with a normal Dash answer; never a 500, never a
traceback in the body, and within REQUEST_LIMIT_S. After the SQL-injection runs the database
still has its tables and its row counts.

Known findings (a 500 the app gives today) are listed in KNOWN_INPUT_CRASHES and
KNOWN_DISPATCH_CRASHES and marked xfail(strict=True) with the reason: each such test first
reproduces its finding deterministically (so strict holds), explores further, fails normally on
anything new, and ends with KnownCrash while the finding is still there.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, text

from dashboard import pages
from tests.conftest import database_copy, demo_snapshot, make_app
from tests.integration.test_authorization_map import (
    CALLBACKS,
    GRANTED_THEME,
    ROLES,
    UPDATE,
    build_layouts,
    plausible_body,
    prepare,
)

REQUEST_LIMIT_S = 5.0  # a request that takes longer counts as a hang
EXAMPLES_PER_CALLBACK = 8  # hypothesis examples per callback and role (the file runs < 60 s)
# A gebruiker with one theme grant (so the theme callbacks run their code for him too) and a
# projectleider.
FUZZ_ROLES = {r.name: r for r in ROLES if r.role == "projectleider" or (r.themes and r.role)}
SQL_INJECTION = (
    "'; DROP TABLE fact_incident; --",
    "GM0153' OR '1'='1",
    "1; DELETE FROM app_user; --",
    "BU' UNION SELECT password_hash FROM app_user --",
)
TRAVERSAL = "../../etc/passwd"
# Tables whose row counts no callback of these roles may change.
COUNTED_TABLES = ("fact_incident", "app_user", "dim_area", "agg_incident_month", "user_theme_grant")
MANY_FIELDS = "?" + "&".join(f"veld{i}=1" for i in range(50))
# One value of each kind; hypothesis draws from these besides its own.
SAMPLES = {
    "none": None,
    "bool": True,
    "int": 7,
    "negative": -1,
    "huge-int": 2**70,
    "float": 1e308,
    "empty-string": "",
    "unicode": "\u202e\U0001f4a9\x00ë中文\ud7ff",
    "sql-drop": SQL_INJECTION[0],
    "sql-or": SQL_INJECTION[1],
    "traversal": TRAVERSAL,
    "huge-string": "A" * 2**20,  # 1 MB
    "many-fields": MANY_FIELDS,
    "empty-list": [],
    "nested-list": [1, [2, [3, [None]]]],
    "nested-dict": {"a": {"b": [None, {"c": "d"}]}},
    "list-of-dicts": [{"id": SQL_INJECTION[0], "status": TRAVERSAL}],
}
# Values of each kind, as the known findings name them (kind_of); a known finding is reproduced
# with the first of its kind's values that gives the 500.
VARIANTS = {
    "none": [None],
    "zero": [0, False, 0.0],
    "bool": [True],
    "int": [7, -1, 2**31],
    "huge-int": [2**70, -(2**64)],
    "float": [1.5, 1e308, -2.5e-300],
    "empty-string": [""],
    "str": ["abc", SQL_INJECTION[0], TRAVERSAL, "\u202e\U0001f4a9"],
    "many-fields": [MANY_FIELDS],
    "empty-list": [[]],
    "str-list": [["abc"], [SQL_INJECTION[1]], [""]],
    "list": [[1, [2]], [None], [{"a": 1}], [1.5]],
    "empty-dict": [{}],
    "dict": [{"a": {"b": [None]}}, {"id": 1}],
}


def kind_of(value) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool | int | float):
        if not value:
            return "zero"
        if isinstance(value, bool):
            return "bool"
        if isinstance(value, int):
            return "huge-int" if abs(value) >= 2**63 else "int"
        return "float"
    if isinstance(value, str):
        if not value:
            return "empty-string"
        return "many-fields" if value.count("&") >= 9 else "str"
    if isinstance(value, list):
        if not value:
            return "empty-list"
        return "str-list" if all(isinstance(v, str) for v in value) else "list"
    return "dict" if value else "empty-dict"


class KnownCrash(Exception):
    """A known finding still reproduces (the xfail(strict=True) of its test expects this)."""


@dataclass(frozen=True)
class Known:
    roles: frozenset[str]
    slots: dict[str, frozenset[str]]  # slot name -> kinds of value that give a 500
    reason: str


def slot_key(argument: str) -> str:
    """filter_datums__start_date -> filter-datums.start_date"""
    cid, prop = argument.split("__")
    return f"{cid.replace('_', '-')}.{prop}"


def known(roles: str, reason: str, **slots: str) -> Known:
    """roles: "both" or "projectleider"; slots as component_id__property="kind kind ..."."""
    names = set(FUZZ_ROLES) if roles == "both" else {n for n in FUZZ_ROLES if roles in n}
    return Known(
        frozenset(names),
        {slot_key(k): frozenset(v.split()) for k, v in slots.items()},
        reason,
    )


NOT_A_STRING = "bool int huge-int float list str-list dict"
A_SEARCH = f"{NOT_A_STRING} many-fields"
PARSE = (
    "dashboard/state.py parse() calls (search or '').lstrip() on a non-string (AttributeError) "
    "and parse_qs(max_num_fields=40) raises ValueError('Max number of fields exceeded') for a "
    "view string of more than 40 '&'-separated fields"
)
THEME_PARSE = (
    "dashboard/views/thema.py parse_state() calls (search or '').lstrip() on a non-string "
    "(AttributeError); parse_qs(max_num_fields=20) raises ValueError for more than 20 fields"
)
AREA_LOOKUP = (
    "queries.area(session, code) binds a list or dict (sqlite3 ProgrammingError) or an int of "
    "2**63 or more (OverflowError) without checking that the code is a string"
)
# callback key -> the inputs and kinds of value that give a 500 today (found by this file).
KNOWN_INPUT_CRASHES: dict[str, Known] = {
    **{
        key: known("both", PARSE, algemeen_weergave__data=A_SEARCH)
        for key in (
            "algemeen-heatmap.figure(+1)",
            "algemeen-profiel.children",
            "algemeen-tabel-download.data",
            "algemeen-titel.children(+6)",
            "algemeen-trend.figure",
            "algemeen-veiligheidsmonitor.children",
            "extrapolatie-grafiek.figure(+2)",
            "rapport-download.data(+1)",
        )
    },
    **{
        key: known("both", THEME_PARSE, thema_weergave__data=A_SEARCH)
        for key in (
            "thema-kerncijfers.children(+1)",
            "thema-tabel-download.data",
            "thema-titel.children(+7)",
            "thema-trend.figure(+1)",
            "thema-verdeling.figure(+1)",
            "thema-vergelijking.figure",
        )
    },
    "page-content.children": known(
        "both",
        "render_page passes url.search to the page's parser (state.parse, thema.parse_state, "
        "open_data.parse_state: .lstrip() on a non-string, ValueError above 40/20/10 fields) "
        "and to usage.track_view (_params: parse_qs(max_num_fields=20) outside its try)",
        url__search=A_SEARCH,
    ),
    "url.search(+1)": known(
        "both",
        "algemeen sync_url: _date() slices/parses a non-string date (TypeError; only ValueError "
        "is caught), ViewState.with_area() slices a non-string area code, tuple(hc or ()) "
        "iterates a scalar and to_search joins non-string list items (TypeError)",
        filter_datums__start_date=NOT_A_STRING,
        filter_datums__end_date=NOT_A_STRING,
        filter_gemeente__value=NOT_A_STRING,
        filter_wijk__value=NOT_A_STRING,
        filter_buurt__value=NOT_A_STRING,
        filter_hoofdcategorie__value="bool int huge-int float list",
        filter_codes__value="bool int huge-int float list",
    ),
    "filter-codes.options(+1)": known(
        "both",
        "code_options iterates a scalar hoofdcategorie/codes value and hashes nested lists "
        "(TypeError in layouts/algemeen.py code_options and callbacks/algemeen.py code_options)",
        filter_hoofdcategorie__value="bool int huge-int float list",
        filter_codes__value="bool int huge-int float list",
    ),
    "filter-gemeente.value(+6)": known(
        "both", AREA_LOOKUP, filter_gemeente__value="huge-int list str-list dict"
    ),
    "thema-gemeente.value(+3)": known(
        "both", AREA_LOOKUP, thema_gemeente__value="huge-int list str-list dict"
    ),
    "opendata-titel.children(+7)": known(
        "both",
        "views/open_data.py parse_period() calls .split() on a non-string period (AttributeError)",
        opendata_periode__value=NOT_A_STRING,
    ),
    "vragenlijst-formulier.children(+1)": known(
        "both",
        "submit() accepts any int as round id; measurement.submit binds one of 2**63 or more "
        "(OverflowError: Python int too large to convert to SQLite INTEGER)",
        vragenlijst_ronde__data="huge-int",
    ),
    "gebruik-dvo-download.data(+1)": known(
        "projectleider",
        "reports/dvo.py half_year() calls .strip() on a non-string half year (AttributeError)",
        gebruik_dvo_halfjaar__value=NOT_A_STRING,
    ),
    "metingen-openen-melding.children(+2)": known(
        "projectleider",
        "measurement.create_round() calls (naam or '').split() on a non-string name "
        "(AttributeError) before its own validation",
        metingen_naam__value=NOT_A_STRING,
    ),
    "metingen-verdeling.figure": known(
        "projectleider",
        "figures_metingen.distribution_figure compares a pandas column with a list/dict question "
        "code (ValueError: lengths must match)",
        metingen_vraag__value="list str-list dict",
    ),
    "resultaten-kpi.children@dup(+2)": known(
        "projectleider",
        "deliverables.save/validate iterate the table data and call row.get() without checking "
        "for a list of dicts (TypeError/AttributeError for a scalar, a string or a list of "
        "non-dicts)",
        resultaten_tabel__data=f"{NOT_A_STRING} str many-fields",
    ),
}


# --- the site ------------------------------------------------------------------------------


@dataclass
class Counts:
    cases: int = 0  # fixed cases: reproductions, SQL injection, mutations, bodies
    generated: int = 0  # hypothesis examples
    requests: int = 0
    tolerated: int = 0  # known 500s met while exploring
    slowest: float = 0.0


@dataclass
class Fuzz:
    app: object
    factory: object
    layouts: object
    clients: dict
    baseline: dict
    counts: Counts = field(default_factory=Counts)

    bodies: dict = field(default_factory=dict)

    def base_body(self, key: str) -> dict:
        """The browser's request for a callback on its page (the granted theme's page for the
        theme callbacks, so that the gebruiker reaches their code too); a fresh copy."""
        if key not in self.bodies:
            dep = CALLBACKS[key]
            paths = [p.path for p in self.layouts.pages_of(dep)]
            preferred = f"/thema/{GRANTED_THEME}"
            path = preferred if preferred in paths else ("/" if "/" in paths else paths[0])
            self.bodies[key] = json.dumps(plausible_body(dep, path, self.layouts))
        return json.loads(self.bodies[key])


def table_state(factory) -> dict:
    with factory() as session:
        tables = sorted(inspect(session.get_bind()).get_table_names())
        counts = {t: session.scalar(text(f"SELECT count(*) FROM {t}")) for t in COUNTED_TABLES}
    return {"tables": tables, **counts}


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory):
    folder = tmp_path_factory.mktemp("callback-fuzz")
    snapshot = demo_snapshot(folder, seed=9, scale=0.05, years=1)
    with database_copy(snapshot, folder) as (url, factory, _):
        prepare(factory, folder)
        app = make_app(url)
        app.server.config["PROPAGATE_EXCEPTIONS"] = False  # a crash answers 500, as in production
        clients = {name: role.login(app) for name, role in FUZZ_ROLES.items()}
        yield Fuzz(app, factory, build_layouts(app, factory), clients, table_state(factory))


# --- sending and judging ------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    text: str
    seconds: float
    json: object


def send(fuzz: Fuzz, client, body=None, *, data=None, content_type=None) -> Answer:
    started = time.perf_counter()
    if data is None:
        response = client.post(UPDATE, json=body)
    else:
        response = client.post(UPDATE, data=data, content_type=content_type)
    seconds = time.perf_counter() - started
    fuzz.counts.requests += 1
    fuzz.counts.slowest = max(fuzz.counts.slowest, seconds)
    text_ = response.get_data(as_text=True)
    try:
        parsed = json.loads(text_) if text_ else None
    except ValueError:
        parsed = None
    return Answer(response.status_code, text_, seconds, parsed)


def problems(answer: Answer, *, crash_known: bool = False) -> list[str]:
    """What is wrong with an answer; a 500 is fine only where crash_known."""
    found = []
    if answer.seconds > REQUEST_LIMIT_S:
        found.append(f"took {answer.seconds:.1f} s")
    if "Traceback" in answer.text or 'File "' in answer.text:
        found.append("traceback in the body")
    if answer.status >= 500 and not (crash_known and answer.status == 500):
        found.append(f"status {answer.status}: {answer.text[:200]}")
    elif answer.status == 200:
        if not (isinstance(answer.json, dict) and isinstance(answer.json.get("response"), dict)):
            found.append(f"200 without a Dash answer: {answer.text[:200]}")
    elif answer.status == 204:
        if answer.text.strip():
            found.append(f"204 with a body: {answer.text[:200]}")
    elif answer.status < 400 or answer.status >= 600:
        found.append(f"status {answer.status}")
    return found


# --- slots: where a hostile value goes ----------------------------------------------------


def slot_name(item: dict) -> str:
    cid = item["id"]
    if cid.startswith("{"):
        cid = json.loads(cid)["type"] + "[*]"
    return f"{cid}.{item['property']}"


def slots(key: str) -> list[tuple[str, int, str]]:
    """(section, index, name) of every input and state of a callback."""
    dep = CALLBACKS[key]
    return [
        (section, i, slot_name(item))
        for section in ("inputs", "state")
        for i, item in enumerate(dep[section])
    ]


def with_value(body: dict, section: str, index: int, value, key: str) -> dict:
    """The body (a fresh copy from Fuzz.base_body) with one input, or every entry of a
    pattern-matching input, set to value."""
    entry = body[section][index]
    if isinstance(entry, list):
        if not entry:
            pattern = json.loads(CALLBACKS[key][section][index]["id"])
            concrete = {k: 1 if isinstance(v, list) else v for k, v in pattern.items()}
            entry.append({"id": concrete, "property": CALLBACKS[key][section][index]["property"]})
        for item in entry:
            item["value"] = value
    else:
        entry["value"] = value
    return body


def send_value(fuzz, client, key, slot, value) -> Answer:
    section, index, _ = slot
    body = with_value(fuzz.base_body(key), section, index, value, key)
    return send(fuzz, client, body)


# --- 1. hostile values in every input of every callback ----------------------------------

JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
HOSTILE_STRINGS = (*SQL_INJECTION, TRAVERSAL, SAMPLES["unicode"], MANY_FIELDS)
HOSTILE_VALUES = (
    st.sampled_from(list(SAMPLES.values()))
    | JSON_VALUES
    | st.sampled_from(HOSTILE_STRINGS).map(lambda s: [s])  # a multi-select with a hostile value
)


def known_for(key: str, role: str) -> dict[str, frozenset[str]]:
    entry = KNOWN_INPUT_CRASHES.get(key)
    return entry.slots if entry and role in entry.roles else {}


def input_cases() -> list:
    cases = []
    for key in sorted(CALLBACKS):
        for role in FUZZ_ROLES:
            entry = KNOWN_INPUT_CRASHES.get(key)
            marks = []
            if entry and role in entry.roles:
                marks.append(
                    pytest.mark.xfail(
                        strict=True,
                        raises=KnownCrash,
                        reason=f"500 on wrong input types in {key}: {entry.reason}",
                    )
                )
            cases.append(pytest.param(key, role, marks=marks, id=f"{key}-{role}"))
    return cases


# pandas warns when the question code is a dict: part of the metingen-verdeling finding.
@pytest.mark.filterwarnings("ignore:Operation with dict is deprecated")
@pytest.mark.parametrize(("key", "role"), input_cases())
def test_hostile_values_in_every_input(fuzz, key, role):
    client = fuzz.clients[role]
    expected = known_for(key, role)
    all_slots = slots(key)
    by_name = {s[2]: s for s in all_slots}
    # The known findings first: each must still reproduce (strict xfail), and all of them.
    reproduced, stale = [], []
    for name, kinds in sorted(expected.items()):
        for kind in sorted(kinds):
            for value in VARIANTS[kind]:
                answer = send_value(fuzz, client, key, by_name[name], value)
                fuzz.counts.cases += 1
                found = problems(answer, crash_known=True)
                assert not found, (key, name, kind, found)
                if answer.status == 500:
                    reproduced.append(f"{name}={kind}")
                    break
            else:
                stale.append(f"{name}={kind}")
    assert not (reproduced and stale), (
        f"{key} as {role}: fixed, remove from KNOWN_INPUT_CRASHES: {stale}"
    )

    @settings(
        max_examples=EXAMPLES_PER_CALLBACK,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure names its input
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(slot=st.sampled_from(all_slots), value=HOSTILE_VALUES)
    def explore(slot, value):
        fuzz.counts.generated += 1
        answer = send_value(fuzz, client, key, slot, value)
        crash_known = kind_of(value) in expected.get(slot[2], ())
        fuzz.counts.tolerated += crash_known and answer.status == 500
        found = problems(answer, crash_known=crash_known)
        assert not found, (
            f"callback {CALLBACKS[key]['output']} as {role}: input {slot[2]} = "
            f"{json.dumps(value)[:120]} ({kind_of(value)}): {found}"
        )

    explore()
    if reproduced:
        raise KnownCrash(f"{key} as {role}: 500 for {', '.join(reproduced)}")


# --- 2. SQL injection and path traversal in every input, then the database ----------------


@pytest.mark.parametrize("role", sorted(FUZZ_ROLES))
def test_sql_injection_in_every_input_leaves_the_database_alone(fuzz, role):
    client = fuzz.clients[role]
    failures, sent = [], 0
    for key in sorted(CALLBACKS):
        expected = known_for(key, role)
        base = fuzz.base_body(key)
        for slot in slots(key):
            section, index, _ = slot
            entry = base[section][index]
            # A list input (multi-select, table) gets the strings as its items as well.
            listed = isinstance(entry, list) or isinstance(entry.get("value"), list)
            for raw in (*SQL_INJECTION, TRAVERSAL):
                for value in (raw, [raw]) if listed else (raw,):
                    if kind_of(value) in expected.get(slot[2], ()):
                        continue  # a known 500 on this kind of value (see the xfails above)
                    answer = send_value(fuzz, client, key, slot, value)
                    sent += 1
                    found = problems(answer)
                    if found:
                        failures.append(f"{key} {slot[2]}={value!r}: {found}")
    fuzz.counts.cases += sent
    assert not failures, "\n".join(failures[:30])
    assert table_state(fuzz.factory) == fuzz.baseline
    assert sent > 200


def test_the_demo_has_what_the_database_check_counts(fuzz):
    assert fuzz.baseline["fact_incident"] > 100
    assert fuzz.baseline["app_user"] >= 4
    assert {"fact_incident", "app_user", "dim_area"} <= set(fuzz.baseline["tables"])


# --- 3. malformed requests: structure, JSON, size ----------------------------------------

OVERSIZE = 5 * 2**19  # 2.5 MB


def _drop(name):
    def mutate(body, _key):
        body.pop(name, None)

    return mutate


def _set(name, value):
    def mutate(body, _key):
        body[name] = value

    return mutate


def _each_input(change):
    def mutate(body, _key):
        for entry in body["inputs"]:
            if isinstance(entry, dict):
                change(entry)

    return mutate


def _unknown_output(body, _key):
    body["output"] = "bestaat-niet.children"
    body["outputs"] = {"id": "bestaat-niet", "property": "children"}


def _injected_output(body, _key):
    body["output"] = f"{SQL_INJECTION[0]}.children"


def _another_callbacks_output(body, key):
    other = next(k for k in sorted(CALLBACKS) if k != key)
    body["output"] = CALLBACKS[other]["output"]


def _extra_input(body, _key):
    body["inputs"] = [*body["inputs"], body["inputs"][0]]


def _fewer_inputs(body, _key):
    body["inputs"] = body["inputs"][:-1]


def _oversized_value(body, _key):
    first = body["inputs"][0]
    if isinstance(first, dict):
        first["value"] = "A" * OVERSIZE


def _pop(name):
    return lambda entry: entry.pop(name, None)


def _rename(entry):
    entry["id"] = "bestaat-niet"


MUTATIONS = {
    "unknown-output": _unknown_output,
    "sql-injection-as-output": _injected_output,
    "another-callbacks-output": _another_callbacks_output,
    "missing-output": _drop("output"),
    "missing-outputs": _drop("outputs"),
    "missing-inputs": _drop("inputs"),
    "missing-state": _drop("state"),
    "missing-changedPropIds": _drop("changedPropIds"),
    "inputs-an-object": _set("inputs", {"id": "x", "property": "value", "value": 1}),
    "inputs-null": _set("inputs", None),
    "inputs-numbers": lambda body, _key: body.__setitem__("inputs", [5] * len(body["inputs"])),
    "state-an-object": _set("state", {"a": 1}),
    "input-without-value": _each_input(_pop("value")),
    "input-without-id": _each_input(_pop("id")),
    "input-ids-unknown": _each_input(_rename),
    "one-input-too-many": _extra_input,
    "one-input-too-few": _fewer_inputs,
    "changedPropIds-null": _set("changedPropIds", None),
    "changedPropIds-junk": _set("changedPropIds", ["geen-punt", 5, None]),
    "changedPropIds-unknown": _set("changedPropIds", ["bestaat-niet.value"]),
    "outputs-a-number": _set("outputs", 5),
    "outputs-junk": _set("outputs", [5]),
    "oversized-padding": _set("opvulling", "x" * OVERSIZE),
    "oversized-value": _oversized_value,
}
DASH_DISPATCH = (
    "Dash's dispatch (dash/dash.py _initialize_context/_prepare_callback, dash/_utils.py "
    "inputs_to_vals, dash/_validate.py) raises on it"
)
# mutation -> what raises; the dispatch errors could become a 400 in an error handler.
KNOWN_DISPATCH_CRASHES = {
    "unknown-output": f"{DASH_DISPATCH}: KeyError 'Callback function not found for output'",
    "sql-injection-as-output": f"{DASH_DISPATCH}: KeyError 'Callback function not found'",
    "another-callbacks-output": (
        f"{DASH_DISPATCH}: CallbackException 'Output does not match callback definition' / "
        "'Wrong length output_spec', IndexError"
    ),
    "missing-output": f"{DASH_DISPATCH}: KeyError 'output'",
    "missing-outputs": (
        f"{DASH_DISPATCH}: CallbackException 'Wrong length output_spec', "
        "InvalidCallbackReturnValue 'output 0 is a wildcard multi-output'"
    ),
    "missing-inputs": f"{DASH_DISPATCH}: 'Inputs do not match callback definition', IndexError",
    "missing-state": f"{DASH_DISPATCH}: IndexError in _prepare_callback (callbacks with State)",
    "inputs-an-object": f"{DASH_DISPATCH}: TypeError in inputs_to_vals",
    "inputs-null": f"{DASH_DISPATCH}: TypeError 'NoneType' object is not iterable",
    "inputs-numbers": f"{DASH_DISPATCH}: TypeError 'int' object is not subscriptable",
    "state-an-object": f"{DASH_DISPATCH}: TypeError in inputs_to_vals",
    "input-without-id": f"{DASH_DISPATCH}: KeyError 'id' in inputs_to_vals",
    "one-input-too-many": f"{DASH_DISPATCH}: 'Inputs do not match callback definition'",
    "one-input-too-few": f"{DASH_DISPATCH}: 'Inputs do not match callback definition', IndexError",
    "changedPropIds-null": f"{DASH_DISPATCH}: TypeError 'NoneType' object is not iterable",
    "changedPropIds-junk": (
        "dash's ctx.triggered_id calls .rpartition() on each changed prop id: AttributeError for "
        "a number, in the callbacks that read ctx.triggered_id (select_area of the general and "
        "theme dashboards, the DVO report)"
    ),
    "outputs-a-number": f"{DASH_DISPATCH}: TypeError / IndexError on the outputs list",
    "outputs-junk": f"{DASH_DISPATCH}: TypeError / IndexError on the outputs list",
}


def mutation_cases() -> list:
    return [
        pytest.param(
            name,
            marks=[
                pytest.mark.xfail(
                    strict=True,
                    raises=KnownCrash,
                    reason=f"500 for a request with {name}: {KNOWN_DISPATCH_CRASHES[name]}",
                )
            ]
            if name in KNOWN_DISPATCH_CRASHES
            else [],
            id=name,
        )
        for name in MUTATIONS
    ]


@pytest.mark.parametrize("mutation", mutation_cases())
def test_malformed_requests_to_every_callback(fuzz, mutation):
    crash_known = mutation in KNOWN_DISPATCH_CRASHES
    failures, crashes, sent = [], [], 0
    for key in sorted(CALLBACKS):
        for role, client in fuzz.clients.items():
            body = fuzz.base_body(key)
            MUTATIONS[mutation](body, key)
            answer = send(fuzz, client, body)
            sent += 1
            found = problems(answer, crash_known=crash_known)
            if found:
                failures.append(f"{key} as {role}: {found}")
            elif answer.status == 500:
                crashes.append(f"{key} as {role}")
    fuzz.counts.cases += sent
    assert not failures, "\n".join(failures[:30])
    if crashes:
        raise KnownCrash(f"{mutation}: 500 for {len(crashes)} of {sent} requests: {crashes[:5]}")


NOT_JSON = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    st.sampled_from([b"", b"{", b'{"output": ', b"\xff\xfe{}", b"{'output': 1}", b"NaN-"]),
)


def parses(data: bytes) -> bool:
    try:
        json.loads(data)
    except (ValueError, RecursionError):
        return False
    return True


def test_a_body_that_is_not_json_gets_a_clean_400(fuzz):
    client = fuzz.clients["projectleider"]

    @settings(max_examples=40, phases=[Phase.explicit, Phase.generate], derandomize=True)
    @given(data=NOT_JSON.filter(lambda d: not parses(d)))
    def check(data):
        fuzz.counts.generated += 1
        answer = send(fuzz, client, data=data, content_type="application/json")
        assert answer.status == 400, (data[:60], answer.status, answer.text[:200])
        assert not problems(answer), (data[:60], problems(answer))

    check()


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_body_not_sent_as_json_gets_a_clean_4xx(fuzz, content_type):
    body = json.dumps(fuzz.base_body("page-content.children"))
    answer = send(fuzz, fuzz.clients["projectleider"], data=body, content_type=content_type)
    fuzz.counts.cases += 1
    assert 400 <= answer.status < 500, (answer.status, answer.text[:200])
    assert not problems(answer), problems(answer)


@pytest.mark.xfail(
    strict=True,
    raises=KnownCrash,
    reason=(
        "500 for a JSON body that is not an object (null, a number, a string, a list): "
        "dash/dash.py _initialize_context calls body.get() on it (AttributeError)"
    ),
)
def test_a_json_body_that_is_not_an_object(fuzz):
    client = fuzz.clients["projectleider"]
    crashes = []

    def post(value) -> None:
        fuzz.counts.generated += 1
        answer = send(fuzz, client, data=json.dumps(value), content_type="application/json")
        assert not problems(answer, crash_known=True), (value, problems(answer))
        if answer.status == 500:
            crashes.append(json.dumps(value)[:40])

    post(None)

    @settings(max_examples=15, phases=[Phase.explicit, Phase.generate], derandomize=True)
    @given(value=JSON_VALUES.filter(lambda v: not isinstance(v, dict)))
    def check(value):
        post(value)

    check()
    if crashes:
        raise KnownCrash(f"500 for {len(crashes)} bodies, e.g. {crashes[:5]}")


@pytest.mark.xfail(
    strict=True,
    raises=KnownCrash,
    reason=(
        "500 for a request body with JSON nested deeper than Python's recursion limit: "
        "werkzeug's get_json turns a ValueError into 400, but json.loads raises RecursionError"
    ),
)
def test_deeply_nested_json(fuzz):
    """A normal callback request with one extra key that Dash ignores, nested `depth` deep."""
    client = fuzz.clients["projectleider"]
    base = json.dumps(fuzz.base_body("page-content.children"))
    crashes = []
    for depth in (50, 5_000, 50_000):
        for nested in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth):
            data = f'{base[:-1]}, "opvulling": {nested}}}'
            answer = send(fuzz, client, data=data, content_type="application/json")
            fuzz.counts.cases += 1
            assert not problems(answer, crash_known=depth > 100), (depth, problems(answer))
            if answer.status == 500:
                crashes.append(f"{nested[:2]}... {depth} deep")
    if crashes:
        raise KnownCrash(f"500 for {crashes}")


# --- 4. a long query string on each page (the page router) --------------------------------

LEAD = FUZZ_ROLES["projectleider"]


def router_cases() -> list:
    cases = []
    for page in pages.PAGES:
        marks = []
        if pages.allowed(page, LEAD.user()):  # a refused page is not built: nothing to parse
            marks.append(
                pytest.mark.xfail(
                    strict=True,
                    raises=KnownCrash,
                    reason=(
                        f"500 when {page.path} is opened with a query string of more than 20 "
                        "fields (/open-data: more than 10), e.g. a shared link ?a=1&a=1...: "
                        "the page's parser "
                        "(parse_qs with max_num_fields 40 in state.parse, 20 in "
                        "thema.parse_state, 10 in open_data.parse_state) or usage.track_view "
                        "(_params, 20, outside its try) raises ValueError"
                    ),
                )
            )
        cases.append(pytest.param(page.path, marks=marks, id=page.path))
    return cases


@pytest.mark.parametrize("path", router_cases())
def test_a_page_opened_with_a_long_query_string(fuzz, path):
    router = CALLBACKS["page-content.children"]
    crashes = []
    for fields in (5, 11, 21, 41, 400):
        body = plausible_body(router, path, fuzz.layouts)
        body["state"][0]["value"] = "?" + "&".join(f"gebied=GM{i:04d}" for i in range(fields))
        answer = send(fuzz, fuzz.clients["projectleider"], body)
        fuzz.counts.cases += 1
        assert not problems(answer, crash_known=True), (fields, problems(answer))
        if answer.status == 500:
            crashes.append(fields)
    assert 5 not in crashes, "a short query string must work"
    if crashes:
        raise KnownCrash(f"{path}: 500 with {crashes} fields")


def test_the_known_findings_name_real_callbacks_and_inputs():
    for key, entry in KNOWN_INPUT_CRASHES.items():
        assert key in CALLBACKS, f"known finding for a callback that no longer exists: {key}"
        names = {name for _, _, name in slots(key)}
        assert set(entry.slots) <= names, (key, set(entry.slots) - names)
        assert all(kinds <= set(VARIANTS) for kinds in entry.slots.values()), key
        assert entry.roles, key
    assert set(KNOWN_DISPATCH_CRASHES) <= set(MUTATIONS)
    for kind, values in VARIANTS.items():
        assert all(kind_of(v) == kind for v in values), kind


# --- the end: database intact, and what ran -----------------------------------------------


def test_the_database_is_intact_after_all_the_fuzzing(fuzz):
    assert table_state(fuzz.factory) == fuzz.baseline


def test_summary(fuzz):
    counts = fuzz.counts
    summary = (
        f"{len(CALLBACKS)} server callbacks x {len(FUZZ_ROLES)} roles "
        f"({', '.join(sorted(FUZZ_ROLES))}): {counts.cases + counts.generated} fuzz cases "
        f"({counts.generated} generated by hypothesis, {counts.cases} fixed), {counts.requests} "
        f"requests, {counts.tolerated} known 500s met while exploring, slowest request "
        f"{counts.slowest:.2f} s (limit {REQUEST_LIMIT_S} s)"
    )
    print(f"\ncallback fuzz: {summary}")
    assert counts.requests > 0, summary
    assert counts.slowest <= REQUEST_LIMIT_S, summary
