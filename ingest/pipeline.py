"""Incremental ingest: files -> pages -> chunks, profile, figures -> (embed) -> index; one file at a time.

- A document's identity is its folder plus its file name (`document_id`): an upload named like a bundled
  document is another document. A *name* that is already indexed from another folder is refused unless
  `replace=True` (the CLI's `--replace`; the app asks first).
- The catalog is the manifest: an unchanged file (same content hash and chunking configuration) is skipped,
  a changed one replaced atomically (the old version stays visible until the new one is complete), a file
  removed from a scanned folder dropped.
- Documents are parsed in a worker process while the previous one is embedded; only one document's chunks
  are held in memory at a time. One file's failure never stops the run, and nothing indexed is lost.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from assistant.errors import AssistantError, DocumentError, FigureDataError
from assistant.index.index import Index
from assistant.models import Chunk, DocumentInfo, DocumentProfile, FigureRow, Page
from assistant.settings import Settings
from assistant.vocabulary import FOLDER as VOCABULARY_FOLDER
from ingest.chunking import chunk_document
from ingest.describe import describe
from ingest.figures import document_figures
from ingest.figures import summary as figure_summary
from ingest.layout import flow_text
from ingest.metadata import CATALOGUE_NAME, apply_catalogue, read_catalogue
from ingest.ocr import PageProgress, load_with_ocr
from ingest.profile import build_profile
from ingest.progress import JobPages, page_progress, queued, wait_reporting

FIGURE_SUFFIXES = (".csv", ".xlsx")
Status = Literal["indexed", "updated", "skipped", "failed", "removed"]
Progress = Callable[[int, int, str], None]
log = logging.getLogger(__name__)

CHUNKER_VERSION = 10  # bump when cleaning/chunking/profiling/figure reading changes, so unchanged files are re-read once


@dataclass
class FileResult:
    document: str
    status: Status
    pages: int = 0
    chunks: int = 0
    message: str = ""
    doc_id: str = ""
    warnings: list[str] = field(default_factory=list)
    figures: int = 0  # figure rows: read from the document's tables and text, or a figure table's rows
    tables: int = 0  # tables the figures were read from


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    tables: int = 0  # valid figure tables seen
    repaired: int = 0  # interrupted writes of an earlier run that were cleaned up
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage (parse, embed, write)

    def count(self, *statuses: Status) -> int:
        return sum(r.status in statuses for r in self.results)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def add_time(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds


class ParsedDocument(BaseModel):
    """Everything one document yields before embedding (picklable: it crosses the worker boundary)."""

    info: DocumentInfo
    pages: list[Page]
    chunks: list[Chunk]
    profile: DocumentProfile
    figures: list[FigureRow] = []
    tables: int = 0
    figure_notes: list[str] = []  # for the ingest report: counts and totals that do not add up
    seconds: dict[str, float] = {}  # per stage: load, describe, chunk, figures, profile


def document_id(path: Path) -> str:
    """Identity of a file in the index: its resolved folder plus its name (never collides across folders)."""
    path = Path(path).resolve()
    return hashlib.sha256(f"{path.parent}/{path.name}".encode()).hexdigest()[:16]


def file_hash(path: Path, salt: str = "") -> str:
    """SHA-256 of the file's bytes (plus `salt`: the chunking configuration, for the index manifest)."""
    h = hashlib.sha256(salt.encode())
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def config_salt(settings: Settings) -> str:
    return f"chunking={settings.chunking.size}/{settings.chunking.overlap}/v{CHUNKER_VERSION}"


def _is_candidate(path: Path, in_figures: bool) -> bool:
    name = path.name
    if name.startswith((".", "~$")) or name == CATALOGUE_NAME:
        return False
    return not (in_figures and path.suffix.lower() not in FIGURE_SUFFIXES)


def is_figure_table(path: Path) -> bool:
    """A CSV/XLSX whose header uses the figure-table schema (validated as one); other spreadsheets are read as
    documents with generic tables (`ingest.sheets`)."""
    from assistant.figures.reader import follows_schema
    from assistant.figures.schema import CATALOGUE_COLUMNS, FIGURE_COLUMNS

    return follows_schema(path, {*FIGURE_COLUMNS, *CATALOGUE_COLUMNS})


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """Split inputs into (documents, figure files, scanned directories). `figures/` folders hold tables."""
    documents: list[Path] = []
    figures: list[Path] = []
    directories: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            directories.append(path.resolve())
            for f in sorted(path.rglob("*")):
                parts = f.relative_to(path).parts
                in_figures = "figures" in parts[:-1]
                if not f.is_file() or not _is_candidate(f, in_figures) or any(p.startswith(".") for p in parts):
                    continue
                if VOCABULARY_FOLDER in parts[:-1]:
                    continue  # corpus vocabulary (aliases, starter questions), not documents
                if f.suffix.lower() in FIGURE_SUFFIXES and (in_figures or is_figure_table(f)):
                    figures.append(f)
                elif not in_figures:
                    documents.append(f)
        else:
            (figures if path.suffix.lower() in FIGURE_SUFFIXES and is_figure_table(path) else documents).append(path)
    return documents, figures, directories


def parse_document(path: Path, digest: str, settings: Settings, overrides: dict[str, str],
                   on_page: PageProgress | None = None) -> ParsedDocument:
    """Read (scanned pages by OCR; `on_page` hears of each), describe, chunk and profile one document, or raise
    `DocumentError` (runs in a worker)."""
    from assistant.places import Gazetteer

    if not path.exists():
        raise DocumentError(path.name, "bestand niet gevonden")
    size = path.stat().st_size
    limit = settings.limits.max_upload_mb * 1024 * 1024
    if size > limit:
        raise DocumentError(path.name, f"het bestand is te groot ({size / 1024 / 1024:.1f} MB; maximaal "
                                       f"{settings.limits.max_upload_mb:g} MB)")
    clock = time.perf_counter()
    seconds: dict[str, float] = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = seconds.get(stage, 0.0) + now - clock
        clock = now

    loaded, ocr = load_with_ocr(path, settings, on_page)
    lap("load")
    if ocr.seconds:
        seconds["load"] -= ocr.seconds
        seconds["ocr"] = ocr.seconds
    pages = loaded.pages
    gazetteer = Gazetteer.default()
    described = describe(path.name, loaded, gazetteer)
    info = DocumentInfo(
        doc_id=document_id(path), document=path.name, title=described.title[:300], doc_type=described.doc_type,
        organisation=described.organisation, municipality=described.municipality, year=described.year,
        file_hash=digest, source=str(path.resolve().parent), pages=len(pages), version=uuid.uuid4().hex[:12],
    )
    info = apply_catalogue(info, overrides)
    lap("describe")
    chunks = chunk_document(info, pages, settings.chunking.size, settings.chunking.overlap)
    lap("chunk")
    if not chunks:
        raise DocumentError(path.name, "er is geen bruikbare tekst gevonden")
    if len(chunks) > settings.limits.max_chunks_per_file:
        raise DocumentError(path.name, f"het document levert {len(chunks)} tekstdelen op; maximaal "
                                       f"{settings.limits.max_chunks_per_file} per bestand (instelling limits)")
    figures = document_figures(path, pages, chunks,
                               lambda text: [(m.place.name, m.start, m.end) for m in gazetteer.find(text)])
    lap("figures")
    pages = [p.model_copy(update={"text": flow_text(p.text)}) for p in pages]  # stored flowed, like the chunks
    profile = build_profile(info, pages, chunks, lambda text: [m.place.name for m in gazetteer.find(text)],
                            loaded.warnings)
    lap("profile")
    return ParsedDocument(info=info, pages=pages, chunks=chunks, profile=profile, figures=figures.rows,
                          tables=figures.tables, figure_notes=figure_summary(figures), seconds=seconds)


def _parse_safely(path: Path, digest: str, settings: Settings, overrides: dict[str, str],
                  on_page: PageProgress | None = None) -> ParsedDocument | str:
    """`parse_document`, with failures as a user-safe message (a worker must not raise unpicklable errors)."""
    try:
        return parse_document(path, digest, settings, overrides, on_page)
    except DocumentError as err:
        return err.reason
    except Exception as exc:
        log.exception("onverwachte fout bij het lezen van %s", path)
        return f"onverwachte fout bij het lezen ({type(exc).__name__})"


@dataclass
class _Job:
    path: Path
    status: Status
    digest: str
    overrides: dict[str, str]
    replaces: list[str] = field(default_factory=list)  # doc ids of same-named documents to drop once written


def _parsed(jobs: list[_Job], settings: Settings, workers: int,
            on_page: JobPages | None = None) -> Iterator[tuple[_Job, ParsedDocument | str, float]]:
    """Parse jobs in order; with workers, the next documents are parsed while the caller embeds this one."""
    if workers <= 0 or len(jobs) < 2:
        for i, job in enumerate(jobs):
            t = time.perf_counter()
            yield job, _parse_safely(job.path, job.digest, settings, job.overrides,
                                     on_page(i, job.path.name) if on_page else None), time.perf_counter() - t
        return
    context = multiprocessing.get_context("forkserver")
    with (context.Manager() if on_page else contextlib.nullcontext()) as manager, \
            ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        events = manager.Queue() if manager is not None else None

        def submit(i: int, job: _Job) -> Future:
            pages = queued(events, i, job.path.name) if events is not None else None
            return pool.submit(_parse_safely, job.path, job.digest, settings, job.overrides, pages)

        window: list[tuple[_Job, Future, float]] = []
        queue = iter(enumerate(jobs))
        for i, job in queue:
            window.append((job, submit(i, job), time.perf_counter()))
            if len(window) > workers:
                break
        while window:
            job, future, started = window.pop(0)
            result = wait_reporting(future, events, on_page)
            yield job, result, time.perf_counter() - started
            nxt = next(queue, None)
            if nxt is not None:
                window.append((nxt[1], submit(*nxt), time.perf_counter()))


def _catalogues(directories: Iterable[Path], report: IngestReport) -> dict[Path, dict[str, dict[str, str]]]:
    """`catalogus.csv` overrides per folder; a broken catalogue is reported and ignored, never fatal."""
    out: dict[Path, dict[str, dict[str, str]]] = {}
    for d in directories:
        try:
            out[d] = read_catalogue(d / CATALOGUE_NAME)
        except DocumentError as err:
            report.results.append(FileResult(CATALOGUE_NAME, "failed", message=err.reason))
            out[d] = {}
    return out


def ingest_paths(
    paths: Iterable[Path], settings: Settings, index: Index, progress: Progress | None = None, *,
    replace: bool = False, workers: int | None = None, cancel: Callable[[], bool] | None = None,
) -> IngestReport:
    """Index `paths` (files and folders). `replace=True` lets a file replace an indexed document of the same
    name from another folder. `cancel()` is polled between documents (the app's cancel button)."""
    start = time.perf_counter()
    report = IngestReport()
    documents, figures, directories = discover(paths)
    with index.lock():
        report.repaired = index.recover()
        folders = {*directories, *(p.resolve().parent for p in documents if p.exists())}
        catalogues = _catalogues(folders, report)
        jobs = _plan(documents, settings, index, catalogues, report, replace)
        _run(jobs, settings, index, report, progress, workers, cancel)
        report.tables = _install_figures(figures, settings, report, index)  # after the documents they cite
        seen = {document_id(p) for p in documents}
        for info in index.catalog.documents():
            if info.doc_id not in seen and info.source and Path(info.source) in directories:
                index.remove_document(info.doc_id)
                report.results.append(FileResult(info.document, "removed", message="niet meer in de map",
                                                  doc_id=info.doc_id))
    report.seconds = time.perf_counter() - start
    return report


def _plan(documents: list[Path], settings: Settings, index: Index, catalogues, report: IngestReport,
          replace: bool) -> list[_Job]:
    """Which documents need (re)indexing; unchanged ones are reported as skipped, name clashes as failed."""
    salt = config_salt(settings)
    known = {d.doc_id: d for d in index.catalog.documents()}
    by_name: dict[str, list[DocumentInfo]] = {}
    for info in known.values():
        by_name.setdefault(info.document, []).append(info)
    jobs: list[_Job] = []
    for path in documents:
        doc_id = document_id(path)
        try:
            if not path.exists():
                raise DocumentError(path.name, "bestand niet gevonden")
            digest = file_hash(path, salt)
        except (OSError, DocumentError) as exc:
            report.results.append(FileResult(path.name, "failed", message=getattr(exc, "reason", str(exc))))
            continue
        overrides = catalogues.get(path.resolve().parent, {}).get(path.name, {})
        current = known.get(doc_id)
        if current is not None and current.file_hash == digest:
            updated = apply_catalogue(current, overrides)
            if updated != current:
                index.catalog.update_info(updated)
            report.results.append(FileResult(path.name, "skipped", message="ongewijzigd", doc_id=doc_id))
            continue
        clashes = [d for d in by_name.get(path.name, []) if d.doc_id != doc_id]
        if clashes and not replace:
            where = ", ".join(sorted({d.source for d in clashes}))
            report.results.append(FileResult(
                path.name, "failed", doc_id=doc_id,
                message=f"er staat al een document met deze naam in de index (uit {where}); geef het nieuwe "
                        "bestand een andere naam, of vervang het bestaande (--replace)"))
            continue
        jobs.append(_Job(path, "updated" if current is not None or clashes else "indexed", digest, overrides,
                         [d.doc_id for d in clashes]))
    return jobs


def _run(jobs: list[_Job], settings: Settings, index: Index, report: IngestReport, progress: Progress | None,
         workers: int | None, cancel: Callable[[], bool] | None) -> None:
    workers = settings.ingest_workers if workers is None else workers
    on_page = page_progress(progress, len(jobs))
    for i, (job, parsed, seconds) in enumerate(_parsed(jobs, settings, workers, on_page)):
        report.add_time("parse (wall)", seconds)
        for stage, spent in getattr(parsed, "seconds", {}).items():
            report.add_time(stage, spent)
        if progress:
            progress(i, len(jobs), f"lezen: {job.path.name}")
        if isinstance(parsed, str):
            report.results.append(FileResult(job.path.name, "failed", message=parsed, doc_id=document_id(job.path)))
            continue
        if cancel is not None and cancel():
            report.results.append(FileResult(job.path.name, "failed", message="geannuleerd; niets gewijzigd"))
            continue
        report.results.append(_write(job, parsed, index, report, progress, i, len(jobs)))


def _write(job: _Job, parsed: ParsedDocument, index: Index, report: IngestReport, progress: Progress | None,
           position: int, total: int, batch: int = 64) -> FileResult:
    """Embed one document's chunks (cached), then make the new version visible in one step."""
    info, chunks = parsed.info, parsed.chunks
    chunks = [c.model_copy(update={"chunk_id": f"{info.doc_id}-{info.version}-{c.index}"}) for c in chunks]
    try:
        t = time.perf_counter()
        vectors: list[list[float]] = []
        for j in range(0, len(chunks), batch):
            vectors += index.vectors.embed([c.embed_text for c in chunks[j : j + batch]])
            if progress:
                progress(position, total, f"embedden: {job.path.name} ({min(j + batch, len(chunks))}/{len(chunks)})")
        report.add_time("embed", time.perf_counter() - t)
        t = time.perf_counter()
        index.write_document(info, chunks, vectors, parsed.pages, parsed.profile, parsed.figures)
        for other in job.replaces:
            index.remove_document(other)
        report.add_time("write", time.perf_counter() - t)
    except AssistantError as err:
        return FileResult(job.path.name, "failed", message=str(err), doc_id=info.doc_id)
    return FileResult(job.path.name, job.status, len(parsed.pages), len(chunks), doc_id=info.doc_id,
                      warnings=[*parsed.profile.warnings, *parsed.figure_notes], figures=len(parsed.figures),
                      tables=parsed.tables)


def _install_figures(paths: list[Path], settings: Settings, report: IngestReport, index: Index) -> int:
    """Validate figure tables; user files (outside corpus/figures) are checked against the index (documents
    and pages they cite) and copied to <data_dir>/figures. Contradictions with loaded figures are reported."""
    from assistant.figures import install_figure_file, load_figures, read_figure_file

    bundled = settings.figures_dir.resolve()
    valid = 0
    for path in paths:
        try:
            if path.resolve().parent == bundled:
                read_figure_file(path)
                valid += 1
                continue
            frame = read_figure_file(path)
            errors, warnings = check_against_index(frame, index)
            if errors:
                raise FigureDataError(f"{path.name}: {len(errors)} fout(en); het bestand is niet geladen:\n- "
                                      + "\n- ".join(errors[:15]))
            target = settings.user_figures_dir / path.name
            unchanged = target.exists() and file_hash(target) == file_hash(path)
            if not unchanged:
                install_figure_file(path, settings.user_figures_dir)
            tables = load_figures([settings.figures_dir, settings.user_figures_dir])
            warnings += [note for note in tables.conflicts.values() if path.name in note]
            report.results.append(FileResult(
                path.name, "skipped" if unchanged else "indexed", warnings=warnings,
                message=f"cijfertabel met {len(frame)} rijen", figures=len(frame),
            ))
            valid += 1
        except AssistantError as err:
            report.results.append(FileResult(path.name, "failed", message=str(err)))
    return valid


def check_against_index(frame, index: Index) -> tuple[list[str], list[str]]:
    """(errors, warnings) of a figure table's rows against the index: a page the cited document does not
    have is an error; a document that is not indexed, or a printed value not on its page, is a warning."""
    from assistant.text import contains_quote

    documents: dict[str, DocumentInfo] = {d.document: d for d in index.catalog.documents()}
    errors: list[str] = []
    warnings: list[str] = []
    missing: dict[str, list[int]] = {}
    for row in frame.itertuples(index=False):
        info = documents.get(row.document)
        if info is None:
            missing.setdefault(row.document, []).append(int(row.row))
        elif not 1 <= int(row.page) <= info.pages:
            errors.append(f"rij {row.row}: pagina {row.page} bestaat niet in {row.document} "
                          f"({info.pages} pagina's)")
        elif row.printed and not contains_quote(index.catalog.page_text(info.doc_id, int(row.page)), row.printed):
            warnings.append(f"rij {row.row}: '{row.printed}' staat niet op pagina {row.page} van {row.document}")
    for document, rows in missing.items():
        warnings.append(f"document '{document}' (rij {', '.join(map(str, rows[:5]))}{' …' if len(rows) > 5 else ''}) "
                        "staat niet in de index: de bron kan niet worden getoond; indexeer het document ook")
    return errors, warnings
