"""Incremental ingest and bad input on a small writable corpus (real PDF, real catalog and Chroma)."""

import shutil

import pytest
from pypdf import PdfWriter
from support import CORPUS, MEMO, make_settings

from assistant.index.factory import open_index
from assistant.text import tokenize
from ingest.__main__ import main as ingest_main
from ingest.pipeline import ingest_paths


@pytest.fixture
def setup(tmp_path, small_corpus, embeddings):
    settings = make_settings(tmp_path / "data")
    return settings, open_index(settings, embeddings), small_corpus


def _chunks(index):
    return [c for batch in index.catalog.iter_chunks() for c in batch]


def _docs(index):
    return sorted(d.document for d in index.catalog.documents())


def _count(index) -> int:
    """Chunks in the catalog; the vector store holds exactly one vector per active chunk (no stale ones)."""
    count = index.catalog.count_chunks()
    assert index.vectors.count() == count == len(_chunks(index))
    return count


def test_rerun_adds_no_duplicates_and_changed_file_is_replaced(setup):
    settings, index, folder = setup
    (folder / "notitie.txt").write_text("Het wijkteam in Baarn telt twaalf medewerkers.", encoding="utf-8")
    ingest_paths([folder], settings, index)
    count = _count(index)
    assert ingest_paths([folder], settings, index).count("skipped") == 2
    assert _count(index) == count

    (folder / "notitie.txt").write_text("Het wijkteam in Soest telt dertig medewerkers.", encoding="utf-8")
    report = ingest_paths([folder], settings, index)
    assert [r.status for r in report.results if r.document == "notitie.txt"] == ["updated"]
    texts = [c.text for c in _chunks(index) if c.document == "notitie.txt"]
    assert texts == ["Het wijkteam in Soest telt dertig medewerkers."]
    assert len({c.id for c in _chunks(index)}) == _count(index) == count
    # the keyword index follows: the new text is found, the replaced text is not
    notitie = {c.chunk_id for c in _chunks(index) if c.document == "notitie.txt"}
    assert {cid for cid, _ in index.catalog.keyword_search(tokenize("dertig medewerkers Soest"), 10)} & notitie
    assert not {cid for cid, _ in index.catalog.keyword_search(tokenize("twaalf"), 10)} & notitie


def test_deleted_file_is_removed_but_files_from_elsewhere_stay(setup, tmp_path):
    settings, index, folder = setup
    other = tmp_path / "elders.md"
    other.write_text("# Notitie\nDe Smederij is een inlooppunt.", encoding="utf-8")
    (folder / "weg.txt").write_text("Dit bestand verdwijnt straks.", encoding="utf-8")
    ingest_paths([folder, other], settings, index)
    assert _docs(index) == sorted([MEMO, "weg.txt", "elders.md"])
    (folder / "weg.txt").unlink()
    report = ingest_paths([folder], settings, index)
    assert [r.document for r in report.results if r.status == "removed"] == ["weg.txt"]
    assert _docs(index) == sorted([MEMO, "elders.md"])
    _count(index)  # the removed file's vectors are gone too
    found = index.catalog.chunks([cid for cid, _ in index.catalog.keyword_search(tokenize("verdwijnt"), 10)])
    assert "weg.txt" not in {c.document for c in found.values()}


def _encrypted_pdf(path):
    writer = PdfWriter(clone_from=CORPUS / MEMO)
    writer.encrypt(user_password="geheim", owner_password="eigenaar")
    with path.open("wb") as fh:
        writer.write(fh)


def _scanned_pdf(path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as fh:
        writer.write(fh)


BAD = {
    "kapot.pdf": (lambda p: p.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50), "beschadigd"),
    "versleuteld.pdf": (_encrypted_pdf, "versleuteld"),
    "gescand.pdf": (_scanned_pdf, "OCR"),
    "leeg.txt": (lambda p: p.write_bytes(b""), "leeg"),
    "dia.pptx": (lambda p: p.write_bytes(b"PK\x03\x04"), "niet ondersteund"),
    "latin1.txt": (lambda p: p.write_bytes("Zorgkosten in België: € 5".encode("cp1252")), "UTF-8"),
    "kapot.docx": (lambda p: p.write_bytes(b"not a zip"), "Word"),
}


def test_bad_files_get_one_clear_line_each_and_the_rest_is_indexed(setup, capsys):
    settings, index, folder = setup
    ingest_paths([folder], settings, index)
    before = {c.id: c.text for c in _chunks(index)}
    for name, (make, _) in BAD.items():
        make(folder / name)
    (folder / "goed.md").write_text("# Goed\nDe verevening is herijkt in 2021.", encoding="utf-8")

    code = ingest_main([str(folder), "--data-dir", str(settings.data_dir), "--quiet"])

    assert code == 1
    err = capsys.readouterr().err
    for name, (_, reason) in BAD.items():
        lines = [line for line in err.splitlines() if name in line]
        assert len(lines) == 1 and reason in lines[0], (name, lines)
    assert "Traceback" not in err
    after = {c.id: c.text for c in _chunks(index)}
    assert {k: v for k, v in after.items() if k in before} == before  # nothing indexed was lost
    assert "goed.md" in {c.document for c in _chunks(index)}


def test_all_good_exits_zero(setup):
    settings, _, folder = setup
    assert ingest_main([str(folder), "--data-dir", str(settings.data_dir), "--quiet"]) == 0


def test_too_large_file_is_refused(setup):
    settings, index, folder = setup
    settings.limits.max_upload_mb = 0
    shutil.copy(CORPUS / MEMO, folder / "groot.pdf")
    report = ingest_paths([folder / "groot.pdf"], settings, index)
    assert report.failed and "te groot" in report.failed[0].message
    assert _docs(index) == []


def test_changed_chunking_settings_rechunk_unchanged_files(setup):
    settings, index, folder = setup
    ingest_paths([folder], settings, index)
    before = _count(index)
    settings.chunking.size = 400
    report = ingest_paths([folder], settings, index)
    assert report.count("updated") == 1
    assert _count(index) > before
