"""Browser benchmark for the README: cold start to the first answer, and warm answers, in Debian's Chromium.

    .venv/bin/python -m ingest                 # an existing index (the app's default data dir)
    .venv/bin/python scripts/bench_app.py      # prints JSON

Cold start = from launching `streamlit run app.py` until the first answer (with its sources) is visible in the
browser. Warm answer = from pressing Enter until the next answer with sources is visible (offline mode).
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "app"))

from streamlit_server import CHAT_INPUT, ask, chromium_page, streamlit_app

QUESTIONS = [
    "Wat is de Smederij in Leusden?",
    "Wat was het effect van de verevening voor Woudenberg in 2018?",
    "Welke KPI's halen hun streefwaarde niet?",
    "Wat is een budgetplafond?",
    "Hoeveel zit de prognose boven de begroting?",
    "Wat is JIM in de jeugdzorg?",
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, chromium_page() as page:
        start = time.perf_counter()
        with streamlit_app({"ASSISTANT_LLM__PROVIDER": "none"}, Path(tmp) / "streamlit.log") as url:
            page.goto(url)
            page.locator(CHAT_INPUT).wait_for(timeout=120_000)
            ask(page, QUESTIONS[0], timeout_ms=120_000)
            cold = time.perf_counter() - start
            warm = []
            for question in QUESTIONS[1:]:
                t = time.perf_counter()
                ask(page, question)
                warm.append(time.perf_counter() - t)
    print(json.dumps({
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}",
        "cold_start_to_first_answer_s": round(cold, 2),
        "warm_answer_median_s": round(statistics.median(warm), 2),
        "warm_answer_max_s": round(max(warm), 2),
        "warm_answers": len(warm),
    }, indent=2))


if __name__ == "__main__":
    main()
