"""Server time of the general dashboard's filter callbacks on an existing (national) database,
per scenario: the whole country, one gemeente (the largest, and random ones), one buurt.

Requests go through Flask's test client like a browser's (auth guard, Dash, JSON), so the times
are server time without network. It asserts nothing. Build the database first, e.g.
  VEILIGHEID_DATABASE_URL=postgresql+psycopg://.../veiligheid_national \
    veiligheid demo --scale national
then: python -m benchmarks.national_probe --db postgresql+psycopg://.../veiligheid_national
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

from dashboard import ids
from dashboard.config import Config
from dashboard.data import queries
from dashboard.data.db import make_engine, make_session_factory
from dashboard.state import MAIN_CATEGORIES, MK_CODE_RE, ViewState, to_search

REPO = Path(__file__).resolve().parents[1]
CALLBACKS = {
    "hoofd (kpi/kaart/tabel)": f"{ids.TITLE}.children",
    "trend": f"{ids.TREND}.figure",
    "heatmap": f"{ids.HEATMAP}.figure",
    "profiel": f"{ids.PROFILE}.children",
}
VIEW_INPUT = {"id": ids.VIEW, "property": "data"}
PERIODS = ("4w", "maand", "kwartaal", "jtd", "12m", "aangepast")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.national_probe", description=__doc__
    )
    parser.add_argument("--db", required=True, help="database URL (an existing demo database)")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="demo-admin")
    parser.add_argument("--states", type=int, default=30, help="filter states per scenario")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def login(client, user: str, password: str) -> None:
    page = client.get("/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    response = client.post(
        "/login", data={"username": user, "password": password, "csrf_token": token}
    )
    if response.status_code != 302:
        sys.exit(f"Inloggen als {user} mislukt (status {response.status_code}).")


def find_outputs(client) -> dict[str, tuple[str, list[dict]]]:
    """Output string and inputs of each view-driven callback (other inputs get no value)."""
    found = {}
    for dep in client.get("/_dash-dependencies").get_json():
        inputs = [{"id": i["id"], "property": i["property"]} for i in dep["inputs"]]
        if not inputs or inputs[0] != VIEW_INPUT:
            continue
        for name, wanted in CALLBACKS.items():
            if wanted in dep["output"]:
                found[name] = (dep["output"], inputs)
    return found


def output_specs(output: str):
    multi = output.startswith("..")
    parts = output[2:-2].split("...") if multi else [output]
    specs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    return specs if multi else specs[0]


def fire(client, callback: tuple[str, list[dict]], search: str) -> tuple[float, int]:
    output, inputs = callback
    body = {
        "output": output,
        "outputs": output_specs(output),
        "inputs": [{**VIEW_INPUT, "value": search}, *({**i, "value": None} for i in inputs[1:])],
        "changedPropIds": [f"{ids.VIEW}.data"],
        "state": [],
    }
    start = time.perf_counter()
    response = client.post("/_dash-update-component", json=body)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(
            f"status {response.status_code}: {response.get_data(as_text=True)[:300]}"
        )
    return elapsed, len(response.get_data())


def states(rng: random.Random, area: str | None, latest, codes_by_cat, n: int) -> list[str]:
    """Every period preset in turn; categories, codes, comparison and measure at random."""
    import datetime as dt

    out = []
    for i in range(n):
        periode = PERIODS[i % len(PERIODS)]
        van = tot = None
        if periode == "aangepast":
            tot = latest - dt.timedelta(days=rng.randint(0, 700))
            van = tot - dt.timedelta(days=rng.randint(6, 400))
        cats = MAIN_CATEGORIES
        if rng.random() < 0.6:
            chosen = set(rng.sample(MAIN_CATEGORIES, rng.randint(1, 4)))
            cats = tuple(c for c in MAIN_CATEGORIES if c in chosen)
        codes: tuple[str, ...] = ()
        if rng.random() < 0.25:
            pool = sorted(c for hc in cats for c in codes_by_cat.get(hc, []))
            codes = tuple(rng.sample(pool, min(len(pool), rng.randint(1, 4))))
        state = ViewState(
            periode=periode,
            van=van,
            tot=tot,
            vergelijking=rng.choice(("vorige", "vorig_jaar")),
            hoofdcategorieen=cats,
            codes=codes,
            maat=rng.choice(("aantal", "per1000")),
            trend=rng.choice(("week", "maand")),
        )
        out.append(to_search(state.with_area(area)))
    return out


def scenarios(factory, rng: random.Random) -> dict[str, list[str | None]]:
    with factory() as session:
        gemeenten = queries.areas(session, "gemeente")
        sizes = {g.code: len(queries.areas(session, "buurt", g)) for g in gemeenten}
        largest = max(sizes, key=sizes.get)
        sample = rng.sample([g.code for g in gemeenten], min(5, len(gemeenten)))
        buurten = [b.code for b in queries.areas(session, "buurt", queries.area(session, largest))]
    return {
        "land": [None],
        f"grootste gemeente ({largest}, {sizes[largest]} buurten)": [largest],
        "willekeurige gemeenten": sample,
        "buurt": rng.sample(buurten, min(3, len(buurten))),
    }


def main(argv=None) -> int:
    from dashboard import create_app

    args = parse_args(argv)
    rng = random.Random(args.seed)
    engine = make_engine(args.db)
    factory = make_session_factory(engine)
    with factory() as session:
        latest = queries.latest_data_date(session)
        options = queries.category_options(session)
    codes_by_cat = {
        hc: [c for c in group["mk_code"] if MK_CODE_RE.match(c)]
        for hc, group in options.groupby("hoofdcategorie")
    }
    config = Config(
        mode="production", database_url=args.db, secret_key="probe", instance_dir=REPO / "instance"
    )
    app = create_app(config)
    client = app.server.test_client()
    login(client, args.user, args.password)
    outputs = find_outputs(client)
    for output in outputs.values():  # warm-up: imports and caches are not a filter change
        fire(client, output, to_search(ViewState()))
    header = ("scenario", "callback", "n", "p50 ms", "p95 ms", "max", "KB")
    print("{:<44} {:<24} {:>4} {:>8} {:>8} {:>8} {:>7}".format(*header))
    for scenario, areas in scenarios(factory, rng).items():
        searches = []
        per_area = max(1, args.states // len(areas))
        for area in areas:
            searches += states(rng, area, latest, codes_by_cat, per_area)
        for name, output in outputs.items():
            times, sizes = [], []
            for search in searches:
                ms, size = fire(client, output, search)
                times.append(ms)
                sizes.append(size)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(
                f"{scenario[:44]:<44} {name:<24} {len(times):>4} {statistics.median(times):>8.1f} "
                f"{p95:>8.1f} {times[-1]:>8.1f} {statistics.mean(sizes) / 1024:>7.1f}"
            )
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
