"""The figure-table schema (see corpus/figures/README.md): columns, units, names, periods."""

from __future__ import annotations

import re

FIGURE_COLUMNS = [
    "table",
    "subject",
    "measure",
    "period",
    "value",
    "unit",
    "printed",
    "document",
    "page",
    "group",
    "direction",
    "note",
]
# `value` or `printed` must be present (a user file may give only `printed`); the rest may be left out.
REQUIRED_COLUMNS = ["table", "subject", "measure", "unit", "document", "page"]
CATALOGUE_COLUMNS = ["table", "measure", "pillar", "explained_in_part3", "document", "page"]
CATALOGUE_TABLES = {"maatregelen"}

KNOWN_UNITS = [
    "%",
    "EUR",
    "EUR x 1000",
    "aantal",
    "score",
    "fte",
    "dagen",
    "weken",
    "cijfer",
    "fte per 1000 inwoners",
]
MAX_UNIT_LENGTH = 40

# Row labels that summarise other rows ("Totaal", "Regio ...", "Gemiddeld"): general Dutch table words.
_AGGREGATE = re.compile(r"^(?:totaal|subtotaal|regio\b|gemiddeld|gemiddelde|som\b|overall|total)", re.IGNORECASE)


def is_aggregate(subject: str) -> bool:
    """Whether a row label is a total, average or region rather than one entity."""
    return bool(_AGGREGATE.match(subject.strip()))


MIN_YEAR, MAX_YEAR = 2000, 2100
DIRECTIONS = {"": "", ">": ">", "<": "<", ">=": ">", "<=": "<", "≥": ">", "≤": "<"}
# A printed dash means "not quantified" (reports say so: "een streepje in plaats van een 0"); such a row may
# leave `value` empty.
DASHES = {"-", "–", "—", "n.v.t.", "nvt"}

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{4})|-(Q[1-4])|-(H[12]))?$")


def normalise_period(text: str) -> str:
    """Return the period in canonical form, or raise ValueError with a Dutch reason.

    Allowed: empty, `2018`, `2014-2017`, `2023-Q1`, `2022-H2`; years 2000-2100. "2018.0" (from a
    spreadsheet number cell) is read as 2018; "Q1 2023"/"2023 Q1" as 2023-Q1.
    """
    text = text.strip()
    if not text:
        return ""
    if re.fullmatch(r"\d{4}\.0+", text):
        text = text.split(".")[0]
    swapped = re.fullmatch(r"([QH][1-4])[\s-]*(\d{4})|(\d{4})\s+([QH][1-4])", text, re.IGNORECASE)
    if swapped:
        part = (swapped[1] or swapped[4]).upper()
        text = f"{swapped[2] or swapped[3]}-{part}"
    match = _PERIOD.match(text.upper())
    if not match:
        raise ValueError(f"periode '{text}' is ongeldig; gebruik bijv. 2018, 2014-2017, 2023-Q1 of 2022-H2")
    years = [int(y) for y in (match[1], match[2]) if y]
    for year in years:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"jaar {year} in periode '{text}' valt buiten {MIN_YEAR}-{MAX_YEAR}")
    if len(years) == 2 and years[1] < years[0]:
        raise ValueError(f"periode '{text}': het eindjaar ligt vóór het beginjaar")
    return match.group(0)


def period_year(period: str) -> int | None:
    """The single year of a period (`2018`, `2023-Q1` -> 2023), or None for ranges and empty."""
    match = _PERIOD.match(period or "")
    if not match or match[2]:
        return None
    return int(match[1])
