"""Callback of the Veiligheidsmonitor card on the general dashboard: the URL state to the survey
figures (measures.survey) to the card (layouts.veiligheidsmonitor)."""

from __future__ import annotations

from dash import Dash, Input, Output

from dashboard import policy
from dashboard.layouts import veiligheidsmonitor as layout
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.notice import no_data
from dashboard.measures import selection, survey


def update_survey(search):
    viewer = policy.current_viewer()
    try:
        context, figures = selection.evaluate(search, viewer, survey.survey_figures)
    except selection.NoData:
        return {"survey": no_data(policy.load_howto(viewer, "politie"))}
    howto = policy.load_howto(viewer, "veiligheidsmonitor")
    return {"survey": layout.survey_body(figures, survey.empty_scope(context), howto)}


def register(app: Dash) -> None:
    app.callback(
        output={"survey": Output(ALGEMEEN.survey, "children")},
        inputs=[Input(ALGEMEEN.view, "data")],
    )(update_survey)
