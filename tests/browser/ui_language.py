"""English on screen: the words of the component libraries (Dash, Plotly, Leaflet) that show
when their Dutch texts are not set, and numbers not written the Dutch way, found on the page a
browser shows.

Use it on any page: `assert english_ui_findings(driver) == {}` and
`assert number_format_findings(driver) == {}`. It reads what a user reads: the rendered text
(open dropdowns and calendars included), the text of the charts (SVG) and the labels a screen
reader reads out (aria-label, title, placeholder, alt)."""

from __future__ import annotations

import re

# Texts of dcc.Dropdown, dcc.DatePicker*, dcc.Input, Plotly and Leaflet in English.
PHRASES = (
    "Search",
    "Select All",
    "Deselect All",
    "Deselect",
    "No options found",
    "Clear search",
    "Clear selection",
    "selected",
    "Previous month",
    "Next month",
    "Increase value",
    "Decrease value",
    "Clear Dates",
    "Clear date",
    "Zoom in",
    "Zoom out",
    "Autoscale",
    "Reset axes",
    "Download plot",
    "Loading...",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# The Dutch abbreviations are lower case ("jan", "okt"): the words are matched case-sensitively,
# so only the English capitalised forms (and the English-only "Mar", "May", "Oct") count.
MONTH_ABBREVIATIONS = (*(m[:3] for m in MONTHS), "Sept")
WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
WEEKDAY_ABBREVIATIONS = tuple(d[:3] for d in WEEKDAYS)
ENGLISH_WORDS = PHRASES + MONTHS + MONTH_ABBREVIATIONS + WEEKDAYS + WEEKDAY_ABBREVIATIONS
SUNDAY_FIRST = "week begins on Sunday"
# A calendar's weekday heading ("Su Mo Tu ..." or "zo ma di ..."): which day comes first.
SUNDAYS = {"Su", "Sun", "Sunday", "zo", "zon", "zondag"}

# Numbers: 1000 or more without the thousands dot ("1500"; a year such as 2026 is allowed), an
# English thousands comma ("1,500") or an English decimal point ("12.5"). Digits inside a code,
# a date or a file name (GM0153, 01-11-2026, levering_2025.csv) do not count.
_UNGROUPED = re.compile(r"(?<![\w.,:/#-])\d{4,}(?![\w,:/-]|\.\d)")
_ENGLISH_GROUPING = re.compile(r"(?<![\w.,])[1-9]\d{0,2}(?:,\d{3})+(?![\w,]|\.\d)")
_ENGLISH_DECIMAL = re.compile(r"(?<![\w.,:/#-])\d+\.\d{1,2}(?![\w.])")
YEARS = range(1900, 2101)

_PATTERN = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(w) for w in sorted(ENGLISH_WORDS, key=len, reverse=True))
    + r")(?![\w-])"
)

# Everything a user reads or hears: rendered text, chart text, and the labels of controls.
_PAGE_TEXTS = """
const texts = [document.body.innerText];
for (const t of document.querySelectorAll('svg text')) {
    if (t.getClientRects().length) texts.push(t.textContent);
}
for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')) {
    if (el.closest('[aria-hidden="true"]')) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = el.getAttribute(name);
        if (value) texts.push(value);
    }
}
return texts;
"""
_CALENDAR_WEEKDAYS = """
const row = document.querySelector('.dash-datepicker-calendar thead tr:nth-child(2)');
return row ? Array.from(row.querySelectorAll('th'), th => th.innerText.trim()) : [];
"""


def page_texts(driver) -> list[str]:
    return driver.execute_script(_PAGE_TEXTS)


def calendar_weekdays(driver) -> list[str]:
    """The weekday heading of the open date picker's first month, as shown; [] when closed."""
    return driver.execute_script(_CALENDAR_WEEKDAYS)


def english_ui_findings(driver) -> dict[str, str]:
    """Each English UI word on the page with a piece of the text it stands in, and
    SUNDAY_FIRST when an open calendar starts its week on Sunday."""
    found: dict[str, str] = {}
    for text in page_texts(driver):
        for match in _PATTERN.finditer(text):
            start = max(match.start() - 30, 0)
            found.setdefault(match.group(1), text[start : match.end() + 30].replace("\n", " "))
    weekdays = calendar_weekdays(driver)
    if weekdays and weekdays[0] in SUNDAYS:
        found[SUNDAY_FIRST] = " ".join(weekdays)
    return found


def english_ui_words(driver) -> list[str]:
    """The English UI words on the page (see english_ui_findings)."""
    return list(english_ui_findings(driver))


def number_format_findings(driver) -> dict[str, str]:
    """Each number on the page that is not written the Dutch way ("1.500", "12,5"), with a
    piece of the text it stands in."""
    found: dict[str, str] = {}
    for text in page_texts(driver):
        matches = [
            m
            for m in _UNGROUPED.finditer(text)
            if int(m.group(0)) not in YEARS or len(m.group(0)) != 4
        ]
        matches += list(_ENGLISH_GROUPING.finditer(text)) + list(_ENGLISH_DECIMAL.finditer(text))
        for match in matches:
            start = max(match.start() - 30, 0)
            found.setdefault(match.group(0), text[start : match.end() + 30].replace("\n", " "))
    return found
