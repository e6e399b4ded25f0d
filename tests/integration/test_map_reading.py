"""Reading the map at a glance (issue 21, items 2 and 3): names on the map, a ranked bar of
the same areas in the same colours, a background map only when configured, and colour classes
that do not mislead (no rate over fewer than 100 inhabitants)."""

from __future__ import annotations

import math

import dash_leaflet as dl
import pandas as pd
import pytest
import shapely

from dashboard import figures
from dashboard.callbacks import algemeen as cb
from dashboard.config import PDOK_ATTRIBUTION, PDOK_GREY_TILES, load_config
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries.geometry import geometry_collection
from dashboard.layouts import algemeen as layout
from dashboard.state import ViewState, to_search
from tests.layout_tree import find_component


@pytest.fixture
def ctx(app):
    with app.server.app_context():
        yield


def tile_layers(node) -> list:
    found = [node] if isinstance(node, dl.TileLayer) else []
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            found.extend(tile_layers(child))
    return found


def options(config) -> layout.FilterOptions:
    return layout.FilterOptions(
        gemeenten=[],
        wijken=[],
        buurten=[],
        codes=[],
        data_date=None,
        region_name="Twente",
        tile_url=config.tile_url,
        tile_attribution=config.tile_attribution,
    )


def test_no_tiles_in_tests_and_pdok_with_its_attribution_when_on():
    """Tests download nothing; production and the demo show PDOK's grey background map."""
    test_map = find_component(
        layout.area_map(options(load_config({"VEILIGHEID_MODE": "test"}))), layout.ALGEMEEN.map
    )
    assert tile_layers(test_map) == []
    for environ in ({}, {"VEILIGHEID_MODE": "demo"}):
        shown = find_component(layout.area_map(options(load_config(environ))), layout.ALGEMEEN.map)
        (tiles,) = tile_layers(shown)
        assert tiles.url == PDOK_GREY_TILES
        assert "/grijs/" in tiles.url and tiles.url.startswith("https://service.pdok.nl/")
        assert tiles.attribution == PDOK_ATTRIBUTION == "Kaartgegevens © Kadaster"
        assert shown.attributionControl is True


def main_for(area_code: str | None, maat: str = "aantal") -> dict:
    return cb.update_main(to_search(ViewState(periode="12m", maat=maat).with_area(area_code)))


def test_the_map_names_gemeenten_and_the_wijken_of_a_gemeente(ctx, demo_main):
    """Region: the gemeenten's own names; a gemeente's buurten: the names of their wijken; the
    few buurten of one wijk: their own names."""
    _, factory, _ = demo_main
    assert main_for(None)["hideout"]["labels"] == "naam"
    assert main_for("GM9901")["hideout"]["labels"] == "wijk"
    with factory() as session:
        wijk = area_queries.areas(session, "wijk", area_queries.area(session, "GM9901"))[0]
    assert main_for(wijk.code)["hideout"]["labels"] == "naam"


def test_every_area_has_its_name_and_a_label_point_inside_it(demo_main):
    _, factory, _ = demo_main
    with factory() as session:
        gemeenten = geometry_collection(session, "gemeente")
        buurten = geometry_collection(session, "buurt", gemeente_code="GM9901")
        wijken = {
            w.code: w.naam
            for w in area_queries.areas(session, "wijk", area_queries.area(session, "GM9901"))
        }
    for feature in gemeenten["features"] + buurten["features"]:
        lat, lon = feature["properties"]["lp"]
        shape = shapely.geometry.shape(feature["geometry"])
        assert shape.contains(shapely.Point(lon, lat)), feature["properties"]["naam"]
    for feature in buurten["features"]:
        props = feature["properties"]
        assert props["wk"] == "WK" + props["code"][2:8]  # BUggggwwbb lies in WKggggww
        assert props["wn"] == wijken[props["wk"]]
        assert len(props["wlp"]) == 2


def test_the_ranked_bar_shows_the_map_s_areas_in_the_map_s_colours(ctx, demo_main):
    main = main_for("GM9901")
    colours = {code: area["c"] for code, area in main["hideout"]["areas"].items()}
    bar = main["ranking"].data[0]
    assert sorted(bar.y) == sorted(colours)
    assert list(bar.marker.color) == [colours[code] for code in bar.y]
    values = list(bar.x)
    assert values == sorted(values, reverse=True)  # largest first
    # the same numbers as the table (the counts, as the map is set to show)
    table = {row["area_code"]: row["periode"] for row in main["table"]["rowData"]}
    for code, value in zip(bar.y, values, strict=True):
        if code in table:
            assert value == table[code]


def test_a_rate_over_fewer_than_100_inhabitants_is_grey_and_says_why():
    """'t Weldink, 20 inwoners, showed "650 per 1.000" in the darkest class."""
    frame = pd.DataFrame(
        {
            "area_code": ["BU01530101", "BU01530102", "BU01530103", "BU01530104"],
            "naam": ["'t Weldink", "Centrum", "Hogeland", "Velve"],
            "periode": [13, 400, 120, 60],
            "vergelijking": [10, 380, 100, 70],
            "verschil": [3, 20, 20, -10],
            "verschil_pct": [30.0, 5.3, 20.0, -14.3],
            "inwoners": [20.0, 4000.0, 3000.0, 2500.0],
        }
    )
    frame["per_1000"] = [650.0, 100.0, 40.0, 24.0]  # even a rate that slipped through
    hideout, shaded = cb.map_hideout(frame, "per1000", None)
    weldink = hideout["areas"]["BU01530101"]
    assert weldink["c"] == figures.NO_DATA_COLOUR
    assert "te weinig inwoners" in weldink["d"]
    assert "650" not in weldink["d"]
    assert shaded.edges[-1] < 650  # not classed with the others
    legend = str(cb.legend(shaded.edges, shaded.label, shaded.decimals, cb.state_swatches(shaded)))
    assert "te weinig inwoners" in legend
    bar = figures.ranking_figure(shaded).data[0]
    at = list(bar.y).index("BU01530101")
    assert bar.text[at] == "te weinig inwoners" and bar.x[at] == 0
    assert bar.marker.color[at] == figures.NO_DATA_COLOUR
    # the count measure still colours it: 13 registrations are 13 registrations
    counts, _ = cb.map_hideout(frame, "aantal", None)
    assert counts["areas"]["BU01530101"]["c"] != figures.NO_DATA_COLOUR
    # ... but its tooltip gives no rate then either (it read "650,0" with the count measure)
    assert "te weinig inwoners" in counts["areas"]["BU01530101"]["d"]
    assert "650" not in counts["areas"]["BU01530101"]["d"]


def test_the_table_gives_no_rate_over_fewer_than_100_inhabitants(ctx, demo_main):
    main = main_for("GM9901", "per1000")
    for row in main["table"]["rowData"]:
        if row["inwoners"] is not None and row["inwoners"] < 100:
            assert row["per_1000"] is None
        elif row["inwoners"]:
            assert math.isclose(
                row["per_1000"], row["periode"] / row["inwoners"] * 1000, abs_tol=0.01
            )


def test_a_national_bar_shows_the_highest_areas_and_says_so():
    """342 gemeenten made 342 bars, a third of a filter change's 100 KB: the bar shows the
    highest MAX_BARS, says how many there are, and leaves the hidden ones (last) out first."""
    from dashboard.figures import MAX_BARS
    from dashboard.measures.map_classes import HIDDEN, VALUE, MapClasses, ShadedArea

    shown = [
        ShadedArea(f"GM{k:04d}", f"Gemeente {k}", VALUE, 0, float(1000 - k), str(1000 - k))
        for k in range(340)
    ]
    hidden = [ShadedArea(f"GM9{k:03d}", f"Verborgen {k}", HIDDEN, None, None, "x") for k in (1, 2)]
    figure = figures.ranking_figure(MapClasses(tuple(shown + hidden), [0.0, 1000.0], 0, "Aantal"))
    bar = figure.data[0]
    assert list(bar.y) == [a.code for a in shown[:MAX_BARS]]
    assert f"de {MAX_BARS} hoogste van 342 gebieden" in figure.layout.xaxis.title.text
    few = figures.ranking_figure(MapClasses(tuple(shown[:70]), [0.0, 1000.0], 0, "Aantal"))
    assert len(few.data[0].y) == 70 and "hoogste" not in few.layout.xaxis.title.text
