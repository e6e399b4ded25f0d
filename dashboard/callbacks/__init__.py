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

    # Imported by its full name: `from dashboard.callbacks import annotations` would find the
    # __future__ feature of this package instead of the module.
    from dashboard.callbacks.annotations import register as register_annotations

    register_annotations(app)
