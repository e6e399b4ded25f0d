"""Dash's own controls speak Dutch on every page (issue 21): each dropdown has Dutch texts, each
date picker starts the week on Monday, each chart uses Plotly's Dutch locale, and the page loads
the locale files from the app itself.

Generated from the page table: a page or control added later is covered without a new test
(the browser test tests/browser/test_ui_language.py shows what the user then sees)."""

from __future__ import annotations

import re

import pytest
from dash import dcc
from flask_login import login_user

from auth.user import CurrentUser
from dashboard import pages
from tests.conftest import login

ENGLISH_LABEL = re.compile(r"\b(Search|Select All|Deselect|No options|Clear|selected)\b")
LOCALE_SCRIPTS = ("vendor/date-fns-locale-nl.min.js", "vendor/plotly-locale-nl.js")


def components(node):
    """Every component of a built layout, depth first."""
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from components(child)


@pytest.fixture(scope="module")
def built_pages(app):
    """Every page as the admin sees it (the admin may open all of them)."""
    with app.server.test_request_context():
        login_user(CurrentUser(1, "admin", "admin", None, True, protocol_accepted=True))
        return {page.path: page.build("") for page in pages.PAGES}


def test_every_dropdown_has_dutch_texts(built_pages):
    seen = 0
    for path, layout in built_pages.items():
        for node in components(layout):
            if isinstance(node, dcc.Dropdown):
                seen += 1
                labels = getattr(node, "labels", None) or {}
                assert labels.get("search") == "Zoeken", (path, node.id)
                assert labels.get("select_all") == "Alles selecteren", (path, node.id)
                # {num_selected} is the dropdown's placeholder for the count, not a text.
                texts = [t.replace("{num_selected}", "") for t in labels.values()]
                assert not [t for t in texts if ENGLISH_LABEL.search(t)], (path, labels)
    assert seen >= 10  # Algemeen beeld alone has seven


def test_every_date_picker_starts_on_monday_with_dutch_dates(built_pages):
    seen = 0
    for path, layout in built_pages.items():
        for node in components(layout):
            if isinstance(node, dcc.DatePickerRange | dcc.DatePickerSingle):
                seen += 1
                assert getattr(node, "first_day_of_week", 0) == 1, (path, node.id)
                assert node.display_format == "DD-MM-YYYY", (path, node.id)
    assert seen >= 2  # Algemeen beeld and Gebruik


def test_every_chart_uses_the_dutch_plotly_locale(built_pages):
    seen = 0
    for path, layout in built_pages.items():
        for node in components(layout):
            if isinstance(node, dcc.Graph):
                seen += 1
                assert (getattr(node, "config", None) or {}).get("locale") == "nl", (path, node)
    assert seen >= 5


def test_the_locale_files_are_served_by_the_app_and_loaded_by_every_page(app):
    """Nothing is fetched from a CDN: the page itself loads the Dutch locales."""
    client = app.server.test_client()
    assert login(client, "gebruiker").status_code == 302
    index = client.get("/").get_data(as_text=True)
    for script in LOCALE_SCRIPTS:
        assert f"/assets/{script}" in index
        response = client.get(f"/assets/{script}")
        assert response.status_code == 200
        assert b'"nl"' in response.data or b"nl:" in response.data
