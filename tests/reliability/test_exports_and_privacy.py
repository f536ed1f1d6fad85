"""Exports carry document text inert (no HTML, no live links), and the app sends no telemetry."""

import tomllib

from assistant.models import Answer, Citation
from assistant.present.export import conversation_to_markdown
from assistant.settings import REPO_ROOT

EVIL = '<script>alert("x")</script> [klik hier](javascript:alert(1)) ![img](http://evil/x.png)'


def test_markdown_export_escapes_document_text_and_links():
    answer = Answer(question="q", text=f"De wachttijd is 6 weken. {EVIL} [1]",
                    citations=[Citation(n=1, document="a.txt", title=f"Titel {EVIL}", page=1, quote=EVIL)])
    md = conversation_to_markdown([{"role": "user", "content": f"Vraag {EVIL}"},
                                   {"role": "assistant", "answer": answer}])
    assert "<script>" not in md and "](javascript:" not in md and "![img](" not in md
    assert "\\<script\\>" in md and "]\\(javascript:" in md  # shown literally, as text
    assert "De wachttijd is 6 weken." in md and "[1]" in md


def test_streamlit_sends_no_usage_statistics_and_hides_the_developer_toolbar():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "viewer"
