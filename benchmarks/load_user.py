"""One simulated user of the load test: logs in through the real form (CSRF token included),
opens pages as the browser does (the page, /_dash-layout, /_dash-dependencies, the page router
callback) and changes filters as real callback POSTs, with think times in between.

Every request is recorded with its kind, latency and status; anything but 2xx/304 (302 for the
login form) or an exception is an error."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

import requests

from benchmarks import dash_calls
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.frame import PAGE, URL
from dashboard.layouts.thema import THEMA
from dashboard.measures import theme_selection
from dashboard.state import MAIN_CATEGORIES, ViewState, to_search

TIMEOUT_S = 60
PERIODS = ("4w", "maand", "kwartaal", "jtd", "12m")


@dataclass
class Record:
    kind: str
    ms: float
    status: int | None  # None: an exception
    error: str = ""


@dataclass
class Log:
    records: list[Record] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)


@dataclass(frozen=True)
class Site:
    """What users choose from: areas and themes of the database under load."""

    base_url: str
    gemeenten: tuple[str, ...]
    buurten: dict[str, tuple[str, ...]]  # gemeente -> some of its buurten
    themes: tuple[str, ...]


class User:
    def __init__(self, site: Site, log: Log, username: str, password: str, seed: int):
        self.site, self.log = site, log
        self.username, self.password = username, password
        self.rng = random.Random(seed)
        self.http = requests.Session()
        self.dependencies: list[dict] = []
        self.page = ""

    # --- requests -----------------------------------------------------------------------------

    def _request(self, kind: str, method: str, path: str, ok=(200, 304), **kwargs):
        start = time.perf_counter()
        try:
            response = self.http.request(
                method,
                self.site.base_url + path,
                timeout=TIMEOUT_S,
                allow_redirects=False,
                **kwargs,
            )
        except requests.RequestException as exc:
            ms = (time.perf_counter() - start) * 1000
            self.log.add(Record(kind, ms, None, f"{type(exc).__name__}: {exc}"[:300]))
            return None
        ms = (time.perf_counter() - start) * 1000
        good = response.status_code in ok or (200 <= response.status_code < 300 and 200 in ok)
        error = "" if good else f"{method} {path}: {response.status_code} {response.text[:200]}"
        self.log.add(Record(kind, ms, response.status_code, error))
        return response if good else None

    def _callback(self, kind: str, body: dict) -> None:
        self._request(kind, "POST", "/_dash-update-component", json=body)

    # --- what a user does ---------------------------------------------------------------------

    def login(self) -> bool:
        page = self._request("GET /login", "GET", "/login")
        if page is None:
            return False
        form = {
            "username": self.username,
            "password": self.password,
            "csrf_token": dash_calls.csrf_token(page.text),
        }
        return self._request("POST /login", "POST", "/login", ok=(302,), data=form) is not None

    def open_page(self, path: str, search: str = "") -> bool:
        """The page's HTML, then what the Dash renderer fetches, then the page router."""
        kind = "GET /thema/..." if path.startswith("/thema/") else f"GET {path}"
        if self._request(kind, "GET", path + search) is None:
            return False
        self._request("GET /_dash-layout", "GET", "/_dash-layout")
        deps = self._request("GET /_dash-dependencies", "GET", "/_dash-dependencies")
        if deps is None:
            return False
        if not self.dependencies:
            self.dependencies = deps.json()
        self.page = path
        router = dash_calls.find_dependency(self.dependencies, f"{PAGE}.children")
        self._callback(
            "POST paginarouter",
            dash_calls.body(
                router["output"],
                [{"id": URL, "property": "pathname", "value": path}],
                [{"id": URL, "property": "search", "value": search}],
            ),
        )
        return True

    def _state(self) -> ViewState:
        rng = self.rng
        level = rng.choice(("regio", "gemeente", "gemeente", "buurt"))
        area = None
        if level != "regio":
            gemeente = rng.choice(self.site.gemeenten)
            area = gemeente
            if level == "buurt" and self.site.buurten.get(gemeente):
                area = rng.choice(self.site.buurten[gemeente])
        categories = MAIN_CATEGORIES
        if rng.random() < 0.4:
            categories = tuple(c for c in MAIN_CATEGORIES if rng.random() < 0.5) or categories
        return ViewState(
            periode=rng.choice(PERIODS),
            vergelijking=rng.choice(("vorige", "vorig_jaar")),
            hoofdcategorieen=categories,
            maat=rng.choice(("aantal", "per1000")),
            trend=rng.choice(("week", "maand")),
        ).with_area(area)

    def change_filter(self) -> None:
        """What one filter change sends: the filters to the URL and view store, then the four
        callbacks that read the view store."""
        state = self._state()
        sync = dash_calls.find_dependency(self.dependencies, f"{ALGEMEEN.view}.data")
        values = {
            (ALGEMEEN.period, "value"): state.periode,
            (ALGEMEEN.dates, "start_date"): None,
            (ALGEMEEN.dates, "end_date"): None,
            (ALGEMEEN.comparison, "value"): state.vergelijking,
            (ALGEMEEN.gemeente, "value"): state.gemeente,
            (ALGEMEEN.wijk, "value"): state.wijk,
            (ALGEMEEN.buurt, "value"): state.buurt,
            (ALGEMEEN.hoofdcategorie, "value"): list(state.hoofdcategorieen),
            (ALGEMEEN.codes, "value"): [],
            (ALGEMEEN.measure, "value"): state.maat,
            (ALGEMEEN.grain, "value"): state.trend,
            (ALGEMEEN.horizon, "value"): 0,
        }
        inputs = [
            {
                "id": i["id"],
                "property": i["property"],
                "value": values.get((i["id"], i["property"])),
            }
            for i in sync["inputs"]
        ]
        self._callback("POST filters -> URL", dash_calls.body(sync["output"], inputs))
        search = to_search(state)
        for name, dep in dash_calls.view_callbacks(self.dependencies).items():
            self._callback(f"POST {name}", dash_calls.view_body(dep, search))

    def open_theme(self) -> None:
        slug = self.rng.choice(self.site.themes)
        path = f"/thema/{slug}"
        if not self.open_page(path):
            return
        gebied = self.rng.choice((None, *self.site.gemeenten))
        search = theme_selection.to_search(theme_selection.ThemeState(gebied=gebied))
        for dep in self.dependencies:
            if dash_calls.reads_store(dep, THEMA.view):
                body = dash_calls.store_body(dep, THEMA.view, search, path)
                self._callback("POST thema-callback", body)

    def run(self, deadline: float, think_s: tuple[float, float]) -> None:
        if not self.login():
            return
        if not self.open_page("/"):
            return
        while time.monotonic() < deadline:
            time.sleep(self.rng.uniform(*think_s))
            if time.monotonic() >= deadline:
                break
            roll = self.rng.random()
            if roll < 0.7:
                if self.page != "/" and not self.open_page("/"):
                    continue
                self.change_filter()
            elif roll < 0.85:
                self.open_theme()
            else:
                self.open_page("/")
