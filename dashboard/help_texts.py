"""The Dutch explanation behind the "?" beside each chart, map and table of the general and
thematic dashboards: what is counted, the known caveats and how to read comparison and rate.
All texts live here so that they are reviewed in one place and stay consistent."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from dashboard.data.reference.themes import THEME_DEFINITIONS


@dataclass(frozen=True)
class HelpText:
    counted: str  # what the chart counts
    caveats: tuple[str, ...]  # what to keep in mind
    reading: str  # how to read it


REGISTRATIE = (
    "Registratie is niet hetzelfde als voorkomen: wat niet gemeld of niet vastgelegd is, telt "
    "niet mee, en meer inzet of een meldactie geeft meer registraties."
)
ZWAARSTE_FEIT = "Een incident telt één keer, onder het zwaarste feit (de hoofdcode)."
BUURT_ONBEKEND = (
    "Registraties zonder bekende buurt tellen mee voor gemeente en regio, maar niet op de kaart "
    "van buurten of wijken."
)
GRENZEN = (
    "Grenzen van wijken en buurten veranderen door de jaren; vergelijk over lange perioden op "
    "gemeenteniveau."
)
KLEINE_AANTALLEN = (
    "Bij kleine aantallen is een flinke procentuele verandering vaak toeval; let op de hint "
    "'toevallige schommeling waarschijnlijk'."
)
PER_1000 = (
    "Per 1.000 inwoners maakt gebieden van verschillende grootte vergelijkbaar. In centra, "
    "winkel- en bedrijventerreinen zijn 's avonds en overdag veel meer mensen dan er wonen: "
    "daar is het cijfer per inwoner hoog zonder dat het er voor bewoners onveiliger is."
)
VERGELIJKING = (
    "De vergelijking is de vorige periode van dezelfde lengte of dezelfde periode een jaar "
    "eerder (bij seizoenspatronen de eerlijkste vergelijking)."
)
ONDERDRUKKING = (
    "Kleine aantallen onder de drempel van de bron staan als '<5'; 'x' is afgeschermd om zo'n "
    "klein aantal te beschermen."
)
_PROTECTING = " en ".join(t.label for t in THEME_DEFINITIONS.values() if t.beschermd)
BESCHERMDE_CODES = (
    f"Beschermde codes (van de thema's {_PROTECTING}) kiest u alleen met toegang tot dat thema. "
    "Hier tonen ze cijfers per gemeente en voor de regio; de wijken en buurten staan op de "
    "themapagina, met kleine aantallen afgeschermd."
)
# The rule of totals (dashboard.policy.exclusion), in the words of the protocol.
TOTALEN_ZONDER_BESCHERMDE_CODES = (
    "Totalen van een hoofdcategorie en van alle categorieën tellen per wijk en buurt zonder "
    f"de beschermde codes (van de thema's {_PROTECTING}), voor iedereen; per gemeente en voor "
    "de regio tellen die codes alleen mee als u het thema mag zien. Waar codes zijn "
    "weggelaten, staat dat onder de titel."
)

GENERAL = MappingProxyType(
    {
        "Kaart": HelpText(
            "Politieregistraties (BVH) in de gekozen periode, categorieën en codes, per gemeente "
            "of per buurt; als aantal of per 1.000 inwoners.",
            (
                REGISTRATIE,
                ZWAARSTE_FEIT,
                BUURT_ONBEKEND,
                GRENZEN,
                PER_1000,
                BESCHERMDE_CODES,
                TOTALEN_ZONDER_BESCHERMDE_CODES,
            ),
            "Donkerder is meer. De klassen zijn kwantielen van de getoonde gebieden, dus relatief "
            "ten opzichte van elkaar. Grijs: geen inwoners of onbekend. Dezelfde cijfers staan in "
            "de tabel Gebieden.",
        ),
        "Trend": HelpText(
            "Registraties per week of maand in de gekozen periode, met de vergelijkingsperiode "
            "ernaast op dezelfde as. Onvolledige weken of maanden aan de rand zijn weggelaten.",
            (REGISTRATIE, VERGELIJKING, KLEINE_AANTALLEN, TOTALEN_ZONDER_BESCHERMDE_CODES),
            "Kijk naar het patroon over meerdere weken of maanden, niet naar één uitschieter. "
            "Paarse vlakken en lijnen zijn duiding van collega's: beweeg erover voor de tekst.",
        ),
        "Gebieden": HelpText(
            "Per gebied het aantal registraties in de periode, in de vergelijkingsperiode, het "
            "verschil, het aantal inwoners en het aantal per 1.000 inwoners.",
            (BUURT_ONBEKEND, KLEINE_AANTALLEN, PER_1000, TOTALEN_ZONDER_BESCHERMDE_CODES),
            "Sorteer op een kolom door op de kop te klikken; de tabel toont 25 gebieden per "
            "pagina (blader onder de tabel), de CSV-download bevat ze allemaal. Vergelijk "
            "gebieden op 'per 1.000', niet op aantal; een groot percentage bij een klein aantal "
            "zegt weinig.",
        ),
        "Dag en uur": HelpText(
            "Registraties naar weekdag en uur van het pleegmoment (het begin ervan).",
            (
                "Registraties zonder bekend tijdstip staan er niet in (zie de noot eronder).",
                "Een pleegmoment is vaak een schatting; 00:00 uur kan 'onbekend uur' betekenen.",
            ),
            "Donkerder is meer. Geschikt om inzet te plannen, niet om kleine verschillen te "
            "duiden.",
        ),
        "Extrapolatie": HelpText(
            "Het verloop per maand van de selectie, doorgetrokken met de methode die in een "
            "terugblik (back-test) op deze reeks de kleinste fout had.",
            (
                "Een extrapolatie is geen voorspelling: beleid, inzet en registratie veranderen.",
                "Een foutmaat of band staat er alleen als die op ten minste 12 terugblikken per "
                "maand vooruit gemeten is; anders staat er de eenvoudige basislijn.",
                "De band is zo breed als de afwijkingen in de terugblik; de werkelijkheid kan "
                "erbuiten vallen.",
            ),
            "Gebruik het als 'wat als het zo doorgaat', naast de gemeten fout die eronder staat.",
        ),
        "Gebiedsprofiel": HelpText(
            "CBS-kerncijfers van het gebied naast de gemeente en de regio, en registraties per "
            "1.000 inwoners per hoofdcategorie.",
            (
                "Kerncijfers zijn van het laatst geleverde jaar en soms afgerond of afgeschermd "
                "door het CBS.",
                PER_1000,
                "Gemeente en regio tellen hier dezelfde codes als het gekozen gebied: bij een "
                "wijk of buurt dus ook zonder de beschermde codes, zodat de cijfers per 1.000 "
                "inwoners vergelijkbaar zijn.",
            ),
            "Verschillen in bevolking (leeftijd, dichtheid) helpen verschillen in registraties "
            "te duiden.",
        ),
        "Veiligheidsmonitor": HelpText(
            "Uitkomsten van de Veiligheidsmonitor (enquête) voor de gemeente, naast de regio en "
            "de vorige meting.",
            (
                "Een enquête heeft een foutmarge: kleine verschillen binnen de marge zijn niet "
                "betekenisvol.",
            ),
            "Beleving en registraties vullen elkaar aan: een daling van registraties met een "
            "stijgende onveiligheidsbeleving vraagt om duiding.",
        ),
        "Duiding bij deze weergave": HelpText(
            "Duiding van collega's bij de getoonde periode en het gebied (of een gebied dat "
            "het omvat of erbinnen ligt), bijvoorbeeld een gewijzigde registratiepraktijk, "
            "extra handhaving of een evenement.",
            (
                "Duiding is een toelichting van professionals, geen gegeven uit een bron.",
                "Duiding van het algemene dashboard staat niet op de themadashboards; duiding bij "
                "een thema staat alleen op dat thema, voor wie het thema mag zien.",
            ),
            "U zet duiding bij uw eigen gemeente en de wijken en buurten daarin (projectleider "
            "en beheerder: bij elk gebied, ook de regio). U wijzigt en verwijdert uw eigen "
            "duiding; een beheerder kan elke duiding modereren. Geen persoonsgegevens.",
        ),
    }
)

THEME = MappingProxyType(
    {
        "Kaart": HelpText(
            "De gekozen bron (politiecodes van het thema of een partnerbron) per gemeente, wijk "
            "of buurt in de periode; als aantal of per 1.000 inwoners.",
            (REGISTRATIE, ONDERDRUKKING, BUURT_ONBEKEND, GRENZEN),
            "Donkerder is meer; wit is 0. Dezelfde cijfers staan in de tabel Gebieden ernaast.",
        ),
        "Gebieden": HelpText(
            "Per gebied de gekozen bron in de periode en een jaar eerder, het verschil en het "
            "aantal per 1.000 inwoners.",
            (ONDERDRUKKING, KLEINE_AANTALLEN, PER_1000),
            "Vergelijk gebieden op 'per 1.000'. Een bron die niet voor elke gemeente geleverd "
            "is, laat die gemeenten leeg.",
        ),
        "Trend": HelpText(
            "De gekozen bron per maand (of kwartaal/jaar van de levering) over drie jaar; voor "
            "een buurt de periodetotalen.",
            (REGISTRATIE, "Ontbrekende leveringen zijn gaten in de lijn.", KLEINE_AANTALLEN),
            "Per 1.000 inwoners staat de regio ernaast. Paarse vlakken en lijnen zijn duiding: "
            "beweeg erover voor de tekst.",
        ),
        "Vergelijking met de regio": HelpText(
            "Per gemeente de gekozen bron per 1.000 inwoners in de periode; de stippellijn is "
            "de regio als geheel.",
            (PER_1000,),
            "De gekozen gemeente is gemarkeerd. Een kleine gemeente wijkt sneller toevallig af.",
        ),
        "Verdeling": HelpText(
            "De periode verdeeld naar incidentcode (politie) of naar de kenmerken die de "
            "partner levert.",
            (ZWAARSTE_FEIT, ONDERDRUKKING),
            "Laat zien waaruit een totaal bestaat; kleine groepen zijn afgeschermd.",
        ),
        "Kerncijfers": HelpText(
            "CBS-kerncijfers die voor dit thema van belang zijn, voor het gebied, de gemeente "
            "en de regio.",
            ("Kerncijfers zijn van het laatst geleverde jaar.",),
            "Gebruik ze om verschillen tussen gebieden te duiden, niet als oorzaak.",
        ),
        "Wat telt elke bron": HelpText(
            "Per bron wat er geteld wordt, wie de eigenaar is en welke perioden geleverd zijn.",
            (REGISTRATIE,),
            "Lees dit voordat u bronnen naast elkaar legt: ze tellen verschillende dingen.",
        ),
        "Duiding bij deze weergave": GENERAL["Duiding bij deze weergave"],
    }
)

PAGES = MappingProxyType({"algemeen": GENERAL, "thema": THEME})


def get(page: str, title: str) -> HelpText | None:
    return PAGES.get(page, {}).get(title)
