"""The general calculation: which figure rows a question is about, and what to compute with them (pure).

1. The operation comes from the question's cues (`operations_in`).
2. Candidate rows come from the figure search over row labels, column labels, table titles, sections and
   documents (boosted on the pages that passage retrieval found).
3. The scope rule of the answers applies to operands too: when the question names places, a row must be about
   one of them (its labels name it, or its document is about it and the row is not about another place);
   when it names periods, the row's period must be one of them.
4. Rows become series: one row of one table (row label, group, unit) with its cells by period; where a
   period has several cells (a budget and a forecast of 2023), the column whose words the question uses is
   taken. The operation picks its operands: two periods of the best series (difference, change), one
   series per named entity (sum, difference, multiple between places or lines), a part and its table's
   total (share), an amount and the inhabitants (per inhabitant), the target and actual columns of one row
   (deviation), or one column of all rows (highest, lowest).
5. When the operands are missing, or several series fit equally well with different outcomes, there is no
   result: the candidates are returned, to be shown (never a guess).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from pydantic import BaseModel, Field

from assistant.calc import compute
from assistant.calc.compute import Calculation, Operand
from assistant.calc.operations import Operation, column_role, cue_spans, has_role
from assistant.english import dutch_words
from assistant.errors import ToolInputError
from assistant.figures.schema import is_aggregate
from assistant.figures.search import FigureSearch
from assistant.names import period_years
from assistant.text import fold, stem, tokenize

CANDIDATES = 400  # rows kept from the search
TIE = 0.92  # a second candidate scoring at least this share of the best one, with another outcome, is a tie
CHANGE_TABLE_FACTOR = 0.6  # a table that is itself a change ("Mutatie ...") fits less when a change is computed
NAMED_PLACE_FACTOR = 1.2  # a row whose own labels name the asked place fits better than one of its document
MONEY_FACTOR = 1.25  # a question about money ("duurder", "kosten") fits rows in euros better
PLACES_ASKED = re.compile(r"\b(?:welke|which)\s+(?:gemeenten?|plaats(?:en)?|municipalit(?:y|ies)|towns?)\b",
                          re.IGNORECASE)
HIGH = re.compile(r"\b(hoogste|meeste|grootste|highest|most|largest)\b", re.IGNORECASE)
LOW = re.compile(r"\b(laagste|minste|kleinste|lowest|least|smallest)\b", re.IGNORECASE)


class Ask(BaseModel):
    """What the question names, from the question frame."""

    question: str
    places: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    periods: list[str] = Field(default_factory=list)
    documents: list[str] | None = Field(None, description="Only figures of these documents (a filter).")
    synonyms: dict[str, list[str]] = Field(default_factory=dict,
                                           description="Other words for a question word (corpus vocabulary).")


class Outcome(BaseModel):
    """A calculation, or (when the operands are missing or ambiguous) the figures that do exist."""

    calculation: Calculation | None = None
    candidates: list[Operand] = Field(default_factory=list)
    reason: str = ""


@dataclass
class Context:
    """What the planner needs from the corpus: the figure frame and search, and document facts."""

    frame: pd.DataFrame
    search: FigureSearch
    is_place: Callable[[str], bool] = lambda text: False
    province_of: Callable[[str], str] = lambda place: ""
    document_place: Callable[[str], str] = lambda document: ""
    page_boost: dict[int, float] = field(default_factory=dict)


# -- rows -------------------------------------------------------------------------------------------------

def row_label(row: dict) -> str:
    return str(row.get("row_label") or row.get("subject") or "")


def _label(row: dict) -> str:
    subject = row_label(row)
    measure = str(row.get("column_label") or row.get("measure") or "").replace("_", " ")
    if row.get("period") and str(row["period"]) in measure:
        measure = measure.replace(str(row["period"]), "").strip()
    title = str(row.get("table_title") or row.get("table") or "").replace("_", " ")
    section = str(row.get("section") or "")
    if section and re.match(r"^\d", title) and fold(section) != fold(title):
        title = section  # "5. Publieke gezondheid" (a chapter) -> "5.1 Jeugd en gezin" (its section)
    parts = [subject, measure] if measure and fold(measure) not in fold(subject) else [subject]
    if title and row.get("note") != "running text" and fold(title) not in fold(" ".join(parts)):
        parts.append(title[:80])
    return " — ".join(p for p in parts if p)


def operand(row: dict) -> Operand:
    return Operand(label=_label(row), subject=str(row["subject"]), measure=str(row["measure"]),
                   period=str(row.get("period") or ""), value=float(row["value"]), unit=str(row.get("unit") or ""),
                   printed=str(row.get("printed") or ""), document=str(row["document"]), page=int(row["page"]),
                   table=str(row.get("table") or ""), table_title=str(row.get("table_title") or ""),
                   column_label=str(row.get("column_label") or ""), quote=str(row.get("quote") or ""),
                   note=str(row.get("note") or ""), section=str(row.get("section") or ""))


def _row_text(row: dict) -> str:
    return fold(" ".join(str(row.get(k) or "") for k in
                         ("subject", "row_label", "table_title", "section", "group", "column_label")))


def _names(text: str, forms: Sequence[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(fold(f))}(?!\w)", text) for f in forms if f)


def _place_fit(row: dict, ask: Ask, ctx: Context) -> int:
    """2: the row's labels name an asked place; 1: its document is about one and the row is not about
    another place; 0: not about an asked place."""
    text = _row_text(row)
    if any(_names(text, forms) for forms in ask.places.values()):
        return 2
    if ctx.is_place(str(row["subject"])):  # about a place: one in the asked province, or another place
        return 2 if ctx.province_of(str(row["subject"])) in ask.places else 0
    place = ctx.document_place(str(row["document"]))
    return 1 if place and place in ask.places else 0


def _same_period(period: str, asked: str) -> bool:
    if period == asked:
        return True
    years = period_years(period)
    return len(years) == 1 and period_years(asked) == years


def _period_fit(period: str, asked: Sequence[str]) -> bool:
    return not asked or any(_same_period(period, a) for a in asked)


ROUNDING = re.compile(r"\bafgerond|\brond\w*\b.*\baf\b|\bhele\s+procent|\bround(?:ed)?\b|\bwhole\s+percent",
                      re.IGNORECASE)


# Words that only glue a label together; the others count when labels are compared, also the ones a search
# leaves out ("met" and "zonder" verblijf, "voor" and "na" verevening).
_GLUE = frozenset({"de", "het", "een", "der", "den", "des", "van", "en", "in", "op", "aan", "te", "tot", "om", "bij",
                   "of", "er", "the", "a", "an", "and", "to", "is", "zijn", "was", "wat", "hoeveel", "welk", "welke",
                   "hoe", "how", "what", "which"})


def label_words(text: str) -> set[str]:
    """The stemmed words of a label or question, stop words included except mere glue."""
    return {stem(w) for w in re.findall(r"[^\W\d_]+", fold(text.replace("_", " "))) if w not in _GLUE}


def subject_terms(question: str, ask: Ask, operations: Sequence[Operation] | None = None) -> list[str]:
    """The question's words about its subject (for the search): without the cues of its operations, places and
    years; plus the vocabulary's other words for them ("jeugdigen" -> "0 17" of a measure
    'aandeel_0_17_jaar') and the Dutch word of an English one ("costs" -> "kosten")."""
    text = _subject_text(question, ask, operations)
    return [t for t in tokenize(text) if not t.isdigit()] + [t for w in _extra(question, ask) for t in tokenize(w)]


def _extra(question: str, ask: Ask) -> list[str]:
    words = re.findall(r"[\w-]+", fold(question))
    return [w for word in words for w in ask.synonyms.get(word, [])] + dutch_words(question)


def _subject_text(question: str, ask: Ask, operations: Sequence[Operation] | None) -> str:
    chars = list(fold(question))
    for start, end in cue_spans(question, operations):
        chars[start:end] = " " * (end - start)
    text = "".join(chars)
    for forms in ask.places.values():
        for f in forms:
            text = re.sub(rf"(?<!\w){re.escape(fold(f))}(?!\w)", " ", text)
    return re.sub(r"\b(19|20)\d\d\b", " ", text)


def candidate_rows(ask: Ask, ctx: Context, terms: Sequence[str]) -> list[dict]:
    """Rows matching the question's subject words, within its places (scope) and documents."""
    place_terms = [t for forms in ask.places.values() for f in forms[:1] for t in tokenize(f)]
    scores = ctx.search.search([*terms, *place_terms], ctx.page_boost)
    if not scores:
        return []
    top = sorted(scores, key=scores.get, reverse=True)[:CANDIDATES]
    records = ctx.frame.iloc[top].to_dict("records")
    out = []
    for position, row in zip(top, records):
        if ask.documents is not None and row["document"] not in ask.documents:
            continue
        if not compute.is_number(row.get("value")):
            continue
        row = dict(row, _pos=position, _score=scores[position])
        if ask.places:
            fit = _place_fit(row, ask, ctx)
            if not fit:
                continue
            row["_place"] = fit
        out.append(row)
    return out


def table_rows(ctx: Context, document: str, table: str) -> list[dict]:
    """All rows of one table of one document, in the order they were read (table order per column)."""
    frame = ctx.frame
    part = frame[(frame["document"] == document) & (frame["table"] == table)]
    return [dict(r, _pos=int(i), _score=0.0) for i, r in zip(part.index, part.to_dict("records"))
            if compute.is_number(r.get("value"))]


# -- series -----------------------------------------------------------------------------------------------

@dataclass
class Series:
    """One row of one table (document, table, row label, group, unit): its cells by period."""

    key: tuple
    rows: list[dict] = field(default_factory=list)
    score: float = 0.0
    strong_place: bool = False
    prefer: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        return str(self.key[2])

    @property
    def periods(self) -> list[str]:
        return sorted({str(r.get("period") or "") for r in self.rows})

    def cell(self, period: str | None, measure: str | None = None) -> dict | None:
        """The cell of a period (None: the latest); of several (budget and forecast), the one whose column
        words the question uses, or the asked `measure`."""
        if period is None:
            period = max(self.periods) if self.periods else ""
        cells = [r for r in self.rows if _same_period(str(r.get("period") or ""), period)]
        if measure is not None:
            cells = [r for r in cells if r["measure"] == measure]
        if not cells:
            return None
        return max(cells, key=lambda r: (self.fit_of(r), -r["_pos"]))

    @property
    def label_fit(self) -> float:
        """How well the row label matches the question: matched words over its words (1 = all)."""
        words = label_words(self.label)
        return (1 + len(self.prefer & words)) / (1 + len(words))

    def fit_of(self, cell: dict) -> float:
        """How well a cell's column words match the question's: matched words over all its words (1 = all)."""
        words = label_words(f"{cell['measure']} {cell.get('column_label') or ''}")
        return (1 + len(self.prefer & words)) / (1 + len(words))

    @property
    def is_change_table(self) -> bool:
        row = self.rows[0]
        return has_role(" ".join(str(row.get(k) or "") for k in ("table_title", "measure", "column_label")),
                        "change_series")


def series_of(rows: Sequence[dict], prefer: Sequence[str] = ()) -> list[Series]:
    """Rows grouped into series, best first."""
    by_key: dict[tuple, Series] = {}
    for row in rows:
        key = (row["document"], row["table"], row_label(row), row.get("group") or "", row.get("unit") or "")
        series = by_key.setdefault(key, Series(key, prefer=frozenset(prefer)))
        series.rows.append(row)
        series.score = max(series.score, row["_score"])
        series.strong_place = series.strong_place or row.get("_place", 0) == 2
    return sorted(by_key.values(), key=lambda s: -s.score)


def _fit(series: Series, ask: Ask, change: bool = False) -> float:
    """A series' fit: its search score, less for a table that is itself a change (unless the question asks
    about one), more when its own labels name the asked place."""
    about_change = not change and has_role(ask.question, "change_series")
    money = has_role(ask.question, "money")
    return (series.score * series.label_fit * (CHANGE_TABLE_FACTOR if series.is_change_table and not about_change else 1.0)
            * (NAMED_PLACE_FACTOR if series.strong_place else 1.0)
            * (MONEY_FACTOR if money and series.key[4] in ("EUR", *compute.SCALE) else 1.0))


# -- choosing operands -------------------------------------------------------------------------------------

def _tied(scored: list[tuple[float, object, float]]) -> bool:
    """The best two (score, item, outcome) fit equally well but give different outcomes."""
    if len(scored) < 2:
        return False
    (s1, _, r1), (s2, _, r2) = scored[0], scored[1]
    return s2 >= TIE * s1 and abs(r1 - r2) > 1e-9


def two_periods(ask: Ask) -> tuple[str, str] | None:
    """The two periods a change is asked between: two named, or the ends of a named range."""
    periods = ask.periods
    if len(periods) >= 2:
        ordered = sorted(periods[:2], key=lambda p: (period_years(p) or [0])[0])
        return ordered[0], ordered[1]
    if len(periods) == 1 and len(period_years(periods[0])) > 1:
        years = period_years(periods[0])
        return str(years[0]), str(years[-1])
    return None


def _over_periods(series_list: list[Series], first: str, second: str, ctx: Context, rank: bool,
                  ctx_ask: Ask) -> Outcome:
    """The difference and change of the best series that has both periods."""
    scored = []
    for s in series_list:
        a, b = s.cell(first), s.cell(second)
        if a is None or b is None or a is b:
            continue
        scored.append((_fit(s, ctx_ask, change=True), (a, b), float(b["value"]) - float(a["value"])))
    scored.sort(key=lambda x: -x[0])
    if not scored:
        return _missing(series_list, f"een cijfer voor zowel {first} als {second}")
    if _tied(scored):
        return _ambiguous([operand(c) for x in scored[:3] for c in x[1]])
    a, b = scored[0][1]
    calc = compute.difference(operand(a), operand(b), with_change=True)
    if rank and is_aggregate(row_label(b)):
        calc.details += _breakdown(ctx, a, b)
    return Outcome(calculation=calc)


def _breakdown(ctx: Context, first: dict, second: dict) -> list[str]:
    """Which part of a total changed most: the rows between the previous total and this one, in the same
    table and columns (printed order), by their change between the two cells' columns."""
    rows = table_rows(ctx, second["document"], second["table"])

    def column(cell: dict) -> list[dict]:
        return [r for r in rows if r["measure"] == cell["measure"] and r.get("period") == cell.get("period")]

    before = {row_label(r): r for r in column(first)}
    after = column(second)
    label = row_label(second)
    end = next((i for i, r in enumerate(after) if row_label(r) == label), None)
    if end is None:
        return []
    start = max((i for i in range(end) if is_aggregate(row_label(after[i]))), default=-1) + 1
    changes = {row_label(r): (float(r["value"]) - float(before[row_label(r)]["value"]), before[row_label(r)], r)
               for r in after[start:end] if row_label(r) in before}
    if not changes:
        return []
    name = max(changes, key=lambda n: abs(changes[n][0]))
    _, a, b = changes[name]
    return [f"Het grootste deel zit in {name}: {compute.difference(operand(a), operand(b)).formula}."]


def entities(ask: Ask, series_list: list[Series]) -> list[str]:
    """The things the question compares: its places, else the row labels it names (two or more)."""
    if len(ask.places) >= 2:
        return list(ask.places)
    words = label_words(ask.question)
    named: dict[str, float] = {}
    for s in series_list:
        tokens = label_words(s.label)
        if tokens and tokens <= words and not is_aggregate(s.label):
            named[s.label] = max(named.get(s.label, 0.0), s.score)
    # a label inside a longer named label is a separate entity only when the question names it apart
    # ("personeelskosten als de overige personeelskosten": two; "Jeugd" in "Jeugd en gezin": one)
    rest = fold(ask.question)
    kept: list[str] = []
    for label in sorted(named, key=lambda label: -len(label)):
        pattern = r"\W+".join(re.escape(w) for w in re.findall(r"\w+", fold(label)))
        found = re.search(pattern, rest) if pattern else None
        if found is None and any(label_words(label) < label_words(k) for k in kept):
            continue
        if found is not None:
            rest = rest[:found.start()] + " " * (found.end() - found.start()) + rest[found.end():]
        kept.append(label)
    order = {label: fold(ask.question).find(fold(re.findall(r"\w+", label)[0])) for label in kept}
    kept.sort(key=lambda label: order[label])
    return kept if len(kept) >= 2 else []


def _about(series: Series, entity: str, ask: Ask, own: bool) -> bool:
    """Whether a series is about an entity: its own row label names it (`own`), or any of its labels."""
    if entity not in ask.places:
        return series.label == entity
    texts = [fold(f"{r['subject']} {row_label(r)}") for r in series.rows] if own else \
        [_row_text(r) for r in series.rows]
    return any(_names(t, ask.places[entity]) for t in texts)


def _over_entities(series_list: list[Series], names: list[str], ask: Ask, operation: Operation) -> Outcome:
    """One operand per entity, all from the same table and column (and the asked period)."""
    period = ask.periods[0] if len(ask.periods) == 1 else None
    groups: dict[tuple, dict[str, Series]] = defaultdict(dict)
    for entity in names:
        own = any(_about(s, entity, ask, own=True) for s in series_list)
        for s in series_list:
            if _about(s, entity, ask, own):
                doc, table, _, _, unit = s.key
                best = groups[(doc, table, unit)].get(entity)
                if best is None or s.score > best.score:
                    groups[(doc, table, unit)][entity] = s
    complete = []
    for found in groups.values():
        if len(found) != len(names):
            continue
        chosen = [found[e] for e in names]
        if len({id(s) for s in chosen}) < len(chosen):
            continue  # one row cannot stand for two entities
        first = chosen[0].cell(period)
        if first is None:
            continue
        cells = [first, *(s.cell(period, first["measure"]) for s in chosen[1:])]
        if any(c is None for c in cells):
            continue
        calc = _combine([operand(c) for c in cells], operation)
        fit = sum(_fit(s, ask) * s.fit_of(c) for s, c in zip(chosen, cells))
        complete.append((fit, cells, calc.result or 0.0, calc))
    if not complete:
        return _missing(series_list, "een cijfer voor " + " en ".join(names) + (f" in {period}" if period else ""))
    complete.sort(key=lambda x: -x[0])
    if _tied([(c[0], None, c[2]) for c in complete]):
        return _ambiguous([operand(c) for x in complete[:2] for c in x[1]])
    return Outcome(calculation=complete[0][3])


def _combine(operands: list[Operand], operation: Operation) -> Calculation:
    match operation:
        case Operation.SUM:
            return compute.total(operands)
        case Operation.MULTIPLE | Operation.SHARE:
            return compute.ratio_of(operands[0], operands[1], operation)
        case _:
            return compute.difference(operands[1], operands[0])


def _share(series_list: list[Series], ask: Ask, ctx: Context) -> Outcome:
    """A part over its table's total (same column and period)."""
    period = ask.periods[0] if len(ask.periods) == 1 else None
    scored = []
    tables: dict[tuple[str, str], list[dict]] = {}
    for s in series_list:
        if is_aggregate(s.label) or (ask.places and not s.strong_place) or s.key[4] == "%":
            continue  # (a share of a percentage is no share)
        cell = s.cell(period)
        if cell is None:
            continue
        where = (cell["document"], cell["table"])
        if where not in tables:
            tables[where] = table_rows(ctx, *where)
        whole = next((r for r in tables[where] if r["measure"] == cell["measure"]
                      and r.get("period") == cell.get("period") and r.get("unit") == cell.get("unit")
                      and is_aggregate(row_label(r))), None)
        if whole is None or not float(whole["value"] or 0):
            continue
        score = _fit(s, ask) * (1.0 if _period_fit(str(cell.get("period") or ""), ask.periods) else 0.7)
        scored.append((score, (cell, whole), float(cell["value"]) / float(whole["value"])))
    scored.sort(key=lambda x: -x[0])
    if not scored:
        return _missing(series_list, "een deel en het totaal in dezelfde tabel")
    if _tied(scored):
        return _ambiguous([operand(x[1][0]) for x in scored[:4]])
    part, whole = scored[0][1]
    return Outcome(calculation=compute.ratio_of(operand(part), operand(whole), Operation.SHARE))


def _deviation(series_list: list[Series], ask: Ask) -> Outcome:
    """Actual (or forecast) against target in one row and period: two columns of the same row."""
    scored = []
    for s in series_list:
        for period in s.periods:
            if not _period_fit(period, ask.periods):
                continue
            roles: dict[str, dict] = {}
            for cell in (r for r in s.rows if str(r.get("period") or "") == period):
                role = column_role(f"{cell.get('column_label') or ''} {cell['measure']}")
                roles.setdefault(role, cell)
            target = roles.get("target")
            actual = roles.get("actual") or roles.get("forecast")
            if target and actual:
                scored.append((_fit(s, ask), (target, actual), float(actual["value"]) - float(target["value"])))
    scored.sort(key=lambda x: -x[0])
    if not scored:
        return _missing(series_list, "een begroot (of verwacht) en een gerealiseerd cijfer in dezelfde rij")
    if _tied(scored):
        return _ambiguous([operand(c) for x in scored[:2] for c in x[1]])
    target, actual = scored[0][1]
    return Outcome(calculation=compute.deviation(operand(target), operand(actual)))


def _per_inhabitant(series_list: list[Series], rows: list[dict], ask: Ask) -> Outcome:
    amounts = [s for s in series_list if s.key[4] in ("EUR", *compute.SCALE)]
    people = [r for r in rows if "inwoner" in fold(f"{r['measure']} {r.get('column_label') or ''}")
              and (r.get("unit") or "") in ("aantal", "")]
    if not amounts or not people:
        return _missing(series_list, "een bedrag en het aantal inwoners")
    cell = amounts[0].cell(ask.periods[0] if len(ask.periods) == 1 else None)
    if cell is None:
        return _missing(series_list, "een bedrag voor die periode")
    pool = [r for r in people if r["subject"] == cell["subject"]]
    pool = [r for r in pool if r["document"] == cell["document"]] or pool
    if not pool:
        return _missing(series_list, f"het aantal inwoners van {cell['subject']}")
    year = (period_years(str(cell.get("period") or "")) or [0])[0]
    inhabitants = min(pool, key=lambda r: abs((period_years(str(r.get("period") or "")) or [0])[0] - year))
    return Outcome(calculation=compute.per_inhabitant(operand(cell), operand(inhabitants)))


def _rank(series_list: list[Series], ask: Ask, ctx: Context) -> Outcome:
    """Highest or lowest of one column of the best table (no totals; only places when it asks "welke
    gemeente")."""
    period = ask.periods[0] if len(ask.periods) == 1 else None
    places_only = bool(PLACES_ASKED.search(ask.question))
    columns: dict[tuple, list[tuple[float, dict]]] = defaultdict(list)
    for s in series_list:
        if is_aggregate(s.label) or (places_only and not ctx.is_place(s.label)):
            continue
        cell = s.cell(period)
        if cell is None:
            continue
        doc, table, _, _, unit = s.key
        columns[(doc, table, cell["measure"], unit, str(cell.get("period") or ""))].append((s.score, cell))
    usable = [(sum(x[0] for x in cells) / len(cells), cells) for cells in columns.values() if len(cells) >= 3]
    if not usable:
        return _missing(series_list, "een kolom met cijfers van meerdere onderwerpen")
    _, cells = max(usable, key=lambda x: x[0])
    highest = not LOW.search(ask.question) or bool(HIGH.search(ask.question))
    return Outcome(calculation=compute.ranking([operand(c) for _, c in cells], highest))


LOOKUP_COVERAGE = 0.75  # share of the question's label words (those any figure label uses) the row must cover


CALC_COVERAGE = 0.5  # the same for the operands of a calculation (its cue words are not counted)


def _row_words(row: dict, ctx: Context) -> set[str]:
    words = {t for k in ("subject", "row_label", "measure", "column_label", "table_title", "section", "table", "group")
             for t in tokenize(str(row.get(k) or "").replace("_", " "))}
    return words | ctx.search.document_words(str(row["document"]))


def _about_terms(row: dict, terms: set[str], ctx: Context) -> bool:
    """An operand is about the question's subject when its own labels use one of its words, or its labels
    with its table, section and document use half of them."""
    own = {t for k in ("subject", "measure", "column_label", "table_title")
           for t in tokenize(str(row.get(k) or "").replace("_", " "))}
    return bool(own & terms) or len(terms & _row_words(row, ctx)) / len(terms) >= CALC_COVERAGE


def _covers(series: Series, terms: set[str], ctx: Context, share: float = LOOKUP_COVERAGE) -> bool:
    """Whether a row (with its table, section and document) says what the question's words ask about."""
    return not terms or len(terms & _row_words(series.rows[0], ctx)) / len(terms) >= share


def _lookup(series_list: list[Series], ask: Ask, terms: set[str], ctx: Context) -> Outcome | None:
    """The printed figure(s) of the one row the question names in full (all its label words, and most of the
    question's words that figure labels use at all), in the asked periods (else all of them); None when no
    row is named that clearly, or two rows fit alike."""
    named = [s for s in series_list if s.label_fit == 1.0 and label_words(s.label) and _covers(s, terms, ctx)]
    if not named:
        return None
    scored = sorted(((_fit(s, ask), s) for s in named), key=lambda x: -x[0])
    best = scored[0][1]
    cells = [c for p in ask.periods if (c := best.cell(p)) is not None] if ask.periods else \
        [best.cell(p) for p in best.periods][:6]
    if not cells or (ask.periods and len(cells) < len(ask.periods)):
        return None
    if len(scored) > 1 and scored[1][0] >= TIE * scored[0][0]:
        other = scored[1][1].cell(cells[0].get("period") or None)
        if other is not None and float(other["value"]) != float(cells[0]["value"]):
            return None  # two rows named alike with other figures: the text answers
    return Outcome(calculation=compute.lookup([operand(c) for c in cells if c is not None]))


def _sum_over_periods(series_list: list[Series], ask: Ask) -> Outcome | None:
    """The sum of one series over a named range of years ('2019 t/m 2022')."""
    ranges = [p for p in ask.periods if len(period_years(p)) > 1]
    if not ranges:
        return None
    years = [str(y) for y in period_years(ranges[0])]
    for s in series_list:
        cells = [c for y in years if (c := s.cell(y)) is not None]
        if len(cells) >= 2:
            return Outcome(calculation=compute.total([operand(c) for c in cells]))
    return None


def _missing(series_list: list[Series], what: str) -> Outcome:
    shown = [operand(r) for s in series_list[:3] for r in s.rows[:3]]
    return Outcome(candidates=shown, reason=f"Niet gevonden: {what}.")


def _ambiguous(candidates: list[Operand]) -> Outcome:
    return Outcome(candidates=candidates, reason="Meerdere tabellen passen even goed bij de vraag.")


# -- the planner ---------------------------------------------------------------------------------------------

def calculate(ask: Ask, operations: list[Operation], ctx: Context) -> Outcome | None:
    """The calculation a question asks for, over the figure rows; None when no figure row fits at all."""
    if not operations or ctx.frame.empty:
        return None
    terms = subject_terms(ask.question, ask, operations[:1])
    rows = candidate_rows(ask, ctx, terms)
    if not rows:
        return None
    prefer = label_words(_subject_text(ask.question, ask, operations[:1]) + " " + " ".join(_extra(ask.question, ask)))
    prefer |= {w for forms in ask.places.values() for f in forms for w in label_words(f)}
    outcome = _choose(ask, operations, ctx, rows, prefer, terms)
    known = {k for t in terms if (k := ctx.search.known(t))}
    if outcome is not None and outcome.calculation is not None and known:
        for op in outcome.calculation.operands:  # every operand must be about what the question asks
            row = op.model_dump() | {"row_label": op.subject}
            if not _about_terms(row, known, ctx):
                return Outcome(reason=f"Niet gevonden: cijfers over {' '.join(sorted(known))}.", candidates=[])
    if outcome is not None and outcome.calculation is not None and ROUNDING.search(ask.question):
        outcome.calculation.details += compute.rounded(outcome.calculation)
    return outcome


def _choose(ask: Ask, operations: list[Operation], ctx: Context, rows: list[dict], prefer: set[str],
            terms: list[str]) -> Outcome | None:
    primary = operations[0]
    two = two_periods(ask)
    in_periods = [r for r in rows if _period_fit(str(r.get("period") or ""), ask.periods)] if ask.periods else rows
    series_all = series_of(rows, prefer)
    series_in = series_of(in_periods, prefer)
    try:
        if primary is Operation.SUM:
            named = entities(ask, series_in)
            return _over_entities(series_in, named, ask, primary) if named else _sum_over_periods(series_all, ask)
        if primary in (Operation.MULTIPLE, Operation.DIFFERENCE) and (named := entities(ask, series_in)):
            return _over_entities(series_in, named[:2], ask, primary)
        if primary is Operation.SHARE:
            return _share(series_in, ask, ctx)
        if primary is Operation.PER_INHABITANT:
            return _per_inhabitant(series_in or series_all, rows, ask)
        if primary is Operation.DEVIATION and not (two and len(ask.periods) >= 2):
            return _deviation(series_in, ask)
        if primary in (Operation.CHANGE, Operation.DIFFERENCE, Operation.DEVIATION, Operation.MULTIPLE) and two:
            outcome = _over_periods(series_all, two[0], two[1], ctx, rank=Operation.RANK in operations, ctx_ask=ask)
            if primary is Operation.MULTIPLE and outcome.calculation is not None:
                a, b = outcome.calculation.operands
                return Outcome(calculation=compute.ratio_of(b, a, Operation.MULTIPLE))
            return outcome
        if primary is Operation.RANK:
            return _rank(series_in, ask, ctx)
        if primary is Operation.LOOKUP:
            return _lookup(series_in, ask, {t for t in terms if ctx.search.known(t) == t}, ctx)
    except ToolInputError as err:
        return Outcome(reason=str(err), candidates=[operand(r) for s in series_in[:2] for r in s.rows[:3]])
    return None
