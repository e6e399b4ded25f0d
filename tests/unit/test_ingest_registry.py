"""The ingest registry is the one list of sources: the CLI's sub-commands and the Databronnen
page's names come from it, and each record's key is what its loader writes as ingest_run.bron."""

from __future__ import annotations

import pytest

from dashboard.cli import build_parser
from dashboard.data.ingest import cbs_deliveries, open_data, politie, registry, veiligheidsmonitor
from dashboard.data.queries.sources import source_labels

WRITTEN_SOURCE = {
    "politie": politie.SOURCE,
    "politie-open-data": open_data.SOURCE,
    "veiligheidsmonitor": veiligheidsmonitor.SOURCE,
    "cbs-gebieden": cbs_deliveries.SOURCE_GEBIEDEN,
    "cbs-kerncijfers": cbs_deliveries.SOURCE_KERNCIJFERS,
}


def test_keys_are_the_sources_the_loaders_record():
    for key, written in WRITTEN_SOURCE.items():
        assert registry.BY_KEY[key].key == written
    assert set(registry.BY_KEY) == {*WRITTEN_SOURCE, "partner"}


@pytest.mark.parametrize("source", registry.SOURCES, ids=lambda s: s.key)
def test_every_source_is_an_ingest_subcommand_with_its_arguments(source):
    args = ["ingest", source.key, "levering.csv"]
    if source.key == "partner":
        args += ["--spec", "spec.toml"]
    parsed = build_parser().parse_args(args)
    assert parsed.source == source.key
    assert parsed.file == "levering.csv"
    assert parsed.json is False


def test_a_registered_source_is_named_on_the_data_page():
    class NoDatasets:
        def execute(self, _query):
            class Rows:
                def all(self):
                    return []

            return Rows()

    labels = source_labels(NoDatasets(), registry.labels())
    assert labels["politie"] == "Politie (BVH-extractie)"
    assert labels["veiligheidsmonitor"] == "Veiligheidsmonitor"
    assert set(labels) == set(registry.BY_KEY)
