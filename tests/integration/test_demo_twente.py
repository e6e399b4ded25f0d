"""The default demo (issue 21, item 10): `veiligheid demo` without arguments builds Twente from
the public data shipped in the package, its synthetic registrations follow the police's public
2023 counts, the Open data page holds the real table, and only synthetic pages say so."""

from __future__ import annotations

import csv
import datetime as dt
import filecmp

import pandas as pd
import pytest
from scipy.stats import spearmanr
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.data.db import make_engine, make_session_factory
from dashboard.data.demo import twente_region as twente
from dashboard.data.demo.generator import NONCRIME_PER_CRIME
from dashboard.data.models import DimArea, FactIncident
from dashboard.data.queries import crime_periods
from dashboard.data.reference.categories import load_categories
from tests.conftest import fresh_url, login, make_app

PUBLIC_FILE = twente.EXTRACT_DIR / "politie" / "misdrijven_buurt_2023_twente.csv"
YEAR = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
MIN_COUNT = 20  # buurten with fewer public crimes rank mostly by chance


def public_counts() -> dict[str, int]:
    with PUBLIC_FILE.open(encoding="utf-8") as handle:
        return {r["buurtcode"]: int(r["geregistreerde_misdrijven"]) for r in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def default_demo(tmp_path_factory):
    """One generated year (2023, the public table's) through the command's default path."""
    url = fresh_url(tmp_path_factory.mktemp("twente-demo"), "twente")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VEILIGHEID_DATABASE_URL", url)
        out = _run(["demo", "--jaren", "1", "--tot", "2023-12-31"])
    factory = make_session_factory(make_engine(url))
    with factory() as session:
        rows = session.execute(
            select(FactIncident.buurt_code, FactIncident.mk_code).where(
                FactIncident.pleegdatum.between(*YEAR)
            )
        ).all()
    incidents = pd.DataFrame(rows, columns=["buurt_code", "mk_code"])
    kinds = {c.mk_code: c for c in load_categories()}
    incidents["misdrijf"] = incidents["mk_code"].map(lambda c: kinds[c].is_misdrijf)
    incidents["hoofdcategorie"] = incidents["mk_code"].map(lambda c: kinds[c].hoofdcategorie)
    return url, factory, out, incidents


def _run(argv) -> str:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(argv) == 0
    return buffer.getvalue()


def test_default_demo_is_twente_with_the_real_open_data(default_demo):
    _url, factory, out, _ = default_demo
    assert "Regio Twente: 14 gemeenten, 120 wijken, 517 buurten" in out
    assert "openbare politiecijfers per buurt van 2023" in out
    public = public_counts()
    with factory() as session:
        levels = dict(
            session.execute(select(DimArea.niveau, func.count()).group_by(DimArea.niveau)).all()
        )
        assert levels == {"buurt": 517, "wijk": 120, "gemeente": 14, "regio": 1}
        assert session.scalar(select(DimArea.naam).where(DimArea.niveau == "regio")) == "Twente"
        gemeenten = crime_periods.counts_by_level(session, "gemeente", "jaar", YEAR[0])
    # The Open data page's table is the public file, count for count.
    loaded = dict(zip(gemeenten["area_code"], gemeenten["aantal"], strict=True))
    expected: dict[str, int] = {}
    for code, count in public.items():
        expected[f"GM{code[2:6]}"] = expected.get(f"GM{code[2:6]}", 0) + count
    assert loaded == expected
    assert loaded["GM0153"] == 9_024  # Enschede, as the issue quotes it


def test_synthetic_crimes_per_gemeente_lie_within_15_percent_of_the_public_total(default_demo):
    _, _, _, incidents = default_demo
    crimes = incidents[incidents["misdrijf"]]
    synthetic = crimes.groupby(crimes["buurt_code"].str[2:6]).size()
    public = pd.Series(public_counts())
    public_total = public.groupby(public.index.str[2:6]).sum()
    assert set(synthetic.index) == set(public_total.index)
    ratio = synthetic / public_total
    assert ratio.between(0.85, 1.15).all(), ratio[~ratio.between(0.85, 1.15)].to_dict()


def test_buurt_ranking_follows_the_public_one(default_demo):
    _, _, _, incidents = default_demo
    crimes = incidents[incidents["misdrijf"]].groupby("buurt_code").size()
    on_map = set(incidents["buurt_code"])
    public = {c: n for c, n in public_counts().items() if n >= MIN_COUNT and c in on_map}
    assert len(public) > 200
    codes = sorted(public)
    rho = spearmanr([public[c] for c in codes], [crimes.get(c, 0) for c in codes]).statistic
    assert rho >= 0.9, rho


def test_non_crime_registrations_stand_in_the_documented_ratio(default_demo):
    _, _, _, incidents = default_demo
    crimes = int(incidents["misdrijf"].sum())
    for hc, ratio in NONCRIME_PER_CRIME.items():
        non_crime = incidents[~incidents["misdrijf"] & (incidents["hoofdcategorie"] == hc)]
        assert len(non_crime) / crimes == pytest.approx(ratio, abs=0.03), hc
    # Every non-crime registration is overlast or verkeer, and there are fewer than crimes.
    non_crime = incidents[~incidents["misdrijf"]]
    assert set(non_crime["hoofdcategorie"]) == set(NONCRIME_PER_CRIME)
    assert 0.4 < len(non_crime) / crimes < 1.0


def test_demo_badge_on_synthetic_pages_only(default_demo):
    """The navbar's "Demodata (synthetisch)" as the browser gets it after each navigation."""
    from tests.dash_requests import post_callback, value

    url, _, _, _ = default_demo
    app = make_app(url)

    def hidden(client, path: str) -> bool:
        response = post_callback(client, "demo-badge.hidden", [value("url", "pathname", path)])
        assert response.status_code == 200, response.get_data(as_text=True)[:200]
        return response.get_json()["response"]["demo-badge"]["hidden"]

    admin = app.server.test_client()
    assert login(admin, "admin", "demo-admin").status_code == 302
    assert hidden(admin, "/") is False
    assert hidden(admin, "/thema/jeugd") is False
    assert hidden(admin, "/databronnen") is False
    assert hidden(admin, "/open-data") is True  # the real public figures
    assert hidden(admin, "/bestaat-niet") is True
    # A page the user may not open shows "Geen toegang", no synthetic figures.
    user = app.server.test_client()
    assert login(user, "gebruiker", "demo-gebruiker").status_code == 302
    assert hidden(user, "/") is False
    assert hidden(user, "/beheer") is True


def test_fictional_region_stays_available(tmp_path, monkeypatch, capsys):
    url = fresh_url(tmp_path, "fictief")
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    assert main(["demo", "--fictief", "--jaren", "1", "--tot", "2026-11-22"]) == 0
    out = capsys.readouterr().out
    assert "Regio Demoregio (fictief): 3 gemeenten" in out
    assert "openbare politiecijfers" not in out
    assert main(["demo", "--fictief", "--cbs-dir", str(tmp_path)]) == 2
    assert "Kies een van beide" in capsys.readouterr().err


def test_extract_is_rebuilt_byte_for_byte_from_the_shared_folder(shared_data_dir, tmp_path):
    from dashboard.data.demo.twente_extract import build_extract

    sizes = build_extract(shared_data_dir, tmp_path)
    assert sum(sizes.values()) < 800_000  # compact: well under a megabyte in the package
    for name in sizes:
        assert filecmp.cmp(tmp_path / name, twente.EXTRACT_DIR / name, shallow=False), name


def test_targets_keep_every_gemeente_total_across_indelingen():
    """Rijssen-Holten's 2023 counts use newer buurt codes than the 2021 map: they go to its map
    buurten without a row of their own, and every gemeente keeps its public total."""
    from dashboard.data.demo.calibration import buurt_targets, read_public_crime
    from dashboard.data.ingest.cbs import read_cbs_dir

    areas = read_cbs_dir(twente.EXTRACT_DIR, twente.REGIO_CODE, twente.REGIO_NAAM)
    public = read_public_crime(twente.EXTRACT_DIR)
    codes = list(areas.buurten)
    targets = dict(zip(codes, buurt_targets(public, areas, codes), strict=True))
    per_gemeente: dict[str, float] = {}
    for code, value in targets.items():
        per_gemeente[f"GM{code[2:6]}"] = per_gemeente.get(f"GM{code[2:6]}", 0.0) + value
    assert per_gemeente == pytest.approx(public.gemeente_totals())
    newer = {c for c in public.per_buurt if c not in areas.buurten}
    assert newer and all(c.startswith("BU1742") for c in newer)
    without_row = [c for c in codes if c.startswith("BU1742") and c not in public.per_buurt]
    assert without_row and all(targets[c] > 0 for c in without_row)
    # A buurt the table names keeps its own count.
    assert all(targets[c] == n for c, n in public.per_buurt.items() if c in areas.buurten)
