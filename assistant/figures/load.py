"""Read and validate figure tables (CSV or XLSX) into pandas.

Row numbers in messages are spreadsheet rows: the header is row 1, the first data row is row 2.
A file with any invalid row is not loaded at all (a half table would give wrong totals); the message
lists every problem. Other files still load.
"""

from __future__ import annotations

import hashlib
import math
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from assistant.errors import FigureDataError
from assistant.figures import schema
from assistant.figures.reader import check_columns, parse_page, raise_if, read_rows
from assistant.models import FigureRow
from assistant.numbers import parse_dutch_number

SUFFIXES = (".csv", ".xlsx")
_MACHINE_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$")


FIGURE_FRAME_COLUMNS = [*schema.FIGURE_COLUMNS, "source_file", "row", "origin", "table_title", "row_label",
                        "column_label", "section", "quote"]
_IDENTITY = ("table", "subject", "measure", "period", "group", "unit")


@dataclass
class FigureTables:
    """All loaded figure rows plus the measures catalogue, what could not be loaded, and contradictions.

    `conflicts` maps a figure's identity (table, subject, measure, period, group, unit) to a Dutch note that
    names both values and both sources: the first-loaded row is used, the contradiction is always shown.
    """

    figures: pd.DataFrame
    catalogue: pd.DataFrame
    errors: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    conflicts: dict[tuple, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    document_text: Callable[[str], str] | None = field(default=None, repr=False, compare=False)

    @property
    def tables(self) -> list[str]:
        return sorted(self.figures["table"].unique()) if len(self.figures) else []

    def table(self, name: str) -> pd.DataFrame:
        return self.figures[self.figures["table"] == name]

    @cached_property
    def subjects(self) -> list[str]:
        return sorted(set(self.figures["subject"])) if len(self.figures) else []

    @cached_property
    def municipalities(self) -> list[str]:
        """Subjects that are places (from the gazetteer), not totals: whatever municipalities the data has."""
        from assistant.places import Gazetteer

        gazetteer = Gazetteer.default()
        return [s for s in self.subjects if not schema.is_aggregate(s) and gazetteer.lookup(s) is not None]

    @cached_property
    def search(self):
        """Keyword search over the rows' labels (and their documents' titles), built on first use."""
        from assistant.figures.search import FigureSearch

        return FigureSearch(self.figures, self.document_text)

    def conflict_notes(self, frame: pd.DataFrame) -> list[str]:
        """The contradiction notes of the given rows (for the answers that use them)."""
        if not self.conflicts or frame.empty:
            return []
        keys = zip(*(frame[c] for c in _IDENTITY))
        return list(dict.fromkeys(self.conflicts[k] for k in keys if k in self.conflicts))

    def conflict_notes_for(self, sources) -> list[str]:
        """The contradiction notes of the figures a tool result lists as its sources."""
        if not self.conflicts:
            return []
        used = {(s.table, s.subject, s.measure, s.period) for s in sources}
        return list(dict.fromkeys(note for key, note in self.conflicts.items() if key[:4] in used))

    @classmethod
    def empty(cls) -> FigureTables:
        return cls(figures=empty_figures(), catalogue=pd.DataFrame())


def empty_figures() -> pd.DataFrame:
    return pd.DataFrame(columns=FIGURE_FRAME_COLUMNS)


def _value(value: str, printed: str) -> float:
    """The row's value; checks it against `printed` when both are given."""
    parsed_printed = None
    if printed and printed not in schema.DASHES:
        try:
            parsed_printed = parse_dutch_number(printed)
        except ValueError as exc:
            raise ValueError(f"kolom 'printed': {exc}") from None
    if not value:
        if parsed_printed is not None:
            return parsed_printed
        if printed in schema.DASHES:
            return math.nan
        raise ValueError("kolom 'value': leeg; vul 'value' of 'printed' in")
    if _MACHINE_NUMBER.match(value):
        number = float(value)
    else:
        try:
            number = parse_dutch_number(value)
        except ValueError as exc:
            raise ValueError(f"kolom 'value': {exc}") from None
    if printed in schema.DASHES:
        raise ValueError(f"kolom 'value': {value} terwijl 'printed' een streepje is; laat 'value' leeg")
    if parsed_printed is not None and not math.isclose(number, parsed_printed, rel_tol=1e-9, abs_tol=1e-9):
        if math.isclose(number * 100, parsed_printed, rel_tol=1e-9):
            raise ValueError(
                f"kolom 'value': {value} is een Excel-percentage; vul {parsed_printed:g} in (eenheid %)"
            )
        raise ValueError(
            f"kolom 'value': {value} komt niet overeen met printed '{printed}' (= {parsed_printed:g}); "
            "gebruik een punt als decimaalteken en geen duizendtallen in 'value'"
        )
    return number


def _check_figure_row(cells: dict[str, str]) -> dict:
    """Validate one row; returns normalised fields or raises ValueError('kolom ...: reden')."""
    out = dict(cells)
    for column in ("table", "measure"):
        if not schema.SNAKE.match(cells[column]):
            raise ValueError(
                f"kolom '{column}': '{cells[column]}' moet snake_case zijn (kleine letters, cijfers, _)"
            )
    if not cells["subject"]:
        raise ValueError("kolom 'subject': leeg")
    try:
        out["period"] = schema.normalise_period(cells["period"])
    except ValueError as exc:
        raise ValueError(f"kolom 'period': {exc}") from None
    unit = cells["unit"]
    if not unit or len(unit) > schema.MAX_UNIT_LENGTH:
        raise ValueError(
            f"kolom 'unit': '{unit}' is leeg of te lang; gebruik bijv. {', '.join(schema.KNOWN_UNITS)}"
        )
    if not cells["document"]:
        raise ValueError("kolom 'document': leeg; noem het bronbestand (bijv. rapport.pdf)")
    try:
        out["page"] = parse_page(cells["page"])
    except ValueError as exc:
        raise ValueError(f"kolom 'page': {exc}") from None
    if cells["direction"] not in schema.DIRECTIONS:
        raise ValueError(f"kolom 'direction': '{cells['direction']}'; gebruik '>' (hoger is beter) of '<'")
    out["direction"] = schema.DIRECTIONS[cells["direction"]]
    out["value"] = _value(cells["value"], cells["printed"])
    return out


def _figures(name: str, header: list[str], rows: list[tuple[int, list[str]]]) -> pd.DataFrame:
    check_columns(name, header, schema.FIGURE_COLUMNS, schema.REQUIRED_COLUMNS)
    if "value" not in header and "printed" not in header:
        raise FigureDataError(f"{name}, rij 1 (kopregel): kolom 'value' of 'printed' is nodig")
    errors, records, seen = [], [], {}
    for number, cells in rows:
        row = {c: "" for c in schema.FIGURE_COLUMNS} | dict(zip(header, cells))
        try:
            record = _check_figure_row(row)
        except ValueError as exc:
            errors.append(f"rij {number}, {exc}")
            continue
        key = tuple(record[c] for c in ("table", "subject", "measure", "period", "group", "unit"))
        if key in seen:
            first_row, first_value = seen[key]
            same = first_value == record["value"] or (math.isnan(first_value) and math.isnan(record["value"]))
            if not same:
                errors.append(
                    f"rij {number}: hetzelfde cijfer als rij {first_row} ({', '.join(k for k in key if k)}) "
                    f"met een andere waarde; onderscheid ze met kolom 'group'"
                )
            continue
        seen[key] = (number, record["value"])
        records.append(record | {"source_file": name, "row": number, "origin": "curated", "table_title": "",
                                  "row_label": "", "column_label": "", "section": "", "quote": ""})
    raise_if(name, errors)
    frame = pd.DataFrame(records, columns=FIGURE_FRAME_COLUMNS)
    return frame.astype({"value": float, "page": int, "row": int})


def _catalogue(name: str, header: list[str], rows: list[tuple[int, list[str]]]) -> pd.DataFrame:
    check_columns(name, header, schema.CATALOGUE_COLUMNS, schema.CATALOGUE_COLUMNS)
    errors, records = [], []
    truthy = {
        "true": True,
        "ja": True,
        "waar": True,
        "1": True,
        "false": False,
        "nee": False,
        "onwaar": False,
        "0": False,
    }
    for number, cells in rows:
        row = dict(zip(header, cells))
        flag = truthy.get(row["explained_in_part3"].lower())
        try:
            if not row["measure"]:
                raise ValueError("kolom 'measure': leeg")
            if flag is None:
                raise ValueError(
                    f"kolom 'explained_in_part3': '{row['explained_in_part3']}'; gebruik true of false"
                )
            row["page"] = parse_page(row["page"])
        except ValueError as exc:
            errors.append(f"rij {number}, {exc}")
            continue
        records.append(row | {"explained_in_part3": flag, "source_file": name, "row": number})
    raise_if(name, errors)
    return pd.DataFrame(records, columns=[*schema.CATALOGUE_COLUMNS, "source_file", "row"])


def read_figure_file(path: Path) -> pd.DataFrame:
    """Read one CSV/XLSX figure table (or the measures catalogue) or raise `FigureDataError`.

    `df.attrs["kind"]` is "figures" or "catalogue". XLSX: the first sheet is read. A file without data rows
    is refused.
    """
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise FigureDataError(
            f"{path.name}: bestandstype '{path.suffix}' wordt niet ondersteund; gebruik .csv of .xlsx"
        )
    header, rows = read_rows(path)
    if "pillar" in header or "explained_in_part3" in header:
        frame = _catalogue(path.name, header, rows)
        frame.attrs["kind"] = "catalogue"
    else:
        frame = _figures(path.name, header, rows)
        frame.attrs["kind"] = "figures"
    if frame.empty:
        raise FigureDataError(f"{path.name}: het bestand heeft alleen een kopregel en geen cijfers")
    return frame


def figure_files(dirs: Iterable[Path]) -> list[Path]:
    """The figure files in `dirs`, in order; README*, gemeenten.txt and Excel lock files are skipped."""
    found = []
    for directory in dirs:
        directory = Path(directory)
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if (
                path.is_file()
                and path.suffix.lower() in SUFFIXES
                and not path.name.startswith(("~$", "."))
                and not path.name.lower().startswith("readme")
            ):
                found.append(path)
    return found


def _extracted_frame(rows: Sequence[FigureRow]) -> pd.DataFrame:
    records = [r.model_dump() | {"source_file": "", "row": 0, "value": math.nan if r.value is None else r.value}
               for r in rows]
    frame = pd.DataFrame(records, columns=FIGURE_FRAME_COLUMNS) if records else empty_figures()
    return frame.astype({"value": float, "page": int, "row": int})


def _conflict_note(key: tuple, first: tuple[str, float, str], other: tuple[str, float, str]) -> str:
    what = ", ".join(str(k) for k in key if k)
    return (f"Tegenstrijdige cijfers voor {what}: {first[2] or f'{first[1]:g}'} ({first[0]}) en "
            f"{other[2] or f'{other[1]:g}'} ({other[0]}); gebruikt is de eerste.")


def load_figures(dirs: Iterable[Path], extracted: Sequence[FigureRow] = (),
                 document_text: Callable[[str], str] | None = None) -> FigureTables:
    """Load every figure file in `dirs`, then the figures extracted at ingest.

    A bad file is reported in `.errors` and skipped. A figure that contradicts one loaded earlier (same
    identity, other value) is not used but recorded in `.conflicts` with both values and sources, so
    answers that use the figure show the contradiction. An extracted figure printed in the same cell
    (document, page, printed value) as a curated one is left out: the curated row wins.
    """
    dirs = [Path(d) for d in dirs]
    figures, catalogues, errors, files, hashes = [], [], [], [], set()
    known: dict[tuple, tuple[str, float, str]] = {}
    conflicts: dict[tuple, str] = {}
    for path in figure_files(dirs):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in hashes:  # the same file in corpus/figures and data/figures
            continue
        hashes.add(digest)
        try:
            frame = read_figure_file(path)
        except FigureDataError as exc:
            errors.append(str(exc))
            continue
        files.append(path.name)
        if frame.attrs["kind"] == "catalogue":
            catalogues.append(frame)
            continue
        keys = list(zip(*(frame[c] for c in _IDENTITY)))
        fresh = []
        for key, v, printed in zip(keys, frame["value"], frame["printed"]):
            if key not in known:
                known[key] = (path.name, v, printed)
                fresh.append(True)
                continue
            fresh.append(False)
            same = known[key][1] == v or (math.isnan(v) and math.isnan(known[key][1]))
            if not same:
                conflicts[key] = _conflict_note(key, known[key], (path.name, v, printed))
        figures.append(frame[fresh])
    curated_cells = {(d, int(p), pr) for f in figures for d, p, pr in zip(f["document"], f["page"], f["printed"])}
    extra = [r for r in extracted if (r.document, r.page, r.printed) not in curated_cells]
    if extra:
        figures.append(_extracted_frame(extra))
    figure_frame = pd.concat(figures, ignore_index=True) if figures else empty_figures()
    catalogue = (
        pd.concat(catalogues, ignore_index=True)
        if catalogues
        else pd.DataFrame(columns=[*schema.CATALOGUE_COLUMNS, "source_file", "row"])
    )
    return FigureTables(figure_frame, catalogue, errors, files, conflicts, document_text=document_text)


def install_figure_file(path: Path, dest_dir: Path) -> pd.DataFrame:
    """Validate a user's figure file and copy it into `dest_dir` (for ingest: `<data_dir>/figures`).

    Raises `FigureDataError` (nothing is copied) when the file is invalid; returns the validated rows.
    """
    path, dest_dir = Path(path), Path(dest_dir)
    frame = read_figure_file(path)
    dest_dir.mkdir(parents=True, exist_ok=True)
    if path.resolve() != (dest_dir / path.name).resolve():
        shutil.copy2(path, dest_dir / path.name)
    return frame


def default_dirs(settings=None) -> list[Path]:
    """`corpus/figures` (bundled) and `<data_dir>/figures` (user files copied there by ingest)."""
    from assistant.settings import Settings

    settings = settings or Settings()
    return [Path(settings.figures_dir), Path(settings.data_dir) / "figures"]


def load_default_figures(settings=None) -> FigureTables:
    return load_figures(default_dirs(settings))
