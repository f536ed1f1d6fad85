"""LLM mode: a LangChain tool-calling agent, used when `settings.llm.provider` names a chat model.

- `factory.make_chat_model(settings.llm)`: ChatOpenAI (any OpenAI-compatible endpoint), ChatOllama, or the
  scripted `fake.ScriptedChatModel` for demos and UI tests.
- `agent.LlmAnswerer(chat_model, retriever, corpus)`: `.stream(question, history, filters)` yields text
  deltas and then the grounded `Answer(mode="llm")`; `.answer(...)` returns only the `Answer`.
- `tools`: the `zoek_passages` retrieval tool (numbered, delimited passages) and the calculation tools.
- `citations`: marker renumbering and verbatim quotes; `errors`: model failures as Dutch messages.

Nothing here is imported by offline mode, so the offline assistant does not load LangChain's agent stack.
"""
