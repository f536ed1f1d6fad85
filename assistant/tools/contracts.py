"""What a calculation tool declares on the registry, so that planners choose tools by reading declarations.

A `Contract` says when a tool answers a question and how its arguments are filled:

- `cues`: regular expressions over the question (accents folded, case ignored); every one must match.
  They name the tool's domain concept ("verevening", "streefwaarde", "besparing"), never a document;
- `operations`: the general operations (`assistant.calc.operations`) the tool answers; a question that asks
  for another operation (a sum, a multiple) goes to the general calculation instead;
- `tables`: the figure tables it needs (the contract does not apply when one is not loaded);
- `slots`: argument -> how to fill it from the question (a place, a year, a row label of a table, ...);
- `fixed`: arguments of this variant (a tool with several variants declares several contracts);
- `requires`: slots that must be filled for the contract to apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from assistant.calc.operations import Operation


class SlotKind(StrEnum):
    PLACE = "place"  # one named place (a municipality of the table)
    YEAR = "year"  # the one year named
    LAST_YEAR_OR_ONLY = "last_year"  # the latest year named (or the only one)
    FROM_YEAR = "from_year"  # first year of two or more / of a range
    TO_YEAR = "to_year"  # last year of two or more / of a range
    SUBJECT = "subject"  # a row label of `table` named in the question
    GROUP = "group"  # a group value of `table` named in the question
    KPI = "kpi"  # a KPI: its number, an alias or its name
    FLAG = "flag"  # True when `pattern` matches
    CHOICE = "choice"  # the value of the first (pattern, value) that matches; pattern '' is the default


@dataclass(frozen=True)
class Slot:
    kind: SlotKind
    table: str = ""
    pattern: str = ""
    choices: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Contract:
    cues: tuple[str, ...]
    operations: frozenset[Operation]
    tables: tuple[str, ...] = ()
    slots: Mapping[str, Slot] = field(default_factory=dict)
    fixed: Mapping[str, Any] = field(default_factory=dict)
    requires: tuple[str, ...] = ()

    @property
    def specificity(self) -> int:
        """More cues (and required slots) = a more specific contract: it wins a tie."""
        return len(self.cues) + len(self.requires)


PERIOD_SLOTS = {"gemeente": Slot(SlotKind.PLACE), "jaar": Slot(SlotKind.YEAR),
                "vanaf": Slot(SlotKind.FROM_YEAR), "tot_en_met": Slot(SlotKind.TO_YEAR)}
ALL = frozenset(Operation)
