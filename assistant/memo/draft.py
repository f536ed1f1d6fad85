"""Memo drafts: a structured Dutch memo on a topic, built on the parts answers use.

Retrieval and the scope check decide what the memo may use; `SentenceSource` gives whole sentences from the
pages of the retrieved passages (no heading glued to a sentence, no sentence cut by a chunk edge); the
sections pick from them by what the sentences do (`roles.py`, cues in `assistant/data/memo_cues.csv`):

- **Aanleiding**: why the topic is on the agenda now: a development, a problem or an assignment, preferably
  with a date or a figure;
- **Kern**: 3-5 findings across the documents, complete sentences, none saying what another one says;
- **Feiten en cijfers**: the topic's figure rows (curated or read at ingest) as a table of figure, value,
  period, place and source, each row cited by the line that prints it; the calculations the planner finds in
  the topic, with their formula; contradictions between sources shown;
- **Opties/maatregelen**: catalogue measures with their pillar and the document's pros and cons, list items
  under lead-ins that announce options, and recommendations, one item each, cited;
- **Bronnen**: the documents used, with their pages.

Every sentence and figure row carries an [n] marker that points to `memo.citations` (document, page, quote).
A topic that names a place uses only documents and passages about that place; a topic naming something no
document contains, or whose words no passage covers, is refused. A section the documents say nothing about
keeps a placeholder.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.corpus import Corpus
from assistant.errors import AssistantError
from assistant.extract import Semantic, Sentence, SentenceSource
from assistant.frame import build_frame
from assistant.glossary import NO_DEFINITION_NOTE, explain_term, glossary_terms_in
from assistant.index.schema import Filters
from assistant.memo.facts import Fact, facts_result, key_figures
from assistant.memo.options import (
    Option,
    Quote,
    about_topic,
    catalogue_options,
    heading_options,
    list_options,
    pick_options,
    recommendation_options,
)
from assistant.memo.roles import AGENDA_ROLES, dated, has_figure, has_role, roles_of, stands_alone
from assistant.memo.topic import TopicTerm, compound_splits, subject_terms, terms_found, topic_terms
from assistant.models import Chunk, Citation, Memo, MemoSection, Passage, ToolCall
from assistant.offline.answer_types import reported_speech
from assistant.offline.compose import source_citations
from assistant.offline.lists import label_word
from assistant.offline.planner import PlannedCall, Question, plan_tool_calls
from assistant.safety import is_injection
from assistant.sentences import after_glued_heading, ends_sentence, split_sentences
from assistant.text import normalise_for_match, tokenize
from assistant.texts import REFUSAL
from assistant.tools.base import ToolResult
from assistant.tools.registry import run_tool
from assistant.vocabulary import Vocabulary

AANLEIDING, KERN, FEITEN, OPTIES, BRONNEN = "Aanleiding", "Kern", "Feiten en cijfers", "Opties/maatregelen", "Bronnen"
SECTION_TITLES = (AANLEIDING, KERN, FEITEN, OPTIES, BRONNEN)
# Placeholder for a section the documents say nothing about: the draft is for editing, not for sending.
EMPTY_SECTION = "_Geen passages gevonden in de documenten; vul dit zelf aan._"
NO_PLACE = "_De documenten bevatten niets over {place} bij dit onderwerp._"

TOP_PAGES = 3  # the best passages' pages: their lists are about the topic, whatever words they use
MIN_COVERAGE = 0.66  # of the topic's terms, in one passage (text, heading, title, place)
KERN_SIZE = 4
AANLEIDING_SIZE = 2
FACT_SENTENCES = 3
SIMILAR = 0.6  # token overlap (Jaccard) above which two sentences say the same
SEMANTIC_CANDIDATES = 40  # best lexical candidates compared with the topic by the dense model
SEMANTIC_MARGIN = 0.04  # below the most similar sentence by more than this: not about the topic (e5 scale)
SEMANTIC_WEIGHT = 0.5
_URL = re.compile(r"https?://|www\.")
_DIGIT = re.compile(r"\d")
_CITED_YEAR = re.compile(r"\((?:19|20)\d\d[a-z]?\)")


@dataclass(frozen=True)
class Candidate:
    quote: Quote
    passage: int
    score: float
    roles: frozenset[str]
    dated: bool
    figure: bool


def _merge(*rankings: Sequence[Passage]) -> list[Passage]:
    out: list[Passage] = []
    seen: set[str] = set()
    for ranking in rankings:
        for p in ranking:
            if p.chunk.id not in seen:
                seen.add(p.chunk.id)
                out.append(p)
    return out


def _coverage(terms: list[TopicTerm], passages: list[Passage]) -> float:
    """The largest fraction of the topic's terms that one passage (its text, heading, title and place) covers:
    a topic whose parts only occur in different documents is not covered."""
    if not terms:
        return 0.0
    best = max((len(terms_found(terms, _context(p.chunk) + " " + p.chunk.text)) for p in passages), default=0)
    return best / len(terms)


def _context(chunk: Chunk) -> str:
    return f"{chunk.title} {chunk.section} {chunk.municipality}"


def _parts(topic: str) -> list[str]:
    """The parts of a topic that joins several ("de stijging van de kosten en mogelijke maatregelen"): each
    is retrieved on its own, so one part's documents do not crowd out the other's."""
    parts = [p for p in re.split(r"\s+(?:en|and|&)\s+|,\s*|;\s*", topic) if topic_terms(p)]
    return parts if len(parts) > 1 else []


def _subject(terms: list[TopicTerm], topic: str) -> tuple[list[TopicTerm], bool]:
    """(the topic's subject terms, whether it asks for options): a word that asks for measures or options
    ("mogelijke beheersmaatregelen") asks for the Opties section; it is not what the findings are about."""
    asking = [t for t in terms if has_role(t.word, "option_lead")]
    # the words that ask for options, and years (a year scopes the topic, it is not its subject)
    subject = [t for t in subject_terms(terms) if t not in asking and not t.word.isdigit()]
    return (subject or subject_terms(terms)), bool(asking) or has_role(topic, "option_lead")


def _is_sentence(text: str) -> bool:
    """A whole sentence fit for a memo: not a heading, table row, chart labels, fragment or web address."""
    size = len(text)
    if size < 40 or size > 450 or not ends_sentence(text) or not (text[:1].isupper() or text[:1] in "€“‘\""):
        return False
    if _URL.search(text) or is_injection(text) or reported_speech(text) or not stands_alone(text):
        return False
    if len(_DIGIT.findall(text)) > 0.2 * size or text.count(":") >= 3:
        return False  # a table, form or chart axis flattened into text
    if len(_CITED_YEAR.findall(text)) >= 2:
        return False  # a reference list ("Movisie (2023) ... Akkoord (2023)")
    words = text.split()
    return sum(w[:1].isupper() for w in words) <= 0.5 * len(words)


def _candidates(terms: list[TopicTerm], subject: list[TopicTerm], passages: list[Passage],
                source: SentenceSource, about: dict[str, tuple[str, ...]], place_documents: set[str]
                ) -> list[Candidate]:
    """The usable sentences of the passages' pages, scored by (idf-weighted) overlap with the topic.

    A candidate shares at least one of the subject's words (in the sentence, or in its document's title and
    heading); the dense model then keeps those that are about the topic (`_rerank`). A topic word that is itself a development or
    problem ("stijging", "tekort") is covered by any sentence that states one ("zijn toegenomen"); half of a
    compound ("kosten" of "jeugdzorgkosten") counts half in the score."""
    raw: list[tuple[int, int, str, frozenset[str]]] = []
    for owner, position, whole in source.units:
        text = after_glued_heading(whole)
        if source.continuation(Sentence(owner, position, whole, 0.0)) is None and _is_sentence(text):
            roles = roles_of(text)
            if "self" not in roles:  # the report describing itself is no finding
                raw.append((owner, position, text, roles))
    role_terms = {t: roles_of(t.word) & set(AGENDA_ROLES) for t in terms}
    found = [terms_found(terms, text) | {t for t, r in role_terms.items() if r & roles} for _, _, text, roles in raw]
    n = max(len(raw), 1)
    idf = {t: math.log(1 + n / (1 + sum(t in f for f in found))) for t in terms}
    total = sum(idf.values()) or 1.0
    out: list[Candidate] = []
    seen: set[str] = set()
    for (owner, _, text, roles), here in zip(raw, found):
        chunk = source.passages[owner].chunk
        if about and chunk.document not in place_documents \
                and not any(form in text for forms in about.values() for form in forms):
            continue  # a regional document's sentence that does not name the topic's place
        context = terms_found(terms, _context(chunk))
        key = normalise_for_match(text)[:120]
        covered = here | context
        if key in seen or not here or not any(t in covered for t in subject):
            continue
        seen.add(key)
        lowered = text.lower()
        halves = [t for t in terms if t not in here
                  and any(_word_in(h, lowered) for pair in compound_splits(t.word) for h in pair)]
        coverage = (sum(idf[t] for t in here) + 0.5 * sum(idf[t] for t in halves)
                    + 0.5 * sum(idf[t] for t in context - here)) / total
        score = coverage + 0.3 / (1 + owner)
        out.append(Candidate(Quote(chunk.document, chunk.page, text), owner, score, roles, dated(text),
                             has_figure(text)))
    return sorted(out, key=lambda c: (-c.score, c.passage))


def _word_in(word: str, lowered: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", lowered) is not None


def _rerank(pool: list[Candidate], similarity: Semantic | None) -> list[Candidate]:
    """The best candidates re-scored by the dense model's similarity to the topic: a sentence far below the
    most similar one is dropped (it shares words with the topic, not its subject), the others gain up to
    SEMANTIC_WEIGHT. Without a model the lexical order stands."""
    if similarity is None or not pool:
        return pool
    head = pool[:SEMANTIC_CANDIDATES]
    sims = similarity([c.quote.text for c in head])
    best = max(sims)
    kept = [replace(c, score=c.score + SEMANTIC_WEIGHT * (1 + (v - best) / SEMANTIC_MARGIN))
            for c, v in zip(head, sims) if v >= best - SEMANTIC_MARGIN]
    return sorted(kept, key=lambda c: (-c.score, c.passage))


def _similar(a: str, b: str) -> bool:
    x, y = set(tokenize(a)), set(tokenize(b))
    return bool(x and y) and len(x & y) / len(x | y) >= SIMILAR


class _Picker:
    """Chooses sentences for the sections; no sentence twice, none that repeats another."""

    def __init__(self):
        self.used: list[str] = []

    def take(self, pool: Sequence[Candidate], limit: int, want=lambda c: True, spread: bool = False
             ) -> list[Candidate]:
        ordered = list(pool)
        if spread:  # the best sentence of each document first, then the second best, ...
            rank: dict[str, int] = {}
            keyed = []
            for c in ordered:
                rank[c.quote.document] = rank.get(c.quote.document, -1) + 1
                keyed.append((rank[c.quote.document], -c.score, c))
            ordered = [c for *_, c in sorted(keyed, key=lambda k: (k[0], k[1]))]
        chosen: list[Candidate] = []
        for c in ordered:
            if len(chosen) >= limit:
                break
            if not want(c) or any(_similar(c.quote.text, u) for u in self.used):
                continue
            self.used.append(c.quote.text)
            chosen.append(c)
        return chosen


class _Citations:
    """The memo's numbered citations, one per distinct (document, page, quote)."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.items: list[Citation] = []
        self._index: dict[tuple[str, int, str], int] = {}

    def page_chunks(self, document: str, page: int) -> list[Chunk]:
        return self.corpus.named_page_chunks(document, page)

    def cite(self, quote: Quote) -> str:
        """'[n]' for the quote (a new citation when it is not cited yet)."""
        key = (quote.document, quote.page, quote.text)
        if key not in self._index:
            chunks = self.page_chunks(quote.document, quote.page)
            needle = normalise_for_match(quote.text[:80])
            chunk = next((c for c in chunks if needle in normalise_for_match(c.text)), chunks[0] if chunks else None)
            info = next(iter(self.corpus.documents_named(quote.document)), None)
            self._index[key] = len(self.items) + 1
            self.items.append(Citation(n=self._index[key], doc_id=chunk.doc_id if chunk else (info.doc_id if info else ""),
                                       document=quote.document, title=chunk.title if chunk else (info.title if info else quote.document),
                                       page=quote.page, section=chunk.section if chunk else "", quote=quote.text))
        return f"[{self._index[key]}]"

    def adopt(self, citation: Citation) -> str:
        return self.cite(Quote(citation.document, citation.page, citation.quote))


def _refusal(topic: str, reason: str = "") -> Memo:
    text = f"{REFUSAL} {reason}".strip()
    return Memo(topic=topic, sections=[MemoSection(title=KERN, paragraphs=[text])], refused=True)


def _definitions(topic: str, corpus: Corpus, allowed: set[str] | None) -> list[Quote]:
    """Corpus definitions of glossary terms the topic names, to open Kern with."""
    out: list[Quote] = []
    for term in glossary_terms_in(topic, corpus):
        answer = explain_term(term, corpus)
        if not answer.refused and not answer.text.startswith(NO_DEFINITION_NOTE) and answer.citations:
            c = answer.citations[0]
            if allowed is None or c.document in allowed:
                out.append(Quote(c.document, c.page, c.quote))
    return out[:1]


def plan_memo_tools(topic: str, corpus: Corpus, places: Sequence[str] = (), periods: Sequence[str] = ()
                    ) -> list[PlannedCall]:
    """The calculations the topic asks for, planned as for a question (none when it asks none)."""
    return plan_tool_calls(Question(topic, places, periods), corpus.figures, corpus.vocabulary or Vocabulary())


def _run_tools(topic: str, corpus: Corpus, places: Sequence[str], periods: Sequence[str], documents: set[str]
               ) -> list[tuple[ToolCall, ToolResult]]:
    """The first calculation planned for the topic that gives a result from the documents the topic retrieved."""
    out: list[tuple[ToolCall, ToolResult]] = []
    if not corpus.figures.tables:
        return out
    municipality_of = {d.document: d.municipality for d in corpus.documents}
    for call in plan_memo_tools(topic, corpus, places, periods):
        try:
            result = run_tool(corpus.figures, call.name, dict(call.arguments))
        except AssistantError:
            continue  # the calculation does not apply: the memo goes on without it
        if not result.rows or not _about_places(result, places, municipality_of) \
                or not {src.document for src in result.sources} & documents:
            continue  # figures of another place, or of documents the topic does not concern
        out.append((ToolCall(name=call.name, arguments=dict(call.arguments), result=result.model_dump(mode="json")),
                    result))
        break  # the first calculation that gives a result, as for a question
    return out


def _about_places(result: ToolResult, places: Sequence[str], municipality_of: dict[str, str]) -> bool:
    if not places:
        return True
    text = " ".join([result.summary, *(str(v) for row in result.rows for v in row.values())]).lower()
    documents = {municipality_of.get(s.document, "") for s in result.sources}
    return any(p.lower() in text or p in documents for p in places)


def _pages(passages: Sequence[Passage], corpus: Corpus, limit: int = 8) -> dict[str, dict[int, list[str]]]:
    """document -> page -> sentences, for the top passages' pages and the pages after them (lists continue)."""
    out: dict[str, dict[int, list[str]]] = {}
    for p in passages[:limit]:
        pages = out.setdefault(p.chunk.document, {})
        for page in (p.chunk.page, p.chunk.page + 1):
            if page not in pages:
                pages[page] = split_sentences(corpus.page_text(p.chunk.doc_id, page) or "")
    return out


def _lead_ins(pages: dict[str, dict[int, list[str]]], terms: list[TopicTerm]) -> list[Quote]:
    """Lead-ins (a line ending in a colon, or naming options), labelled items, those naming the topic first."""
    found = [Quote(doc, page, line) for doc, by_page in pages.items() for page, lines in sorted(by_page.items())
             for line in lines if line.rstrip().endswith(":") or label_word(line) or has_role(line, "option_lead")]
    return sorted(found, key=lambda q: -len(terms_found(terms, q.text)))


def _document_pages(corpus: Corpus, document: str) -> list[tuple[int, str]]:
    info = next(iter(corpus.documents_named(document)), None)
    if info is None:
        return []
    return [(n, corpus.page_text(info.doc_id, n) or "") for n in range(1, info.pages + 1)]


def _retrieve(topic: str, subject: str, retriever, filters: Filters | None
              ) -> tuple[list[Passage], list[Passage], list[Passage]]:
    """(the topic's passages, those on measures for its subject, all of them with the topic's parts')."""
    main = retriever.retrieve(topic, k=12, filters=filters)
    measures = retriever.retrieve(f"maatregelen {subject}", k=8, filters=filters)
    parts = [retriever.retrieve(part, k=8, filters=filters) for part in _parts(topic)]
    return main, measures, _merge(main, *parts, measures)


def _place_documents(corpus: Corpus, places: dict[str, tuple[str, ...]]) -> set[str]:
    """Documents about one of the places: by their municipality or region ("Regio Twente") or title."""
    forms = [f for name, fs in places.items() for f in (name, *fs)]
    return {d.document for d in corpus.documents
            if any(re.search(rf"\b{re.escape(f)}\b", f"{d.municipality} {d.title}") for f in forms)}


def _in_scope(passages: list[Passage], frame, corpus: Corpus, place_documents: set[str]
              ) -> tuple[list[Passage], str]:
    """The passages about the places and years the topic names, or ([], the reason there are none)."""
    places = frame.places
    if places:
        passages = [p for p in passages if p.chunk.document in place_documents
                    or any(form in p.chunk.text for forms in places.values() for form in forms)]
        if not passages:
            return [], NO_PLACE.format(place=", ".join(places)).strip("_")
    if frame.periods:  # a topic that names a year uses the documents about that year
        about_periods = corpus.documents_about_periods(frame.periods)
        passages = [p for p in passages if p.chunk.doc_id in about_periods]
        if not passages:
            return [], NO_PLACE.format(place=", ".join(frame.periods)).strip("_")
    return passages, ""


def _options(corpus: Corpus, main: list[Passage], measures: list[Passage], passages: list[Passage],
             terms: list[TopicTerm], subject_words: list[TopicTerm], asks_options: bool,
             pool: list[Candidate], lexical: list[Candidate]) -> list[Option]:
    """The memo's options. Measures and recommendations are not facts about a place or year: they come from
    all passages the topic and its measures retrieved (`passages`), not only those in the topic's scope."""
    core = {p.chunk.document for p in [*main[:6], *measures[:4]]}
    pages = _pages(passages, corpus, limit=len(passages))
    top_pages = {(p.chunk.document, p.chunk.page) for p in main[:TOP_PAGES]}
    whole = {d: _document_pages(corpus, d) for d in core}  # read once: the catalogue and its headings use them
    return pick_options(
        catalogue_options(corpus.figures.catalogue, subject_words, core, whole.__getitem__, any_measure=asks_options),
        list_options(_lead_ins(pages, terms), pages, subject_words, top_pages),
        [o for d in sorted(core) for o in heading_options(
            d, whole[d], subject_words, {p.chunk.page for p in passages if p.chunk.document == d})],
        # recommendations are worded unlike findings: the best candidates, then others from the topic's main
        # documents, then others that name half the topic's words
        recommendation_options([*(c.quote for c in pool), *(c.quote for c in lexical if c.quote.document in core),
                                *(c.quote for c in lexical if about_topic(subject_words, c.quote.text))]),
    )


def _agenda(c: Candidate) -> bool:
    return bool(c.roles & set(AGENDA_ROLES))


def _choose(pool: list[Candidate], lexical: list[Candidate], options: list[Option], definitions: int, facts: int
            ) -> tuple[list[Candidate], list[Candidate], list[Candidate]]:
    """(Aanleiding, Kern, Feiten sentences): no sentence twice, none repeating another or an option.

    Aanleiding: why the topic is on the agenda — a development, problem or assignment, with a date or figure if
    there is one (such sentences are worded unlike the topic, so the lexical candidates count when the best do
    not); else the best dated finding."""
    picker = _Picker()
    picker.used += [o.item.text for o in options]
    aanleiding = picker.take(pool, AANLEIDING_SIZE, lambda c: _agenda(c) and c.dated) \
        or picker.take(pool, 1, _agenda) or picker.take(lexical, 1, lambda c: _agenda(c) and c.dated) \
        or picker.take(pool, 1, lambda c: c.dated and "recommendation" not in c.roles)
    kern = picker.take(pool, KERN_SIZE - definitions, lambda c: "recommendation" not in c.roles, spread=True)
    wanted = max(0, FACT_SENTENCES - max(0, facts - 3))
    fact_sentences = picker.take(pool, wanted, lambda c: c.figure)
    fact_sentences += picker.take(lexical, wanted - len(fact_sentences), lambda c: c.figure)
    return aanleiding, kern, fact_sentences


def draft_memo(topic: str, retriever, corpus: Corpus, *, filters: Filters | None = None) -> Memo:
    """A memo draft on `topic` with sections Aanleiding, Kern, Feiten en cijfers, Opties/maatregelen, Bronnen."""
    topic = " ".join(topic.split())
    frame = build_frame(topic, [], corpus)
    if frame.unknown:
        return _refusal(topic, f"Geen document noemt {', '.join(frame.unknown)}.")
    places = dict(frame.places)
    terms = topic_terms(topic, [form for forms in places.values() for form in forms])
    if not terms:
        return _refusal(topic)
    subject_words, asks_options = _subject(terms, topic)
    subject = " ".join(t.word for t in subject_words) or topic
    main, measures, retrieved_all = _retrieve(topic, subject, retriever, filters)
    municipality_of = {d.document: d.municipality for d in corpus.documents}
    place_documents = _place_documents(corpus, places)
    passages, reason = _in_scope(retrieved_all, frame, corpus, place_documents)
    if not passages:
        return _refusal(topic, reason)
    if _coverage(terms, passages) < MIN_COVERAGE:
        return _refusal(topic)

    source = SentenceSource(passages, corpus.page_text, max_passages=len(passages), window=None)
    similarity = getattr(retriever, "similarity", None)
    lexical = _candidates(terms, subject_words, passages, source, places, place_documents)
    pool = _rerank(lexical, similarity(subject) if similarity else None)
    allowed = None if filters is None or filters.is_empty() else {p.chunk.document for p in passages}
    retrieved = {p.chunk.document for p in passages}
    tools = _run_tools(topic, corpus, list(places), frame.periods, retrieved)
    facts, conflicts = key_figures([t.word for t in subject_words], corpus.figures, places=list(places),
                                   municipality_of=lambda d: municipality_of.get(d, ""), documents=retrieved,
                                   periods=frame.periods)
    options = _options(corpus, main, measures, retrieved_all, terms, subject_words, asks_options, pool, lexical)
    if not pool and not facts and not tools and not options:
        return _refusal(topic)

    definitions = _definitions(topic, corpus, allowed)
    aanleiding, kern, fact_sentences = _choose(pool, lexical, options, len(definitions), len(facts))

    cites = _Citations(corpus)
    cited_documents = {c.quote.document for c in [*aanleiding, *kern, *fact_sentences]} | {f.source.document
                                                                                            for f in facts}
    several = len({municipality_of.get(d, "") for d in cited_documents} - {""}) > 1

    def sentence(q: Quote) -> str:
        label = municipality_of.get(q.document, "") if several else ""
        return f"_{label}:_ {q.text} {cites.cite(q)}" if label else f"{q.text} {cites.cite(q)}"

    sections = {
        AANLEIDING: [" ".join(sentence(c.quote) for c in aanleiding)] if aanleiding else [],
        KERN: [" ".join([*(sentence(q) for q in definitions), *(sentence(c.quote) for c in kern)])]
        if kern or definitions else [],
        FEITEN: _feiten(facts, conflicts, tools, fact_sentences, cites, sentence),
        OPTIES: ["\n".join(_option_line(o, cites) for o in options)] if options else [],
    }
    if places and not any(sections.values()):
        return _refusal(topic, NO_PLACE.format(place=", ".join(places)).strip("_"))
    memo_sections = [MemoSection(title=t, paragraphs=sections[t] or [EMPTY_SECTION])
                     for t in (AANLEIDING, KERN, FEITEN, OPTIES)]
    memo_sections.append(MemoSection(title=BRONNEN, paragraphs=[_bronnen(cites.items, municipality_of)]
                                     if cites.items else [EMPTY_SECTION]))
    calls = [c for c, _ in tools]
    if facts:
        lookup = facts_result(facts, " ".join(t.word for t in subject_words), conflicts)
        calls.append(ToolCall(name=lookup.tool, arguments={"onderwerp": topic}, result=lookup.model_dump(mode="json")))
    return Memo(topic=topic, sections=memo_sections, citations=cites.items, tool_calls=calls)


def _feiten(facts: list[Fact], conflicts: list[str], tools, sentences: list[Candidate], cites: _Citations,
            sentence) -> list[str]:
    out: list[str] = []
    for _, result in tools:
        markers = "".join(cites.adopt(c) for c in source_citations(result, cites.page_chunks, start=1))
        out.append(f"**{result.title}**: {result.summary} {markers}".strip())
    rows = []
    for fact in facts:
        found = source_citations(ToolResult(tool="cijfers", title="", columns=[], rows=[], summary="",
                                            sources=[fact.source]), cites.page_chunks, start=1, limit=1)
        if found:
            cell = lambda text: text.replace("|", "/")
            rows.append(f"| {cell(fact.label)} | {cell(fact.printed)} | {fact.period or '–'} | {fact.about or '–'} | "
                        f"{fact.source.document}, p. {fact.source.page} {cites.adopt(found[0])} |")
    if rows:
        out.append("\n".join(["| Cijfer | Waarde | Periode | Over | Bron |", "|---|---|---|---|---|", *rows]))
    out += [f"_{note}_" for note in conflicts]
    if sentences:
        out.append("\n".join(f"- {sentence(c.quote)}" for c in sentences))
    return out


def _option_line(option: Option, cites: _Citations) -> str:
    pillar = f" _(pijler: {option.pillar})_" if option.pillar else ""
    line = f"- {option.item.text}{pillar} {cites.cite(option.item)}"
    if option.effect:
        said = " ".join(f"{q.text} {cites.cite(q)}" for q in option.effect)
        line += f"\n  - _Volgens het document:_ {said}"
    return line


def _bronnen(citations: list[Citation], municipality_of: dict[str, str]) -> str:
    by_document: dict[str, list[Citation]] = {}
    for c in citations:
        by_document.setdefault(c.document, []).append(c)
    lines = []
    for document, cited in by_document.items():
        place = municipality_of.get(document, "")
        pages = ", ".join(f"p. {c.page} [{c.n}]" for c in sorted(cited, key=lambda c: (c.page, c.n)))
        lines.append(f"- {cited[0].title} ({document}){f', {place}' if place else ''}: {pages}")
    return "\n".join(lines)
