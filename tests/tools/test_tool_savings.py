"""Savings of measures (Woudenberg progress report): totals and disagreeing tables."""

from __future__ import annotations

import pytest

from assistant.errors import ToolInputError
from assistant.tools.savings import savings_overview

DOC = "voortgangsrapportage-zorgkosten-woudenberg-2019-2020.pdf"


def test_2019_totals_match_the_printed_overview(figures):
    result = savings_overview(figures, jaar=2019, tabel="overzicht")
    computed = next(r for r in result.rows if r["cluster"] == "Totaal (berekend)")
    printed = next(r for r in result.rows if r["cluster"] == "Totaal")
    assert (computed["verwacht"], computed["gerealiseerd"]) == (45_500, 56_400)
    assert (printed["verwacht"], printed["gerealiseerd"]) == (45_500, 56_400)
    assert printed["verschil"] == 10_900
    assert sum("= afgedrukt" in n for n in result.notes) == 2
    assert "€ 45.500" in result.summary and "€ 56.400" in result.summary


def test_disagreeing_tables_are_reported(figures):
    result = savings_overview(figures)
    conflicts = [n for n in result.notes if n.startswith("Tegenstrijdig")]
    assert len(conflicts) == 1
    assert (
        "Voorwaardenscheppend" in conflicts[0] and "€ 19.500" in conflicts[0] and "€ 19.000" in conflicts[0]
    )
    assert "p. 4" in conflicts[0] and "p. 17" in conflicts[0]
    assert "Let op" in result.summary
    assert {s.page for s in result.sources} >= {4, 11, 17}
    assert all(s.document == DOC for s in result.sources)


def test_cluster_over_the_years(figures):
    result = savings_overview(figures, cluster="doorontwikkeling toegang", tabel="clustertabel")
    expected = {r["jaar"]: r["verwacht"] for r in result.rows}
    assert expected == {"2019": 12_500, "2020": 25_000, "2021": 50_000, "2022": 50_000, "2019-2022": 137_500}
    assert "Totaal verwacht 2019-2022: € 137.500" in result.summary
    first = next(r for r in result.rows if r["jaar"] == "2019")
    assert first["gerealiseerd"] == 37_400 and first["realisatie %"] == pytest.approx(299.2)


def test_unknown_cluster_and_year(figures):
    with pytest.raises(ToolInputError, match="Onbekende cluster 'Zorginkoop'.*Doorontwikkeling toegang"):
        savings_overview(figures, cluster="Zorginkoop")
    with pytest.raises(ToolInputError, match="Beschikbare jaren: 2019, 2020, 2021, 2022"):
        savings_overview(figures, jaar=2018)
