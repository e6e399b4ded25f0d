"""Callback registration: each module of this package exposes register(app), one per page (and
the frame's and the duiding card's), so a new page's callbacks need no line here."""

from __future__ import annotations

import importlib
import pkgutil

from dash import Dash


def register_all(app: Dash) -> None:
    # Imported by full name: `from dashboard.callbacks import annotations` would find the
    # __future__ feature of this package instead of the module.
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}").register(app)
