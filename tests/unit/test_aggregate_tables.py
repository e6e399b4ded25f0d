"""models.AGGREGATE_TABLES is the one list of the aggregates kept from fact_incident: loading
clears it before a refresh, the demo and the benchmarks empty it with the facts."""

from dashboard.data.models import Base
from dashboard.data.queries.aggregates import AGGREGATE_TABLES


def test_every_aggregate_table_is_in_the_one_list():
    in_schema = {name for name in Base.metadata.tables if name.startswith("agg_incident")}
    assert {model.__tablename__ for model in AGGREGATE_TABLES} == in_schema
    assert len(AGGREGATE_TABLES) == len(in_schema)


def test_every_aggregate_table_has_a_month_or_a_day_to_refresh_by():
    for model in AGGREGATE_TABLES:
        assert hasattr(model, "maand") or hasattr(model, "datum"), model.__tablename__
