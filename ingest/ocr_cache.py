"""OCR cache: recognised page texts in one SQLite file (`<cache_dir>/ocr.sqlite`), keyed by the page image.

The key is a hash of the rendered page image plus everything that changes the output: engine and its version,
language, resolution, deskew and the text assembly (`RECOGNISER_VERSION`). A scanned document that is
re-ingested (changed chunking, an upload of the same file under another name, a new index) is not read again.
It is the embedding cache's store (`SQLiteByteStore`: WAL mode, shared by processes, one transaction per
write); a value that does not decode (cut short, damaged, an older format) is a miss and is recomputed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import struct
import zlib
from pathlib import Path

from pydantic import BaseModel, ValidationError

from assistant.index.embedding_cache import SQLiteByteStore

log = logging.getLogger(__name__)
_MAGIC = b"ocr1"
_HEADER = struct.Struct("<4sII")  # magic, payload length, crc32 of the payload


class Recognised(BaseModel):
    """What OCR made of one page image: cleaned text (empty when it found no text) and its confidence."""

    text: str
    confidence: float | None = None  # mean word confidence (0-100) of the words kept
    words: int = 0
    skew: float = 0.0  # degrees the page was rotated by before recognition


def cache_key(image_hash: str, engine: str, language: str, dpi: int, options: str) -> str:
    """One page image, recognised one way: the same inputs give the same key in every process."""
    return hashlib.sha256(f"{image_hash}|{engine}|{language}|{dpi}|{options}".encode()).hexdigest()


def encode(value: Recognised) -> bytes:
    payload = value.model_dump_json().encode("utf-8")
    return _HEADER.pack(_MAGIC, len(payload), zlib.crc32(payload)) + payload


def decode(blob: bytes) -> Recognised | None:
    """The cached result, or None (a miss) for a value that is truncated, damaged or in another format."""
    if len(blob) < _HEADER.size:
        return None
    magic, length, crc = _HEADER.unpack_from(blob)
    payload = blob[_HEADER.size:]
    if magic != _MAGIC or len(payload) != length or zlib.crc32(payload) != crc:
        return None
    try:
        return Recognised.model_validate(json.loads(payload))
    except (ValueError, ValidationError):
        return None


class OcrCache:
    """Get and put never fail the ingest: a cache that cannot be read or written is a miss (and is logged)."""

    def __init__(self, path: Path):
        self._store = SQLiteByteStore(path, table="pages")

    def get(self, key: str) -> Recognised | None:
        try:
            blob = self._store.mget([key])[0]
        except sqlite3.Error as exc:
            log.warning("OCR-cache %s niet leesbaar: %s", self._store.path, exc)
            return None
        return None if blob is None else decode(blob)

    def put(self, key: str, value: Recognised) -> None:
        try:
            self._store.mset([(key, encode(value))])
        except sqlite3.Error as exc:
            log.warning("OCR-cache %s niet beschrijfbaar: %s", self._store.path, exc)

    def close(self) -> None:
        self._store.close()
