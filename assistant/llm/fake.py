"""A scripted chat model for demos and UI tests (`ASSISTANT_LLM__PROVIDER=fake`): no network, deterministic.

Turn 1 calls `zoek_passages` with the user's question. Turn 2 answers with the sentence of passage [1] that
shares the most words with the question, citing [1], or with the refusal when the search found nothing.
It streams its answer word by word, like a real model, so the UI's streaming path is exercised too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.extract import split_sentences
from assistant.llm.tools import SEARCH_TOOL, parse_passages
from assistant.text import tokenize
from assistant.texts import REFUSAL


def _best_sentence(question: str, text: str) -> str:
    words = set(tokenize(question))
    sentences = split_sentences(text) or [text.strip()]
    return max(sentences, key=lambda s: len(words & set(tokenize(s))))


class ScriptedChatModel(BaseChatModel):
    """Search, then answer from passage [1]. Tools are accepted and ignored (`bind_tools` returns self)."""

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedChatModel:
        return self

    def reply(self, messages: list[BaseMessage]) -> AIMessage:
        start = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
        question = messages[start].text if start >= 0 else ""
        results = [m for m in messages[start + 1 :] if isinstance(m, ToolMessage) and m.name == SEARCH_TOOL]
        if not results:
            return AIMessage(
                content="",
                tool_calls=[
                    {
                        "name": SEARCH_TOOL,
                        "args": {"vraag": question},
                        "id": f"call_{len(messages)}",
                        "type": "tool_call",
                    }
                ],
            )
        passages = parse_passages(results[-1].text)
        if 1 not in passages:
            return AIMessage(content=REFUSAL)
        return AIMessage(content=f"{_best_sentence(question, passages[1])} [1]")

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self.reply(messages))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        yield from stream_message(self.reply(messages), run_manager)


def stream_message(message: AIMessage, run_manager: Any = None) -> Iterator[ChatGenerationChunk]:
    """A finished message as a real model streams it: word by word, then its tool calls as chunks."""
    pieces: list[AIMessageChunk] = [
        AIMessageChunk(content=token, id=message.id) for token in re.split(r"(\s+)", message.text) if token
    ]
    if message.tool_calls:
        pieces.append(
            AIMessageChunk(
                content="",
                id=message.id,
                tool_call_chunks=[
                    {"name": call["name"], "args": json.dumps(call["args"], ensure_ascii=False), "id": call["id"],
                     "index": i}
                    for i, call in enumerate(message.tool_calls)
                ],
            )
        )
    for piece in pieces:
        chunk = ChatGenerationChunk(message=piece)
        if run_manager:
            run_manager.on_llm_new_token(piece.text, chunk=chunk)
        yield chunk
