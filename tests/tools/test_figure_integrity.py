"""Transcription honesty: every figure row's `printed` is on the cited page, and `value` is its parse.

Iterates over every row of every figure table in corpus/figures (read raw, so no row is skipped by
de-duplication in the loader), and over the measures catalogue.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from assistant.figures import read_figure_file
from assistant.figures.schema import CATALOGUE_COLUMNS, DASHES, FIGURE_COLUMNS
from assistant.numbers import parse_dutch_number
from ingest.clean import contains_quote

FIGURES = Path(__file__).resolve().parents[2] / "corpus" / "figures"
CORPUS = FIGURES.parent
FILES = sorted(p for p in FIGURES.glob("*.csv"))


def _rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [
            (n, dict(zip(header, cells))) for n, cells in enumerate(reader, start=2) if any(cells)
        ]


def test_there_are_figure_tables():
    names = {p.stem for p in FILES}
    assert {"verevening", "kpi", "financien", "besparingen", "ses", "maatregelen"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_row_is_printed_on_its_page(path: Path, page_texts):
    header, rows = _rows(path)
    assert rows, f"{path.name} has no rows"
    catalogue = "pillar" in header
    assert header == (CATALOGUE_COLUMNS if catalogue else FIGURE_COLUMNS), f"{path.name}: header {header}"
    failures = []
    for number, row in rows:
        where = (
            f"{path.name} row {number} ({row.get('subject', '')} {row['measure']} {row.get('period', '')})"
        )
        if not (CORPUS / row["document"]).is_file():
            failures.append(f"{where}: document {row['document']} not in corpus/")
            continue
        pages = page_texts(row["document"])
        page = int(row["page"])
        if not 1 <= page <= len(pages):
            failures.append(f"{where}: page {page} outside 1-{len(pages)}")
            continue
        text = pages[page - 1]
        if catalogue:
            if not contains_quote(text, row["measure"]):
                failures.append(f"{where}: measure name not on page {page}")
            continue
        printed = row["printed"]
        if printed in DASHES:
            if row["value"]:
                failures.append(f"{where}: printed is a dash but value is {row['value']}")
            continue
        if not contains_quote(text, printed):
            failures.append(f"{where}: printed {printed!r} not on page {page}")
        try:
            parsed = parse_dutch_number(printed)
        except ValueError as exc:
            failures.append(f"{where}: printed does not parse: {exc}")
            continue
        if not math.isclose(float(row["value"]), parsed, rel_tol=1e-12, abs_tol=1e-12):
            failures.append(f"{where}: value {row['value']} != parsed printed {parsed}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_passes_validation(path: Path):
    """The loader accepts every bundled file and keeps one row per distinct figure."""
    frame = read_figure_file(path)
    _, rows = _rows(path)
    if "pillar" in frame.columns:
        assert len(frame) == len(rows)
        return
    keys = {tuple(r[c] for c in ("table", "subject", "measure", "period", "group", "unit")) for _, r in rows}
    assert len(frame) == len(keys)
    assert set(frame["row"]) <= {n for n, _ in rows}
