"""Low-level reading of a figure file (CSV or XLSX) into a header and numbered rows."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from assistant.errors import FigureDataError

MAX_LISTED = 15


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header (lower-cased) and (spreadsheet row number, cells) for each non-empty row."""
    name = path.name
    if path.suffix.lower() == ".xlsx":
        try:
            frame = pd.read_excel(path, dtype=str, engine="openpyxl", header=None, keep_default_na=False)
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            raise FigureDataError(f"{name}: het Excel-bestand kan niet worden gelezen ({type(exc).__name__})")
        records = [[str(c) for c in row] for row in frame.itertuples(index=False)]
    else:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FigureDataError(f"{name}: het bestand is geen UTF-8; sla het op als 'CSV UTF-8'")
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        try:
            records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise FigureDataError(f"{name}: het CSV-bestand is ongeldig ({exc})")
    if not records or not any(c.strip() for c in records[0]):
        raise FigureDataError(f"{name}: het bestand is leeg of heeft geen kopregel (rij 1)")
    header = [c.strip().lower() for c in records[0]]
    while header and not header[-1]:
        header.pop()
    rows = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise FigureDataError(
                f"{name}, rij {number}: {len(cells)} velden, maar de kopregel heeft er {len(header)} "
                "(staat er een komma in een veld zonder aanhalingstekens?)"
            )
        rows.append((number, [c.strip() for c in cells[: len(header)]] + [""] * (len(header) - len(cells))))
    return header, rows


def follows_schema(path: Path, columns: set[str], minimum: int = 3) -> bool:
    """Whether a CSV/XLSX file's header names at least `minimum` of the figure-schema `columns` (then it is
    meant as a figure table and validated as one; otherwise it is read as a generic table). A file whose
    header cannot be read counts as meant: validation then says what is wrong with it."""
    try:
        header, _ = read_rows(path)
    except FigureDataError:
        return True
    return len(columns & set(header)) >= minimum


def check_columns(name: str, header: list[str], allowed: list[str], required: list[str]) -> None:
    unknown = [c for c in header if c not in allowed]
    missing = [c for c in required if c not in header]
    dupes = sorted({c for c in header if header.count(c) > 1})
    problems = []
    if unknown:
        problems.append("onbekende kolom(men) " + ", ".join(f"'{c}'" for c in unknown))
    if missing:
        problems.append("ontbrekende kolom(men) " + ", ".join(f"'{c}'" for c in missing))
    if dupes:
        problems.append("dubbele kolom(men) " + ", ".join(f"'{c}'" for c in dupes))
    if problems:
        raise FigureDataError(
            f"{name}, rij 1 (kopregel): {'; '.join(problems)}. Toegestane kolommen: " + ", ".join(allowed)
        )


def raise_if(name: str, errors: list[str]) -> None:
    if errors:
        shown = errors[:MAX_LISTED] + (
            [f"... en nog {len(errors) - MAX_LISTED}"] if len(errors) > MAX_LISTED else []
        )
        raise FigureDataError(
            f"{name}: {len(errors)} fout(en); het bestand is niet geladen:\n- " + "\n- ".join(shown)
        )


def parse_page(text: str) -> int:
    if not re.fullmatch(r"\d+(?:\.0+)?", text) or int(float(text)) < 1:
        raise ValueError(f"pagina '{text}' is geen paginanummer (1, 2, ...)")
    return int(float(text))
