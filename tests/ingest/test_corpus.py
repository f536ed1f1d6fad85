"""Ingest of the real corpus: documents, pages, metadata, sections, and timing of a no-op re-ingest."""

from support import CORPUS, QUICK_SCAN

from ingest.clean import contains_quote
from ingest.pipeline import ingest_paths


def test_all_five_reports_are_indexed_with_inferred_metadata(corpus_index):
    _, store, report = corpus_index
    assert report.count("indexed") == 5 and not report.failed
    chunks = store.chunks()
    docs = {c.document: c for c in chunks}
    assert set(docs) == {p.name for p in CORPUS.glob("*.pdf")}
    assert docs[QUICK_SCAN].doc_type == "quick scan" and docs[QUICK_SCAN].municipality == "Regio Amersfoort"
    kpi = docs["kwartaalrapportage-kpi-sociaal-domein-q1-2023.pdf"]
    assert (kpi.doc_type, kpi.municipality, kpi.year) == ("kwartaalrapportage", "Hollands Kroon", 2023)
    assert docs["memo-stand-van-zaken-sociaal-domein-leusden-2018.pdf"].doc_type == "memo"
    assert max(c.page for c in chunks if c.document == QUICK_SCAN) == 76


def test_known_quote_is_on_its_page_with_its_section(corpus_index):
    _, store, _ = corpus_index
    quote = "De totale kosten van Verblijf Jeugd zijn in 2016-2017"
    hits = [c for c in store.chunks() if contains_quote(c.text, quote)]
    assert hits, "quote not indexed"
    assert {(c.document, c.page) for c in hits} == {(QUICK_SCAN, 23)}
    assert hits[0].section == "3.2 De verschillen in zorgkosten - Perceel Verblijf Jeugd"


def test_dehyphenated_words_are_searchable(corpus_index):
    _, store, _ = corpus_index
    text = " ".join(c.text for c in store.chunks() if c.document == QUICK_SCAN and c.page == 1)
    assert "De verevende percelen zijn" in text and "Landelijke Inkoop" in text


def test_reingest_of_unchanged_corpus_skips_everything(corpus_index):
    settings, store, _ = corpus_index
    before = store.count()
    report = ingest_paths([CORPUS], settings, store)
    assert report.count("skipped") == 5 and report.count("indexed", "updated", "removed") == 0
    assert store.count() == before
