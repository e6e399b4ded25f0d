"""The app as the benches measure it: built as wsgi.py builds it for production (start-up
objects frozen), on one database, with the bench's own account logged in through the real
login form. Every bench that calls the app goes through served()."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bench_db import BENCH_PASSWORD, BENCH_USER
from benchmarks.dash_calls import login_with_form


@dataclass(frozen=True)
class BenchApp:
    app: object  # the Dash app
    client: object  # Flask test client, logged in

    @property
    def factory(self):
        """The app's own session factory."""
        from dashboard.data.session import EXTENSION_KEY

        return self.app.server.extensions[EXTENSION_KEY].factory

    def clear_cache(self) -> None:
        """Empty the app cache (flask-caching), for first-visit figures."""
        from dashboard.cache import EXTENSION_KEY

        self.app.server.extensions[EXTENSION_KEY].clear()


@contextmanager
def served(url: str) -> Iterator[BenchApp]:
    from dashboard import create_app
    from dashboard.config import Config
    from dashboard.data.session import EXTENSION_KEY
    from dashboard.heap import freeze_startup_objects

    with tempfile.TemporaryDirectory(prefix="veiligheid-bench-app-") as tmp:
        config = Config(mode="test", database_url=url, secret_key="bench", instance_dir=Path(tmp))
        app = create_app(config)
        freeze_startup_objects()  # as wsgi.py does in production
        client = app.server.test_client()
        login_with_form(client, BENCH_USER, BENCH_PASSWORD)
        try:
            yield BenchApp(app, client)
        finally:
            app.server.extensions[EXTENSION_KEY].engine.dispose()  # release a SQLite file
