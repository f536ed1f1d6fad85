"""Checks on a memo draft (pure): what its reader needs to trust it.

- every number in a section stands on a line with a citation marker, and occurs (or is a rounding of a
  number) on a page that line cites, or in a calculation the memo shows;
- the sections the memo is judged on are filled, Feiten has cited figures, Opties has concrete items.
Used by the tests and by `scripts/bench_memo.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.grounding import MARKER, Evidence, check_numbers
from assistant.memo.draft import AANLEIDING, BRONNEN, EMPTY_SECTION, FEITEN, KERN, OPTIES
from assistant.memo.roles import has_figure, has_role
from assistant.models import Memo
from assistant.numbers import extract_numbers
from assistant.text import contains_quote

# Where a line names its source ("kwartaalrapportage-2023.pdf, p. 11"): not a figure of the memo.
_SOURCE_REF = re.compile(r"\S+\.(?:pdf|docx|xlsx|csv|txt|md)\b|\bp\. ?\d+")
PageText = Callable[[str, int], str]  # (document name, page) -> the page's text


@dataclass
class MemoCheck:
    filled: dict[str, bool] = field(default_factory=dict)
    cited_figures: int = 0  # Feiten items (table rows, sentences, calculations) with a figure and a marker
    option_items: int = 0  # Opties items: one measure or action each, cited
    uncited: list[str] = field(default_factory=list)  # "line: number" for numbers without a cited source
    misquoted: list[str] = field(default_factory=list)  # citations whose quote is not on their page

    def passes(self, min_figures: int = 3, min_options: int = 3) -> bool:
        return (all(self.filled.get(t, False) for t in (AANLEIDING, KERN, FEITEN, OPTIES))
                and self.cited_figures >= min_figures and self.option_items >= min_options and not self.uncited
                and not self.misquoted)


def _lines(memo: Memo, title: str) -> list[str]:
    section = next((s for s in memo.sections if s.title == title), None)
    return [line for p in (section.paragraphs if section else []) for line in p.split("\n") if line.strip()]


def check_memo(memo: Memo, page_text: PageText) -> MemoCheck:
    result = MemoCheck()
    # a quote is verbatim on its page (checked by `misquoted`), so its numbers count with the page's
    cited = {c.n: f"{page_text(c.document, c.page)}\n{c.quote}" for c in memo.citations}
    result.misquoted = [f"{c.document} p. {c.page}: {c.quote[:60]}" for c in memo.citations
                        if not contains_quote(page_text(c.document, c.page), c.quote)]
    tools = [call.result for call in memo.tool_calls]
    for section in memo.sections:
        result.filled[section.title] = bool(section.paragraphs) and section.paragraphs != [EMPTY_SECTION]
        if section.title == BRONNEN:
            continue
        for line in _lines(memo, section.title):
            plain = _SOURCE_REF.sub(" ", line)
            markers = [int(n) for n in MARKER.findall(plain)]
            evidence = Evidence.collect([cited[n] for n in markers if n in cited], tools)
            checked, unsupported = check_numbers(plain, evidence)
            if checked and not markers:
                unsupported = [printed for printed, _ in extract_numbers(plain)]
            result.uncited += [f"{line[:80]}…: {n}" for n in unsupported]
    feiten = _lines(memo, FEITEN)
    result.cited_figures = sum(1 for line in feiten if MARKER.search(line) and (
        line.startswith("|") or has_figure(_SOURCE_REF.sub(" ", MARKER.sub(" ", line)))))
    result.option_items = sum(1 for line in _lines(memo, OPTIES)
                              if line.startswith("- ") and MARKER.search(line) and not has_role(line, "self"))
    return result


