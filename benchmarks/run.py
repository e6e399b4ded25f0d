"""`make bench`: first the table scale x database x scenario (benchmarks/scale.py), then, on a
Twente-size database, the general dashboard in detail (server times and payload sizes of the
callbacks fired by a filter change, and the boundary downloads), the thematic dashboards, usage
tracking, reports, deliveries and extrapolation, each beside its targets.

Timings are printed, not asserted: they depend on the machine. The exit code is 1 when a callback
failed or the app, pandas and DuckDB disagreed. Requests go through Flask's test client, so the
times are server time without network. Run: `python -m benchmarks.run --help`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchmarks import bench_db, scale
from benchmarks.bench_db import BenchDb

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CBS_DIR = REPO.parent / "shared" / "data"
REUSE_DIR = REPO / "instance" / "bench"  # git-ignored
SCALES = ("twente", "national")
DATABASES = ("sqlite", "postgresql")


def _names(allowed: tuple[str, ...]):
    def parse(raw: str) -> tuple[str, ...]:
        names = tuple(n.strip() for n in raw.split(",") if n.strip())
        wrong = [n for n in names if n not in allowed]
        if wrong or not names:
            raise argparse.ArgumentTypeError(
                f"onbekend: {', '.join(wrong) or '(leeg)'}; kies uit {', '.join(allowed)}"
            )
        return names

    return parse


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument(
        "--db",
        help="database URL or SQLite file to measure instead of the table's databases "
        "(the detailed sections run on it too)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help=f"reuse built databases (SQLite in {REUSE_DIR.relative_to(REPO)}/, the bench's "
        "PostgreSQL database, --db) instead of building them again",
    )
    parser.add_argument(
        "--scales", type=_names(SCALES), help="comma list of twente,national (default: both)"
    )
    parser.add_argument(
        "--databases",
        type=_names(DATABASES),
        help="comma list of sqlite,postgresql (default: both)",
    )
    parser.add_argument(
        "--pg-twente", default=bench_db.PG_TWENTE_URL, help="the bench's Twente PostgreSQL URL"
    )
    parser.add_argument(
        "--pg-national",
        default=bench_db.PG_NATIONAL_URL,
        help="the national PostgreSQL URL (reused when it exists, never dropped)",
    )
    parser.add_argument(
        "--build-national",
        action="store_true",
        help="build a missing national database with `veiligheid demo --scale national` "
        "(many minutes); without it a missing one is skipped",
    )
    parser.add_argument(
        "--sqlite-dir",
        type=Path,
        help=f"folder of the SQLite bench databases (default: {REUSE_DIR.relative_to(REPO)}/ "
        "with --reuse, else a temporary folder)",
    )
    parser.add_argument(
        "--states", type=int, default=24, help="filter changes per scenario in the table"
    )
    parser.add_argument(
        "--table-only", action="store_true", help="only the table, not the other sections"
    )
    parser.add_argument(
        "--scale", type=float, default=bench_db.TWENTE_SCALE, help="Twente demo scale"
    )
    parser.add_argument(
        "--cbs-dir", type=Path, default=DEFAULT_CBS_DIR, help="shared CBS data (geo/, cbs/)"
    )
    parser.add_argument(
        "--changes", type=int, default=60, help="filter changes of the detailed section"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the filter states")
    parser.add_argument("--skip-ingest", action="store_true", help="skip the delivery benchmarks")
    args = parser.parse_args(argv)
    if args.changes < 1 or args.states < 1:
        parser.error("--changes and --states must be at least 1")
    return args


def table_databases(args: argparse.Namespace, sqlite_dir: Path) -> list[BenchDb]:
    """--db alone measures that database; otherwise every chosen scale x database."""
    dbs = []
    if args.db:
        url = bench_db.as_url(args.db)
        scale_name = "twente"  # without --reuse it is (re)built at Twente size
        kept = args.reuse or bench_db.same_database(url, args.pg_national)
        if kept and bench_db.incident_count(url):
            scale_name = bench_db.detect_scale(url)
        dbs.append(BenchDb(scale_name, bench_db.kind_of(url), url))
        if not args.scales and not args.databases:
            return dbs
    pg = {"twente": args.pg_twente, "national": args.pg_national}
    for scale_name in args.scales or SCALES:
        for kind in args.databases or DATABASES:
            url = (
                pg[scale_name]
                if kind == "postgresql"
                else f"sqlite:///{sqlite_dir}/{scale_name}.db"
            )
            if not any(bench_db.same_database(url, d.url) for d in dbs if d.kind == kind):
                dbs.append(BenchDb(scale_name, kind, url))
    return dbs


def sections(args: argparse.Namespace, db: BenchDb) -> int:
    """Everything besides the table, on one Twente-size database."""
    from benchmarks import general, thema
    from benchmarks import reports as report_bench
    from benchmarks import usage as usage_bench
    from benchmarks.bench_app import served
    from benchmarks.dash_calls import view_callbacks
    from dashboard import pages

    print(f"\nOverige onderdelen op {db.label} ({db.shown()})")
    with served(db.url) as bench:
        client, factory = bench.client, bench.factory
        outputs = view_callbacks(client.get("/_dash-dependencies").get_json())
        results, geo_rows, again = general.measure(
            client, outputs, factory, args.changes, args.seed
        )
        usage_rows = usage_bench.run(factory)
        print("\nRapportages maken ...", flush=True)
        titles = {p.path: p.title for p in pages.PAGES}
        report_rows = report_bench.run(factory, titles)
        print("\nThematische dashboards meten ...", flush=True)
        theme_rows = thema.run(client, factory, bench.clear_cache)
    general.print_report(results, geo_rows, again)
    thema.print_rows(theme_rows)
    usage_bench.print_rows(usage_rows)
    report_bench.print_rows(report_rows)
    if args.skip_ingest or not args.cbs_dir.is_dir():
        pass
    elif db.kind != "sqlite":
        print("\nLeveringen: alleen op een SQLite-database gemeten (kopie van het bestand).")
    else:
        from benchmarks import ingest

        print("\nLeveringen meten ...", flush=True)
        path = Path(db.url.split("///", 1)[1])
        with tempfile.TemporaryDirectory(prefix="veiligheid-bench-ingest-") as work:
            ingest.print_rows(ingest.run(path, Path(work), args.cbs_dir, args.scale))
    from benchmarks import extrapolation_eval, extrapolation_speed

    extrapolation_speed.print_row(*extrapolation_speed.run())
    extrapolation_eval.print_report(args.cbs_dir)  # prints nothing without the shared data
    return 1 if results.failures or thema.failures(theme_rows) else 0


def national_themes(db: BenchDb) -> int:
    """The thematic dashboards on a national database: the Twente detail section's theme table
    (benchmarks/thema.py), the one other part whose queries grow with the country."""
    from benchmarks import thema
    from benchmarks.bench_app import served

    print(f"\nThematische dashboards op {db.label} ({db.shown()}) ...", flush=True)
    with served(db.url) as bench:
        rows = thema.run(bench.client, bench.factory, bench.clear_cache)
    thema.print_rows(rows)
    return 1 if thema.failures(rows) else 0


def detail_database(args: argparse.Namespace, rows: list[scale.Row]) -> BenchDb | None:
    """--db when given, else the Twente SQLite database of the table, if it was measured."""
    measured = [r.db for r in rows if not r.skipped]
    if args.db:
        chosen = [d for d in measured if d.url == bench_db.as_url(args.db)]
    else:
        chosen = [d for d in measured if d.scale == "twente" and d.kind == "sqlite"]
    return chosen[0] if chosen else None


def run(args: argparse.Namespace, sqlite_dir: Path) -> int:
    dbs = table_databases(args, sqlite_dir)
    rows = scale.run(
        dbs,
        reuse=args.reuse,
        cbs_dir=args.cbs_dir,
        states=args.states,
        seed=args.seed,
        national_url=args.pg_national,
        build_national=args.build_national,
    )
    scale.print_table(rows)
    scale.print_boundaries(rows)
    scale.print_problems(rows)
    status = 1 if scale.failed(rows) else 0
    if not args.table_only:
        db = detail_database(args, rows)
        if db is None:
            print("\nOverige onderdelen overgeslagen: geen Twente-SQLite gemeten (of --db).")
        elif bench_db.detect_scale(db.url) != "twente":
            print("\nOverige onderdelen alleen op Twente-schaal; gebruik --table-only.")
        else:
            status = max(status, sections(args, db))
        for measured in dict.fromkeys(r.db for r in rows if not r.skipped):
            if measured.scale == "national":
                status = max(status, national_themes(measured))
    if not args.reuse:
        for db in dbs:  # the bench's own Twente PostgreSQL database goes; nothing else
            if db.scale == "twente" and db.kind == "postgresql" and not args.db:
                bench_db.remove(db.url, protected=(args.pg_national,))
    return status


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.sqlite_dir or args.reuse:
        directory = args.sqlite_dir or REUSE_DIR
        directory.mkdir(parents=True, exist_ok=True)
        return run(args, directory.resolve())
    with tempfile.TemporaryDirectory(prefix="veiligheid-bench-") as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
