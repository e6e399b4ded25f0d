"""The Veiligheidsmonitor load (long and wide, CSV and XLSX, rejects, idempotence, refusal) and
the card on the general dashboard that shows it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dashboard.callbacks.veiligheidsmonitor import update_survey
from dashboard.data.ingest.veiligheidsmonitor import load_veiligheidsmonitor
from dashboard.data.models import FactSurvey, IngestRejection, IngestRun
from dashboard.measures.selection import Context, resolve
from dashboard.measures.survey import survey_figures
from dashboard.policy import Viewer
from dashboard.state import ViewState, to_search
from tests.conftest import database_copy, make_app, shared_demo_snapshot, write_csv

ONVEILIG = "Voelt zich weleens onveilig in eigen buurt (%)"
CIJFER = "Rapportcijfer veiligheid buurt"
INDICATORS = (
    ONVEILIG,
    "Slachtoffer van vermogensdelicten (%)",
    "Overlast in de buurt (%)",
    "Verloedering in de buurt (%)",
    CIJFER,
)

# No codes in these states: what the viewer may see does not change them.
ANY_VIEWER = Viewer("gebruiker", "GM9901")
AREAS = ("GM9901", "GM9902", "GM9903", "RG99", "WK990100")
YEARS = (2019, 2021, 2023)
HEADER = ["Gebiedscode", "Jaar", "Indicator", "Waarde", "n"]


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    """A small fictional-region database; each test works on its own copy."""
    return shared_demo_snapshot(tmp_path_factory.mktemp("base"), seed=3, years=1, scale=0.2)


@pytest.fixture
def db(base_db, tmp_path):
    with database_copy(base_db, tmp_path) as (url, factory, _path):
        yield url, factory


def value_for(area: str, year: int, indicator: str) -> str:
    """A plausible figure with a decimal comma, different per area, year and indicator."""
    if indicator == CIJFER:
        return f"{6.5 + AREAS.index(area) * 0.1 + (year - 2019) * 0.05:.1f}".replace(".", ",")
    base = 10 + AREAS.index(area) * 3 + INDICATORS.index(indicator) * 5 + (year - 2019) * 0.5
    return f"{base:.1f}".replace(".", ",")


def good_rows() -> list[list[str]]:
    return [
        [area, str(year), indicator, value_for(area, year, indicator), "1200"]
        for area in AREAS
        for year in YEARS
        for indicator in INDICATORS
    ]


def stored(factory) -> dict[tuple, tuple]:
    with factory() as session:
        rows = session.execute(
            select(
                FactSurvey.area_code,
                FactSurvey.jaar,
                FactSurvey.indicator,
                FactSurvey.waarde,
                FactSurvey.n,
            )
        ).all()
    return {(a, j, i): (w, n) for a, j, i, w, n in rows}


def test_long_csv_loads_and_rejects_with_row_numbers(db, tmp_path):
    _, factory = db
    rows = good_rows()  # 75 figures, file rows 2..76
    rows += [
        ["GM9902", "2023", "Respons (%)", ".", "900"],  # row 77: CBS secret -> missing
        ["GM9903", "2023", "Respons (%)", "", "900"],  # row 78: empty -> missing
        ["GM0000", "2023", ONVEILIG, "20,0", "900"],  # row 79: unknown area
        ["GM9901", "2023", ONVEILIG, "140", "900"],  # row 80: duplicate (checked first)
        ["GM9902", "2021", "Respons (%)", "140", "900"],  # row 81: percentage above 100
    ]
    path = write_csv(tmp_path / "vm.csv", HEADER, rows)
    report = load_veiligheidsmonitor(factory, path)
    assert report.status == "geladen", report.message
    assert (report.read, report.inserted, report.updated, report.unchanged) == (80, 75, 0, 0)
    assert [(r.row, r.field, r.reason) for r in report.rejections] == [
        (79, "gebiedscode", "onbekend gebied (verwacht gemeente, wijk of regio)"),
        (80, "indicator", "dubbel in bestand (gebied, jaar)"),
        (81, "waarde", "percentage buiten 0-100"),
    ]
    assert "2 lege of geheime waarden" in report.message
    assert report.read == report.inserted + report.rejected + 2
    figures = stored(factory)
    assert len(figures) == 75
    assert figures[("GM9901", 2023, ONVEILIG)] == (pytest.approx(12.0), 1200)
    assert figures[("RG99", 2019, CIJFER)] == (pytest.approx(6.8), 1200)
    assert ("GM9902", 2023, "Respons (%)") not in figures
    with factory() as session:
        run = session.scalars(select(IngestRun).where(IngestRun.id == report.run_id)).one()
        assert (run.bron, run.status, run.toegevoegd, run.geweigerd) == (
            "veiligheidsmonitor",
            "geladen",
            75,
            3,
        )
        assert run.data_van.year == 2019 and run.data_tot.year == 2023
        rejected = session.scalars(
            select(IngestRejection.rij).where(IngestRejection.run_id == run.id)
        ).all()
        assert sorted(rejected) == [79, 80, 81]


def test_second_load_is_unchanged_and_a_changed_figure_is_updated(db, tmp_path):
    _, factory = db
    path = write_csv(tmp_path / "vm.csv", HEADER, good_rows())
    assert load_veiligheidsmonitor(factory, path).inserted == 75
    again = load_veiligheidsmonitor(factory, path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 75)
    changed = good_rows()
    changed[0][3] = "99,9"  # a corrected figure
    changed[1][4] = "1150"  # a corrected sample size
    report = load_veiligheidsmonitor(factory, write_csv(tmp_path / "vm2.csv", HEADER, changed))
    assert (report.inserted, report.updated, report.unchanged) == (0, 2, 73)
    figures = stored(factory)
    assert len(figures) == 75
    assert figures[("GM9901", 2019, INDICATORS[0])] == (pytest.approx(99.9), 1200)
    assert figures[("GM9901", 2019, INDICATORS[1])][1] == 1150


def test_wide_format_with_bare_gemeente_codes_and_cbs_years(db, tmp_path):
    _, factory = db
    header = ["Gemeentecode", "Gemeentenaam", "Perioden", "Aantal respondenten", ONVEILIG, CIJFER]
    rows = [
        ["9901", "Demostad", "2023JJ00", "1.250", "31,5", "6,9"],
        ["GM9902", "Proefdorp", "2023JJ00", "480", ".", "7,4"],
        ["GM9903", "Voorbeeldbroek", "2023", "", "24,0", "7,0"],
    ]
    path = write_csv(tmp_path / "breed.csv", header, rows, encoding="cp1252")
    report = load_veiligheidsmonitor(factory, path)
    assert report.status == "geladen", report.message
    assert (report.read, report.inserted, report.rejected) == (6, 5, 0)
    assert report.ignored_columns == ["Gemeentenaam"]
    assert "breed formaat" in report.message and "1 lege of geheime" in report.message
    figures = stored(factory)
    assert figures[("GM9901", 2023, ONVEILIG)] == (pytest.approx(31.5), 1250)
    assert figures[("GM9902", 2023, CIJFER)] == (pytest.approx(7.4), 480)
    assert figures[("GM9903", 2023, ONVEILIG)] == (pytest.approx(24.0), None)


def test_xlsx_long_format(db, tmp_path):
    from openpyxl import Workbook

    _, factory = db
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["gebiedscode", "jaar", "indicator", "waarde", "n"])
    sheet.append(["GM9901", 2023, ONVEILIG, 28.25, 1100])
    sheet.append(["WK990100", 2023, ONVEILIG, 33.0, 310])
    path = tmp_path / "vm.xlsx"
    workbook.save(path)
    report = load_veiligheidsmonitor(factory, path)
    assert (report.status, report.inserted) == ("geladen", 2)
    figures = stored(factory)
    assert figures[("GM9901", 2023, ONVEILIG)] == (pytest.approx(28.25), 1100)
    assert figures[("WK990100", 2023, ONVEILIG)] == (pytest.approx(33.0), 310)


def test_reject_share_above_five_percent_refuses_the_file(db, tmp_path):
    _, factory = db
    load_veiligheidsmonitor(factory, write_csv(tmp_path / "vm.csv", HEADER, good_rows()))
    before = stored(factory)
    rows = [[a, "2023", ONVEILIG, "50,0", "800"] for a in ("GM9901", "GM9902", "GM9903")]
    rows += [[f"GM{1000 + i}", "2023", ONVEILIG, "10,0", "800"] for i in range(2)]
    path = write_csv(tmp_path / "slecht.csv", HEADER, rows)
    report = load_veiligheidsmonitor(factory, path)
    assert report.status == "geweigerd"
    assert "2 van 5 cijfers afgekeurd" in report.message
    assert stored(factory) == before
    with factory() as session:
        run = session.scalars(select(IngestRun).order_by(IngestRun.id.desc()).limit(1)).one()
        assert (run.bron, run.status, run.geweigerd) == ("veiligheidsmonitor", "geweigerd", 2)
        assert run.rapport and "geweigerd" in run.rapport


def test_missing_column_refuses_the_file(db, tmp_path):
    _, factory = db
    path = write_csv(tmp_path / "vm.csv", ["Gebiedscode", "Indicator", "Waarde"], [["GM9901"]])
    report = load_veiligheidsmonitor(factory, path)
    assert report.status == "geweigerd"
    assert "kolom ontbreekt: jaar" in report.message
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(FactSurvey)) == 0
        assert session.scalar(
            select(func.count()).where(
                IngestRun.bron == "veiligheidsmonitor", IngestRun.status == "geweigerd"
            )
        )


# --- the card ---------------------------------------------------------------------------------


def texts(component) -> str:
    """All text in a component tree, joined."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(texts(c) for c in component)
    return texts(getattr(component, "children", None))


@pytest.fixture
def survey_app(db, tmp_path):
    url, factory = db
    rows = [
        ["GM9901", "2021", ONVEILIG, "35,0", "1000"],
        ["GM9901", "2023", ONVEILIG, "31,5", "1200"],
        ["GM9901", "2023", CIJFER, "6,9", "1200"],
        ["RG99", "2023", ONVEILIG, "27,0", "6000"],
        ["RG99", "2023", CIJFER, "7,2", "6000"],
        ["WK990100", "2023", ONVEILIG, "40,0", "20"],
    ]
    report = load_veiligheidsmonitor(factory, write_csv(tmp_path / "vm.csv", HEADER, rows))
    assert report.inserted == 6
    app = make_app(url)
    with app.server.app_context():
        yield factory


def context(factory, code: str | None) -> Context:
    with factory() as session:
        return resolve(session, ViewState().with_area(code), ANY_VIEWER)


def test_survey_table_for_gemeente_with_region_and_previous_year(survey_app):
    factory = survey_app
    with factory() as session:
        survey = survey_figures(session, context(factory, "GM9901"))
    assert survey.jaar == 2023 and survey.vorig_jaar == 2021
    assert survey.regio == "Demoregio (fictief) (hele regio)"  # the region's one name
    row = survey.row(ONVEILIG)
    assert (row.waarde, row.vorige_waarde, row.regio_waarde, row.n) == (31.5, 35.0, 27.0, 1200)
    assert row.marge == pytest.approx(1.96 * (0.315 * 0.685 / 1200) ** 0.5 * 100)
    assert row.regio_marge == pytest.approx(1.96 * (0.27 * 0.73 / 6000) ** 0.5 * 100)
    cijfer = survey.row(CIJFER)
    assert cijfer.marge is None and not cijfer.percentage


def test_wijk_with_figures_and_buurt_falling_back_on_gemeente(survey_app):
    factory = survey_app
    with factory() as session:
        wijk = survey_figures(session, context(factory, "WK990100"))
        other = survey_figures(session, context(factory, "BU99010100"))
        empty = survey_figures(session, context(factory, "GM9902"))
    assert wijk.gebied.endswith("(wijk)")
    assert wijk.rows[0].marge is None  # 20 respondents: too few for a margin
    assert other.gebied.endswith("(gemeente)") and other.noot
    assert empty is None


def test_update_survey_callback_renders_the_card(survey_app):
    shown = texts(update_survey(to_search(ViewState().with_area("GM9901")))["survey"])
    assert "31,5%" in shown and "± 2,6" in shown
    assert "Vorige meting (2021)" in shown and "35,0%" in shown
    assert "Demoregio (fictief) (hele regio) 2023" in shown and "27,0%" in shown
    assert "Veiligheidsmonitor (CBS)" in shown and "meting 2023" in shown
    assert "marge: 95%-betrouwbaarheidsinterval bij benadering" in shown
    # Outside a request the callback runs as the system (an admin): the how-to is shown.
    empty = texts(update_survey(to_search(ViewState().with_area("GM9902")))["survey"])
    assert "Veiligheidsmonitor-cijfers voor deze gemeente nog niet geladen" in empty
    assert "veiligheid ingest veiligheidsmonitor BESTAND" in empty
    region = texts(update_survey(to_search(ViewState()))["survey"])
    assert "7,2" in region and "Vorige meting" not in region


@pytest.mark.parametrize(
    ("role", "command_shown"), [("gebruiker", False), ("projectleider", True), ("admin", True)]
)
def test_the_empty_card_tells_a_reader_whom_to_ask(survey_app, role, command_shown):
    from flask import current_app
    from flask_login import login_user

    from auth.user import CurrentUser

    with current_app.test_request_context():
        login_user(CurrentUser(1, role, role, "GM9902", True, protocol_accepted=True))
        empty = texts(update_survey(to_search(ViewState().with_area("GM9902")))["survey"])
    assert "Veiligheidsmonitor-cijfers voor deze gemeente nog niet geladen" in empty
    assert ("veiligheid ingest veiligheidsmonitor BESTAND" in empty) is command_shown
    assert ("vraag uw beheerder" in empty) is not command_shown
    assert ("veiligheid " in empty) is command_shown  # no command line of any kind for a reader


def test_a_personal_column_in_a_wide_file_is_refused_and_its_values_never_kept(db, tmp_path):
    """In a wide file an unknown column would become an indicator whose unreadable cells are
    kept as rejected rows with their value: personal data is refused before that."""
    _, factory = db
    header = ["Gemeentecode", "Perioden", ONVEILIG, "Contactpersoon"]
    rows = [
        ["GM9901", "2023", "31,5", "Jansen, P. (Wierdensestraat 12)"],
        ["GM9902", "2023", "28,0", "de Vries, J."],
        ["GM9903", "2023", "24,0", "Bakker, A.B."],
    ]
    report = load_veiligheidsmonitor(factory, write_csv(tmp_path / "breed.csv", header, rows))
    assert report.status == "geweigerd"
    assert "kolom 'Contactpersoon' bevat persoonsgegevens (naam, bijvoorbeeld rij 2)" in (
        report.message
    )
    with factory() as session:
        kept = session.scalars(select(IngestRejection.waarde)).all()
    assert not [v for v in kept if v and ("Jansen" in v or "Vries" in v)]
    assert stored(factory) == {}
