"""The annotation (duiding) card of the general and thematic dashboards: the list of annotations
for the shown view, a form in a modal to add or change one, and a confirmation to delete one.

Each dashboard gets its own ids (prefix "algemeen" or "thema"), so that its callbacks belong to
its own pages only and check that page's access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.data.store.annotations import MAX_TEXT
from dashboard.formatting import nl_date

Option = tuple[str, str]
ALL_CATEGORIES = "alle"  # the category field's "no category" (an empty value reads as unset)


@dataclass(frozen=True)
class AnnotationIds:
    prefix: str

    def _id(self, name: str) -> str:
        return f"{self.prefix}-duiding-{name}"

    @property
    def version(self) -> str:  # raised after every change: the list and the trend redraw
        return self._id("versie")

    @property
    def items(self) -> str:
        return self._id("lijst")

    @property
    def add(self) -> str:
        return self._id("toevoegen")

    @property
    def modal(self) -> str:
        return self._id("formulier")

    @property
    def modal_title(self) -> str:
        return self._id("formulier-titel")

    @property
    def van(self) -> str:
        return self._id("van")

    @property
    def tot(self) -> str:
        return self._id("tot")

    @property
    def area(self) -> str:
        return self._id("gebied")

    @property
    def category(self) -> str:
        return self._id("categorie")

    @property
    def text(self) -> str:
        return self._id("tekst")

    @property
    def save(self) -> str:
        return self._id("opslaan")

    @property
    def cancel(self) -> str:
        return self._id("annuleren")

    @property
    def message(self) -> str:
        return self._id("melding")

    @property
    def editing(self) -> str:  # the id being changed; None: a new annotation
        return self._id("bewerkt")

    @property
    def confirm(self) -> str:
        return self._id("bevestig")

    @property
    def confirm_text(self) -> str:
        return self._id("bevestig-tekst")

    @property
    def confirm_delete(self) -> str:
        return self._id("bevestig-verwijderen")

    @property
    def confirm_cancel(self) -> str:
        return self._id("bevestig-annuleren")

    @property
    def deleting(self) -> str:
        return self._id("verwijderd-id")

    @property
    def status(self) -> str:
        return self._id("status")

    @property
    def action(self) -> str:  # {soort: "wijzig" | "verwijder", id, klik} of a list button
        return self._id("actie")

    @property
    def edit_type(self) -> str:
        return self._id("wijzig")

    @property
    def delete_type(self) -> str:
        return self._id("verwijder")


GENERAL = AnnotationIds("algemeen")
THEME = AnnotationIds("thema")


@dataclass(frozen=True)
class Item:
    """One annotation as the list shows it."""

    id: int
    van: dt.date
    tot: dt.date
    gebied: str
    categorie: str | None
    tekst: str
    auteur: str
    mag_wijzigen: bool
    gewijzigd_door: str | None = None


def _label(text: str, target: str) -> html.Label:
    return html.Label(text, htmlFor=target, className="form-label small fw-semibold mb-1 mt-2")


def form(ids: AnnotationIds, categories: list[Option] | None) -> list:
    """The fields; categories None: a theme dashboard (the annotation belongs to the theme)."""
    fields = [
        dbc.Row(
            [
                dbc.Col([_label("Van", ids.van), dbc.Input(id=ids.van, type="date", size="sm")]),
                dbc.Col(
                    [_label("Tot en met", ids.tot), dbc.Input(id=ids.tot, type="date", size="sm")]
                ),
            ],
            class_name="g-2",
        ),
        _label("Gebied", ids.area),
        dbc.Select(id=ids.area, options=[], size="sm"),
    ]
    if categories is not None:
        fields += [
            _label("Categorie", ids.category),
            dbc.Select(
                id=ids.category,
                options=[{"label": "Alle categorieën", "value": ALL_CATEGORIES}]
                + [{"label": label, "value": value} for value, label in categories],
                value=ALL_CATEGORIES,
                size="sm",
            ),
        ]
    fields += [
        _label(f"Tekst (hooguit {MAX_TEXT} tekens)", ids.text),
        dbc.Textarea(
            id=ids.text,
            maxLength=MAX_TEXT,
            rows=3,
            placeholder="bijv. registratiepraktijk gewijzigd per maart; extra handhavingsinzet",
            size="sm",
        ),
        html.Div(
            "Geen namen, adressen, kentekens of andere persoonsgegevens: duiding gaat over "
            "perioden en gebieden.",
            className="small text-muted mt-1",
        ),
        html.Div(id=ids.message, className="small text-danger mt-2", role="alert"),
    ]
    return fields


def card(ids: AnnotationIds, categories: list[Option] | None, help_button=None) -> dbc.Card:
    header = [html.H2("Duiding bij deze weergave", className="fs-6 fw-semibold d-inline mb-0")]
    if help_button is not None:
        header.append(help_button)
    header.append(
        html.Button(
            "+ Toevoegen",
            id=ids.add,
            type="button",
            className="btn btn-sm btn-outline-primary py-0 ms-auto text-nowrap",
            title="Duiding toevoegen",
            **{"aria-label": "Duiding toevoegen"},
        )
    )
    body = [
        html.Div(id=ids.status, className="small text-success", role="status"),
        html.Div(id=ids.items, className="small annotation-list"),
        dcc.Store(id=ids.version, data=0),
        dcc.Store(id=ids.action),
        dcc.Store(id=ids.editing),
        dcc.Store(id=ids.deleting),
        dbc.Modal(
            [
                dbc.ModalHeader(dbc.ModalTitle("Duiding toevoegen", id=ids.modal_title)),
                dbc.ModalBody(form(ids, categories)),
                dbc.ModalFooter(
                    [
                        html.Button("Annuleren", id=ids.cancel, className="btn btn-sm btn-link"),
                        html.Button("Opslaan", id=ids.save, className="btn btn-sm btn-primary"),
                    ]
                ),
            ],
            id=ids.modal,
            is_open=False,
        ),
        dbc.Modal(
            [
                dbc.ModalHeader(dbc.ModalTitle("Duiding verwijderen?")),
                dbc.ModalBody(html.Div(id=ids.confirm_text)),
                dbc.ModalFooter(
                    [
                        html.Button(
                            "Annuleren", id=ids.confirm_cancel, className="btn btn-sm btn-link"
                        ),
                        html.Button(
                            "Verwijderen", id=ids.confirm_delete, className="btn btn-sm btn-danger"
                        ),
                    ]
                ),
            ],
            id=ids.confirm,
            is_open=False,
        ),
    ]
    return dbc.Card(
        [
            dbc.CardHeader(header, class_name="py-1 d-flex align-items-center gap-2"),
            dbc.CardBody(body, class_name="p-2"),
        ],
        class_name="shadow-sm mt-2",
    )


def period_text(van: dt.date, tot: dt.date) -> str:
    return nl_date(van) if van == tot else f"{nl_date(van)} t/m {nl_date(tot)}"


def item_list(ids: AnnotationIds, items: list[Item]) -> list:
    if not items:
        return [
            html.Div(
                "Nog geen duiding voor dit gebied en deze periode.", className="text-muted small"
            )
        ]
    rows = []
    for item in items:
        meta = [period_text(item.van, item.tot), item.gebied]
        if item.categorie:
            meta.append(item.categorie)
        author = f"door {item.auteur}"
        if item.gewijzigd_door and item.gewijzigd_door != item.auteur:
            author += f", gewijzigd door {item.gewijzigd_door}"
        meta.append(author)
        buttons = []
        if item.mag_wijzigen:
            buttons = [
                html.Button(
                    "Wijzigen",
                    id={"type": ids.edit_type, "id": item.id},
                    className="btn btn-link btn-sm p-0 me-2",
                    **{"aria-label": f"Duiding van {period_text(item.van, item.tot)} wijzigen"},
                ),
                html.Button(
                    "Verwijderen",
                    id={"type": ids.delete_type, "id": item.id},
                    className="btn btn-link btn-sm p-0 text-danger",
                    **{"aria-label": f"Duiding van {period_text(item.van, item.tot)} verwijderen"},
                ),
            ]
        rows.append(
            html.Li(
                [
                    html.Div(item.tekst, className="annotation-text"),
                    html.Div(" · ".join(meta), className="text-muted"),
                    html.Div(buttons) if buttons else None,
                ],
                className="annotation-item",
                **{"data-duiding": str(item.id)},
            )
        )
    return [html.Ul(rows, className="list-unstyled mb-0")]
