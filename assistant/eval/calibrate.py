"""`python -m assistant.eval.calibrate DEV.jsonl`: sweep the offline refusal thresholds on a labelled set.

For each (min_similarity, min_coverage) it reports the refusal rate on `unanswerable` items and the
false-refusal rate on answerable ones; the defaults in `EvidencePolicy` are the chosen point (README).
Retrieval results are memoised per query, so the sweep costs one retrieval per question.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from assistant.eval.data import EvalItem, history_for, load_items
from assistant.offline import OfflineAnswerer


class MemoRetriever:
    """Wraps a retriever so repeated queries are answered from memory (the sweep asks each one many times)."""

    def __init__(self, retriever):
        self._retriever = retriever
        self._memo: dict[str, list] = {}

    def __getattr__(self, name):
        return getattr(self._retriever, name)

    def retrieve(self, query, k=None, filters=None, mode="hybrid", alpha=None):
        key = f"{query}|{k}|{mode}|{filters}|{alpha}"
        if key not in self._memo:
            self._memo[key] = self._retriever.retrieve(query, k=k, filters=filters, mode=mode, alpha=alpha)
        return self._memo[key]


def sweep(assistant, items: list[EvalItem], similarities, coverages) -> list[dict]:
    by_id = {i.id: i for i in items}
    memo = MemoRetriever(assistant.retriever)
    rows = []
    for sim, cov in itertools.product(similarities, coverages):
        settings = assistant.settings.answer.model_copy(update={"min_similarity": sim, "min_coverage": cov})
        answerer = OfflineAnswerer(memo, assistant.corpus, settings)
        refused = {i.id: answerer.answer(i.question, history_for(i, by_id)).refused for i in items}
        unanswerable = [i for i in items if not i.answerable]
        answerable = [i for i in items if i.answerable]
        rows.append({
            "min_similarity": sim,
            "min_coverage": cov,
            "refusal": sum(refused[i.id] for i in unanswerable) / max(len(unanswerable), 1),
            "false_refusal": sum(refused[i.id] for i in answerable) / max(len(answerable), 1),
        })
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.eval.calibrate", description=__doc__)
    parser.add_argument("dataset", type=Path, nargs="+")
    parser.add_argument("--data-dir", type=Path, help="an existing index (default: the configured one)")
    args = parser.parse_args(argv)

    from assistant.service import build_assistant
    from assistant.settings import Settings

    settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    items = [i for path in args.dataset for i in load_items(path)]
    rows = sweep(build_assistant(settings), items,
                 similarities=(0.76, 0.78, 0.80, 0.82, 0.84), coverages=(0.0, 0.15, 0.25, 0.35, 0.45))
    print("| min_similarity | min_coverage | refusal (unanswerable) | false refusal (answerable) |")
    print("|---|---|---|---|")
    for r in rows:
        print(f"| {r['min_similarity']:.2f} | {r['min_coverage']:.2f} | {r['refusal']:.2f} | {r['false_refusal']:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
