"""Which calculation a question asks for, from general Dutch and English cues (pure).

The cues are data (`assistant/data/operations.csv`, replaceable): an operation is recognised by its words
("verschil", "samen", "welk deel", "gestegen", "hoeveel keer", "per inwoner", "afwijking", "hoogste"), never by
the wording of known questions. The same file holds the words that give a figure's column a role: a target
or budget ("begroting", "streefwaarde"), an actual ("realisatie"), a forecast ("verwachting"), or a table
that is itself a change ("mutatie").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from importlib import resources

from assistant.text import fold


class Operation(StrEnum):
    LOOKUP = "lookup"
    DIFFERENCE = "difference"
    SUM = "sum"
    SHARE = "share"
    CHANGE = "change"
    MULTIPLE = "multiple"
    PER_INHABITANT = "per_inhabitant"
    DEVIATION = "deviation"
    RANK = "rank"


# When several operations are named, the more specific one is the calculation; the others qualify it
# ("hoeveel procent stegen ... t.o.v." is a change; "hoeveel keer zo hoog ... dan" a multiple).
PRECEDENCE = (Operation.MULTIPLE, Operation.SHARE, Operation.PER_INHABITANT, Operation.DEVIATION, Operation.SUM,
              Operation.CHANGE, Operation.DIFFERENCE, Operation.RANK, Operation.LOOKUP)


@cache
def _cues() -> tuple[tuple[str, str, re.Pattern], ...]:
    """(kind, name, pattern) rows of the shipped cue file (immutable package data, read once)."""
    text = resources.files("assistant.data").joinpath("operations.csv").read_text("utf-8")
    return tuple((r["kind"], r["name"], re.compile(r["pattern"], re.IGNORECASE))
                 for r in csv.DictReader(text.splitlines()) if r.get("pattern"))


def operations_in(question: str) -> list[Operation]:
    """The operations a question names, most specific first (empty: no calculation cue at all)."""
    text = fold(question)
    found = {Operation(name) for kind, name, pattern in _cues() if kind == "operation" and pattern.search(text)}
    return [op for op in PRECEDENCE if op in found]


def cue_spans(question: str, operations: Sequence[Operation] | None = None) -> list[tuple[int, int]]:
    """Character spans of the cue words in the folded question: they say what to compute, not about what
    (only those of `operations`, when given: in "de hoogste aandelen" the word "aandeel" names the measure).
    A cue that spans words ("nemen ... toe") gives only its first and last word."""
    text = fold(question)
    wanted = {op.value for op in operations} if operations is not None else None
    spans: list[tuple[int, int]] = []
    for kind, name, pattern in _cues():
        if kind == "operation" and wanted is not None and name not in wanted:
            continue
        if kind not in ("operation", "noise"):
            continue
        for m in pattern.finditer(text):
            words = list(re.finditer(r"\S+", m.group()))
            if len(words) <= 3:
                spans.append(m.span())
            else:
                spans += [(m.start() + w.start(), m.start() + w.end()) for w in (words[0], words[-1])]
    return spans


def has_role(label: str, role: str) -> bool:
    """Whether a column or table label has a role: 'target', 'actual', 'forecast' or 'change_series'."""
    text = fold(label.replace("_", " "))
    return any(kind == "role" and name == role and pattern.search(text) for kind, name, pattern in _cues())


def column_role(label: str) -> str:
    """'actual', 'forecast', 'target' or '' for a column/measure label ('Realisatie 2023', 'begroting')."""
    for role in ("actual", "forecast", "target"):
        if has_role(label, role):
            return role
    return ""
