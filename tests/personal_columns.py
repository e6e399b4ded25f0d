"""Generated extra columns for a police delivery: personal data under neutral headers (each must
stop the load) and harmless extras (codes, counts, flags, labels, empty; each must load).

Each column is (header, kind, values for ROWS rows). The values are invented; the names, streets
and numbers are common Dutch shapes, not real people."""

from __future__ import annotations

import random

ROWS = 40
NEUTRAL = ["Info", "Kolom7", "Extra", "Veld 12", "Bijzonderheden", "Overig", "Aanvulling", "X9"]
SURNAMES = ["Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
            "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
            "Brouwer", "de Wit", "Dijkstra", "Smits"]  # fmt: skip
FIRST = ["Piet", "Anna", "Kees", "Fatima", "Mohammed", "Sanne", "Daan", "Emma", "Lucas", "Julia"]
STREETS = ["Wierdensestraat", "Kerkweg", "Hengelosestraat", "Dorpsstraat", "Molenlaan",
           "Boddenkampsingel", "Marktplein", "Oldenzaalsestraat", "Haaksbergerstraat",
           "Lindenhof"]  # fmt: skip


def _bsn(rng: random.Random) -> str:
    while True:
        digits = f"{rng.randrange(10**8, 10**9):09d}"
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        if (total - int(digits[8])) % 11 == 0:
            return digits


def _not_bsn(rng: random.Random) -> str:
    while True:
        digits = f"{rng.randrange(10**8, 10**9):09d}"
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        if (total - int(digits[8])) % 11:
            return digits


def _initials(rng: random.Random) -> str:
    return "".join(f"{rng.choice('ABDEGHJKLMPRSTW')}." for _ in range(rng.randint(1, 3)))


def personal_columns(seed: int = 18) -> list[tuple[str, str, list[str]]]:
    rng = random.Random(seed)
    n = range(ROWS)
    surname = [rng.choice(SURNAMES) for _ in n]
    first = [rng.choice(FIRST) for _ in n]
    street = [f"{rng.choice(STREETS)} {rng.randint(1, 240)}" for _ in n]
    kinds: dict[str, list[list[str]]] = {
        "naam": [
            [f"{s.split()[-1]}, {_initials(rng)}" for s in surname],  # Jansen, P.
            [f"{_initials(rng)} {s}" for s in surname],  # P. de Vries
            [f"{f} {s}" for f, s in zip(first, surname, strict=True)],  # Piet de Vries
            [f"{s.split()[-1].upper()}, {rng.choice('ABDEJKPS')}" for s in surname],  # JANSEN, P
            [
                f"{s.split()[-1]}, {_initials(rng)} ({st})"
                for s, st in zip(surname, street, strict=True)
            ],
        ],
        "adres": [
            street,  # Wierdensestraat 12
            [f"{s}{rng.choice(['', 'a', ' B', '-2'])}" for s in street],
            [f"{s}, 7511 AB Enschede" for s in street],
            [f"Markt {rng.randint(1, 99)}" for _ in n],
        ],
        "huisnummer": [
            [f"{rng.randint(1, 300)}{rng.choice(['a', 'b', ' A', '-II', 'bis', ''])}" for _ in n],
        ],
        "telefoonnummer": [
            [f"06{rng.randrange(10**8):08d}" for _ in n],
            [f"06-{rng.randrange(10**8):08d}" for _ in n],
            [f"+31 6 {rng.randrange(10**4):04d} {rng.randrange(10**4):04d}" for _ in n],
            [f"(053) {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}" for _ in n],
            [f"Bel melder op 053-{rng.randrange(10**7):07d}" for _ in n],
        ],
        "e-mailadres": [
            [
                f"{f.lower()}.{s.split()[-1].lower()}@example.nl"
                for f, s in zip(first, surname, strict=True)
            ],
            [f"contact via {f.lower()}{i}@voorbeeld.nl" for i, f in enumerate(first)],
        ],
        "BSN": [
            [_bsn(rng) for _ in n],
            [f"{b[:4]}.{b[4:6]}.{b[6:]}" for b in (_bsn(rng) for _ in n)],
        ],
        "geboortedatum": [
            [
                f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(1940, 2008)}"
                for _ in n
            ],
            [
                f"{rng.randint(1940, 2008)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                for _ in n
            ],
            [f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(1950, 2000)}" for _ in n],
        ],
        "kenteken": [
            [f"{_letters(rng, 2)}-{rng.randint(100, 999)}-{_letters(rng, 1)}" for _ in n],
            [f"{rng.randint(1, 99):02d}-{_letters(rng, 3)}-{rng.randint(1, 9)}" for _ in n],
            [f"{_letters(rng, 2)}-{rng.randint(10, 99)}-{_letters(rng, 2)}" for _ in n],
            [f"{_letters(rng, 3)}{rng.randint(10, 99)}{_letters(rng, 1)}" for _ in n],
        ],
        "postcode (6 posities)": [
            [f"{rng.randint(1000, 9999)} {_letters(rng, 2)}" for _ in n],
            [f"{rng.randint(1000, 9999)}{_letters(rng, 2)}" for _ in n],
        ],
        "vrije tekst": [
            [
                f"{f} zag iemand weglopen richting {s}"
                for f, s in zip(first, STREETS * 4, strict=False)
            ],
            [f"Melder hoorde geschreeuw bij de buren, {i} keer eerder gemeld" for i in n],
            [f"slachtoffer wil geen aangifte doen; dossier {i}" for i in n],
        ],
    }
    columns = []
    for kind, variants in kinds.items():
        for values in variants:
            header = NEUTRAL[len(columns) % len(NEUTRAL)]
            columns.append((header, kind, values))
    # A column that is mostly harmless but holds personal data in a few cells.
    mixed = ["ja"] * ROWS
    mixed[7] = "Jansen, P. (Wierdensestraat 12)"
    columns.append(("Info", "naam", mixed))
    mostly_empty = [""] * ROWS
    mostly_empty[30] = "p.jansen@example.nl"
    columns.append(("Kolom7", "e-mailadres", mostly_empty))
    return columns


def harmless_columns(seed: int = 18) -> list[tuple[str, str, list[str]]]:
    """Extra columns a police export may carry that are no personal data (incident date
    2026-11-20 in the test rows)."""
    rng = random.Random(seed)
    n = range(ROWS)
    return [
        ("Zaaknummer", "registratienummer", [f"ZK-2026-{i:06d}" for i in n]),
        ("Kolom7", "aantal", [str(rng.randint(0, 5)) for _ in n]),
        ("Extra", "korte code", [rng.choice(["A", "B", "HG", "W1"]) for _ in n]),
        ("Info", "ja/nee", [rng.choice(["ja", "nee"]) for _ in n]),
        ("Vlag", "J/N", [rng.choice(["J", "N"]) for _ in n]),
        ("Kenmerk", "0/1", [rng.choice(["0", "1"]) for _ in n]),
        ("Leeg", "leeg", [""] * ROWS),
        ("Volgnummer", "9 cijfers, geen BSN", [_not_bsn(rng) for _ in n]),
        ("Bedrag", "decimaal", [f"{rng.randint(0, 999)},{rng.randint(0, 99):02d}" for _ in n]),
        ("Registratiedatum", "datum kort na het incident", ["21-11-2026"] * ROWS),
        ("Postcodegebied", "PC4", [str(rng.randint(7500, 7599)) for _ in n]),
        ("Team", "label", [rng.choice(["Noord", "Zuid", "Enschede-Oost"]) for _ in n]),
        (
            "Soort",
            "MK-omschrijving",
            [rng.choice(["Diefstal fiets", "Eenvoudige mishandeling"]) for _ in n],
        ),
        ("Aandeel", "percentage", [f"{rng.randint(0, 100)}%" for _ in n]),
        ("Eindtijdstip", "tijd", [f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}" for _ in n]),
        ("Week", "weeknummer", ["47"] * ROWS),
        ("Basisteam code", "code met streepje", [rng.choice(["BT-ZUID", "BT-NOORD"]) for _ in n]),
        ("Prioriteit", "code met letter", [rng.choice(["1A", "1B", "2A"]) for _ in n]),
        ("Kolom9", "waar/onwaar", [rng.choice(["true", "false"]) for _ in n]),
        ("Kolom10", "lange code", [f"PL0500-2026{i:06d}" for i in n]),
    ]


def _letters(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("BDFGHJKLNPRSTVXZ") for _ in range(count))
