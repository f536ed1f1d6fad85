"""Background ingest for the app (Streamlit-free): a large upload is indexed in a thread while the page keeps
working; the page polls its progress and can cancel it between documents. Nothing already indexed is lost
when a job is cancelled or fails (ingest swaps each document atomically)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.errors import AssistantError

log = logging.getLogger(__name__)


@dataclass
class IngestJob:
    """One ingest run: `start()` runs `work(paths, progress, cancel) -> report` in a daemon thread."""

    paths: list[Path]
    work: Callable
    done: int = 0
    total: int = 0
    label: str = "wachten…"
    rows: list[dict] = field(default_factory=list)
    error: str = ""
    started: float = field(default_factory=time.monotonic)
    _cancel: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> IngestJob:
        self._thread = threading.Thread(target=self._run, name="ingest-job", daemon=True)
        self._thread.start()
        return self

    def _progress(self, done: int, total: int, label: str) -> None:
        self.done, self.total, self.label = done, total, label

    def _run(self) -> None:
        try:
            report = self.work(self.paths, progress=self._progress, cancel=self._cancel.is_set)
            self.rows = [asdict(r) for r in report.results]
        except AssistantError as err:
            self.error = str(err)
        except Exception:  # the page shows a message; the log has the traceback
            log.exception("background ingest failed")
            self.error = "Het indexeren is onverwacht mislukt; de bestaande index is ongewijzigd."
        finally:
            self.label = "klaar"

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def fraction(self) -> float:
        return min(self.done / self.total, 1.0) if self.total else 0.0

    def wait(self, timeout: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running
