"""End to end in a real browser: `streamlit run app.py`, Debian's Chromium via Playwright, a cited answer."""

from __future__ import annotations

import pytest
from streamlit_server import CHAT_INPUT, ask, chromium_page, streamlit_app

pytestmark = pytest.mark.browser


def test_question_gets_a_cited_answer_in_the_browser(corpus_index, tmp_path):
    settings, _, _ = corpus_index
    env = {"ASSISTANT_DATA_DIR": str(settings.data_dir), "ASSISTANT_LLM__PROVIDER": "none"}
    with streamlit_app(env, tmp_path / "streamlit.log") as url, chromium_page() as page:
        page.goto(url)
        page.locator(CHAT_INPUT).wait_for(timeout=120_000)
        ask(page, "Wat is de Smederij in Leusden?", timeout_ms=120_000)
        body = page.inner_text("body")
        assert "inlooppunt" in body  # the answer, quoted from the memo
        assert "[1]" in body
        assert "Memo stand van zaken" in body or "memo-stand-van-zaken" in body  # the cited document
        assert "p. 2" in body or "pagina 2" in body.lower()
        assert "Traceback" not in body
        shot = tmp_path / "chat.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
