"""Callback of the Veiligheidsmonitor card on the general dashboard (thin: view -> layout)."""

from __future__ import annotations

from dash import Dash, Input, Output

from dashboard import ids
from dashboard.callbacks.algemeen import NO_DATA
from dashboard.data.session import read_session
from dashboard.layouts import veiligheidsmonitor as layout
from dashboard.state import parse
from dashboard.views import algemeen as view
from dashboard.views import veiligheidsmonitor as survey_view


def update_survey(search):
    try:
        with read_session() as session:
            context = view.resolve(session, parse(search))
            table = survey_view.survey_table(session, context)
    except view.NoData:
        return NO_DATA
    return layout.survey_body(table, survey_view.empty_scope(context))


def register(app: Dash) -> None:
    app.callback(Output(ids.SURVEY, "children"), Input(ids.VIEW, "data"))(update_survey)
