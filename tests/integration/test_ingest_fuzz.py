"""Every delivery command on arbitrary bytes: a loaded file or a clear refusal, nothing else."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.data.ingest.cbs_deliveries import load_cbs_gebieden, load_cbs_kerncijfers
from dashboard.data.ingest.open_data import load_open_data
from dashboard.data.ingest.politie import run_politie
from dashboard.data.ingest.veiligheidsmonitor import load_veiligheidsmonitor
from tests.conftest import database_copy, shared_demo_snapshot

LOADERS = {
    "politie.csv": run_politie,
    "open_data.csv": load_open_data,
    "veiligheidsmonitor.csv": load_veiligheidsmonitor,
    "kwb2021_buurt.csv": load_cbs_kerncijfers,
    "buurten_2021.geojson": load_cbs_gebieden,
}
HEADERS = {
    "politie.csv": b"Registratienummer;MK;Begindatum;Begintijd;Buurtcode\n",
    "open_data.csv": b"ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1\n",
    "veiligheidsmonitor.csv": b"gebiedscode;jaar;indicator;waarde;n\n",
    "kwb2021_buurt.csv": b"buurtcode,aantal_inwoners,jaar\n",
    "buurten_2021.geojson": b'{"type": "FeatureCollection", "features": [',
}


@pytest.fixture(scope="module")
def factory(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    snapshot = shared_demo_snapshot(folder, seed=4, years=1, scale=0.05)
    with database_copy(snapshot, folder) as (_url, factory, _path):
        yield factory


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_arbitrary_input_is_loaded_or_refused(factory, tmp_path_factory, name):
    folder = tmp_path_factory.mktemp("in")

    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(header=st.booleans(), body=st.binary(max_size=300))
    def check(header, body):
        path = folder / name
        path.write_bytes((HEADERS[name] if header else b"") + body)
        report = LOADERS[name](factory, path)
        assert report.status in ("geladen", "geweigerd")
        if report.status == "geweigerd":
            assert report.message

    check()
