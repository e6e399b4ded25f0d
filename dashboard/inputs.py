"""Invalid input from the client: one exception type for a value that the browser never sends
(a number where a dropdown holds text, a query string with hundreds of fields), raised by the
parsers and callbacks and answered with 400 by one error handler (auth/dash_request.py) instead
of a 500. Valid input passes through these helpers unchanged.

Messages name the input and what was expected, never the value itself (it may be huge or
hostile)."""

from __future__ import annotations

from urllib.parse import parse_qs

# A view's query string has about ten fields; this bounds the work of parsing a hostile one
# while leaving room for what mail clients and proxies append to a shared link.
MAX_QUERY_FIELDS = 40
# Integers an id column can hold on both engines: the ids are INTEGER, 32 bits on PostgreSQL
# (SQLite takes 64), so a bigger number would be an "integer out of range" there.
MAX_INT = 2**31 - 1


class InvalidInput(ValueError):
    """A request value of the wrong type or size."""


class TooManyFields(InvalidInput):
    """A query string with more than MAX_QUERY_FIELDS fields."""


def text(value, name: str) -> str | None:
    """A text value (a dropdown, text field or store holding text), or None when empty."""
    if value is None or isinstance(value, str):
        return value
    raise InvalidInput(f"{name}: verwacht tekst")


def text_list(value, name: str) -> list[str]:
    """The value of a multi-select: a list of texts (a single text counts as a list of one,
    as Dash's dropdown allows); None is the empty list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise InvalidInput(f"{name}: verwacht een lijst met tekst")


def integer(value, name: str) -> int | None:
    """An integer id or count that the database can bind, or None."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_INT:
        return value
    raise InvalidInput(f"{name}: verwacht een geheel getal")


def records(value, name: str) -> list[dict]:
    """A table's rows (an AG Grid's rowData or selectedRows): a list of objects."""
    if isinstance(value, list) and all(isinstance(row, dict) for row in value):
        return value
    raise InvalidInput(f"{name}: verwacht een lijst met rijen")


def query_params(search, name: str) -> dict[str, list[str]]:
    """The fields of a URL query string ("?a=1&b=2" or "a=1&b=2"); None is the empty one."""
    raw = text(search, name) or ""
    try:
        return parse_qs(raw.lstrip("?"), max_num_fields=MAX_QUERY_FIELDS)
    except ValueError as exc:  # parse_qs: "Max number of fields exceeded"
        raise TooManyFields(f"{name}: meer dan {MAX_QUERY_FIELDS} velden") from exc
