"""Access to the application's database from request handlers and callbacks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dashboard.config import Config

EXTENSION_KEY = "veiligheid"


@dataclass(frozen=True)
class AppContext:
    config: Config
    engine: Engine
    factory: sessionmaker[Session]


def app_context() -> AppContext:
    return current_app.extensions[EXTENSION_KEY]


@contextmanager
def read_session() -> Iterator[Session]:
    """A short session for reading; nothing is committed."""
    with app_context().factory() as session:
        yield session


@contextmanager
def write_session() -> Iterator[Session]:
    with app_context().factory() as session, session.begin():
        yield session
