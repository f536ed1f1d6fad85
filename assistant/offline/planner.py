"""Which calculation a question asks for, by reading the tool registry (pure).

1. The operations the question names come from general cues (`assistant.calc.operations`).
2. Every tool declares contracts on the registry (`assistant.tools.contracts`): its domain cues, the
   operations it answers, the tables it needs and how its arguments are filled. A contract applies when
   its tables are loaded, all its cues match, the question's operation is one it answers and its required
   slots are filled; the most specific one wins.
3. Otherwise, a question with a calculation cue goes to the general calculation (`bereken`), which finds its
   operands among all figure rows (curated and extracted at ingest).

Questions that ask *why* go to the text unless they also ask to calculate.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.calc.operations import Operation, operations_in
from assistant.figures import FigureTables
from assistant.names import period_years, periods
from assistant.offline.patterns import WHY
from assistant.text import fold
from assistant.tools.contracts import Contract, Slot, SlotKind
from assistant.tools.registry import SPECS
from assistant.vocabulary import Vocabulary

GENERAL = "bereken"
_CALC = re.compile(r"\b(reken|bereken|tel\b|optellen|opgeteld|calculate|compute)", re.IGNORECASE)
_KPI_NUMBER = re.compile(r"\bkpi[\s-]*(\d{1,2})\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
_REGION = re.compile(r"\bregio\s+$", re.IGNORECASE)
WHICH = re.compile(r"\b(welke?|which)\s+\w+", re.IGNORECASE)
AMOUNT_ASKED = re.compile(r"\b(hoeveel|hoe (groot|hoog|veel|sterk|hard)|met hoeveel|welk bedrag|how (much|many)|"
                          r"procent|percent|bedrag)\b|%", re.IGNORECASE)


@dataclass(frozen=True)
class PlannedCall:
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """What the planner reads: the question (with the previous one for a follow-up), its places and periods."""

    text: str
    places: Sequence[str] = ()
    periods: Sequence[str] = ()
    previous: str = ""

    @property
    def cue_text(self) -> str:
        return fold(f"{self.previous} {self.text}" if self.previous else self.text)


# -- slot filling -----------------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text)]


def find_names(text: str, names: Sequence[str], cutoff: float = 0.85) -> list[str]:
    """Names (possibly multi-word) occurring in `text`, exactly or with a small misspelling, in text order."""
    words = _words(text)
    found: list[tuple[int, str]] = []
    for name in names:
        parts = _words(name)
        if not parts:
            continue
        n = len(parts)
        for i in range(len(words) - n + 1):
            window = words[i : i + n]
            if window == parts or (
                len(" ".join(parts)) >= 5
                and difflib.SequenceMatcher(None, " ".join(window), " ".join(parts)).ratio() >= cutoff
            ):
                found.append((i, name))
                break
    return [name for _, name in sorted(found)]


def _years(question: Question) -> list[int]:
    return sorted({y for p in question.periods for y in period_years(p)})


def _values(figures: FigureTables, table: str, column: str) -> list[str]:
    frame = figures.table(table)
    return sorted({str(v) for v in frame[column] if str(v)}) if len(frame) else []


def _place(question: Question, figures: FigureTables, table: str) -> str | None:
    subjects = set(_values(figures, table, "subject")) if table else set(figures.subjects)
    named = [p for p in question.places if p in subjects]
    if len(named) == 1 and not _REGION.search(question.text[: question.text.lower().find(named[0].lower()[:5])]):
        return named[0]
    return None


def _kpi(question: Question, figures: FigureTables, vocabulary: Vocabulary, table: str) -> str | None:
    numbered = [f"KPI {m}" for m in _KPI_NUMBER.findall(question.text)]
    if len(numbered) == 1:
        return numbered[0]
    lowered = fold(question.text)
    found = [name for alias, name in vocabulary.kpi_aliases.items() if alias in lowered]
    found += [n for n in find_names(question.text, _values(figures, table, "subject"), cutoff=0.9) if n not in found]
    return found[0] if len(found) == 1 else None


def _group(question: Question, figures: FigureTables, table: str) -> str | None:
    """A group of the table named by a word of the question ('Jeugd' by 'jeugdzorg'; 'Wmo' by 'wmo')."""
    words = _words(question.text)
    found = [g for g in _values(figures, table, "group")
             if len(g) >= 3 and " " not in g and any(w.startswith(fold(g)) for w in words)]
    return found[0] if len(found) == 1 else None


def fill(slot: Slot, question: Question, figures: FigureTables, vocabulary: Vocabulary, table: str) -> Any:
    """The value of one slot, or None (the tool's default)."""
    years = _years(question)
    match slot.kind:
        case SlotKind.PLACE:
            return _place(question, figures, table)
        case SlotKind.YEAR:
            return years[0] if len(years) == 1 else None
        case SlotKind.LAST_YEAR_OR_ONLY:
            return max(years) if years else None
        case SlotKind.FROM_YEAR:
            return min(years) if len(years) >= 2 else None
        case SlotKind.TO_YEAR:
            return max(years) if len(years) >= 2 else None
        case SlotKind.SUBJECT:
            names = find_names(question.text, _values(figures, slot.table, "subject"), cutoff=0.9)
            return names[0] if len(names) == 1 else None
        case SlotKind.GROUP:
            return _group(question, figures, slot.table)
        case SlotKind.KPI:
            return _kpi(question, figures, vocabulary, slot.table)
        case SlotKind.FLAG:
            return True if re.search(slot.pattern, question.cue_text) else None
        case SlotKind.CHOICE:
            for pattern, value in slot.choices:
                if not pattern or re.search(pattern, question.cue_text):
                    return value
    return None


# -- choosing ---------------------------------------------------------------------------------------------

def _asks_itself(question: Question, contract: Contract) -> bool:
    """A follow-up takes a tool from the previous question only when it asks something of its own: a place, a
    period, a calculation or one of the tool's cues ("En in Epe?" does; "Welke varianten zijn er?" not)."""
    own = fold(question.text)
    return bool(any(fold(p) in own for p in question.places) or periods(question.text)
                or operations_in(question.text) or any(re.search(cue, own) for cue in contract.cues))


def _covers(table: str, question: Question, figures: FigureTables) -> bool:
    """Whether a tool's table can be about what the question names: one of its years, one of its places
    (a table of places that lacks the asked one, or of other years, leaves the question to the general
    calculation, which looks at all figures)."""
    frame = figures.table(table)
    asked = {y for p in question.periods for y in period_years(p)}
    if asked and not asked & {y for p in set(frame["period"]) for y in period_years(str(p))}:
        return False
    subjects = set(frame["subject"])
    places = [s for s in subjects if s in figures.municipalities]
    return not (question.places and places and not any(p in subjects for p in question.places))


def _applies(contract: Contract, question: Question, operations: list[Operation], figures: FigureTables) -> bool:
    if any(figures.table(t).empty for t in contract.tables):
        return False
    if not all(re.search(cue, question.cue_text) for cue in contract.cues):
        return False
    if question.previous and not _asks_itself(question, contract):
        return False
    specific = [op for op in operations if op is not Operation.LOOKUP]
    return not specific or specific[0] in contract.operations


def _arguments(contract: Contract, question: Question, figures: FigureTables,
               vocabulary: Vocabulary) -> dict[str, Any] | None:
    table = contract.tables[0] if contract.tables else ""
    args = dict(contract.fixed)
    for name, slot in contract.slots.items():
        value = fill(slot, question, figures, vocabulary, table)
        if value is not None:
            args[name] = value
    if any(args.get(name) is None for name in contract.requires):
        return None
    return args


def plan_tool_calls(question: Question, figures: FigureTables, vocabulary: Vocabulary | None = None
                    ) -> list[PlannedCall]:
    """The tool calls a question asks for, in order: the first that gives a result answers (empty when it is not
    a calculation question)."""
    vocabulary = vocabulary or Vocabulary()
    if WHY.search(question.text) and not _CALC.search(question.text):
        return []
    operations = operations_in(question.text) or (operations_in(question.previous) if question.previous else [])
    if WHICH.search(question.text) and not AMOUNT_ASKED.search(question.text) and operations and \
            operations[0] in (Operation.CHANGE, Operation.DIFFERENCE, Operation.DEVIATION):
        return []  # "welk perceel daalde flink?" asks which one, from the text, not for an amount
    if not figures.figures.empty:
        best: tuple[int, int, PlannedCall, bool] | None = None
        for order, spec in enumerate(SPECS):
            for contract in spec.contracts:
                if not _applies(contract, question, operations, figures):
                    continue
                args = _arguments(contract, question, figures, vocabulary)
                if args is None:
                    continue
                key = (contract.specificity, -order)
                if best is None or key > best[:2]:
                    covered = all(_covers(t, question, figures) for t in contract.tables)
                    best = (*key, PlannedCall(spec.name, args), covered)
        if best is not None:
            # A tool whose table lacks the asked year or place comes second: the general calculation may find
            # them in another table; if not, the tool's answer says what its table does cover.
            return [best[2]] if best[3] else [PlannedCall(GENERAL, {"vraag": question.text}), best[2]]
    specific = [op for op in operations if op is not Operation.LOOKUP]
    if specific or _CALC.search(question.text):
        return [PlannedCall(GENERAL, {"vraag": question.text})]
    return []
