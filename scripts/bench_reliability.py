"""Reliability measurements for the README: bad inputs, kill -9 sweeps, concurrent requests, injection variants
per output path, and the question-length cap.

    .venv/bin/python scripts/bench_reliability.py [--kills 20] [--threads 8] [--requests 400]

Everything runs on temporary data dirs (the embedding cache of the repository is shared). Prints a Markdown
table and a JSON summary.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from assistant.errors import AssistantError
from assistant.settings import Settings

CACHE = ROOT / ".data" / "cache"
MEMO = ROOT / "corpus" / "memo-stand-van-zaken-sociaal-domein-leusden-2018.pdf"


def settings_for(data_dir: Path, **kw) -> Settings:
    return Settings(data_dir=data_dir, embedding_cache_dir=CACHE, **kw)


# -- bad inputs -----------------------------------------------------------------------------------------------

def bad_inputs(folder: Path) -> list[Path]:
    """Files a user might upload by mistake or malice; each must give one clear line and no traceback."""
    from pypdf import PdfReader, PdfWriter

    out: list[Path] = []

    def write(name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        out.append(path)

    memo = MEMO.read_bytes()
    write("leeg.pdf", b"")
    write("leeg.txt", b"")
    write("kapot.pdf", b"%PDF-1.4\n1 0 obj garbage")
    write("half.pdf", memo[: len(memo) // 3])
    write("geen-pdf.pdf", b"PK\x03\x04 dit is een zip")
    write("binair.txt", bytes(range(256)) * 20)
    write("latin1.txt", "Café-notitie over de Wmo: één bedrag".encode("latin-1"))
    write("onbekend.xyz", b"tekst")
    write("programma.exe", b"MZ\x90\x00")
    write("kapot.docx", b"PK\x03\x04 geen echte docx")
    write("alleen-spaties.txt", b"   \n\n\t  ")
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    write("blanco.pdf", buffer.getvalue())  # one page without text (a scan without OCR)
    writer = PdfWriter()
    buffer = io.BytesIO()
    writer.write(buffer)
    write("nul-paginas.pdf", buffer.getvalue())
    for name, user, owner in (("wachtwoord.pdf", "geheim", "geheim"), ("alleen-rechten.pdf", "", "eigenaar")):
        writer = PdfWriter(clone_from=PdfReader(MEMO))
        writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-256")
        buffer = io.BytesIO()
        writer.write(buffer)
        write(name, buffer.getvalue())
    header = "table,subject,measure,period,value,unit,printed,document,page,group,direction,note\n"
    write("alleen-kop.csv", header.encode())
    write("verkeerde-kolommen.csv", b"a,b,c\n1,2,3\n")
    write("latin1.csv", (header + "t,Café,m,2020,1,aantal,1,x.pdf,1,,,\n").encode("latin-1"))
    write("extra-velden.csv", (header + "t,s,m,2020,1,aantal,1,x.pdf,1,,,,extra,meer\n").encode())
    write("slechte-periode.csv", (header + "t,s,m,20188,1,aantal,1,x.pdf,1,,,\n").encode())
    write("pagina-999.csv", (header + f"t,s,m,2020,1,aantal,1,{MEMO.name},999,,,\n").encode())
    write("kapot.xlsx", b"PK\x03\x04 geen echte xlsx")
    write("groot.txt", b"De wachttijd is zes weken. " * 80_000)  # ~2 MB, over the test's 1 MB cap
    return out


def run_bad_inputs(tmp: Path) -> dict:
    from assistant.service import build_assistant

    folder = tmp / "bad"
    folder.mkdir()
    files = bad_inputs(folder)
    results = {"files": len(files), "cli_tracebacks": 0, "cli_clear": 0, "upload_tracebacks": 0, "upload_clear": 0}
    data = tmp / "bad-cli"
    env = {**os.environ, "ASSISTANT_EMBEDDING_CACHE_DIR": str(CACHE), "ASSISTANT_LIMITS__MAX_UPLOAD_MB": "1"}
    proc = subprocess.run([sys.executable, "-m", "ingest", str(folder), "--data-dir", str(data), "--quiet"],
                          check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    results["cli_tracebacks"] = proc.stderr.count("Traceback")
    from assistant.index.factory import open_index

    indexed = {d.document for d in open_index(settings_for(data)).catalog.documents()}
    results["cli_indexed"] = sorted(indexed)  # readable after all (e.g. a PDF that is encrypted without password)
    results["cli_clear"] = sum(f.name in proc.stderr or f.name in indexed for f in files)
    assistant = build_assistant(settings_for(tmp / "bad-app", limits={"max_upload_mb": 1}))
    for path in files:
        try:
            saved = assistant.save_upload(path.name, path.read_bytes())
            report = assistant.add_uploads([saved])
            results["upload_clear"] += all(r.message for r in report.results if r.status == "failed")
        except AssistantError as err:
            results["upload_clear"] += bool(str(err))
        except Exception:  # noqa: BLE001 - this is what is being counted
            results["upload_tracebacks"] += 1
    return results


# -- kill -9 --------------------------------------------------------------------------------------------------

def ingest(folder: Path, data: Path, failpoint: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "ASSISTANT_EMBEDDING_CACHE_DIR": str(CACHE)}
    env.pop("ASSISTANT_FAILPOINT", None)
    if failpoint:
        env["ASSISTANT_FAILPOINT"] = failpoint
    return subprocess.Popen([sys.executable, "-m", "ingest", str(folder), "--data-dir", str(data), "--quiet"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def consistent(data: Path) -> bool:
    """Every indexed document is one complete version: its chunks say one version, every chunk has its vector."""
    from assistant.index.factory import open_index

    index = open_index(settings_for(data))
    ok = True
    vectors: dict[str, set[str]] = {}
    for page in index.vectors.iter_ids():
        for cid, meta in page:
            vectors.setdefault(meta["doc_id"], set()).add(cid)
    for doc in index.catalog.documents():
        chunks = index.catalog.document_chunks(doc.doc_id)
        marks = {m for c in chunks for m in re.findall(r"Versie (\d+)\.", c.text)}
        ok &= len(marks) == 1 and {c.chunk_id for c in chunks} <= vectors.get(doc.doc_id, set())
    index.catalog.close()
    return ok


def run_kills(tmp: Path, random_kills: int) -> dict:
    folder = tmp / "kill-docs"
    folder.mkdir()
    data = tmp / "kill-data"

    def write(version: int) -> None:
        for i in range(4):
            text = f"Versie {version}. Notitie {i} over de wachttijd bij wijkteam {i}: {version + i} weken. " * 40
            (folder / f"notitie-{i}.txt").write_text(text, encoding="utf-8")

    version = 1
    write(version)
    ingest(folder, data).wait()
    survived = tried = 0
    points = ["after-begin", "after-vectors", "after-activate", "after-delete-old"]
    plan = [("point", p) for p in points] + [("random", None)] * random_kills
    for kind, point in plan:
        version += 1
        write(version)
        proc = ingest(folder, data, point)
        if kind == "random":
            time.sleep(random.uniform(1.0, 6.0))
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        tried += 1
        survived += consistent(data)
        ingest(folder, data).wait()  # repair
    return {"kills": tried, "consistent_after_kill": survived, "repaired": consistent(data)}


# -- concurrency ----------------------------------------------------------------------------------------------

QUESTIONS = [
    "Wat is de Smederij in Leusden?", "Wat was het effect van de verevening voor Woudenberg in 2018?",
    "Welke KPI's halen hun streefwaarde niet?", "Wat is een budgetplafond?",
    "Wat was het effect van de verevening voor Zeist in 2018?", "Hoeveel zit de prognose boven de begroting?",
    "Waarom zijn de kosten voor jeugdhulp gestegen?", "Wat zijn de leidende principes voor toegang?",
]


def run_concurrency(tmp: Path, threads: int, requests: int) -> dict:
    from assistant.service import build_assistant

    assistant = build_assistant(settings_for(tmp / "conc"))
    assistant.add_documents([ROOT / "corpus"])

    def key(q: str) -> tuple:
        a = assistant.ask(q)
        return a.text, tuple((c.document, c.page, c.quote) for c in a.citations)

    expected = {q: key(q) for q in QUESTIONS}
    work = [QUESTIONS[i % len(QUESTIONS)] for i in range(requests)]
    errors = 0

    def one(q: str) -> bool:
        nonlocal errors
        try:
            return key(q) == expected[q]
        except Exception:  # noqa: BLE001 - counted
            errors += 1
            return False

    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        same = sum(pool.map(one, work))
    return {"threads": threads, "requests": requests, "identical": same, "errors": errors,
            "seconds": round(time.perf_counter() - t, 1)}


# -- injections per output path -------------------------------------------------------------------------------

def run_injections(tmp: Path) -> dict:
    from langchain_core.messages import ToolMessage
    from reliability.test_injection_detector import INJECTIONS

    from assistant.llm.fake import ScriptedChatModel
    from assistant.service import assistant_from_index, build_assistant
    from assistant.text import normalise_for_match

    folder = tmp / "inj"
    folder.mkdir()
    base = ("Verevening betekent dat de gemeenten de kosten van de verevende percelen onderling verdelen. "
            "De gemeenten nemen de volgende maatregelen:\n- de inkoop wordt gebundeld\n")
    paths = {}
    for i, variant in enumerate(INJECTIONS):
        text = (f"Verevening in Testdal {i}. {variant} {base}- {variant}\n- de wijkteams krijgen meer mandaat\n"
                f"Tot slot blijft de verevening bestaan. {variant}")
        path = folder / f"notitie-{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths[i] = path
    assistant = build_assistant(settings_for(tmp / "inj-data"))
    assistant.add_documents([folder])

    class Recording(ScriptedChatModel):
        received: ClassVar[list] = []

        def reply(self, messages):
            self.received.append(list(messages))
            return super().reply(messages)

    model = Recording()
    llm = assistant_from_index(assistant.index, assistant.settings, chat_model=model)

    def leaked(text: str, variant: str) -> bool:
        words = re.findall(r"\w{4,}", variant)
        probe = normalise_for_match(" ".join(words[:6]))
        return bool(probe) and probe in normalise_for_match(text)

    paths_out = {"answer": 0, "list": 0, "memo": 0, "glossary": 0, "llm prompt": 0}
    missed: dict[str, list[int]] = {}
    for i, variant in enumerate(INJECTIONS):
        doc = [d.doc_id for d in assistant.corpus.documents if d.document == paths[i].name]
        filters = assistant.filters_for(documents=[paths[i].name]) if doc else None
        answer = assistant.ask(f"Wat gebeurt er met de verevening in Testdal {i}?", filters=filters)
        paths_out["answer"] += not leaked(answer.text + " ".join(c.quote for c in answer.citations), variant)
        listing = assistant.ask("Welke maatregelen nemen de gemeenten?", filters=filters)
        paths_out["list"] += not leaked(listing.text, variant)
        memo = assistant.draft_memo(f"verevening Testdal {i}", filters=filters)
        paths_out["memo"] += not leaked(memo.to_markdown(), variant)
        model.received.clear()
        llm.ask(f"Wat gebeurt er met de verevening in Testdal {i}?", filters=filters)
        # What the model was given from the documents: the tool results (the system prompt itself quotes an
        # example injection, so it is not counted).
        prompt = " ".join(m.text for batch in model.received for m in batch if isinstance(m, ToolMessage))
        paths_out["llm prompt"] += not leaked(prompt, variant)
        if leaked(prompt, variant):
            missed.setdefault("llm prompt", []).append(i)
    glossary = " ".join(e.answer.text for e in assistant.glossary())
    paths_out["glossary"] = sum(not leaked(glossary, v) for v in INJECTIONS)
    return {"variants": len(INJECTIONS), "blocked": paths_out, "missed": missed}


# -- question length ------------------------------------------------------------------------------------------

def run_question_cap(tmp: Path) -> dict:
    from assistant.service import build_assistant

    assistant = build_assistant(settings_for(tmp / "conc"))
    limit = assistant.settings.limits.max_question_chars
    question = ("Wat is de wachttijd bij het wijkteam in de gemeente en hoe ontwikkelt die zich? " * 100)[:limit]
    t = time.perf_counter()
    assistant.ask(question)
    longest = time.perf_counter() - t
    t = time.perf_counter()
    try:
        assistant.ask("x" * 1_000_000)
        refused = False
    except AssistantError:
        refused = True
    return {"max_chars": limit, "seconds_at_max": round(longest, 3), "1MB_refused": refused,
            "seconds_1MB": round(time.perf_counter() - t, 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=20, help="random-time kills on top of the four fixed points")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--only", nargs="*", help="run only these parts (bad_inputs, kill_9, concurrency, "
                        "question_cap, injections)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        shutil.copy(MEMO, tmp / MEMO.name)
        parts = {"bad_inputs": lambda: run_bad_inputs(tmp), "kill_9": lambda: run_kills(tmp, args.kills),
                 "concurrency": lambda: run_concurrency(tmp, args.threads, args.requests),
                 "question_cap": lambda: run_question_cap(tmp), "injections": lambda: run_injections(tmp)}
        summary = {name: run() for name, run in parts.items() if not args.only or name in args.only}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
