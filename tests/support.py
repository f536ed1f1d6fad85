"""Constants and helpers shared by the tests (importable as `support`; fixtures live in conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

from assistant.settings import REPO_ROOT, Settings

CORPUS = REPO_ROOT / "corpus"
QUICK_SCAN = "quick-scan-zorguitgaven-regio-amersfoort-2019.pdf"
MEMO = "memo-stand-van-zaken-sociaal-domein-leusden-2018.pdf"
EMBEDDING_CACHE = REPO_ROOT / ".data" / "cache"

# CLIs started by tests (in-process or as subprocesses) share the same embedding cache.
os.environ.setdefault("ASSISTANT_EMBEDDING_CACHE_DIR", str(EMBEDDING_CACHE))


def make_settings(data_dir: Path, **overrides) -> Settings:
    return Settings(data_dir=data_dir, embedding_cache_dir=EMBEDDING_CACHE, **overrides)
