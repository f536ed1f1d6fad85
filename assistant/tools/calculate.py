"""`bereken`: the general calculation as a tool (for the LLM, the CLI and the offline planner).

The offline planner calls `assistant.calc.plan.calculate` with the answer's context (places, periods, pages
that retrieval found); this tool does the same from a question alone. Either way the result is a
`ToolResult` whose summary shows the formula with the operands as printed, and whose sources carry the
line of the page that prints each operand.
"""

from __future__ import annotations

from assistant.calc.compute import Calculation, Operand
from assistant.calc.operations import Operation, operations_in
from assistant.calc.plan import Ask, Context, Outcome, calculate
from assistant.errors import ToolInputError
from assistant.figures import FigureTables
from assistant.tools.base import Source, ToolResult

TITLES = {
    Operation.LOOKUP: "Cijfers", Operation.DIFFERENCE: "Verschil", Operation.SUM: "Som", Operation.SHARE: "Aandeel",
    Operation.CHANGE: "Verandering", Operation.MULTIPLE: "Verhouding", Operation.PER_INHABITANT: "Per inwoner",
    Operation.DEVIATION: "Afwijking", Operation.RANK: "Rangorde",
}
COLUMNS = ["cijfer", "periode", "als afgedrukt", "document", "pagina"]


def _rows(operands: list[Operand]) -> list[dict]:
    return [{"cijfer": op.label, "periode": op.period, "als afgedrukt": op.printed, "document": op.document,
             "pagina": op.page, "waarde": op.value} for op in operands]  # waarde: for the chart, not shown


def _sources(operands: list[Operand]) -> list[Source]:
    return [Source(document=op.document, page=op.page, table=op.table, subject=op.subject, measure=op.measure,
                   period=op.period, printed=op.printed, quote=op.quote,
                   section=" — ".join(x for x in (op.section, op.table_title) if x)) for op in operands]


def _operand_notes(operands: list[Operand]) -> list[str]:
    """Checks attached to the figures themselves (a printed total that differs from its rows)."""
    notes = []
    for op in operands:
        for part in op.note.split("; ")[1:]:
            if "wijkt af van de som" in part:  # added at ingest by the totals check
                notes.append(f"Let op: {part}.")
    return list(dict.fromkeys(notes))


def _what(calc: Calculation) -> str:
    ops = calc.operands
    if calc.operation in (Operation.CHANGE, Operation.DIFFERENCE, Operation.DEVIATION) and len(ops) == 2 \
            and ops[0].label == ops[1].label:
        a, b = ops
        return f"{a.label}, {b.period or b.column_label} tegenover {a.period or a.column_label}"
    if calc.operation is Operation.RANK:
        return f"{ops[0].label.split(' — ', 1)[-1]}{f' ({ops[0].period})' if ops[0].period else ''}"
    return "; ".join(f"{op.label}{f' ({op.period})' if op.period else ''}" for op in ops[:4])


def result_of(outcome: Outcome) -> ToolResult:
    """The ToolResult of a calculation outcome: the formula and its operands, or the candidate figures."""
    calc = outcome.calculation
    if calc is None:
        candidates = outcome.candidates
        summary = outcome.reason or "Geen berekening mogelijk."
        if candidates:
            summary += " Deze cijfers staan wel in de documenten (zie de tabel); geef aan welke u bedoelt."
        return ToolResult(tool="bereken", title="Mogelijke cijfers", columns=COLUMNS, rows=_rows(candidates),
                          summary=summary, sources=_sources(candidates))
    summary = f"In de tabel: {calc.formula}." if calc.operation is Operation.LOOKUP else \
        f"{TITLES[calc.operation]} — {_what(calc)}: {calc.formula}."
    if calc.details:
        summary += " " + " ".join(calc.details)
    ops = calc.operands
    cited = [ops[0], ops[-1], *ops[1:-1]] if calc.operation is Operation.RANK and len(ops) > 2 else ops
    return ToolResult(tool="bereken", title=f"Berekening: {TITLES[calc.operation].lower()}", columns=COLUMNS,
                      rows=_rows(ops), summary=summary, notes=[*calc.notes, *_operand_notes(ops)],
                      sources=_sources(cited))  # a ranking cites its two ends first


def bereken(figures: FigureTables, vraag: str, bewerking: str | None = None) -> ToolResult:
    """The general calculation from a question: operation from its cues (or `bewerking`), operands from the
    figure rows (their labels, the places and years the question names)."""
    from assistant.names import periods
    from assistant.places import Gazetteer

    if figures.figures.empty:
        raise ToolInputError("Er zijn geen cijfers geladen.")
    gazetteer = Gazetteer.default()
    places = {m.place.name: (m.place.name, *m.place.aliases, m.surface) for m in gazetteer.find(vraag)}
    operations = operations_in(vraag)
    if bewerking:
        try:
            operations = [Operation(bewerking), *operations]
        except ValueError:
            raise ToolInputError(f"Onbekende bewerking '{bewerking}'. Kies uit: "
                                 + ", ".join(o.value for o in Operation) + ".") from None
    context = Context(figures.figures, figures.search, is_place=lambda text: gazetteer.lookup(text) is not None,
                      province_of=lambda text: getattr(gazetteer.lookup(text), "province", ""))
    outcome = calculate(Ask(question=vraag, places=places, periods=periods(vraag)), operations, context)
    if outcome is None:
        raise ToolInputError("Geen cijfers gevonden die bij deze vraag passen.")
    return result_of(outcome)
