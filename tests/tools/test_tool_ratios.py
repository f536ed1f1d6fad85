"""Ratios reproduce the percentages the quick scan prints."""

from __future__ import annotations

import pytest

from assistant.errors import ToolInputError
from assistant.tools.ratios import ratio


def test_ses_decline_reproduces_table_2(figures):
    result = ratio(figures, "ses_daling")
    assert len(result.rows) == 7
    assert all(r["klopt met rapport"] == "ja" for r in result.rows)  # incl. Woudenberg 12,5% -> 13%
    bunschoten = next(r for r in result.rows if r["gemeente"] == "Bunschoten")
    assert bunschoten["uitkomst"] == pytest.approx((0.69 - 0.18) / 0.69 * 100)
    assert "Bunschoten" in result.summary.split("hoogst")[1].split(",")[0]
    assert {s.page for s in result.sources} == {46, 47}


def test_crisis_utilisation_is_cost_over_obligation(figures):
    result = ratio(figures, "uitnutting")
    assert all(r["klopt met rapport"] == "ja" for r in result.rows)
    soest = ratio(figures, "uitnutting", gemeente="Soest")
    assert soest.rows[0]["uitkomst"] == pytest.approx(6199 / 7315 * 100)
    assert "(rapport: 85%)" in soest.summary


def test_wijkteam_fte_per_1000_shows_where_the_report_rounds(figures):
    rows = {r["gemeente"]: r for r in ratio(figures, "fte_per_1000_inwoners").rows}
    assert rows["Baarn"]["uitkomst"] == pytest.approx(10.32 / 24500 * 1000)
    assert rows["Baarn"]["klopt met rapport"] == "ja"
    assert rows["Bunschoten"]["klopt met rapport"] == "nee"  # 10 / 21.000 = 0,48, printed 0,50


def test_costs_per_inhabitant_and_per_youth(figures):
    per_inhabitant = ratio(figures, "kosten_per_inwoner", gemeente="Amersfoort", jaar=2018)
    assert per_inhabitant.rows[0]["uitkomst"] == pytest.approx(0.56 * 33_946_000 / 154_337)
    per_youth = ratio(figures, "kosten_per_jeugdige", gemeente="Amersfoort", jaar=2018, verevening="na")
    assert per_youth.rows[0]["uitkomst"] == pytest.approx(0.60 * 33_946_000 / (154_337 * 0.232))
    assert {s.table for s in per_youth.sources} == {"verevening", "leeftijd"}
    assert any("benadering" in n for n in per_youth.notes)


def test_bad_ratio_input(figures):
    with pytest.raises(ToolInputError, match="Onbekende soort ratio"):
        ratio(figures, "winst")  # type: ignore[arg-type]
    with pytest.raises(ToolInputError, match="Beschikbare jaren"):
        ratio(figures, "kosten_per_inwoner", jaar=2030)
