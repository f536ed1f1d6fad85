"""Start `streamlit run app.py` on a free local port and drive it with Debian's Chromium (Playwright).

Shared by the browser test and `scripts/bench_app.py`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
CHAT_INPUT = "textarea[data-testid='stChatInputTextArea']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit stopped with exit code {process.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise TimeoutError(f"streamlit did not answer on {url} within {timeout} s")


@contextlib.contextmanager
def streamlit_app(env: dict[str, str], log: Path) -> Iterator[str]:
    """Run the app with `env` added to the environment; yields its URL; stops it afterwards."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
    ]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=REPO, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, process)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@contextlib.contextmanager
def chromium_page() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} ontbreekt: installeer Debian's chromium (make test doet dat)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            yield page
        finally:
            browser.close()


def ask(page, question: str, timeout_ms: int = 60_000) -> None:
    """Type a question in the chat input and wait until one more answer with sources is on the page."""
    count = "([text]) => document.body.innerText.split(text).length - 1"
    before = page.evaluate(count, ["Bronnen"])  # visible "Bronnen" headings, counted like the wait below
    box = page.locator(CHAT_INPUT)
    box.wait_for(timeout=timeout_ms)
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "([text, n]) => document.body.innerText.split(text).length - 1 > n",
        arg=["Bronnen", before],
        timeout=timeout_ms,
    )
