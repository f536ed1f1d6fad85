"""Uploads and removals (used by the app): safe file names, size limit, and removing a document from the index."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from assistant.errors import DocumentError
from assistant.index.store import ChunkStore
from assistant.settings import Settings
from ingest.pdf import SUPPORTED_SUFFIXES
from ingest.pipeline import FIGURE_SUFFIXES, FileResult

UPLOAD_SUFFIXES = (*SUPPORTED_SUFFIXES, *FIGURE_SUFFIXES)


def sanitise_filename(name: str) -> str:
    """A safe, flat file name: no directories, no control or shell characters, ASCII, at most 120 chars.

    '../../etc/passwd' -> 'passwd'; 'Rapport Q1 (def).pdf' -> 'Rapport-Q1-def.pdf'.
    """
    base = Path(name.replace("\\", "/")).name
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_.")[:100] or "document"
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix).lower()[:10]
    return f"{stem}.{suffix}" if suffix else stem


def save_upload(name: str, data: bytes, settings: Settings) -> Path:
    """Store an uploaded file in `<data_dir>/uploads` under a sanitised name; refuse bad types and sizes."""
    safe = sanitise_filename(name)
    suffix = Path(safe).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise DocumentError(safe, f"bestandstype '{suffix or '(geen)'}' wordt niet ondersteund; "
                                  f"kies uit {', '.join(UPLOAD_SUFFIXES)}")
    if not data:
        raise DocumentError(safe, "het bestand is leeg")
    limit = settings.max_upload_mb * 1024 * 1024
    if len(data) > limit:
        raise DocumentError(safe, f"het bestand is {len(data) / 1024 / 1024:.1f} MB; "
                                  f"de grens is {settings.max_upload_mb} MB")
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    path = settings.uploads_dir / safe
    path.write_bytes(data)
    return path


def remove_document(name: str, settings: Settings, store: ChunkStore) -> FileResult:
    """Remove a document from the index; an uploaded copy is deleted too (a corpus/ file stays on disk and
    comes back at the next ingest of corpus/)."""
    if name not in store.indexed_files():
        raise DocumentError(name, "staat niet in de index")
    store.delete_documents([name])
    upload = settings.uploads_dir / sanitise_filename(name)
    if upload.exists() and upload.name == name:
        upload.unlink()
    return FileResult(name, "removed", message="verwijderd uit de index")
