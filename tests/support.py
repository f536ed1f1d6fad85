"""Constants and helpers shared by the tests (importable as `support`; fixtures live in conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

from assistant.settings import REPO_ROOT, Settings

CORPUS = REPO_ROOT / "corpus"
SHARED = REPO_ROOT.parent / "shared"
FOREIGN = SHARED / "foreign"
QUICK_SCAN = "quick-scan-zorguitgaven-regio-amersfoort-2019.pdf"
MEMO = "memo-stand-van-zaken-sociaal-domein-leusden-2018.pdf"
KPI_REPORT = "kwartaalrapportage-kpi-sociaal-domein-q1-2023.pdf"
ALMERE = "mun_almere_2024_2034_maatschappelijke_agenda_beleidstekst.pdf"
GGD = "reg_ggd_flevoland_begroting_2026.pdf"
# The slice of ../shared/foreign in the shared test index: a municipal agenda and a regional budget with tables.
FOREIGN_SLICE = [FOREIGN / name for name in (ALMERE, GGD) if (FOREIGN / name).is_file()]
EMBEDDING_CACHE = REPO_ROOT / ".data" / "cache"

# CLIs started by tests (in-process or as subprocesses) share the same embedding cache.
os.environ.setdefault("ASSISTANT_EMBEDDING_CACHE_DIR", str(EMBEDDING_CACHE))


def make_settings(data_dir: Path, **overrides) -> Settings:
    return Settings(data_dir=data_dir, embedding_cache_dir=EMBEDDING_CACHE, **overrides)
