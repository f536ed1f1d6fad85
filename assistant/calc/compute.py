"""The arithmetic of the general calculation (pure): operands as printed in, a formula and a result out.

Every calculation shows its work with the operands as printed: "7.209 − 6.947 = 262 (x € 1.000); +3,8%".
Amounts in different scales ("x € 1.000" and euros) are brought to euros first; amounts in different units
(euros and persons) are never added up.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, Field

from assistant.calc.operations import Operation
from assistant.errors import ToolInputError
from assistant.numbers import format_dutch_number

SCALE = {"EUR x 1000": 1000.0, "EUR x 1.000": 1000.0, "EUR x 1000000": 1_000_000.0}
_BARE = {"", "aantal", "score", "cijfer"}
MINUS = "−"


class Operand(BaseModel):
    """One figure a calculation uses, with where it is printed."""

    label: str = Field(description="What the figure is: row label, column/measure, table.")
    subject: str
    measure: str
    period: str = ""
    value: float
    unit: str = ""
    printed: str = ""
    document: str
    page: int
    table: str = ""
    table_title: str = ""
    column_label: str = ""
    quote: str = ""
    note: str = ""
    section: str = ""


class Calculation(BaseModel):
    """A calculation's result: the formula with printed operands, the outcome and a Dutch summary."""

    operation: Operation
    operands: list[Operand]
    result: float | None = None
    unit: str = ""
    formula: str = ""
    summary: str = ""
    details: list[str] = Field(default_factory=list, description="Further lines: a percentage, a breakdown.")
    notes: list[str] = Field(default_factory=list)
    relative: float | None = Field(None, description="The change in % of the first operand, if computed.")


def _decimals(printed: str) -> int:
    digits = "".join(c for c in printed if c.isdigit() or c in ".,")
    return len(digits.rsplit(",", 1)[1]) if "," in digits else 0


def show(value: float, unit: str, decimals: int = 0) -> str:
    """A value with its unit, Dutch-style ('€ 1.234', '1.234 (x € 1.000)', '12,5%', '28 dagen')."""
    text = format_dutch_number(value, decimals)
    if unit == "EUR":
        return f"€ {text}"
    if unit in SCALE:
        return f"{text} (x € {format_dutch_number(SCALE[unit], 0)})"
    if unit == "%":
        return f"{text}%"
    if unit in _BARE:
        return text
    return f"{text} {unit}"


def _operand_text(op: Operand) -> str:
    """An operand as printed, with a euro sign where the unit is euros and the print has none."""
    printed = op.printed or format_dutch_number(op.value, None)
    if op.unit == "EUR" and "€" not in printed:
        return f"€ {printed}"
    if op.unit == "%" and "%" not in printed:
        return f"{printed}%"
    return printed


def _suffix(unit: str) -> str:
    if unit in SCALE:
        return f" (x € {format_dutch_number(SCALE[unit], 0)})"
    if unit in _BARE or unit in ("EUR", "%"):
        return ""
    return f" {unit}"


def _common(operands: list[Operand], what: str) -> tuple[list[float], str]:
    """The operands' values in one unit (euro scales brought to euros); different units refuse."""
    units = {op.unit for op in operands}
    if len(units) == 1:
        return [op.value for op in operands], operands[0].unit
    if units <= {"EUR", *SCALE}:
        return [op.value * SCALE.get(op.unit, 1.0) for op in operands], "EUR"
    raise ToolInputError(f"De cijfers voor {what} hebben verschillende eenheden ({', '.join(sorted(units))}); "
                         "die worden niet met elkaar verrekend.")


def euros(value: float, unit: str) -> str:
    """An amount in a scale ('x € 1.000') as euros a reader says aloud: '€ 262.000', '€ 31,4 miljoen'."""
    amount = value * SCALE.get(unit, 1.0)
    if abs(amount) >= 1_000_000:
        return f"€ {format_dutch_number(amount / 1_000_000, 1)} miljoen"
    return f"€ {format_dutch_number(amount, 0)}"


def rounded(calc: Calculation) -> list[str]:
    """The percentages of a calculation rounded to whole percents (when the question asks for that)."""
    values = [calc.relative] if calc.relative is not None else []
    if calc.unit == "%" and calc.result is not None and calc.operation is not Operation.DIFFERENCE:
        values.append(calc.result)
    return [f"Afgerond: {format_dutch_number(v, 0, '%')}." for v in values]


def _pct(value: float) -> str:
    return format_dutch_number(value, 1, "%")


def _result_decimals(operands: list[Operand]) -> int:
    return max((_decimals(op.printed) for op in operands), default=0)


def difference(first: Operand, second: Operand, *, with_change: bool = False) -> Calculation:
    """second − first, with the relative change when asked (or when both are periods of one figure)."""
    (a, b), unit = _common([first, second], "dit verschil")
    result = b - a
    decimals = _result_decimals([first, second])
    same_scale = first.unit == second.unit
    left = f"{_operand_text(second)} {MINUS} {_operand_text(first)}" if same_scale else \
        f"{show(b, unit, decimals)} {MINUS} {show(a, unit, decimals)}"
    shown = show(result, unit, decimals) if not same_scale else (
        f"{'€ ' if unit == 'EUR' else ''}{format_dutch_number(result, decimals)}{'%' if unit == '%' else ''}")
    formula = f"{left} = {shown}{_suffix(unit) if same_scale else ''}"
    details: list[str] = []
    operation = Operation.DIFFERENCE
    if unit == "%":
        details.append(f"Dat is {format_dutch_number(abs(result), decimals)} procentpunt "
                       f"{'hoger' if result >= 0 else 'lager'}.")
    relative = None
    if with_change and a and unit != "%":
        relative = result / abs(a) * 100
        details.append(f"Relatief: {format_dutch_number(result, decimals)} / {format_dutch_number(abs(a), decimals)}"
                       f" = {_pct(relative)} ({'stijging' if relative >= 0 else 'daling'}).")
        operation = Operation.CHANGE
    if unit in SCALE:
        details.append(f"In euro's: {euros(result, unit)} ({euros(a, unit)} → {euros(b, unit)}).")
    return Calculation(operation=operation, operands=[first, second], result=result, unit=unit, formula=formula,
                       details=details, relative=relative)


def total(operands: list[Operand]) -> Calculation:
    values, unit = _common(operands, "deze som")
    result = sum(values)
    decimals = _result_decimals(operands)
    same_scale = len({op.unit for op in operands}) == 1
    parts = [(_operand_text(op) if same_scale else show(v, unit, decimals)) for op, v in zip(operands, values)]
    shown = f"{'€ ' if unit == 'EUR' else ''}{format_dutch_number(result, decimals)}{'%' if unit == '%' else ''}"
    formula = " + ".join(parts) + f" = {shown}{_suffix(unit)}"
    details = [f"In euro's: {euros(result, unit)}."] if unit in SCALE else []
    return Calculation(operation=Operation.SUM, operands=operands, result=result, unit=unit, formula=formula,
                       details=details)


def ratio_of(part: Operand, whole: Operand, operation: Operation) -> Calculation:
    """part / whole: a share (in %) or a multiple ('1,6 keer zo veel')."""
    (a, b), _ = _common([part, whole], "deze verhouding")
    if not b:
        raise ToolInputError("Delen door nul: het tweede cijfer is 0.")
    value = a / b
    if operation is Operation.SHARE:
        formula = f"{_operand_text(part)} / {_operand_text(whole)} = {_pct(value * 100)}"
        return Calculation(operation=operation, operands=[part, whole], result=value * 100, unit="%",
                           formula=formula)
    formula = f"{_operand_text(part)} / {_operand_text(whole)} = {format_dutch_number(value, 2)}"
    details = [f"Dat is {format_dutch_number(value, 1)} keer zo veel."]
    return Calculation(operation=operation, operands=[part, whole], result=value, unit="keer", formula=formula,
                       details=details)


def per_inhabitant(amount: Operand, inhabitants: Operand) -> Calculation:
    if not inhabitants.value:
        raise ToolInputError("Het aantal inwoners is 0.")
    euros = amount.value * SCALE.get(amount.unit, 1.0)
    value = euros / inhabitants.value
    unit = "EUR" if amount.unit in ("EUR", *SCALE) else amount.unit
    left = _operand_text(amount) if amount.unit not in SCALE else show(euros, "EUR")
    formula = f"{left} / {_operand_text(inhabitants)} inwoners = {show(value, unit, 2)} per inwoner"
    return Calculation(operation=Operation.PER_INHABITANT, operands=[amount, inhabitants], result=value, unit=unit,
                       formula=formula)


def deviation(target: Operand, actual: Operand) -> Calculation:
    """actual − target, and in % of the target."""
    calc = difference(target, actual)
    (a, _), unit = _common([target, actual], "deze afwijking")
    if a and unit != "%":
        calc.details.append(f"Dat is {_pct((calc.result or 0) / abs(a) * 100)} van {_operand_text(target)}.")
    return calc.model_copy(update={"operation": Operation.DEVIATION})


def ranking(operands: list[Operand], highest: bool) -> Calculation:
    """All operands in order (highest first, or lowest first), with both extremes named."""
    ordered = sorted(operands, key=lambda op: op.value, reverse=highest)
    sign = " > " if highest else " < "
    formula = sign.join(f"{op.subject} {_operand_text(op)}" for op in ordered[:10])
    top, bottom = ordered[0], ordered[-1]
    details = [(f"{'Hoogste' if highest else 'Laagste'}: {top.subject} ({_operand_text(top)}); "
                f"{'laagste' if highest else 'hoogste'}: {bottom.subject} ({_operand_text(bottom)}).")]
    return Calculation(operation=Operation.RANK, operands=ordered, result=top.value, unit=top.unit, formula=formula,
                       details=details)


def lookup(operands: list[Operand]) -> Calculation:
    """Figures as printed, per row label: 'Kosten — begroting: 2025 23.317; 2026 26.525 (x € 1.000)'."""
    parts: dict[str, list[Operand]] = {}
    for op in operands:
        parts.setdefault(op.label, []).append(op)
    formula = "; ".join(
        f"{label}: " + ", ".join(f"{op.period + ' ' if op.period and len(ops) > 1 else ''}{_operand_text(op)}"
                                 for op in ops) + _suffix(ops[0].unit)
        + (f" ({ops[0].period})" if len(ops) == 1 and ops[0].period else "")
        for label, ops in parts.items())
    return Calculation(operation=Operation.LOOKUP, operands=operands,
                       result=operands[0].value if len(operands) == 1 else None, unit=operands[0].unit,
                       formula=formula)


def is_number(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))
