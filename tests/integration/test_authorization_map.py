"""Authorization generated from the app's own maps (issue 9): every server callback of
`/_dash-dependencies`, every route of the URL map and every page of the page table, for every
role and grant. A new callback, route or page is covered without anyone adding a test.

How a callback is tied to a page: each page's layout is built (as admin, in a request context)
and walked for its component ids; a callback belongs to the pages whose layouts hold the ids of
its outputs, inputs and state (the shell's ids such as url and page-content are shared: a callback
with only shell ids, the page router, belongs to every page). It is then posted the way the
browser does, with the values of the page's initial layout, for each role:

- anonymous: 401 for every callback;
- a user who may not open the page (pages.allowed): 403, or (only the page router, listed in
  ANSWERS_FORBIDDEN_USERS) an answer that carries nothing of what an allowed user gets;
- a user who may: 200 or 204 with a normal Dash answer.
"""

from __future__ import annotations

import csv
import inspect
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from dash.development.base_component import Component
from flask_login import AnonymousUserMixin, login_user
from plotly.io.json import to_json_plotly
from sqlalchemy import select

from auth.user import CurrentUser
from dashboard import pages
from dashboard.data.ingest.open_data import load_open_data
from dashboard.data.models import IngestRun
from dashboard.data.store import grants as grant_store
from dashboard.data.store import protocol, users
from dashboard.layouts.components.frame import PAGE, URL
from tests.conftest import (
    PASSWORDS,
    database_copy,
    login,
    make_app,
    shared_demo_snapshot,
)
from tests.dash_requests import multi_output

UPDATE = "/_dash-update-component"
THEME_MEMBER = "lid-cybercrime"
THEME_MEMBER_PASSWORD = "lid-cybercrime-wachtwoord-1"
GRANTED_THEME = "cybercrime"
# Shell ids that every page shares; a callback whose ids are all here serves every page.
SHELL_IDS = {URL, PAGE}
# Callbacks that may answer a user who may not open the page with 200 instead of 403: the page
# router shows its "Geen toegang" page (the URL itself is a 403, see the route tests), and the
# frame's demo badge, which follows the router and stays hidden there. Every other callback must
# refuse with 403; these two are still checked to carry nothing of what an allowed user gets.
ANSWERS_FORBIDDEN_USERS = {"page-content.children", "demo-badge.hidden"}
# Routes that answer without a session. Deliberately written out here, not read from the guard:
# widening the guard's public list must fail this test until the list below agrees.
PUBLIC_RULES = {
    "/health",
    "/login",
    "/assets/<path:filename>",
    "/_favicon.ico",
    # Single sign-on: the start and the provider's callback come before any session exists.
    "/login/sso/<provider>",
    "/login/sso/<provider>/callback",
}
# What a script calls gets 401 rather than a redirect to the login page.
API_PREFIXES = ("/_dash-", "/_reload-hash", "/geo/", "/download/")
# Response keys whose values are presentation, not data (compared in forbidden answers).
PRESENTATION_KEYS = {"type", "namespace", "className", "class_name", "style"}


# --- the app's maps, read at collection time -----------------------------------------------


def served_dependencies(app) -> list[dict]:
    """What `/_dash-dependencies` serves, read through its own view function."""
    with app.server.test_request_context("/_dash-dependencies"):
        response = app.server.view_functions["/_dash-dependencies"]()
        return json.loads(response.get_data(as_text=True))


def server_callbacks(dependencies: list[dict]) -> list[dict]:
    """Clientside callbacks run in the browser and get nothing from the server: left out."""
    return [d for d in dependencies if not d.get("clientside_function")]


def split_outputs(dep: dict) -> list[tuple[str, str]]:
    """(id, property) of each output; property keeps Dash's "@hash" of allow_duplicate."""
    return [tuple(o.rsplit(".", 1)) for o in dep["output"].strip(".").split("...")]


def callback_key(dep: dict) -> str:
    """A short stable name: the first output, "@dup" for allow_duplicate, (+n) more outputs."""
    outputs = split_outputs(dep)
    cid, prop = outputs[0]
    name = f"{cid}.{prop.split('@')[0]}" + ("@dup" if "@" in prop else "")
    return name + (f"(+{len(outputs) - 1})" if len(outputs) > 1 else "")


# The app as the factory builds it; no request reaches its (empty, in-memory) database.
MAP_APP = make_app("sqlite://")
CALLBACKS = {callback_key(d): d for d in server_callbacks(served_dependencies(MAP_APP))}
assert len(CALLBACKS) == len(server_callbacks(served_dependencies(MAP_APP))), "keys collide"
RULES = sorted(r.rule for r in MAP_APP.server.url_map.iter_rules())


# --- roles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    name: str
    username: str | None  # None: anonymous
    role: str | None = None
    themes: frozenset[str] = frozenset()
    password: str | None = None

    def user(self):
        """The user as pages.allowed sees it."""
        if self.username is None:
            return AnonymousUserMixin()
        return CurrentUser(0, self.username, self.role, "GM9901", True, self.themes, True)

    def login(self, app):
        client = app.server.test_client()
        if self.username is not None:
            response = login(client, self.username, self.password)
            assert response.status_code == 302, (self.name, response.status_code)
        return client


ANONYMOUS = Role("anoniem", None)
ROLES = (
    ANONYMOUS,
    Role("gebruiker", "gebruiker", "gebruiker"),
    Role(
        f"gebruiker+{GRANTED_THEME}",
        THEME_MEMBER,
        "gebruiker",
        frozenset({GRANTED_THEME}),
        THEME_MEMBER_PASSWORD,
    ),
    Role("projectleider", "projectleider", "projectleider"),
    Role("admin", "admin", "admin"),
)
ADMIN = ROLES[-1]


# --- page layouts --------------------------------------------------------------------------


def id_key(component_id) -> str:
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def collect(node, out: dict[str, Component]) -> dict[str, Component]:
    """Every component with an id in a layout tree, by id (dict ids as canonical JSON)."""
    if isinstance(node, Component):
        if getattr(node, "id", None) is not None:
            out[id_key(node.id)] = node
        for name in node._prop_names:
            value = getattr(node, name, None)
            if isinstance(value, Component | list | tuple):
                collect(value, out)
    elif isinstance(node, list | tuple):
        for child in node:
            collect(child, out)
    return out


def matches(pattern: dict, key: str) -> bool:
    """A pattern-matching id ({"type": ..., "vraag": ["ALL"]}) against a component's dict id."""
    if not key.startswith("{"):
        return False
    concrete = json.loads(key)
    if set(concrete) != set(pattern):
        return False
    return all(isinstance(v, list) or concrete[k] == v for k, v in pattern.items())


def dep_ids(dep: dict) -> list[str]:
    return [cid for cid, _ in split_outputs(dep)] + [i["id"] for i in dep["inputs"] + dep["state"]]


@dataclass
class Layouts:
    shell: dict[str, Component]
    pages: dict[str, dict[str, Component]]  # page path -> its components

    def holds(self, path: str, cid: str) -> bool:
        components = self.pages[path]
        if cid.startswith("{"):
            return any(matches(json.loads(cid), k) for k in components)
        return cid in components

    def unknown_ids(self, dep: dict) -> list[str]:
        return [
            cid
            for cid in dep_ids(dep)
            if cid not in self.shell
            and cid not in SHELL_IDS
            and not any(self.holds(p, cid) for p in self.pages)
        ]

    def is_frame(self, dep: dict) -> bool:
        """A callback of the frame itself ("Mijn weergaven" in the navbar): all its ids are the
        shell's, beyond the router's url and page-content. It serves the logged-in user on
        every page and reads nothing of a page (its own check: the user's own account)."""
        ids = dep_ids(dep)
        return all(cid in self.shell for cid in ids) and not set(ids) <= SHELL_IDS

    def pages_of(self, dep: dict) -> list[pages.Page]:
        """The pages a callback serves: those holding its own ids; every page for the shell's."""
        own = [cid for cid in dep_ids(dep) if cid not in SHELL_IDS and cid not in self.shell]
        unknown = self.unknown_ids(dep)
        assert not unknown, (
            f"callback {dep['output']}: ids {unknown} are in no page layout; build the page "
            "with data in the fixture so that its components exist"
        )
        if not own:
            return list(pages.PAGES)
        return [p for p in pages.PAGES if any(self.holds(p.path, cid) for cid in own)]


def build_layouts(app, factory) -> Layouts:
    with factory() as session:
        admin = users.get_user(session, "admin")
        user = CurrentUser.from_model(admin, frozenset(), True)
    with app.server.test_request_context("/"):
        login_user(user)
        shell = collect(app.layout(), {})
        built = {p.path: collect(p.build(""), {}) for p in pages.PAGES}
    return Layouts(shell, built)


# --- plausible requests --------------------------------------------------------------------


def initial_value(item: dict, path: str, layouts: Layouts):
    cid, prop = item["id"], item["property"]
    if cid == URL:
        return {"pathname": path, "search": "", "hash": "", "href": f"http://localhost{path}"}.get(
            prop
        )
    if prop in ("n_clicks", "submit_n_clicks"):
        return 1  # a click: the data path of downloads and buttons runs
    component = layouts.pages.get(path, {}).get(cid) or layouts.shell.get(cid)
    return getattr(component, prop, None) if component is not None else None


def fill(items: list[dict], path: str, layouts: Layouts) -> list:
    filled = []
    for item in items:
        if item["id"].startswith("{"):  # pattern-matching: one entry per matching component
            pattern = json.loads(item["id"])
            entries = []
            for key, component in layouts.pages.get(path, {}).items():
                if matches(pattern, key):
                    concrete = json.loads(key)
                    value = (
                        concrete
                        if item["property"] == "id"
                        else getattr(component, item["property"], None)
                    )
                    entries.append({"id": concrete, "property": item["property"], "value": value})
            filled.append(entries)
        else:
            value = initial_value(item, path, layouts)
            filled.append({"id": item["id"], "property": item["property"], "value": value})
    return json.loads(to_json_plotly(filled))  # components and dates as the browser has them


def plausible_body(dep: dict, path: str, layouts: Layouts) -> dict:
    outputs = [{"id": cid, "property": prop} for cid, prop in split_outputs(dep)]
    first = dep["inputs"][0]
    return {
        "output": dep["output"],
        "outputs": outputs if multi_output(dep) else outputs[0],
        "inputs": fill(dep["inputs"], path, layouts),
        "changedPropIds": [f"{first['id']}.{first['property']}"],
        "state": fill(dep["state"], path, layouts),
    }


def post(client, body: dict):
    return client.post(UPDATE, json=body)


# --- the site: a private demo database with a theme member and open data --------------------


@dataclass
class Site:
    app: object
    factory: object
    layouts: Layouts
    clients: dict = field(default_factory=dict)
    requests: int = 0
    refused_with_200: set = field(default_factory=set)  # (callback, page, role) seen so far

    def client(self, role: Role):
        if role.name not in self.clients:
            self.clients[role.name] = role.login(self.app)
        return self.clients[role.name]


def write_open_data(path: Path, gemeente: str, buurt: str) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL)
        writer.writerow(
            ["ID", "SoortMisdrijf", "WijkenEnBuurten", "Perioden", "GeregistreerdeMisdrijven_1"]
        )
        writer.writerow([0, "0.0.0 ", f"{gemeente:<10}", "2025MM10", "80"])
        writer.writerow([1, "0.0.0 ", buurt, "2025MM10", "7"])
        writer.writerow([2, "1.1.1 ", f"{gemeente:<10}", "2025MM10", "9"])
    return path


def prepare(factory, folder: Path) -> None:
    """Open data (so the open-data page has its filters), a gebruiker with one theme, and the
    demo gebruiker without any grant."""
    from dashboard.data.queries import areas as area_queries

    with factory() as session:
        gemeente = area_queries.areas(session, "gemeente")[0]
        buurt = area_queries.areas(session, "buurt", gemeente)[0].code
    report = load_open_data(factory, write_open_data(folder / "open.csv", gemeente.code, buurt))
    assert report.status == "geladen", report.message
    with factory.begin() as session:
        member = users.add_user(
            session,
            THEME_MEMBER,
            role="gebruiker",
            gemeente_code=gemeente.code,
            password=THEME_MEMBER_PASSWORD,
        )
        grant_store.grant_theme(session, THEME_MEMBER, GRANTED_THEME)
        protocol.accept(session, member.id, protocol.current_version(session).versie)
        plain = users.get_user(session, "gebruiker")
        for theme in grant_store.themes_of(session, plain.id):
            grant_store.revoke_theme(session, "gebruiker", theme)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("authorization-map")
    snapshot = shared_demo_snapshot(folder, seed=5, scale=0.05, years=1)
    with database_copy(snapshot, folder) as (url, factory, _):
        prepare(factory, folder)
        app = make_app(url)
        # A crash is a 500 answer, as in production, instead of an exception in the test.
        app.server.config["PROPAGATE_EXCEPTIONS"] = False
        yield Site(app, factory, build_layouts(app, factory))


# --- callbacks -----------------------------------------------------------------------------


def data_leaves(value, out: set | None = None) -> set:
    """Strings (4+ characters) and numbers in a Dash answer, leaving out presentation."""
    out = set() if out is None else out
    if isinstance(value, dict):
        for key, child in value.items():
            if key not in PRESENTATION_KEYS:
                data_leaves(child, out)
    elif isinstance(value, list):
        for child in value:
            data_leaves(child, out)
    elif is_datum(value):
        out.add(value)
    return out


def is_datum(value) -> bool:
    if isinstance(value, str):
        return len(value) >= 4
    return isinstance(value, int | float) and not isinstance(value, bool) and value not in (0, 1)


def check_normal_answer(response, where: str) -> None:
    text = response.get_data(as_text=True)
    assert response.status_code in (200, 204), f"{where}: {response.status_code} {text[:300]}"
    if response.status_code == 200:
        answer = response.get_json()
        assert isinstance(answer, dict) and isinstance(answer.get("response"), dict), (
            f"{where}: not a Dash answer: {text[:300]}"
        )


def check_refused(site: Site, dep, key, page, role, body, response) -> None:
    """A user who may not open the page: 403, or (the listed router only) no data of it."""
    where = f"callback {dep['output']} on {page.path} as {role.name}"
    text = response.get_data(as_text=True)
    if response.status_code == 403:
        assert not any(cid in text for cid in site.layouts.pages[page.path]), (
            f"{where}: the 403 names components of the page: {text[:300]}"
        )
        return
    assert key in ANSWERS_FORBIDDEN_USERS, (
        f"{where}: answers {response.status_code} to a user who may not open the page; "
        f"it should refuse with 403 (require_roles / checked_theme). Body: {text[:300]}"
    )
    check_normal_answer(response, where)
    site.refused_with_200.add((key, page.path, role.name))
    if response.status_code == 204:
        return
    refused = data_leaves(response.get_json()["response"])
    allowed_answer = post(site.client(ADMIN), body)
    site.requests += 1
    check_normal_answer(allowed_answer, f"{where} (as admin)")
    shared = refused & data_leaves(allowed_answer.get_json().get("response", {}))
    assert not shared, f"{where}: the refusal carries data of the page: {sorted(map(str, shared))}"
    leaked_ids = [cid for cid in site.layouts.pages[page.path] if f'"{cid}"' in text]
    assert not leaked_ids, f"{where}: the refusal carries components of the page: {leaked_ids}"


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.name)
@pytest.mark.parametrize("key", sorted(CALLBACKS))
def test_every_callback_answers_each_role_as_its_page_allows(site, key, role):
    dep = CALLBACKS[key]
    client = site.client(role)
    if site.layouts.is_frame(dep):
        response = post(client, plausible_body(dep, "/", site.layouts))
        site.requests += 1
        where = f"frame callback {dep['output']} as {role.name}"
        if role is ANONYMOUS:
            assert response.status_code == 401, f"{where}: {response.status_code}"
        else:
            check_normal_answer(response, where)
        return
    checked = site.layouts.pages_of(dep)
    assert checked, f"callback {dep['output']} belongs to no page"
    for page in checked:
        body = plausible_body(dep, page.path, site.layouts)
        response = post(client, body)
        site.requests += 1
        where = f"callback {dep['output']} on {page.path} as {role.name}"
        if role is ANONYMOUS:
            assert response.status_code == 401, f"{where}: {response.status_code}"
        elif pages.allowed(page, role.user()):
            check_normal_answer(response, where)
        else:
            check_refused(site, dep, key, page, role, body, response)


def test_the_parametrized_callbacks_are_the_served_ones(site):
    """The collection-time map (which parametrizes the test above) is what the app serves."""
    assert site.client(ANONYMOUS).get("/_dash-dependencies").status_code == 401
    served = site.client(ADMIN).get("/_dash-dependencies").get_json()
    keys = {callback_key(d) for d in server_callbacks(served)}
    assert keys == set(CALLBACKS), {
        "served, not tested": sorted(keys - set(CALLBACKS)),
        "tested, not served": sorted(set(CALLBACKS) - keys),
    }
    clientside = [d["output"] for d in served if d.get("clientside_function")]
    assert len(served) == len(CALLBACKS) + len(clientside)


def test_every_server_callback_belongs_to_a_page(site):
    unknown = {key: site.layouts.unknown_ids(dep) for key, dep in CALLBACKS.items()}
    assert not {k: v for k, v in unknown.items() if v}, unknown
    by_page = {key: [p.path for p in site.layouts.pages_of(dep)] for key, dep in CALLBACKS.items()}
    # Sanity of the mapping itself: the router serves every page, each theme callback the five
    # theme pages, and the project pages' callbacks only their own page.
    assert len(by_page["page-content.children"]) == len(pages.PAGES)
    theme_paths = {p.path for p in pages.PAGES if p.theme}
    for key, paths in by_page.items():
        if key.startswith("thema-") or CALLBACKS[key]["inputs"][0]["id"].startswith("thema-"):
            assert set(paths) == theme_paths, (key, paths)
    restricted = [k for k, paths in by_page.items() if any(pages.find(p).roles for p in paths)]
    assert len(restricted) >= 15, restricted


# --- routes --------------------------------------------------------------------------------


def required_roles(view) -> frozenset[str] | None:
    """The roles a view demands through auth.permissions.require_roles (read from its closure)."""
    seen = view
    while seen is not None:
        try:
            allowed = inspect.getclosurevars(seen).nonlocals.get("allowed")
        except TypeError:  # not a plain function
            allowed = None
        if isinstance(allowed, frozenset):
            return allowed
        seen = getattr(seen, "__wrapped__", None)
    return None


@dataclass(frozen=True)
class Probe:
    method: str
    url: str
    may_be_missing: bool = False  # an example URL that names nothing: 404 is fine


def probes(site: Site, rule) -> list[Probe]:
    """Concrete requests for a URL rule: each page for the catch-all, real ids where known."""
    methods = rule.methods or set()
    method = "GET" if "GET" in methods else sorted(methods - {"OPTIONS", "HEAD"})[0]
    if rule.rule == "/<path:path>":
        paths = [p.path for p in pages.PAGES if p.path != "/"]
        return [Probe("GET", path) for path in paths] + [Probe("GET", "/bestaat-niet", True)]
    if rule.rule == "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>":
        index = site.client(ADMIN).get("/").get_data(as_text=True)
        found = re.search(r"/_dash-component-suites/[^\"']+", index)
        assert found, "the index page loads no component suite"
        return [Probe("GET", found.group(0))]
    values, missing = {}, False
    for argument in rule.arguments:
        converter = type(rule._converters[argument]).__name__
        if rule.endpoint == "downloads.rejected_rows" and argument == "run_id":
            with site.factory() as session:
                values[argument] = session.scalar(select(IngestRun.id).limit(1))
        elif rule.rule.startswith("/geo/") and argument == "level":
            values[argument] = "gemeente"
        elif rule.rule.startswith("/assets/"):
            values[argument] = "dashboard.css"
        else:  # a new rule: a value of the right type, which may name nothing
            values[argument] = 1 if converter == "IntegerConverter" else "bestaat-niet"
            missing = True
    _, url = rule.build(values, append_unknown=False)
    return [Probe(method, url, missing)]


def request(client, probe: Probe, body: dict | None = None):
    if probe.method == "GET":
        return client.get(probe.url)
    return client.open(probe.url, method=probe.method, json=body or {})


def rule_of(site: Site, text: str):
    return next(r for r in site.app.server.url_map.iter_rules() if r.rule == text)


def check_anonymous(rule, probe: Probe, response) -> None:
    where = f"route {rule.rule} ({probe.method} {probe.url}) anonymous"
    status = response.status_code
    if rule.rule in PUBLIC_RULES:
        assert status < 400 or (probe.may_be_missing and status == 404), f"{where}: {status}"
    elif probe.url.startswith(API_PREFIXES):
        assert status == 401, f"{where}: {status}"
    else:
        assert status == 302, f"{where}: {status}"
        assert response.headers["Location"].startswith("/login"), where


def expected_for(site: Site, rule, probe: Probe, role: Role) -> set[int]:
    roles = required_roles(site.app.server.view_functions[rule.endpoint])
    page = pages.find(probe.url.split("?")[0])
    if roles is not None:
        return {200} if role.role in roles else {403}
    if page is not None:
        return {200} if pages.allowed(page, role.user()) else {403}
    if rule.endpoint == "auth.login":
        return {302}  # logged in already, to the dashboard
    if rule.endpoint == "auth.logout":
        return {200}  # a GET only shows the confirm form (the POST needs the CSRF token)
    return {200, 304} | ({404} if probe.may_be_missing else set())


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.name)
@pytest.mark.parametrize("text", RULES)
def test_every_route_answers_each_role_as_it_should(site, text, role):
    rule = rule_of(site, text)
    assert rule.rule in {r.rule for r in MAP_APP.server.url_map.iter_rules()}
    for probe in probes(site, rule):
        where = f"route {rule.rule} ({probe.method} {probe.url}) as {role.name}"
        if role is ANONYMOUS:
            response = request(site.client(role), probe)
            site.requests += 1
            check_anonymous(rule, probe, response)
            continue
        # Logging out ends the session: that one gets a client of its own.
        client = role.login(site.app) if rule.endpoint == "auth.logout" else site.client(role)
        body = None
        if probe.url == UPDATE:  # the callbacks themselves are covered above
            router = CALLBACKS["page-content.children"]
            body = plausible_body(router, "/", site.layouts)
        response = request(client, probe, body)
        site.requests += 1
        expected = expected_for(site, rule, probe, role)
        assert response.status_code in expected, (
            f"{where}: {response.status_code}, expected {sorted(expected)}: "
            f"{response.get_data(as_text=True)[:200]}"
        )
        if rule.endpoint == "auth.logout":
            assert client.get("/_dash-layout").status_code == 200, f"{where}: a GET logged out"


def test_every_download_says_who_may_have_it():
    """A download is data: it names its roles (require_roles), so the route test checks both
    sides of them."""
    loose = [
        r.rule
        for r in MAP_APP.server.url_map.iter_rules()
        if r.rule.startswith("/download/")
        and required_roles(MAP_APP.server.view_functions[r.endpoint]) is None
    ]
    assert not loose, f"downloads without require_roles: {loose}"
    downloads = [r for r in MAP_APP.server.url_map.iter_rules() if r.rule.startswith("/download/")]
    assert len(downloads) >= 2


def test_the_explicit_public_list_is_all_that_answers_without_a_session(site):
    """Every GET route outside PUBLIC_RULES refuses an anonymous request (the parametrized test
    checks each; this one checks that the public list names existing routes only)."""
    rules = {r.rule for r in site.app.server.url_map.iter_rules()}
    assert rules >= PUBLIC_RULES, PUBLIC_RULES - rules


def test_coverage_summary(site):
    roles = [r.name for r in ROLES]
    refused = sorted({key for key, _, _ in site.refused_with_200})
    summary = (
        f"{len(CALLBACKS)} server callbacks, {len(RULES)} routes, {len(pages.PAGES)} pages, "
        f"{len(roles)} role/grant combinations ({', '.join(roles)}); "
        f"{site.requests} requests in this module so far; answering 200 (without data) to a "
        f"user who may not open the page: {refused} ({len(site.refused_with_200)} cases)"
    )
    print(f"\nauthorization map: {summary}")
    assert len(CALLBACKS) >= 40 and len(RULES) >= 15, summary
    assert set(refused) <= ANSWERS_FORBIDDEN_USERS, summary
    assert PASSWORDS.keys() <= {r.username for r in ROLES}, "every demo role is exercised"
