"""Answer evaluation: what the assistant says, not only what it retrieves.

Pure metric functions (unit-tested on hand-made `Answer`s) and a runner over an `Assistant` and a JSONL set:

- must_contain: an item passes when every `must_contain` string occurs in the answer text, case- and
  whitespace-insensitive, with Dutch number forms normalised ("1.358" = "1358", "€ 946.000" contains "946.000",
  "8%" does not match inside "18%").
- citation precision: a citation is correct when its quote is on the cited page of the cited document (page
  text from `ingest.pdf.load_pages`, or the index's OCR text for a page recognised from a scan, compared with
  `ingest.clean.contains_quote`) AND its [n] marker occurs in the answer text; "quote on page" is the same
  without the marker condition.
- refusal rate on `unanswerable` items (should be 1) and false-refusal rate on answerable items (should be 0).
- p50/p95 seconds per question.
"""

from __future__ import annotations

import json
import re
import statistics
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.errors import AssistantError
from assistant.eval.data import EvalItem, history_for
from assistant.models import Answer
from assistant.numbers import extract_numbers, value_key
from assistant.text import contains_quote
from assistant.texts import REFUSAL, REFUSAL_NO_INDEX

PageLookup = Callable[[str, int], str | None]  # (document, page) -> page text, None if unknown

# --- text normalisation -------------------------------------------------------------------------------------

_SPACE = re.compile(r"[\s\u00a0\u202f\u2009]+")
_NUMBER = re.compile(r"(?<![\d.])\d[\d.\u00a0\u202f]*\d(?![\d])")
_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:[.\u00a0\u202f]\d{3})+$")
_MARKUP = re.compile(r"\*\*|__|`")


def normalise_text(text: str) -> str:
    """Lower-case, NFC, markdown emphasis removed, whitespace collapsed, Dutch number forms unified:
    thousands separators dropped ("1.358" -> "1358", "1.357.840" -> "1357840"), a decimal point written as a
    comma ("4.75%" -> "4,75%"), and a space before % removed ("8 %" -> "8%")."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _MARKUP.sub("", text)
    text = _NUMBER.sub(_unify_number, text)
    text = _SPACE.sub(" ", text).strip()
    return text.replace(" %", "%")


def _unify_number(m: re.Match[str]) -> str:
    token = m.group(0)
    if _GROUPED.match(token):
        return re.sub(r"[.\u00a0\u202f]", "", token)  # "1.357.840" -> "1357840"
    if token.count(".") == 1 and not re.search(r"[\u00a0\u202f]", token):
        return token.replace(".", ",")  # "4.75" -> "4,75" (the KPI report prints decimals this way)
    return token


def _number_pattern(needle: str) -> re.Pattern[str]:
    """A normalised needle, not inside a longer number: "8%" must not match "18%" or "8,5%"."""
    body = re.escape(needle)
    start = r"(?<![\d,])" if needle[:1].isdigit() else ""
    end = r"(?![\d]|,\d)" if needle[-1:].isdigit() else ""
    return re.compile(start + body + end)


def contains(answer_text: str, needle: str) -> bool:
    """Whether `needle` occurs in `answer_text` (case/whitespace-insensitive, Dutch number forms unified)."""
    hay = normalise_text(answer_text)
    want = normalise_text(needle)
    if not want:
        return True
    if _number_pattern(want).search(hay):
        return True
    # A needle that is a single number also matches the same value written differently ("0,69" ~ "0.69").
    numbers = extract_numbers(needle)
    if len(numbers) == 1 and numbers[0][0].strip() == needle.strip():
        printed, value = numbers[0]
        percent = "%" in printed
        for other, other_value in extract_numbers(answer_text):
            if value_key(other_value) == value_key(value) and ("%" in other) == percent:
                return True
    return False


def missing_strings(answer_text: str, must_contain: Iterable[str]) -> list[str]:
    """The `must_contain` strings not found in the answer text (empty = pass)."""
    return [m for m in must_contain if not contains(answer_text, m)]


def is_refusal(answer: Answer) -> bool:
    return answer.refused or REFUSAL in answer.text or REFUSAL_NO_INDEX in answer.text


# --- citations ----------------------------------------------------------------------------------------------


@dataclass
class CitationCheck:
    n: int
    document: str
    page: int
    quote: str
    on_page: bool
    marker_in_text: bool

    @property
    def correct(self) -> bool:
        return self.on_page and self.marker_in_text


def check_citations(answer: Answer, page_text: PageLookup) -> list[CitationCheck]:
    """Per citation: is its quote on the cited page, and is its [n] marker in the answer text?"""
    checks: list[CitationCheck] = []
    for c in answer.citations:
        text = page_text(c.document, c.page)
        on_page = bool(text) and contains_quote(text, c.quote)
        checks.append(CitationCheck(c.n, c.document, c.page, c.quote, on_page, f"[{c.n}]" in answer.text))
    return checks


class PageTexts:
    """Page texts of the cited documents, loaded once per document from the given folders."""

    def __init__(self, folders: Iterable[Path], corpus=None):
        self.folders = [Path(f) for f in folders]
        self.corpus = corpus  # pages the index recognised from a scan are checked against that (OCR) text
        self._pages: dict[str, dict[int, str] | None] = {}

    def _load(self, document: str) -> dict[int, str] | None:
        from assistant.errors import DocumentError
        from ingest.pdf import load_pages

        for folder in self.folders:
            path = folder / document
            if path.is_file():
                try:
                    return {p.number: p.text for p in load_pages(path)}
                except DocumentError:
                    return None
        return None

    def __call__(self, document: str, page: int) -> str | None:
        if self.corpus is not None:
            for info in self.corpus.documents_named(document):
                if self.corpus.page_is_scanned(info.doc_id, page):
                    return self.corpus.page_text(info.doc_id, page)
        if document not in self._pages:
            self._pages[document] = self._load(document)
        pages = self._pages[document]
        return None if pages is None else pages.get(page)


# --- per-item results and the summary -----------------------------------------------------------------------


@dataclass
class ItemResult:
    id: str
    kind: str
    question: str
    answer: str
    passed: bool
    missing: list[str]
    refused: bool
    answerable: bool
    seconds: float
    citations: list[CitationCheck] = field(default_factory=list)
    reference: str = ""

    def to_json(self) -> dict:
        data = asdict(self)
        data["citations"] = [{**asdict(c), "correct": c.correct} for c in self.citations]
        return data


def score_item(item: EvalItem, answer: Answer, seconds: float, page_text: PageLookup) -> ItemResult:
    """Score one answer against its eval item (pure, given `page_text`)."""
    missing = missing_strings(answer.text, item.must_contain)
    return ItemResult(
        id=item.id, kind=item.kind, question=item.question, answer=answer.text, passed=not missing,
        missing=missing, refused=is_refusal(answer), answerable=item.answerable, seconds=seconds,
        citations=check_citations(answer, page_text), reference=item.answer,
    )


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def summarise(results: list[ItemResult]) -> dict[str, float | int | None]:
    """The metrics over a group of item results (None where a metric has no denominator)."""
    cites = [c for r in results for c in r.citations]
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    seconds = [r.seconds for r in results]
    return {
        "n": len(results),
        "must_contain": _ratio(sum(r.passed for r in results), len(results)),
        "citations": len(cites),
        "citation_precision": _ratio(sum(c.correct for c in cites), len(cites)),
        "quote_on_page": _ratio(sum(c.on_page for c in cites), len(cites)),
        "refusal_rate": _ratio(sum(r.refused for r in unanswerable), len(unanswerable)),
        "false_refusal_rate": _ratio(sum(r.refused for r in answerable), len(answerable)),
        "p50_s": statistics.median(seconds) if seconds else 0.0,
        "p95_s": percentile(seconds, 95),
    }


def by_kind(results: list[ItemResult]) -> dict[str, dict[str, float | int | None]]:
    kinds = sorted({r.kind for r in results})
    table = {k: summarise([r for r in results if r.kind == k]) for k in kinds}
    table["all"] = summarise(results)
    return table


def _cell(value: float | None, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def markdown_report(results: list[ItemResult]) -> str:
    """A markdown table per kind (plus 'all') and a one-line summary."""
    table = by_kind(results)
    cols = [("n", "d"), ("must_contain", ".3f"), ("citations", "d"), ("citation_precision", ".3f"),
            ("quote_on_page", ".3f"), ("refusal_rate", ".3f"), ("false_refusal_rate", ".3f"),
            ("p50_s", ".3f"), ("p95_s", ".3f")]
    lines = ["| kind | " + " | ".join(c for c, _ in cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for kind, row in table.items():
        name = f"**{kind}**" if kind == "all" else kind
        lines.append(f"| {name} | " + " | ".join(_cell(row[c], f) for c, f in cols) + " |")
    s = table["all"]
    lines += ["", (
        f"must_contain {_cell(s['must_contain'], '.1%')} of {s['n']} items; citation precision "
        f"{_cell(s['citation_precision'], '.1%')} ({s['citations']} citations, quote on page "
        f"{_cell(s['quote_on_page'], '.1%')}); refusal on unanswerable {_cell(s['refusal_rate'], '.1%')}; "
        f"false refusals {_cell(s['false_refusal_rate'], '.1%')}; p50 {s['p50_s']:.3f} s, p95 {s['p95_s']:.3f} s."
    )]
    return "\n".join(lines)


# --- runner -------------------------------------------------------------------------------------------------


def run_answers(assistant, items: list[EvalItem], page_text: PageLookup,
                progress: Callable[[int, int, EvalItem], None] | None = None) -> list[ItemResult]:
    """Ask every item (follow-ups with their reference conversation) and score the answers."""
    by_id = {i.id: i for i in items}
    results: list[ItemResult] = []
    for k, item in enumerate(items):
        if progress:
            progress(k, len(items), item)
        t = time.perf_counter()
        try:
            answer = assistant.ask(item.question, history=history_for(item, by_id))
        except AssistantError as err:  # e.g. the chat model is unreachable: score it as a wrong answer
            answer = Answer(question=item.question, text=f"FOUT: {err}")
        seconds = time.perf_counter() - t
        results.append(score_item(item, answer, seconds, page_text))
    return results


def save_json(results: list[ItemResult], path: Path) -> None:
    payload = {"summary": by_kind(results), "items": [r.to_json() for r in results]}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")


__all__ = [
    "CitationCheck", "ItemResult", "PageTexts", "by_kind", "check_citations", "contains",
    "is_refusal", "markdown_report", "missing_strings", "normalise_text", "percentile", "run_answers",
    "save_json", "score_item", "summarise",
]
