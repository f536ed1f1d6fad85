"""Budget variance and cost drivers against the Q1 2023 financial overview."""

from __future__ import annotations

import pytest

from assistant.errors import ToolInputError
from assistant.tools.budget import budget_variance, cost_drivers


def by_line(result):
    return {r["regel"]: r for r in result.rows}


def test_forecast_is_826000_above_budget(figures):
    result = budget_variance(figures)
    total = by_line(result)["Totale kosten"]
    assert total["afwijking"] == 826_000  # "De totale kosten zitten €826.000 boven begroting"
    assert total["afwijking %"] == pytest.approx(826_000 / 26_590_000 * 100)
    assert "€ 826.000" in result.summary and "3,1%" in result.summary and "boven" in result.summary
    assert {(s.document, s.page) for s in result.sources} == {
        ("kwartaalrapportage-kpi-sociaal-domein-q1-2023.pdf", 11)
    }


def test_lines_add_up_and_printed_differences_agree(figures):
    result = budget_variance(figures)
    lines = by_line(result)
    parts = ["Jeugdzorg", "WMO", "Wijkteam", "Overhead"]
    assert sum(lines[p]["begroting"] for p in parts) == lines["Totale kosten"]["begroting"]
    assert sum(lines[p]["afwijking"] for p in parts) == lines["Totale kosten"]["afwijking"]
    assert all(r["klopt"] == "ja" for r in result.rows)
    assert (
        sum(
            "Som van Jeugdzorg, WMO, Wijkteam, Overhead" in n and "= Totale kosten" in n for n in result.notes
        )
        == 2
    )
    assert lines["Financiering gemeente"]["afwijking"] == 802_000  # "waarvan €802.000 ... gemeente"
    assert lines["Wijkteam"]["afwijking"] < 0  # under budget


def test_single_line_with_fuzzy_name(figures):
    result = budget_variance(figures, regel="jeugdzorg")
    (row,) = result.rows
    assert row["afwijking"] == 555_000 and row["afwijking %"] == pytest.approx(4.88, abs=0.01)
    assert "Jeugdzorg 2023" in result.summary and "€ 555.000 (4,9%) boven" in result.summary


def test_unknown_line_lists_the_options(figures):
    with pytest.raises(ToolInputError, match="Onbekende begrotingsregel 'Onderwijs'.*Jeugdzorg, WMO"):
        budget_variance(figures, regel="Onderwijs")
    with pytest.raises(ToolInputError, match="Onbekende periode '2022'"):
        budget_variance(figures, periode="2022")


def test_cost_drivers_add_up_with_the_unexplained_rest(figures):
    result = cost_drivers(figures)
    rest = {r["groep"]: r["bedrag"] for r in result.rows if r["soort"] == "rest"}
    assert rest == {
        "Jeugd": -120_000,
        "Wmo": 8_000,
    }  # 215+230+580-190-110-50 = 675 vs 555; 175+70+87 = 332 vs 340
    jeugd = cost_drivers(figures, groep="jeugd")
    assert {r["groep"] for r in jeugd.rows} == {"Jeugd"}
    assert "€ 675.000" in jeugd.summary and "€ 555.000" in jeugd.summary
    assert any(
        r["oorzaak"] == "minder klanten in groepsverblijf" and r["bedrag"] == -50_000 for r in jeugd.rows
    )
