"""KPI status against the deviations the Q1 2023 report prints."""

from __future__ import annotations

import pytest

from assistant.errors import ToolInputError
from assistant.tools.kpi import deviation, deviation_range, kpi_status

KPI_DOC = "kwartaalrapportage-kpi-sociaal-domein-q1-2023.pdf"


def rows_by_label(result):
    return {r["omschrijving"]: r for r in result.rows}


def test_kpi_10_deviation_is_minus_10_percent(figures):
    result = kpi_status(figures, kpi="KPI 10")
    (row,) = result.rows
    assert row["afwijking"] == pytest.approx(-10)  # (7,20 - 8) / 8, printed "--10%"
    assert row["afwijking rapport"] == -10 and row["klopt met rapport"] == "ja"
    assert row["gehaald"] == "nee"
    assert {(s.document, s.page) for s in result.sources} == {(KPI_DOC, 8)}


@pytest.mark.parametrize(
    ("kpi", "expected"),
    [
        ("Doelbereik", -6.25),
        ("Ervaren autonomie medewerkers", -8.75),
        ("Compliance (ervaren autonomie medewerkers)", -28.33),
    ],
)
def test_exact_printed_deviations_are_reproduced(figures, kpi, expected):
    (row,) = kpi_status(figures, kpi=kpi).rows
    assert round(row["afwijking"], 2) == expected == row["afwijking rapport"]


def test_every_printed_deviation_is_within_the_rounding_margin(figures):
    result = kpi_status(figures)
    checked = [r for r in result.rows if "afwijking rapport" in r]
    assert len(checked) >= 12
    assert all(r["klopt met rapport"] == "ja" for r in checked), [r["omschrijving"] for r in checked]
    # The sign of every printed deviation agrees with 'gehaald'.
    assert all((r["afwijking rapport"] >= 0) == (r["gehaald"] == "ja") for r in checked)


def test_lower_is_better_uses_the_reports_convention(figures):
    (row,) = kpi_status(figures, kpi="Kosten per klant").rows
    assert row["streefwaarde"] == "< € 1.700" and row["realisatie"] == "€ 1.800"
    assert row["afwijking"] == pytest.approx((1700 - 1800) / 1700 * 100)  # -5,88%; report prints -5,89%
    assert row["afwijking rapport"] == -5.89


def test_which_kpis_miss_their_target(figures):
    result = kpi_status(figures, alleen_niet_gehaald=True)
    missed = {r["omschrijving"] for r in result.rows}
    assert {
        "Ervaren eigen regie – Jeugd",
        "Kosten per klant",
        "Doelbereik",
        "Samenwerking in de keten",
    } <= missed
    assert not {"Ervaren eigen regie – Wmo", "Gebruik e-health", "Doorstroom (wijkteam)"} & missed
    assert result.summary.startswith(f"{len(missed)} van de")
    assert all(r["gehaald"] == "nee" for r in result.rows)


def test_group_and_name_filters(figures):
    wmo = kpi_status(figures, kpi="ervaren eigen regie", groep="wmo")
    assert [r["omschrijving"] for r in wmo.rows] == ["Ervaren eigen regie – Wmo"]
    both = kpi_status(figures, kpi="1")
    assert {r["omschrijving"] for r in both.rows} == {
        "Ervaren eigen regie – Jeugd",
        "Ervaren eigen regie – Wmo",
    }


def test_target_without_direction_is_not_judged(figures):
    rows = rows_by_label(kpi_status(figures))
    axxicom = next(r for label, r in rows.items() if label.startswith("Inzet hulp bij huishouden"))
    assert axxicom["gehaald"] == "onbekend"


def test_unknown_kpi_lists_the_options(figures):
    with pytest.raises(ToolInputError, match="Onbekende KPI 'Klanttevredenheid'.*Kosten per klant"):
        kpi_status(figures, kpi="Klanttevredenheid")
    with pytest.raises(ToolInputError, match="Geen KPI met nummer 42.*KPI 1, KPI 2"):
        kpi_status(figures, kpi="KPI 42")


def test_deviation_helpers():
    assert deviation(79, 80, ">") == pytest.approx(-1.25)
    assert deviation(42, 40, "<") == pytest.approx(-5)
    low, high = deviation_range(79, 80, ">", 0.5)
    assert low == pytest.approx(-1.875) and high == pytest.approx(-0.625)
    assert low <= -1.85 <= high  # the printed -1,85% comes from an unrounded score
