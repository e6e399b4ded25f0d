"""Logging out the way the browser does: a POST with the session's CSRF token."""

from __future__ import annotations

import re

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(page: str) -> str:
    found = TOKEN.search(page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def logout(client):
    """POST /logout with the token of the confirm form (the same token as in the shell)."""
    token = csrf_from(client.get("/logout").get_data(as_text=True))
    return client.post("/logout", data={"csrf_token": token})
