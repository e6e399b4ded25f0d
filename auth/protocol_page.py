"""The user protocol page: read the current version and accept it (server-rendered, so it works
before any Dash endpoint is open to the user)."""

from __future__ import annotations

from typing import NamedTuple

from flask import Blueprint, redirect, render_template, request
from flask_login import current_user

from auth.safety import EXPIRED_FORM, csrf_token, csrf_valid, safe_next
from dashboard.data.session import write_session
from dashboard.data.store import protocol

blueprint = Blueprint("protocol", __name__, template_folder="templates")

NEWER_VERSION = "Er is intussen een nieuwe versie gepubliceerd. Lees die en ga opnieuw akkoord."


class Block(NamedTuple):
    kind: str  # "kop", "alinea" or "lijst"
    lines: tuple[str, ...]


def blocks(text: str) -> list[Block]:
    """A small subset of markdown (headings, paragraphs, '-' lists) as plain blocks; the template
    escapes every line, so an admin's text can never inject HTML."""
    result: list[Block] = []
    kind, lines = None, []

    def close():
        nonlocal kind, lines
        if lines:
            result.append(Block(kind, tuple(lines)))
        kind, lines = None, []

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("#"):
            close()
            result.append(Block("kop", (line.lstrip("#").strip(),)))
        elif line.startswith(("- ", "* ")):
            if kind != "lijst":
                close()
                kind = "lijst"
            lines.append(line[2:].strip())
        elif kind == "lijst" and raw[:1].isspace():
            lines[-1] = f"{lines[-1]} {line}"  # a wrapped list item
        else:
            if kind != "alinea":
                close()
                kind = "alinea"
            lines.append(line)
    close()
    return result


@blueprint.route("/protocol", methods=["GET", "POST"])
def page():
    next_url = safe_next(request.values.get("next"))
    error = None
    with write_session() as session:
        version = protocol.current_version(session)
        if request.method == "POST":
            if not csrf_valid(request.form.get("csrf_token")):
                error = EXPIRED_FORM
            elif request.form.get("versie") != str(version.versie):
                error = NEWER_VERSION
            else:
                protocol.accept(session, current_user.id, version.versie)
        accepted = protocol.has_accepted(session, current_user.id, version.versie)
        number, text, published = version.versie, version.tekst, version.gepubliceerd
    if request.method == "POST" and error is None:
        return redirect(next_url)
    return (
        render_template(
            "protocol.html",
            versie=number,
            gepubliceerd=published.strftime("%d-%m-%Y"),
            blocks=blocks(text),
            accepted=accepted,
            error=error,
            next_url=next_url,
            csrf_token=csrf_token(),
        ),
        400 if error else 200,
    )
