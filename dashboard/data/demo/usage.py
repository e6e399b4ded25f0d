"""Demo usage history: a year of plausible use by one colleague per gemeente and the demo
accounts, so that the Gebruik page, the measurement rounds and the DVO report show something
on first run. Use grows over the year (the dashboard is being adopted), weekdays more than
weekends; views carry filter changes and chosen areas like real ones.

The colleagues share one random password that is never shown (hashed once: argon2 is slow by
design, and the national demo has 342 of them): they exist for the history only."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import numpy as np
import orjson
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from dashboard.data.models import DimArea, UsageEvent, User
from dashboard.data.reference.themes import THEMES
from dashboard.data.store import audit, deliverables, protocol
from dashboard.data.store import grants as grant_store
from dashboard.data.store import users as user_store

DAYS = 365
COLLEAGUE_PREFIX = "demo."
# name, share of views (project pages only for the project roles, themes only with a grant)
PAGES = (("/", 0.62), ("/open-data", 0.08), ("theme", 0.22), ("/databronnen", 0.04))
PROJECT_PAGES = (("/gebruik", 0.5), ("/databronnen", 0.5))
FILTERS = (
    ("periode", 0.26),
    ("gebied", 0.3),
    ("hc", 0.14),
    ("codes", 0.06),
    ("maat", 0.1),
    ("trend", 0.06),
    ("vergelijking", 0.08),
)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "gemeente"


def _colleagues(session: Session, rng: np.random.Generator) -> list[User]:
    """One gebruiker per gemeente (made or refreshed), with one or two theme grants."""
    jaar = session.scalar(select(DimArea.indeling_jaar).order_by(DimArea.indeling_jaar.desc()))
    gemeenten = session.execute(
        select(DimArea.code, DimArea.naam)
        .where(DimArea.niveau == "gemeente", DimArea.indeling_jaar == jaar)
        .order_by(DimArea.code)
    ).all()
    versie = protocol.current_version(session).versie
    themes = list(THEMES)
    password_hash = user_store.hash_password(secrets.token_urlsafe(24))
    made = []
    for code, naam in gemeenten:
        username = f"{COLLEAGUE_PREFIX}{_slug(naam.split('(')[0])}"
        user = _colleague(session, username, code, password_hash)
        for theme in rng.choice(themes, size=int(rng.integers(1, 3)), replace=False):
            grant_store.grant_theme(session, username, str(theme), by="demo")
        protocol.accept(session, user.id, versie, by="demo")
        made.append(user)
    return made


def _colleague(session: Session, username: str, gemeente_code: str, password_hash: str) -> User:
    """A demo colleague made or refreshed with the shared hash (users.upsert_user hashes a
    password per account), audited as the user commands are."""
    user = user_store.get_user(session, username)
    action = "gebruiker_bijgewerkt" if user else "gebruiker_toegevoegd"
    if user is None:
        user = User(username=username)
        session.add(user)
    else:
        user_store.end_sessions(user)
    user.role, user.gemeente_code, user.active = "gebruiker", gemeente_code, True
    user.password_hash = password_hash
    session.flush()
    details = {"gebruiker": username, "rol": "gebruiker", "gemeente": gemeente_code}
    audit.record(session, "demo", action, details)
    return user


def _buurten(session: Session) -> dict[str, list[str]]:
    jaar = session.scalar(select(DimArea.indeling_jaar).order_by(DimArea.indeling_jaar.desc()))
    out: dict[str, list[str]] = {}
    for code, gemeente in session.execute(
        select(DimArea.code, DimArea.gemeente_code).where(
            DimArea.niveau == "buurt", DimArea.indeling_jaar == jaar
        )
    ):
        out.setdefault(gemeente, []).append(code)
    return out


def _pick(rng: np.random.Generator, options) -> str:
    names, weights = zip(*options, strict=True)
    weights = np.asarray(weights, dtype=float)
    return str(rng.choice(names, p=weights / weights.sum()))


def _view(rng, user: User, grants: list[str], buurten: dict[str, list[str]], when) -> dict:
    if user.role in ("admin", "projectleider") and rng.random() < 0.35:
        page = _pick(rng, PROJECT_PAGES)
    else:
        page = _pick(rng, PAGES)
        if page == "theme":
            page = f"/thema/{rng.choice(grants)}" if grants else "/"
        if page == "/databronnen" and user.role == "gebruiker":
            page = "/"
    changes = int(rng.poisson(2.2))
    filters: dict[str, int] = {}
    areas: dict[str, int] = {}
    for _ in range(changes):
        name = _pick(rng, FILTERS)
        filters[name] = filters.get(name, 0) + 1
        if name == "gebied":
            home = user.gemeente_code or str(rng.choice(sorted(buurten)))
            local = buurten.get(home, [])
            code = str(rng.choice(local)) if local and rng.random() < 0.45 else home
            areas[code] = areas.get(code, 0) + 1
    details = {k: v for k, v in (("filters", filters), ("gebieden", areas)) if v}
    return {
        "soort": "weergave",
        "pagina": page,
        "tijdstip": when,
        "filterwijzigingen": changes,
        "details": orjson.dumps(details).decode() if details else None,
    }


# Where the project stands in the demo: what this product already does is ready.
DEMO_RESULTS = {
    "gereed": (
        "A-a",
        "A-b",
        "A-c",
        "A-d",
        "A-e",
        "T-a",
        "T-b",
        "T-c",
        "T-d",
        "T-e",
        "T-f",
        "T-g",
        "T-h",
    ),
    "in uitvoering": ("A-f", "A-g", "A-h", "A-i"),
}


def set_demo_results(session: Session, end: dt.date) -> None:
    """The project checklist with the demo's statuses, owners and dates."""
    deliverables.ensure_defaults(session)
    rows = deliverables.table(session).to_dict("records")
    for row in rows:
        for status, codes in DEMO_RESULTS.items():
            if row["code"] in codes:
                row["status"] = status
        row["eigenaar"] = "Projectleider" if row["code"].startswith("A") else "Expertgroepen"
        row["datum"] = end if row["status"] == "gereed" else None
    deliverables.save(session, rows, by="demo")


def build_usage_demo(session: Session, seed: int, end: dt.date) -> int:
    """Replace the usage history with a synthetic year up to `end`; returns the event count."""
    rng = np.random.default_rng(seed + 2_000)  # its own stream
    session.execute(delete(UsageEvent))
    colleagues = _colleagues(session, rng)
    demo_accounts = list(
        session.scalars(
            select(User).where(User.username.in_(("admin", "projectleider", "gebruiker")))
        )
    )
    grants = grant_store.themes_by_user(session)
    buurten = _buurten(session)
    rows = []
    start = end - dt.timedelta(days=DAYS - 1)
    for user in [*demo_accounts, *colleagues]:
        keen = rng.uniform(0.6, 1.4)  # some colleagues use it more than others
        user_themes = sorted(grants.get(user.id, frozenset())) or (
            list(THEMES) if user.role != "gebruiker" else []
        )
        for offset in range(DAYS):
            day = start + dt.timedelta(days=offset)
            adoption = 0.12 + 0.43 * offset / DAYS  # from about one day in eight to one in two
            chance = adoption * keen * (1.0 if day.weekday() < 5 else 0.06)
            if rng.random() >= min(chance, 0.95):
                continue
            moment = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(
                minutes=int(rng.integers(0, 9 * 60))
            )
            who = {
                "username": user.username,
                "gemeente_code": user.gemeente_code,
                "role": user.role,
            }
            rows.append({**who, "soort": "login", "pagina": None, "tijdstip": moment})
            for k in range(int(rng.integers(1, 5))):
                when = moment + dt.timedelta(minutes=2 + 6 * k)
                rows.append({**who, **_view(rng, user, user_themes, buurten, when)})
                if rng.random() < 0.08:
                    rows.append(
                        {**who, "soort": "download", "pagina": rows[-1]["pagina"], "tijdstip": when}
                    )
            if user.role == "projectleider" and rng.random() < 0.03:
                rows.append({**who, "soort": "rapport", "pagina": "/gebruik", "tijdstip": moment})
    defaults = {"details": None, "filterwijzigingen": 0}
    session.execute(insert(UsageEvent), [{**defaults, **row} for row in rows])
    return len(rows)
