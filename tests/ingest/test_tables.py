"""Figures from tables and running text (`ingest.tables`, `ingest.tables_text`).

Ground truth: the hand-curated figure CSVs of the bundled reports (corpus/figures) and hand-checked gold
cells of the GGD begroting (tests/data/tables_gold, read from the rendered pages by eye).
"""

from __future__ import annotations

import csv
import pickle
import time
from pathlib import Path

import pytest
from support import CORPUS, QUICK_SCAN

from assistant.numbers import parse_dutch_number
from assistant.text import normalise_for_match
from ingest.pdf import load_pages
from ingest.tables import (
    ExtractionResult,
    GridRow,
    TableGrid,
    Tok,
    _split_header,
    extract_docx_figures,
    extract_figures,
    figures_from_frame,
    grid_figures,
    parse_cell,
    period_of,
    slug,
)
from ingest.tables_text import figures_from_text

GOLD = Path(__file__).resolve().parents[1] / "data" / "tables_gold"
FOREIGN = Path("/work/shared/foreign")
GGD = FOREIGN / "reg_ggd_flevoland_begroting_2026.pdf"
KPI = "kwartaalrapportage-kpi-sociaal-domein-q1-2023.pdf"
WOUDENBERG = "voortgangsrapportage-zorgkosten-woudenberg-2019-2020.pdf"
needs_foreign = pytest.mark.skipif(not GGD.exists(), reason="foreign PDFs not available")


def _extract(path: Path) -> ExtractionResult:
    return extract_figures(path, path.name, load_pages(path))


@pytest.fixture(scope="module")
def ggd() -> ExtractionResult:
    return _extract(GGD)


@pytest.fixture(scope="module")
def kpi() -> ExtractionResult:
    return _extract(CORPUS / KPI)


@pytest.fixture(scope="module")
def quick_scan() -> ExtractionResult:
    return _extract(CORPUS / QUICK_SCAN)


def _curated(table: str) -> list[dict[str, str]]:
    with (CORPUS / "figures" / f"{table}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _gold(name: str) -> list[dict[str, str]]:
    with (GOLD / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _cells(result: ExtractionResult, page: int, row_label: str, column_label: str) -> list[str]:
    return [r.printed for r in result.rows
            if r.page == page and r.row_label == row_label and r.column_label == column_label]


# --- GGD begroting: hand-checked gold cells -------------------------------------------------------


@needs_foreign
@pytest.mark.parametrize("gold", ["ggd_inwonerbijdrage_p27.csv", "ggd_inwonerbijdrage_per_gemeente_p28.csv",
                                  "ggd_fte_p13.csv"])
def test_gold_cells_found_with_their_labels(ggd, gold):
    rows = _gold(gold)
    printed = [g for g in rows if g["printed"]]
    missing = [g for g in printed
               if g["printed"] not in _cells(ggd, int(g["page"]), g["row_label"], g["column_label"])]
    assert not missing, missing[:5]


@needs_foreign
def test_empty_cells_stay_empty(ggd):
    rows = _gold("ggd_inwonerbijdrage_p27.csv")
    empty = [g for g in rows if not g["printed"]]
    assert len(empty) >= 15
    for g in empty:
        # a label may occur twice in the table ("Versterking bestuursondersteuning" -250 and 250); the empty
        # cell must not hold any value other than those printed for that label in that column
        allowed = {x["printed"] for x in rows if x["row_label"] == g["row_label"]
                   and x["column_label"] == g["column_label"] and x["printed"]}
        got = set(_cells(ggd, 27, g["row_label"], g["column_label"]))
        assert got <= allowed, (g, got)
    # the -15 of "Duurzaamheid" stands under 2026 and 2027 only, not shifted to 2028/2029
    duurzaamheid = {r.column_label: r.printed for r in ggd.rows if r.page == 27 and r.row_label == "Duurzaamheid"}
    assert duurzaamheid == {"2026": "-15", "2027": "-15"}


@needs_foreign
def test_ggd_periods_units_and_values(ggd):
    almere = [r for r in ggd.rows if r.page == 28 and r.row_label == "Almere" and r.column_label == "2029"]
    assert {(r.period, r.unit, r.value) for r in almere} >= {("2029", "EUR x 1000", 91.0), ("2029", "EUR x 1000", 7209.0)}
    fte = [r for r in ggd.rows if r.page == 13 and r.column_label == "FTE"]
    assert {r.unit for r in fte} == {"fte"} and len(fte) == 9
    pct = [r for r in ggd.rows if r.page == 37 and r.row_label == "solvabiliteitsrisico"]
    assert {(r.period, r.unit, r.printed) for r in pct} >= {("2023", "%", "21,6%"), ("2026", "%", "19,9%")}
    negative = [r for r in ggd.rows if r.page == 27 and r.row_label == "Nacalculatie CAO"]
    assert [r.value for r in negative] == [-406.0]
    assert all(r.origin == "extracted" and r.document == GGD.name for r in ggd.rows)


@needs_foreign
def test_total_discrepancy_is_kept_and_warned(ggd):
    total = [r for r in ggd.rows if r.page == 13 and r.row_label == "Totaal" and r.column_label == "FTE"]
    assert [r.printed for r in total] == ["599"]  # kept as printed, never "fixed"
    assert any("p. 13" in w and "599" in w and "598" in w for w in ggd.warnings), ggd.warnings
    # the risk table's printed column total matches neither its rows
    assert any("p. 33" in w and "6.540" in w for w in ggd.warnings)


@needs_foreign
def test_every_extracted_value_is_on_its_page(ggd):
    pages = {p.number: normalise_for_match(p.text) for p in load_pages(GGD)}
    assert len(ggd.rows) > 500
    assert all(normalise_for_match(r.printed) in pages[r.page] for r in ggd.rows)


@needs_foreign
@pytest.mark.parametrize("name", ["nat_vng_richtinggevend_kader_toegang_lokale_teams.pdf",
                                  "mun_almere_2024_2034_maatschappelijke_agenda_beleidstekst.pdf"])
def test_no_tables_in_prose_documents(name):
    """Tables of contents, footnotes and two-column prose are not tables."""
    result = extract_figures(FOREIGN / name, name, running_text=False)
    assert result.rows == [] and result.tables == 0


# --- bundled reports: cells against the curated CSVs ----------------------------------------------


def test_kpi_financial_overview(kpi):
    """'Financieel overzicht 2023': begroting / verwachting / verschil per line, as curated."""
    column_for = {"begroting": "Begroting 2023", "verwachting": "Verwachting 2023", "verschil": "Verschil"}
    curated = _curated("financien")
    assert len(curated) == 24
    for row in curated:
        got = [r for r in kpi.rows if r.page == int(row["page"]) and r.row_label == row["subject"]
               and r.column_label.startswith(column_for[row["measure"]])]
        assert len(got) == 1, row
        assert got[0].value == float(row["value"]) and got[0].period == row["period"] and got[0].unit == row["unit"]
    table = {r.table for r in kpi.rows if r.page == 11}
    assert table == {"financieel_overzicht"}


def test_quick_scan_verevening_table(quick_scan):
    """Tabel 1: shares per municipality and year, before and after verevening, as curated."""
    measure_group = {"aandeel_kosten_voor_verevening": "Voor verevening", "aandeel_kosten_na_verevening": "Na verevening"}
    curated = [r for r in _curated("verevening") if r["measure"] in measure_group]
    assert len(curated) == 48
    for row in curated:
        label = f"{measure_group[row['measure']]} {row['period']}"
        got = _cells(quick_scan, 21, row["subject"], label)
        assert got == [row["printed"]], (row, got)
    title = {r.table_title for r in quick_scan.rows if r.page == 21}
    assert title == {"Tabel 1. Ontwikkeling kosten verevende percelen voor/na verevening t.o.v. aantal inwoners"}
    # the amount row has 6 figures under 8 columns: not guessed, reported
    assert any("Totaal verevende percelen" in w and "6 waarde(n) voor 8 kolommen" in w for w in quick_scan.warnings)


def test_quick_scan_table_continued_on_next_page(quick_scan):
    """Tabel 2 starts on p46 and continues on p47 without its header."""
    curated = _curated("ses")
    for row in curated:
        got = [r for r in quick_scan.rows if r.page == int(row["page"]) and r.row_label == row["subject"]
               and r.period == row["period"] and r.printed == row["printed"]]
        assert got, row
    assert {r.table for r in quick_scan.rows if r.page in (46, 47)} == {"daling_sociaal_economische_status"}


def test_text_line_rows_with_fewer_figures_are_not_guessed():
    result = _extract(CORPUS / WOUDENBERG)
    expected = {(r["subject"], r["measure"], r["period"]): r["printed"] for r in _curated("besparingen")
                if r["page"] == "17"}
    overview = [r for r in result.rows if r.page == 17]
    assert {(r.row_label, r.period, r.printed) for r in overview} >= {
        ("Voorwaardenscheppend", "2019", expected[("Voorwaardenscheppend", "gerealiseerde_opbrengst", "2019")]),
        ("Doorontwikkeling toegang", "2019", "37.400"),
    }
    assert not [r for r in overview if r.printed in ("-", "–")]  # a dash is no figure
    assert not [r for r in result.rows if r.page == 13]  # 3 figures under 4 year columns: left out
    assert any("p. 13" in w and "3 waarde(n) voor 4 kolommen" in w for w in result.warnings)


# --- running text -----------------------------------------------------------------------------------


def test_figures_in_running_text():
    text = ("De uitgaven stegen van € 1,2 miljoen in 2020 naar € 1,9 miljoen in 2022.\n"
            "In Leusden waren er 28 cliënten in 2018; 35 in 2017 en 28 in 2016.\n"
            "Zoals aangegeven zijn de totale kosten voor crisishulp € 1,1 miljoen in 2018.\n"
            "In 2023 ontvingen 1.113 klanten hulp bij het huishouden.\n"
            "Het college vergadert op 12 maart over 3 voorstellen.")
    rows = figures_from_text(text, "memo.pdf", 4, section="2.1 Financiën")
    got = {(r.subject, r.period, r.value, r.unit, r.printed) for r in rows}
    assert got == {
        ("uitgaven", "2020", 1_200_000.0, "EUR", "€ 1,2 miljoen"),
        ("uitgaven", "2022", 1_900_000.0, "EUR", "€ 1,9 miljoen"),
        ("cliënten (Leusden)", "2018", 28.0, "aantal", "28"),
        ("cliënten (Leusden)", "2017", 35.0, "aantal", "35"),
        ("cliënten (Leusden)", "2016", 28.0, "aantal", "28"),
        ("totale kosten voor crisishulp", "2018", 1_100_000.0, "EUR", "€ 1,1 miljoen"),
        ("klanten hulp bij het huishouden", "2023", 1113.0, "aantal", "1.113"),
    }
    assert {r.table for r in rows} == {"tekst_financien"}
    assert all(r.table_title and r.origin == "extracted" and r.page == 4 for r in rows)


def test_running_text_on_a_report_page(quick_scan):
    rows = [r for r in quick_scan.rows if r.page == 41 and r.table.startswith("tekst")]
    assert {(r.subject, r.period, r.printed) for r in rows} >= {
        ("gemiddelde kosten per cliënt", "2017", "€ 7.728"),
        ("gemiddelde kosten per cliënt", "2018", "€ 12.612"),
    }


# --- pure helpers, DOCX and spreadsheets ------------------------------------------------------------


def _toks(text: str) -> list[Tok]:
    out = []
    for word in text.split():
        period = period_of(word)
        value = parse_cell(word)
        kind = "period" if period else "num" if value is not None else "text"
        out.append(Tok(word, 0, 0, 0, 0, 10, False, kind, value, period))
    return out


@pytest.mark.parametrize("header,n,expected", [
    ("Begroting 2023 Verwachting 2023 Verschil Begroting t.o.v. Forecast 2023", 3,
     ("", ["Begroting 2023", "Verwachting 2023", "Verschil Begroting t.o.v. Forecast 2023"])),
    ("Cluster Verwachtte opbrengst 2019 Gerealiseerde opbrengst 2019", 2,
     ("Cluster", ["Verwachtte opbrengst 2019", "Gerealiseerde opbrengst 2019"])),
    ("Cluster Regionale inkoop 2019 2020 2021 2022", 4, ("Cluster Regionale inkoop", ["2019", "2020", "2021", "2022"])),
    ("2014 2017 Daling %", 3, ("", ["2014", "2017", "Daling %"])),
    ("2023 realisatie 2024 realisatie", 2, ("", ["2023 realisatie", "2024 realisatie"])),
    ("Amersfoort Baarn Leusden", 3, ("", ["Amersfoort", "Baarn", "Leusden"])),
    ("Gemeente Amersfoort Baarn", 2, ("Gemeente", ["Amersfoort", "Baarn"])),
    ("Omschrijving van de kosten per jaar", 3, None),
])
def test_split_header(header, n, expected):
    assert _split_header(_toks(header), n) == expected


def test_periods_cells_and_slugs():
    assert period_of("2023") == "2023" and period_of("Q1 2023") == "2023-Q1" and period_of("2019-2022") == "2019-2022"
    assert period_of("31-12-2024") == "2024" and period_of("31-dec-23") == "2023" and period_of("1.000") == ""
    assert parse_cell("€7.136,") == 7136 and parse_cell("€ -555.000") == -555000 and parse_cell("-") is None
    assert parse_cell("ww15.018") is None and parse_cell("8,5%") == 8.5
    assert slug("Tabel 1. Ontwikkeling kosten (x € 1.000)") == "tabel_1_ontwikkeling_kosten"


def test_grid_totals_and_units():
    grid = TableGrid(page=3, title="Formatie (fte)", columns=["2024", "2025"], layout="aligned", rows=[
        GridRow("Team A", ["10", "11"]), GridRow("Team B", ["5", ""]), GridRow("Totaal", ["16", "11"]),
    ])
    rows, warnings = grid_figures(grid, "doc.pdf", "formatie")
    assert [(r.subject, r.period, r.value, r.unit) for r in rows if r.subject == "Totaal"] == [
        ("Totaal", "2024", 16.0, "fte"), ("Totaal", "2025", 11.0, "fte")]
    assert len(warnings) == 1 and "16" in warnings[0] and "(15)" in warnings[0]


def test_docx_tables(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Tabel 2. Uitgaven Wmo (bedragen x € 1.000)")
    data = [["Onderdeel", "2023", "2024"], ["Hulp bij huishouden", "1.200", "1.350"], ["Begeleiding", "800", "-"],
            ["Totaal", "2.000", "1.351"]]
    table = document.add_table(rows=len(data), cols=3)
    for i, row in enumerate(data):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    path = tmp_path / "wmo.docx"
    document.save(str(path))
    result = extract_docx_figures(path, "wmo.docx")
    got = {(r.subject, r.column_label, r.period, r.unit, r.printed) for r in result.rows}
    assert ("Hulp bij huishouden", "2024", "2024", "EUR x 1000", "1.350") in got
    assert not [r for r in result.rows if r.subject == "Begeleiding" and r.period == "2024"]
    assert {r.table for r in result.rows} == {"uitgaven_wmo"} and result.tables == 1
    assert len(result.warnings) == 1 and "1.351" in result.warnings[0]


def test_generic_frame():
    import pandas as pd

    frame = pd.DataFrame({"Gemeente": ["Noord", "Zuid"], 2023: [120, 80], "2024": [130.5, None]})
    result = figures_from_frame(frame, "cijfers.xlsx", "Cliënten Wmo")
    got = {(r.subject, r.period, r.value, r.printed) for r in result.rows}
    assert got == {("Noord", "2023", 120.0, "120"), ("Zuid", "2023", 80.0, "80"), ("Noord", "2024", 130.5, "130,5")}
    assert {r.table for r in result.rows} == {"clienten_wmo"}


def test_result_is_picklable_and_fast(kpi):
    copy = pickle.loads(pickle.dumps(kpi))
    assert copy == kpi
    started = time.perf_counter()
    extract_figures(CORPUS / QUICK_SCAN, QUICK_SCAN)
    assert time.perf_counter() - started < 10  # 76 pages; about 1 s on the reference machine
    assert parse_dutch_number("1.000") == 1000


def test_precision_judgements_recorded():
    """The by-eye judgement of the 2 x 50 sampled cells (scripts/extraction_eval.py --show-sample)."""
    with (GOLD / "precision_judgements.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for name in ("sample", "foreign"):
        judged = [r for r in rows if r["set"] == name]
        assert len(judged) == 50
        assert sum(r["correct"] == "yes" for r in judged) / len(judged) >= 0.95
        assert all(r["why"] for r in judged)
