"""Progress of the OCR of scanned pages on the ingest progress bar, also from a parse worker process.

The pipeline reports `(done, total, label)` per document; OCR adds a label per page ("tekstherkenning (OCR):
scan.pdf, pagina 3/12"). In the worker the page events go into a manager queue, and the main process passes
them on while it waits for the worker's result.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial
from typing import Any

from ingest.ocr import PageProgress

Progress = Callable[[int, int, str], None]  # (documents done, documents, label)
JobPages = Callable[[int, str], PageProgress]  # (job position, file name) -> its page progress
POLL = 0.25  # seconds between looks at the worker's page events


def page_progress(progress: Progress | None, total: int) -> JobPages | None:
    """For the job at `position` named `name`: a page progress that updates the ingest progress bar."""
    if progress is None:
        return None

    def for_job(position: int, name: str) -> PageProgress:
        return lambda page, pages: progress(position, total, f"tekstherkenning (OCR): {name}, pagina {page}/{pages}")

    return for_job


def _put(events: Any, position: int, name: str, page: int, pages: int) -> None:
    events.put((position, name, page, pages))


def queued(events: Any, position: int, name: str) -> PageProgress:
    """A picklable page progress for a worker process: it puts the events in `events` (a manager queue)."""
    return partial(_put, events, position, name)


def wait_reporting(future: Future, events: Any, on_page: JobPages | None):
    """The worker's result; meanwhile its page events are passed on to `on_page`."""
    while True:
        try:
            return future.result(timeout=POLL)
        except FutureTimeout:
            pass
        finally:
            while events is not None and on_page is not None and not events.empty():
                position, name, page, pages = events.get()
                on_page(position, name)(page, pages)
