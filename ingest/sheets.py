"""Spreadsheets and CSV files that are not figure tables (e.g. a KPI export of another municipality): read as a
document with one page per sheet, one line per row ("Zwolle | 6947 | 7029"), so that rows can be retrieved
and quoted (`ingest.pdf.SheetLoader`); their figures come from `ingest.tables.figures_from_frame`.

Files that follow the figure schema (see `corpus/figures/README.md`) are not read here: they are validated
and installed as figure tables.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError
from ingest.tables import frame_text

CELL_SEPARATOR = " | "


def _cell(value: Any) -> str:
    return " ".join(frame_text(value).split())


def read_sheets(path: Path) -> dict[str, Any]:
    """Sheet name -> DataFrame (header = first row). CSV cells are kept as printed (strings)."""
    import pandas as pd

    try:
        if path.suffix.lower() == ".xlsx":
            sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl", dtype=object)
        else:
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise DocumentError(path.name, "het CSV-bestand is geen UTF-8; sla het op als 'CSV UTF-8'")
            first = text.split("\n", 1)[0]
            sep = max((",", ";", "\t"), key=first.count)
            sheets = {path.stem: pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)}
    except DocumentError:
        raise
    except (OSError, ValueError, KeyError, TypeError, IndexError, zipfile.BadZipFile) as exc:
        raise DocumentError(path.name, f"de tabel kan niet worden gelezen ({type(exc).__name__})") from None
    return {str(name): frame.dropna(how="all") for name, frame in sheets.items()}


def sheet_text(name: str, frame: Any) -> str:
    """The sheet as text: its name, the header and one line per row."""
    header = [c for c in (_cell(c) for c in frame.columns)]
    header = ["" if c.startswith("Unnamed:") else c for c in header]
    lines = [name, CELL_SEPARATOR.join(header).strip(" |")]
    for row in frame.itertuples(index=False, name=None):
        cells = [_cell(v) for v in row]
        if any(cells):
            lines.append(CELL_SEPARATOR.join(cells).strip(" |"))
    return "\n".join(line for line in lines if line)
