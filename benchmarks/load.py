"""Load test (`make loadtest`): gunicorn with 4 workers on wsgi:server on loopback, a Twente-size
PostgreSQL database and the Redis cache; first 20, then 50 simulated users (benchmarks/load_user.py)
for 2 minutes each, while a weekly police delivery is loaded every 30 s through the CLI.

Prints per request kind p50/p95/max latency, requests per second, the error rate with a sample
of each kind of error, and whether rows were lost: the registrations after a phase must equal
those before plus what the deliveries reported inserted. Exit code 1 on any error or lost row.
Run: `python -m benchmarks.load --help`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from benchmarks import bench_db, load_ingest, load_server
from benchmarks.load_user import Log, Site, User
from dashboard.data.db import make_engine, make_session_factory

REPO = Path(__file__).resolve().parents[1]
LOAD_URL = f"{bench_db.PG_SERVER}/veiligheid_load_twente"
REDIS = "redis://127.0.0.1:6379"
LOCK_KEY = "veiligheid-bench:load"
APP_PREFIX = "veiligheid:"  # dashboard/cache.py
SECRET_KEY = "load-test-secret-" + "x" * 40  # fixed: every worker signs sessions alike
USER_PASSWORD = "load-wachtwoord"


def _user_counts(raw: str) -> list[int]:
    try:
        counts = [int(n) for n in raw.split(",") if n.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"--users: gehele getallen, bv. 20,50 (niet {raw!r})"
        ) from exc
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"--users: minstens één positief aantal (niet {raw!r})")
    return counts


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds per user count")
    parser.add_argument("--users", type=_user_counts, default=[20, 50], help="e.g. 20,50")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--ingest-interval", type=float, default=30.0, help="seconds between deliveries"
    )
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.5, 2.0),
        metavar=("MIN", "MAX"),
        help="think time between a user's actions, seconds",
    )
    parser.add_argument("--db-url", default=LOAD_URL, help="the load test's PostgreSQL database")
    parser.add_argument(
        "--template",
        default=bench_db.PG_TWENTE_URL,
        help="copied when it holds a Twente build (make bench --reuse leaves one), else built",
    )
    parser.add_argument("--reuse", action="store_true", help="keep and reuse --db-url")
    parser.add_argument("--redis", default=REDIS, help="Redis server (a free database is used)")
    parser.add_argument(
        "--cbs-dir", type=Path, default=REPO.parent / "shared" / "data", help="shared CBS data"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if bench_db.same_database(args.db_url, bench_db.PG_NATIONAL_URL):
        parser.error("--db-url mag niet de landelijke database zijn (de test voegt rijen toe)")
    if args.duration <= 0 or args.workers < 1 or args.think[0] > args.think[1]:
        parser.error("--duration > 0, --workers >= 1 en --think MIN <= MAX")
    return args


# --- database, accounts, Redis ----------------------------------------------------------------


def prepare_database(args: argparse.Namespace) -> None:
    have = bench_db.incident_count(args.db_url)
    if have and args.reuse:
        print(f"Database hergebruikt: {make_url(args.db_url).database} ({have:,} registraties)")
        return
    bench_db.remove(args.db_url)
    if bench_db.incident_count(args.template) and bench_db.detect_scale(args.template) == "twente":
        print(f"Database kopiëren van {make_url(args.template).database} ...", flush=True)
        bench_db.pg_create(args.db_url, template=args.template)
    else:
        bench_db.build_twente(args.db_url, args.cbs_dir)


def create_users(factory, count: int) -> list[str]:
    """One account per simulated user (a logout ends every session of an account), each a
    gebruiker of a gemeente with every theme and the protocol accepted."""
    from dashboard.data.queries import areas as area_queries
    from dashboard.data.reference.themes import THEMES
    from dashboard.data.store import grants as grant_store
    from dashboard.data.store import protocol, users

    names = []
    with factory.begin() as session:
        gemeenten = [g.code for g in area_queries.areas(session, "gemeente")]
        versie = protocol.current_version(session).versie
        for k in range(count):
            name = f"load.{k + 1:03d}"
            user = users.upsert_user(
                session,
                name,
                role="gebruiker",
                gemeente_code=gemeenten[k % len(gemeenten)],
                password=USER_PASSWORD,
            )
            protocol.accept(session, user.id, versie)
            for theme in THEMES:
                grant_store.grant_theme(session, name, theme)
            names.append(name)
    return names


def site_of(factory, base_url: str) -> Site:
    from dashboard.data.queries import areas as area_queries
    from dashboard.data.reference.themes import THEMES

    with factory() as session:
        gemeenten = area_queries.areas(session, "gemeente")
        buurten = {
            g.code: tuple(b.code for b in area_queries.areas(session, "buurt", g)[:20])
            for g in gemeenten
        }
    return Site(base_url, tuple(g.code for g in gemeenten), buurten, tuple(THEMES))


def claim_redis(server: str, token: str):
    """The first Redis database (14 down to 1) that is empty and not claimed by another run."""
    import redis

    for number in range(14, 0, -1):
        client = redis.Redis.from_url(f"{server}/{number}", socket_timeout=5)
        if client.set(LOCK_KEY, token, nx=True, ex=3600):
            if client.dbsize() == 1:
                return number, client
            client.delete(LOCK_KEY)
    raise RuntimeError(f"geen vrije Redis-database (1-14) op {server}")


def release_redis(client, token: str) -> None:
    keys = list(client.scan_iter(match=f"{APP_PREFIX}*", count=500))
    if keys:
        client.delete(*keys)
    if client.get(LOCK_KEY) == token.encode():
        client.delete(LOCK_KEY)
    client.close()


def fact_count(factory) -> int:
    from dashboard.data.models import FactIncident

    with factory() as session:
        return session.scalar(select(func.count()).select_from(FactIncident)) or 0


# --- one phase --------------------------------------------------------------------------------


def phase(args, site: Site, names: list[str], users: int, factory, work: Path) -> dict:
    log = Log()
    deliveries: list[load_ingest.Delivery] = []
    source = load_ingest.WeekSource.from_database(factory)
    before = fact_count(factory)
    stop = threading.Event()
    start = time.monotonic()
    deadline = start + args.duration
    ingest = threading.Thread(
        target=load_ingest.run_loop,
        args=(source, args.db_url, work, args.ingest_interval, deadline, deliveries, stop),
    )
    ingest.start()
    threads = []
    for k in range(users):
        user = User(site, log, names[k], USER_PASSWORD, seed=args.seed * 1000 + k)
        thread = threading.Thread(target=user.run, args=(deadline, tuple(args.think)))
        threads.append(thread)
        thread.start()
        time.sleep(min(5.0, args.duration / 4) / users)  # logins spread over a few seconds
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    stop.set()
    ingest.join()
    after = fact_count(factory)
    return {
        "users": users,
        "seconds": elapsed,
        "records": log.records,
        "deliveries": deliveries,
        "before": before,
        "after": after,
    }


# --- report -----------------------------------------------------------------------------------


def _p(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def print_phase(result: dict) -> bool:
    records = result["records"]
    print(f"\n== {result['users']} gelijktijdige gebruikers, {result['seconds']:.0f} s ==")
    print(f"{'soort verzoek':<28}{'n':>7}{'fout':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    kinds = sorted({r.kind for r in records})
    for kind in [*kinds, "alle verzoeken"]:
        rows = records if kind == "alle verzoeken" else [r for r in records if r.kind == kind]
        ms = [r.ms for r in rows]
        errors = sum(1 for r in rows if r.error)
        print(
            f"{kind:<28}{len(rows):>7}{errors:>6}{_p(ms, 50):>9.1f}{_p(ms, 95):>9.1f}"
            f"{max(ms):>9.1f}"
        )
    errors = [r for r in records if r.error]
    rate = len(errors) / len(records) if records else 1.0
    print(
        f"verzoeken per seconde: {len(records) / result['seconds']:.1f}; "
        f"foutpercentage: {rate:.2%} ({len(errors)} van {len(records)})"
    )
    if errors:
        print("Fouten (soort: aantal, voorbeeld):")
        for (kind, status), n in Counter((r.kind, r.status) for r in errors).most_common():
            sample = next(r.error for r in errors if (r.kind, r.status) == (kind, status))
            print(f"  {kind} [{status or 'uitzondering'}]: {n}x, bv. {sample[:300]}")
    deliveries = result["deliveries"]
    inserted = sum(d.inserted for d in deliveries)
    failed = [d for d in deliveries if d.status != "geladen"]
    times = ", ".join(f"{d.seconds:.1f}" for d in deliveries)
    print(
        f"leveringen: {len(deliveries)} (toegevoegd {inserted:,}; seconden per levering: {times})"
    )
    for d in failed:
        print(f"  LEVERING MISLUKT: {d.error}")
    kept = result["after"] == result["before"] + inserted
    print(
        f"registraties voor {result['before']:,}, na {result['after']:,}, toegevoegd "
        f"{inserted:,}: {'OK, geen verloren rijen' if kept else 'NIET GEHAALD: rijen verloren'}"
    )
    ok = not errors and not failed and kept and bool(deliveries)
    print(f"doel: geen fouten, geen verloren rijen: {'OK' if ok else 'NIET GEHAALD'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    prepare_database(args)
    engine = make_engine(args.db_url)
    factory = make_session_factory(engine)
    names = create_users(factory, max(args.users))
    token = uuid.uuid4().hex
    number, redis_client = claim_redis(args.redis, token)
    ok = True
    try:
        with tempfile.TemporaryDirectory(prefix="veiligheid-load-") as tmp:
            directory = Path(tmp)
            environ = {
                "VEILIGHEID_MODE": "production",
                "VEILIGHEID_SECRET_KEY": SECRET_KEY,
                "VEILIGHEID_DATABASE_URL": args.db_url,
                "VEILIGHEID_REDIS_URL": f"{args.redis}/{number}",
                "VEILIGHEID_INSTANCE_DIR": str(directory),
                "VEILIGHEID_CACHE_TIMEOUT": "600",
            }
            server = load_server.start(directory, environ, args.workers)
            try:
                site = site_of(factory, server.base_url)
                print(
                    f"Belastingstest: gunicorn {args.workers} workers op {server.base_url}, "
                    f"PostgreSQL {make_url(args.db_url).database} ({fact_count(factory):,} "
                    f"registraties), Redis-database {number}, levering elke "
                    f"{args.ingest_interval:g} s, denktijd {args.think[0]:g}-{args.think[1]:g} s",
                    flush=True,
                )
                for users in args.users:
                    ok = print_phase(phase(args, site, names, users, factory, directory)) and ok
                    sys.stdout.flush()
            finally:
                server.stop()
                if server.process.returncode not in (0, None):
                    print(f"gunicorn stopte met code {server.process.returncode}")
    finally:
        release_redis(redis_client, token)
        engine.dispose()
        if not args.reuse:
            bench_db.remove(args.db_url)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
