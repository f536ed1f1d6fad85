"""Recognise calculation questions (pure): which tool, with which arguments, a question asks for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.figures import FigureTables


@dataclass(frozen=True)
class PlannedCall:
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)


def plan_tool_calls(question: str, figures: FigureTables) -> list[PlannedCall]:
    """The tool calls a question asks for (empty when it is not a calculation question)."""
    return []
