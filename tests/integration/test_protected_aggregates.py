"""The per-gemeente aggregates count the protected codes apart (migration 0017), so that a region
total without them is one lookup: per table the codes counted apart add up to their
registrations, and the counts stay exact when themes.toml protects a code the aggregates were
built without (that code is subtracted until a refresh builds every month again with it
apart)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import func, inspect, select

from dashboard.data.db import upgrade_schema
from dashboard.data.models import (
    AggBeschermdeCode,
    AggIncidentGemeenteDay,
    AggIncidentGemeenteMonth,
    FactIncident,
)
from dashboard.data.ops import aggregate_refresh
from dashboard.data.reference.themes import PROTECTED_CODES
from tests.conftest import build_demo_db, fresh_url
from tests.integration.test_migrations import migrate
from tests.integration.test_queries import assert_left_out_codes_equal_direct_counts

SPLIT_TABLES = (AggIncidentGemeenteMonth, AggIncidentGemeenteDay)
# A code that themes.toml protects, pretended to be protected only after the aggregates were
# built (tests below); the region's figures leave it out in assert_left_out_codes_equal_...
# too, so every subtraction path runs.
LATE = "E33"


@pytest.fixture(scope="module")
def factory(tmp_path_factory):
    """A demo database of its own: the tests here rebuild its aggregates."""
    url = fresh_url(tmp_path_factory.mktemp("protected-aggregates"))
    engine, factory, _ = build_demo_db(url, seed=7, scale=0.3)
    yield factory
    engine.dispose()


def apart(session, model) -> dict[str, int]:
    """A per-gemeente aggregate's registrations per beschermde_code."""
    rows = session.execute(
        select(model.beschermde_code, func.sum(model.aantal)).group_by(model.beschermde_code)
    )
    return {code: int(n) for code, n in rows.all()}


def per_code(session) -> dict[str, int]:
    rows = session.execute(select(FactIncident.mk_code, func.count()).group_by("mk_code"))
    return dict(rows.all())


def first_month(session) -> tuple[dt.date, dt.date]:
    first = session.scalar(select(func.min(FactIncident.pleegdatum))).replace(day=1)
    return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def test_the_aggregates_count_each_protected_code_apart(factory):
    with factory() as session:
        assert set(session.scalars(select(AggBeschermdeCode.mk_code))) == PROTECTED_CODES
        facts = per_code(session)
        for model in SPLIT_TABLES:
            found = apart(session, model)
            assert {c: n for c, n in found.items() if c} == {
                c: n for c, n in facts.items() if c in PROTECTED_CODES
            }, model.__tablename__
            unprotected = sum(n for c, n in facts.items() if c not in PROTECTED_CODES)
            assert found[""] == unprotected, model.__tablename__


def test_a_code_protected_after_the_aggregates_were_built_is_still_left_out(factory, monkeypatch):
    """Built when LATE was not protected (its registrations inside '' with the unprotected
    ones), the aggregates cannot leave it out by a condition: the counts subtract it, and
    every path still equals the fact table without the left-out codes."""
    with factory() as session:
        monkeypatch.setattr(aggregate_refresh, "PROTECTED_CODES", PROTECTED_CODES - {LATE})
        aggregate_refresh.refresh_aggregates(session, *first_month(session))  # builds every month
        assert LATE not in set(session.scalars(select(AggBeschermdeCode.mk_code)))
        assert LATE not in apart(session, AggIncidentGemeenteMonth)
        assert_left_out_codes_equal_direct_counts(session, random.Random(29))
        session.rollback()


def test_a_refresh_after_themes_toml_changed_builds_every_month_again(factory, monkeypatch):
    """One delivery's month refreshed after the protected codes changed: every month of every
    per-gemeente aggregate counts the new protected code apart, and the counts stay exact."""
    with factory() as session:
        monkeypatch.setattr(aggregate_refresh, "PROTECTED_CODES", PROTECTED_CODES - {LATE})
        aggregate_refresh.refresh_aggregates(session, *first_month(session))
        monkeypatch.setattr(aggregate_refresh, "PROTECTED_CODES", PROTECTED_CODES)
        latest = session.scalar(select(func.max(FactIncident.pleegdatum)))
        newest_month = (latest.replace(day=1), latest)
        aggregate_refresh.refresh_aggregates(session, *newest_month)
        assert set(session.scalars(select(AggBeschermdeCode.mk_code))) == PROTECTED_CODES
        late = per_code(session)[LATE]
        for model in SPLIT_TABLES:
            assert apart(session, model)[LATE] == late, model.__tablename__
        assert_left_out_codes_equal_direct_counts(session, random.Random(31))
        session.rollback()


def test_migration_0017_splits_the_aggregates_of_an_existing_database(factory):
    """A database from before migration 0017 (one aggregate row per hoofdcategorie, no
    agg_beschermde_code) upgraded: the per-gemeente aggregates count the codes the migration
    names apart, add up to the registrations, and every count stays exact."""
    engine = factory.kw["bind"]
    migrate(engine, "downgrade", "0016")
    assert "agg_beschermde_code" not in inspect(engine).get_table_names()
    upgrade_schema(engine)
    with factory() as session:
        split = set(session.scalars(select(AggBeschermdeCode.mk_code)))
        assert split, "the migration names the protected codes"
        facts = per_code(session)
        for model in SPLIT_TABLES:
            found = apart(session, model)
            assert {c: n for c, n in found.items() if c} == {
                c: n for c, n in facts.items() if c in split
            }, model.__tablename__
            assert found[""] == sum(n for c, n in facts.items() if c not in split)
        assert_left_out_codes_equal_direct_counts(session, random.Random(37))
