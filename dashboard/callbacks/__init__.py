"""Callback registration: each page module exposes register(app)."""

from __future__ import annotations

from dash import Dash


def register_all(app: Dash) -> None:
    from dashboard.callbacks import (
        algemeen,
        beheer,
        databronnen,
        gebruik,
        open_data,
        resultaten,
        shell,
        thema,
        veiligheidsmonitor,
    )

    shell.register(app)
    algemeen.register(app)
    databronnen.register(app)
    beheer.register(app)
    open_data.register(app)
    veiligheidsmonitor.register(app)
    thema.register(app)
    gebruik.register(app)
    resultaten.register(app)

    from dashboard.callbacks import metingen, vragenlijst

    metingen.register(app)
    vragenlijst.register(app)
