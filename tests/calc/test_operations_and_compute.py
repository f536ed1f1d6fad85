"""The operation of a calculation question (general cues, not the wording of known questions) and the
arithmetic that shows its work with the operands as printed. Expected values are computed by hand."""

from __future__ import annotations

import pytest

from assistant.calc import compute
from assistant.calc.compute import Operand
from assistant.calc.operations import Operation, column_role, operations_in


@pytest.mark.parametrize(("question", "operation"), [
    ("Wat was het verschil in uitgaven aan beschermd wonen tussen Zwolle en Deventer?", Operation.DIFFERENCE),
    ("Hoeveel cliënten minder had Epe dan Heerde?", Operation.DIFFERENCE),
    ("Wat kosten huishoudelijke hulp en begeleiding bij elkaar?", Operation.SUM),
    ("Hoeveel wachtenden zijn er in totaal in Hengelo en Almelo?", Operation.SUM),
    ("Welk deel van het budget gaat naar de toegang?", Operation.SHARE),
    ("Hoeveel procent van de cliënten woont in Olst?", Operation.SHARE),
    ("What share of the budget goes to youth care?", Operation.SHARE),
    ("Met hoeveel zijn de kosten van leerlingenvervoer toegenomen sinds 2021?", Operation.CHANGE),
    ("Is het aantal meldingen gedaald t.o.v. vorig jaar?", Operation.CHANGE),
    ("How much did spending rise from 2022 to 2024?", Operation.CHANGE),
    ("Hoeveel keer zo duur is verblijf als ambulante hulp?", Operation.MULTIPLE),
    ("Wat betaalt de gemeente per inwoner aan de veiligheidsregio?", Operation.PER_INHABITANT),
    ("Hoeveel wijkt de realisatie af van de begroting?", Operation.DEVIATION),
    ("Hoeveel is er gerealiseerd ten opzichte van wat begroot was?", Operation.DEVIATION),
    ("Welke wijk heeft de meeste meldingen?", Operation.RANK),
    ("Which district has the lowest score?", Operation.RANK),
])
def test_operation_from_general_cues(question, operation):
    assert operations_in(question)[0] is operation


def test_no_calculation_cue_means_no_operation():
    assert operations_in("Waarom is de toegang anders ingericht?") == []
    # 'aandeel' alone names a measure, not a share to compute
    assert Operation.SHARE not in operations_in("Welke gemeente heeft het hoogste aandeel jongeren?")


@pytest.mark.parametrize(("label", "role"), [
    ("Begroting 2023", "target"), ("Realisatie 2024", "actual"), ("Verwachting 2023", "forecast"),
    ("verwachte_opbrengst", "target"), ("gerealiseerde_opbrengst", "actual"), ("streefwaarde", "target"),
    ("Aantal inwoners", ""),
])
def test_column_roles(label, role):
    assert column_role(label) == role


def op(printed: str, value: float, unit: str = "", period: str = "", subject: str = "x") -> Operand:
    return Operand(label=subject, subject=subject, measure="m", period=period, value=value, unit=unit,
                   printed=printed, document="d.pdf", page=1)


def test_difference_with_change_shows_printed_operands_and_euros():
    calc = compute.difference(op("6.947", 6947, "EUR x 1000", "2026"), op("7.209", 7209, "EUR x 1000", "2029"),
                              with_change=True)
    assert calc.result == 262
    assert calc.formula == "7.209 − 6.947 = 262 (x € 1.000)"
    assert "262 / 6.947 = 3,8%" in " ".join(calc.details)  # 262 / 6947 = 0.0377
    assert "€ 262.000" in " ".join(calc.details)


def test_sum_of_euro_amounts_and_of_mixed_scales():
    calc = compute.total([op("€ 11.364.000", 11_364_000, "EUR"), op("€ 8.512.000", 8_512_000, "EUR")])
    assert calc.formula == "€ 11.364.000 + € 8.512.000 = € 19.876.000"
    mixed = compute.total([op("1.200", 1200, "EUR x 1000"), op("€ 300.000", 300_000, "EUR")])
    assert mixed.result == 1_500_000 and mixed.unit == "EUR"


def test_amounts_in_different_units_are_never_added():
    from assistant.errors import ToolInputError

    with pytest.raises(ToolInputError, match="verschillende eenheden"):
        compute.total([op("12", 12, "fte"), op("€ 300", 300, "EUR")])


def test_share_multiple_per_inhabitant_and_deviation():
    share = compute.ratio_of(op("2.564", 2564), op("13.813", 13813), Operation.SHARE)
    assert share.formula == "2.564 / 13.813 = 18,6%"  # 0.18562
    multiple = compute.ratio_of(op("62.909", 62909), op("2.631", 2631), Operation.MULTIPLE)
    assert "23,9 keer" in " ".join(multiple.details)  # 23.911
    per = compute.per_inhabitant(op("1.250", 1250, "EUR x 1000"), op("25.000", 25000, "aantal"))
    assert per.result == 50 and "€ 50" in per.formula
    dev = compute.deviation(op("€ 11.364.000", 11_364_000, "EUR"), op("€ 11.919.000", 11_919_000, "EUR"))
    assert dev.result == 555_000 and "4,9%" in " ".join(dev.details)  # 555.000 / 11.364.000 = 4.88%


def test_percentages_differ_in_points():
    calc = compute.difference(op("21%", 21, "%"), op("13%", 13, "%"))
    assert calc.formula == "13% − 21% = -8%" and "8 procentpunt lager" in " ".join(calc.details)


def test_ranking_names_both_ends():
    calc = compute.ranking([op("0,74", 0.74, subject="A"), op("0,18", 0.18, subject="B"),
                            op("1,38", 1.38, subject="C")], highest=False)
    assert calc.operands[0].subject == "B"
    assert "Laagste: B (0,18); hoogste: C (1,38)." in calc.details
