"""English question words mapped to the Dutch words documents use (package data, replaceable): the
documents are Dutch, and an English question shares few words with them. The map is general policy
vocabulary (`assistant/data/english.csv`), not the wording of known questions."""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources


@cache
def english_words() -> dict[str, str]:
    """English word -> Dutch words (immutable package data, read once)."""
    text = resources.files("assistant.data").joinpath("english.csv").read_text("utf-8")
    return {r["english"].strip().lower(): r["dutch"].strip() for r in csv.DictReader(text.splitlines())
            if r.get("english") and r.get("dutch")}


def dutch_words(question: str) -> list[str]:
    """The Dutch words for the English words of a question (in question order, without repeats)."""
    words = english_words()
    return list(dict.fromkeys(words[w] for w in re.findall(r"[a-z]+", question.lower()) if w in words))
