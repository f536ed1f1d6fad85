"""Uploads and removals (used through the `Assistant` facade): safe, unique file names, size limit, and
removing a document or an uploaded figure table.

An upload never silently replaces another document: a name that is already indexed raises
`DuplicateDocumentError` (the app asks; `replace=True` then replaces it), and two different uploads whose
names sanitise to the same string get distinct names ("rapport-1.pdf", "rapport-1-2.pdf").
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Collection
from pathlib import Path

from assistant.errors import DocumentError, DuplicateDocumentError
from assistant.index.index import Index
from assistant.models import DocumentInfo
from assistant.settings import Settings
from ingest.pdf import SUPPORTED_SUFFIXES
from ingest.pipeline import FIGURE_SUFFIXES, FileResult

UPLOAD_SUFFIXES = (*SUPPORTED_SUFFIXES, *FIGURE_SUFFIXES)
_UNSAFE = re.compile(r"[^\w\-]+")


def sanitise_filename(name: str) -> str:
    """A safe, flat file name: no directories, no control or shell characters, at most ~120 chars.

    Letters of any script are kept ('Зарплата.txt' stays readable); '../../etc/passwd' -> 'passwd';
    'Rapport Q1 (def).pdf' -> 'Rapport-Q1-def.pdf'. A name with nothing usable left becomes
    'document-<hash of the original name>' so different such names stay different.
    """
    base = Path(name.replace("\\", "/")).name
    base = unicodedata.normalize("NFKC", base)
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE.sub("-", stem).strip("-_.")[:100]
    if not stem:
        stem = "document-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix).lower()[:10]
    return f"{stem}.{suffix}" if suffix else stem


def _unique(folder: Path, name: str, data: bytes) -> Path:
    """`folder/name`, or `name-2`, `name-3`, ... when another file with other content already has it."""
    path = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 2
    while path.exists() and path.read_bytes() != data:
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_upload(name: str, data: bytes, settings: Settings, indexed: Collection[str] = (), *,
                replace: bool = False) -> Path:
    """Store an uploaded file in `<data_dir>/uploads` under a safe, unique name; refuse bad types and sizes,
    and names already indexed (documents or uploaded figure tables) unless `replace`."""
    safe = sanitise_filename(name)
    suffix = Path(safe).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise DocumentError(safe, f"bestandstype '{suffix or '(geen)'}' wordt niet ondersteund; "
                                  f"kies uit {', '.join(UPLOAD_SUFFIXES)}")
    if not data:
        raise DocumentError(safe, "het bestand is leeg")
    limit = settings.limits.max_upload_mb * 1024 * 1024
    if len(data) > limit:
        raise DocumentError(safe, f"het bestand is {len(data) / 1024 / 1024:.1f} MB; "
                                  f"de grens is {settings.limits.max_upload_mb:g} MB")
    folder = settings.uploads_dir
    folder.mkdir(parents=True, exist_ok=True)
    taken = {*indexed, *uploaded_tables(settings)}
    if safe in taken and not replace:
        raise DuplicateDocumentError(
            safe, f"Er staat al een document '{safe}' in de index. Vervang het, of geef het nieuwe bestand een "
                  "andere naam.")
    path = folder / safe if replace else _unique(folder, safe, data)
    _write_atomically(path, data)
    return path


def discard_failed_uploads(results, settings: Settings) -> list[str]:
    """Delete uploaded files whose ingest failed (they would fail again at every later ingest)."""
    removed = []
    for r in results:
        path = settings.uploads_dir / r.document
        if r.status == "failed" and path.is_file():
            path.unlink()
            removed.append(r.document)
    return removed


def remove_document(info: DocumentInfo, settings: Settings, index: Index) -> FileResult:
    """Remove a document from the index; an uploaded copy is deleted too (a corpus/ file stays on disk and
    comes back at the next ingest of corpus/)."""
    with index.lock():
        index.remove_document(info.doc_id)
    path = Path(info.source) / info.document
    if info.source and Path(info.source).resolve() == settings.uploads_dir.resolve():
        path.unlink(missing_ok=True)
    return FileResult(info.document, "removed", message="verwijderd uit de index", doc_id=info.doc_id)


def uploaded_tables(settings: Settings) -> list[str]:
    folder = settings.user_figures_dir
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in FIGURE_SUFFIXES)


def remove_table(name: str, settings: Settings) -> FileResult:
    """Delete an uploaded figure table (bundled tables in corpus/figures cannot be removed here)."""
    if name not in uploaded_tables(settings):
        raise DocumentError(name, "is geen geüploade cijfertabel")
    (settings.user_figures_dir / name).unlink()
    return FileResult(name, "removed", message="cijfertabel verwijderd")
