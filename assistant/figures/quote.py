"""The line of a page that prints a figure (pure): the quote a citation of that figure shows.

A table row is cited by its own line ("Epe 13.048 5% 4% ..."), not by another row that happens to
print the same percentage; a figure in running text by its sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.numbers import number_forms
from assistant.sentences import split_sentences
from assistant.text import normalise_for_match, tokenize

MAX_LINE = 300  # a longer "line" is flowed prose: quote the sentence instead


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    normalised: str
    forms: frozenset[str]
    tokens: frozenset[str]


class PageLines:
    """A page's lines (sentences, where a line is flowed prose), each read once."""

    def __init__(self, page_text: str):
        lines: list[_Line] = []
        for raw in page_text.split("\n"):
            line = raw.strip()
            if not line:
                continue
            for text in ([line] if len(line) <= MAX_LINE else split_sentences(line)):
                lines.append(_Line(text, normalise_for_match(text), frozenset(number_forms(text)),
                                   frozenset(tokenize(text))))
        self.lines = lines

    def line_for(self, printed: str, labels: Sequence[str] = ()) -> str:
        """The line that prints `printed` and best matches `labels`: first the row label (labels[0]), then
        the exact print, then the other labels (column, group); '' when no line prints the value."""
        if not printed:
            return ""
        needle = normalise_for_match(printed)
        forms = number_forms(printed)
        own = set(tokenize(labels[0])) if labels else set()
        others = {t for label in labels[1:] for t in tokenize(label)} - own
        best: tuple[int, bool, int, int] | None = None
        found = ""
        for line in self.lines:
            exact = bool(needle) and needle in line.normalised
            if not (exact or (forms and forms <= line.forms)):
                continue
            key = (len(own & line.tokens), exact, len(others & line.tokens), -len(line.text))
            if best is None or key > best:
                best, found = key, line.text
        return found


def figure_line(page_text: str, printed: str, labels: Sequence[str] = ()) -> str:
    """`PageLines(page_text).line_for(printed, labels)`: for one figure; build `PageLines` once for many."""
    return PageLines(page_text).line_for(printed, labels)
