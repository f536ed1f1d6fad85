"""Compose offline answers (pure): tool results as summary + table, extractive answers as sentences or lists.

Every sentence that comes from a passage is quoted verbatim and carries its [n]; tool answers cite the page
line that prints the figures the tool used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from assistant.extract import Sentence, select_sentences, split_sentences
from assistant.figures.quote import PageLines
from assistant.models import Chunk, Citation, Passage
from assistant.numbers import number_forms
from assistant.offline.patterns import SUPERLATIVE, WHY
from assistant.safety import is_injection
from assistant.text import normalise_for_match
from assistant.tools.base import ToolResult

_LIST_Q = re.compile(
    r"^\s*(welke|wat zijn|noem|op welke manieren|which|what are|list)\b|\b(welke \w+ (zijn|worden)|"
    r"aanbevelingen|principes|pijlers|varianten|manieren)\b",
    re.IGNORECASE,
)
_WHY_WORDS = re.compile(
    r"\b(omdat|doordat|door|oorzaak|oorzaken|verklaard|verklaring|komt|gevolg|waardoor|vanwege|dus)\b", re.IGNORECASE
)
_DEFINE_Q = re.compile(r"^\s*(wat (is|zijn|betekent|betekend|valt)|what is|what does|wie is)\b", re.IGNORECASE)
_DEFINE_WORDS = re.compile(r"\b(is een|zijn|staat voor|betekent|houdt in|bedoeld|valt|vallen|onder)\b|:|\(",
                           re.IGNORECASE)
_LABELLED = re.compile(r"^\s*(?:[-•–▪·]\s*)?(optie|variant|stap|fase|pijler|aanbeveling|maatregel)\s+\d+\s*:",
                       re.IGNORECASE)
# A list item: a bullet or number, followed by a space; a dash or bullet may also be glued to a word ("-meer").
_BULLET = re.compile(r"^\s*(?:(?:[-•–▪·o]|\d+[.)])\s+|[-•–▪·](?=[a-zà-ÿ]))")
_AGGREGATES = {"totaal", "gemiddeld", "regio", "gemiddelde"}


# ---- tool answers ---------------------------------------------------------------------------------------

def _quote_for(printed: set[str], chunks: Iterable[Chunk]) -> tuple[Chunk, str] | None:
    """The line of a page that prints most of the given figures (value keys), verbatim."""
    best: tuple[int, Chunk, str] | None = None
    for chunk in chunks:
        for line in chunk.text.split("\n"):
            hits = len(number_forms(line) & printed)
            if hits and (best is None or hits > best[0]):
                best = (hits, chunk, line.strip())
    return (best[1], best[2]) if best else None


def source_citations(result: ToolResult, page_chunks: Callable[[str, int], list[Chunk]], start: int,
                     limit: int = 6) -> list[Citation]:
    """Citations of the figures a tool used: each quotes the line that prints that figure (its own row of the
    table, found by its value and its row label), one citation per distinct line.

    `page_chunks(document name, page)` gives the indexed chunks of that page.
    """
    out: list[Citation] = []
    seen: set[tuple[str, int, str]] = set()
    pages: dict[tuple[str, int], tuple[list[Chunk], PageLines]] = {}
    for source in result.sources:
        where = (source.document, source.page)
        if where not in pages:
            chunks = page_chunks(*where)
            pages[where] = (chunks, PageLines("\n".join(c.text for c in chunks)))
        chunks, lines = pages[where]
        if not chunks:
            continue
        quote = source.quote or lines.line_for(source.printed, [source.subject, source.measure.replace("_", " ")])
        if not quote:
            found = _quote_for(number_forms(source.printed), chunks)
            quote = found[1] if found else ""
        if not quote or (*where, quote) in seen:
            continue
        seen.add((*where, quote))
        needle = normalise_for_match(quote)
        chunk = next((c for c in chunks if needle in normalise_for_match(c.text)), chunks[0])
        out.append(Citation(n=start + len(out), doc_id=chunk.doc_id, document=source.document, title=chunk.title,
                            page=source.page, section=chunk.section, quote=quote))
        if len(out) >= limit:
            break
    return out


def _extremes(result: ToolResult) -> str | None:
    """'Hoogste: X (v); laagste: Y (w).' over the subjects of a result, for 'welke ... de hoogste' questions."""
    label = next((c for c in ("onderwerp", "gemeente", "kpi") if c in result.columns), None)
    value = next((c for c in ("waarde", "uitkomst", "realisatie") if c in result.rows[0]), None) if result.rows else None
    if label is None or value is None:
        return None
    rows = [r for r in result.rows
            if isinstance(r.get(value), (int, float)) and str(r.get(label, "")).lower() not in _AGGREGATES]
    if len(rows) < 2:
        return None
    shown = "als afgedrukt" if "als afgedrukt" in result.columns else value
    high = max(rows, key=lambda r: r[value])
    low = min(rows, key=lambda r: r[value])
    return (f"Hoogste: {high[label]} ({result.cell(high, shown)}); "
            f"laagste: {low[label]} ({result.cell(low, shown)}).")


def table_markdown(result: ToolResult) -> str:
    if not result.rows:
        return ""
    lines = ["| " + " | ".join(result.header(c) for c in result.columns) + " |",
             "|" + "---|" * len(result.columns)]
    lines += ["| " + " | ".join(result.cell(r, c).replace("|", "/") for c in result.columns) + " |"
              for r in result.rows]
    return "\n".join(lines)


def tool_answer_text(question: str, result: ToolResult, citations: list[Citation]) -> str:
    markers = "".join(f"[{c.n}]" for c in citations)
    lead = _extremes(result) if SUPERLATIVE.search(question) else None
    parts = [f"{lead} {result.summary}" if lead else result.summary]
    parts[0] = f"{parts[0]} {markers}".strip()
    table = table_markdown(result)
    if table:
        parts.append(f"**{result.title}**\n\n{table}")
    if result.notes:
        parts.append("\n".join(f"- _{note}_" for note in result.notes))
    return "\n\n".join(parts)


# ---- extractive answers ---------------------------------------------------------------------------------

def boost_for(question: str) -> re.Pattern | None:
    if WHY.search(question):
        return _WHY_WORDS
    if _DEFINE_Q.search(question):
        return _DEFINE_WORDS
    return None


def is_list_question(question: str) -> bool:
    return bool(_LIST_Q.search(question))


def _as_list(text: str) -> str | None:
    """'De principes zijn: a, b, c en d.' -> 'De principes zijn:' + bullets; None if it is no enumeration."""
    head, sep, tail = text.partition(":")
    if not sep or len(head) > 160:
        return None
    items = [i.strip(" .;") for i in re.split(r",\s*|\s+en\s+|;\s*", tail) if i.strip(" .;")]
    if len(items) < 3 or any(len(i) > 120 for i in items):
        return None
    return head.strip() + ":\n" + "\n".join(f"- {i}" for i in items)


def _list_items(pages: dict[int, str], page: int, sentence: Sentence) -> list[tuple[int, str]]:
    """The printed list a selected sentence introduces or belongs to, as (page, item).

    `pages` holds the sentence's page and its neighbours: a list may span chunks, and labelled options
    ("Optie 1: ...", "Optie 2: ...", with explanations between them) may continue on the next page.
    """
    lines = split_sentences(pages.get(page, ""))
    if sentence.text not in lines:
        return []
    pos = lines.index(sentence.text)
    label = _LABELLED.match(lines[pos])
    if label:
        same = re.compile(rf"^\s*(?:[-•–▪·]\s*)?{re.escape(label.group(1))}\s+\d+\s*:", re.IGNORECASE)
        siblings = [(p, line) for p in sorted(pages) for line in split_sentences(pages[p])
                    if same.match(line) and not is_injection(line)]
        if len(siblings) >= 2:
            return siblings
    if _BULLET.match(lines[pos]):  # an item itself: the items around it
        begin = pos
        while begin > 0 and pos - begin < 8 and _BULLET.match(lines[begin - 1]):
            begin -= 1
    else:  # an intro: the items right after it
        begin = pos + 1
    items = []
    for k in range(begin, min(len(lines), begin + 12)):
        if _BULLET.match(lines[k]):
            if not is_injection(lines[k]):  # an item addressed to an assistant is never shown
                items.append((page, lines[k]))
        elif items:
            break
    return items if len(items) >= 2 else []


# A sentence that draws its conclusion from the one before it ("Daarom staat er een streepje ...").
_CONSEQUENCE = re.compile(r"^(?:daarom|hierdoor|daardoor|dit komt|dat komt|om die reden|hierom|dus)\b", re.IGNORECASE)


def _antecedent(text: str, sentence: Sentence) -> str:
    """The sentence before one that starts with a consequence word, when both are in the same passage."""
    if not _CONSEQUENCE.match(sentence.text) or sentence.position == 0:
        return ""
    before = split_sentences(text)
    if sentence.position >= len(before) or before[sentence.position] != sentence.text:
        return ""
    previous = before[sentence.position - 1]
    return previous if previous.rstrip().endswith((".", "!", "?")) else ""


def extractive(question: str, passages: list[Passage], start: int = 1, limit: int = 4,
               page_text: Callable[[str, int], str] | None = None,
               places: Sequence[str] = (), amount: Sentence | None = None
               ) -> tuple[str, list[Citation], list[Sentence]]:
    """A short answer of verbatim sentences from the passages, each cited; lists come out as lists.

    `page_text(doc_id, page)` gives the whole page, so a printed list that spans chunks is kept whole;
    `places` are the municipalities the question names (a sentence must share more than those with it);
    `amount` is the sentence that states the amount asked for (`evidence.amount_sentence`), always shown.
    """
    listing = is_list_question(question)
    wide = listing or boost_for(question) is _WHY_WORDS
    n = limit + (1 if wide else 0)
    # Sentences about more than the place asked about; if none (e.g. an English question), any overlap.
    sentences = (select_sentences(question, passages, limit=n, boost=boost_for(question), places=places)
                 or select_sentences(question, passages, limit=n, boost=boost_for(question)))
    if amount is not None and all((s.passage, s.position) != (amount.passage, amount.position) for s in sentences):
        # The sentence that states the amount asked for is part of the answer.
        sentences = sorted([*sentences[: limit - 1], amount], key=lambda s: (s.passage, s.position))
    citations: list[Citation] = []
    parts: list[str] = []
    used: set[tuple[int, int]] = set()
    for s in sentences:
        if (s.passage, s.position) in used:
            continue
        used.add((s.passage, s.position))
        chunk = passages[s.passage].chunk
        n = start + len(citations)
        quote = s.text
        antecedent = _antecedent(chunk.text, s)
        if antecedent and (s.passage, s.position - 1) not in used:
            used.add((s.passage, s.position - 1))
            quote = f"{antecedent} {s.text}"  # "Daarom ..." needs the sentence that says why
        body = quote
        extra: list[Citation] = []
        if listing:
            pages = {chunk.page: chunk.text}
            if page_text:
                pages = {p: page_text(chunk.doc_id, p) for p in (chunk.page - 1, chunk.page, chunk.page + 1)}
            items = _list_items(pages, chunk.page, s)
            as_list = _as_list(s.text)
            if items:
                lines = [] if _BULLET.match(s.text) else [s.text]
                for page, item in items:
                    line = f"- {_BULLET.sub('', item)}"
                    if page != chunk.page:  # an item from a neighbouring page gets its own citation
                        extra.append(Citation(n=n + 1 + len(extra), doc_id=chunk.doc_id, document=chunk.document,
                                              title=chunk.title,
                                              page=page, section="", quote=item))
                        line += f" [{extra[-1].n}]"
                    lines.append(line)
                body = "\n".join(lines)
                listed = {i for _, i in items}
                used.update((s.passage, k) for k, line in enumerate(split_sentences(chunk.text)) if line in listed)
            elif as_list:
                body = as_list
        citations.append(Citation(n=n, doc_id=chunk.doc_id, document=chunk.document, title=chunk.title,
                                  page=chunk.page,
                                  section=chunk.section, quote=quote))
        citations.extend(extra)
        parts.append(f"{body} [{n}]")
    multiline = any("\n" in p for p in parts) or any(_BULLET.match(p) for p in parts)
    text = "\n\n".join(parts) if multiline else " ".join(parts)
    return text, citations, sentences
