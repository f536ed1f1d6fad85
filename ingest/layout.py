"""Page layout from extracted text (pure functions).

Two jobs:

1. `layout_lines(runs)`: turn the text runs that pypdf reports for one page (text, effective font size,
   baseline) into `LayoutLine`s with their vertical position and font size, splitting superscript note markers
   off the word they are glued to ("vertrouwenviii" -> "vertrouwen viii", "uitgangspunt.vii" -> "uitgangspunt.
   vii"). Only runs that are measurably smaller AND raised are markers; nothing is ever deleted, only a space
   inserted, so quotes stay findable in the raw page text (matching ignores whitespace).
2. `join_lines(lines)`: flow the layout lines of a page (or part of one) into text blocks: wrapped lines are
   re-joined, while list items, headings, table rows and table-of-contents lines keep their own block.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# --- 1. runs -> lines ---------------------------------------------------------------------------------------

# A note marker: "1", "12", "1,3", "iii", "*", "†".
_MARKER = re.compile(r"(?:\d{1,3}(?:[,–-]\d{1,3})*|[ivxlc]{1,7}|\*{1,3}|[†‡§])")
# Units whose superscript 2/3 is an exponent, not a note ("m2", "km2").
_UNITS = ("m", "km", "cm", "dm", "mm")
MARKER_MAX_SIZE = 0.8  # a marker's font is at most this share of the text before it (and of the body text)
MARKER_MIN_RISE = 0.15  # ... and its baseline at least this share of that font size higher


@dataclass(frozen=True)
class TextRun:
    """One piece of text as the PDF draws it: effective font size (pt) and baseline (pt from the bottom)."""

    text: str
    size: float
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class LayoutLine:
    """A text line with its baseline as a share of the page height (0 bottom .. 1 top) and font size, if known."""

    text: str
    position: float | None = None
    size: float | None = None


def body_size(runs: Iterable[TextRun]) -> float | None:
    """The most common font size, weighted by characters (rounded to 0.5 pt)."""
    weights: Counter[float] = Counter()
    for run in runs:
        chars = len(run.text.strip())
        if chars and run.size > 0:
            weights[round(run.size * 2) / 2] += chars
    return weights.most_common(1)[0][0] if weights else None


def is_marker(run: TextRun, before: TextRun, body: float | None) -> bool:
    """A superscript note marker: marker-like text, clearly smaller than the text before it, and raised."""
    text = run.text.strip()
    if not _MARKER.fullmatch(text) or before.size <= 0:
        return False
    small = run.size <= MARKER_MAX_SIZE * before.size and (body is None or run.size <= MARKER_MAX_SIZE * body)
    rise = run.y - before.y
    return small and MARKER_MIN_RISE * before.size <= rise <= before.size


def _exponent(marker: str, before_text: str) -> bool:
    words = before_text.split()
    return marker in ("2", "3") and bool(words) and words[-1].lower() in _UNITS


def layout_lines(runs: Sequence[TextRun], page_bottom: float = 0.0, page_height: float | None = None
                 ) -> tuple[list[LayoutLine], int]:
    """Lines of one page (in text order) from its runs, and how many glued note markers were split off.

    The concatenated run texts must equal the page's extracted text (pypdf guarantees that for its visitor);
    lines are split on "\\n". A line's position is the baseline of its first non-blank run.
    """
    body = body_size(runs)
    pieces: list[str] = []
    tail = ""  # the last characters of the text so far
    split = 0
    previous: TextRun | None = None  # last run with visible text on the current line
    for i, run in enumerate(runs):
        text = run.text
        if previous is not None and "\n" not in text and text.strip() and is_marker(run, previous, body):
            after = next((r.text for r in runs[i + 1 :] if r.text), "")
            glued_before = bool(tail) and not tail[-1].isspace() and not text[0].isspace()
            if glued_before and not _exponent(text.strip(), tail):
                text = " " + text
                split += 1
                if not text[-1].isspace() and after[:1].isalnum():
                    text += " "
        pieces.append(text)
        tail = (tail + text)[-40:]
        if "\n" in run.text:
            previous = run if run.text.rsplit("\n", 1)[1].strip() else None
        elif run.text.strip():
            previous = run
    return _split_lines(runs, pieces, page_bottom, page_height), split


def _split_lines(runs: Sequence[TextRun], pieces: list[str], bottom: float, height: float | None
                 ) -> list[LayoutLine]:
    lines: list[LayoutLine] = []
    buffer: list[str] = []
    y: float | None = None
    size: float | None = None

    def flush() -> None:
        position = None if y is None or not height else min(1.0, max(0.0, (y - bottom) / height))
        lines.append(LayoutLine("".join(buffer), position, size))

    for run, piece in zip(runs, pieces, strict=True):
        parts = piece.split("\n")
        for k, part in enumerate(parts):
            if k:
                flush()
                buffer, y, size = [], None, None
            buffer.append(part)
            if part.strip():
                y = run.y if y is None else y
                size = run.size if size is None else max(size, run.size)
    flush()
    return lines


# --- 2. lines -> blocks -------------------------------------------------------------------------------------

# Bullets and enumerations: "• ", "- ", "▪ ", "o ", "a) ", "a. ", "(1) ", "1. ", "2) ".
_LIST_ITEM = re.compile(r"^(?:[-•▪▫◦●○■□–—*·➢➤►✓✔]\s|[-•▪–](?=[a-zà-ÿ])|o\s|\(?[a-z]\)\s|[a-z]\.\s|\(\d{1,2}\)\s|"
                        r"\d{1,2}[.)]\s)")
# "3.2 Titel", "1.1.2 Versterken opdrachtgeverschap": multi-level numbered headings.
_NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+[A-ZÀ-Þ]")
# Table-of-contents lines: dot leaders.
_LEADERS = re.compile(r"\.{4,}|…{2,}|(?:\.\s){4,}")
_NUMBER = re.compile(r"(?<![\w])[-+€]?\s?\d[\d.,]*%?(?![\w])")
_WORD = re.compile(r"[^\W\d_]{2,}")
# The end of a sentence (or of a lead-in): . ! ? : possibly followed by a closing quote or bracket.
_SENTENCE_END = re.compile(r"[.!?:][\"'’”)\]]*$")
_ABBREVIATION = re.compile(r"(?:[a-z]{1,3}\.){2,}")  # "o.a.", "t.o.v.", "m.b.t."
ABBREVIATIONS = frozenset({
    "bijv", "bv", "ca", "nr", "resp", "etc", "incl", "excl", "vgl", "zgn", "jl", "mln", "mld", "mrd",
    "blz", "pag", "art"
})
# A line ending in one of these words (or a comma, "€", "-") cannot end a paragraph or a heading.
CONTINUATION_WORDS = frozenset({
    "de", "het", "een", "van", "en", "of", "in", "op", "met", "voor", "door", "aan", "te", "bij", "tot",
    "om", "naar", "uit", "over", "dan", "als", "die", "dat", "is", "zijn", "wordt", "worden", "werd",
    "zal", "zullen", "kan", "kunnen", "moet", "moeten", "niet", "ook", "nog", "wel", "per", "via",
    "zoals", "omdat", "waardoor", "waarbij", "waarin", "dit", "deze", "onze", "ons", "hun", "haar",
    "hij", "zij", "we", "wij", "u"
})
LONG_LINE = 0.7  # a line at least this share of the typical width is "full": the text wraps after it
DEFAULT_WIDTH = 70  # typical line width (characters) when there are too few lines to measure it


def is_list_item(line: str) -> bool:
    return bool(_LIST_ITEM.match(line))


def is_table_row(line: str) -> bool:
    """Three or more numbers that outnumber half the words: "Jeugd 1.234 2.345 3.456"."""
    numbers = len(_NUMBER.findall(line))
    return numbers >= 3 and numbers * 2 >= len(_WORD.findall(line))


def is_heading(line: str) -> bool:
    """A numbered multi-level heading or a short all-capitals line."""
    if _NUMBERED_HEADING.match(line) and len(line) <= 120 and not line.rstrip().endswith((",", ";")):
        return True
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and line.isupper() and len(line.split()) <= 8


def ends_sentence(line: str) -> bool:
    """Ends in . ! ? or : (a closing quote or bracket may follow), but not in an abbreviation ("o.a.")."""
    stripped = line.rstrip()
    if not _SENTENCE_END.search(stripped):
        return False
    last = stripped.split()[-1].lower()
    return not (_ABBREVIATION.fullmatch(last) or last.rstrip(".") in ABBREVIATIONS)


def must_continue(line: str) -> bool:
    """The line ends in a way no paragraph or heading ends: a comma, "€", a hyphen or a function word."""
    stripped = line.rstrip()
    if stripped.endswith((",", "€", "-", "–", "(", "/", "&", "+")):
        return True
    words = stripped.split()
    return bool(words) and words[-1].lower() in CONTINUATION_WORDS


def typical_width(lines: Iterable[str]) -> int:
    """The 80th-percentile length of the lines that are not list items, rows or headings."""
    lengths = sorted(len(x) for x in (s.strip() for s in lines)
                     if x and not (is_table_row(x) or _LEADERS.search(x) or is_heading(x)))
    if len(lengths) < 5:
        return max([DEFAULT_WIDTH, *lengths])
    return lengths[min(len(lengths) - 1, int(0.8 * len(lengths)))]


# A line that cannot start a sentence: it continues the previous one (", heeft ...", "; en ...", ") ...").
_CONTINUATION = re.compile(r"^[,;:)\]%’”]")
# A lone note marker: 1-3 digits, a roman numeral or an asterisk.
_MARKER_LINE = re.compile(r"^(?:\d{1,3}|[ivxlc]{1,6}|\*{1,3})$")


def continues(previous: str, line: str, width: int) -> bool:
    """Does `line` continue the sentence that the prose line `previous` left open?

    - A line ending in a comma, "€" or a function word ("van", "de") always wraps into the next.
    - A line ending a sentence (. ! ? :) does not: the next line starts a new block (after a colon only when
      it starts with a capital; a lower-case line continues the lead-in).
    - A full-width line (>= LONG_LINE x width) wraps into the next one, whatever that starts with: a capital
      ("... samen met de gemeente / Zwolle"), a number or "€" ("een bedrag van € / 2,5 miljoen").
    - A short line without final punctuation was a heading, label or caption when the next line starts with a
      capital or digit, and a ragged wrap when it starts lower-case.
    """
    if must_continue(previous) or _CONTINUATION.match(line):
        return True
    if _MARKER_LINE.match(line) and not ends_sentence(previous):
        return True  # a note marker set on a line of its own ("... de kaderbrief / 1 / , heeft ...")
    if previous.rstrip().endswith(":") and line[:1].islower():
        return True  # a lead-in continued in running text: "Het uitgangspunt is: / er vroeg bij zijn."
    if ends_sentence(previous):
        return False
    return len(previous) >= LONG_LINE * width or line[:1].islower()


def _label_after_item(previous: str, line: str) -> bool:
    """A short capitalised line without sentence end under a list item: a heading, not the item's wrap."""
    return (line[:1].isupper() and len(line) < 60 and not must_continue(previous)
            and not line.rstrip().endswith((".", ",", ";", ":", "!", "?")))


def join_lines(lines: Sequence[str], width: int | None = None) -> list[str]:
    """Flow layout lines into blocks (paragraphs, list items, headings, table rows), in order.

    Drop-in for the chunker's line joining: `"\\n".join(join_lines(lines))` is the flowed text, each block on
    one line. Rules, in order:
    - a blank line ends the open block;
    - list items (`is_list_item`), headings (`is_heading`) and table-of-contents lines start a new block;
      headings and contents lines are closed at once, a list item takes its wrapped continuation lines (not a
      short capitalised label after it, "• ... verlagen / Voor- en nadelen": that is the next heading);
    - a line that `continues` the open prose or list block is appended to it with a space, even when it looks
      like a table row ("een bedrag van € / 2,5 miljoen in 2024, 3,1 miljoen in 2025 en ...");
    - otherwise a table row (`is_table_row`) is a block of its own, and any other line starts a new block.
    `width` is the typical line width of the page (`typical_width`); pass the page's when joining a part of it.
    """
    width = width or typical_width(lines)
    blocks: list[str] = []
    current: list[str] = []
    open_prose = False  # the open block is prose or a list item, so the next line may continue it
    item = False  # the open block is a list item

    def close() -> None:
        nonlocal current, open_prose, item
        if current:
            blocks.append(" ".join(current))
        current, open_prose, item = [], False, False

    for raw in lines:
        line = raw.strip()
        if not line:
            close()
        elif is_list_item(line):
            close()
            current, open_prose, item = [line], True, True
        elif is_heading(line) or _LEADERS.search(line):
            close()
            blocks.append(line)
        elif open_prose and continues(current[-1], line, width) and not (item and _label_after_item(current[-1], line)):
            current.append(line)
        elif is_table_row(line):
            close()
            blocks.append(line)
        else:
            close()
            current, open_prose = [line], True
    close()
    return blocks


def flow_text(text: str) -> str:
    """A page's layout lines flowed into blocks, one per line (what is stored and split into sentences)."""
    lines = text.split("\n")
    return "\n".join(join_lines(lines, typical_width(lines)))
