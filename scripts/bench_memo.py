"""Memo drafts on topics of one's own: are their sections filled, their figures and options cited?

    python scripts/bench_memo.py --data-dir /tmp/ev13 --docs ../shared/foreign/*.pdf [--topics FILE] [--show N]

For each topic (scripts/data/memo_topics.csv: topic, corpus), the memo is drafted offline and checked with
`assistant.memo.check`: the four sections filled, at least 3 cited figures in Feiten, at least 3 concrete
items in Opties, and no number without a citation whose page (or the memo's calculation) prints it. The
pages are read from the source files with the loader, independently of the index.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.memo.check import check_memo
from assistant.service import build_assistant
from assistant.settings import Settings
from ingest.pdf import load_pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--docs", type=Path, nargs="*", default=[], help="extra documents (indexed if needed)")
    parser.add_argument("--topics", type=Path, default=ROOT / "scripts" / "data" / "memo_topics.csv")
    parser.add_argument("--show", type=int, default=0, help="print the first N memos in full")
    args = parser.parse_args()

    settings = Settings(data_dir=args.data_dir)
    assistant = build_assistant(settings)
    assistant.add_documents([settings.corpus_dir, *args.docs])  # incremental: unchanged files are skipped
    sources = {p.name: p for p in [*(ROOT / "corpus").glob("*.pdf"), *args.docs]}
    pages: dict[str, list[str]] = {}

    def page_text(document: str, page: int) -> str:
        if document not in pages:
            pages[document] = [p.text for p in load_pages(sources[document])] if document in sources else []
        return pages[document][page - 1] if 0 < page <= len(pages[document]) else ""

    with args.topics.open(encoding="utf-8") as fh:
        topics = list(csv.DictReader(fh))
    print("| topic | corpus | sections | Feiten figures | Opties items | uncited numbers | pass | s |")
    print("|---|---|---|---|---|---|---|---|")
    passed, uncited = 0, 0
    for i, row in enumerate(topics):
        t0 = time.perf_counter()
        memo = assistant.draft_memo(row["topic"])
        seconds = time.perf_counter() - t0
        check = check_memo(memo, page_text)
        filled = sum(check.filled.get(t, False) for t in ("Aanleiding", "Kern", "Feiten en cijfers", "Opties/maatregelen"))
        ok = check.passes()
        passed += ok
        uncited += len(check.uncited)
        print(f"| {row['topic']} | {row['corpus']} | {filled}/4 | {check.cited_figures} | {check.option_items} | "
              f"{len(check.uncited)} | {'yes' if ok else 'no'} | {seconds:.2f} |")
        if i < args.show:
            print(memo.to_markdown(), file=sys.stderr)
        for line in check.uncited:
            print(f"  uncited: {line}", file=sys.stderr)
        for line in check.misquoted:
            print(f"  misquoted: {line}", file=sys.stderr)
    print(f"\n{passed}/{len(topics)} memos pass; {uncited} uncited numbers.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
