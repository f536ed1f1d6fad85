"""Grounding check (pure), used in both modes: every number in an answer must occur in a cited passage or a
tool result, and every [n] marker must point to a citation.

Numbers are compared as normalised values (`assistant.numbers`), so "€ 1.358", "1358" and "1.358,0" are one
number. A source number also supports its rounded forms: a tool that returns 1.357,84 supports "1.358" and
"1.357,8" (the answer may round, never invent digits). Numbers the user wrote in the question (a year, a KPI
number) are not claims and pass. Unsupported numbers are marked visibly and the answer says so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from assistant.models import Grounding
from assistant.numbers import extract_numbers, round_half_up, value_key

MARKER = re.compile(r"\[(\d{1,3})\]")
# Unit phrases, not claims: "(x € 1.000)", "per 1.000 inwoners".
_UNIT = re.compile(r"(?:\bx|×|\bper)\s*€?\s*1\.000(?:\.000)?(?![\d,])", re.IGNORECASE)
UNSUPPORTED_MARK = "⚠"
# Sentinel phrases the UI and tests recognise.
UNSUPPORTED_NOTE = "Let op: niet gevonden in de bronnen"
INVALID_MARKER_NOTE = "Verwijderd: bronverwijzing zonder bron"


def _decimals(printed: str) -> int:
    digits = re.sub(r"[^\d.,]", "", printed)
    if "," in digits:
        return len(digits.rsplit(",", 1)[1])
    return 0


def _values_in(obj: Any) -> Iterable[float]:
    """Every number in a tool result: numeric leaves directly, strings parsed as Dutch text."""
    if isinstance(obj, bool) or obj is None:
        return
    if isinstance(obj, (int, float)):
        yield float(obj)
    elif isinstance(obj, str):
        for _, value in extract_numbers(obj):
            yield value
    elif isinstance(obj, Mapping):
        for value in obj.values():
            yield from _values_in(value)
    elif isinstance(obj, (list, tuple, set)):
        for value in obj:
            yield from _values_in(value)


class Evidence:
    """The numbers that an answer may state: from cited passages, tool results and the question."""

    def __init__(self, values: Iterable[float]):
        self.values = [v for v in values if not math.isnan(v)]
        self.keys = {value_key(v) for v in self.values} | {value_key(abs(v)) for v in self.values}

    @classmethod
    def collect(cls, texts: Iterable[str] = (), tool_results: Iterable[Any] = (), question: str = "") -> Evidence:
        values: list[float] = []
        for text in [*texts, question]:
            values.extend(v for _, v in extract_numbers(text))
        for result in tool_results:
            values.extend(_values_in(result))
        return cls(values)

    def supports(self, printed: str, value: float) -> bool:
        if value_key(value) in self.keys or value_key(abs(value)) in self.keys:
            return True
        decimals = _decimals(printed)
        targets = {abs(value), abs(value) / 1_000, abs(value) / 1_000_000}
        for source in self.values:
            s = abs(source)
            for scaled in (s, s / 1_000, s / 1_000_000, s * 1_000):
                # A rounded form of a source number ("1.358" for 1.357,84; "€ 1,36 miljoen" for 1.357.840),
                # within 2%: rounding 0,69 to "1" is not a rounding the reports would accept.
                for target in targets:
                    if round_half_up(scaled, decimals) == target and abs(scaled - target) <= 0.02 * target:
                        return True
        return False


def check_numbers(text: str, evidence: Evidence) -> tuple[int, list[str]]:
    """(number of numbers checked, those without support) in `text`, markers ignored."""
    plain = _UNIT.sub(" ", MARKER.sub(" ", text))
    found = extract_numbers(plain)
    return len(found), [printed for printed, value in found if not evidence.supports(printed, value)]


def apply_grounding(
    text: str,
    cited_texts: Mapping[int, str],
    tool_results: Iterable[Any] = (),
    question: str = "",
) -> tuple[str, Grounding]:
    """Check `text` and return it with unsupported numbers marked and invalid markers removed.

    `cited_texts` maps each valid [n] to the full text of the passage it cites (numbers anywhere in a cited
    passage count as support). Tool results are the JSON dicts of `ToolResult`s (or any nested data).
    """
    invalid = sorted({int(m) for m in MARKER.findall(text) if int(m) not in cited_texts})
    if invalid:
        text = MARKER.sub(lambda m: "" if int(m.group(1)) in invalid else m.group(0), text)
        text = re.sub(r"[ \t]+([.,;:])", r"\1", text)
    evidence = Evidence.collect(cited_texts.values(), tool_results, question)
    checked, unsupported = check_numbers(text, evidence)
    if unsupported:
        for printed in sorted(set(unsupported), key=len, reverse=True):
            text = re.sub(rf"(?<![\w.,]){re.escape(printed)}(?![\w]|{UNSUPPORTED_MARK})", f"{printed}{UNSUPPORTED_MARK}", text)
    notes = []
    if unsupported:
        listed = ", ".join(dict.fromkeys(unsupported))
        notes.append(f"{UNSUPPORTED_MARK} {UNSUPPORTED_NOTE}: {listed}. Controleer deze getallen.")
    if invalid:
        notes.append(f"{INVALID_MARKER_NOTE}: " + ", ".join(f"nr. {n}" for n in invalid) + ".")
    if notes:
        text = text.rstrip() + "\n\n" + "\n".join(f"_{n}_" for n in notes)
    return text, Grounding(checked_numbers=checked, unsupported_numbers=list(dict.fromkeys(unsupported)),
                           invalid_markers=invalid)
