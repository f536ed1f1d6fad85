"""The answer-eval metrics on hand-made answers, page lookup on the real corpus, and the CLI end to end."""

import json
import subprocess
import sys

import pytest
from support import CORPUS, QUICK_SCAN

from assistant.eval.answers import (
    ItemResult,
    PageTexts,
    by_kind,
    check_citations,
    contains,
    markdown_report,
    missing_strings,
    percentile,
    score_item,
    summarise,
)
from assistant.eval.data import EvalItem
from assistant.models import Answer, Citation
from assistant.settings import REPO_ROOT
from assistant.texts import REFUSAL

PAGES = {("a.pdf", 1): "De verevende percelen zijn: Verblijf Jeugd, Crisiszorg Jeugd en SAVE.",
         ("a.pdf", 2): "In 2018 betaalde Amersfoort € 1.358.000 meer."}


def lookup(document, page):
    return PAGES.get((document, page))


def cite(n, quote, page=1, document="a.pdf"):
    return Citation(n=n, document=document, title="A", page=page, quote=quote)


# --- must_contain ---------------------------------------------------------------------------------------------


def test_contains_ignores_case_whitespace_and_markup():
    assert contains("De **Jouw  Ingebrachte\nMentor** (JIM)", "jouw ingebrachte mentor")
    assert not contains("Jouw mentor", "Jouw Ingebrachte Mentor")


@pytest.mark.parametrize(("text", "needle", "ok"), [
    ("circa € 1.358 meer", "1.358", True),
    ("circa 1358 euro meer", "1.358", True),
    ("1.070 klanten", "1070", True),
    ("totaal € 946.000,-", "946.000", True),
    ("gestegen met 8 %", "8%", True),
    ("gestegen met 18%", "8%", False),
    ("gestegen met 8,5%", "8%", False),
    ("afwijking +4.75%", "4,75%", True),
    ("de score is 0.69", "0,69", True),
    ("kosten € 31,4 miljoen", "31,4", True),
    ("kosten € 31,45 miljoen", "31,4", False),
    ("in 2018: 339", "1.339", False),
])
def test_contains_normalises_dutch_numbers(text, needle, ok):
    assert contains(text, needle) is ok


def test_missing_strings_lists_what_is_absent():
    text = "Verblijf Jeugd en Crisiszorg Jeugd worden verevend."
    assert missing_strings(text, ["verblijf jeugd", "Crisiszorg"]) == []
    assert missing_strings(text, ["Verblijf Jeugd", "SAVE", "Essentiële Functies"]) == ["SAVE", "Essentiële Functies"]


# --- citations ------------------------------------------------------------------------------------------------


def test_citation_checks_quote_page_and_marker():
    answer = Answer(question="q", text="Percelen: Verblijf Jeugd [1]. Amersfoort [2]. Zonder marker.", citations=[
        cite(1, "De verevende percelen zijn: Verblijf Jeugd"),        # right page, marker present
        cite(2, "In 2018 betaalde Amersfoort € 1.358.000 meer.", 1),  # quote is on page 2, cited as page 1
        cite(3, "In 2018 betaalde Amersfoort", 2),                    # right page, but [3] is not in the text
        cite(4, "Verblijf Jeugd", 1, "b.pdf"),                        # unknown document
    ])
    checks = check_citations(answer, lookup)
    assert [c.on_page for c in checks] == [True, False, True, False]
    assert [c.marker_in_text for c in checks] == [True, True, False, False]
    assert [c.correct for c in checks] == [True, False, False, False]


def test_quote_match_is_whitespace_and_hyphenation_insensitive():
    answer = Answer(question="q", text="x [1]", citations=[cite(1, "De verevende\npercelen zijn: Ver-\nblijf Jeugd")])
    assert check_citations(answer, lookup)[0].correct


# --- items and the summary -------------------------------------------------------------------------------------


def item(id_, kind, must, answer=""):
    return EvalItem(id=id_, question=f"vraag {id_}", kind=kind, must_contain=must, answer=answer)


def test_score_item_and_summary_per_kind():
    results = [
        score_item(item("1", "list", ["Verblijf Jeugd", "SAVE"]),
                   Answer(question="", text="Verblijf Jeugd en SAVE [1]",
                          citations=[cite(1, "Crisiszorg Jeugd en SAVE")]), 0.2, lookup),
        score_item(item("2", "list", ["Verblijf Jeugd", "SAVE"]),
                   Answer(question="", text="Alleen Verblijf Jeugd [1]",
                          citations=[cite(1, "Crisiszorg Jeugd en SAVE", page=2)]), 0.4, lookup),
        score_item(item("3", "number", ["1.358"]),
                   Answer(question="", text=REFUSAL, refused=True), 1.0, lookup),
        score_item(item("4", "unanswerable", ["niet"]),
                   Answer(question="", text=REFUSAL, refused=True), 0.1, lookup),
        score_item(item("5", "unanswerable", ["niet"]),
                   Answer(question="", text="Eemnes had in 2020 een score van 1,1 (niet zeker) [1]",
                          citations=[cite(1, "Amersfoort € 1.358.000", page=2)]), 0.3, lookup),
    ]
    assert [r.passed for r in results] == [True, False, False, True, True]
    assert results[1].missing == ["SAVE"]
    table = by_kind(results)
    assert table["list"]["must_contain"] == 0.5 and table["list"]["citation_precision"] == 0.5
    assert table["number"]["false_refusal_rate"] == 1.0 and table["number"]["citation_precision"] is None
    assert table["unanswerable"]["refusal_rate"] == 0.5
    overall = table["all"]
    assert overall["n"] == 5 and overall["must_contain"] == 0.6
    assert overall["citations"] == 3 and overall["citation_precision"] == pytest.approx(2 / 3)
    assert overall["false_refusal_rate"] == pytest.approx(1 / 3)
    assert overall["p50_s"] == 0.3 and overall["p95_s"] == pytest.approx(0.88)
    report = markdown_report(results)
    assert "| unanswerable | 2 |" in report and "| **all** | 5 | 0.600 |" in report
    json.dumps([r.to_json() for r in results])  # serialisable for --json


def test_percentile():
    assert percentile([], 95) == 0.0
    assert percentile([3.0], 50) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert summarise([])["must_contain"] is None


def test_item_result_json_marks_correct_citations():
    r = ItemResult("1", "fact", "q", "a [1]", True, [], False, True, 0.1,
                   check_citations(Answer(question="q", text="a [1]", citations=[cite(1, "Verblijf Jeugd")]), lookup))
    assert r.to_json()["citations"][0]["correct"] is True


# --- real corpus --------------------------------------------------------------------------------------------------


def test_page_texts_reads_the_cited_pdf_pages():
    pages = PageTexts([REPO_ROOT / "nowhere", CORPUS])
    quote = "Dit onderzoek is in opdracht van Bureau Regio Amersfoort uitgevoerd"
    assert pages(QUICK_SCAN, 1) and "Bureau Regio Amersfoort" in pages(QUICK_SCAN, 1)
    answer = Answer(question="q", text="x [1] [2]", citations=[
        Citation(n=1, document=QUICK_SCAN, title="Q", page=1, quote=quote),
        Citation(n=2, document=QUICK_SCAN, title="Q", page=2, quote=quote),
    ])
    assert [c.correct for c in check_citations(answer, pages)] == [True, False]
    assert pages("missing.pdf", 1) is None


def test_cli_answers_table_and_json(corpus_index, tmp_path):
    settings = corpus_index[0]
    dataset = tmp_path / "mini.jsonl"
    rows = [
        {"id": "a", "question": "Wat is de Smederij in Leusden?", "kind": "fact", "must_contain": ["inlooppunt"]},
        {"id": "b", "question": "Welke varianten zijn er?", "kind": "followup", "context": "c",
         "must_contain": ["grootste stijgers"]},
        {"id": "c", "question": "Wat is een budgetplafond?", "kind": "definition", "answer": "Een maximaal bedrag.",
         "must_contain": ["maximaal"]},
        {"id": "d", "question": "Wat kost een parkeervergunning in Amersfoort?", "kind": "unanswerable",
         "must_contain": ["niet"]},
    ]
    dataset.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = tmp_path / "out.json"
    cmd = [sys.executable, "-m", "assistant.eval", str(dataset), "--answers", "--json", str(out),
           "--data-dir", str(settings.data_dir)]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO_ROOT, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    assert "| kind | n | must_contain |" in run.stdout
    for kind in ("definition", "fact", "followup", "unanswerable", "**all**"):
        assert f"| {kind} |" in run.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [i["id"] for i in data["items"]] == ["a", "b", "c", "d"]
    assert set(data["items"][0]) >= {"question", "answer", "passed", "missing", "citations", "seconds"}
    assert data["items"][0]["passed"] is True  # the Smederij answer names the inlooppunt
    assert data["summary"]["all"]["n"] == 4
    assert all(c["on_page"] for i in data["items"] for c in i["citations"])


def test_cli_json_needs_answers(tmp_path):
    run = subprocess.run([sys.executable, "-m", "assistant.eval", str(tmp_path / "x.jsonl"), "--json", "o.json"],
                         capture_output=True, text=True, cwd=REPO_ROOT, timeout=120, check=False)
    assert run.returncode == 2 and "--json hoort bij --answers" in run.stderr
