"""Streamlit front end (presentation only): every answer comes from `assistant.Assistant`."""

from __future__ import annotations

import streamlit as st

from assistant.errors import AssistantError
from assistant.service import build_assistant
from assistant.settings import Settings

st.set_page_config(page_title="Beleidsassistent", page_icon="📑")


@st.cache_resource(show_spinner="Index en model laden…")
def get_assistant():
    return build_assistant(Settings())


st.title("Beleidsassistent sociaal domein")
st.caption("Antwoorden uit de rapportages, met bron: document, pagina en citaat.")

try:
    assistant = get_assistant()
except AssistantError as err:
    st.error(str(err))
    st.stop()

if "history" not in st.session_state:
    st.session_state.history = []

for turn in st.session_state.history:
    with st.chat_message(turn["role"]):
        st.markdown(turn["content"])

if question := st.chat_input("Stel een vraag over de documenten"):
    with st.chat_message("user"):
        st.markdown(question)
    answer = assistant.ask(question, history=st.session_state.history)
    with st.chat_message("assistant"):
        st.markdown(answer.text)
        if answer.citations:
            st.markdown("**Bronnen**")
            for c in answer.citations:
                st.markdown(f"[{c.n}] *{c.title}*, p. {c.page} — “{c.quote}”")
    st.session_state.history += [{"role": "user", "content": question},
                                 {"role": "assistant", "content": answer.text}]
