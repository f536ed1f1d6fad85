"""Memo drafts: a structured Dutch memo on a topic, built from retrieved passages and calculation tools.

Deterministic and extractive, like the offline answerer: every sentence in Aanleiding, Kern, Feiten en cijfers
and Opties/maatregelen is copied verbatim from an indexed chunk and carries an [n] marker that points to
`memo.citations` (document, title, page, section, quote). Figures from the calculation tools (e.g. the
verevening effect for a municipality) go to Feiten en cijfers as the tool's own summary and table, with the
pages they were taken from; the calls are recorded in `memo.tool_calls`. Bronnen lists the citations.

A topic the documents do not cover (no retrieved passage contains most of its content words, e.g. a
regional arrangement combined with a municipality outside the region) gets `refused=True` and the refusal
sentinel. Warm, a memo takes well under 0.1 s (two retrievals, sentence scoring, at most three tool runs).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from assistant.corpus import Corpus
from assistant.errors import AssistantError
from assistant.figures import FigureTables
from assistant.glossary import NO_DEFINITION_NOTE, explain_term, glossary_terms_in
from assistant.index.schema import Filters
from assistant.lexicon import is_fragment, sentences_of
from assistant.models import Citation, Memo, MemoSection, Passage, ToolCall
from assistant.offline.planner import PlannedCall, Question, plan_tool_calls
from assistant.safety import is_injection
from assistant.text import tokenize
from assistant.texts import REFUSAL
from assistant.tools.base import ToolResult
from assistant.tools.registry import run_tool, tool_arguments
from assistant.vocabulary import Vocabulary

AANLEIDING, KERN, FEITEN, OPTIES, BRONNEN = "Aanleiding", "Kern", "Feiten en cijfers", "Opties/maatregelen", "Bronnen"
SECTION_TITLES = (AANLEIDING, KERN, FEITEN, OPTIES, BRONNEN)
# Placeholder for a section the documents say nothing about: the draft is for editing, not for sending.
EMPTY_SECTION = "_Geen passages gevonden in de documenten; vul dit zelf aan._"

# Words that frame a request rather than name its topic ("Memo over de wachttijden").
_FRAMING = re.compile(r"\b(?:memo|notitie|nota|overzicht|onderwerp|stand van zaken|schrijf|maak|graag|over)\b",
                      re.IGNORECASE)
_FIGURE = re.compile(
    r"€\s?\d|\d\s?%|\b\d{1,3}(?:\.\d{3})+\b|\b\d+,\d+\b|\b\d+\s?(?:miljoen|mln|fte|cliënten|klanten|jeugdigen|"
    r"inwoners|dagen|weken|trajecten|procent)\b",
    re.IGNORECASE,
)
_OPTION = re.compile(
    r"\b(?:maatregel\w*|aanbevel\w*|bevel\w* .{0,40}\baan\b|optie\w*|voorstel\w*|adviseren|advies|"
    r"zou(?:den)? (?:moeten|kunnen)|kunnen (?:gemeenten|we|worden ingezet)|inzetten op|zetten (?:we )?in op|"
    r"verbeter\w*|versterk\w*|plan van aanpak|willen we|wil het college|gaan we)\b",
    re.IGNORECASE,
)
_BACKGROUND = re.compile(
    r"\b(?:aanleiding|oorza\w*|doordat|vanwege|als gevolg van|stijging|gestegen|toename|toegenomen|"
    r"overschrijding|tekort\w*|probleem|problemen|verzoek|verzocht|gevraagd|motie|achtergrond|sinds|"
    r"verklaring\w*|verklaren|risicodeling|solidariteit)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_ENDED = re.compile(r"[.!?:;)”’\"]\s*$")
_URL = re.compile(r"https?://|www\.")

@dataclass(frozen=True)
class _Sentence:
    text: str
    passage: int
    position: int
    score: float
    figure: bool
    option: bool
    background: bool


@dataclass(frozen=True)
class TopicTerm:
    """One content word of a topic. Long words match as a 7-letter prefix anywhere in a word, so
    'verevening' finds 'verevende' and 'risicoverevening', or as the two halves of a compound
    ('kostenstijging' -> 'kosten' ... 'stijging'); short words match on their stem."""

    word: str
    stem: str
    place: bool = False  # a municipality: qualifies the topic, is not its subject

    @property
    def prefix(self) -> str | None:
        return self.word[:7] if len(self.word) >= 7 else None

    def occurs(self, lowered: str, stems: AbstractSet[str]) -> bool:
        if " " in self.word:  # a multi-word name such as "alphen aan den rijn"
            return self.word in lowered
        if self.prefix is None:
            return self.stem in stems
        if self.prefix in lowered:
            return True
        return any(re.search(rf"\b{re.escape(left)}", lowered) and right in lowered
                   for left, right in _halves(self.word))

    @property
    def needs_stems(self) -> bool:
        return self.prefix is None and " " not in self.word


def _halves(word: str) -> list[tuple[str, str]]:
    """Splits of a long compound into two parts of at least 5 letters (the right part as a 7-letter prefix)."""
    if len(word) < 10:
        return []
    return [(word[:i], word[i:][:7]) for i in range(5, len(word) - 4)]


def topic_terms(topic: str, names: Iterable[str] = ()) -> list[TopicTerm]:
    """The content words of a memo topic (framing words such as 'memo over' and stop words removed).

    Multi-word `names` in the topic (municipalities such as "Alphen aan den Rijn") count as one term.
    """
    out: list[TopicTerm] = []
    rest = _FRAMING.sub(" ", topic)
    places = {" ".join(n.lower().split()) for n in names}
    for name in sorted({n for n in places if " " in n}, key=len, reverse=True):
        pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
        if pattern.search(rest):
            out.append(TopicTerm(name, "", place=True))
            rest = pattern.sub(" ", rest)
    for word in re.findall(r"[^\W_][\w'’\-]*", rest):
        stems = tokenize(word)
        if not stems:
            continue  # a stop word
        lowered = word.lower().replace("’", "'").split("'")[0]
        term = TopicTerm(lowered, stems[0], place=lowered in places)
        if term not in out:
            out.append(term)
    return out


def _coverage(terms: list[TopicTerm], passages: list[Passage]) -> float:
    """The largest fraction of the topic's terms that one passage (its text, heading, title and municipality)
    covers: a topic whose parts only occur in different documents (a regional arrangement + another town) is
    not covered."""
    if not terms:
        return 0.0
    best = 0
    for p in passages:
        found = _terms_found(terms, f"{p.chunk.title} {p.chunk.section} {p.chunk.municipality} {p.chunk.text}")
        best = max(best, len(found))
    return best / len(terms)


def _merge(*rankings: Iterable[Passage]) -> list[Passage]:
    out: list[Passage] = []
    seen: set[str] = set()
    for ranking in rankings:
        for p in ranking:
            if p.chunk.id not in seen:
                seen.add(p.chunk.id)
                out.append(p)
    return out


def _sentences(terms: list[TopicTerm], passages: list[Passage]) -> list[_Sentence]:
    """Every usable sentence of the passages, scored by weighted overlap with the topic."""
    raw: list[tuple[int, int, str]] = []
    for i, p in enumerate(passages):
        parts = sentences_of(p.chunk.text, p.chunk.section)
        if parts and not _ENDED.search(parts[-1]):
            parts = parts[:-1]  # cut off where the page (and so the chunk) ends
        raw += [(i, j, s) for j, s in enumerate(parts)]
    found = [_terms_found(terms, s) for _, _, s in raw]
    context = {i: _terms_found(terms, f"{p.chunk.title} {p.chunk.section} {p.chunk.municipality}")
               for i, p in enumerate(passages)}
    n = max(len(raw), 1)
    idf = {t: math.log(1 + n / (1 + sum(t in f for f in found))) for t in terms}
    total = sum(idf.values()) or 1.0
    subject = [t for t in terms if not t.place]
    need = math.ceil(len(subject) / 2)  # of the subject's terms, in the sentence or its heading/document
    out: list[_Sentence] = []
    seen: set[str] = set()
    for (i, j, text), here in zip(raw, found):
        size = len(text)
        if size < 40 or size > 450 or is_fragment(text) or text.rstrip().endswith(":") or _URL.search(text):
            continue
        if is_injection(text):
            continue  # a sentence addressed to an assistant is never put in a memo
        if len(_DIGIT.findall(text)) > 0.2 * size or text.count(":") >= 3 or _is_label_run(text):
            continue  # a table, form or chart axis flattened into text
        key = re.sub(r"\W+", "", text.lower())[:120]
        if key in seen:
            continue  # chunks overlap: the same sentence twice
        coverage = sum(idf[t] for t in here) / total
        coverage += 0.5 * sum(idf[t] for t in context[i] - here) / total
        found_all = here | context[i]
        if not here or sum(t in found_all for t in subject) < need:
            continue
        seen.add(key)
        score = coverage + 0.3 / (1 + i) + 0.2 * (len(found_all) == len(terms))
        out.append(_Sentence(text, i, j, score, bool(_FIGURE.search(text)), bool(_OPTION.search(text)),
                             bool(_BACKGROUND.search(text))))
    return sorted(out, key=lambda s: (-s.score, s.passage, s.position))


def _is_label_run(text: str) -> bool:
    """Chart labels or a heading run rather than a sentence ("Zwol le Kampen Dron ten ...")."""
    words = text.split()
    capitalised = sum(w[:1].isupper() for w in words)
    return not _ENDED.search(text) and capitalised > 0.5 * len(words)


def _terms_found(terms: list[TopicTerm], text: str) -> set[TopicTerm]:
    lowered = text.lower()
    stems = _stems(text) if any(t.needs_stems for t in terms) else frozenset()
    return {t for t in terms if t.occurs(lowered, stems)}


@lru_cache(maxsize=16384)
def _stems(text: str) -> frozenset[str]:
    """Stems of a text (Snowball stemming dominates the memo's run time; sentences recur across memos)."""
    return frozenset(tokenize(text))


def _pick(pool: list[_Sentence], used: set[str], limit: int, want) -> list[_Sentence]:
    chosen: list[_Sentence] = []
    for s in pool:
        if len(chosen) >= limit:
            break
        if s.text in used or not want(s):
            continue
        used.add(s.text)
        chosen.append(s)
    return chosen


def _municipalities(topic: str, figures: FigureTables) -> list[str]:
    names = list(figures.municipalities) or []
    return [m for m in names if re.search(rf"\b{re.escape(m)}\b", topic, re.IGNORECASE)]


def plan_memo_tools(topic: str, figures: FigureTables, vocabulary: Vocabulary) -> list[PlannedCall]:
    """The calculations a memo on `topic` should show: the question planner's, else the corpus vocabulary's
    topic map (`memo_onderwerpen.csv`)."""
    planned = plan_tool_calls(Question(topic), figures, vocabulary)
    if planned:
        return planned
    towns = _municipalities(topic, figures)
    calls: list[PlannedCall] = []
    for topic_tool in vocabulary.memo_topics:
        if not topic_tool.pattern.search(topic):
            continue
        name = topic_tool.tool
        arguments = dict(topic_tool.arguments)
        if "gemeente" in tool_arguments(name) and len(towns) == 1:
            arguments["gemeente"] = towns[0]
        call = PlannedCall(name, arguments)
        if call not in calls:
            calls.append(call)
    return calls[:3]


def _about_places(result: ToolResult, places: list[str], municipality_of: dict[str, str]) -> bool:
    """Whether a tool result concerns one of the municipalities the topic names (any, if it names none)."""
    if not places:
        return True
    text = " ".join([result.summary, *(str(v) for row in result.rows for v in row.values())]).lower()
    documents = {municipality_of.get(s.document, "") for s in result.sources}
    return any(p.lower() in text or p in documents for p in places)


def _run_tools(topic: str, figures: FigureTables, municipality_of: dict[str, str],
               vocabulary: Vocabulary) -> list[tuple[ToolCall, ToolResult]]:
    out: list[tuple[ToolCall, ToolResult]] = []
    if not figures.tables:
        return out
    places = _municipalities(topic, figures)
    for call in plan_memo_tools(topic, figures, vocabulary):
        try:
            result = run_tool(figures, call.name, dict(call.arguments))
        except AssistantError:
            continue  # e.g. a municipality without figures in that table: the memo goes on without them
        if not result.rows or not _about_places(result, places, municipality_of):
            continue  # figures of another municipality than the topic is about
        out.append((ToolCall(name=call.name, arguments=dict(call.arguments), result=result.model_dump(mode="json")),
                    result))
    return out


def _refusal(topic: str) -> Memo:
    return Memo(topic=topic, sections=[MemoSection(title=KERN, paragraphs=[REFUSAL])], refused=True)


def _definitions(topic: str, corpus: Corpus) -> list[Citation]:
    """Corpus definitions of glossary terms the topic names ("verevening" -> "Risicoverevening is een vorm
    van onderlinge solidariteit ..."), as citations to open Kern with."""
    out: list[Citation] = []
    for term in glossary_terms_in(topic, corpus):
        answer = explain_term(term, corpus)
        if not answer.refused and not answer.text.startswith(NO_DEFINITION_NOTE) and answer.citations:
            out.append(answer.citations[0])
    return out[:2]


def draft_memo(topic: str, retriever, corpus: Corpus, *, filters: Filters | None = None) -> Memo:
    """A memo draft on `topic` with sections Aanleiding, Kern, Feiten en cijfers, Opties/maatregelen, Bronnen."""
    topic = " ".join(topic.split())
    figures = corpus.figures
    names = {*figures.municipalities, *(d.municipality for d in corpus.documents if d.municipality)}
    terms = topic_terms(topic, names)
    if not terms:
        return _refusal(topic)
    subject = " ".join(t.word for t in terms if not t.place) or topic
    passages = _merge(
        retriever.retrieve(topic, k=12, filters=filters),
        # recommendations are mostly regional: look for them without the municipality
        retriever.retrieve(f"aanbevelingen maatregelen {subject}", k=8, filters=filters),
    )
    municipality_of = {d.document: d.municipality for d in corpus.documents}
    tools = _run_tools(topic, figures, municipality_of, corpus.vocabulary)
    relevant = _coverage(terms, passages) >= 0.66
    pool = _sentences(terms, passages) if relevant else []
    if not pool and not tools:
        return _refusal(topic)
    allowed = None if filters is None or filters.is_empty() else {p.chunk.document for p in passages}
    definitions = [c for c in _definitions(topic, corpus) if allowed is None or c.document in allowed]

    used: set[str] = {re.sub(r"\s+", " ", c.quote) for c in definitions}
    kern = _pick(pool, used, 2 if definitions else 3, lambda s: not (s.option or s.background))
    aanleiding = _pick(pool, used, 3, lambda s: s.background and not s.option and s.score >= 0.5)
    opties = _pick(pool, used, 4, lambda s: s.option)
    feiten = _pick(pool, used, 4, lambda s: s.figure)
    kern += _pick(pool, used, (2 if definitions else 3) - len(kern), lambda s: True)

    citations: list[Citation] = []
    index: dict[tuple[str, int, str], int] = {}

    def add(doc_id: str, document: str, title: str, page: int, section: str, quote: str) -> str:
        key = (document, page, quote)
        if key not in index:
            index[key] = len(citations) + 1
            citations.append(Citation(n=index[key], doc_id=doc_id, document=document, title=title, page=page,
                                      section=section, quote=quote))
        return f"{quote} [{index[key]}]"

    def cite(s: _Sentence) -> str:
        chunk = passages[s.passage].chunk
        return add(chunk.doc_id, chunk.document, chunk.title, chunk.page, chunk.section, s.text)

    def paragraph(chosen: list[_Sentence]) -> list[str]:
        return [" ".join(cite(s) for s in chosen)] if chosen else []

    def bullets(chosen: list[_Sentence]) -> list[str]:
        return ["\n".join(f"- {cite(s)}" for s in chosen)] if chosen else []

    aanleiding_text = paragraph(aanleiding)
    kern_parts = [add(c.doc_id, c.document, c.title, c.page, c.section, c.quote) for c in definitions]
    kern_parts += [cite(s) for s in kern]
    sections = {
        AANLEIDING: aanleiding_text,
        KERN: [" ".join(kern_parts)] if kern_parts else [],
        FEITEN: [result.to_markdown().strip() for _, result in tools] + bullets(feiten),
        OPTIES: bullets(opties),
    }
    sources = [f"[{c.n}] {c.title} ({c.document}), p. {c.page}" + (f", {c.section}" if c.section else "")
               for c in citations]
    for _, result in tools:
        pages = sorted({(s.document, s.page) for s in result.sources})
        if pages:
            sources.append(f"Cijfers '{result.title}': " + "; ".join(f"{d}, p. {p}" for d, p in pages))
    memo_sections = [MemoSection(title=title, paragraphs=sections[title] or [EMPTY_SECTION])
                     for title in (AANLEIDING, KERN, FEITEN, OPTIES)]
    memo_sections.append(MemoSection(title=BRONNEN, paragraphs=["\n".join(f"- {s}" for s in sources)]
                                     if sources else [EMPTY_SECTION]))
    return Memo(topic=topic, sections=memo_sections, citations=citations, tool_calls=[c for c, _ in tools])
