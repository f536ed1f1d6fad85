"""OCR measurements for the README: character accuracy and seconds per page at two resolutions.

    .venv/bin/python scripts/bench_ocr.py [--dpi 200 300] [--json out.json]

Pages of running prose from the bundled corpus and ../shared/foreign are rendered at 300 dpi, turned 1.5° and
blurred like a scanner does (`tests/scans.py`), and saved as an image-only PDF. Each page is then read the way
ingest reads it (`ingest.ocr.PageOcr`, no cache): rendered at the resolution measured, straightened, recognised
by Tesseract (nld). Accuracy is 1 - normalised InDel distance (rapidfuzz) between the recognised text and the
page's own text layer (pypdf), whitespace collapsed; seconds are wall time per page (render + deskew + OCR).
Two more passes: the pages in small print (page and type at 60 %: 11 pt body text becomes 6.6 pt, like
footnotes and tables), and the pages turned 4°, read with and without deskew.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from scans import char_accuracy, scanned_pdf

from assistant.settings import OcrSettings
from ingest.clean import clean_text
from ingest.ocr import PageOcr

CORPUS = ROOT / "corpus"
FOREIGN = ROOT.parent / "shared" / "foreign"
# (file, pages of running prose: one column, no tables or spreads, which OCR reads in another order)
PROSE = [
    (CORPUS / "memo-stand-van-zaken-sociaal-domein-leusden-2018.pdf", [1, 2, 4]),
    (CORPUS / "beheersmaatregelen-jeugd-wmo-2019.pdf", [3, 5]),
    (CORPUS / "quick-scan-zorguitgaven-regio-amersfoort-2019.pdf", [8]),
    (FOREIGN / "nat_vng_richtinggevend_kader_toegang_lokale_teams.pdf", [7, 9, 11]),
    (FOREIGN / "mun_almere_2024_2034_maatschappelijke_agenda_beleidstekst.pdf", [5, 6]),
    (FOREIGN / "reg_zorglandschap_wmo_uitvoeringsprogramma_2022.pdf", [4]),
    (FOREIGN / "reg_woonzorg_flevoland_beleidsplan_2026.pdf", [4]),
]


def reference_text(path: Path, number: int) -> str:
    from pypdf import PdfReader

    return clean_text(PdfReader(path).pages[number - 1].extract_text() or "")


def measure(scans: list[tuple[Path, Path, list[int]]], settings: OcrSettings) -> dict:
    """Per page: accuracy against the original's text layer and seconds, reading each scan as ingest does."""
    rows = []
    for source, scan, pages in scans:
        reader = PageOcr(settings, max_pages=10_000)
        try:
            for i, number in enumerate(pages, start=1):
                started = time.perf_counter()
                page = reader(scan, i)
                seconds = time.perf_counter() - started
                text = page.text if page is not None else ""
                rows.append({"document": source.name, "page": number, "seconds": round(seconds, 3),
                             "accuracy": round(char_accuracy(reference_text(source, number), text), 4),
                             "confidence": page.ocr_confidence if page is not None else None})
        finally:
            reader.close()
    accuracies = [r["accuracy"] for r in rows]
    return {"dpi": settings.dpi, "deskew": settings.deskew, "pages": len(rows),
            "accuracy_mean": round(statistics.mean(accuracies), 4), "accuracy_min": round(min(accuracies), 4),
            "seconds_per_page": round(statistics.mean(r["seconds"] for r in rows), 2), "rows": rows}


def make_scans(folder: Path, angle: float, print_scale: float = 1.0) -> list[tuple[Path, Path, list[int]]]:
    out = []
    for source, pages in PROSE:
        if source.is_file():
            scan = scanned_pdf(source, folder / f"{source.stem}-{angle:g}-{print_scale:g}.pdf", pages, angle=angle,
                               print_scale=print_scale)
            out.append((source, scan, pages))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[200, 300])
    parser.add_argument("--json", type=Path, help="write the per-page results here")
    args = parser.parse_args(argv)

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        scans = make_scans(Path(tmp), 1.5)
        for dpi in args.dpi:
            results.append({"skew": 1.5, "print": "body", **measure(scans, OcrSettings(dpi=dpi))})
        small = make_scans(Path(tmp), 1.5, print_scale=0.6)
        for dpi in args.dpi:
            results.append({"skew": 1.5, "print": "small (60 %)", **measure(small, OcrSettings(dpi=dpi))})
        steep = make_scans(Path(tmp), 4.0)
        best = max(args.dpi)
        for deskew in (False, True):
            results.append({"skew": 4.0, "print": "body", **measure(steep, OcrSettings(dpi=best, deskew=deskew))})

    print(f"Machine: {platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores, "
          f"Python {platform.python_version()}")
    print("| print | scan skew | OCR dpi | deskew | pages | char accuracy mean (min) | s/page |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['print']} | {r['skew']:g}° | {r['dpi']} | {'on' if r['deskew'] else 'off'} | {r['pages']} | "
              f"{r['accuracy_mean']:.4f} ({r['accuracy_min']:.4f}) | {r['seconds_per_page']:.2f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
