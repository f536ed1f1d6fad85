"""A scanned document through the whole product: ingest (OCR in the parse worker, progress, cache), the index
(real Chroma), an answer that only the scan can give, cited to the right page and marked as recognised text,
and the evaluation's quote check against the OCR text."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from support import BEHEERSMAATREGELEN, CORPUS, MEMO, SCANNED, make_settings

from assistant.eval.answers import PageTexts, check_citations
from assistant.text import contains_quote
from ingest.pipeline import document_id

QUESTION = "Hoe kunnen gemeenten kosten besparen met preventie?"
ANSWER_PAGE = 3  # the scan's page 3 (page 4 of the bundle it was made from)


@pytest.fixture(scope="module")
def scanned_assistant(scanned_index):
    from assistant.service import assistant_from_index

    settings, index, _, _ = scanned_index
    return assistant_from_index(index, settings)


def test_scanned_pages_are_indexed_with_their_page_numbers(scanned_index):
    _, index, report, _ = scanned_index
    result = next(r for r in report.results if r.document == SCANNED)
    assert result.status == "indexed" and result.pages == 3 and result.chunks > 0 and result.warnings == []
    info = next(d for d in index.catalog.documents() if d.document == SCANNED)
    pages = index.catalog.pages_of(info.doc_id)
    assert [(p.number, p.ocr) for p in pages] == [(1, True), (2, True), (3, True)]
    assert all(p.ocr_confidence > 85 for p in pages)
    assert "Gemeenten kunnen veel kosten besparen" in pages[ANSWER_PAGE - 1].text
    assert "ocr" in report.stages


def test_a_question_only_the_scan_answers_cites_the_scanned_page(scanned_assistant):
    answer = scanned_assistant.ask(QUESTION)

    assert not answer.refused, answer.text
    cited = [c for c in answer.citations if c.document == SCANNED]
    assert cited and cited[0].page == ANSWER_PAGE and cited[0].n == 1
    assert all(c.ocr for c in cited)  # the app says "tekst herkend uit een scan"
    page = scanned_assistant.corpus.page_text(cited[0].doc_id, ANSWER_PAGE)
    assert all(contains_quote(page, c.quote) for c in cited)


def test_eval_checks_quotes_of_scanned_pages_against_the_ocr_text(scanned_assistant):
    answer = scanned_assistant.ask(QUESTION)
    folders = sorted({Path(d.source) for d in scanned_assistant.corpus.documents})

    without_ocr = check_citations(answer, PageTexts(folders))
    with_ocr = check_citations(answer, PageTexts(folders, scanned_assistant.corpus))
    assert not any(c.on_page for c in without_ocr)  # pypdf's text of a scanned page is empty
    assert all(c.correct for c in with_ocr)


def test_ocr_runs_with_the_progress_bar_and_reingest_reads_the_cache(tmp_path, embeddings):
    """A page never seen before (its turn is new on every run) is recognised in the parse worker and announced
    on the progress bar; another index over the same files parses them again but recognises nothing again."""
    from scans import scanned_pdf

    from assistant.index.factory import open_index
    from ingest.pipeline import ingest_paths

    folder = tmp_path / "docs"
    scanned_pdf(CORPUS / BEHEERSMAATREGELEN, folder / "nieuw-gescand.pdf", [3], angle=1 + time.time_ns() % 997 / 997)
    shutil.copy(CORPUS / MEMO, folder / MEMO)  # two documents: parsed in the worker process

    def ingest(name: str):
        settings = make_settings(tmp_path / name)
        labels: list[str] = []
        index = open_index(settings, embeddings)
        report = ingest_paths([folder], settings, index, lambda done, total, label: labels.append(label))
        assert report.ok, [(r.document, r.message) for r in report.failed]
        return index, report, [label for label in labels if label.startswith("tekstherkenning")]

    first, report, labels = ingest("data1")
    assert "tekstherkenning (OCR): nieuw-gescand.pdf, pagina 1/1" in labels and report.stages["ocr"] > 0
    second, _, labels = ingest("data2")
    assert labels == []
    pages = [index.catalog.pages_of(document_id(folder / "nieuw-gescand.pdf")) for index in (first, second)]
    assert pages[0] == pages[1] and pages[0][0].ocr and "subsidies" in pages[0][0].text
