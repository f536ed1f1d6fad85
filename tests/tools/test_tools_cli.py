"""CLI contract: `python -m assistant.tools` lists, `run NAME 'JSON'` prints a table or `--json`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assistant.tools.cli import main
from assistant.tools.registry import TOOLS

REPO = Path(__file__).resolve().parents[2]
DIRS = ["--figures-dir", str(REPO / "corpus" / "figures")]


def test_lists_the_tools(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == list(TOOLS)
    assert all(len(line.split(None, 1)[1]) > 20 for line in out)


def test_run_prints_a_table_with_summary_and_sources(capsys):
    assert main([*DIRS, "run", "verevening_effect", '{"gemeente": "Woudenberg", "jaar": 2018}']) == 0
    out = capsys.readouterr().out
    assert "| gemeente | jaar |" in out and "| Woudenberg | 2018 |" in out and "-339,46" in out
    assert "€ 339.460" in out and "Bronnen: quick-scan-zorguitgaven-regio-amersfoort-2019.pdf, p. 21" in out


def test_run_json_prints_the_tool_result(capsys):
    assert main([*DIRS, "run", "kpi_status", '{"alleen_niet_gehaald": true}', "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"tool", "title", "columns", "rows", "summary", "notes", "sources"}
    assert data["tool"] == "kpi_status" and all(r["gehaald"] == "nee" for r in data["rows"])
    assert set(data["sources"][0]) == {"document", "page", "table", "subject", "measure", "period", "printed",
                                       "quote", "section"}


def test_errors_are_one_line_on_stderr_with_exit_2(capsys):
    for argv in (
        ["run", "verevening_effect", '{"gemeente": "Utrecht"}'],
        ["run", "bestaat_niet"],
        ["run", "kpi_status", "{kpi: 5}"],
        ["run", "ratio", '{"soort": "winst"}'],
        ["describe", "bestaat_niet"],
    ):
        assert main([*DIRS, *argv]) == 2, argv
        captured = capsys.readouterr()
        assert captured.out == ""
        assert len(captured.err.strip().splitlines()) == 1 and captured.err.startswith("Fout: ")


def test_describe_shows_the_argument_schema(capsys):
    assert main(["describe", "verevening_scenario"]) == 0
    out = capsys.readouterr().out
    assert "eigen risico" in out and '"eigen_risico_pct"' in out


def test_figures_dir_option_and_warnings_for_bad_files(tmp_path, capsys, figures_dir):
    (tmp_path / "kpi.csv").write_bytes((figures_dir / "kpi.csv").read_bytes())
    (tmp_path / "stuk.csv").write_text("table,subject\nkpi,x\n", "utf-8")
    assert main(["--figures-dir", str(tmp_path), "run", "kpi_status", '{"kpi": "KPI 9"}', "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["rows"][0]["afwijking"] == -6.25
    assert captured.err.startswith("Waarschuwing: stuk.csv")
    assert main(["--figures-dir", str(tmp_path), "run", "budget_variance"]) == 2
    assert "financien" in capsys.readouterr().err


def test_python_dash_m_entry_point():
    args = ["run", "budget_variance", '{"regel": "Totale kosten"}', "--json"]
    run = subprocess.run(
        [sys.executable, "-m", "assistant.tools", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["rows"][0]["afwijking"] == 826_000
    bad = subprocess.run(
        [sys.executable, "-m", "assistant.tools", "run", "ratio", "{}"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2 and "soort" in bad.stderr and "Traceback" not in bad.stderr
