"""Ingest of the real corpus: documents, pages, metadata, sections, and timing of a no-op re-ingest."""

from support import CORPUS, FOREIGN_SLICE, KPI_REPORT, MEMO, QUICK_SCAN

from assistant.text import contains_quote
from ingest.pipeline import ingest_paths

CORPUS_PDFS = {p.name for p in CORPUS.glob("*.pdf")}


def _chunks(index):
    return [c for batch in index.catalog.iter_chunks() for c in batch]


def test_all_five_reports_are_indexed_with_inferred_metadata(corpus_index):
    _, index, report = corpus_index
    assert not report.failed
    indexed = {r.document for r in report.results if r.status == "indexed"}
    assert indexed == CORPUS_PDFS | {p.name for p in FOREIGN_SLICE} and len(CORPUS_PDFS) == 5
    docs = {d.document: d for d in index.catalog.documents()}
    assert set(docs) == indexed
    assert docs[QUICK_SCAN].doc_type == "quick scan" and docs[QUICK_SCAN].municipality == "Regio Amersfoort"
    kpi = docs[KPI_REPORT]
    assert (kpi.doc_type, kpi.municipality, kpi.year) == ("kwartaalrapportage", "Hollands Kroon", 2023)
    assert docs[MEMO].doc_type == "memo"
    chunks = _chunks(index)
    assert {c.document for c in chunks} == indexed
    assert max(c.page for c in chunks if c.document == QUICK_SCAN) == 76 == docs[QUICK_SCAN].pages
    for c in chunks:  # every chunk carries its document's metadata
        d = docs[c.document]
        assert (c.doc_id, c.title, c.doc_type, c.municipality, c.year) == (
            d.doc_id, d.title, d.doc_type, d.municipality, d.year)


def test_known_quote_is_on_its_page_with_its_section(corpus_index):
    _, index, _ = corpus_index
    quote = "De totale kosten van Verblijf Jeugd zijn in 2016-2017"
    hits = [c for c in _chunks(index) if contains_quote(c.text, quote)]
    assert hits, "quote not indexed"
    assert {(c.document, c.page) for c in hits} == {(QUICK_SCAN, 23)}
    assert hits[0].section == "3.2 De verschillen in zorgkosten - Perceel Verblijf Jeugd"


def test_dehyphenated_words_are_searchable(corpus_index):
    _, index, _ = corpus_index
    text = " ".join(c.text for c in _chunks(index) if c.document == QUICK_SCAN and c.page == 1)
    assert "De verevende percelen zijn" in text and "Landelijke Inkoop" in text


def test_reingest_of_unchanged_corpus_skips_everything(corpus_index):
    settings, index, _ = corpus_index
    before = (index.catalog.count_chunks(), index.vectors.count(), index.catalog.generation())
    documents = index.catalog.documents()
    report = ingest_paths([CORPUS], settings, index)
    assert report.count("skipped") == 5 and report.count("indexed", "updated", "removed", "failed") == 0
    assert report.seconds < 2
    # nothing changed, and the documents indexed from elsewhere (the foreign slice) stay
    assert (index.catalog.count_chunks(), index.vectors.count(), index.catalog.generation()) == before
    assert index.catalog.documents() == documents
