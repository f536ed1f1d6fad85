"""Figure tables on ingest: user files are validated and installed; a wrong CSV is reported, not fatal."""

import csv

from support import make_settings

from assistant.figures import load_figures
from assistant.index.factory import open_index
from ingest.__main__ import main as ingest_main

HEADER = ["table", "subject", "measure", "period", "value", "unit", "printed", "document", "page",
          "group", "direction", "note"]


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)


def test_user_figure_file_is_installed_and_wrong_csv_named_with_row_and_column(tmp_path, small_corpus, capsys,
                                                                              embeddings):
    settings = make_settings(tmp_path / "data")
    open_index(settings, embeddings)
    good = small_corpus / "verevening-2019.csv"
    _write(good, [["verevening", "Leusden", "aandeel_kosten_na_verevening", "2019", "8", "%", "8%",
                   "eigen-notitie.pdf", "1", "", "", "eigen aanlevering"]])
    bad = small_corpus / "kpi-q2.csv"
    _write(bad, [["kpi", "Wachttijd", "realisatie", "2023-Q2", "veel", "dagen", "veel", "x.pdf", "2", "", "", ""]])

    code = ingest_main([str(small_corpus), "--data-dir", str(settings.data_dir), "--quiet"])

    assert code == 1
    err = capsys.readouterr().err
    bad_lines = [line for line in err.splitlines() if "kpi-q2.csv" in line]
    assert len(bad_lines) == 1 and "rij 2, kolom" in bad_lines[0]
    assert (settings.user_figures_dir / "verevening-2019.csv").exists()
    assert not (settings.user_figures_dir / "kpi-q2.csv").exists()
    tables = load_figures([settings.figures_dir, settings.user_figures_dir])
    leusden = tables.figures.query("subject == 'Leusden' and period == '2019'")
    assert list(leusden["value"]) == [8.0]
    assert len(tables.figures.query("table == 'verevening' and period == '2018'")) > 0  # bundled still loads


def test_ingest_installs_a_valid_user_table_reports_a_wrong_one_and_answers_use_it(tmp_path, small_corpus,
                                                                                 embeddings):
    """The same through the Python API (`ingest_paths`) and the facade that answers from the tables."""
    from assistant.service import assistant_from_index
    from ingest.pipeline import ingest_paths

    settings = make_settings(tmp_path / "data")
    index = open_index(settings, embeddings)
    _write(small_corpus / "verevening-2019.csv",
           [["verevening", "Leusden", "aandeel_kosten_na_verevening", "2019", "8", "%", "8%",
             "eigen-notitie.pdf", "1", "", "", "eigen aanlevering"]])
    _write(small_corpus / "kpi-q2.csv",
           [["kpi", "Wachttijd", "realisatie", "2023-Q2", "veel", "dagen", "veel", "x.pdf", "2", "", "", ""]])

    report = ingest_paths([small_corpus], settings, index)

    by_name = {r.document: r for r in report.results}
    assert by_name["verevening-2019.csv"].status == "indexed"
    assert by_name["kpi-q2.csv"].status == "failed" and "rij 2, kolom" in by_name["kpi-q2.csv"].message
    assert by_name["memo-stand-van-zaken-sociaal-domein-leusden-2018.pdf"].status == "indexed"
    assert (settings.user_figures_dir / "verevening-2019.csv").exists()
    assert not (settings.user_figures_dir / "kpi-q2.csv").exists()
    figures = assistant_from_index(index, settings).corpus.figures
    leusden = figures.figures.query("subject == 'Leusden' and period == '2019'")
    assert list(leusden["value"]) == [8.0] and list(leusden["document"]) == ["eigen-notitie.pdf"]
    assert len(figures.figures.query("table == 'verevening' and period == '2018'")) > 0  # bundled still loads
    assert ingest_paths([small_corpus], settings, index).count("skipped") >= 2  # table and memo unchanged
