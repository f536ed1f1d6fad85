"""LLM mode: a LangChain tool-calling agent (`langchain.agents.create_agent`) over retrieval and the
calculation tools, ending with the same grounding check as offline mode.

Per question the agent gets a fresh `zoek_passages` tool whose passages are numbered 1, 2, ... across all its
searches (`PassageBook`), plus the eight calculation tools. The graph is streamed with
`stream_mode=["messages", "updates"]`: "messages" carries the model's tokens (text of tool-calling turns is
not shown), "updates" the finished AI messages (tool calls) and tool messages (results, as artifacts).
The final text's [n] markers are renumbered 1..k in order of first use (live while streaming, too), each
citation quotes the cited chunk's sentence that best supports the answer sentence, and `apply_grounding`
checks every number against the cited passages and the tool results.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, ToolMessage

from assistant.corpus import Corpus
from assistant.errors import ModelUnavailableError
from assistant.frame import build_frame
from assistant.grounding import (
    INVALID_MARKER_NOTE,
    MARKER,
    UNSUPPORTED_MARK,
    UNSUPPORTED_NOTE,
    apply_grounding,
)
from assistant.index.schema import Filters
from assistant.llm.citations import MarkerRenumberer, build_citations, renumber_markers
from assistant.llm.errors import Endpoint, model_error_message
from assistant.llm.tools import SEARCH_TOOL, PassageBook, SearchTool, wrap_calculation_tool
from assistant.models import Answer, Grounding, Passage, ToolCall
from assistant.retrieve import HybridRetriever
from assistant.settings import REPO_ROOT
from assistant.texts import REFUSAL, REFUSAL_NO_INDEX

PROMPTS_DIR = REPO_ROOT / "prompts"
HISTORY_MESSAGES = 8  # earlier turns sent along (user + assistant messages)
HISTORY_CHARS = 2000  # per message
HOLD_CHARS = 80  # text of a model turn shown only once this long without a tool call (or at its end)


def load_prompt(name: str = "system.md") -> str:
    return (PROMPTS_DIR / name).read_text(encoding="utf-8").strip()


def _clean_previous_answer(text: str) -> str:
    """An earlier answer without its [n] markers (their numbers belonged to that turn) and grounding notes."""
    lines = [
        ln
        for ln in text.splitlines()
        if not (ln.startswith("_") and (UNSUPPORTED_NOTE in ln or INVALID_MARKER_NOTE in ln))
    ]
    text = MARKER.sub("", "\n".join(lines)).replace(UNSUPPORTED_MARK, "")
    return re.sub(r"[ \t]+([.,;:])", r"\1", text).strip()


def history_messages(history: Sequence[dict]) -> list[BaseMessage]:
    out: list[BaseMessage] = []
    for turn in list(history)[-HISTORY_MESSAGES:]:
        content = str(turn.get("content") or "").strip()
        if not content:
            continue
        if turn.get("role") == "user":
            out.append(HumanMessage(content=content[:HISTORY_CHARS]))
        elif turn.get("role") == "assistant":
            out.append(AIMessage(content=_clean_previous_answer(content)[:HISTORY_CHARS]))
    return out


def _evidence_text(passage: Passage) -> str:
    """What a citation vouches for: the chunk text and where it is (title, section, document, page)."""
    c = passage.chunk
    return f"{c.title}\n{c.section}\n{c.document}, p. {c.page}\n{c.text}"


def _says_refusal(text: str) -> bool:
    return REFUSAL.lower().rstrip(".") in " ".join(text.lower().split())


class _TurnText:
    """The text of the current model turn, as it may be shown.

    A turn's text is held back until it is clearly an answer (`HOLD_CHARS` without a tool call): a model may
    write "Ik zoek dat op." before calling a tool, and that is not part of the answer. Then it streams live.
    """

    def __init__(self, book: PassageBook):
        self.book = book
        self.reset()

    def reset(self) -> None:
        self.renumberer = MarkerRenumberer(self.book, drop_invalid=True)
        self.pending = ""
        self.live = self.calls_tools = False

    def feed(self, chunk: AIMessageChunk) -> str:
        self.calls_tools = self.calls_tools or bool(chunk.tool_call_chunks)
        if self.calls_tools:
            return ""
        text = self.renumberer.feed(chunk.text)
        if self.live:
            return text
        self.pending += text
        if len(self.pending) < HOLD_CHARS:
            return ""
        self.live = True
        out, self.pending = self.pending, ""
        return out

    def end(self, answered: bool) -> str:
        """End of the turn: the rest of its text if it was the answer."""
        out = self.pending + self.renumberer.flush() if answered and not self.calls_tools else ""
        self.reset()
        return out


def _updates(data: Any) -> Iterator[tuple[str, list]]:
    """(node, messages) from one "updates" stream item."""
    if not isinstance(data, dict):
        return
    for node, update in data.items():
        items = update if isinstance(update, list) else [update]
        messages = [m for u in items if isinstance(u, dict) for m in u.get("messages", [])]
        yield node, messages


class LlmAnswerer:
    def __init__(
        self,
        chat_model,
        retriever: HybridRetriever,
        corpus: Corpus,
        *,
        system_prompt: str | None = None,
        max_steps: int = 6,
        k: int = 6,
    ):
        """`max_steps`: model calls per question; the last one gets no tools, so it must answer.
        `k`: passages per search."""
        self.chat_model = chat_model
        self.retriever = retriever
        self.system_prompt = system_prompt if system_prompt is not None else load_prompt()
        self.max_steps = max(1, max_steps)
        self.k = k
        self.endpoint = Endpoint.of(chat_model)
        self.corpus = corpus
        self._guard = self._make_guard()

    def _calc_tools(self) -> list:
        """The calculation tools over the corpus's current figure tables."""
        from assistant.tools.registry import build_tools

        return [wrap_calculation_tool(tool) for tool in build_tools(self.corpus.figures)]

    def _make_guard(self):
        """Middleware around every model call: no tools on the last step; model failures -> Dutch message."""
        from langchain.agents.middleware import wrap_model_call

        answerer = self

        @wrap_model_call
        def guard_model_call(request, handler):
            messages = request.messages
            start = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
            tool_turns = sum(1 for m in messages[start + 1 :] if isinstance(m, AIMessage) and m.tool_calls)
            if tool_turns >= answerer.max_steps - 1:
                request = request.override(tools=[])
            try:
                return handler(request)
            except ModelUnavailableError:
                raise
            except Exception as exc:
                message = model_error_message(exc, answerer.endpoint)
                if message is None:
                    raise
                raise ModelUnavailableError(message) from exc

        return guard_model_call

    def answer(
        self, question: str, history: Sequence[dict] | None = None, filters: Filters | None = None
    ) -> Answer:
        result: Answer | None = None
        for item in self.stream(question, history, filters):
            if isinstance(item, Answer):
                result = item
        assert result is not None
        return result

    def stream(
        self, question: str, history: Sequence[dict] | None = None, filters: Filters | None = None
    ) -> Iterator[str | Answer]:
        """Text deltas of the final answer as the model writes it, then the grounded `Answer(mode="llm")`.

        The deltas already carry the renumbered markers; the final `Answer.text` is authoritative (it adds
        the grounding marks, and replaces an answer without sources by the refusal).
        """
        from langchain.agents import create_agent
        from langgraph.errors import GraphRecursionError

        t0 = time.perf_counter()
        if self.corpus.is_empty():
            yield REFUSAL_NO_INDEX
            yield Answer(
                question=question,
                text=REFUSAL_NO_INDEX,
                refused=True,
                mode="llm",
                refusal_reason="er zijn geen documenten geïndexeerd",
            )
            return
        frame = build_frame(question, history or [], self.corpus)
        if frame.unknown:  # the documents cannot answer about a name they never mention: no model call
            answer = self._scope_refusal(frame, [], [])
            yield answer.text
            yield answer
            return
        book = PassageBook()
        search = SearchTool(self.retriever, self.corpus, book, filters, self.k).as_tool()
        graph = create_agent(
            self.chat_model,
            [search, *self._calc_tools()],
            system_prompt=self.system_prompt,
            middleware=[self._guard],
        )
        messages = [*history_messages(history or []), HumanMessage(content=question)]

        turn = _TurnText(book)
        streamed = False
        arguments: dict[str, dict[str, Any]] = {}
        tool_calls: list[ToolCall] = []
        final: AIMessage | None = None
        tool_seconds = 0.0
        t_tools = time.perf_counter()
        try:
            for mode, data in graph.stream(
                {"messages": messages},
                stream_mode=["messages", "updates"],
                config={"recursion_limit": 2 * self.max_steps + 4},
            ):
                if mode == "messages":
                    chunk, meta = data
                    if meta.get("langgraph_node") != "model" or not isinstance(chunk, AIMessageChunk):
                        continue
                    if delta := turn.feed(chunk):
                        streamed = True
                        yield delta
                    continue
                for node, updates in _updates(data):
                    if node == "model":
                        for m in updates:
                            if isinstance(m, AIMessage) and m.tool_calls:
                                arguments.update({c["id"]: dict(c["args"]) for c in m.tool_calls})
                            elif isinstance(m, AIMessage):
                                final = m
                        if rest := turn.end(answered=final is not None):
                            streamed = True
                            yield rest
                        t_tools = time.perf_counter()
                    elif node == "tools":
                        tool_seconds += time.perf_counter() - t_tools
                        for m in updates:
                            if (
                                isinstance(m, ToolMessage)
                                and m.name != SEARCH_TOOL
                                and m.status != "error"
                                and isinstance(m.artifact, dict)
                            ):
                                tool_calls.append(
                                    ToolCall(
                                        name=m.name,
                                        arguments=arguments.get(m.tool_call_id, {}),
                                        result=m.artifact,
                                    )
                                )
        except GraphRecursionError:
            message = model_error_message(GraphRecursionError(), self.endpoint)
            raise ModelUnavailableError(message) from None
        t_compose = time.perf_counter()

        answer = self._compose(question, final.text if final is not None else "", book, tool_calls)
        answer = self._checked(frame, answer)
        answer.timings = {
            "retrieve": book.seconds,
            "tools": max(tool_seconds - book.seconds, 0.0),
            "model": max(t_compose - t0 - tool_seconds, 0.0),
            "compose": time.perf_counter() - t_compose,
        }
        if not streamed:
            yield answer.text
        yield answer

    def _scope_refusal(self, frame, passages: list[Passage], tool_calls: list[ToolCall], verdict=None) -> Answer:
        from assistant.offline.answerer import refusal
        from assistant.scope import missing_sentence

        if verdict is None:
            names = ", ".join(frame.unknown)
            detail = f"{names} komt in geen van de documenten voor."
            reason = f"de documenten noemen {names} niet"
        else:
            detail = missing_sentence(verdict)
            reason = f"het antwoord gaat niet over {', '.join(verdict.missing())}"
        answer = refusal(frame.question, reason, passages, tool_calls, detail=detail, covered=self.corpus.coverage())
        answer.mode = "llm"
        return answer

    def _checked(self, frame, answer: Answer) -> Answer:
        """The scope check on the model's answer: its citations and tool results must cover what is named."""
        from assistant.scope import Evidence, check_scope

        if answer.refused or frame.named.is_empty():
            return answer
        texts: list[str] = []
        for c in answer.citations:
            doc_ids = [c.doc_id] if c.doc_id else [d.doc_id for d in self.corpus.documents_named(c.document)]
            for d in doc_ids:
                texts += [self.corpus.page_text(d, c.page), self.corpus.metadata_text(d)]
        periods: list[str] = []
        for call in answer.tool_calls:
            for source in call.result.get("sources", []):
                texts.append(f"{source.get('subject', '')} {source.get('table', '')}")
                texts += [self.corpus.metadata_text(d.doc_id) for d in self.corpus.documents_named(
                    source.get("document", ""))]
                if source.get("period"):
                    periods.append(source["period"])
        if answer.tool_calls and not answer.citations:
            verdict = check_scope(frame.named, Evidence.of(texts, periods))
        else:
            verdict = check_scope(frame.named, Evidence.of([*texts, *periods]))
        if verdict.refuse:
            return self._scope_refusal(frame, answer.passages, answer.tool_calls, verdict)
        if not verdict.complete:
            from assistant.offline.answerer import partial_note

            answer.text = f"{partial_note(verdict)}\n\n{answer.text}"
        return answer

    def _compose(self, question: str, raw: str, book: PassageBook, tool_calls: list[ToolCall]) -> Answer:
        text, mapping = renumber_markers(raw.strip(), book)
        cited = {new: book.get(old) for old, new in mapping.items()}
        cited = {n: p for n, p in cited.items() if p is not None}
        citations = build_citations(text, cited)
        results = [call.result for call in tool_calls]
        said_refusal = _says_refusal(raw)
        base = {
            "question": question,
            "passages": list(book.passages),
            "tool_calls": tool_calls,
            "mode": "llm",
        }
        if not citations and (said_refusal or not results or not text):
            if not book.passages and not results:
                reason = "het taalmodel vond geen passages of rekenresultaten"
            elif said_refusal:
                reason = "het taalmodel vond het antwoord niet in de documenten"
            else:
                reason = "het antwoord van het taalmodel had geen bronverwijzing of rekenresultaat"
            return Answer(text=REFUSAL, refused=True, refusal_reason=reason, grounding=Grounding(), **base)
        grounded, grounding = apply_grounding(
            text, {n: _evidence_text(p) for n, p in cited.items()}, results, question
        )
        return Answer(
            text=grounded,
            citations=citations,
            grounding=grounding,
            refused=said_refusal,
            refusal_reason="het taalmodel vond het antwoord niet in de documenten" if said_refusal else "",
            **base,
        )
