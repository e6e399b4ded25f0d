"""Hostile requests to `/_dash-update-component` (issue 9), against every server callback of the
app's own callback map, as a gebruiker (with one theme grant, so the theme callbacks run their
code too) and as projectleider: wrong types and hostile strings in every input, malformed JSON,
unknown outputs, missing keys and oversized payloads.

Every answer must be a clean 4xx, or 200/204 with a normal Dash answer; never a 500, never a
traceback in the body, and within REQUEST_LIMIT_S. After the SQL-injection runs the database
still has its tables and its row counts.

A request the renderer never sends (wrong shape, unknown output, inputs that do not match the
callback, JSON that is not an object or is nested too deep) gets 400 from auth/dash_request.py;
an input value of the wrong type gets 400 from the callback's parser (dashboard.inputs).

A new finding (a 500) can be listed in KNOWN_INPUT_CRASHES or KNOWN_DISPATCH_CRASHES until it
is fixed; it is then marked xfail(strict=True) with the reason: such a test first reproduces its
finding deterministically (so strict holds), explores further, fails normally on anything new,
and ends with KnownCrash while the finding is still there.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, text

from dashboard import pages
from dashboard.inputs import MAX_QUERY_FIELDS
from tests.conftest import database_copy, make_app, shared_demo_snapshot
from tests.integration.test_authorization_map import (
    ADMIN,
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


# callback key -> the inputs and kinds of value that give a 500 (found by this file); empty
# since the dispatch check (auth/dash_request.py) and dashboard.inputs.InvalidInput. A new
# finding is listed here with known(...) until it is fixed.
KNOWN_INPUT_CRASHES: dict[str, Known] = {}


# --- the site ------------------------------------------------------------------------------


@dataclass
class Counts:
    cases: int = 0  # fixed cases: reproductions, SQL injection, mutations, bodies
    generated: int = 0  # hypothesis examples
    requests: int = 0
    tolerated: int = 0  # known 500s met while exploring
    slowest: float = 0.0
    edge: int = 0  # cases of the edge-value grid (section 5)
    per_callback: Counter = field(default_factory=Counter)  # requests per callback key
    seconds: Counter = field(default_factory=Counter)  # time per callback key


@dataclass
class Fuzz:
    app: object
    factory: object
    layouts: object
    clients: dict
    baseline: dict
    admin: object = None  # an admin's client on a copy of its own (section 5)
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
    snapshot = shared_demo_snapshot(folder, seed=9, scale=0.05, years=1)
    with database_copy(snapshot, folder) as (url, factory, _):
        prepare(factory, folder)
        app = make_app(url)
        app.server.config["PROPAGATE_EXCEPTIONS"] = False  # a crash answers 500, as in production
        clients = {name: role.login(app) for name, role in FUZZ_ROLES.items()}
        # A worker's first Metingen request imports scipy.stats (the Likert intervals), some
        # seconds on a busy machine: paid here, so REQUEST_LIMIT_S measures the request.
        import scipy.stats  # noqa: F401

        baseline = table_state(factory)
        # The admin's callbacks change accounts and the protocol (a published text would send
        # the other roles to the protocol page): the admin works on a copy of its own.
        (folder / "beheer").mkdir()
        with database_copy(snapshot, folder / "beheer") as (admin_url, _, _):
            admin_app = make_app(admin_url)
            admin_app.server.config["PROPAGATE_EXCEPTIONS"] = False
            admin = ADMIN.login(admin_app)
            yield Fuzz(app, factory, build_layouts(app, factory), clients, baseline, admin)


# --- sending and judging ------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    text: str
    seconds: float
    json: object


def send(fuzz: Fuzz, client, body=None, *, data=None, content_type=None, key=None) -> Answer:
    """One request; `key` (the callback's) counts it for the summary per callback."""
    started = time.perf_counter()
    if data is None:
        response = client.post(UPDATE, json=body)
    else:
        response = client.post(UPDATE, data=data, content_type=content_type)
    seconds = time.perf_counter() - started
    fuzz.counts.requests += 1
    if key is not None:
        fuzz.counts.per_callback[key] += 1
        fuzz.counts.seconds[key] += seconds
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
    return send(fuzz, client, body, key=key)


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
# mutation -> what raises (a 500 today); empty since auth/dash_request.py checks the body.
KNOWN_DISPATCH_CRASHES: dict[str, str] = {}
# Requests the renderer never sends: auth/dash_request.py answers 400 before Dash sees them.
# ("missing-state" only for a callback with State: the renderer leaves it out otherwise.)
REFUSED = set(MUTATIONS) - {
    "missing-changedPropIds",  # Dash reads it as no change (the initial call)
    "missing-state",
    "input-without-value",  # the renderer leaves out a value that is undefined
    "oversized-padding",  # an unknown key: Dash ignores it (the size limit is separate)
    "oversized-value",  # a value: the callback decides
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
            answer = send(fuzz, client, body, key=key)
            sent += 1
            found = problems(answer, crash_known=crash_known)
            refused = mutation in REFUSED or (
                mutation == "missing-state" and CALLBACKS[key]["state"]
            )
            if refused and answer.status != 400 and not found:
                found = [f"status {answer.status}, expected 400: {answer.text[:200]}"]
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


def test_a_json_body_that_is_not_an_object_gets_a_clean_400(fuzz):
    client = fuzz.clients["projectleider"]

    def post(value) -> None:
        fuzz.counts.generated += 1
        answer = send(fuzz, client, data=json.dumps(value), content_type="application/json")
        assert answer.status == 400, (value, answer.status, answer.text[:200])
        assert not problems(answer), (value, problems(answer))

    post(None)

    @settings(max_examples=15, phases=[Phase.explicit, Phase.generate], derandomize=True)
    @given(value=JSON_VALUES.filter(lambda v: not isinstance(v, dict)))
    def check(value):
        post(value)

    check()


def test_deeply_nested_json_gets_a_clean_400(fuzz):
    """A normal callback request with one extra key that Dash ignores, nested `depth` deep:
    fine while Python's json parses it, a 400 (not a RecursionError's 500) beyond."""
    client = fuzz.clients["projectleider"]
    base = json.dumps(fuzz.base_body("page-content.children"))
    for depth in (50, 5_000, 50_000):
        for nested in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth):
            data = f'{base[:-1]}, "opvulling": {nested}}}'
            answer = send(fuzz, client, data=data, content_type="application/json")
            fuzz.counts.cases += 1
            assert not problems(answer), (depth, problems(answer))
            assert answer.status == (200 if depth == 50 else 400), (depth, answer.status)


def test_a_refused_request_says_why_without_echoing_it(fuzz):
    body = fuzz.base_body("page-content.children")
    body["output"] = SQL_INJECTION[0]
    answer = send(fuzz, fuzz.clients["projectleider"], body)
    fuzz.counts.cases += 1
    assert answer.status == 400
    assert answer.json == {"error": "ongeldig verzoek", "detail": "onbekende output"}


def test_an_input_of_the_wrong_type_is_named_in_the_400(fuzz):
    """A callback's parser refuses a value no browser sends (dashboard.inputs.InvalidInput)."""
    key = "filter-gemeente.value(+6)"
    slot = next(s for s in slots(key) if s[2] == "filter-gemeente.value")
    answer = send_value(fuzz, fuzz.clients["projectleider"], key, slot, ["GM0153"])
    fuzz.counts.cases += 1
    assert answer.status == 400
    assert answer.json == {"error": "ongeldige invoer", "detail": "gemeente: verwacht tekst"}


def test_beheer_refuses_a_username_that_is_not_text_naming_the_field(fuzz):
    """Issue 18: "gebruiker toevoegen" with a number, list, object or boolean as the name
    answered 500; now the shared 400 that names the field, and no account is added."""
    key = "beheer-toevoegen-melding.children(+2)"
    slot = next(s for s in slots(key) if s[2] == "beheer-nieuw-gebruikersnaam.value")
    for value in (7, ["nieuw"], {"naam": "nieuw"}, True):
        answer = send_value(fuzz, fuzz.admin, key, slot, value)
        fuzz.counts.cases += 1
        assert answer.status == 400, (value, answer.status, answer.text[:200])
        assert answer.json == {
            "error": "ongeldige invoer",
            "detail": "gebruikersnaam: verwacht tekst",
        }


def set_values(body: dict, values: dict) -> dict:
    for section in ("inputs", "state"):
        for item in body[section]:
            name = f"{item['id']}.{item['property']}" if isinstance(item, dict) else None
            if name in values:
                item["value"] = values[name]
    return body


def test_a_period_outside_what_a_page_offers_is_named_not_shown(fuzz):
    """Issue 18: an open-data period, a Gebruik range and an annotation's dates at the
    calendar's edges get a Dutch message instead of figures for year 1 or 9999."""
    client = fuzz.clients["projectleider"]
    body = set_values(
        fuzz.base_body("opendata-titel.children(+8)"),
        {
            "opendata-periode.value": "jaar:0001-01-01",
            "opendata-soort.value": "0.0.0",
            "opendata-niveau.value": "gemeente",
        },
    )
    answer = send(fuzz, client, body, key="opendata-titel.children(+8)")
    assert answer.status == 200, answer.text[:200]
    title = answer.json["response"]["opendata-titel"]["children"]
    assert title == "Voor deze periode zijn geen open data geladen; kies een periode."

    key = "gebruik-titel.children(+8)"
    body = set_values(
        fuzz.base_body(key),
        {"gebruik-periode.start_date": "0001-01-01", "gebruik-periode.end_date": "0001-12-31"},
    )
    answer = send(fuzz, client, body, key=key)
    assert answer.status == 200, answer.text[:200]
    title = json.dumps(answer.json["response"]["gebruik-titel"]["children"])
    assert "De gekozen periode is niet getoond: kies datums van 01-01-2000 t/m 31-12-" in title

    key = "algemeen-duiding-formulier.is_open(+11)"
    body = set_values(
        fuzz.base_body(key),
        {
            "algemeen-duiding-van.value": "0001-01-01",
            "algemeen-duiding-tot.value": "9999-12-31",
            "algemeen-duiding-gebied.value": "GM9901",
            "algemeen-duiding-tekst.value": "Datums aan de rand van de kalender",
        },
    )
    body["changedPropIds"] = ["algemeen-duiding-opslaan.n_clicks"]
    answer = send(fuzz, client, body, key=key)
    assert answer.status == 200, answer.text[:200]
    message = answer.json["response"]["algemeen-duiding-melding"]["children"]
    assert message.startswith("Kies datums van 01-01-2000 t/m 31-12-"), message
    fuzz.counts.cases += 3


def test_open_data_for_a_gemeente_that_does_not_exist_says_so(fuzz):
    """E.g. a shared link from before a merger: a message, not a crash on the missing area."""
    from dashboard.data.queries import crime_periods
    from dashboard.measures import open_data as open_data_measure

    with fuzz.factory() as session:
        kind, start = crime_periods.available_periods(session)[0]
        soort = crime_periods.available_types(session)[0]
    chosen = {
        "opendata-periode": open_data_measure.period_value(kind, start),
        "opendata-soort": soort,
        "opendata-niveau": "gemeente",
        "opendata-gemeente": "GM9999",
    }
    body = fuzz.base_body("opendata-titel.children(+8)")
    for item in body["inputs"]:
        item["value"] = chosen[item["id"]]
    answer = send(fuzz, fuzz.clients["gebruiker+cybercrime"], body)
    fuzz.counts.cases += 1
    assert answer.status == 200, answer.text[:200]
    title = answer.json["response"]["opendata-titel"]["children"]
    assert title == "Deze gemeente bestaat niet (meer); kies een gemeente uit de lijst."


# --- 4. a long query string on each page (the page router) --------------------------------


def open_page(fuzz: Fuzz, path: str, search: str) -> Answer:
    body = plausible_body(CALLBACKS["page-content.children"], path, fuzz.layouts)
    body["state"][0]["value"] = search
    fuzz.counts.cases += 1
    return send(fuzz, fuzz.clients["projectleider"], body)


@pytest.mark.parametrize("path", [page.path for page in pages.PAGES])
def test_a_page_opened_with_a_long_query_string(fuzz, path):
    """A link with more fields than any view has (junk appended, e.g. ?a=1&a=1...) opens the
    page in its default view, as any field the page does not know does."""
    default = open_page(fuzz, path, "")
    assert default.status == 200, default.text[:200]
    for fields in (5, 11, 21, MAX_QUERY_FIELDS, MAX_QUERY_FIELDS + 1, 400):
        search = "?" + "&".join(f"gebied=GM{i:04d}" for i in range(fields))
        answer = open_page(fuzz, path, search)
        assert not problems(answer), (fields, problems(answer))
        assert answer.status == 200, (fields, answer.status)
        if fields > MAX_QUERY_FIELDS:
            assert answer.json == default.json, f"{path} with {fields} fields: not the default"


# --- 5. edge values in every input: calendar edges, wrong types, long and nested values -----
#
# A deterministic grid (issue 18): every value below into every input and state of every
# callback, for each role, so that the classes are covered for each input, not only where
# hypothesis happens to land. Periods come in three forms: as a date picker's value, as the
# URL's query string (the general dashboard's, a theme's, the open-data page's) and as a
# dropdown's value; a view store holds such a query string too.

EDGE_DAYS = (
    "0001-01-01",
    "0001-01-02",
    "0001-12-31",
    "0000-01-01",
    "1900-01-01",
    "2000-02-29",
    "2023-02-29",
    "2023-02-30",
    "2023-13-01",
    "9999-01-01",
    "9999-12-31",
    "10000-01-01",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59.999999",
    "2023-02-30T12:00",
)
EDGE_PERIODS = (
    ("0001-01-02", "0001-12-31"),
    ("1900-01-01", "9999-12-31"),
    ("0001-01-01", "0001-01-01"),
    ("9999-12-31", "9999-12-31"),
    ("9999-01-01", "9999-12-31"),
    ("0001-01-01", "9999-12-31"),
    ("9999-12-31", "0001-01-01"),
    ("2000-02-29", "2000-02-29"),
    ("2000-02-29", "2023-02-30"),
    ("1900-01-01", "1900-12-31"),
)
GENERAL_SEARCHES = (
    *(
        f"?periode=aangepast&van={van}&tot={tot}&vergelijking={('vorige', 'vorig_jaar')[i % 2]}"
        for i, (van, tot) in enumerate(EDGE_PERIODS)
    ),
    *(f"?periode={p}&van=0001-01-01&tot=9999-12-31" for p in ("4w", "maand", "kwartaal", "jtd")),
)
THEME_PERIODS = ("0000", "0001", "1900", "9999")
OPEN_DATA_PERIODS = ("jaar:0001-01-01", "maand:9999-12-31", "jaar:2023-02-30", "maand:0000-01-01")
PERIOD_SEARCHES = (
    *GENERAL_SEARCHES,
    *(f"?periode={p}&bron=politie" for p in THEME_PERIODS),
    *(f"?periode={p}&soort=0.0.0&niveau=gemeente" for p in OPEN_DATA_PERIODS),
)
NUMBERS = (0, 1, -1, 2**53, 2**63, -(2**63) - 1, 10**30, 1.5, -0.0, 1e308, True, False)
NUMBER_TEXTS = ("0", "1", "-1", "99999999999999999999999", "1e308", "NaN", "Infinity", "0x1F")


def nested(depth: int, leaf, as_dict: bool):
    for _ in range(depth):
        leaf = {"a": leaf} if as_dict else [leaf]
    return leaf


LONG_STRINGS = ("A" * 10_000, "2023-01-01," * 2_000, "9" * 5_000, "\u00eb" * 20_000)
NESTED_VALUES = (
    {"start_date": "0001-01-01", "end_date": "9999-12-31"},
    ["0001-01-01", "9999-12-31"],
    [[["2023-02-30"]]],
    nested(30, "9999-12-31", as_dict=False),
    nested(30, 10**30, as_dict=True),
    {"soort": "wijzig", "id": 2**70},
    {"soort": "verwijder", "id": "1"},
    {"soort": "wijzig", "id": -(2**63) - 1},
    [{"id": 10**30, "status": "0001-01-01"}],
    {"periode": {"van": "0001-01-01", "tot": "9999-12-31"}},
)
EDGE_VALUES = (
    *EDGE_DAYS,
    *PERIOD_SEARCHES,
    *THEME_PERIODS[::2],  # as a dropdown's value (the searches hold them all)
    *OPEN_DATA_PERIODS[::2],
    *NUMBERS,
    *NUMBER_TEXTS,
    *LONG_STRINGS,
    *NESTED_VALUES,
)
# A few of each class, for the callbacks that redraw a whole page on any trigger (25-70 ms a
# request, where the rest take 3-6): every input still gets every class, at a tenth of the time.
EDGE_SAMPLE = (
    "0001-01-01",
    "9999-12-31",
    "2023-02-30",
    "0000-01-01",
    GENERAL_SEARCHES[0],
    GENERAL_SEARCHES[1],
    f"?periode={THEME_PERIODS[1]}&bron=politie",
    OPEN_DATA_PERIODS[0],
    0,
    2**63,
    1.5,
    True,
    "99999999999999999999999",
    "NaN",
    LONG_STRINGS[0],
    LONG_STRINGS[1],
    NESTED_VALUES[0],
    NESTED_VALUES[3],
    NESTED_VALUES[5],
)
HEAVY_CALLBACKS = {
    "metingen-rondes.rowData(+8)",
    "gebruik-titel.children(+8)",
    "gebruik-download.data",
}
EDGE_CASES_WANTED = 20_000  # the grid's size over all callbacks, inputs and roles


def reachable(fuzz: Fuzz, key: str, role) -> bool:
    """Whether the role may open a page of the callback (otherwise its answer is a 403 that
    the authorization tests check; the grid spends its requests on code that runs)."""
    return any(pages.allowed(p, role.user()) for p in fuzz.layouts.pages_of(CALLBACKS[key]))


def grid_keys(fuzz: Fuzz, role) -> list[str]:
    """The callbacks a role runs in the grid: those of its pages; the admin runs the ones no
    other role reaches (Beheer)."""
    if role is ADMIN:
        return sorted(
            k for k in CALLBACKS if not any(reachable(fuzz, k, r) for r in FUZZ_ROLES.values())
        )
    return sorted(k for k in CALLBACKS if reachable(fuzz, k, role))


def edge_grid(fuzz: Fuzz, client, keys: list[str]) -> tuple[int, list[str]]:
    """Every edge value into every slot of the callbacks; (cases sent, what went wrong)."""
    failures, sent = [], 0
    for key in keys:
        for slot in slots(key):
            for value in edge_values(key):
                answer = send_value(fuzz, client, key, slot, value)
                sent += 1
                found = problems(answer)
                if found:
                    failures.append(f"{key} {slot[2]}={json.dumps(value)[:80]}: {found}")
    fuzz.counts.edge += sent
    fuzz.counts.cases += sent
    return sent, failures


def edge_values(key: str) -> tuple:
    return EDGE_SAMPLE if key in HEAVY_CALLBACKS else EDGE_VALUES


def planned(keys) -> int:
    return sum(len(edge_values(k)) * len(slots(k)) for k in keys)


GRID_ROLES = (*sorted(FUZZ_ROLES), ADMIN.name)


def test_the_edge_grid_covers_every_callback_with_enough_cases(fuzz):
    roles = [*FUZZ_ROLES.values(), ADMIN]
    covered = {k for role in roles for k in grid_keys(fuzz, role)}
    assert covered == set(CALLBACKS), set(CALLBACKS) - covered
    assert sum(planned(grid_keys(fuzz, role)) for role in roles) >= EDGE_CASES_WANTED
    assert len(set(map(json.dumps, EDGE_VALUES))) == len(EDGE_VALUES)
    assert set(map(json.dumps, EDGE_SAMPLE)) <= set(map(json.dumps, EDGE_VALUES))
    assert set(CALLBACKS) >= HEAVY_CALLBACKS


@pytest.mark.parametrize("role", GRID_ROLES)
def test_edge_values_in_every_input(fuzz, role):
    """Calendar edges, invalid dates, numbers for text and text for numbers, long strings,
    nested JSON and URLs with such periods: never a 5xx, as this role (the admin on a copy
    of its own)."""
    if role == ADMIN.name:
        keys, client = grid_keys(fuzz, ADMIN), fuzz.admin
    else:
        keys, client = grid_keys(fuzz, FUZZ_ROLES[role]), fuzz.clients[role]
    assert keys, f"{role} reaches no callback"
    sent, failures = edge_grid(fuzz, client, keys)
    assert not failures, f"{len(failures)} of {sent}:\n" + "\n".join(failures[:30])
    assert sent == planned(keys)


@pytest.mark.parametrize("path", [page.path for page in pages.PAGES])
def test_every_page_opened_with_an_edge_period(fuzz, path):
    """A shared link with a period at or past the calendar's edges opens the page."""
    failures = []
    for search in PERIOD_SEARCHES:
        answer = open_page(fuzz, path, search)
        fuzz.counts.per_callback["page-content.children"] += 1
        fuzz.counts.edge += 1
        if problems(answer) or answer.status != 200:
            failures.append(f"{search}: {answer.status} {problems(answer)}")
    assert not failures, "\n".join(failures)


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
    print(f"edge-value grid (section 5): {counts.edge} cases; requests per callback:")
    for key in sorted(CALLBACKS):
        print(f"  {counts.per_callback[key]:6d}  {counts.seconds[key]:6.1f} s  {key}")
    assert counts.requests > 0, summary
    assert counts.slowest <= REQUEST_LIMIT_S, summary
