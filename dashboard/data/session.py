"""Access to the application's database from request handlers and callbacks."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dashboard.data.db import ping

EXTENSION_KEY = "veiligheid"
REPLICA_CHECK_S = 15


@dataclass(frozen=True)
class AppContext:
    """The application's database: engine, sessions and the optional read replica. The settings
    are dashboard.config.app_config()'s (this layer does not import the configuration)."""

    engine: Engine
    factory: sessionmaker[Session]
    replica: Replica | None = None  # VEILIGHEID_DATABASE_REPLICA_URL


class Replica:
    """The read replica, and whether it answers: checked at most every REPLICA_CHECK_S per
    process. While it does not answer, figure reads go to the primary instead of failing."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.factory = sessionmaker(engine, expire_on_commit=False)
        self._lock = threading.Lock()
        self._checked_at = -REPLICA_CHECK_S
        self._up = True

    def usable(self) -> bool:
        with self._lock:
            now = time.monotonic()
            if now - self._checked_at >= REPLICA_CHECK_S:
                self._up, self._checked_at = ping(self.engine), now
            return self._up


def app_context() -> AppContext:
    return current_app.extensions[EXTENSION_KEY]


@contextmanager
def read_session() -> Iterator[Session]:
    """A short session for reading figures; nothing is committed. With a read replica it reads
    there: what it shows may lag the primary by the replication delay (seconds), which is fine
    for data loaded once a week."""
    context = app_context()
    replica = context.replica
    factory = replica.factory if replica is not None and replica.usable() else context.factory
    with factory() as session:
        yield session


@contextmanager
def primary_session() -> Iterator[Session]:
    """A read that must see the latest writes: accounts, grants and session versions (a logout
    or a disabled account counts at once), annotations, answers and usage just written."""
    with app_context().factory() as session:
        yield session


@contextmanager
def write_session() -> Iterator[Session]:
    with app_context().factory() as session, session.begin():
        yield session
