"""Downloads: a memo (as edited in the app) to .docx and .md, the conversation to Markdown and JSON.

The memo's paragraphs are Markdown (bold, italics, bullets, `###` headings, pipe tables); `memo_to_docx`
turns those few constructs into Word paragraphs, lists and tables, everything else is written as text.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from assistant.models import Answer, Memo, MemoSection
from assistant.present.markdown import inert_markdown

_BLANK_LINES = re.compile(r"\n\s*\n")
_INLINE = re.compile(r"(\*\*[^*\n]+\*\*|(?<![\w*])\*[^*\n]+\*(?![\w*])|(?<!\w)_[^_\n]+_(?!\w))")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_BULLET = re.compile(r"^\s*[-*•]\s+")


# ---- memo ----------------------------------------------------------------------------------------------

def section_text(section: MemoSection) -> str:
    """The section as one editable text: paragraphs separated by a blank line."""
    return "\n\n".join(section.paragraphs)


def editor_height(text: str, chars_per_line: int = 110) -> int:
    """Pixels for a text area that shows `text` without scrolling (within 110-560 px)."""
    lines = sum(max(1, -(-len(line) // chars_per_line)) for line in text.split("\n"))
    return max(110, min(560, 24 * lines + 40))


def memo_with_edits(memo: Memo, texts: Sequence[str]) -> Memo:
    """The memo with each section's paragraphs replaced by the edited text (split on blank lines)."""
    sections = [
        MemoSection(title=section.title,
                    paragraphs=[p.strip() for p in _BLANK_LINES.split(text.replace("\r\n", "\n")) if p.strip()])
        for section, text in zip(memo.sections, texts, strict=True)
    ]
    return memo.model_copy(update={"sections": sections})


def memo_to_markdown(memo: Memo) -> str:
    return memo.to_markdown()


def _add_runs(paragraph, text: str) -> None:
    for piece in _INLINE.split(text):
        if not piece:
            continue
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            paragraph.add_run(piece[2:-2]).bold = True
        elif len(piece) > 2 and piece[0] == piece[-1] and piece[0] in "*_":
            paragraph.add_run(piece[1:-1]).italic = True
        else:
            paragraph.add_run(piece)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _add_table(document, lines: list[str]) -> None:
    rows = [_cells(line) for line in lines if not _TABLE_RULE.match(line.strip())]
    if not rows:
        return
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j in range(width):
            cell = table.cell(i, j)
            cell.text = ""
            _add_runs(cell.paragraphs[0], row[j] if j < len(row) else "")
            if i == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _add_block(document, block: str) -> None:
    """One Markdown block: a heading, a table, a list, or a paragraph (single line breaks kept)."""
    lines = [line for line in block.split("\n") if line.strip()]
    if not lines:
        return
    if all(line.lstrip().startswith("|") for line in lines):
        _add_table(document, lines)
        return
    if all(_BULLET.match(line) for line in lines):
        for line in lines:
            _add_runs(document.add_paragraph(style="List Bullet"), _BULLET.sub("", line, count=1))
        return
    if len(lines) == 1 and (m := re.match(r"^(#{1,6})\s+(.*)$", lines[0])):
        document.add_heading(m.group(2).strip(), level=min(len(m.group(1)), 3))
        return
    paragraph = document.add_paragraph()
    for i, line in enumerate(lines):
        if i:
            paragraph.add_run().add_break()
        _add_runs(paragraph, line.strip())


def memo_to_docx(memo: Memo) -> bytes:
    """The memo as a Word document: title, one heading per section, its paragraphs, lists and tables."""
    from docx import Document

    document = Document()
    document.core_properties.title = f"Memo: {memo.topic}"
    document.core_properties.author = "Beleidsassistent (concept)"
    document.add_heading(f"Memo: {memo.topic}", level=0)
    for section in memo.sections:
        document.add_heading(section.title, level=1)
        for paragraph in section.paragraphs:
            for block in _BLANK_LINES.split(paragraph):
                _add_block(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def memo_file_stem(topic: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-")[:60]
    return f"memo-{slug or 'concept'}"


# ---- conversation --------------------------------------------------------------------------------------

def _exchanges(turns: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Pair each question with what followed it: an `Answer` or an error message."""
    out: list[dict[str, Any]] = []
    for turn in turns:
        if turn.get("role") == "user":
            out.append({"question": turn.get("content", ""), "answer": None, "error": ""})
        elif out and turn.get("role") == "assistant":
            out[-1]["answer"] = turn.get("answer")
            out[-1]["error"] = turn.get("error", "")
    return out


def citation_text(answer: Answer, escape=lambda text: text) -> list[str]:
    """'[1] Title (file.pdf), p. 7, section: “quote”' per citation (document-derived parts through `escape`)."""
    return [f"[{c.n}] {escape(c.title)} ({escape(c.document)}), p. {c.page}"
            f"{f', {escape(c.section)}' if c.section else ''}: “{escape(c.quote)}”" for c in answer.citations]


def conversation_to_markdown(turns: Sequence[Mapping[str, Any]], now: datetime | None = None) -> str:
    """The conversation as Markdown: each question, the answer text and its sources (with quotes)."""
    stamp = (now or datetime.now()).strftime("%d-%m-%Y %H:%M")
    lines = ["# Gesprek met de Beleidsassistent", "", f"_Geëxporteerd op {stamp}._", ""]
    for i, exchange in enumerate(_exchanges(turns), start=1):
        # Questions, answers and quotes stay readable, but nothing in them can become HTML, a link or an image.
        lines += [f"## Vraag {i}", "", inert_markdown(exchange["question"]), "", "### Antwoord", ""]
        answer: Answer | None = exchange["answer"]
        if answer is None:
            lines += [f"_Geen antwoord: {inert_markdown(exchange['error'] or 'onbekende fout')}_", ""]
            continue
        lines += [inert_markdown(answer.text), ""]
        if answer.citations:
            lines += ["**Bronnen**", "", *(f"- {c}" for c in citation_text(answer, inert_markdown)), ""]
    return "\n".join(lines).rstrip() + "\n"


def conversation_to_json(turns: Sequence[Mapping[str, Any]], now: datetime | None = None) -> str:
    """The conversation as JSON: per question the CLI's answer contract (`Answer.to_json`) or the error."""
    items = []
    for exchange in _exchanges(turns):
        answer: Answer | None = exchange["answer"]
        if answer is None:
            items.append({"question": exchange["question"], "error": exchange["error"]})
        else:
            items.append({**answer.to_json(), "question": exchange["question"]})
    data = {"exported": (now or datetime.now()).isoformat(timespec="seconds"), "turns": items}
    return json.dumps(data, ensure_ascii=False, indent=2)
