"""Callback of the Veiligheidsmonitor card on the general dashboard (thin: view -> layout)."""

from __future__ import annotations

from dash import Dash, Input, Output

from dashboard import ids
from dashboard.callbacks.algemeen import NO_DATA, in_context
from dashboard.layouts import veiligheidsmonitor as layout
from dashboard.views import algemeen as view
from dashboard.views import veiligheidsmonitor as survey_view


def update_survey(search):
    try:
        context, table = in_context(search, survey_view.survey_table)
    except view.NoData:
        return NO_DATA
    return layout.survey_body(table, survey_view.empty_scope(context))


def register(app: Dash) -> None:
    app.callback(Output(ids.SURVEY, "children"), Input(ids.VIEW, "data"))(update_survey)
