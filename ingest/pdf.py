"""Document loaders: one small class per format behind the `DocumentLoader` protocol.

Each returns a `LoadedDocument` (cleaned pages with 1-based numbers, file properties, the running header and
footer lines that were removed, captured library warnings, and for PDFs the first page's lines with their font
size) or raises `DocumentError` with a user-safe (Dutch) reason.

PDF text comes from pypdf's text visitor, which reports every text run with its font size and position: that
gives the lines' heights on the page (running headers/footers), superscript note markers, and font sizes for
the title. Library warnings (pypdf's logger, Python `warnings`) are captured per file, never printed.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import warnings
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from assistant.errors import DocumentError
from assistant.models import Page
from ingest.clean import clean_text, remove_running_lines, remove_running_text_lines
from ingest.layout import LayoutLine, TextRun, layout_lines
from ingest.sheets import read_sheets, sheet_text

# pypdf reports recoverable problems through its logger: keep them out of the terminal (they are captured per
# file by `captured_warnings` and returned with the document).
_PYPDF_LOGGER = logging.getLogger("pypdf")
_PYPDF_LOGGER.setLevel(logging.WARNING)
_PYPDF_LOGGER.propagate = False
if not any(isinstance(h, logging.NullHandler) for h in _PYPDF_LOGGER.handlers):
    _PYPDF_LOGGER.addHandler(logging.NullHandler())
# `warnings.catch_warnings` changes process-wide state: one file is loaded at a time.
_CAPTURE_LOCK = threading.RLock()
MAX_WARNINGS = 20


class LoadedDocument(BaseModel):
    pages: list[Page] = Field(description="Cleaned text per 1-based page; running headers/footers removed.")
    properties: dict[str, str] = Field(
        default_factory=dict, description="'title', 'author', 'subject', 'creation_date' (ISO) from the file."
    )
    running_lines: list[str] = Field(
        default_factory=list, description="Header/footer/letterhead lines that were removed (for metadata)."
    )
    warnings: list[str] = Field(default_factory=list, description="Captured library warnings, deduplicated.")
    first_page_lines: list[tuple[str, float]] = Field(
        default_factory=list,
        description="PDF: the lines of the first page with text, top to bottom, with their largest font size "
        "(pt); running lines excluded. Empty for other formats.",
    )


class DocumentLoader(Protocol):
    suffixes: tuple[str, ...]

    def load(self, path: Path, max_pages: int | None = None) -> LoadedDocument: ...

    def properties(self, path: Path) -> dict[str, str]:
        """Document properties (title, author, ...) where the format has them."""
        ...


class _Collector(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(level=logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.sink.append(record.getMessage())


@contextlib.contextmanager
def captured_warnings() -> Iterator[list[str]]:
    """Collect pypdf log records and Python warnings raised inside the block (in order, not printed)."""
    sink: list[str] = []
    handler = _Collector(sink)
    with _CAPTURE_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _PYPDF_LOGGER.addHandler(handler)
        try:
            yield sink
        finally:
            _PYPDF_LOGGER.removeHandler(handler)
            sink.extend(str(w.message) for w in caught)


def dedupe(messages: list[str], limit: int = MAX_WARNINGS) -> list[str]:
    """Distinct messages in first-seen order; past `limit`, one line says how many more there were."""
    distinct = list(dict.fromkeys(" ".join(m.split()) for m in messages if m and m.strip()))
    if len(distinct) > limit:
        return [*distinct[:limit], f"... en nog {len(distinct) - limit} meldingen"]
    return distinct


# --- PDF ----------------------------------------------------------------------------------------------------

# Called for a page whose text layer is empty or almost (1-based number); may return a Page (recognised by OCR).
# A returned Page with `ocr=True` and no text means: looked at, no text there (the page stays empty, unremarked).
PageFallback = Callable[[Path, int], Page | None]


def _matrix_product(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return [a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u]


def page_runs(page: Any) -> tuple[str, list[TextRun]]:
    """pypdf's text of one page and the runs it was assembled from (effective font size and baseline)."""
    runs: list[TextRun] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        m = _matrix_product(list(tm), list(cm))
        scale = math.hypot(m[2], m[3]) or 1.0
        runs.append(TextRun(text=text, size=float(size or 0) * scale, x=m[4], y=m[5]))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(r.text for r in runs) != text:  # never seen; fall back to unpositioned lines
        runs = [TextRun(text=text, size=0.0)]
    return text, runs


def page_layout(page: Any) -> tuple[list[LayoutLine], int]:
    """The page's lines (with positions when the page box is known) and the number of note markers split."""
    _, runs = page_runs(page)
    try:
        box = page.mediabox
        bottom, height = float(box.bottom), float(box.height)
    except Exception:  # noqa: BLE001 - a damaged page box only costs the positions
        bottom, height = 0.0, 0.0
    if all(r.size == 0.0 for r in runs):
        return [LayoutLine(line) for line in "".join(r.text for r in runs).split("\n")], 0
    return layout_lines(runs, bottom, height or None)


def _pdf_date(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else ""


def pdf_properties(reader: Any) -> dict[str, str]:
    """Title, author, subject and creation date (ISO) from the PDF's document information, when present."""
    try:
        meta = reader.metadata
    except Exception:  # noqa: BLE001 - a damaged info dictionary only costs the properties
        return {}
    if not meta:
        return {}
    found: dict[str, str] = {}
    for key, attribute in (("title", "title"), ("author", "author"), ("subject", "subject")):
        with contextlib.suppress(Exception):
            value = getattr(meta, attribute)
            if value and (text := " ".join(clean_text(str(value)).split())):
                found[key] = text
    with contextlib.suppress(Exception):
        if date := _pdf_date(meta.creation_date):
            found["creation_date"] = date
    return found


class PdfLoader:
    suffixes = (".pdf",)

    def __init__(self, page_fallback: PageFallback | None = None, min_text_chars: int = 1):
        self.page_fallback = page_fallback
        self.min_text_chars = min_text_chars  # fewer letters and digits than this: offered to the fallback

    def _reader(self, path: Path):
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, PdfReadError

        try:
            reader = PdfReader(path)
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError(path.name, "de PDF is versleuteld met een wachtwoord; ontsleutel hem eerst")
            _ = len(reader.pages)
            return reader
        except DocumentError:
            raise
        except DependencyError:
            raise DocumentError(path.name, "de PDF is versleuteld; installeer het pakket 'cryptography' om hem te lezen")
        except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
            raise DocumentError(path.name, f"de PDF is beschadigd of geen geldige PDF ({type(exc).__name__})")
        except Exception as exc:  # noqa: BLE001 - pypdf raises assorted errors on damaged files
            if "crypt" in str(exc).lower():
                raise DocumentError(path.name, "de PDF is versleuteld en kan niet worden gelezen")
            raise DocumentError(path.name, f"de PDF kan niet worden gelezen ({type(exc).__name__})")

    def load(self, path: Path, max_pages: int | None = None) -> LoadedDocument:
        with captured_warnings() as caught:
            reader = self._reader(path)
            if len(reader.pages) == 0:
                raise DocumentError(path.name, "de PDF bevat geen pagina's")
            check_pages(path, len(reader.pages), max_pages)
            layouts: list[list[LayoutLine]] = []
            notes: list[str] = []
            for number, page in enumerate(reader.pages, start=1):
                try:
                    layouts.append(page_layout(page)[0])
                except Exception as exc:  # noqa: BLE001 - damaged page streams fail in many ways
                    layouts.append([])
                    notes.append(f"pagina {number}: de tekst kan niet worden gelezen ({type(exc).__name__})")
            properties = pdf_properties(reader)
        kept, running, _ = remove_running_lines(layouts)
        pages = [Page(number=i, text=clean_text("\n".join(line.text for line in lines)))
                 for i, lines in enumerate(kept, start=1)]
        pages = self._fill_empty(path, pages)
        if not any(p.text for p in pages):
            raise DocumentError(path.name, "de PDF heeft geen tekstlaag en tekstherkenning (OCR) vond er geen tekst in"
                                if any(p.ocr for p in pages) else
                                "de PDF heeft geen tekstlaag (gescand document?); maak hem eerst doorzoekbaar met OCR")
        empty = [p.number for p in pages if not p.text and not p.ocr]
        if empty:
            notes.append(no_text_note(empty))
        first = next(i for i, p in enumerate(pages) if p.text)
        return LoadedDocument(
            pages=pages, properties=properties, running_lines=running, warnings=dedupe([*caught, *notes]),
            first_page_lines=[] if pages[first].ocr else first_lines(kept[first]),
        )

    def _fill_empty(self, path: Path, pages: list[Page]) -> list[Page]:
        """Offer pages with (almost) no text to the fallback hook (OCR), keeping the page number. A text layer
        is kept unless the fallback found more text (or, for a stray mark, looked and found none)."""
        if self.page_fallback is None:
            return pages
        filled = []
        for page in pages:
            have = text_chars(page.text)
            replacement = self.page_fallback(path, page.number) if have < self.min_text_chars else None
            if replacement is not None and (not replacement.text or text_chars(replacement.text) > have):
                page = replacement.model_copy(update={"number": page.number})
            filled.append(page)
        return filled

    def properties(self, path: Path) -> dict[str, str]:
        try:
            with captured_warnings():
                return pdf_properties(self._reader(path))
        except DocumentError:
            return {}


def text_chars(text: str) -> int:
    """Letters and digits in `text` (how much text a page has; layout marks and spaces do not count)."""
    return sum(c.isalnum() for c in text)


def page_list(numbers: list[int]) -> str:
    """'pagina 3' / "pagina's 3, 5 en 7" (Dutch)."""
    if len(numbers) == 1:
        return f"pagina {numbers[0]}"
    return "pagina's " + ", ".join(map(str, numbers[:-1])) + f" en {numbers[-1]}"


def no_text_note(numbers: list[int]) -> str:
    """Dutch note for the ingest report: which pages have no text layer."""
    if len(numbers) == 1:
        return f"{page_list(numbers)} heeft geen tekstlaag (afbeelding of scan) en is niet doorzoekbaar"
    return f"{page_list(numbers)} hebben geen tekstlaag (afbeelding of scan) en zijn niet doorzoekbaar"


def first_lines(lines: list[LayoutLine]) -> list[tuple[str, float]]:
    """Cleaned non-blank lines, top to bottom (text order for lines without a position), with font size."""
    ordered = sorted(
        (line for line in lines if line.text.strip()),
        key=lambda line: -line.position if line.position is not None else 0.0,
    )
    result = []
    for line in ordered:
        if text := " ".join(clean_text(line.text).split()):
            result.append((text, round(line.size or 0.0, 1)))
    return result


# --- plain text and Markdown --------------------------------------------------------------------------------

class TextLoader:
    suffixes = (".txt", ".md")

    def load(self, path: Path, max_pages: int | None = None) -> LoadedDocument:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError(path.name, "het tekstbestand is geen UTF-8; sla het op als UTF-8 en probeer opnieuw")
        # A form feed separates pages in exported text; otherwise the whole file is page 1.
        parts = [clean_text(p) for p in text.split("\f")]
        check_pages(path, len(parts), max_pages)
        parts, running, _ = remove_running_text_lines(parts)
        pages = [Page(number=i, text=clean_text(p)) for i, p in enumerate(parts, start=1)]
        if not any(p.text for p in pages):
            raise DocumentError(path.name, "het bestand bevat geen tekst")
        return LoadedDocument(pages=pages, properties=self.properties(path), running_lines=running)

    def properties(self, path: Path) -> dict[str, str]:
        if path.suffix.lower() == ".md":
            for line in path.read_text("utf-8", errors="ignore").splitlines():
                if line.startswith("# "):
                    return {"title": line[2:].strip()}
        return {}


# --- Word ---------------------------------------------------------------------------------------------------

TABLE_CELL_SEPARATOR = "\t"  # DOCX table cells, one row per line; `clean_text` keeps a tab as one tab


def _row_text(row: Any) -> str:
    """A table row as one line: its cells (merged cells once) separated by a tab."""
    cells: list[str] = []
    seen: list[Any] = []
    for cell in row.cells:
        if any(cell._tc is s for s in seen):  # a merged cell is reported once per grid column
            continue
        seen.append(cell._tc)
        cells.append(" ".join(cell.text.split()))
    return TABLE_CELL_SEPARATOR.join(c for c in cells if c)


def docx_lines(document: Any) -> list[str]:
    """Body paragraphs and tables in reading order; tables row by row (nested tables flattened in their cell)."""
    from docx.table import Table

    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_row_text(row) for row in block.rows)
        else:
            lines.append(block.text)
    return lines


def _docx_running(document: Any) -> list[str]:
    """Header and footer paragraphs of all sections (letterheads), distinct, in order."""
    found: list[str] = []
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            with contextlib.suppress(Exception):
                if part.is_linked_to_previous and found:
                    continue
                found.extend(" ".join(p.text.split()) for p in part.paragraphs)
    return [t for t in dict.fromkeys(found) if any(c.isalpha() for c in t)]


class DocxLoader:
    suffixes = (".docx",)

    def _document(self, path: Path):
        import docx

        try:
            return docx.Document(str(path))
        except Exception as exc:  # noqa: BLE001 - python-docx raises assorted errors
            raise DocumentError(path.name, f"het Word-bestand is beschadigd of geen .docx ({type(exc).__name__})")

    def load(self, path: Path, max_pages: int | None = None) -> LoadedDocument:
        with captured_warnings() as caught:
            doc = self._document(path)
            text = clean_text("\n".join(docx_lines(doc)))
            running = _docx_running(doc)
            properties = self._core(doc)
        if not text:
            raise DocumentError(path.name, "het Word-bestand bevat geen tekst")
        return LoadedDocument(pages=[Page(number=1, text=text)], properties=properties, running_lines=running,
                              warnings=dedupe(caught))

    @staticmethod
    def _core(doc: Any) -> dict[str, str]:
        props = doc.core_properties
        found = {k: " ".join(v.split()) for k, v in (("title", props.title), ("author", props.author),
                                                      ("subject", props.subject)) if v and v.strip()}
        if date := _pdf_date(props.created):
            found["creation_date"] = date
        return found

    def properties(self, path: Path) -> dict[str, str]:
        try:
            return self._core(self._document(path))
        except DocumentError:
            return {}


# --- spreadsheets that are not figure tables ------------------------------------------------------------------

class SheetLoader:
    """CSV/XLSX read as a document: one page per sheet, one line per row (see `ingest.sheets`)."""

    suffixes = (".csv", ".xlsx")

    def load(self, path: Path, max_pages: int | None = None) -> LoadedDocument:
        sheets = read_sheets(path)
        check_pages(path, len(sheets), max_pages)
        pages = [Page(number=i, text=sheet_text(name, frame))
                 for i, (name, frame) in enumerate(sheets.items(), start=1)]
        if not any(len(p.text.splitlines()) > 1 for p in pages):
            raise DocumentError(path.name, "de tabel is leeg")
        return LoadedDocument(pages=pages, properties=self.properties(path))

    def properties(self, path: Path) -> dict[str, str]:
        return {"title": path.stem.replace("_", " ").replace("-", " ")}


LOADERS: tuple[DocumentLoader, ...] = (PdfLoader(), TextLoader(), DocxLoader(), SheetLoader())
SUPPORTED_SUFFIXES = tuple(s for loader in LOADERS for s in loader.suffixes)


def loader_for(path: Path) -> DocumentLoader:
    for loader in LOADERS:
        if path.suffix.lower() in loader.suffixes:
            return loader
    raise DocumentError(
        path.name, f"bestandstype '{path.suffix or '(geen)'}' wordt niet ondersteund; gebruik "
        + ", ".join(SUPPORTED_SUFFIXES)
    )


def check_pages(path: Path, pages: int, max_pages: int | None) -> None:
    """Refuse a file with more pages than the per-file cap, before reading them."""
    if max_pages is not None and pages > max_pages:
        raise DocumentError(path.name, f"het document heeft {pages} pagina's; maximaal {max_pages} per bestand "
                                       "(instelling limits.max_pages_per_file)")


def load_document(path: Path, max_pages: int | None = None, page_fallback: PageFallback | None = None,
                  min_text_chars: int = 1) -> LoadedDocument:
    """Load a document: cleaned pages, properties, running lines and warnings; or raise `DocumentError`.

    `max_pages`: refuse a file with more pages (checked before its text is read). `page_fallback` (OCR) reads
    PDF pages with fewer than `min_text_chars` letters and digits in their text layer."""
    loader = loader_for(path)
    if page_fallback is not None and isinstance(loader, PdfLoader):
        loader = PdfLoader(page_fallback, min_text_chars)
    if not path.exists():
        raise DocumentError(path.name, "bestand niet gevonden")
    if path.stat().st_size == 0:
        raise DocumentError(path.name, "het bestand is leeg")
    return loader.load(path, max_pages=max_pages)


def load_pages(path: Path) -> list[Page]:
    """Load a document into cleaned pages, or raise `DocumentError`."""
    return load_document(path).pages
