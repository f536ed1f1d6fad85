"""Uploads never lose or silently replace data; bad uploads, catalogues and figure tables get a clear message
and never block later ingests."""

from __future__ import annotations

import shutil

import pytest
from support import CORPUS, MEMO, QUICK_SCAN, make_settings

from assistant.errors import DuplicateDocumentError
from assistant.service import build_assistant


@pytest.fixture
def app(tmp_path, small_corpus, embeddings, monkeypatch):
    """An Assistant over a private index of the memo (its corpus folder is `small_corpus`)."""
    settings = make_settings(tmp_path / "data", corpus_dir=small_corpus)
    assistant = build_assistant(settings, embeddings)
    assert assistant.add_documents([small_corpus]).ok
    return assistant


def names(assistant) -> list[str]:
    return sorted(d.document for d in assistant.corpus.documents)


def test_an_upload_named_like_an_indexed_document_is_refused_unless_replaced(app, small_corpus):
    data = (CORPUS / QUICK_SCAN).read_bytes()
    with pytest.raises(DuplicateDocumentError):
        app.save_upload(MEMO, data)
    assert names(app) == [MEMO]
    memo_chunks = app.status().chunks
    path = app.save_upload(MEMO, data, replace=True)
    report = app.add_uploads([path], replace=True)
    assert report.ok and names(app) == [MEMO]
    assert app.status().chunks != memo_chunks  # the upload's content is what is indexed now
    [upload] = app.corpus.documents
    app.remove_document(upload.doc_id)
    assert names(app) == []
    assert app.add_documents([small_corpus]).ok and names(app) == [MEMO]  # the corpus file is back


def test_names_that_sanitise_alike_do_not_overwrite_each_other(app):
    paths = [app.save_upload(name, f"Notitie {i}: de wachttijd bij het wijkteam is {i} weken.".encode())
             for i, name in enumerate(["Rapport (1).txt", "Rapport 1.txt", "Отчёт.txt", "Доклад.txt"], start=1)]
    assert len({p.name for p in paths}) == 4
    report = app.add_uploads(paths)
    assert report.count("indexed") == 4
    assert len(names(app)) == 5


def test_an_upload_called_readme_stays_after_a_full_ingest(app):
    path = app.save_upload("README.txt", b"De wachttijd bij het wijkteam Testdal is zes weken.")
    assert app.add_uploads([path]).ok
    full = app.add_documents([app.settings.corpus_dir, app.settings.uploads_dir])
    assert full.ok and "README.txt" in names(app)


def test_a_failed_upload_is_removed_and_does_not_fail_later_ingests(app):
    path = app.save_upload("kapot.pdf", b"%PDF-1.4 dit is geen pdf")
    report = app.add_uploads([path])
    assert [r.status for r in report.results if r.document == "kapot.pdf"] == ["failed"]
    assert not path.exists()
    assert app.add_documents([app.settings.corpus_dir, app.settings.uploads_dir]).ok


def test_the_size_limit_is_the_same_at_upload_and_at_ingest(tmp_path, small_corpus, embeddings):
    settings = make_settings(tmp_path / "data", corpus_dir=small_corpus, limits={"max_upload_mb": 1})
    assistant = build_assistant(settings, embeddings)
    just_under = ("De wachttijd is zes weken. " * 40000)[: 1024 * 1024 - 10].encode()
    path = assistant.save_upload("groot.txt", just_under)  # 1 MiB = 1,048,576 bytes: accepted ...
    report = assistant.add_uploads([path])
    assert all("te groot" not in r.message for r in report.results)  # ... and not refused at ingest


@pytest.mark.parametrize("content", [
    "document;title\nmemo.pdf;Titel\n".encode("latin-1") + "café".encode("latin-1"),
    b"document,title\nmemo.pdf,Titel,extra,velden\n",
    b"titel,jaar\nx,2020\n",
])
def test_a_broken_catalogue_is_reported_and_never_blocks(app, small_corpus, content):
    (small_corpus / "catalogus.csv").write_bytes(content)
    report = app.add_documents([small_corpus])
    assert [r.status for r in report.results if r.document == "catalogus.csv"] == ["failed"]
    assert names(app) == [MEMO]
    assert app.add_documents([small_corpus]).count("failed") == 1  # reported again, still no exception


def write_table(path, rows: list[str]) -> None:
    header = "table,subject,measure,period,value,unit,printed,document,page,group,direction,note"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def test_a_figure_table_citing_a_page_the_document_lacks_is_refused(app, tmp_path):
    table = tmp_path / "cijfers.csv"
    write_table(table, [f"testtabel,Testdal,wachttijd,2018,6,weken,6,{MEMO},999,,,"])
    report = app.add_documents([table])
    [result] = [r for r in report.results if r.document == "cijfers.csv"]
    assert result.status == "failed" and "pagina 999 bestaat niet" in result.message
    assert not (app.settings.user_figures_dir / "cijfers.csv").exists()


def test_a_figure_table_citing_a_document_that_is_not_indexed_loads_with_a_warning(app, tmp_path):
    table = tmp_path / "cijfers.csv"
    write_table(table, ["testtabel,Testdal,wachttijd,2018,6,weken,6,elders.pdf,3,,,"])
    [result] = [r for r in app.add_documents([table]).results if r.document == "cijfers.csv"]
    assert result.status == "indexed" and any("elders.pdf" in w and "niet in de index" in w for w in result.warnings)


def test_a_contradicting_table_loads_and_the_contradiction_is_shown(tmp_path, embeddings):
    corpus = tmp_path / "corpus"
    (corpus / "figures").mkdir(parents=True)
    shutil.copy(CORPUS / QUICK_SCAN, corpus / QUICK_SCAN)
    shutil.copy(CORPUS / "figures" / "verevening.csv", corpus / "figures" / "verevening.csv")
    settings = make_settings(tmp_path / "data", corpus_dir=corpus)
    assistant = build_assistant(settings, embeddings)
    assert assistant.add_documents([corpus]).ok
    table = tmp_path / "mijn-verevening.csv"
    write_table(table, [f"verevening,Amersfoort,aandeel_kosten_voor_verevening,2018,57,%,57%,{QUICK_SCAN},21,,,",
                        f"verevening,Testdal,inwoners,2017,1000,aantal,1000,{QUICK_SCAN},21,,,"])
    [result] = [r for r in assistant.add_documents([table]).results if r.document == table.name]
    assert result.status == "indexed"
    assert any("Tegenstrijdige cijfers" in w and "57%" in w and "56%" in w for w in result.warnings)
    assert "Testdal" in assistant.corpus.figures.subjects  # the rest of the file is loaded
    answer = assistant.ask("Wat was het effect van de verevening voor Amersfoort in 2018?")
    assert "Tegenstrijdige cijfers" in answer.text and "57%" in answer.text
