"""Eval items and the gold-quote hit test (pure)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.text import contains_quote


class EvalItem(BaseModel):
    id: str
    question: str
    kind: str
    doc: str | list[str] | None = None
    quotes: list[str] = Field(default_factory=list)
    answer: str = ""
    must_contain: list[str] = Field(default_factory=list)
    context: str | None = None
    calc_note: str = ""

    @property
    def answerable(self) -> bool:
        return self.kind != "unanswerable"


def load_items(path: Path) -> list[EvalItem]:
    return [EvalItem.model_validate(json.loads(line)) for line in path.read_text("utf-8").splitlines() if line.strip()]


def history_for(item: EvalItem, by_id: dict[str, EvalItem]) -> list[dict]:
    """A follow-up's conversation: the previous question and its reference answer."""
    if not item.context or item.context not in by_id:
        return []
    prev = by_id[item.context]
    return [{"role": "user", "content": prev.question}, {"role": "assistant", "content": prev.answer}]


def is_hit(text: str, quotes: list[str]) -> bool:
    return any(contains_quote(text, q) for q in quotes)


def first_hit_rank(texts: list[str], quotes: list[str]) -> int | None:
    for rank, text in enumerate(texts, start=1):
        if is_hit(text, quotes):
            return rank
    return None
