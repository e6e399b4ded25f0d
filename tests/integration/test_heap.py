"""The served app keeps its start-up objects out of garbage collection (dashboard/heap.py): a
full collection over them paused a filter callback for about 120 ms in the benchmark."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROBE = """
import gc
import wsgi
frozen = gc.get_freeze_count()
before = len(gc.get_objects())
wsgi.server.test_client().get("/login")  # serving makes new objects, which stay collectable
print(frozen, before, len(gc.get_objects()), gc.collect() >= 0)
"""


@pytest.mark.sqlite_only("process start-up does not depend on the engine")
def test_the_wsgi_entry_point_freezes_what_start_up_built(tmp_path):
    env = {
        **os.environ,
        "VEILIGHEID_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "VEILIGHEID_MODE": "demo",
        "VEILIGHEID_INSTANCE_DIR": str(tmp_path),
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frozen, tracked_before, tracked_after, _ = done.stdout.split()
    # Dash, plotly, pandas, SQLAlchemy and the layouts: well over 100,000 objects, none left
    # for the collector to walk; a request's own objects are tracked as usual.
    assert int(frozen) > 100_000
    assert int(tracked_before) < 1_000
    assert int(tracked_after) > int(tracked_before)
