"""`python -m assistant ask --json -` answers every stdin line with one JSON object, whatever the line holds:
bad input gets an error object (Dutch), never a traceback, and the lines after it are still answered."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.errors import InputError
from assistant.settings import REPO_ROOT

GOOD = "Wat is de Smederij in Leusden?"
LINES: list[tuple[bytes, str]] = [  # (raw line, what the reply must say: "answer" or a fragment of the error)
    (GOOD.encode(), "answer"),
    (b"", "Lege regel"),
    (b"   ", "Lege regel"),
    (json.dumps({"question": None}).encode(), "Ongeldig verzoek"),
    (json.dumps({"question": ["a", "b"]}).encode(), "Ongeldig verzoek"),
    (json.dumps({"question": GOOD, "history": "abc"}).encode(), "Ongeldig verzoek"),
    (json.dumps({"question": GOOD, "history": [1, 2]}).encode(), "Ongeldig verzoek"),
    (json.dumps({"question": GOOD, "history": [{"role": "robot", "content": "x"}]}).encode(),
     "gespreksgeschiedenis"),
    (b"{niet: json", "Ongeldig verzoek"),
    (b"\xff\xfe Wat is dit?", "geen geldige UTF-8"),
    (("x" * 100_000).encode(), "te lang"),
    (json.dumps({"question": GOOD, "history": [{"role": "user", "content": "Wat is een budgetplafond?"}]}).encode(),
     "answer"),
]


@pytest.fixture(scope="module")
def replies(corpus_index):
    data_dir = corpus_index[0].data_dir
    stdin = b"\n".join(raw for raw, _ in LINES) + b"\n"
    proc = subprocess.run([sys.executable, "-m", "assistant", "ask", "--json", "-", "--data-dir", str(data_dir)],
                          check=False, input=stdin, capture_output=True, cwd=REPO_ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    assert b"Traceback" not in proc.stderr
    return [json.loads(line) for line in proc.stdout.decode().splitlines()]


def test_every_line_gets_exactly_one_reply(replies):
    assert len(replies) == len(LINES)


@pytest.mark.parametrize("i", range(len(LINES)))
def test_reply_per_line(replies, i):
    _, expected = LINES[i]
    reply = replies[i]
    if expected == "answer":
        assert "error" not in reply and reply["answer"] and reply["citations"]
    else:
        assert "answer" not in reply and expected in reply["error"]


def test_question_length_is_capped_in_the_python_api(assistant):
    limit = assistant.settings.limits.max_question_chars
    with pytest.raises(InputError, match="te lang"):
        assistant.ask("x" * (limit + 1))
    with pytest.raises(InputError):
        assistant.ask(None)  # type: ignore[arg-type]
    assert assistant.ask(("Wat is de Smederij in Leusden? " * 100)[:limit]).text != ""
