"""Figures read at ingest from any document: PDF tables and running text (with the section and the printed
line of each figure), DOCX tables, spreadsheets that are not figure tables; counts and checks in the report."""

from __future__ import annotations

import csv
from functools import cache

import pytest
from support import FOREIGN, GGD, make_settings

from assistant.index.factory import open_index
from assistant.models import DocumentInfo
from assistant.places import Gazetteer
from ingest.chunking import chunk_document
from ingest.figures import document_figures
from ingest.pdf import load_document
from ingest.pipeline import ingest_paths

WOONZORG = "reg_woonzorg_flevoland_beleidsplan_2026.pdf"
foreign = pytest.mark.skipif(not (FOREIGN / GGD).is_file(), reason="../shared/foreign is not available")


def places(text: str):
    return [(m.place.name, m.start, m.end) for m in Gazetteer.default().find(text)]


@cache
def figures_of(name: str):
    path = FOREIGN / name
    loaded = load_document(path)
    info = DocumentInfo(doc_id="t", document=name, title=name, file_hash="", pages=len(loaded.pages))
    return document_figures(path, loaded.pages, chunk_document(info, loaded.pages, 900, 150), places)


@foreign
def test_each_table_figure_has_its_own_printed_line_and_section():
    rows = [r for r in figures_of(GGD).rows if r.page == 15 and r.row_label == "Kosten"]
    assert {r.period: r.printed for r in rows} == {"2023": "20.470", "2024": "22.253", "2025": "23.317",
                                                   "2026": "26.525"}
    assert {r.quote for r in rows} == {"Kosten 20.470 22.253 23.317 26.525"}
    # printed under the chapter's running header, but in section 5.1 (whose heading is on the page before)
    assert {r.section for r in rows} == {"5.1 Jeugd en gezin"}
    almere = [r for r in figures_of(GGD).rows if r.page == 28 and r.row_label == "Almere" and r.period == "2029"]
    assert {r.quote for r in almere} == {"Almere 6.947 7.029 7.118 7.209", "Almere 482 81 90 91"}


@foreign
def test_a_total_that_differs_from_its_rows_is_kept_as_printed_and_reported():
    result = figures_of(GGD)
    total = next(r for r in result.rows if r.page == 13 and r.row_label == "Totaal" and r.printed == "599")
    assert total.value == 599 and "wijkt af van de som" in total.note and "598" in total.note
    assert any("599" in w and "598" in w for w in result.warnings)


@foreign
def test_counts_per_place_in_running_text():
    rows = {(r.subject, r.measure, r.period): r.printed for r in figures_of(WOONZORG).rows}
    assert rows[("Lelystad", "appartementen", "2030")] == "1.000"
    assert rows[("Almere", "appartementen", "2030")] == "2.500"


def write_csv(path, rows, delimiter=";"):
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def test_spreadsheets_that_are_not_figure_tables_are_documents_with_figures(tmp_path, embeddings):
    from openpyxl import Workbook

    docs = tmp_path / "docs"
    docs.mkdir()
    write_csv(docs / "bijdragen-regio.csv", [["Gemeente", "2023", "2024"], ["Deventer", "1.200", "1.350"],
                                             ["Zwolle", "2.100", "2.050"], ["Totaal", "3.300", "3.400"]])
    book = Workbook()
    sheet = book.active
    sheet.title = "Wachtlijst"
    for row in (["Wijk", 2023, 2024], ["Centrum", 41, 37], ["Noord", 18, 25]):
        sheet.append(row)
    book.save(docs / "wachtlijst.xlsx")
    settings = make_settings(tmp_path / "data")
    index = open_index(settings, embeddings)

    report = ingest_paths([docs], settings, index)

    results = {r.document: r for r in report.results}
    assert results["bijdragen-regio.csv"].status == "indexed" and results["bijdragen-regio.csv"].tables == 1
    assert results["bijdragen-regio.csv"].figures == 6 and results["wachtlijst.xlsx"].figures == 4
    figures = {(f.document, f.subject, f.period): f for f in index.catalog.figures()}
    deventer = figures[("bijdragen-regio.csv", "Deventer", "2024")]
    assert deventer.value == 1350 and deventer.quote == "Deventer | 1.200 | 1.350"
    assert figures[("wachtlijst.xlsx", "Noord", "2024")].value == 25
    assert not (settings.user_figures_dir / "bijdragen-regio.csv").exists()  # not installed as a figure table


def test_docx_tables_are_read_at_ingest(tmp_path, embeddings):
    from docx import Document

    docs = tmp_path / "docs"
    docs.mkdir()
    doc = Document()
    doc.add_paragraph("De gemeente Epe monitort de kosten van de Wmo per voorziening.")
    doc.add_paragraph("Kosten Wmo (x € 1.000)")
    table = doc.add_table(rows=3, cols=3)
    for r, values in enumerate([["Voorziening", "2023", "2024"], ["Huishoudelijke hulp", "2.140", "2.310"],
                                ["Begeleiding", "1.520", "1.605"]]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    doc.save(docs / "wmo-monitor.docx")
    settings = make_settings(tmp_path / "data")
    index = open_index(settings, embeddings)

    report = ingest_paths([docs], settings, index)

    assert report.results[0].tables == 1 and report.results[0].figures == 4
    row = next(f for f in index.catalog.figures() if f.subject == "Begeleiding" and f.period == "2024")
    assert row.printed == "1.605" and row.unit == "EUR x 1000"


def test_the_cli_report_counts_tables_and_figures_per_document(tmp_path, capsys):
    from ingest.__main__ import main

    docs = tmp_path / "docs"
    docs.mkdir()
    write_csv(docs / "bijdragen.csv", [["Gemeente", "2023", "2024"], ["Deventer", "1.200", "1.350"]])
    assert main([str(docs), "--data-dir", str(tmp_path / "data"), "--quiet"]) == 0
    assert "cijfers: bijdragen.csv — 1 tabel(len), 2 cijfers gelezen" in capsys.readouterr().err
