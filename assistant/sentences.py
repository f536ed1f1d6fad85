"""Sentence splitting (pure): PDF layout lines re-joined into running text, then split at sentence ends.

Used by ingest (document descriptions, glossary candidates) and by answering (sentence selection), so both
see the same sentences. List items, headings and table rows stay lines of their own.
"""

from __future__ import annotations

import re

# Sentence ends: ". " / "? " / "! " before a capital, digit, quote or bracket; list items are their own lines.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Þ0-9€‘“\"(])")
_ABBREVIATION = re.compile(
    r"\b(ca|bijv|bv|o\.a|t\.o\.v|nr|p|pag|incl|excl|m\.b\.t|i\.v\.m|e\.d|etc|zgn|resp|mln|mld|vs|d\.w\.z|"
    r"jl|a\.s|dhr|mevr|drs|dr|mr|ir|ing)\.$",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^\s*(?:(?:[-•–▪·]|\d+[.)]|[a-z][.)])\s+|[-•–▪·](?=[a-zà-ÿ]))")
_ENDS = (".", "!", "?", ":", ";")
# A sentence ends in . ! ? (possibly inside a closing bracket or quote): headings and table rows do not.
_ENDED = re.compile(r"[.!?…][)’”\"']*\s*$")


def ends_sentence(text: str) -> bool:
    return bool(_ENDED.search(text))


def _broken_before_name(prev: str, line: str) -> bool:
    """Running text broken before a capitalised word ("... ondernomen door de gemeente" / "Westland:"): the
    previous line is a long unfinished sentence and the next one is no heading (a short line without end mark)."""
    heading = len(line) < 80 and not line.rstrip().endswith((".", ":", ",", ";", "?", "!"))
    # a heading above the line ("2. Basiskenmerken van ...") is short and has no sentence end or comma inside
    running = len(prev) >= 90 or bool(re.search(r"[a-zà-ÿ]\. [A-ZÀ-Þ]|\w, \w", prev))
    return running and prev[-1:].islower() and line[:1].isupper() and not heading


def _paragraphs(text: str) -> list[str]:
    """Re-join PDF layout lines into running text; list items, headings and table rows stay lines."""
    out: list[str] = []
    gap = False
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            gap = True
            continue
        prev = out[-1] if out else ""
        # Running text continues on the next layout line (also across a blank line, when the new line
        # starts in lower case); table rows (ending in a figure) and list items do not. A list item wraps onto
        # lower-case (or bracketed) lines only: a footnote or heading under the last item is no part of it.
        item = bool(_ITEM.match(prev))
        continues = line[0].islower() or (item and line[0] == "(") or (not item and not gap and (
            (line[0] in "0123456789(€%" and (prev[-1:].islower() or prev.endswith(",")))
            or _broken_before_name(prev, line)))
        if prev and not prev.endswith(_ENDS) and not _ITEM.match(line) and continues:
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
        gap = False
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage, in order: layout lines re-joined, split at sentence ends (not abbreviations)."""
    out: list[str] = []
    for para in _paragraphs(text):
        parts = _SENTENCE_END.split(para)
        merged: list[str] = []
        for part in parts:
            if merged and _ABBREVIATION.search(merged[-1]):
                merged[-1] = f"{merged[-1]} {part}"
            else:
                merged.append(part)
        out.extend(s.strip() for s in merged if len(s.strip()) > 2)
    return out


# A sentence start glued to a heading or caption by the PDF's line joining: a capitalised function word right
# after a lower-case word ("... voor alle zeven gemeenten Toelichting Uit grafiek 1 blijkt ..."). A function
# word followed by another capitalised word may start a name ("in De Bilt") and is left alone.
_GLUED_START = re.compile(
    r"(?<=[a-zà-ÿ0-9)]) (?=(?:De|Het|Een|In|Uit|Op|Bij|Voor|Met|Door|Naar|Dit|Deze|Dat|Er|We|Wij|Ook|Als|Om|"
    r"Sinds|Omdat|Wanneer|Hierdoor|Daarom|Toen|Tot|Over|Onder|Vanaf|Vanuit|Volgens|Binnen|Tijdens)\b(?! [A-ZÀ-Þ]))")
MIN_GLUED_REST = 40


def after_glued_heading(sentence: str) -> str:
    """The sentence without a heading or caption glued before it (a suffix of it, so still a verbatim quote)."""
    starts = [m.end() for m in _GLUED_START.finditer(sentence)]
    for start in reversed(starts):
        if len(sentence) - start >= MIN_GLUED_REST:
            return sentence[start:]
    return sentence
