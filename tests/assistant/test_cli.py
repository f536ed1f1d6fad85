"""The `python -m assistant ask` contract, run as a real subprocess against a real index."""

import json
import subprocess
import sys

import pytest
from support import QUICK_SCAN

from assistant.settings import REPO_ROOT
from assistant.text import contains_quote
from ingest.pdf import load_pages


def _ask(data_dir, *args, stdin=None):
    cmd = [sys.executable, "-m", "assistant", "ask", *args, "--data-dir", str(data_dir)]
    return subprocess.run(cmd, check=False, input=stdin, capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)


@pytest.fixture(scope="module")
def pages():
    return {p.number: p.text for p in load_pages(REPO_ROOT / "corpus" / QUICK_SCAN)}


def test_ask_json_contract(corpus_index, pages):
    settings = corpus_index[0]
    out = _ask(settings.data_dir, "Met welke gemeenten deelt Woudenberg een zorgadministratie?", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"question", "answer", "citations", "passages", "tool_calls", "refused", "seconds"}
    assert data["refused"] is False and data["answer"]
    assert 1 <= len(data["passages"]) <= 10
    assert set(data["passages"][0]) == {"document", "page", "section", "text", "score"}
    scores = [p["score"] for p in data["passages"]]
    assert scores == sorted(scores, reverse=True)
    for c in data["citations"]:
        assert set(c) == {"document", "title", "page", "quote"}
        if c["document"] == QUICK_SCAN:
            assert contains_quote(pages[c["page"]], c["quote"])
        assert f"[{data['citations'].index(c) + 1}]" in data["answer"]


def test_ask_stdin_streams_one_json_object_per_line(corpus_index):
    settings = corpus_index[0]
    lines = "\n".join([
        "Wat is de Smederij in Leusden?",
        json.dumps({"question": "Wat is een budgetplafond?", "history": []}),
        json.dumps({"question": "Welke varianten zijn er?",
                    "history": [{"role": "user", "content": "Wat is een budgetplafond?"}]}),
    ])
    out = _ask(settings.data_dir, "--json", "-", stdin=lines)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["question"] for r in rows] == ["Wat is de Smederij in Leusden?", "Wat is een budgetplafond?",
                                              "Welke varianten zijn er?"]
    assert any("inlooppunt" in c["quote"] for c in rows[0]["citations"])


def test_plain_ask_prints_answer_and_sources(corpus_index):
    out = _ask(corpus_index[0].data_dir, "Wat is de Smederij in Leusden?")
    assert out.returncode == 0 and "Bronnen:" in out.stdout and "p. " in out.stdout


def test_ask_stdin_answers_every_line_and_reports_bad_ones_as_error_objects(corpus_index):
    lines = [
        "Wat is de Smederij in Leusden?",
        json.dumps({"question": "   "}),  # empty question
        json.dumps({"question": "x" * 2001}),  # longer than limits.max_question_chars
        json.dumps({"question": "Wat is een budgetplafond?", "history": [{"role": "robot", "content": 1}]}),
        json.dumps({"vraag": "zonder question"}),
        "{geen json",
        "",
        json.dumps({"question": "Wat is een budgetplafond?"}),
    ]
    out = _ask(corpus_index[0].data_dir, "--json", "-", stdin="\n".join(lines) + "\n")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == len(lines)
    assert "error" not in rows[0] and "inlooppunt" in rows[0]["answer"]
    assert "error" not in rows[-1] and "maximaal bedrag" in rows[-1]["answer"]
    for row in rows[1:-1]:
        assert set(row) == {"question", "error"} and row["error"], row
    assert "leeg" in rows[1]["error"] and "te lang" in rows[2]["error"] and "2000" in rows[2]["error"]
    assert "Traceback" not in out.stdout + out.stderr


def test_plain_ask_with_an_empty_question_is_a_clear_error(corpus_index):
    out = _ask(corpus_index[0].data_dir, " ")
    assert out.returncode == 2 and out.stderr.startswith("Fout: ") and "leeg" in out.stderr
    assert "Traceback" not in out.stderr
