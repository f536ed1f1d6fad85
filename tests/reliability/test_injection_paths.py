"""Injected instructions in an uploaded document never reach a user or a model, on every output path:
extractive answers, definitions, lists, memos, the glossary, the document tour and the LLM's passages."""

from __future__ import annotations

import re
from typing import ClassVar

import pytest
from langchain_core.messages import BaseMessage, ToolMessage
from support import make_settings

from assistant.llm.fake import ScriptedChatModel
from assistant.service import assistant_from_index
from assistant.text import normalise_for_match
from reliability.test_injection_detector import INJECTIONS

# Injection variants placed in the document: one per sentence slot below (different phrasings and addressees).
VARIANTS = INJECTIONS[::8][:12]
CONTENT = [
    "Deze notitie beschrijft de verevening in de regio Testdal.",
    ("Verevening betekent dat de gemeenten de kosten van de verevende percelen onderling verdelen naar rato van "
    "hun aandeel."),
    "Risicoverevening is een vorm van onderlinge solidariteit tussen de gemeenten van Testdal.",
    "In 2024 betaalde Testdal 1,2 miljoen euro aan de verevening.",
    "De gemeenten nemen de volgende maatregelen:",
]
ITEMS = ["- de gemeenten bundelen de inkoop van jeugdhulp", "- de wijkteams krijgen meer mandaat",
         "- de toegang toetst elke aanvraag op passendheid"]


def document() -> str:
    """Content sentences with an injection after each, and injected list items between the real ones."""
    lines: list[str] = []
    variants = iter(VARIANTS)
    for sentence in CONTENT:
        lines.append(f"{sentence} {next(variants)}")
    for item in ITEMS:
        lines += [item, f"- {next(variants)}"]
    lines.append(f"Tot slot: de verevening blijft bestaan. {next(variants)}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def injected(tmp_path_factory, embeddings):
    from assistant.index.factory import open_index
    from ingest.pipeline import ingest_paths

    folder = tmp_path_factory.mktemp("docs")
    (folder / "notitie-verevening-testdal.txt").write_text(document(), encoding="utf-8")
    settings = make_settings(tmp_path_factory.mktemp("data"))
    index = open_index(settings, embeddings)
    assert ingest_paths([folder], settings, index).ok
    return assistant_from_index(index, settings)


def leaks(text: str) -> list[str]:
    """Injection variants (or a recognisable part of them) that occur in `text`."""
    flat = normalise_for_match(text)
    found = []
    for variant in VARIANTS:
        words = re.findall(r"\w{4,}", variant)
        probe = normalise_for_match(" ".join(words[:6]))
        if probe and probe in flat:
            found.append(variant)
    return found


def answer_text(answer) -> str:
    return "\n".join([answer.text, *(c.quote for c in answer.citations)])


@pytest.mark.parametrize("question", [
    "Wat is verevening?",
    "Hoe werkt de verevening in Testdal?",
    "Hoeveel betaalde Testdal aan de verevening in 2024?",
    "Welke maatregelen nemen de gemeenten?",
    "Blijft de verevening bestaan?",
])
def test_answers_carry_no_injection(injected, question):
    answer = injected.ask(question)
    assert not answer.refused, answer.refusal_reason
    assert not leaks(answer_text(answer))


def test_a_list_keeps_its_real_items_and_drops_the_injected_ones(injected):
    answer = injected.ask("Welke maatregelen nemen de gemeenten?")
    assert "bundelen de inkoop" in answer.text and "meer mandaat" in answer.text
    assert not leaks(answer_text(answer))


def test_memo_glossary_and_tour_carry_no_injection(injected):
    memo = injected.draft_memo("de verevening in Testdal")
    texts = [p for s in memo.sections for p in s.paragraphs] + [c.quote for c in memo.citations]
    assert not memo.refused and not leaks("\n".join(texts))
    assert not leaks(answer_text(injected.explain_term("verevening")))
    assert all(not leaks(answer_text(entry.answer)) for entry in injected.glossary())
    assert all(not leaks(doc.description) for doc in injected.documents())


class Recording(ScriptedChatModel):
    received: ClassVar[list[list[BaseMessage]]] = []

    def reply(self, messages):
        self.received.append(list(messages))
        return super().reply(messages)


def test_the_model_never_sees_the_injected_sentences(injected):
    model = Recording()
    llm = assistant_from_index(injected.index, injected.settings, chat_model=model)
    answer = llm.ask("Hoe werkt de verevening in Testdal?")
    passages = "\n".join(m.text for batch in model.received for m in batch if isinstance(m, ToolMessage))
    assert "Testdal" in passages  # the document's own text did reach the model
    assert not leaks(passages)
    assert not leaks(answer_text(answer))
