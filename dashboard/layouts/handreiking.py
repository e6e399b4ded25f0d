"""The "Handreiking" page: how to analyse and interpret the dashboards' figures for the local
safety approach. Static text, except the examples of chance, which the same test as the
dashboards' hint computes (so the page and the dashboards cannot disagree)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.analysis.significance import change_hint
from dashboard.formatting import nl_number, nl_percent_change

# (comparison, period) pairs that show how the same percentage means different things.
EXAMPLES = ((4, 8), (10, 15), (40, 80), (200, 240), (2000, 2100))


def _section(title: str, *content) -> html.Section:
    anchor = title.lower().replace(" ", "-").replace(",", "")
    return html.Section([html.H2(title, className="h5 mt-4", id=anchor), *content])


def chance_table() -> html.Table:
    rows = []
    for previous, current in EXAMPLES:
        hint = change_hint(current, previous)
        p_text = "< 0,001" if hint.p_value < 0.001 else nl_number(hint.p_value, 3)
        rows.append(
            html.Tr(
                [
                    html.Td(nl_number(previous), className="text-end"),
                    html.Td(nl_number(current), className="text-end"),
                    html.Td(nl_percent_change((current - previous) / previous * 100)),
                    html.Td(p_text, className="text-end"),
                    html.Td(hint.text),
                ]
            )
        )
    header = html.Thead(
        html.Tr(
            [
                html.Th("Vorige periode", scope="col"),
                html.Th("Deze periode", scope="col"),
                html.Th("Verandering", scope="col"),
                html.Th("p", scope="col"),
                html.Th("Hint op het dashboard", scope="col"),
            ]
        )
    )
    return html.Table(
        [
            html.Caption("Voorbeelden: dezelfde procentuele stijging, andere aantallen"),
            header,
            html.Tbody(rows),
        ],
        className="table table-sm small w-auto",
    )


def build(_search: str = "") -> html.Div:
    contents = [
        "Een analyse in zes stappen",
        "Wat de cijfers tellen",
        "Kleine aantallen en toeval",
        "Wanneer is een verandering betekenisvol",
        "Gebieden eerlijk vergelijken",
        "Duiding delen",
    ]
    toc = html.Nav(
        html.Ul(
            [
                html.Li(dcc.Link(t, href="#" + t.lower().replace(" ", "-").replace(",", "")))
                for t in contents
            ],
            className="small",
        ),
        **{"aria-label": "Inhoud"},
    )
    text = [
        html.H1("Handreiking: cijfers analyseren en duiden", className="h4"),
        html.P(
            "Voor medewerkers openbare orde en veiligheid die het dashboard gebruiken voor de "
            "lokale veiligheidsaanpak en het gesprek in de driehoek. Data zijn nooit leidend: "
            "cijfers wijzen waar u moet kijken, professionals duiden wat er gebeurt.",
            className="lead fs-6",
        ),
        toc,
        _section(
            "Een analyse in zes stappen",
            html.Ol(
                [
                    html.Li("Begin met een vraag: welk probleem, welk gebied, welke periode?"),
                    html.Li(
                        "Kies een periode die past bij de vraag, en een vergelijking: dezelfde "
                        "periode vorig jaar voorkomt dat seizoenen (zomer, jaarwisseling) als "
                        "trend worden gelezen."
                    ),
                    html.Li(
                        "Kijk eerst op gemeenteniveau, daarna pas naar wijk en buurt: hoe "
                        "kleiner het gebied, hoe kleiner de aantallen en hoe groter het toeval."
                    ),
                    html.Li(
                        "Lees de trend over meerdere weken of maanden; één uitschieter is zelden "
                        "een ontwikkeling."
                    ),
                    html.Li(
                        "Zoek verklaringen buiten de cijfers: inzet van politie en handhavers, "
                        "meldacties, evenementen, gewijzigde registratie. Vraag het de wijkagent "
                        "en de partners."
                    ),
                    html.Li(
                        "Leg uw duiding vast op het dashboard, zodat collega's dezelfde cijfers "
                        "op dezelfde manier lezen."
                    ),
                ]
            ),
        ),
        _section(
            "Wat de cijfers tellen",
            html.Ul(
                [
                    html.Li(
                        "Registraties, niet het werkelijke aantal voorvallen: wat niet gemeld of "
                        "niet vastgelegd wordt, ontbreekt. Meer toezicht of een meldcampagne "
                        "laat registraties stijgen zonder dat er meer gebeurt."
                    ),
                    html.Li(
                        "Een incident telt één keer, onder het zwaarste feit. Een inbraak met "
                        "geweld telt als geweld, niet ook als inbraak."
                    ),
                    html.Li(
                        "Registraties zonder bekende buurt tellen mee voor gemeente en regio, "
                        "maar niet op de kaart van buurten."
                    ),
                    html.Li(
                        "Wijk- en buurtgrenzen veranderen door de jaren (CBS-indeling per jaar). "
                        "Vergelijk lange reeksen op gemeenteniveau."
                    ),
                    html.Li(
                        "De extrapolatie trekt het verleden door; het is geen voorspelling en "
                        "geen risicoscore."
                    ),
                ]
            ),
        ),
        _section(
            "Kleine aantallen en toeval",
            html.P(
                "Ook als er niets verandert, schommelen aantallen van periode tot periode. Bij "
                "kleine aantallen zijn die schommelingen procentueel groot: van 4 naar 8 is "
                "+100%, maar komt door toeval vaak voor. Een vuistregel: een aantal rond N "
                "schommelt gewoonlijk met ongeveer de wortel van N (bij 100 zo'n 10, bij 16 "
                "zo'n 4)."
            ),
            html.P(
                "Het dashboard toetst daarom elke verandering van aantallen met een exacte "
                "Poisson-toets (de voorwaardelijke binomiale toets van twee aantallen). Naast de "
                "procentuele verandering staat 'toevallige schommeling waarschijnlijk' of "
                "'verschil waarschijnlijk niet toevallig (p < 0,05)'. p is de kans op een "
                "minstens zo groot verschil als de onderliggende kans niet veranderd is."
            ),
            chance_table(),
            html.P(
                "Een significant verschil is niet vanzelf een belangrijk verschil, en een niet "
                "significant verschil is geen bewijs dat er niets aan de hand is. Wie veel "
                "gebieden en categorieën tegelijk bekijkt, vindt er ook door toeval een paar "
                "met 'niet toevallig'.",
                className="small text-muted",
            ),
        ),
        _section(
            "Wanneer is een verandering betekenisvol",
            html.Ul(
                [
                    html.Li(
                        "Het verschil is groter dan toeval (zie de hint) én houdt meerdere "
                        "perioden aan."
                    ),
                    html.Li(
                        "Het zit niet alleen in één code of één buurt, of juist wel en daar is "
                        "een verklaring voor."
                    ),
                    html.Li(
                        "Er is geen verklaring in de registratie zelf (nieuwe werkwijze, "
                        "achterstand, extra inzet)."
                    ),
                    html.Li(
                        "Andere bronnen wijzen dezelfde kant op: meldingen van partners, "
                        "Veiligheidsmonitor, signalen uit de wijk."
                    ),
                ]
            ),
        ),
        _section(
            "Gebieden eerlijk vergelijken",
            html.Ul(
                [
                    html.Li(
                        "Vergelijk per 1.000 inwoners, niet op aantallen: een grote wijk heeft "
                        "vanzelf meer registraties."
                    ),
                    html.Li(
                        "Centra, uitgaansgebieden, winkelgebieden en bedrijventerreinen hebben "
                        "een grote dagbevolking en weinig bewoners. Per inwoner lijken ze dan "
                        "onveilig; vergelijk ze met elkaar, niet met woonwijken."
                    ),
                    html.Li(
                        "Vergelijk gebieden van dezelfde soort en omvang (het gebiedsprofiel "
                        "toont de CBS-kerncijfers ernaast)."
                    ),
                    html.Li(
                        "Een buurt met weinig inwoners kan met een paar registraties bovenaan "
                        "de ranglijst staan: kijk naar het aantal en de hint."
                    ),
                ]
            ),
        ),
        _section(
            "Duiding delen",
            html.P(
                "Met 'Duiding toevoegen' op het algemene dashboard en op elk themadashboard "
                "legt u vast wat de cijfers verklaart: een periode, een gebied en eventueel een "
                "categorie, met een korte tekst (bijvoorbeeld 'registratiepraktijk gewijzigd per "
                "maart', 'extra handhavingsinzet', 'evenement'). Iedereen die dat dashboard mag "
                "zien, ziet de duiding in de trend (paars) en naast de kaart; duiding bij een "
                "thema staat alleen op dat thema. U zet duiding bij uw eigen gemeente en de "
                "wijken en buurten daarin; een projectleider of beheerder bij elk gebied, ook de "
                "regio. U wijzigt en "
                "verwijdert uw eigen duiding; een beheerder kan elke duiding modereren. Elke "
                "wijziging staat in de auditlog. Schrijf nooit namen, adressen, kentekens of "
                "andere persoonsgegevens: het dashboard weigert tekst die daarop lijkt."
            ),
        ),
        _section(
            "Beginnen waar u werkt",
            html.P(
                "Is uw account aan een gemeente gekoppeld, dan opent het algemeen beeld (en een "
                "themadashboard) op uw gemeente; een gedeelde link opent altijd wat de afzender "
                "zag. Onder 'Mijn weergaven' bewaart u de pagina met de gekozen filters onder "
                "een naam, opent u een bewaarde weergave en maakt u er één uw startweergave: "
                "die opent dan als u het dashboard start. Alleen u ziet uw weergaven."
            ),
        ),
    ]
    return dbc.Row(dbc.Col(html.Article(text, className="handreiking"), lg=9, xl=8))
