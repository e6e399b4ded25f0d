"""The ingest sources: one record per source with its key, its Dutch label, its command-line
arguments and how to load a delivery. The `veiligheid ingest` sub-commands and the labels of the
Databronnen page are derived from this list, so a new source is one module that loads it, one
record here and a migration for its tables.

The loaders are imported when a delivery is loaded, not when the list is read: the web app and
`veiligheid --help` do not pay for shapely, pyproj and the readers of every source."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from dashboard.data.ingest.report import RunReport

Loader = Callable[["sessionmaker[Session]", argparse.Namespace], "RunReport"]


@dataclass(frozen=True)
class Argument:
    """One command-line argument: `name` is positional ("file") or an option ("--jaar"); the
    rest goes to argparse as it is (help, type, required, ...)."""

    name: str
    help: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class IngestSource:
    key: str  # the sub-command, and ingest_run.bron of its deliveries
    label: str  # how the Databronnen page names the source
    help: str  # the sub-command's help line
    arguments: tuple[Argument, ...]
    load: Loader


FILE = Argument("file", "het bestand van de levering")


def reject_limit(unit: str) -> Argument:
    return Argument(
        "--max-afgekeurd",
        f"weiger het hele bestand boven dit percentage afgekeurde {unit} (standaard 5)",
        {"type": float},
    )


def _politie(factory, args) -> RunReport:
    from dashboard.data.ingest.politie import run_politie

    return run_politie(
        factory,
        Path(args.file),
        mapping_path=Path(args.mapping) if args.mapping else None,
        max_reject_percent=args.max_afgekeurd,
    )


def _open_data(factory, args) -> RunReport:
    from dashboard.data.ingest.open_data import load_open_data

    return load_open_data(factory, Path(args.file))


def _veiligheidsmonitor(factory, args) -> RunReport:
    from dashboard.data.ingest.veiligheidsmonitor import load_veiligheidsmonitor

    return load_veiligheidsmonitor(factory, Path(args.file), max_reject_percent=args.max_afgekeurd)


def _cbs_gebieden(factory, args) -> RunReport:
    from dashboard.data.ingest.cbs_deliveries import load_cbs_gebieden

    return load_cbs_gebieden(
        factory,
        Path(args.file),
        regio_code=args.regio_code,
        regio_naam=args.regio_naam,
        jaar=args.jaar,
        gemeenten=args.gemeenten.split(",") if args.gemeenten else None,
    )


def _cbs_kerncijfers(factory, args) -> RunReport:
    from dashboard.data.ingest.cbs_deliveries import load_cbs_kerncijfers

    return load_cbs_kerncijfers(factory, Path(args.file), jaar=args.jaar)


def _partner(factory, args) -> RunReport:
    from dashboard.data.ingest.partner import load_partner

    return load_partner(
        factory, Path(args.spec), Path(args.file), max_reject_percent=args.max_afgekeurd
    )


SOURCES: tuple[IngestSource, ...] = (
    IngestSource(
        "politie",
        "Politie (BVH-extractie)",
        "wekelijkse BVH-extractie (CSV of XLSX)",
        (
            FILE,
            Argument("--mapping", "TOML-bestand met afwijkende kolomnamen"),
            reject_limit("rijen"),
        ),
        _politie,
    ),
    IngestSource(
        "politie-open-data",
        "Politie open data (CBS/Politie)",
        "CBS/Politie-tabel 47018NED (jaar) of 47022NED (maand), CSV",
        (Argument("file", "het bestand"),),
        _open_data,
    ),
    IngestSource(
        "veiligheidsmonitor",
        "Veiligheidsmonitor",
        "Veiligheidsmonitor (CBS): cijfers per gemeente/wijk en jaar",
        (
            Argument("file", "CSV of XLSX: lang (indicator, waarde) of één kolom per indicator"),
            reject_limit("cijfers"),
        ),
        _veiligheidsmonitor,
    ),
    IngestSource(
        "cbs-gebieden",
        "CBS gebieden (wijk- en buurtkaart)",
        "CBS wijk- en buurtkaart (GeoJSON of GeoPackage) voor één jaar",
        (
            Argument("file", "buurten-GeoJSON of wijkenbuurten_JJJJ.gpkg"),
            Argument("--regio-code", "code van de regio (nodig bij de eerste lading)"),
            Argument("--regio-naam", "naam van de regio"),
            Argument("--jaar", "indelingsjaar (standaard: uit het bestand)", {"type": int}),
            Argument("--gemeenten", "alleen deze gemeenten, bv. GM0153,GM0164"),
        ),
        _cbs_gebieden,
    ),
    IngestSource(
        "cbs-kerncijfers",
        "CBS kerncijfers (KWB)",
        "CBS kerncijfers (KWB), CSV",
        (
            Argument("file", "kwbJJJJ_buurt/wijk/gemeente CSV"),
            Argument("--jaar", "jaar (standaard: uit het bestand)", {"type": int}),
        ),
        _cbs_kerncijfers,
    ),
    IngestSource(
        # Each partner dataset is a source of its own on the Databronnen page
        # ("partner:<code>", named after its spec); this is the sub-command that loads them.
        "partner",
        "Partnerdata",
        "partnerdata beschreven in een spec-bestand (TOML), CSV of XLSX",
        (
            Argument("--spec", "TOML-bestand dat de dataset beschrijft", {"required": True}),
            FILE,
            reject_limit("rijen"),
        ),
        _partner,
    ),
)

BY_KEY = {source.key: source for source in SOURCES}


def labels() -> dict[str, str]:
    """The Dutch name of every registered source by key."""
    return {source.key: source.label for source in SOURCES}


def command(key: str) -> str:
    """How a source is loaded on the command line, its required arguments included:
    'veiligheid ingest veiligheidsmonitor BESTAND'. The how-to that a page without data shows
    to those who load deliveries; KeyError for a key that is no source, so a page cannot name
    a command that does not exist."""
    parts = ["veiligheid", "ingest", BY_KEY[key].key]
    for argument in BY_KEY[key].arguments:
        if not argument.name.startswith("-"):
            parts.append("BESTAND")
        elif argument.options.get("required"):
            parts += [argument.name, argument.name.lstrip("-").upper()]
    return " ".join(parts)


def add_subcommands(subparsers) -> None:
    """One sub-command per source (`veiligheid ingest KEY ...`), each with --json."""
    for source in SOURCES:
        parser = subparsers.add_parser(source.key, help=source.help)
        for argument in source.arguments:
            parser.add_argument(argument.name, help=argument.help, **argument.options)
        parser.add_argument("--json", action="store_true", help="rapport als JSON")


def load(factory, args: argparse.Namespace) -> RunReport:
    """Load the delivery that the parsed `veiligheid ingest` arguments describe."""
    return BY_KEY[args.source].load(factory, args)
