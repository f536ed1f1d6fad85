"""Compose offline answers (pure): tool results as summary + table, extractive answers as sentences or lists.

Every sentence that comes from a passage is quoted verbatim and carries its [n]; tool answers cite the page
line that prints the figures the tool used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from assistant.extract import Sentence, SentenceSource, score_sentences, select_sentences, split_sentences
from assistant.figures.quote import PageLines
from assistant.models import Chunk, Citation, Passage
from assistant.numbers import number_forms
from assistant.offline.answer_types import bonus_for as kind_bonus
from assistant.offline.answer_types import is_list_question, reported_speech
from assistant.offline.lists import BULLET, inline_items, list_items
from assistant.offline.patterns import SUPERLATIVE, WHY
from assistant.text import normalise_for_match, tokenize
from assistant.tools.base import ToolResult

_WHY_WORDS = re.compile(
    r"\b(omdat|doordat|door|oorzaak|oorzaken|verklaard|verklaring|komt|gevolg|waardoor|vanwege|dus)\b", re.IGNORECASE
)
_DEFINE_Q = re.compile(r"^\s*(wat (is|zijn|betekent|betekend|valt)|what is|what does|wie is)\b", re.IGNORECASE)
_DEFINE_WORDS = re.compile(r"\b(is een|zijn|staat voor|betekent|houdt in|bedoeld|valt|vallen|onder)\b|:|\(",
                           re.IGNORECASE)
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


def _as_list(text: str) -> str | None:
    """'De principes zijn: a, b, c en d.' -> 'De principes zijn:' + bullets; None if it is no enumeration."""
    head, sep, _ = text.partition(":")
    items = inline_items(text) if sep and len(head) <= 160 else []
    return head.strip() + ":\n" + "\n".join(f"- {i}" for i in items) if items else None


def _items_of(source: SentenceSource, page_text: Callable[[str, int], str] | None,
              sentence: Sentence) -> list[tuple[int, str]]:
    """The printed list a selected sentence introduces or belongs to, read from its page and the pages
    around it (a list may span chunks and continue on the next page)."""
    chunk = source.passages[sentence.passage].chunk
    if page_text is None:
        pages = {chunk.page: source.sentences_of(sentence.passage)}
    else:
        pages = {p: split_sentences(page_text(chunk.doc_id, p)) for p in range(max(1, chunk.page - 1), chunk.page + 3)}
        pages[chunk.page] = source.sentences_of(sentence.passage)
    cut = source.continuation(sentence)
    return list_items(pages, chunk.page, cut[0] if cut else sentence.text)


# A sentence that draws its conclusion from the one before it ("Daarom staat er een streepje ...").
_CONSEQUENCE = re.compile(r"^(?:daarom|hierdoor|daardoor|dit komt|dat komt|om die reden|hierom|dus)\b", re.IGNORECASE)


def _antecedent(source: SentenceSource, sentence: Sentence) -> str:
    """The sentence before one that starts with a consequence word (on the same page)."""
    if not _CONSEQUENCE.match(sentence.text):
        return ""
    previous = source.before(sentence)
    return previous if previous.rstrip().endswith((".", "!", "?")) else ""


_PART = re.compile(r",\s+en\s+(?=(?:wat|wie|hoe|hoeveel|welke?|waar|wanneer|waarom|what|who|how)\b)|[?;]\s+",
                   re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_AMOUNT = re.compile(r"€\s?\d|\d[\d.,]*\s?(?:%|miljoen|procent)|\d{1,3}(?:\.\d{3})+|\d+,\d+")


def _side_of(text: str, sides: Sequence[str]) -> int | None:
    """Which side of a comparison a sentence is about (the one whose words it uses most), if any."""
    words = set(tokenize(text))
    hits = [len(set(tokenize(side)) & words) for side in sides]
    best = max(range(len(sides)), key=lambda i: hits[i]) if sides else None
    return best if best is not None and hits[best] and hits.count(hits[best]) == 1 else None


def _complete(question: str, passages: list[Passage], sentences: list[Sentence], source: SentenceSource,
              places: Sequence[str], bonus, sides: Sequence[str] = ()) -> list[Sentence]:
    """Make the answer cover every part of the question: each sub-question ("wat kost X gemiddeld, en wat waren
    de totale kosten?") and each side of a comparison gets its best sentence, and each year asked ("in 2016,
    2017 en 2018") a sentence that states an amount for it, when the candidates have one."""
    chosen = list(sentences)
    have = {(s.passage, s.position) for s in chosen}
    parts = [p for p in _PART.split(question) if len(p.split()) >= 3][1:]
    topic = " ".join(w for w in question.split() if not any(w.lower() in side.lower() for side in sides))
    extra: list[Sentence] = []
    for part, side in [*((p, None) for p in parts), *((f"{side} {topic}", i) for i, side in enumerate(sides))]:
        if side is not None and any(_side_of(s.text, sides) == side for s in [*chosen, *extra]):
            continue
        for best in score_sentences(part, passages, places=places, source=source, bonus=bonus)[:3]:
            if side is not None and _side_of(best.text, sides) != side:
                continue
            if (best.passage, best.position) not in have:
                extra.append(best)
                have.add((best.passage, best.position))
            break
    years = _YEAR.findall(question)
    if len(set(years)) > 1:
        text = " ".join(s.text for s in [*chosen, *extra])
        ranked = score_sentences(question, passages, places=places, source=source, bonus=bonus)
        for year in dict.fromkeys(years):
            if year in text:
                continue
            best = next((s for s in ranked if year in s.text and _AMOUNT.search(_YEAR.sub(" ", s.text))), None)
            if best is not None and (best.passage, best.position) not in have:
                extra.append(best)
                have.add((best.passage, best.position))
                text += " " + best.text
    return sorted([*chosen, *extra[:3]], key=lambda s: (s.passage, s.position))


def extractive(question: str, passages: list[Passage], start: int = 1, limit: int = 4,
               page_text: Callable[[str, int], str] | None = None,
               places: Sequence[str] = (), amount: Sentence | None = None,
               source: SentenceSource | None = None, names_place: Callable[[str], bool] | None = None,
               semantic=None, sides: Sequence[str] = ()) -> tuple[str, list[Citation], list[Sentence]]:
    """A short answer of verbatim sentences from the passages, each cited; lists come out as lists.

    `page_text(doc_id, page)` gives the whole page, so a printed list that spans chunks is kept whole;
    `places` are the municipalities the question names (a sentence must share more than those with it);
    `amount` is the sentence that states the amount asked for (`evidence.amount_sentence`), always shown.
    """
    listing = is_list_question(question)
    wide = listing or boost_for(question) is _WHY_WORDS
    n = limit + (1 if wide else 0)
    # Sentences about more than the place asked about; if none (e.g. an English question), any overlap.
    source = source or SentenceSource(passages, page_text)
    bonus = kind_bonus(question, names_place)
    sentences = (select_sentences(question, passages, limit=n, boost=boost_for(question), places=places,
                                  source=source, bonus=bonus, semantic=semantic)
                 or select_sentences(question, passages, limit=n, boost=boost_for(question), source=source,
                                     bonus=bonus, semantic=semantic))
    if amount is not None and all((s.passage, s.position) != (amount.passage, amount.position) for s in sentences):
        # The sentence that states the amount asked for is part of the answer.
        sentences = sorted([*sentences[: limit - 1], amount], key=lambda s: (s.passage, s.position))
    sentences = _complete(question, passages, sentences, source, places, bonus, sides)
    if sides:  # side by side: the sentences about each side together, labelled
        order = {i: k for k, i in enumerate(range(len(sides)))}
        sentences = sorted(sentences, key=lambda s: (order.get(_side_of(s.text, sides), len(sides)),
                                                     s.passage, s.position))
    labelled: set[int] = set()
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
        antecedent = _antecedent(source, s)
        if antecedent and (s.passage, s.position - 1) not in used:
            used.add((s.passage, s.position - 1))
            quote = f"{antecedent} {s.text}"  # "Daarom ..." needs the sentence that says why
        extra: list[Citation] = []
        lead = f"{quote} [{n}]"
        cut = source.continuation(s)
        if cut is not None:  # a sentence the page break cuts off: each part cited on its own page
            first, page, rest = cut
            quote = first if quote == s.text else quote.replace(s.text, first)
            extra.append(Citation(n=n + 1, doc_id=chunk.doc_id, document=chunk.document, title=chunk.title,
                                  page=page, section="", quote=rest))
            lead = f"{quote} [{n}] {rest} [{n + 1}]"
        lead_in = s.text.rstrip().endswith(":")
        items = _items_of(source, page_text, s) if listing or lead_in else []
        as_list = _as_list(s.text) if listing and cut is None else None
        own = Citation(n=n, doc_id=chunk.doc_id, document=chunk.document, title=chunk.title, page=chunk.page,
                       section=chunk.section, quote=quote)
        if items:
            # the lead-in with its [n], then each item with its own citation (quoting the item as printed)
            lines = [] if BULLET.match(s.text) else [lead]
            if BULLET.match(s.text):
                extra = []
            for page, item in items:
                extra.append(Citation(n=n + 1 + len(extra), doc_id=chunk.doc_id, document=chunk.document,
                                      title=chunk.title, page=page, section="", quote=item))
                lines.append(f"- {BULLET.sub('', item)} [{extra[-1].n}]")
            listed = {i for _, i in items}
            used.update((s.passage, k) for k, line in enumerate(source.sentences_of(s.passage)) if line in listed)
            citations.extend(extra if BULLET.match(s.text) else [own, *extra])
            parts.append("\n".join(lines))
            continue
        body = lead
        if as_list:
            body = f"{as_list} [{n}]"
        if reported_speech(s.text):
            body = f"_Uitspraak van geïnterviewden:_ {body}"
        side = _side_of(s.text, sides) if sides else None
        if side is not None and side not in labelled:
            labelled.add(side)
            body = f"**{sides[side]}**: {body}"
        citations.extend([own, *extra])
        parts.append(body)
    multiline = any("\n" in p for p in parts) or any(BULLET.match(p) for p in parts)
    text = "\n\n".join(parts) if multiline else " ".join(parts)
    return text, citations, sentences
