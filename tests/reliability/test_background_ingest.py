"""Large uploads are indexed in the background (the app's IngestJob) with progress, and can be cancelled
between documents without losing what is already indexed."""

from __future__ import annotations

import threading

from support import make_settings

from assistant.present.jobs import IngestJob
from assistant.service import build_assistant


def test_background_job_reports_progress_and_results(tmp_path, small_corpus, embeddings):
    assistant = build_assistant(make_settings(tmp_path / "data", corpus_dir=small_corpus), embeddings)
    seen: list[tuple[int, int]] = []

    def work(paths, progress, cancel):
        def spy(done, total, label):
            seen.append((done, total))
            progress(done, total, label)
        return assistant.add_documents(paths, progress=spy, cancel=cancel)

    job = IngestJob([small_corpus], work).start()
    assert job.wait(timeout=300)
    assert not job.error and [r["status"] for r in job.rows] == ["indexed"]
    assert seen and all(total >= 1 for _, total in seen)
    assert assistant.status().documents


def test_a_cancelled_job_indexes_nothing_more_and_keeps_what_was_there(tmp_path, small_corpus, embeddings):
    assistant = build_assistant(make_settings(tmp_path / "data", corpus_dir=small_corpus), embeddings)
    assert assistant.add_documents([small_corpus]).ok
    extra = tmp_path / "extra"
    extra.mkdir()
    for i in range(3):
        (extra / f"notitie-{i}.txt").write_text(f"Notitie {i}: de wachttijd bij het wijkteam is {i + 2} weken.")
    started = threading.Event()

    def work(paths, progress, cancel):
        started.wait(5)
        return assistant.add_documents(paths, progress=progress, cancel=cancel)

    job = IngestJob([extra], work).start()
    job.cancel()
    started.set()
    assert job.wait(timeout=300)
    assert all(r["status"] == "failed" and "geannuleerd" in r["message"] for r in job.rows)
    assert [d.document for d in assistant.corpus.documents] == ["memo-stand-van-zaken-sociaal-domein-leusden-2018.pdf"]
