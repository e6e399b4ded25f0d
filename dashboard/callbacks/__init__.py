"""Callback registration: each module of this package exposes register(app), one per page (and
the frame's), so a new page's callbacks need no line here. The shared widgets' callbacks
(components/) are registered by the pages that show them."""

from __future__ import annotations

import importlib
import pkgutil

from dash import Dash


def register_all(app: Dash) -> None:
    # Imported by full name: `from dashboard.callbacks import annotations` would find the
    # __future__ feature of this package instead of the module.
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.ispkg):
        importlib.import_module(f"{__name__}.{module}").register(app)
