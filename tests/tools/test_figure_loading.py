"""Loading and validating figure files: clear messages naming file, row and column; good files still load."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from assistant.errors import FigureDataError
from assistant.figures import install_figure_file, load_figures, read_figure_file
from assistant.figures.schema import FIGURE_COLUMNS
from assistant.tools.registry import run_tool
from assistant.tools.verevening import verevening_effect

QS = "quick-scan-zorguitgaven-regio-amersfoort-2019.pdf"


def row(**fields) -> dict[str, str]:
    base = {
        "table": "verevening",
        "subject": "Amersfoort",
        "measure": "aandeel_kosten_na_verevening",
        "period": "2019",
        "value": "61",
        "unit": "%",
        "printed": "61%",
        "document": QS,
        "page": "21",
        "group": "",
        "direction": "",
        "note": "",
    }
    return base | {k: str(v) for k, v in fields.items()}


def write_csv(path: Path, rows: list[dict], columns=FIGURE_COLUMNS, delimiter=",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter=delimiter, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_bundled_tables_load_without_errors(figures):
    assert not figures.errors
    assert {"verevening", "kpi", "financien", "besparingen", "ses", "crisis", "wijkteam"} <= set(
        figures.tables
    )
    assert len(figures.catalogue) > 0 and figures.catalogue["explained_in_part3"].isin([True, False]).all()
    assert figures.figures["value"].dtype == float and figures.figures["page"].dtype.kind == "i"


@pytest.mark.parametrize(
    ("fields", "column", "fragment"),
    [
        ({"value": "abc", "printed": ""}, "value", "geen"),
        ({"value": "1.8", "printed": "€ 1.800"}, "value", "komt niet overeen"),
        ({"subject": ""}, "subject", "leeg"),
        ({"period": "1899"}, "period", "1899"),
        ({"period": "2019-Q5"}, "period", "ongeldig"),
        ({"page": "nul"}, "page", "paginanummer"),
        ({"direction": "hoger"}, "direction", "'>'"),
        ({"measure": "Aandeel Na"}, "measure", "snake_case"),
        ({"value": "", "printed": ""}, "value", "vul 'value' of 'printed' in"),
        ({"document": ""}, "document", "leeg"),
    ],
)
def test_bad_cell_names_file_row_and_column(tmp_path, fields, column, fragment):
    path = write_csv(tmp_path / "eigen.csv", [row(period="2019", subject="Baarn"), row(**fields)])
    with pytest.raises(FigureDataError) as info:
        read_figure_file(path)
    message = str(info.value)
    assert "eigen.csv" in message and "rij 3" in message and f"kolom '{column}'" in message
    assert fragment in message


def test_header_problems_are_reported_as_row_1(tmp_path):
    path = tmp_path / "kop.csv"
    path.write_text(
        "table,subject,measure,waarde,unit,document,page\nkpi,x,realisatie,1,%,a.pdf,1\n", "utf-8"
    )
    with pytest.raises(FigureDataError, match=r"kop.csv, rij 1 .*onbekende kolom\(men\) 'waarde'"):
        read_figure_file(path)


def test_extra_field_and_encoding_and_empty_file(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text(",".join(FIGURE_COLUMNS) + "\nkpi,x,realisatie,,1,%,1%,a.pdf,1,,,,oeps\n", "utf-8")
    with pytest.raises(FigureDataError, match="extra.csv, rij 2: 13 velden"):
        read_figure_file(extra)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        (",".join(FIGURE_COLUMNS) + "\nkpi,Cliënt,realisatie,,1,%,1%,a.pdf,1,,,\n").encode("latin-1")
    )
    with pytest.raises(FigureDataError, match="geen UTF-8"):
        read_figure_file(latin)
    empty = tmp_path / "leeg.csv"
    empty.write_text("", "utf-8")
    with pytest.raises(FigureDataError, match="leeg"):
        read_figure_file(empty)


def test_all_problems_of_a_file_are_listed(tmp_path):
    path = write_csv(
        tmp_path / "veel.csv", [row(period="20188"), row(page="0"), row(value="x", printed="")]
    )
    message = str(pytest.raises(FigureDataError, read_figure_file, path).value)
    assert "3 fout(en)" in message and all(f"rij {n}" in message for n in (2, 3, 4))


def test_user_file_with_only_printed_gets_value_and_semicolons_work(tmp_path):
    rows = [
        row(
            value="",
            printed="€ 1.800",
            unit="EUR",
            table="kpi",
            subject="Kosten per klant",
            measure="realisatie",
            period="2023-Q2",
        ),
        row(
            value="0,69",
            printed="0,69",
            unit="score",
            table="ses",
            subject="Baarn",
            measure="ses_score",
            period="Q2 2023",
        ),
    ]
    path = write_csv(tmp_path / "excel-export.csv", rows, delimiter=";")
    frame = read_figure_file(path)
    assert frame["value"].tolist() == [1800.0, 0.69]
    assert frame["period"].tolist() == ["2023-Q2", "2023-Q2"]


def test_xlsx_files_are_read_and_validated(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(FIGURE_COLUMNS)
    sheet.append(
        [
            "verevening",
            "Leusden",
            "aandeel_kosten_voor_verevening",
            2019,
            9,
            "%",
            "9%",
            QS,
            21,
            None,
            None,
            None,
        ]
    )
    sheet.append(
        [
            "verevening",
            "Leusden",
            "aandeel_kosten_na_verevening",
            2019,
            0.08,
            "%",
            "8%",
            QS,
            21.0,
            None,
            None,
            None,
        ]
    )
    good = tmp_path / "goed.xlsx"
    book.save(good)
    with pytest.raises(
        FigureDataError,
        match=r"(?s)goed.xlsx: 1 fout.*rij 3, kolom 'value': 0.08 is een Excel-percentage; vul 8 in",
    ):
        read_figure_file(good)
    sheet["E3"] = 8
    book.save(good)
    frame = read_figure_file(good)
    assert frame["value"].tolist() == [9.0, 8.0] and frame["period"].tolist() == ["2019", "2019"]
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(b"geen zip")
    with pytest.raises(FigureDataError, match="kapot.xlsx: het Excel-bestand kan niet worden gelezen"):
        read_figure_file(broken)


def test_a_bad_file_does_not_stop_the_others(tmp_path, figures_dir):
    shutil.copy(figures_dir / "verevening.csv", tmp_path / "verevening.csv")
    write_csv(tmp_path / "stuk.csv", [row(period="20188")])
    (tmp_path / "README.md").write_text("# geen cijfers", "utf-8")
    tables = load_figures([tmp_path])
    assert tables.files == ["verevening.csv"]
    assert len(tables.errors) == 1 and "stuk.csv" in tables.errors[0] and "20188" in tables.errors[0]
    assert not tables.table("verevening").empty


def test_next_years_verevening_is_picked_up_from_a_user_file(tmp_path, figures_dir):
    user_dir = tmp_path / "data" / "figures"
    user_dir.mkdir(parents=True)
    shares = {
        "Amersfoort": (55, 59),
        "Baarn": (8, 8),
        "Bunschoten": (5, 5),
        "Eemnes": (2, 2),
        "Leusden": (10, 8),
        "Soest": (15, 14),
        "Woudenberg": (5, 4),
    }
    rows = [
        row(subject=m, measure=measure, value=v, printed=f"{v}%", page=3, document="verevening-2019.pdf")
        for m, (before, after) in shares.items()
        for measure, v in (
            ("aandeel_kosten_voor_verevening", before),
            ("aandeel_kosten_na_verevening", after),
        )
    ]
    rows.append(
        row(
            subject="Totaal",
            measure="totale_kosten_verevende_percelen",
            value="",
            printed="€ 35.000",
            unit="EUR x 1000",
            page=3,
            document="verevening-2019.pdf",
        )
    )
    write_csv(user_dir / "verevening-2019.csv", rows)
    tables = load_figures([figures_dir, user_dir])
    assert not tables.errors
    result = verevening_effect(tables, gemeente="Amersfoort")
    years = [r["jaar"] for r in result.rows]
    assert years == ["2016", "2017", "2018", "2019", "totaal 2016-2019"]
    assert result.rows[3]["verschil"] == pytest.approx(0.04 * 35000)
    assert any(s.document == "verevening-2019.pdf" and s.page == 3 for s in result.sources)


def test_conflicting_figure_in_a_later_file_is_loaded_and_recorded(tmp_path, figures_dir):
    shutil.copy(figures_dir / "verevening.csv", tmp_path / "a.csv")
    write_csv(tmp_path / "b.csv", [row(period="2018", value=57, printed="57%"),
                                   row(subject="Baarn", period="2019", value=7, printed="7%")])
    tables = load_figures([tmp_path])
    assert tables.files == ["a.csv", "b.csv"] and not tables.errors
    key = ("verevening", "Amersfoort", "aandeel_kosten_na_verevening", "2018", "", "%")
    used = tables.figures.query(
        "subject == 'Amersfoort' and measure == 'aandeel_kosten_na_verevening' and period == '2018'")
    assert len(used) == 1 and used.iloc[0]["source_file"] == "a.csv"  # the first-loaded figure is used
    note = tables.conflicts[key]
    assert "a.csv" in note and "b.csv" in note and "57%" in note and f"{used.iloc[0]['printed']}" in note
    assert tables.conflict_notes(used) == [note]
    # the rest of the later file loads
    assert len(tables.figures.query("subject == 'Baarn' and period == '2019'")) == 1
    assert len(tables.conflicts) == 1


def test_a_tool_that_uses_a_contradicted_figure_shows_the_contradiction(tmp_path, figures_dir):
    shutil.copy(figures_dir / "verevening.csv", tmp_path / "a.csv")
    write_csv(tmp_path / "b.csv", [row(period="2018", value=57, printed="57%")])
    result = run_tool(load_figures([tmp_path]), "verevening_effect", {"gemeente": "Amersfoort", "jaar": 2018})
    notes = [n for n in result.notes if "Tegenstrijdig" in n]
    assert notes and "57%" in notes[0] and "b.csv" in notes[0]


def test_same_file_in_corpus_and_data_dir_is_loaded_once(tmp_path, figures_dir):
    copy_dir = tmp_path / "figures"
    copy_dir.mkdir()
    shutil.copy(figures_dir / "kpi.csv", copy_dir / "kpi.csv")
    tables = load_figures([figures_dir, copy_dir])
    assert not tables.errors
    assert tables.files.count("kpi.csv") == 1
    assert len(tables.table("kpi")) == len(read_figure_file(figures_dir / "kpi.csv"))


def test_any_subject_loads_and_municipalities_are_the_places_among_them(tmp_path):
    write_csv(tmp_path / "nieuw.csv", [row(subject="Nijkerk", period="2018"), row(subject="Atlantis", period="2018"),
                                       row(subject="Amersfort", period="2018"), row(subject="Totaal", period="2018")])
    tables = load_figures([tmp_path])
    assert not tables.errors and tables.files == ["nieuw.csv"]
    assert {"Nijkerk", "Atlantis", "Amersfort", "Totaal"} <= set(tables.subjects)
    assert "Nijkerk" in tables.municipalities  # a real municipality (gazetteer), not in the bundled tables
    assert not {"Atlantis", "Totaal"} & set(tables.municipalities)  # not a place; an aggregate


def test_header_only_file_is_refused(tmp_path):
    path = write_csv(tmp_path / "kop.csv", [])
    with pytest.raises(FigureDataError, match="kop.csv: het bestand heeft alleen een kopregel"):
        read_figure_file(path)
    tables = load_figures([tmp_path])
    assert tables.files == [] and len(tables.errors) == 1 and "kop.csv" in tables.errors[0]


def test_dash_means_not_quantified(tmp_path):
    rows = [
        row(
            table="besparingen",
            subject="Transformatie/preventie",
            measure="gerealiseerde_opbrengst",
            value="",
            printed="-",
            unit="EUR",
            period="2019",
        )
    ]
    frame = read_figure_file(write_csv(tmp_path / "streepje.csv", rows))
    assert frame["value"].isna().all()


def test_install_copies_only_valid_files(tmp_path):
    dest = tmp_path / "data" / "figures"
    good = write_csv(tmp_path / "goed.csv", [row()])
    assert len(install_figure_file(good, dest)) == 1 and (dest / "goed.csv").is_file()
    bad = write_csv(tmp_path / "fout.csv", [row(page="x")])
    with pytest.raises(FigureDataError, match="fout.csv"):
        install_figure_file(bad, dest)
    assert not (dest / "fout.csv").exists()
