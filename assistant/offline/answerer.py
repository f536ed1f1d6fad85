"""The offline answerer: calculation questions -> tools; other questions -> extractive answer; weak -> refusal.

Every answer passes the scope check (`assistant.scope`): the places, names and periods the question names
must be covered by the evidence the answer uses (the tool rows, or the cited pages and their documents'
metadata). Otherwise the answer is a refusal that says what is missing and what the documents do cover;
when only part is missing the answer says that first.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from assistant.calc.operations import Operation, operations_in
from assistant.calc.plan import Ask, Context, calculate
from assistant.corpus import Corpus, Coverage, year_span
from assistant.errors import ToolInputError
from assistant.extract import SentenceSource, score_sentences
from assistant.figures.schema import is_aggregate
from assistant.frame import QuestionFrame, build_frame
from assistant.grounding import apply_grounding
from assistant.index.schema import Filters
from assistant.models import Answer, Chunk, Citation, Passage, ToolCall
from assistant.names import period_years
from assistant.offline.answer_types import compare_sides
from assistant.offline.compose import extractive, source_citations, tool_answer_text
from assistant.offline.evidence import EvidencePolicy, amount_sentence, assess, suggestions
from assistant.offline.patterns import AMOUNT_QUESTION
from assistant.offline.planner import GENERAL, PlannedCall, Question, plan_tool_calls
from assistant.retrieve import HybridRetriever
from assistant.scope import (
    Evidence,
    Named,
    ScopeVerdict,
    check_scope,
    missing_sentence,
    show_period,
    text_mentions,
)
from assistant.settings import AnswerSettings
from assistant.text import tokenize
from assistant.texts import REFUSAL, REFUSAL_NO_INDEX, SUGGESTIONS_INTRO
from assistant.tools.base import ToolResult
from assistant.tools.calculate import result_of
from assistant.tools.registry import run_tool

log = logging.getLogger(__name__)
PERIOD_ARGUMENTS = {"jaar", "vanaf", "tot_en_met", "periode", "van", "naar"}
PLACE_MISMATCH = "andere plaats: de cijfers van"
PERIOD_MISMATCH = "andere periode: de cijfers van"


def refusal(question: str, reason: str, passages: list[Passage], tool_calls: list[ToolCall] | None = None,
            *, detail: str = "", covered: Coverage | None = None) -> Answer:
    """The refusal sentinel, the specific reason (`detail`), what the documents do cover, nearby topics."""
    tips = suggestions(passages)
    text = REFUSAL
    if detail:
        text += f" {detail}"
    if covered is not None and covered.describe():
        text += f" Wel in de documenten: cijfers en tekst {covered.describe()}."
    if tips:
        text += f"\n\n{SUGGESTIONS_INTRO}\n" + "\n".join(f"- {t}" for t in tips)
    return Answer(question=question, text=text, passages=passages, refused=True, refusal_reason=reason,
                  suggestions=tips, tool_calls=tool_calls or [])


def partial_note(verdict: ScopeVerdict) -> str:
    """'Let op: voor 2019 staat er niets in de documenten; hieronder wat er wel is.' for a partial answer."""
    sentence = missing_sentence(verdict)
    return f"_Let op: {sentence[0].lower()}{sentence[1:-1]}; hieronder wat er wel is._" if sentence else ""


class OfflineAnswerer:
    def __init__(self, retriever: HybridRetriever, corpus: Corpus, settings: AnswerSettings | None = None):
        self.retriever = retriever
        self.corpus = corpus
        self.settings = settings or AnswerSettings()
        self.policy = EvidencePolicy(self.settings.min_similarity, self.settings.min_coverage,
                                     self.settings.english_min_coverage)

    def answer(self, question: str, history: Sequence[dict], filters: Filters | None = None) -> Answer:
        t0 = time.perf_counter()
        if self.corpus.is_empty():
            return Answer(question=question, text=REFUSAL_NO_INDEX, refused=True, refusal_reason="lege index")
        frame = build_frame(question, history, self.corpus)
        alpha = self.settings.english_alpha if frame.english else None
        passages = self.retriever.retrieve(frame.query, filters=filters, alpha=alpha)
        t1 = time.perf_counter()
        if frame.unknown:
            answer = self._unknown(frame, passages)
        elif frame.term and (definition := self._definition(frame)) is not None:
            answer = definition
        else:
            answer, calls = None, []
            planned = plan_tool_calls(Question(question, tuple(frame.places), frame.periods, frame.previous),
                                      self.corpus.figures, self.corpus.vocabulary)
            if planned:
                answer, calls = self._with_tools(frame, planned, passages, filters)
            if answer is None:
                answer = self._extractive(frame, passages)
                answer.tool_calls = calls + answer.tool_calls
                if not planned and AMOUNT_QUESTION.search(question):
                    answer = self._with_lookup(frame, passages, filters, answer)
            elif answer.refused and self._other_place(answer):
                # The figures are about other places: another document's text may answer, if its quotes
                # themselves name what is asked. (A table that lacks the year asked is not second-guessed.)
                text_answer = self._extractive(frame, passages)
                quotes = Evidence.of([c.quote for c in text_answer.citations])
                if not text_answer.refused and check_scope(frame.named, quotes).complete:
                    answer = text_answer
        if frame.followup and frame.read_as and not answer.refused:
            # the answer shows how a follow-up was read (after grounding: its words are the user's own)
            answer = answer.model_copy(update={"text": f"_Vraag gelezen als: {frame.read_as}_\n\n{answer.text}"})
        answer.timings = {"retrieve": t1 - t0, "compose": time.perf_counter() - t1}
        return answer

    @staticmethod
    def _other_place(answer: Answer) -> bool:
        return answer.refusal_reason.startswith(PLACE_MISMATCH)

    # -- names the documents do not contain ---------------------------------------------------------------

    def _unknown(self, frame: QuestionFrame, passages: list[Passage]) -> Answer:
        names = ", ".join(frame.unknown)
        detail = f"{names} komt in geen van de documenten voor." if len(frame.unknown) == 1 else \
            f"{names} komen in geen van de documenten voor."
        return refusal(frame.question, f"de documenten noemen {names} niet", passages, detail=detail,
                       covered=self.corpus.coverage())

    # -- calculation questions ----------------------------------------------------------------------------

    def _page_chunks(self, document: str, page: int) -> list[Chunk]:
        return self.corpus.named_page_chunks(document, page)

    def _tool_evidence(self, result: ToolResult, frame_periods: Sequence[str] = ()) -> Evidence:
        """A tool result's rows (subjects, periods) plus its documents' metadata; the pages its figures are
        printed on may cover names (not places or periods)."""
        texts = [f"{s.subject} {s.table} {s.measure} {s.section}" for s in result.sources]
        texts += [result.title, *(" ".join(str(v) for v in row.values()) for row in result.rows)]
        pages = []
        for document in {s.document for s in result.sources}:
            for info in self.corpus.documents_named(document):
                texts.append(self.corpus.metadata_text(info.doc_id))
                pages += [self.corpus.page_text(info.doc_id, s.page) for s in result.sources if s.document == document]
        periods = [s.period for s in result.sources if s.period]
        years = {y for p in periods for y in period_years(p)}
        if result.tool == "bereken":  # a change between the ends of a named range covers that range
            periods += [p for p in frame_periods if len(period_years(p)) > 1
                        and {period_years(p)[0], period_years(p)[-1]} <= years]
        return Evidence.of(texts, periods, context=dict.fromkeys(pages))

    def _with_lookup(self, frame: QuestionFrame, passages: list[Passage], filters: Filters | None,
                     answer: Answer) -> Answer:
        """An amount question whose figure a table prints (the row named in full, in the asked period): the
        figure as printed, cited by its row, before the text answer (or instead of a refusal)."""
        try:
            result = self._calculate(frame, passages, filters, [Operation.LOOKUP])
        except ToolInputError:
            return answer
        if not result.sources:
            return answer
        verdict = check_scope(frame.named, self._tool_evidence(result, frame.periods))
        if not verdict.complete:
            return answer
        start = len(answer.citations) + 1
        citations = source_citations(result, self._page_chunks, start=start)
        if not citations:
            return answer
        known = {(c.document, c.page, c.quote): c.n for c in answer.citations}
        markers = "".join(f"[{known.get((c.document, c.page, c.quote), c.n)}]" for c in citations)
        citations = [c for c in citations if (c.document, c.page, c.quote) not in known]
        for i, c in enumerate(citations):  # renumber the new ones after the text's own
            markers = markers.replace(f"[{c.n}]", f"[{start + i}]")
            citations[i] = c.model_copy(update={"n": start + i})
        line = f"{result.summary} {markers}"
        text = line if answer.refused else f"{line}\n\n{answer.text}"
        cited = {c.n: self.corpus.page_text(c.doc_id, c.page) for c in [*answer.citations, *citations]}
        text, grounding = apply_grounding(text, cited, [result.model_dump(mode="json")], frame.question)
        call = ToolCall(name="bereken", arguments={"vraag": frame.question, "bewerking": "lookup"},
                        result=result.model_dump(mode="json"))
        return answer.model_copy(update={"text": text, "citations": [*answer.citations, *citations],
                                         "refused": False, "refusal_reason": "", "grounding": grounding,
                                         "tool_calls": [*answer.tool_calls, call]})

    def _calculate(self, frame: QuestionFrame, passages: list[Passage], filters: Filters | None,
                   operations: list[Operation] | None = None, decided: bool = False) -> ToolResult:
        """The general calculation with the answer's context: the places and periods the question names, the
        documents of the filter, and the pages that retrieval found (their figures rank first). `decided`: only
        a calculation counts (another tool is planned after this one)."""
        figures = self.corpus.figures
        boost: dict[int, float] = {}
        for rank, p in enumerate(passages[: self.settings.figure_page_passages]):
            weight = self.settings.figure_page_boost * (1.0 if rank < 3 else 0.5)
            for position in figures.search.on_page(p.chunk.document, p.chunk.page):
                boost[position] = max(boost.get(position, 0.0), weight)
        documents = None
        if filters is not None and not filters.is_empty():
            allowed = {p.chunk.document for p in passages}
            documents = sorted(allowed | {d.document for d in self.corpus.documents if d.doc_id in filters.documents})
        operations = operations or operations_in(frame.question) or (
            operations_in(frame.previous) if frame.previous else [])
        # the words of a follow-up's subject are in the previous question ("En hoeveel daarvan betaalt Epe?")
        ask = Ask(question=frame.query, places=dict(frame.places), periods=list(frame.periods),
                  documents=documents, synonyms=self.corpus.vocabulary.measure_synonyms)
        gazetteer = self.corpus.gazetteer
        context = Context(figures.figures, figures.search, is_place=lambda text: gazetteer.lookup(text) is not None,
                          province_of=lambda text: getattr(gazetteer.lookup(text), "province", ""),
                          document_place=self.corpus.document_place, page_boost=boost)
        outcome = calculate(ask, operations, context)
        if outcome is None or (outcome.calculation is None and not outcome.candidates):
            raise ToolInputError(outcome.reason if outcome else "geen cijfers die bij de vraag passen")
        if outcome.calculation is None and (decided or outcome.reason.startswith("Niet gevonden")):
            # missing operands: the text may still answer; candidates only: a domain tool planned after this
            # one answers (or says what its table covers)
            raise ToolInputError(outcome.reason)
        return result_of(outcome)

    def _with_tools(self, frame: QuestionFrame, planned: list[PlannedCall],
                    passages: list[Passage], filters: Filters | None = None) -> tuple[Answer | None, list[ToolCall]]:
        figures = self.corpus.figures
        calls: list[ToolCall] = []
        texts: list[str] = []
        citations: list[Citation] = []
        cited: dict[int, str] = {}
        notes: list[str] = []
        for i, call in enumerate(planned):
            args = {k: v for k, v in call.arguments.items() if v is not None}
            if call.name == GENERAL:
                try:
                    result = self._calculate(frame, passages, filters, decided=i < len(planned) - 1)
                except ToolInputError as err:
                    calls.append(ToolCall(name=call.name, arguments=args, result={"error": str(err)}))
                    continue
                calls.append(ToolCall(name=call.name, arguments=args, result=result.model_dump(mode="json")))
                answer = self._tool_answer(frame, result, passages, calls, notes, citations, cited, texts)
                if answer is not None:
                    return answer, calls
                break  # the planned calls are alternatives: the first result answers
            try:
                result: ToolResult = run_tool(figures, call.name, args)
            except ToolInputError as err:
                calls.append(ToolCall(name=call.name, arguments=args, result={"error": str(err)}))
                # A period the table lacks: run without it, so the scope check can say what is covered.
                args = {k: v for k, v in args.items() if k not in PERIOD_ARGUMENTS}
                if len(args) == len(calls[-1].arguments) or not frame.periods:
                    continue
                try:
                    result = run_tool(figures, call.name, args)
                except ToolInputError:
                    continue
            payload = result.model_dump(mode="json")
            calls.append(ToolCall(name=call.name, arguments=args, result=payload))
            answer = self._tool_answer(frame, result, passages, calls, notes, citations, cited, texts)
            if answer is not None:
                return answer, calls
            break
        if not texts:
            return None, calls  # every tool rejected its arguments: answer from the text instead
        body = "\n\n".join([*dict.fromkeys(n for n in notes if n), *texts])
        text, grounding = apply_grounding(body, cited, [c.result for c in calls], frame.question)
        answer = Answer(question=frame.question, text=text, citations=citations, passages=passages,
                        tool_calls=calls, grounding=grounding)
        return answer, calls

    def _tool_answer(self, frame: QuestionFrame, result: ToolResult, passages: list[Passage],
                     calls: list[ToolCall], notes: list[str], citations: list[Citation], cited: dict[int, str],
                     texts: list[str]) -> Answer | None:
        """Add one tool result to the answer (scope-checked, cited); a refusal when it is about other places or
        periods than asked."""
        verdict = check_scope(frame.named, self._tool_evidence(result, frame.periods))
        if verdict.refuse:
            log.info("scope: %s gaat niet over %s", result.tool, verdict.missing())
            return self._tool_refusal(frame, result, verdict, passages, calls)
        if not verdict.complete:
            notes.append(partial_note(verdict))
        new = source_citations(result, self._page_chunks, start=len(citations) + 1)
        for c in new:
            cited[c.n] = self.corpus.page_text(c.doc_id, c.page)
        citations += new
        texts.append(tool_answer_text(frame.question, result, new))
        return None

    def _tool_refusal(self, frame: QuestionFrame, result: ToolResult, verdict: ScopeVerdict,
                      passages: list[Passage], calls: list[ToolCall]) -> Answer:
        """A tool answer about other places or periods than asked: say so, and what the figures do cover."""
        subjects = list(dict.fromkeys(s.subject for s in result.sources if not is_aggregate(s.subject)))
        periods = sorted({s.period for s in result.sources if s.period})
        years = sorted({y for p in periods for y in period_years(p)})
        detail = missing_sentence(verdict, figures=True)
        cover = []
        if subjects:
            shown = ", ".join(subjects[:10]) + (f" en {len(subjects) - 10} andere" if len(subjects) > 10 else "")
            cover.append(f"over {shown}")
        if any("-Q" in p or "-H" in p for p in periods):
            cover.append("voor " + ", ".join(show_period(p) for p in periods))
        elif years:
            cover.append(f"met jaren {year_span(years)}")
        if cover:
            detail += f" De cijfers ({result.title}) gaan {' '.join(cover)}."
        kind = PLACE_MISMATCH if verdict.missing_places or verdict.missing_names else PERIOD_MISMATCH
        return refusal(frame.question, f"{kind} {result.tool} gaan niet over {', '.join(verdict.missing())}",
                       passages, calls, detail=detail)

    # -- definitions --------------------------------------------------------------------------------------

    def _definition(self, frame: QuestionFrame) -> Answer | None:
        """A definition question answered with the term's most definition-like sentence(s) (the glossary's
        scoring, from ingest), when the documents define it and the definition is in scope."""
        from assistant.glossary import NO_DEFINITION_NOTE, explain_term

        answer = explain_term(frame.term, self.corpus)
        if answer.refused or answer.text.startswith(NO_DEFINITION_NOTE) or not answer.citations:
            return None
        if not check_scope(frame.named, self._text_evidence(answer.citations, frame.names)).complete:
            return None
        cited = {c.n: self.corpus.page_text(c.doc_id, c.page) for c in answer.citations}
        text, grounding = apply_grounding(answer.text, cited, [], frame.question)
        return answer.model_copy(update={"question": frame.question, "text": text, "grounding": grounding})

    # -- text questions -----------------------------------------------------------------------------------

    def _about(self, frame: QuestionFrame):
        """Whether a passage's page (or its document's metadata) names one of the places the question names,
        and its document every name and one of the periods (a page about another town, or a document about
        other years or bodies, never answers; the scope check of the whole answer then says what is missing)."""
        if not frame.places and not frame.names and not frame.periods:
            return lambda p: True
        periods = Named(periods=frame.periods)
        docs_with_period = self.corpus.documents_about_periods(frame.periods) if frame.periods else set()
        docs_naming = [self.corpus.documents_naming(name) for name in frame.names]

        def about(p: Passage) -> bool:
            texts = [self.corpus.page_text(p.chunk.doc_id, p.chunk.page), self.corpus.metadata_text(p.chunk.doc_id)]
            return ((not frame.places or any(text_mentions(texts, (name, *forms))
                                             for name, forms in frame.places.items()))
                    and all(p.chunk.doc_id in docs for docs in docs_naming)
                    and (not frame.periods or p.chunk.doc_id in docs_with_period
                         or bool(check_scope(periods, Evidence.of(texts)).covered_periods)))

        return about

    def _text_evidence(self, citations: list[Citation], names: Sequence[str] = ()) -> Evidence:
        """The cited pages and their documents' metadata; a name (not a place or period) the cited document
        itself names also counts (a report by the VNG need not repeat "VNG" on every page)."""
        texts = []
        for c in citations:
            texts += [self.corpus.page_text(c.doc_id, c.page), self.corpus.metadata_text(c.doc_id)]
        cited = {c.doc_id for c in citations}
        context = [name for name in names if cited & self.corpus.documents_naming(name)]
        return Evidence.of(texts, context=context)

    def _extractive(self, frame: QuestionFrame, passages: list[Passage]) -> Answer:
        about = self._about(frame)
        sides = compare_sides(frame.question)
        if sides:  # a comparison retrieves each side too, so that both are in the answer
            seen = {p.chunk.chunk_id for p in passages}
            for side in sides:
                for p in self.retriever.retrieve(f"{side} {frame.question}")[:3]:
                    if p.chunk.chunk_id not in seen:
                        seen.add(p.chunk.chunk_id)
                        passages = [*passages, p]
        retrieved = passages
        # Answer only from passages about what the question names (its places, names and periods).
        relevant = [p for p in passages if about(p)]
        if relevant or frame.places or frame.periods:
            passages = relevant
        places = [f for forms in frame.places.values() for f in forms]
        named_terms = {t for name in [*places, *frame.names] for t in tokenize(name)}
        source = SentenceSource(passages, self.corpus.page_text)
        # An English question shares few words with Dutch documents: the dense model's similarity decides
        # between the best candidate sentences. (Adding the Dutch words of its English ones was measured and
        # not kept: it cost more dev answers than it gained.)
        query = frame.query
        semantic = self.retriever.similarity(frame.query) if frame.english else None
        amount = amount_sentence(query, passages,
                                 score_sentences(query, passages, places=places, source=source, semantic=semantic),
                                 named_terms=named_terms, about=about, english=frame.english,
                                 document_frequency=self.corpus.document_frequency(set(tokenize(frame.query))),
                                 before=source.before)
        text, citations, sentences = extractive(query, passages, page_text=self.corpus.page_text,
                                                places=places, amount=amount, source=source,
                                                names_place=lambda t: bool(self.corpus.gazetteer.find(t)),
                                                semantic=semantic, sides=sides)
        verdict = assess(query, passages, sentences, self.policy, amount=amount,
                         similarity=max((p.similarity or 0.0 for p in retrieved), default=0.0),
                         english=frame.english)
        if verdict.refuse:
            top = passages[:5] or retrieved[:5]
            scope = check_scope(frame.named, Evidence.of(
                [t for p in top for t in (self.corpus.page_text(p.chunk.doc_id, p.chunk.page),
                                          self.corpus.metadata_text(p.chunk.doc_id))]))
            detail = missing_sentence(scope) if not scope.complete else ""
            named = [*frame.places, *frame.names]
            if not detail and named and passages:
                detail = f"Over {', '.join(named)} staat er in de documenten niets dat deze vraag beantwoordt."
            covered = self.corpus.coverage({p.chunk.doc_id for p in top}) if detail else None
            return refusal(frame.question, verdict.reason, retrieved, detail=detail, covered=covered)
        scope = check_scope(frame.named, self._text_evidence(citations, frame.names))
        if scope.refuse:
            covered = self.corpus.coverage({c.doc_id for c in citations} | {p.chunk.doc_id for p in passages[:3]})
            return refusal(frame.question, f"de gevonden passages gaan niet over {', '.join(scope.missing())}",
                           passages, detail=missing_sentence(scope), covered=covered)
        if not scope.complete:
            text = f"{partial_note(scope)}\n\n{text}"
        # The cited unit is the page: a list may continue in the next chunk of the same page.
        cited = {c.n: self.corpus.page_text(c.doc_id, c.page) for c in citations}
        text, grounding = apply_grounding(text, cited, [], frame.question)
        return Answer(question=frame.question, text=text, citations=citations, passages=passages,
                      grounding=grounding)

