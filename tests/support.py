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
BEHEERSMAATREGELEN = "beheersmaatregelen-jeugd-wmo-2019.pdf"
# A scanned document for the OCR tests: image-only pages made from pages 2-4 of the bundled bundle.
SCANNED = "raadsinformatiebrief-gescand.pdf"
SCANNED_FROM = (BEHEERSMAATREGELEN, [2, 3, 4])
# The slice of ../shared/foreign in the shared test index: a municipal agenda and a regional budget with tables.
FOREIGN_SLICE = [FOREIGN / name for name in (ALMERE, GGD) if (FOREIGN / name).is_file()]
EMBEDDING_CACHE = REPO_ROOT / ".data" / "cache"

# CLIs started by tests (in-process or as subprocesses) share the same embedding cache.
os.environ.setdefault("ASSISTANT_EMBEDDING_CACHE_DIR", str(EMBEDDING_CACHE))


def make_settings(data_dir: Path, **overrides) -> Settings:
    return Settings(data_dir=data_dir, embedding_cache_dir=EMBEDDING_CACHE, **overrides)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_chroma(path: Path, port: int | None = None):
    """A real `chroma run` server on 127.0.0.1 (the CLI ships with chromadb); returns (process, url)."""
    import shutil
    import subprocess
    import sys
    import time
    import urllib.request

    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma, "the chromadb package ships the `chroma` CLI"
    port = port or free_port()
    proc = subprocess.Popen([chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("chroma server did not start")


def make_pdf(path: Path, pages: list[list[tuple[float, float, float, str]]], size=(595, 842)) -> Path:
    """One Helvetica text run per (x, y, font size, text); returns `path`."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    for runs in pages:
        pdf_page = writer.add_blank_page(*size)
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})
        pdf_page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        ops = []
        for x, y, font_size, text in runs:
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"BT /F1 {font_size} Tf 1 0 0 1 {x} {y} Tm ({escaped}) Tj ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1"))
        pdf_page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def ocr_missing() -> str:
    """Why scanned pages cannot be read here ('' when Tesseract and the Dutch language data are installed)."""
    from assistant.settings import OcrSettings
    from ingest.tesseract import ocr_unavailable

    return ocr_unavailable(OcrSettings())

