"""Callbacks of the shared widgets (dashboard.layouts.components): each page registers the ones it
shows, with its own ids, from its register(app)."""
