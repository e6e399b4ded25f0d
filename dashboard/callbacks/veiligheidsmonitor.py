"""Callback of the Veiligheidsmonitor card on the general dashboard: the URL state to the survey
figures (measures.survey) to the card (layouts.veiligheidsmonitor)."""

from __future__ import annotations

from dash import Dash, Input, Output

from dashboard import policy
from dashboard.layouts import veiligheidsmonitor as layout
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.notice import NO_DATA
from dashboard.measures import selection, survey


def update_survey(search):
    try:
        context, figures = selection.evaluate(
            search, policy.current_viewer(), survey.survey_figures
        )
    except selection.NoData:
        return {"survey": NO_DATA}
    return {"survey": layout.survey_body(figures, survey.empty_scope(context))}


def register(app: Dash) -> None:
    app.callback(
        output={"survey": Output(ALGEMEEN.survey, "children")},
        inputs=[Input(ALGEMEEN.view, "data")],
    )(update_survey)
