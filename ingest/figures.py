"""The figures of one document, at ingest: tables (PDF, DOCX, spreadsheets) and running text -> `FigureRow`s.

Each row gets the section it is printed under (from the chunk that holds it) and its quote: the line of the
page that prints it (a table row) or its sentence (running text), so that an answer that uses the figure
cites exactly that line. Reading figures never fails a document: a table that cannot be read is a warning.
"""

from __future__ import annotations

import logging
from pathlib import Path

from assistant.figures.quote import PageLines
from assistant.models import Chunk, FigureRow, Page
from assistant.text import normalise_for_match
from ingest.tables import (
    ExtractionResult,
    TableInfo,
    extract_docx_figures,
    extract_figures,
    figures_from_frame,
)
from ingest.tables_text import PlaceFinder, figures_from_text

log = logging.getLogger(__name__)
MAX_REPORTED_WARNINGS = 8


def _text_figures(pages: list[Page], document: str, places: PlaceFinder | None) -> ExtractionResult:
    result = ExtractionResult(pages=len(pages))
    for page in pages:
        result.rows += figures_from_text(page.text, document, page.number, places=places)
    return result


def _sheet_figures(path: Path) -> ExtractionResult:
    from ingest.sheets import read_sheets

    result = ExtractionResult()
    for number, (name, frame) in enumerate(read_sheets(path).items(), start=1):
        part = figures_from_frame(frame, path.name, name)
        result.rows += [r.model_copy(update={"page": number}) for r in part.rows]
        result.warnings += part.warnings
        result.tables += part.tables
        result.table_info += [t.model_copy(update={"page": number}) for t in part.table_info]
    return result


def _extract(path: Path, pages: list[Page], places: PlaceFinder | None) -> ExtractionResult:
    match path.suffix.lower():
        case ".pdf":
            return extract_figures(path, path.name, pages, places=places)
        case ".docx":
            result = extract_docx_figures(path, path.name)
            in_tables = {(r.page, r.printed) for r in result.rows}
            text = _text_figures(pages, path.name, places)
            result.rows += [r for r in text.rows if (r.page, r.printed) not in in_tables]
            return result
        case ".csv" | ".xlsx":
            return _sheet_figures(path)
        case _:
            return _text_figures(pages, path.name, places)


def _section_of(row: FigureRow, chunks: list[Chunk]) -> str:
    """The section of the chunk that prints the row's quote (else the page's first chunk)."""
    on_page = [c for c in chunks if c.page == row.page]
    needle = normalise_for_match(row.quote or row.printed)
    for chunk in on_page:
        if needle and needle in normalise_for_match(chunk.text):
            return chunk.section
    return on_page[0].section if on_page else ""


def with_context(rows: list[FigureRow], pages: list[Page], chunks: list[Chunk]) -> list[FigureRow]:
    """Rows with their quote (the page line or sentence that prints them) and section."""
    lines = {p.number: PageLines(p.text) for p in pages}
    out = []
    for row in rows:
        page = lines.get(row.page)
        if row.note == "running text" and row.table_title:
            quote = row.table_title  # the sentence
        else:
            labels = [row.row_label or row.subject, row.column_label, row.group]
            quote = page.line_for(row.printed, labels) if page else ""
        row = row.model_copy(update={"quote": quote})
        out.append(row.model_copy(update={"section": _section_of(row, chunks)}))
    return out


def summary(result: ExtractionResult) -> list[str]:
    """The ingest report's remarks about a document's figures: the checks that did not add up (a total that
    differs from its rows, a row that could not be placed), kept as printed and reported."""
    shown = result.warnings[:MAX_REPORTED_WARNINGS]
    lines = [f"controle cijfers: {w}" for w in shown]
    if len(result.warnings) > len(shown):
        lines.append(f"controle cijfers: en nog {len(result.warnings) - len(shown)} opmerking(en)")
    return lines


def document_figures(path: Path, pages: list[Page], chunks: list[Chunk],
                     places: PlaceFinder | None = None) -> ExtractionResult:
    """All figures of one document, with quotes and sections. `pages` are the loaded (unflowed) pages."""
    try:
        result = _extract(path, pages, places)
    except Exception as exc:  # noqa: BLE001 - figures are extra: the document's text is still indexed
        log.warning("cijfers niet gelezen uit %s: %s", path.name, exc)
        return ExtractionResult(warnings=[f"cijfers niet gelezen ({type(exc).__name__})"])
    result.rows = with_context(result.rows, pages, chunks)
    return result


__all__ = ["ExtractionResult", "TableInfo", "document_figures", "summary", "with_context"]
