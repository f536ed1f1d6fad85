"""Evaluate figure reading at ingest (`ingest.figures.document_figures`: tables and running text, with the
gazetteer as place finder, exactly as `python -m ingest` runs it) on the bundled and the foreign PDFs.

    .venv/bin/python scripts/extraction_eval.py                 # recall, precision sample, speed, warnings
    .venv/bin/python scripts/extraction_eval.py --show-sample   # also print the 2 x 50 sampled cells to judge

Recall: the share of curated figure rows (corpus/figures/*.csv: document, page, value as printed) that
extraction also finds on that page, with the curated period (when it has one) and a label that matches the
curated subject (case- and accent-insensitive containment, or difflib ratio >= 0.8). "strict" matches the
subject against the row label only; "row/col" also accepts the column label (tables that print the
municipalities as columns). Reported overall, per curated table and per kind of source (table, text, chart
or score card: where the curated figure was printed).

Precision: 50 extracted cells per document set (sample PDFs; foreign PDFs), drawn by hashed cell identity. Each is
checked automatically (printed value on the page) and judged by eye in
tests/data/tables_gold/precision_judgements.csv (cell id, correct yes/no, why).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import hashlib
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.models import DocumentInfo, FigureRow
from assistant.numbers import parse_dutch_number, value_key
from assistant.places import Gazetteer
from assistant.text import fold, normalise_for_match
from ingest.chunking import chunk_document
from ingest.figures import document_figures
from ingest.pdf import load_document
from ingest.tables import ExtractionResult

CORPUS = REPO / "corpus"
FOREIGN = Path("/work/shared/foreign")
GOLD = REPO / "tests" / "data" / "tables_gold"
JUDGEMENTS = GOLD / "precision_judgements.csv"
SAMPLE = 50

# Where each curated figure was printed (from corpus/figures/README.md); rows whose note says "text" count
# as running text whatever their table.
KIND_BY_TABLE = {
    "verevening": "table", "ses": "table", "financien": "table", "besparingen": "table",
    "verwijzers": "table", "wijkteam": "table (reflowed, no columns)", "leeftijd": "chart data table",
    "crisis": "chart data table", "kpi": "score card", "wachttijden": "text", "kostenoorzaken": "text",
    "kengetallen": "text", "lta": "text",
}


def curated_rows() -> list[dict[str, str]]:
    rows = []
    for path in sorted((CORPUS / "figures").glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if "subject" in row and row.get("printed"):
                    rows.append(row)
    return rows


def kind_of(row: dict[str, str]) -> str:
    note = row.get("note", "").lower()
    kind = KIND_BY_TABLE.get(row["table"], "table")
    if kind == "table" and ("text" in note and "table" not in note.split("text")[0][-40:]
                            or note.startswith('"') or "printed in running text" in note):
        return "text"
    if row["table"] == "verwijzers" and row.get("group") != "beschikte_jeugdzorgkosten":
        return "text"
    if row["table"] == "leeftijd" and "grafiek 15" in note:
        return "text"
    return kind


def label_match(subject: str, label: str) -> bool:
    a, b = fold(subject).strip(), fold(label).strip()
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def value_of(printed: str) -> str | None:
    text = printed.strip().rstrip(",")
    try:
        return value_key(parse_dutch_number(text))
    except ValueError:
        return None


def found(row: dict[str, str], extracted: list[FigureRow], level: int) -> bool:
    """level 0: row label; 1: row or column label; 2: also the table title, and an empty period passes."""
    want = value_of(row["printed"])
    for fig in extracted:
        if fig.page != int(row["page"]):
            continue
        got = value_key(fig.value) if fig.value is not None else None
        if (want is None or got != want) and normalise_for_match(fig.printed) != normalise_for_match(row["printed"]):
            continue
        if row.get("period") and fig.period != row["period"] and not (level == 2 and not fig.period):
            continue
        labels = [fig.row_label, fig.subject] + ([fig.column_label] if level >= 1 else []) \
            + ([fig.table_title] if level >= 2 else [])
        if any(label_match(row["subject"], lbl) for lbl in labels):
            return True
    return False


def run(paths: list[Path]) -> tuple[dict[str, ExtractionResult], float, int]:
    """Extraction per PDF; the time excludes reading the pypdf page text (ingest has it already)."""
    results: dict[str, ExtractionResult] = {}
    pages = 0
    seconds = 0.0
    gazetteer = Gazetteer.default()

    def places(text: str) -> list[tuple[str, int, int]]:
        return [(m.place.name, m.start, m.end) for m in gazetteer.find(text)]

    for path in paths:
        loaded = load_document(path)
        info = DocumentInfo(doc_id=path.stem, document=path.name, title=path.stem, file_hash="", pages=len(loaded.pages))
        chunks = chunk_document(info, loaded.pages, 900, 150)
        started = time.perf_counter()
        results[path.name] = document_figures(path, loaded.pages, chunks, places)
        seconds += time.perf_counter() - started
        pages += len(loaded.pages)
    return results, seconds, pages


def cell_id(fig: FigureRow) -> str:
    key = "|".join([fig.document, str(fig.page), fig.table, fig.row_label, fig.column_label, fig.printed])
    return hashlib.sha1(key.encode()).hexdigest()[:10]


def page_line(fig: FigureRow, page_texts: dict[tuple[str, int], str]) -> str:
    text = page_texts.get((fig.document, fig.page), "")
    needle = normalise_for_match(fig.printed)
    for line in text.split("\n"):
        if needle and needle in normalise_for_match(line) and (not fig.row_label or fold(fig.row_label[:12]) in fold(line)):
            return line.strip()
    for line in text.split("\n"):
        if needle and needle in normalise_for_match(line):
            return line.strip()
    return ""


def read_judgements() -> dict[str, tuple[str, str]]:
    if not JUDGEMENTS.exists():
        return {}
    with JUDGEMENTS.open(encoding="utf-8") as fh:
        return {r["cell_id"]: (r["correct"], r.get("why", "")) for r in csv.DictReader(fh)}


def sample(results: dict[str, ExtractionResult]) -> list[FigureRow]:
    """50 cells in the order of their hashed identity: a random draw that stays the same when other cells
    are added (only a new cell with a lower hash enters the sample)."""
    cells = sorted({cell_id(f): f for r in results.values() for f in r.rows}.items())
    return [f for _, f in cells[:SAMPLE]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-sample", action="store_true", help="print the sampled cells to judge by eye")
    args = parser.parse_args()

    sample_pdfs = sorted(CORPUS.glob("*.pdf"))
    foreign_pdfs = sorted(FOREIGN.glob("*.pdf")) if FOREIGN.exists() else []
    own, own_s, own_pages = run(sample_pdfs)
    foreign, foreign_s, foreign_pages = run(foreign_pdfs)
    print(f"Speed: sample PDFs {own_pages} pages in {own_s:.2f} s ({own_s / max(own_pages, 1):.3f} s/page); "
          f"foreign PDFs {foreign_pages} pages in {foreign_s:.2f} s ({foreign_s / max(foreign_pages, 1):.3f} s/page)")
    for name, res in {**own, **foreign}.items():
        kinds = Counter(t.layout for t in res.table_info)
        print(f"  {name}: {res.tables} tables {dict(kinds)}, {len(res.rows)} cells "
              f"({sum(r.table.startswith('tekst') for r in res.rows)} from running text), {res.seconds:.2f} s")

    # recall
    curated = curated_rows()
    by_table: dict[str, list[tuple[bool, ...]]] = defaultdict(list)
    by_kind: dict[str, list[tuple[bool, ...]]] = defaultdict(list)
    missed: list[dict[str, str]] = []
    for row in curated:
        extracted = own.get(row["document"])
        rows = extracted.rows if extracted else []
        hit = tuple(found(row, rows, level) for level in range(3))
        by_table[row["table"]].append(hit)
        by_kind[kind_of(row)].append(hit)
        if not hit[1]:
            missed.append(row)
    total = [x for v in by_table.values() for x in v]

    def pct(xs: list[tuple[bool, ...]], i: int) -> str:
        return f"{sum(x[i] for x in xs)}/{len(xs)} = {100 * sum(x[i] for x in xs) / max(len(xs), 1):.0f}%"

    print(f"\nRecall on the curated rows: strict (row label) {pct(total, 0)}; row/col label {pct(total, 1)}; "
          f"loose (row/col/title label, missing period allowed) {pct(total, 2)}")
    print("  per curated table:")
    for table, xs in sorted(by_table.items()):
        print(f"    {table:15} strict {pct(xs, 0):>14}   row/col {pct(xs, 1):>14}   loose {pct(xs, 2):>14}")
    print("  per kind of source:")
    for kind, xs in sorted(by_kind.items()):
        print(f"    {kind:28} strict {pct(xs, 0):>14}   row/col {pct(xs, 1):>14}   loose {pct(xs, 2):>14}")
    table_kind = by_kind.get("table", [])
    print(f"  recall on figures printed in tables with a text layer: {pct(table_kind, 1)}")

    # precision sample
    judgements = read_judgements()
    texts: dict[tuple[str, int], str] = {}
    for path in sample_pdfs + foreign_pdfs:
        for page in load_document(path).pages:
            texts[(path.name, page.number)] = page.text
    print()
    for label, results in (("sample PDFs", own), ("foreign PDFs", foreign)):
        cells = sample(results)
        on_page = sum(normalise_for_match(c.printed) in normalise_for_match(texts.get((c.document, c.page), ""))
                      for c in cells)
        judged = [judgements[cell_id(c)] for c in cells if cell_id(c) in judgements]
        good = sum(j[0] == "yes" for j in judged)
        print(f"Precision sample, {label}: {len(cells)} cells, printed value on the page: {on_page}/{len(cells)}; "
              f"judged {len(judged)}, correct {good}/{len(judged)}"
              + (f" = {good / len(judged):.2f}" if judged else ""))
        if args.show_sample:
            for c in cells:
                mark = judgements.get(cell_id(c), ("?", ""))[0]
                print(f"  [{cell_id(c)}] {mark:3} {c.document[:28]} p{c.page} | row '{c.row_label}' | col "
                      f"'{c.column_label}' | period {c.period or '-'} | {c.measure} | {c.unit} | {c.printed}"
                      f" | table '{c.table_title[:60]}'")
                print(f"        line: {page_line(c, texts)[:160]}")

    # warnings
    print("\nWarnings (totals and skipped rows):")
    for name, res in {**own, **foreign}.items():
        for w in res.warnings:
            print(f"  {name[:30]}: {w}")
    print(f"\nMissed curated rows ({len(missed)}), by table and page:")
    counts = Counter((m["table"], m["page"], kind_of(m)) for m in missed)
    for (table, page, kind), n in sorted(counts.items(), key=lambda x: (x[0][0], int(x[0][1]))):
        print(f"  {table:15} p{page:<3} {kind:28} {n}")


if __name__ == "__main__":
    main()
