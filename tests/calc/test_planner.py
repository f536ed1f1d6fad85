"""Planning: the registry's contracts choose a domain tool, anything else goes to the general calculation;
the general calculation picks its operands by the question's words, places and periods (pure, on small
tables written here; the expected values are computed by hand)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assistant.calc.operations import operations_in
from assistant.calc.plan import Ask, Context, calculate
from assistant.figures import load_default_figures, load_figures
from assistant.offline.planner import GENERAL, Question, plan_tool_calls
from assistant.places import Gazetteer
from assistant.tools.registry import SPECS
from assistant.vocabulary import Vocabulary

HEADER = ["table", "subject", "measure", "period", "value", "unit", "printed", "document", "page", "group",
          "direction", "note"]


@pytest.fixture(scope="module")
def curated():
    return load_default_figures()


def plan(question: str, figures, previous: str = "", places=(), periods=()):
    return plan_tool_calls(Question(question, tuple(places), tuple(periods), previous), figures,
                           Vocabulary.load(Path("corpus")))


def test_every_planned_tool_declares_a_contract_or_is_general():
    planned = {s.name for s in SPECS if s.contracts}
    assert {"verevening_effect", "verevening_scenario", "kpi_status", "budget_variance", "cost_drivers",
            "savings_overview", "ratio"} <= planned


@pytest.mark.parametrize(("question", "places", "periods", "tool", "arguments"), [
    ("Wat heeft de verevening Woudenberg in 2018 per saldo gekost?", ["Woudenberg"], ["2018"],
     "verevening_effect", {"gemeente": "Woudenberg", "jaar": 2018}),
    ("Stel dat er een eigen risico in de verevening komt, wat betaalt Baarn dan?", ["Baarn"], [],
     "verevening_scenario", {"gemeente": "Baarn", "model": "eigen_risico"}),
    ("Hoe hoog is de uitnutting van de crisisplaatsen in Baarn?", ["Baarn"], [], "ratio",
     {"soort": "uitnutting", "gemeente": "Baarn"}),
    ("Welke kpi's van de Wmo halen de streefwaarde niet?", [], [], "kpi_status",
     {"groep": "Wmo", "alleen_niet_gehaald": True}),
    ("Hoeveel zit de prognose voor WMO boven de begroting?", [], [], "budget_variance", {"regel": "WMO"}),
])
def test_contracts_choose_the_domain_tool_and_fill_its_slots(curated, question, places, periods, tool, arguments):
    calls = plan(question, curated, places=places, periods=periods)
    assert [c.name for c in calls] == [tool]
    assert arguments.items() <= calls[0].arguments.items()


@pytest.mark.parametrize("question", [
    "Tel de begroting van Jeugdzorg en die van WMO voor 2023 bij elkaar op.",  # a sum: not what budget_variance does
    "Hoeveel keer zo hoog is de begroting van Jeugdzorg als die van WMO?",  # a multiple
])
def test_other_operations_go_to_the_general_calculation(curated, question):
    periods = [p for p in ("2025", "2026", "2023") if p in question]
    assert [c.name for c in plan(question, curated, periods=periods)] == [GENERAL]


def test_a_tool_whose_table_lacks_the_year_comes_after_the_general_calculation(curated):
    calls = plan("Hoeveel wijkt de begroting van 2026 af van die van 2025?", curated, periods=["2026", "2025"])
    assert [c.name for c in calls] == [GENERAL, "budget_variance"]  # the budget table has only 2023


def test_not_a_calculation(curated):
    assert plan("Waarom stegen de kosten van de jeugdzorg?", curated) == []
    assert plan("Welke varianten zijn er?", curated, previous="Wat is een budgetplafond?") == []
    assert [c.name for c in plan("En in Baarn?", curated, previous="Hoe hoog is de uitnutting van de "
                                 "crisisplaatsen in Amersfoort?", places=["Baarn"])] == ["ratio"]


# -- the general calculation on a table of its own ---------------------------------------------------------

ROWS = [  # (table, subject, measure, period, printed, unit, document, page)
    ("kosten_jeugdhulp", "Jeugdhulp met verblijf", "kosten", "2022", "4.210", "EUR x 1000", "monitor.pdf", 3),
    ("kosten_jeugdhulp", "Jeugdhulp met verblijf", "kosten", "2024", "5.020", "EUR x 1000", "monitor.pdf", 3),
    ("kosten_jeugdhulp", "Jeugdhulp zonder verblijf", "kosten", "2022", "8.120", "EUR x 1000", "monitor.pdf", 3),
    ("kosten_jeugdhulp", "Jeugdhulp zonder verblijf", "kosten", "2024", "8.915", "EUR x 1000", "monitor.pdf", 3),
    ("kosten_jeugdhulp", "Totaal", "kosten", "2022", "12.330", "EUR x 1000", "monitor.pdf", 3),
    ("kosten_jeugdhulp", "Totaal", "kosten", "2024", "13.935", "EUR x 1000", "monitor.pdf", 3),
    ("mutatie_kosten", "Jeugdhulp met verblijf", "mutatie", "2024", "810", "EUR x 1000", "monitor.pdf", 4),
    ("bijdrage", "Deventer", "bijdrage", "2024", "1.350", "EUR x 1000", "bijdragen.pdf", 2),
    ("bijdrage", "Zwolle", "bijdrage", "2024", "2.050", "EUR x 1000", "bijdragen.pdf", 2),
    ("bijdrage", "Epe", "bijdrage", "2024", "420", "EUR x 1000", "bijdragen.pdf", 2),
    ("bijdrage", "Totaal", "bijdrage", "2024", "3.820", "EUR x 1000", "bijdragen.pdf", 2),
]


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures")
    with (folder / "eigen.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for table, subject, measure, period, printed, unit, document, page in ROWS:
            writer.writerow([table, subject, measure, period, "", unit, printed, document, page, "", "", ""])
    figures = load_figures([folder])
    gazetteer = Gazetteer.default()
    return Context(figures.figures, figures.search, is_place=lambda t: gazetteer.lookup(t) is not None)


def run(question: str, context, places=(), periods=()):
    gazetteer = Gazetteer.default()
    named = {p: (p, *gazetteer.lookup(p).aliases) for p in places}
    return calculate(Ask(question=question, places=named, periods=list(periods)), operations_in(question), context)


def test_change_of_one_line_between_two_years_prefers_levels_over_a_change_table(context):
    outcome = run("Met hoeveel procent stegen de kosten van jeugdhulp met verblijf van 2022 tot 2024?", context,
                  periods=["2022", "2024"])
    calc = outcome.calculation
    assert calc.formula == "5.020 − 4.210 = 810 (x € 1.000)"
    assert "19,2%" in " ".join(calc.details)  # 810 / 4.210 = 0.1924


def test_share_uses_the_total_row_of_the_same_table(context):
    outcome = run("Welk deel van de totale kosten in 2024 was jeugdhulp zonder verblijf?", context, periods=["2024"])
    assert outcome.calculation.formula == "8.915 / 13.935 = 64,0%"  # 0.63975


def test_sum_and_multiple_of_named_places(context):
    total = run("Hoeveel dragen Deventer en Zwolle samen bij in 2024?", context, ["Deventer", "Zwolle"], ["2024"])
    assert total.calculation.formula == "1.350 + 2.050 = 3.400 (x € 1.000)"
    times = run("Hoeveel keer zo veel betaalt Zwolle als Epe?", context, ["Zwolle", "Epe"])
    assert "4,9 keer" in " ".join(times.calculation.details)  # 2.050 / 420 = 4.88


def test_lowest_of_a_column_leaves_out_the_total(context):
    calc = run("Welke gemeente heeft de laagste bijdrage?", context).calculation
    assert calc.operands[0].subject == "Epe" and all(o.subject != "Totaal" for o in calc.operands)


def test_a_place_without_rows_gets_no_other_places_figures(context):
    assert run("Hoeveel meer betaalt Almelo in 2024 dan in 2022?", context, ["Almelo"], ["2022", "2024"]) is None


def test_missing_period_says_what_exists_instead_of_guessing(context):
    outcome = run("Hoeveel stegen de kosten van jeugdhulp zonder verblijf van 2019 tot 2024?", context,
                  periods=["2019", "2024"])
    assert outcome.calculation is None and "2019" in outcome.reason
    assert {o.period for o in outcome.candidates} >= {"2022", "2024"}
