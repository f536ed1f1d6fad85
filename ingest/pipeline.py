"""Incremental ingest: files -> pages -> chunks -> (embed) -> store, one file's failure never hurts the rest.

The manifest is the store itself: every chunk carries its file's content hash and source directory, so an
unchanged file is skipped, a changed one replaced, and a file removed from a scanned directory dropped.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from assistant.errors import AssistantError, DocumentError
from assistant.index.store import ChunkStore
from assistant.models import Chunk
from assistant.settings import Settings
from ingest.chunking import chunk_document
from ingest.metadata import CATALOGUE_NAME, apply_catalogue, infer_info, read_catalogue
from ingest.pdf import load_pages, loader_for

FIGURE_SUFFIXES = (".csv", ".xlsx")
Status = Literal["indexed", "updated", "skipped", "failed", "removed"]
Progress = Callable[[int, int, str], None]


@dataclass
class FileResult:
    document: str
    status: Status
    pages: int = 0
    chunks: int = 0
    message: str = ""


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    tables: int = 0  # valid figure tables seen

    def count(self, *statuses: Status) -> int:
        return sum(r.status in statuses for r in self.results)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed


CHUNKER_VERSION = 1  # bump when cleaning/chunking changes, so unchanged files are re-chunked once


def file_hash(path: Path, salt: str = "") -> str:
    """SHA-256 of the file's bytes (plus `salt`: the chunking configuration, for the index manifest)."""
    h = hashlib.sha256(salt.encode())
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _is_candidate(path: Path) -> bool:
    name = path.name
    return not (name.startswith((".", "~$")) or name.upper().startswith("README") or name == CATALOGUE_NAME)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """Split inputs into (documents, figure files, scanned directories). `figures/` folders hold tables."""
    documents: list[Path] = []
    figures: list[Path] = []
    directories: list[Path] = []
    for path in paths:
        if path.is_dir():
            directories.append(path.resolve())
            for f in sorted(path.rglob("*")):
                parts = f.relative_to(path).parts
                if not f.is_file() or not _is_candidate(f) or any(p.startswith(".") for p in parts):
                    continue
                if f.suffix.lower() in FIGURE_SUFFIXES:
                    figures.append(f)
                elif "figures" not in parts[:-1]:  # figures/ holds tables and their notes, not documents
                    documents.append(f)
        else:
            (figures if path.suffix.lower() in FIGURE_SUFFIXES else documents).append(path)
    return documents, figures, directories


def _parse(path: Path, digest: str, settings: Settings, catalogue: dict[str, dict[str, str]]):
    if not path.exists():
        raise DocumentError(path.name, "bestand niet gevonden")
    size_mb = path.stat().st_size / 1e6
    if size_mb > settings.max_upload_mb:
        raise DocumentError(path.name, f"het bestand is te groot ({size_mb:.0f} MB; maximaal {settings.max_upload_mb} MB)")
    loader = loader_for(path)
    pages = load_pages(path)
    info = infer_info(path, pages, loader.properties(path), digest)
    info = apply_catalogue(info.model_copy(update={"source": str(path.resolve().parent)}),
                           catalogue.get(path.name, {}))
    chunks = chunk_document(info, pages, settings.chunking.size, settings.chunking.overlap)
    if not chunks:
        raise DocumentError(path.name, "er is geen bruikbare tekst gevonden")
    return pages, chunks


def ingest_paths(
    paths: Iterable[Path], settings: Settings, store: ChunkStore, progress: Progress | None = None
) -> IngestReport:
    start = time.perf_counter()
    report = IngestReport()
    documents, figures, directories = discover(paths)
    report.tables = _install_figures(figures, settings, report)
    indexed = store.indexed_files()
    catalogue: dict[str, dict[str, str]] = {}
    for d in {*directories, *(p.resolve().parent for p in documents if p.exists())}:
        try:
            catalogue.update(read_catalogue(d / CATALOGUE_NAME))
        except DocumentError as err:
            report.results.append(FileResult(CATALOGUE_NAME, "failed", message=err.reason))

    config = f"chunking={settings.chunking.size}/{settings.chunking.overlap}/v{CHUNKER_VERSION}"
    pending: list[tuple[FileResult, list[Chunk]]] = []
    for i, path in enumerate(documents):
        if progress:
            progress(i, len(documents), f"lezen: {path.name}")
        try:
            digest = file_hash(path, config) if path.exists() else ""
            if digest and indexed.get(path.name, ("", ""))[0] == digest:
                report.results.append(FileResult(path.name, "skipped", message="ongewijzigd"))
                continue
            pages, chunks = _parse(path, digest, settings, catalogue)
        except DocumentError as err:
            report.results.append(FileResult(path.name, "failed", message=err.reason))
            continue
        except Exception as exc:  # noqa: BLE001 - never let one file abort the run
            report.results.append(FileResult(path.name, "failed", message=f"onverwachte fout ({type(exc).__name__})"))
            continue
        status: Status = "updated" if path.name in indexed else "indexed"
        pending.append((FileResult(path.name, status, len(pages), len(chunks)), chunks))

    _write(pending, store, report, progress)

    seen = {p.name for p in documents}
    for name, (_, source) in indexed.items():
        if name not in seen and source and Path(source) in directories:
            store.delete_documents([name])
            report.results.append(FileResult(name, "removed", message="niet meer in de map"))
    report.seconds = time.perf_counter() - start
    return report


def _install_figures(paths: list[Path], settings: Settings, report: IngestReport) -> int:
    """Validate figure tables; user files (outside corpus/figures) are copied to <data_dir>/figures."""
    from assistant.figures import install_figure_file, read_figure_file

    bundled = settings.figures_dir.resolve()
    valid = 0
    for path in paths:
        try:
            if path.resolve().parent == bundled:
                read_figure_file(path)
            else:
                target = settings.user_figures_dir / path.name
                unchanged = target.exists() and file_hash(target) == file_hash(path)
                rows = read_figure_file(path) if unchanged else install_figure_file(path, settings.user_figures_dir)
                report.results.append(FileResult(
                    path.name, "skipped" if unchanged else "indexed",
                    message=f"cijfertabel met {len(rows)} rijen",
                ))
            valid += 1
        except AssistantError as err:
            report.results.append(FileResult(path.name, "failed", message=str(err)))
    return valid


def _write(pending, store: ChunkStore, report: IngestReport, progress: Progress | None, batch: int = 32) -> None:
    """Embed every new chunk first (cached), then swap each document's chunks: a failure keeps the old ones."""
    total = sum(len(chunks) for _, chunks in pending)
    done = 0
    for result, chunks in pending:
        try:
            for j in range(0, len(chunks), batch):
                part = chunks[j : j + batch]
                store.embed([c.embed_text for c in part])
                done += len(part)
                if progress:
                    progress(done, total, f"embedden: {result.document}")
            store.delete_documents([result.document])
            store.add(chunks)
        except AssistantError as err:
            result = FileResult(result.document, "failed", message=str(err))
        report.results.append(result)
