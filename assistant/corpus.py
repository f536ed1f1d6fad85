"""The corpus model: everything derived from the indexed documents that answering needs, in one object.

It reads what ingest persisted in the catalog (documents, pages, statistics, names, periods, extracted
figures) plus the curated figure tables, and caches per catalog generation: when an ingest (in this process
or another) changes the catalog, the next call sees the new corpus. One `Corpus` is shared by all threads
(the app serves all sessions from one); caches are rebuilt under a lock and replaced whole.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.figures import FigureTables, load_figures
from assistant.index.catalog import Catalog
from assistant.models import Chunk, Citation, DocumentInfo
from assistant.names import period_years
from assistant.places import Gazetteer
from assistant.text import fold, tokenize
from assistant.vocabulary import Vocabulary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Coverage:
    """What some documents cover: the places and years they name (for refusals: 'wel in de documenten')."""

    places: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    def describe(self, limit: int = 12) -> str:
        parts = []
        if self.places:
            shown = self.places[:limit]
            more = f" en {len(self.places) - limit} andere" if len(self.places) > limit else ""
            parts.append("over " + ", ".join(shown) + more)
        if self.years:
            parts.append("met jaren " + year_span(self.years))
        return " ".join(parts)


def year_span(years: Sequence[int]) -> str:
    """'2016–2018, 2023' for [2016, 2017, 2018, 2023]."""
    ys = sorted(set(years))
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


@dataclass
class _State:
    generation: int
    documents: dict[str, DocumentInfo]
    figures: FigureTables | None = None
    dominant: dict[str, str] = field(default_factory=dict)
    names: list[str] | None = None
    periods: list[str] | None = None


class Corpus:
    def __init__(self, catalog: Catalog, figure_dirs: Sequence[Path] = (), *, gazetteer: Gazetteer | None = None,
                 vocabulary: Vocabulary | None = None):
        self.catalog = catalog
        self.figure_dirs = [Path(d) for d in figure_dirs]
        self.gazetteer = gazetteer or Gazetteer.default()
        self.vocabulary = vocabulary or Vocabulary()
        self._lock = threading.RLock()
        self._state: _State | None = None
        self._page_text = lru_cache(maxsize=4096)(self._load_page_text)

    # -- freshness ----------------------------------------------------------------------------------------

    def _current(self) -> _State:
        generation = self.catalog.generation()
        state = self._state
        if state is not None and state.generation == generation:
            return state
        with self._lock:
            state = self._state
            if state is None or state.generation != generation:
                documents = {d.doc_id: d for d in self.catalog.documents()}
                state = _State(generation, documents)
                self._page_text.cache_clear()
                self._state = state
                log.info("corpus geladen: %d documenten (generatie %d)", len(documents), generation)
        return state

    def refresh(self, figure_dirs: Sequence[Path] | None = None) -> None:
        """Forget cached data (after an ingest, or when the figure tables on disk changed)."""
        with self._lock:
            if figure_dirs is not None:
                self.figure_dirs = [Path(d) for d in figure_dirs]
            self._state = None

    # -- documents ----------------------------------------------------------------------------------------

    @property
    def documents(self) -> list[DocumentInfo]:
        return sorted(self._current().documents.values(), key=lambda d: (d.title.casefold(), d.document))

    def document(self, doc_id: str) -> DocumentInfo | None:
        return self._current().documents.get(doc_id)

    def documents_named(self, name: str) -> list[DocumentInfo]:
        return [d for d in self._current().documents.values() if d.document == name]

    def resolve_documents(self, names: Iterable[str]) -> list[str]:
        """Doc ids for file names, titles or doc ids (for filters given by name)."""
        wanted = set(names)
        return [d.doc_id for d in self._current().documents.values()
                if d.doc_id in wanted or d.document in wanted or d.title in wanted]

    @property
    def n_documents(self) -> int:
        return len(self._current().documents)

    def is_empty(self) -> bool:
        return not self._current().documents

    def metadata_text(self, doc_id: str) -> str:
        """A document's own metadata as text (title, type, organisation, municipality, year, and the place it
        names far more than any other): scope evidence."""
        info = self.document(doc_id)
        if info is None:
            return ""
        parts = [info.title, info.doc_type, info.organisation, info.municipality, info.year,
                 self.dominant_place(doc_id)]
        return " — ".join(str(v) for v in parts if v)

    def document_text(self, name: str) -> str:
        """The metadata text of the indexed document(s) with this file name (figure rows name their document
        by file name)."""
        return " ".join(self.metadata_text(d.doc_id) for d in self.documents_named(name))

    def document_place(self, name: str) -> str:
        """The municipality a document (by file name) is about: its metadata, else the place it names most."""
        for info in self.documents_named(name):
            place = info.municipality or self.dominant_place(info.doc_id)
            if place:
                return place
        return ""

    def dominant_place(self, doc_id: str) -> str:
        """The place a document is about when its metadata does not say: named in at least half of all its
        place mentions and at least three times (a municipality's own report names itself throughout)."""
        state = self._current()
        if doc_id not in state.dominant:
            counts = {name: per_doc[doc_id]
                      for name, per_doc in self.catalog.mentions(kind="place", doc_ids=[doc_id]).items()}
            total = sum(counts.values())
            top = max(counts, key=counts.get) if counts else ""
            state.dominant[doc_id] = top if top and counts[top] >= 3 and counts[top] * 2 >= total else ""
        return state.dominant[doc_id]

    # -- pages --------------------------------------------------------------------------------------------

    def _load_page_text(self, doc_id: str, page: int) -> str:
        return self.catalog.page_text(doc_id, page)

    def page_text(self, doc_id: str, page: int) -> str:
        self._current()
        return self._page_text(doc_id, page)

    def page_chunks(self, doc_id: str, page: int) -> list[Chunk]:
        return self.catalog.document_chunks(doc_id, [page])

    def named_page_chunks(self, document: str, page: int) -> list[Chunk]:
        """The chunks of a page of the document with this file name (tool results name documents by file)."""
        for info in self.documents_named(document):
            chunks = self.page_chunks(info.doc_id, page)
            if chunks:
                return chunks
        return []

    def page_is_scanned(self, doc_id: str, page: int) -> bool:
        """Whether the page's text was recognised from a scan (OCR at ingest)."""
        return self.catalog.page_info(doc_id, page)[0]

    def mark_scanned(self, citations: Sequence[Citation]) -> list[Citation]:
        """The citations, with `ocr` set where the cited page's text was recognised from a scan (the app then
        says "tekst herkend uit een scan")."""
        marked = []
        for c in citations:
            doc_ids = [c.doc_id] if c.doc_id else [d.doc_id for d in self.documents_named(c.document)]
            scanned = any(self.page_is_scanned(d, c.page) for d in doc_ids)
            marked.append(c.model_copy(update={"ocr": True}) if scanned and not c.ocr else c)
        return marked

    # -- statistics and names -----------------------------------------------------------------------------

    def document_frequency(self, terms: Iterable[str]) -> dict[str, int]:
        return self.catalog.document_frequency(terms)

    def occurs(self, name: str) -> bool:
        """Whether `name` occurs anywhere in the indexed text (a phrase of its stemmed words)."""
        return self.catalog.phrase_occurs(tokenize(name))

    def documents_naming(self, name: str) -> set[str]:
        """Documents whose text contains all words of `name` (stemmed) or whose metadata names it."""
        docs = self.catalog.documents_with_terms(tokenize(name))
        key = fold(name)
        docs |= {d.doc_id for d in self._current().documents.values()
                 if key in fold(f"{d.title} {d.organisation} {d.municipality}")}
        return docs

    def mentioned_in(self, name: str) -> set[str]:
        """Documents whose text or metadata name `name` (a place, organisation or other name)."""
        docs = set(self.catalog.mentions([name]).get(name, {}))
        key = fold(name)
        for d in self._current().documents.values():
            if key in fold(f"{d.title} {d.organisation} {d.municipality}"):
                docs.add(d.doc_id)
        return docs

    def corpus_names(self) -> list[str]:
        """Names (places, organisations, acronyms) the documents mention (cached per catalog generation)."""
        state = self._current()
        if state.names is None:
            state.names = self.catalog.names()
        return state.names

    def coverage(self, doc_ids: Iterable[str] | None = None, *, min_count: int = 2) -> Coverage:
        """Places and years the given documents (default: all) name often enough to be about them."""
        state = self._current()
        ids = list(doc_ids) if doc_ids is not None else list(state.documents)
        places: dict[str, int] = {}
        for name, per_doc in self.catalog.mentions(kind="place", doc_ids=ids).items():
            count = sum(per_doc.values())
            if count >= min_count:
                places[name] = count
        for d in ids:
            info = state.documents.get(d)
            if info and info.municipality:
                places[info.municipality] = places.get(info.municipality, 0) + min_count
        years: set[int] = set()
        for period, per_doc in self.catalog.periods(ids).items():
            if sum(per_doc.values()) >= min_count or any(
                    state.documents.get(d) and state.documents[d].year for d in per_doc):
                years.update(y for y in period_years(period) if 1990 <= y <= 2100)
        ranked = sorted(places, key=lambda p: -places[p])
        return Coverage(places=ranked, years=sorted(years))

    def documents_about_periods(self, periods: Iterable[str]) -> set[str]:
        """Documents that name one of the periods (a year inside a named range counts; a quarter needs it)."""
        wanted_years = {y for p in periods if "-Q" not in p and "-H" not in p for y in period_years(p)}
        wanted_parts = {p for p in periods if "-Q" in p or "-H" in p}
        out = {d.doc_id for d in self._current().documents.values() if d.year in wanted_years}
        for period in self._period_names():
            if period in wanted_parts or wanted_years & set(period_years(period)):
                out.update(self.catalog.periods(periods=[period]).get(period, {}))
        return out

    def _period_names(self) -> list[str]:
        """The distinct periods the documents name (cached per catalog generation)."""
        state = self._current()
        if state.periods is None:
            state.periods = self.catalog.period_names()
        return state.periods

    # -- figures ------------------------------------------------------------------------------------------

    @property
    def figures(self) -> FigureTables:
        """Curated figure tables plus the figures extracted at ingest (curated wins for the same cell)."""
        state = self._current()
        if state.figures is None:
            with self._lock:
                if state.figures is None:
                    state.figures = load_figures(self.figure_dirs, extracted=self.catalog.figures(),
                                                 document_text=self.document_text)
        return state.figures
