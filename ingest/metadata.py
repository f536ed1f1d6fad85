"""Catalogue overrides: a `catalogus.csv` beside the documents corrects what `describe` read from them.

Columns: `document` (the file name) plus any of `title`, `doc_type`, `organisation`, `municipality`, `year`.
A catalogue that cannot be read (not UTF-8, a row with more fields than the header, no `document` column,
a year that is not a number) is reported with one clear line and ignored; it never stops an ingest.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assistant.errors import DocumentError
from assistant.models import DocumentInfo

CATALOGUE_NAME = "catalogus.csv"
FIELDS = ("title", "doc_type", "organisation", "municipality", "year")


def read_catalogue(path: Path) -> dict[str, dict[str, str]]:
    """document -> overrides, or `DocumentError` with a Dutch reason."""
    if not path.exists():
        return {}
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(path.name, "de catalogus is geen UTF-8; sla hem op als 'CSV UTF-8'") from None
    except OSError as exc:
        raise DocumentError(path.name, f"de catalogus kan niet worden gelezen ({type(exc).__name__})") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise DocumentError(path.name, f"de catalogus is geen geldige CSV ({exc})") from None
    if not rows or "document" not in [c.strip().lower() for c in rows[0]]:
        raise DocumentError(path.name, "de catalogus mist de kolom 'document'")
    header = [c.strip().lower() for c in rows[0]]
    out: dict[str, dict[str, str]] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise DocumentError(path.name, f"rij {number} heeft meer velden dan de kopregel (staat er een komma "
                                           "in een veld zonder aanhalingstekens?)")
        row = dict(zip(header, (c.strip() for c in cells)))
        year = row.get("year", "")
        if year and not year.isdigit():
            raise DocumentError(path.name, f"rij {number}: jaar '{year}' is geen getal")
        if row.get("document"):
            out[row["document"]] = {k: v for k, v in row.items() if k in FIELDS and v}
    return out


def apply_catalogue(info: DocumentInfo, overrides: dict[str, str]) -> DocumentInfo:
    update: dict[str, object] = {k: v for k, v in overrides.items() if k in FIELDS[:-1] and v}
    if overrides.get("year"):
        update["year"] = int(overrides["year"])
    return info.model_copy(update=update) if update else info
