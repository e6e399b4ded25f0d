"""The `veiligheid` command: thin wrappers around the services, with clear messages and exit
codes (0 success, 1 internal error, 2 refused input)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from dashboard.config import ConfigError, load_config

EXIT_OK, EXIT_ERROR, EXIT_REFUSED = 0, 1, 2
CLI_ACTOR = "cli"  # the audit log's "who" for changes made at the terminal


def _factory(config):
    from dashboard.data.db import make_engine, make_session_factory, upgrade_schema

    engine = make_engine(config.database_url)
    upgrade_schema(engine)
    return make_session_factory(engine)


def cmd_init_db(args, config) -> int:
    from dashboard.data.db import transaction
    from dashboard.data.ops.loading import sync_categories

    with transaction(_factory(config)) as session:
        sync_categories(session)
    print(f"Database bijgewerkt tot de nieuwste versie: {_display_url(config.database_url)}")
    return EXIT_OK


def _display_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def cmd_demo(args, config) -> int:
    from dashboard.data.demo import twente_region as twente
    from dashboard.data.demo.generator import NATIONAL, NATIONAL_VOLUME, build_demo
    from dashboard.data.demo.national import NATIONAL_GEMEENTEN
    from dashboard.measures.measurement import close_open_round

    national = args.scale == NATIONAL or args.gemeenten is not None
    if national and args.cbs_dir:
        print(
            "Fout: --cbs-dir gebruikt echte gebieden; --scale national en --gemeenten maken een "
            "fictief Nederland. Kies een van beide.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    if args.fictief and args.cbs_dir:
        print(
            "Fout: --fictief maakt de fictieve demoregio; --cbs-dir gebruikt echte gebieden. "
            "Kies een van beide.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    # Without a choice the demo shows Twente from the public data shipped in the package.
    if args.cbs_dir:
        cbs_dir, regio_code, regio_naam = Path(args.cbs_dir), "RG01", "Regio"
    elif args.fictief or national:
        cbs_dir, regio_code, regio_naam = None, None, None
    else:
        cbs_dir, regio_code, regio_naam = twente.EXTRACT_DIR, twente.REGIO_CODE, twente.REGIO_NAAM
    regio_code = args.regio_code or regio_code or "RG01"
    regio_naam = args.regio_naam or regio_naam or "Regio"
    gemeenten = (args.gemeenten or NATIONAL_GEMEENTEN) if national else None
    scale = NATIONAL_VOLUME if args.scale == NATIONAL else args.scale
    factory = _factory(config)
    print("Demodatabase bouwen ...", flush=True)
    summary = build_demo(
        factory,
        cbs_dir=cbs_dir,
        regio_code=regio_code,
        regio_naam=regio_naam,
        seed=args.seed,
        scale=scale,
        years=args.jaren,
        end=args.tot,
        national_gemeenten=gemeenten,
        public_counts=cbs_dir is not None,
        progress=(lambda line: print(f"  {line}", flush=True)) if national else None,
        close_round=close_open_round,
    )
    print(
        f"Regio {summary.regio}: {summary.gemeenten} gemeenten, {summary.wijken} wijken, "
        f"{summary.buurten} buurten; {summary.incidents:,} registraties in "
        f"{summary.deliveries} weekleveringen ({summary.data_van} t/m {summary.data_tot})."
    )
    print("Demo-accounts (gebruikersnaam / wachtwoord / rol):")
    for username, role, password in summary.users:
        print(f"  {username:<15} {password:<22} {role}")
    print(
        f"Gebruiksgeschiedenis: {summary.usage_events:,} synthetische gebeurtenissen over een "
        "jaar, ook van collega's per gemeente (accounts 'demo.*' zonder bekend wachtwoord)."
    )
    if summary.calibration_year:
        print(
            f"De synthetische registraties volgen de openbare politiecijfers per buurt van "
            f"{summary.calibration_year}; de pagina Open data toont die echte tabel "
            f"({summary.open_data_rows:,} rijen)."
        )
    if args.serve:
        return cmd_serve(args, config)
    return EXIT_OK


def cmd_serve(args, config) -> int:
    from dashboard import create_app
    from dashboard.heap import freeze_startup_objects

    app = create_app(config)
    freeze_startup_objects()
    host = getattr(args, "host", None) or config.host
    port = getattr(args, "port", None) or config.port
    print(f"Dashboard Veiligheid draait op http://{host}:{port}/ (stoppen: Ctrl+C)", flush=True)
    if args.command == "demo":
        print("Log in met een van de demo-accounts hierboven.", flush=True)
    app.run(host=host, port=port, debug=False)
    return EXIT_OK


def _password(args) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Wachtwoord: ")
    if not password:
        from dashboard.data.store.users import UserError

        raise UserError("geen wachtwoord opgegeven")
    return password


def _new_password(args) -> str:
    """A new password from stdin (one line) or typed twice at the prompt."""
    from dashboard.data.store.users import UserError

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Nieuw wachtwoord: ")
        if password and getpass.getpass("Herhaal het wachtwoord: ") != password:
            raise UserError("de twee wachtwoorden zijn niet gelijk")
    if not password:
        raise UserError("geen wachtwoord opgegeven")
    return password


def _disable_inactive(users, factory, config, days: int | None) -> None:
    from dashboard.data.db import transaction

    days = config.inactive_days if days is None else days
    with transaction(factory) as session:
        result = users.disable_inactive(session, days, by=CLI_ACTOR)
        disabled = [
            (u.username, u.role, users.last_used(u), u.last_login_at) for u in result.disabled
        ]
        spared = [u.username for u in result.spared]
    if not disabled:
        print(f"Geen accounts zonder login in de laatste {days} dagen.")
    for username, role, last_used, last_login in disabled:
        if last_login:
            when = f"laatst ingelogd {last_login:%Y-%m-%d}"
        else:
            when = f"nooit ingelogd (aangemaakt {last_used:%Y-%m-%d})"
        print(f"Uitgeschakeld: {username} ({role}), {when}")
    for username in spared:
        print(f"Niet uitgeschakeld: {username} (de laatste actieve admin)")


def cmd_users(args, config) -> int:
    from dashboard.data.db import transaction
    from dashboard.data.store import grants as grant_store
    from dashboard.data.store import users

    factory = _factory(config)
    if args.users_command == "add":
        password = _password(args)
        with transaction(factory) as session:
            users.add_user(
                session,
                args.username,
                role=args.role,
                gemeente_code=args.gemeente,
                password=password,
                by=CLI_ACTOR,
            )
        print(f"Gebruiker {args.username} aangemaakt ({args.role}).")
    elif args.users_command == "list":
        with factory() as session:
            _print_users(users.list_users(session), grant_store.themes_by_user(session))
    elif args.users_command == "disable":
        with transaction(factory) as session:
            users.disable_user(session, args.username, by=CLI_ACTOR)
        print(f"Gebruiker {args.username} uitgeschakeld.")
    elif args.users_command == "reset-password":
        password = _new_password(args)
        with transaction(factory) as session:
            users.reset_password(session, args.username, password, by=CLI_ACTOR)
        print(f"Wachtwoord van {args.username} gewijzigd; open sessies zijn beëindigd.")
    elif args.users_command == "disable-inactive":
        _disable_inactive(users, factory, config, args.dagen)
    elif args.users_command == "link-sso":
        if config.oidc_provider(args.provider) is None:
            known = (
                ", ".join(p.name for p in config.oidc_providers) or "geen (VEILIGHEID_OIDC_CONFIG)"
            )
            raise users.UserError(f"onbekende aanmeldservice {args.provider!r}; ingesteld: {known}")
        with transaction(factory) as session:
            users.link_sso(session, args.username, args.provider, args.subject, by=CLI_ACTOR)
        print(
            f"Gebruiker {args.username} gekoppeld aan werkaccount {args.subject} ({args.provider})."
        )
    elif args.users_command in ("grant", "revoke"):
        grant = args.users_command == "grant"
        with transaction(factory) as session:
            change = grant_store.grant_theme if grant else grant_store.revoke_theme
            changed = change(session, args.username, args.theme, by=CLI_ACTOR)
        if changed:
            done = "toegekend aan" if grant else "ingetrokken voor"
            print(f"Thema {args.theme} {done} {args.username}.")
        else:
            had = "al" if grant else "geen"
            print(f"Gebruiker {args.username} had {had} toegang tot {args.theme}.")
    return EXIT_OK


def _print_users(rows, grants) -> None:
    from dashboard.formatting import nl_datetime

    print(
        f"{'gebruiker':<20} {'rol':<14} {'gemeente':<9} {'actief':<7} {'laatst ingelogd':<17} "
        f"{'aanmelden':<12} thema's"
    )
    for u in rows:
        last = nl_datetime(u.last_login_at)
        active = "ja" if u.active else "nee"
        themes = ",".join(sorted(grants.get(u.id, ()))) or "-"
        sign_in = u.sso_provider or "wachtwoord"
        print(
            f"{u.username:<20} {u.role:<14} {u.gemeente_code or '-':<9} {active:<7} "
            f"{last:<17} {sign_in:<12} {themes}"
        )


def _print_report(report, as_json: bool) -> int:
    if as_json:
        print(report.to_json())
    else:
        stream = sys.stdout if report.status == "geladen" else sys.stderr
        print(report.summary(), file=stream)
    return EXIT_OK if report.status == "geladen" else EXIT_REFUSED


def cmd_ingest(args, config) -> int:
    from dashboard.data.ingest import registry

    return _print_report(registry.load(_factory(config), args), args.json)


def cmd_usage(args, config) -> int:
    from dashboard.data.db import transaction
    from dashboard.data.store import usage as usage_store

    days = config.usage_retention_days if args.dagen is None else args.dagen
    if days < 1:
        print("Fout: --dagen moet minstens 1 zijn.", file=sys.stderr)
        return EXIT_REFUSED
    with transaction(_factory(config)) as session:
        removed = usage_store.prune(session, days)
    print(f"{removed:,} gebruiksgebeurtenissen ouder dan {days} dagen verwijderd.")
    return EXIT_OK


def cmd_report(args, config) -> int:
    if args.kind == "periode":
        return cmd_report_period(args, config)
    from dashboard import pages
    from dashboard.data.db import transaction
    from dashboard.data.models import utcnow
    from dashboard.reports import dvo

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    titles = {p.path: p.title for p in pages.PAGES}
    now = utcnow().replace(microsecond=0)
    half = args.half or dvo.default_half(now.date())
    try:
        with transaction(_factory(config)) as session:
            content = dvo.render(session, half, fmt, titles, now)
    except dvo.HalfYearError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    out.write_bytes(content)
    print(f"DVO-rapportage {half} geschreven naar {out} ({len(content):,} bytes).")
    return EXIT_OK


def _progress(done: int, total: int, label: str, seconds: float) -> None:
    """A progress bar on the terminal; plain lines when the output is not a terminal."""
    width = 24
    filled = round(width * done / total) if total else width
    line = f"[{'#' * filled}{'-' * (width - filled)}] {done:>2}/{total} {label} ({seconds:.1f} s)"
    if sys.stderr.isatty():
        print("\r" + line.ljust(78), end="" if done < total else "\n", file=sys.stderr, flush=True)
    else:
        print(line, file=sys.stderr, flush=True)


def cmd_report_period(args, config) -> int:
    import re
    import time

    from dashboard import policy
    from dashboard.data.models import utcnow
    from dashboard.data.queries import areas as area_queries
    from dashboard.reports import periodic

    now = utcnow().replace(microsecond=0)
    factory = _factory(config)
    if args.alle_gemeenten:
        if not args.out_dir:
            print("Fout: --alle-gemeenten vraagt --out-dir MAP.", file=sys.stderr)
            return EXIT_REFUSED
        with factory() as session:
            gemeenten = [(a.code, a.naam) for a in area_queries.areas(session, "gemeente")]
        out_dir = Path(args.out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        targets = [
            (
                code,
                naam,
                out_dir / f"{re.sub(r'[^A-Za-z0-9]+', '_', naam).strip('_')}_"
                f"{args.periode}.{args.formaat}",
            )
            for code, naam in gemeenten
        ]
    else:
        if not args.gemeente or not args.out:
            print(
                "Fout: geef --gemeente GMxxxx en --out BESTAND (of --alle-gemeenten).",
                file=sys.stderr,
            )
            return EXIT_REFUSED
        out = Path(args.out)
        targets = [(args.gemeente.upper(), args.gemeente.upper(), out)]
    started = time.perf_counter()
    for done, (code, naam, path) in enumerate(targets, start=1):
        fmt = path.suffix.lower().lstrip(".")
        try:
            with factory() as session:
                # Made by the operator for the driehoek: every code, as an admin sees it.
                content = periodic.render(session, code, args.periode, fmt, now, policy.SYSTEM)
        except periodic.ReportError as exc:
            print(f"Fout: {exc}", file=sys.stderr)
            return EXIT_REFUSED
        path.write_bytes(content)
        if len(targets) > 1:
            _progress(done, len(targets), naam, time.perf_counter() - started)
    where = args.out_dir if args.alle_gemeenten else args.out
    print(f"{len(targets)} rapportage(s) {args.periode} geschreven naar {where}.")
    return EXIT_OK


def cmd_extrapolate(args, config) -> int:
    """Count series from a CSV through the dashboard's extrapolation, per series the method,
    path and band it would show."""
    import json

    from dashboard.data.ingest.count_series import SeriesFileError
    from dashboard.formatting import nl_number
    from dashboard.measures.extrapolation_file import extrapolate_file

    try:
        rows = extrapolate_file(Path(args.file), args.horizon)
    except SeriesFileError as exc:  # its message names the file and the row
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        print(f"{row['reeks']}:")
        if not row["pad"]:
            print(f"  geen extrapolatie: {row['reden']}")
            continue
        print(f"  methode: {row['methode']}")
        if row["mae"] is None:
            print(f"  {row['reden']}: basislijn zonder band")
        else:
            coverage = (
                "geen band (niet gemeten)"
                if row["dekking_gemeten"] is None
                else f"80%-band hield {nl_number(row['dekking_gemeten'] * 100)}%"
            )
            print(
                f"  back-test: MAE {nl_number(row['mae'], 2)}, MASE {nl_number(row['mase'], 2)}, "
                f"{row['n_backtest']} voorspellingen per stap; {coverage}"
            )
        for k, period in enumerate(row["periodes"]):
            band = (
                ""
                if row["onder"] is None
                else f"  [{nl_number(row['onder'][k], 1)} - {nl_number(row['boven'][k], 1)}]"
            )
            print(f"  {period}  {nl_number(row['pad'][k], 1)}{band}")
    return EXIT_OK


def _print_tables(tables: dict[str, int]) -> None:
    width = max((len(name) for name in tables), default=0)
    for name, count in sorted(tables.items()):
        print(f"  {name:<{width}}  {count:>12,}")


def cmd_backup(args, config) -> int:
    from dashboard.data.ops import backup

    try:
        result = backup.backup(config.database_url, Path(args.out), actor=CLI_ACTOR)
    except backup.BackupRefused as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except backup.BackupFailed as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_ERROR
    check = "integrity_check ok" if result.engine == "sqlite" else "pg_restore --list ok"
    print(
        f"Back-up van {_display_url(config.database_url)} geschreven naar {result.path} "
        f"({result.size:,} bytes, schemaversie {result.revision}, {check})."
    )
    print("Rijen per tabel:")
    _print_tables(result.tables)
    return EXIT_OK


def _confirmed(plan, display_url: str) -> bool:
    if not sys.stdin.isatty():
        return False
    answer = input(
        f"Herstel vervangt ALLE gegevens in {display_url} door {plan.source} "
        f"(schemaversie {plan.revision}). Typ 'ja' om door te gaan: "
    )
    return answer.strip().lower() == "ja"


def cmd_restore(args, config) -> int:
    from dashboard.data.ops import backup

    display_url = _display_url(config.database_url)
    try:
        plan = backup.plan_restore(config.database_url, Path(args.source))
        if not args.ja and not _confirmed(plan, display_url):
            print(
                "Fout: herstel niet bevestigd; er is niets gewijzigd. Geef --ja mee of typ 'ja' "
                "op de vraag (alleen in een terminal).",
                file=sys.stderr,
            )
            return EXIT_REFUSED
        result = backup.restore(plan, actor=CLI_ACTOR)
    except backup.BackupRefused as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except backup.BackupFailed as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_ERROR
    upgraded = f", bijgewerkt tot {result.upgraded_to}" if result.upgraded_to else ""
    print(f"{display_url} hersteld uit {result.source} (schemaversie {result.revision}{upgraded}).")
    print("Rijen per tabel:")
    _print_tables(result.tables)
    return EXIT_OK


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"geen datum (JJJJ-MM-DD): {text!r}") from exc


def _scale(text: str) -> float | str:
    from dashboard.data.demo.generator import NATIONAL

    if text == NATIONAL:
        return text
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(
            f"geen schaal: {text!r} (een getal groter dan 0, of '{NATIONAL}')"
        )
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"geen positief geheel getal: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from dashboard.data.ingest import registry as ingest_registry

    parser = argparse.ArgumentParser(prog="veiligheid", description="Dashboard Veiligheid")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("init-db", help="maak of werk het databaseschema bij").set_defaults(
        func=cmd_init_db
    )

    demo = sub.add_parser(
        "demo",
        help="bouw een demodatabase (standaard: Twente uit de meegeleverde open data, met "
        "synthetische registraties)",
    )
    demo.add_argument(
        "--cbs-dir",
        help="map met andere CBS-gebieden (geo/*.geojson, cbs/kwb*.csv, eventueel "
        "politie/misdrijven_buurt_*.csv) in plaats van Twente",
    )
    demo.add_argument(
        "--fictief",
        action="store_true",
        help="de fictieve demoregio (drie gemeenten in de Noordzee) in plaats van Twente",
    )
    demo.add_argument("--regio-code", help="code van de regio (standaard VR05, met --cbs-dir RG01)")
    demo.add_argument(
        "--regio-naam", help="naam van de regio (standaard Twente, met --cbs-dir Regio)"
    )
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument(
        "--scale",
        type=_scale,
        default=1.0,
        help="volumefactor (1 = gewoon), of 'national': een fictief Nederland van 342 gemeenten, "
        "ongeveer 14.000 buurten en 10 miljoen registraties",
    )
    demo.add_argument(
        "--gemeenten",
        type=_positive_int,
        help="fictief Nederland met zoveel gemeenten (342 = landelijk; klein voor proeven)",
    )
    demo.add_argument("--jaren", type=int, default=5)
    demo.add_argument("--tot", type=_date, help="laatste datum (standaard: afgelopen zondag)")
    demo.add_argument("--serve", action="store_true", help="start daarna de webapplicatie")
    demo.add_argument("--host")
    demo.add_argument("--port", type=int)
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="start de webapplicatie (ontwikkelserver)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(func=cmd_serve)

    ingest = sub.add_parser("ingest", help="laad een levering")
    ingest_sub = ingest.add_subparsers(dest="source", required=True)
    ingest_registry.add_subcommands(ingest_sub)
    ingest.set_defaults(func=cmd_ingest)

    users = sub.add_parser("users", help="beheer gebruikers")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    add = users_sub.add_parser("add", help="voeg een gebruiker toe")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=["admin", "projectleider", "gebruiker"])
    add.add_argument("--gemeente", help="gemeentecode, bijvoorbeeld GM0153")
    add.add_argument("--password-stdin", action="store_true", help="lees het wachtwoord van stdin")
    users_sub.add_parser("list", help="toon alle gebruikers")
    disable = users_sub.add_parser("disable", help="schakel een gebruiker uit")
    disable.add_argument("username")
    reset = users_sub.add_parser(
        "reset-password", help="geef een gebruiker een nieuw wachtwoord (beëindigt zijn sessies)"
    )
    reset.add_argument("username")
    reset.add_argument(
        "--wachtwoord-stdin",
        "--password-stdin",
        dest="password_stdin",
        action="store_true",
        help="lees het wachtwoord van stdin (anders twee keer vragen)",
    )
    inactive = users_sub.add_parser(
        "disable-inactive",
        help="schakel accounts zonder login in de laatste N dagen uit (cron: dagelijks)",
    )
    inactive.add_argument(
        "--dagen", type=int, help="aantal dagen (standaard VEILIGHEID_INACTIVE_DAYS, 180)"
    )
    link = users_sub.add_parser(
        "link-sso", help="koppel een gebruiker aan zijn werkaccount (single sign-on)"
    )
    link.add_argument("username")
    link.add_argument("--provider", required=True, help="naam uit VEILIGHEID_OIDC_CONFIG")
    link.add_argument("--subject", required=True, help="accountcode: in Entra ID de Object-ID")
    for name, help_text in (
        ("grant", "geef een gebruiker toegang tot een thema"),
        ("revoke", "trek de toegang van een gebruiker tot een thema in"),
    ):
        theme_parser = users_sub.add_parser(name, help=help_text)
        theme_parser.add_argument("username")
        # Not argparse choices: an unknown theme is refused by the service, exit 2, Dutch message.
        theme_parser.add_argument("theme", help="hennep-drugs, cybercrime, woonoverlast, ...")
    users.set_defaults(func=cmd_users)

    report = sub.add_parser("report", help="maak een rapportage")
    report_sub = report.add_subparsers(dest="kind", required=True)
    dvo_parser = report_sub.add_parser(
        "dvo", help="halfjaarlijkse voortgangsrapportage voor het DVO (PDF of XLSX)"
    )
    dvo_parser.add_argument(
        "--half", help="halfjaar, bijv. 2024-H1 (standaard: het laatste volledige halfjaar)"
    )
    dvo_parser.add_argument("--out", required=True, help="bestand: .pdf of .xlsx")
    period = report_sub.add_parser(
        "periode", help="rapportage per gemeente: maand, kwartaal, halfjaar of jaar (PDF of XLSX)"
    )
    period.add_argument("--periode", required=True, help="2024-07, 2024-Q3, 2024-H1 of 2024")
    period.add_argument("--gemeente", help="gemeentecode, bijv. GM0153")
    period.add_argument("--out", help="bestand: .pdf of .xlsx")
    period.add_argument(
        "--alle-gemeenten", action="store_true", help="één rapportage per gemeente (met --out-dir)"
    )
    period.add_argument("--out-dir", help="map voor --alle-gemeenten")
    period.add_argument("--formaat", choices=("pdf", "xlsx"), default="pdf")
    report.set_defaults(func=cmd_report)

    usage = sub.add_parser("usage", help="gebruiksregistratie")
    usage_sub = usage.add_subparsers(dest="action", required=True)
    prune = usage_sub.add_parser(
        "prune", help="verwijder gebeurtenissen ouder dan de bewaartermijn (cron: dagelijks)"
    )
    prune.add_argument(
        "--dagen",
        type=int,
        help="bewaartermijn in dagen (standaard VEILIGHEID_USAGE_RETENTION_DAYS, 730)",
    )
    usage.set_defaults(func=cmd_usage)

    extrapolate = sub.add_parser(
        "extrapolatie",
        help="trek telreeksen (kolommen reeks,periode,aantal) door zoals het dashboard",
    )
    extrapolate.add_argument(
        "file",
        metavar="BESTAND",
        help="CSV (; , of tab) of XLSX met reeks,periode,aantal (periode JJJJ-MM of JJJJ)",
    )
    extrapolate.add_argument(
        "--horizon", type=_positive_int, default=12, help="perioden vooruit (standaard 12)"
    )
    extrapolate.add_argument("--json", action="store_true", help="uitvoer als JSON")
    extrapolate.set_defaults(func=cmd_extrapolate)

    backup_parser = sub.add_parser(
        "backup", help="maak een consistente back-up van de database (ook terwijl die draait)"
    )
    backup_parser.add_argument(
        "--out",
        required=True,
        metavar="BESTAND",
        help="bestand (SQLite-database of pg_dump-archief)",
    )
    backup_parser.set_defaults(func=cmd_backup)
    restore_parser = sub.add_parser(
        "restore", help="zet een back-up terug (vervangt de hele database)"
    )
    restore_parser.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="BESTAND",
        help="bestand gemaakt met 'veiligheid backup'",
    )
    restore_parser.add_argument(
        "--ja", action="store_true", help="bevestig zonder te vragen (voor scripts)"
    )
    restore_parser.set_defaults(func=cmd_restore)
    return parser


def main(argv: list[str] | None = None) -> int:
    from dashboard.data.errors import refused_errors

    args = build_parser().parse_args(argv)
    try:
        config = load_config(mode="demo" if args.command == "demo" else None)
        return args.func(args, config)
    except ConfigError as exc:
        print(f"Configuratiefout: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except refused_errors() as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
