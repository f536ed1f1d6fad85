"""The key figures of a memo topic (pure over the loaded figure tables): the rows whose labels match the topic.

A row comes from a curated figure file or was read from a table or sentence at ingest; each keeps where it is
printed, so the memo cites the line that prints it. Rows about another place than the topic names are left out;
contradictions between sources are returned with the rows they concern.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.figures import FigureTables
from assistant.names import period_years
from assistant.text import tokenize
from assistant.tools.base import Source, ToolResult

TOOL = "kerncijfers"  # the name the key-figure lookup has among a memo's tool calls
MAX_PER_TABLE = 3  # one table does not fill the whole Feiten section
MIN_RELATIVE_SCORE = 0.5  # of the best row's score


@dataclass(frozen=True)
class Fact:
    label: str  # what is measured, as printed ("Jeugdzorg, begroting")
    printed: str  # the value as printed
    period: str
    about: str  # the place or organisation the figure is about ('' when the document does not say)
    source: Source


def _text(value) -> str:
    """A frame cell as text ('' for a missing one: curated rows leave the extracted columns empty)."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()


def _label(row) -> str:
    subject = _text(row.row_label) or _text(row.subject)
    measure = (_text(row.column_label) or _text(row.measure)).replace("_", " ")
    return f"{subject}, {measure}" if measure and measure.lower() not in subject.lower() else subject


def _printed(row) -> str:
    printed = _text(row.printed)
    if printed:
        return printed
    return "" if row.value is None or math.isnan(row.value) else f"{row.value:g}"


def key_figures(words: Sequence[str], figures: FigureTables, *, places: Sequence[str] = (),
                municipality_of: Callable[[str], str] = lambda document: "",
                documents: set[str] | None = None, periods: Sequence[str] = (), limit: int = 6
                ) -> tuple[list[Fact], list[str]]:
    """(the best-matching figure rows for the topic's words, contradiction notes about them).

    A word counts also through the parts of its compound ("jeugdzorgkosten" -> "jeugdzorg", "kosten"). A row must match as many of the topic's words as the best row does, up to two.
    `places`: when the topic names places, only rows about one of them (as the row's subject or the document's
    municipality). `documents`: only rows printed in these documents (None: any). `periods`: when the topic
    names years, only rows of one of those years."""
    frame = figures.figures
    if frame.empty or not words:
        return [], []
    search = figures.search
    vocabulary = set(search.words)
    groups = [(t, _splits(t, vocabulary)) for t in dict.fromkeys(tokenize(" ".join(words)))]
    scores = search.search([t for word, splits in groups for t in (word, *(p for split in splits for p in split))])
    matched: dict[int, int] = {}
    for word, splits in groups:
        # the word itself, or both parts of its compound ("hulp" alone is not "jeugdhulp")
        hits = set(search.search([word]))
        for head, tail in splits:
            hits |= set(search.search([head])) & set(search.search([tail]))
        for position in hits:
            matched[position] = matched.get(position, 0) + 1
    wanted = {p.lower() for p in places}
    years = {y for p in periods for y in period_years(p)}

    def in_scope(position: int) -> bool:
        row = frame.iloc[position]
        if documents is not None and row.document not in documents:
            return False
        if years and not years & set(period_years(_text(row.period))):
            return False
        return not wanted or _about(row, figures, municipality_of).lower() in wanted \
            or str(row.subject).lower() in wanted

    # only rows about the topic's places, years and documents compete
    matched = {p: n for p, n in matched.items() if in_scope(p)}
    if not matched:
        return [], []
    need = min(2, max(matched.values()))
    scores = {p: v for p, v in scores.items() if matched.get(p, 0) >= need}
    top = max(scores.values())
    chosen: list[int] = []
    per_table: dict[str, int] = {}
    seen: set[tuple[str, int, str]] = set()
    labels: set[tuple[str, str]] = set()
    for position in sorted(scores, key=lambda p: (-scores[p], p)):
        if scores[position] < MIN_RELATIVE_SCORE * top or len(chosen) >= limit:
            break
        row = frame.iloc[position]
        printed = _printed(row)
        key = (row.document, int(row.page), printed)
        label = (_label(row).lower(), _text(row.period))
        if not printed or key in seen or label in labels or per_table.get(row.table, 0) >= MAX_PER_TABLE:
            continue  # one figure per label and period: the same label in two tables is not two facts
        seen.add(key)
        labels.add(label)
        per_table[row.table] = per_table.get(row.table, 0) + 1
        chosen.append(position)
    rows = frame.iloc[chosen]
    facts = [Fact(_label(r), _printed(r), _text(r.period), _about(r, figures, municipality_of), _source(r))
             for r in rows.itertuples(index=False)]
    return facts, figures.conflict_notes(rows) if len(rows) else []


MIN_PART = 4


def _splits(word: str, vocabulary: set[str]) -> list[tuple[str, str]]:
    """The ways a compound splits into two label words ("jeugdzorgkost" -> ("jeugdzorg", "kost")), with a
    linking s ("verblijfs-kost")."""
    out = []
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:i], word[i:]
        if head not in vocabulary:
            continue
        if tail in vocabulary:
            out.append((head, tail))
        elif tail[:1] == "s" and tail[1:] in vocabulary and len(tail) > MIN_PART:
            out.append((head, tail[1:]))
    return out


def _about(row, figures: FigureTables, municipality_of: Callable[[str], str]) -> str:
    if row.subject in figures.municipalities:
        return str(row.subject)
    return municipality_of(row.document)


def _source(row) -> Source:
    return Source(document=row.document, page=int(row.page), table=_text(row.table), subject=_text(row.subject),
                  measure=_text(row.measure), period=_text(row.period), printed=_printed(row),
                  quote=_text(row.quote), section=_text(row.section))


def facts_result(facts: list[Fact], subject: str, notes: list[str]) -> ToolResult:
    """The key figures as a tool result: shown as a table in the app, and the source of the periods and places
    the memo's table gives next to each printed value."""
    rows = [{"cijfer": f.label, "waarde": f.printed, "periode": f.period, "over": f.about} for f in facts]
    return ToolResult(tool=TOOL, title=f"Kerncijfers: {subject}", columns=["cijfer", "waarde", "periode", "over"],
                      rows=rows, summary=f"{len(facts)} cijfers uit de figuurtabellen over {subject}.",
                      notes=notes, sources=[f.source for f in facts])
