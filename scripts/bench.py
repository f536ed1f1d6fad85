"""Benchmarks for the README: full ingest (cold embedding cache), no-op re-ingest, warm retrieval latency.

    .venv/bin/python scripts/bench.py            # uses a fresh temporary data dir and cache
"""

from __future__ import annotations

import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

from assistant.eval.data import load_items
from assistant.index.factory import open_embeddings, open_index
from assistant.retrieve import HybridRetriever
from assistant.settings import REPO_ROOT, Settings
from ingest.pipeline import ingest_paths


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), embedding_cache_dir=Path(tmp) / "cache")
        t = time.perf_counter()
        embeddings = open_embeddings(settings)
        index = open_index(settings, embeddings)
        report = ingest_paths([settings.corpus_dir], settings, index)
        full = time.perf_counter() - t
        t = time.perf_counter()
        again = ingest_paths([settings.corpus_dir], settings, index)
        reingest = time.perf_counter() - t
        retriever = HybridRetriever(index, settings.retrieval)
        dev = REPO_ROOT.parent / "shared" / "eval" / "dev.jsonl"
        questions = [i.question for i in load_items(dev)] if dev.exists() else ["Wat is verevening?"] * 20
        retriever.retrieve(questions[0])
        times = []
        for q in questions:
            t = time.perf_counter()
            retriever.retrieve(q)
            times.append(time.perf_counter() - t)
        print(json.dumps({
            "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}",
            "chunks": index.catalog.count_chunks(),
            "stages_s": {k: round(v, 1) for k, v in report.stages.items()},
            "full_ingest_s": round(full, 1),
            "files_indexed": report.count("indexed"),
            "reingest_unchanged_s": round(reingest, 2),
            "reingest_skipped": again.count("skipped"),
            "retrieval_median_ms": round(1000 * statistics.median(times), 1),
            "retrieval_p95_ms": round(1000 * sorted(times)[int(0.95 * (len(times) - 1))], 1),
        }, indent=2))


if __name__ == "__main__":
    main()
