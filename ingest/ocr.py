"""OCR at ingest: PDF pages with no (or almost no) text layer are read from their image.

`PageOcr` is the PDF loader's page fallback (`ingest.pdf.PageFallback`): it renders the page with pypdfium2 at
`ocr.dpi`, looks the image up in the OCR cache (`ingest.ocr_cache`, by image hash), and on a miss straightens it
(`ingest.page_image.deskew`) and recognises it with the engine (`OcrEngine`; Tesseract with Dutch language
data by default). Pages keep their number; text layers that exist are kept. At most
`limits.max_ocr_pages_per_file` pages of one file are read. What went wrong or looks doubtful (OCR not
available, low confidence, the cap, a page that failed) becomes notes for the ingest report.

`load_with_ocr` loads one document this way (the pipeline calls it in its worker).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError
from assistant.models import Page
from assistant.settings import OcrSettings, Settings
from ingest.ocr_cache import OcrCache, Recognised, cache_key
from ingest.ocr_engine import OcrEngine, page_text
from ingest.page_image import deskew, image_hash, open_pdf, render_page
from ingest.pdf import LoadedDocument, load_document, page_list
from ingest.tesseract import OcrUnavailableError, TesseractEngine, ocr_unavailable

log = logging.getLogger(__name__)

RECOGNISER_VERSION = 1  # bump when rendering, deskew or text assembly change: cached pages are read again
PageProgress = Callable[[int, int], None]  # (page number, pages in the document), before a page is recognised
SKIPPED = "gescande pagina's overgeslagen"


@dataclass
class OcrStats:
    recognised: list[int] = field(default_factory=list)  # pages the engine read
    cached: list[int] = field(default_factory=list)  # pages found in the cache
    low: list[tuple[int, float]] = field(default_factory=list)  # (page, mean confidence) below the threshold
    over_cap: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # pages that needed OCR while it was not available
    unavailable: str = ""  # why OCR cannot run ('' when it can)
    seconds: float = 0.0


class PageOcr:
    """Page fallback that recognises a PDF page from its image (cached); one instance per document load."""

    def __init__(self, settings: OcrSettings, *, max_pages: int, cache: OcrCache | None = None,
                 engine: Callable[[], OcrEngine] | None = None, progress: PageProgress | None = None):
        self.settings = settings
        self.max_pages = max_pages
        self.cache = cache
        self.progress = progress
        self.stats = OcrStats()
        self._make_engine = engine or (lambda: TesseractEngine(settings))
        self._engine: OcrEngine | None = None
        self._pdf: tuple[Path, Any] | None = None
        if not settings.enabled:
            self.stats.unavailable = "tekstherkenning (OCR) staat uit (instelling ocr.enabled)"

    def __call__(self, path: Path, number: int) -> Page | None:
        if not self._ready(number):
            return None
        started = time.perf_counter()
        try:
            result = self._read(path, number)
        except OcrUnavailableError as err:  # the language model did not load
            self.stats.unavailable = str(err)
            self.stats.skipped.append(number)
            return None
        except (RuntimeError, TimeoutError, OSError, ValueError) as exc:  # one bad page never stops the document
            log.warning("OCR van pagina %d van %s mislukt: %s", number, path.name, exc)
            self.stats.failed.append((number, type(exc).__name__))
            return None
        finally:
            self.stats.seconds += time.perf_counter() - started
        if result.text and result.confidence is not None and result.confidence < self.settings.min_confidence:
            self.stats.low.append((number, result.confidence))
        return Page(number=number, text=result.text, ocr=True, ocr_confidence=result.confidence)

    def _ready(self, number: int) -> bool:
        """Whether this page may be read: OCR available (the engine is made at the first page) and under the cap."""
        if self.stats.unavailable:
            self.stats.skipped.append(number)
            return False
        if len(self.stats.recognised) + len(self.stats.cached) + len(self.stats.failed) >= self.max_pages:
            self.stats.over_cap.append(number)
            return False
        if self._engine is None:
            try:
                self._engine = self._make_engine()
            except OcrUnavailableError as err:
                self.stats.unavailable = str(err)
                self.stats.skipped.append(number)
                return False
        return True

    def _document(self, path: Path) -> Any:
        if self._pdf is None or self._pdf[0] != path:
            self._close_pdf()
            self._pdf = (path, open_pdf(path))
        return self._pdf[1]

    def _read(self, path: Path, number: int) -> Recognised:
        assert self._engine is not None
        pdf = self._document(path)
        image = render_page(pdf, number, self.settings.dpi)
        options = f"v{RECOGNISER_VERSION}|deskew={self.settings.deskew and self.settings.max_skew}|" \
                  f"noise={self.settings.noise_confidence}|words={self.settings.min_words}"
        key = cache_key(image_hash(image), self._engine.version, self.settings.language, self.settings.dpi, options)
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            self.stats.cached.append(number)
            return hit
        if self.progress is not None:
            self.progress(number, len(pdf))
        angle = 0.0
        if self.settings.deskew:
            image, angle = deskew(image, self.settings.max_skew)
        text, confidence, words = page_text(self._engine.recognise(image), self.settings.noise_confidence,
                                            self.settings.min_words)
        result = Recognised(text=text, confidence=confidence, words=words, skew=angle)
        self.stats.recognised.append(number)
        if self.cache is not None:
            self.cache.put(key, result)
        return result

    def notes(self, pages: list[Page]) -> list[str]:
        """Dutch notes for the ingest report on the loaded `pages`."""
        s = self.stats
        notes: list[str] = []
        if s.skipped and any(not p.text for p in pages if p.number in s.skipped):
            notes.append(f"{SKIPPED}: {s.unavailable}")  # a page with a few characters of text layer is no scan
        if s.low:
            listed = page_list([n for n, _ in s.low])
            values = ", ".join(f"{c:.0f}" for _, c in s.low)
            notes.append(f"{listed} herkend uit een scan met lage zekerheid (gemiddeld {values} van 100): de tekst "
                         "kan fouten bevatten; controleer citaten op de pagina")
        if s.over_cap:
            notes.append(f"{page_list(s.over_cap)} niet herkend: maximaal {self.max_pages} pagina's per bestand met "
                         "OCR (instelling limits.max_ocr_pages_per_file)")
        for number, reason in s.failed:
            notes.append(f"pagina {number}: tekstherkenning (OCR) mislukt ({reason})")
        return notes

    def _close_pdf(self) -> None:
        if self._pdf is not None:
            self._pdf[1].close()
            self._pdf = None

    def close(self) -> None:
        self._close_pdf()
        if self._engine is not None:
            self._engine.close()
            self._engine = None
        if self.cache is not None:
            self.cache.close()


def page_reader(settings: Settings, progress: PageProgress | None = None) -> PageOcr:
    """The OCR page fallback configured by `settings` (cache in `settings.ocr_cache_path`)."""
    cache = None
    if settings.ocr.enabled:
        try:
            cache = OcrCache(settings.ocr_cache_path)
        except (sqlite3.Error, OSError) as exc:  # no cache costs time, never the document
            log.warning("OCR-cache %s niet bruikbaar: %s", settings.ocr_cache_path, exc)
    return PageOcr(settings.ocr, max_pages=settings.limits.max_ocr_pages_per_file, cache=cache, progress=progress)


def load_with_ocr(path: Path, settings: Settings, progress: PageProgress | None = None,
                  reader: PageOcr | None = None) -> tuple[LoadedDocument, OcrStats]:
    """Load a document; PDF pages without a usable text layer are read by OCR. Returns the document (with the
    OCR notes among its warnings) and what OCR did."""
    reader = reader or page_reader(settings, progress)
    try:
        try:
            loaded = load_document(path, max_pages=settings.limits.max_pages_per_file, page_fallback=reader,
                                   min_text_chars=settings.ocr.min_text_chars)
        except DocumentError as err:
            if reader.stats.skipped:  # every page was a scan, and OCR could not run
                raise DocumentError(path.name, "de PDF heeft geen tekstlaag (gescand document?) en is niet gelezen: "
                                    f"{reader.stats.unavailable}") from err
            raise
        stats = reader.stats
        if stats.recognised or stats.cached:
            log.info("OCR %s: %d pagina's herkend, %d uit de cache, %.1f s", path.name, len(stats.recognised),
                     len(stats.cached), stats.seconds)
        if notes := reader.notes(loaded.pages):
            loaded = loaded.model_copy(update={"warnings": [*loaded.warnings, *notes]})
        return loaded, stats
    finally:
        reader.close()


def ocr_status(settings: Settings) -> str:
    """'' when scanned pages are read at ingest; else the note that they are skipped and what to install."""
    if not settings.ocr.enabled:
        return f"{SKIPPED}: tekstherkenning (OCR) staat uit (instelling ocr.enabled)"
    reason = ocr_unavailable(settings.ocr)
    return f"{SKIPPED}: {reason}" if reason else ""
