"""Figures from tables in PDF, DOCX and spreadsheet files: one `FigureRow` per numeric cell.

Word positions come from pdfium (pypdfium2, fast and exact). Lines are words on one baseline; a table is
a block of lines that end in figures under a header of column labels. Two layouts are read:

- aligned: the figures stand in columns (their x-ranges line up from line to line, with wide gaps
  between them); each figure goes to the column it stands under, so an empty cell stays empty;
- text lines: the figures of a row simply follow each other (reflowed or plain-text tables); a row with
  as many figures as the header has columns maps them in order; a row with fewer is ambiguous and is
  skipped with a warning.

Every cell becomes a `FigureRow` with the row label, column label, period and unit read from the table.
Checks: the printed value must occur in the page text (else the cell is dropped), and a total row or
column that differs from the sum of its parts is kept as printed with a warning. Figures stated in
running text are read by `ingest.tables_text`.
"""

from __future__ import annotations

import math
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.figures.schema import normalise_period
from assistant.models import FigureRow, Page
from assistant.numbers import format_dutch_number, parse_dutch_number
from assistant.text import fold, normalise_for_match
from ingest.labels import _UNIT_HINT, caption_text, slug
from ingest.tables_text import PlaceFinder, figures_from_text

# --------------------------------------------------------------------------------------------------
# Result models


class TableInfo(BaseModel):
    page: int
    table: str = Field(description="Slug used as FigureRow.table.")
    title: str = ""
    layout: str = Field("", description="'aligned', 'text-lines', 'docx', 'sheet' or 'text'.")
    rows: int = 0
    columns: list[str] = Field(default_factory=list)
    cells: int = 0


class ExtractionResult(BaseModel):
    rows: list[FigureRow] = Field(default_factory=list)
    tables: int = 0
    warnings: list[str] = Field(default_factory=list)
    table_info: list[TableInfo] = Field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0


# --------------------------------------------------------------------------------------------------
# Words and lines


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # height of the (loose) glyph box, about 1.2 x the font size
    bold: bool = False


@dataclass(frozen=True, slots=True)
class PageWords:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    text: str = ""


@dataclass(slots=True)
class Line:
    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


_BREAK = {" ", "\t", "\n", "\r", "\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\ufffe", "\x02", "\x00"}


def read_pdf_words(path: Path) -> list[PageWords]:
    """Words with positions (points, top-left origin) of every page, read with pdfium. I/O edge."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    out: list[PageWords] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            textpage = page.get_textpage()
            words = _page_words(textpage, height)
            out.append(PageWords(index + 1, width, height, tuple(words), textpage.get_text_range()))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return out


def _make_word(chars: list[tuple[str, float, float, float, float]], size: float, bold: bool) -> Word:
    text = unicodedata.normalize("NFC", "".join(c[0] for c in chars))
    return Word(text, min(c[1] for c in chars), max(c[2] for c in chars), min(c[3] for c in chars),
                max(c[4] for c in chars), size, bold)


def _page_words(textpage: Any, height: float) -> list[Word]:
    """Characters -> words: split at spaces, gaps wider than a fifth of the glyph height and line changes."""
    from pypdfium2 import raw

    words: list[Word] = []
    chars: list[tuple[str, float, float, float, float]] = []
    size, bold = 0.0, False
    for i in range(textpage.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(textpage, i))
        # spaces, control characters and rotated text (chart axes) end a word
        if char in _BREAK or char.isspace() or unicodedata.category(char) == "Cc" \
                or abs(raw.FPDFText_GetCharAngle(textpage, i)) > 0.05:
            if chars:
                words.append(_make_word(chars, size, bold))
                chars = []
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        item = (char, left, right, height - top, height - bottom)
        if chars:
            prev = chars[-1]
            gap = left - prev[2]
            if gap > 0.2 * size or gap < -size or abs(prev[4] - item[4]) > 0.5 * size:
                words.append(_make_word(chars, size, bold))
                chars = []
        if not chars:
            size = max(top - bottom, 1.0)
            bold = raw.FPDFText_GetFontWeight(textpage, i) >= 600
        chars.append(item)
    if chars:
        words.append(_make_word(chars, size, bold))
    return words


def _lines(words: tuple[Word, ...] | list[Word]) -> list[Line]:
    """Group words into physical lines by vertical overlap, each sorted left to right."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        mid = (word.top + word.bottom) / 2
        for line in reversed(lines[-4:]):
            top, bottom = line.top, line.bottom
            if top <= mid <= bottom and abs((top + bottom) / 2 - mid) < 0.3 * (bottom - top):
                line.words.append(word)
                break
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: line.mid)
    return lines


# --------------------------------------------------------------------------------------------------
# Tokens: words merged into cells ("€" + amount, amount + "%") and classified

_YEAR = r"(?:19[5-9]\d|20\d\d|2100)"
_MONTHS = r"(?:jan|feb|mrt|maa|apr|mei|jun|jul|aug|sep|okt|nov|dec)[a-z]*\.?"
_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^({_YEAR})$"), "year"),
    (re.compile(rf"^({_YEAR})\s*[-–/]\s*({_YEAR})$"), "range"),
    (re.compile(rf"^({_YEAR})\s*[-–]?\s*([QqHh][1-4])$"), "part"),
    (re.compile(rf"^([QqHh][1-4])\s*[-–]?\s*({_YEAR})$"), "part_first"),
    (re.compile(rf"^\d{{1,2}}[-/.]\d{{1,2}}[-/.]({_YEAR}|\d\d)$"), "date"),
    (re.compile(rf"^\d{{1,2}}[-\s]{_MONTHS}[-\s]({_YEAR}|\d\d)$", re.IGNORECASE), "date"),
)
_DASHES = {"-", "–", "—", "€-", "€ -", "€–", "--", "n.v.t.", "nvt", "n.v.t"}
_NUMERIC_START = re.compile(r"^[<>≤≥]?[+\-−–]?(?:€\s?)?[+\-−–]?\d")


def period_of(text: str) -> str:
    """Normalised period of a period-like token ("2023", "2019-2022", "Q1 2023", "31-12-2024"), or ''."""
    text = text.strip()
    for pattern, kind in _PERIOD_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        try:
            if kind == "year":
                return normalise_period(m[1])
            if kind == "range":
                return normalise_period(f"{m[1]}-{m[2]}")
            if kind == "part":
                return normalise_period(f"{m[1]}-{m[2].upper()}")
            if kind == "part_first":
                return normalise_period(f"{m[2]}-{m[1].upper()}")
            year = m[1] if len(m[1]) == 4 else f"20{m[1]}"
            return normalise_period(year)
        except ValueError:
            return ""
    return ""


def parse_cell(text: str) -> float | None:
    """The value of a printed table cell, or None when it is not a single figure."""
    text = text.strip()
    if not text or not _NUMERIC_START.match(text):
        return None
    core = text[:-1] if text.endswith(",") and not text.endswith(",-") else text
    try:
        return parse_dutch_number(core)
    except ValueError:
        return None


@dataclass(slots=True)
class Tok:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    kind: str  # "num", "period", "dash" or "text"
    value: float | None = None
    period: str = ""
    cand: bool = False  # stands apart from its neighbours (a cell of an aligned table)

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def is_cell(self) -> bool:
        return self.kind != "text"


def _classify(text: str) -> tuple[str, float | None, str]:
    if text in _DASHES:
        return "dash", None, ""
    period = period_of(text)
    if period:
        value = parse_cell(text)
        return "period", value, period
    value = parse_cell(text)
    if value is not None:
        return "num", value, ""
    return "text", None, ""


def _tokens(line: Line) -> list[Tok]:
    words = line.words
    out: list[Tok] = []
    i = 0
    while i < len(words):
        w = words[i]
        text, x1, j = w.text, w.x1, i + 1
        size = w.size
        if text in ("€", "EUR") and j < len(words) and words[j].x0 - x1 < 0.8 * size \
                and (parse_cell(words[j].text) is not None or words[j].text in ("-", "–")) or re.fullmatch(r"[QqHh][1-4]", text) and j < len(words) and re.fullmatch(_YEAR, words[j].text) \
                and words[j].x0 - x1 < 0.8 * size:
            text, x1, j = f"{text} {words[j].text}", words[j].x1, j + 1
        if j < len(words) and words[j].text == "%" and words[j].x0 - x1 < 0.6 * size \
                and parse_cell(text) is not None:
            text, x1, j = f"{text} %", words[j].x1, j + 1
        kind, value, period = _classify(text)
        top = min(words[k].top for k in range(i, j))
        bottom = max(words[k].bottom for k in range(i, j))
        out.append(Tok(text, w.x0, x1, top, bottom, size, w.bold, kind, value, period))
        i = j
    for k, tok in enumerate(out):
        if not tok.is_cell:
            continue
        wide = 0.75 * tok.size
        left_ok = k == 0 or tok.x0 - out[k - 1].x1 >= wide
        right_ok = k == len(out) - 1 or out[k + 1].x0 - tok.x1 >= wide
        tok.cand = left_ok and right_ok
    return out


# --------------------------------------------------------------------------------------------------
# Grids: the common shape of a table before it becomes figure rows


@dataclass(slots=True)
class GridRow:
    label: str
    cells: list[str]  # one per column, "" = empty
    group: str = ""
    extra: str = ""  # other text columns of the stub ("Financier: X")


@dataclass(slots=True)
class TableGrid:
    page: int
    title: str
    columns: list[str]
    rows: list[GridRow]
    layout: str
    context: str = ""  # stub header, spanning headers, notes: where a unit or scale may be stated
    section: str = ""
    periods: list[str] = field(default_factory=list)  # per column, from spanning headers
    skipped: list[str] = field(default_factory=list)  # warnings about rows that could not be placed
    stub_header: str = ""  # the header text above the row labels ("Bedragen x € 1.000", "Gemeente")
    slug: str = ""
    continued: bool = False  # continues the previous page's table (same header)
    x0: float = 0.0
    x1: float = 0.0
    prior_totals: list[list[float | None]] = field(default_factory=list)  # totals of the part(s) above
    linked: bool = False  # a further part of the table above it on the page (split by a repeated header)


# --------------------------------------------------------------------------------------------------
# Small text helpers

_CAPTION_LINE = re.compile(r"^(?:tabel|table)\s*\d+[a-z]?\b", re.IGNORECASE)
_FIGURE_CAPTION = re.compile(r"^(?:grafiek|figuur|figure|diagram)\s*\d+[a-z]?\b", re.IGNORECASE)
_HEADING_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+\S|^\d{1,2}\.\s+\S")
_SCALE_THOUSAND = re.compile(
    r"(?:x|\*|×)\s*(?:€|eur(?:o)?)?\s*1[.\s]?000\b(?![.,]\d)|\bin\s+(?:duizenden|€\s*1[.\s]?000)\b|"
    r"(?:€|eur(?:o)?)\s*(?:x|\*|×)\s*1[.\s]?000\b(?![.,]\d)|\bduizenden\s+euro",
    re.IGNORECASE,
)
_SCALE_MILLION = re.compile(
    r"(?:x|\*|×)\s*(?:€|eur(?:o)?)?\s*(?:1[.\s]?000[.\s]?000|1\s*(?:mln|miljoen))\b|\bin\s+miljoenen\b|"
    r"\(?(?:€|eur(?:o)?)\s*(?:mln|miljoen)\)?|\bmiljoenen\s+euro",
    re.IGNORECASE,
)
_EURO = re.compile(r"€|\beur(?:o)?\b|\bbedragen\b", re.IGNORECASE)
_FTE = re.compile(r"\bfte(?:['’]?s)?\b", re.IGNORECASE)
_PERCENT = re.compile(r"%|\bprocent\b|\bpercentage\b", re.IGNORECASE)
_CHANGE = re.compile(r"\b(?:verschil|daling|stijging|groei|toename|afname|mutatie|ontwikkeling|verandering)\b",
                     re.IGNORECASE)
_PCT_LABEL = re.compile(r"(?:^|[\s(\[])%(?:$|[\s)\]])|\bin\s+procent\b|\bpercentage\b", re.IGNORECASE)
_TOTAL = re.compile(r"\b(?:sub)?totaa?l\b|^totale\b|^som\b|\bgeneraal\b", re.IGNORECASE)


def _clean_label(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" :;*")
    return text


def _subject(label: str) -> str:
    """Row label without a unit hint and footnote marks."""
    text = _UNIT_HINT.sub(" ", label)
    text = re.sub(r"\s+", " ", text).strip(" :;*")
    return text or label


def _is_total(label: str) -> bool:
    return bool(_TOTAL.search(fold(label)))


def _content_words(text: str) -> list[str]:
    text = _UNIT_HINT.sub(" ", text)
    return re.findall(r"[^\W\d_]{2,}", text)


def _measure_from(label: str) -> str:
    """snake_case measure of a column label without its period(s) and unit hints."""
    words = [w for w in re.split(r"\s+", label) if w and not period_of(w.strip("()[],:"))]
    text = " ".join(words)
    text = re.sub(rf"\b{_YEAR}\b", " ", text)
    return slug(text)


def _label_period(label: str) -> str:
    """The period a column or row label names: the last period-like token in it ('' if none)."""
    words = label.replace("(", " ").replace(")", " ").split()
    found = ""
    i = 0
    while i < len(words):
        pair = " ".join(words[i:i + 2])
        p = period_of(pair) if i + 1 < len(words) else ""
        if p and "-" in p and not period_of(words[i]):
            found, i = p, i + 2
            continue
        if p := period_of(words[i].strip(".,:;")):
            found = p
        i += 1
    return found


def _scale_of(text: str) -> str:
    if _SCALE_MILLION.search(text):
        return "1000000"
    if _SCALE_THOUSAND.search(text):
        return "1000"
    return ""


# --------------------------------------------------------------------------------------------------
# Aligned tables


class _DSU:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _cluster_columns(cells: list[tuple[int, Tok]], tol: float = 2.5) -> list[list[tuple[int, Tok]]]:
    """Group cell tokens of different lines that overlap in x and share an edge or centre."""
    order = sorted(range(len(cells)), key=lambda k: cells[k][1].x0)
    dsu = _DSU(len(cells))
    for a_pos, a in enumerate(order):
        la, ta = cells[a]
        for b in order[a_pos + 1:]:
            lb, tb = cells[b]
            if tb.x0 >= ta.x1:
                break
            if la == lb:
                continue
            if abs(ta.x1 - tb.x1) <= tol or abs(ta.x0 - tb.x0) <= tol or abs(ta.mid - tb.mid) <= tol:
                dsu.union(a, b)
    groups: dict[int, list[tuple[int, Tok]]] = {}
    for k in range(len(cells)):
        groups.setdefault(dsu.find(k), []).append(cells[k])
    out = []
    for members in groups.values():
        lines = {li for li, _ in members}
        if len(lines) < 2 or len(lines) != len(members):
            # two cells of one line in one column: not a column (a wide cell spans two of them)
            if len(lines) >= 2 and len(lines) != len(members):
                by_line: dict[int, list[tuple[int, Tok]]] = {}
                for m in members:
                    by_line.setdefault(m[0], []).append(m)
                if sum(len(v) > 1 for v in by_line.values()) * 4 > len(by_line):
                    continue
                members = [v[0] for v in by_line.values() if len(v) == 1]
                if len(members) < 2:
                    continue
            else:
                continue
        out.append(sorted(members, key=lambda m: m[0]))
    return out


@dataclass(slots=True)
class _Col:
    cells: dict[int, Tok]  # line index -> token

    @property
    def x0(self) -> float:
        return min(t.x0 for t in self.cells.values())

    @property
    def x1(self) -> float:
        return max(t.x1 for t in self.cells.values())


def _overlaps(x0: float, x1: float, a: float, b: float) -> bool:
    return min(x1, b) - max(x0, a) > 0.5


def _phrases(words: list[Word], size: float) -> list[list[Word]]:
    """Split a line's words into phrases at gaps wider than about two spaces."""
    out: list[list[Word]] = []
    for w in words:
        if out and w.x0 - out[-1][-1].x1 < 0.75 * size:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


@dataclass(slots=True)
class _PageLayout:
    """Per-page state shared by the table finders."""

    number: int
    lines: list[Line]
    toks: list[list[Tok]]
    body_size: float
    headings: dict[int, str]  # line index -> heading text
    used: set[int] = field(default_factory=set)


def _body_size(lines: list[Line]) -> float:
    sizes = Counter(round(w.size, 1) for line in lines for w in line.words for _ in range(len(w.text)))
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _detect_headings(lines: list[Line], body: float) -> dict[int, str]:
    found: dict[int, str] = {}
    # on a page with styled headings (bold or larger), a plain numbered line is a list item
    styled = any(line.size >= 1.15 * body and len(line.words) <= 12 for line in lines[1:])
    for i, line in enumerate(lines):
        first = _phrases(line.words, 2.5 * body)[0]  # a heading in the left column of a two-column page
        line = Line(first)
        text = line.text.strip()
        words = text.split()
        if not 1 <= len(words) <= 12 or text.endswith((".", ",", ";")) or len(text) < 3:
            continue
        if not re.search(r"[^\W\d_]{3,}", text):
            continue
        bigger = line.size >= 1.15 * body
        numbered = bool(_HEADING_NUMBER.match(text)) and words[1][:1].isupper()
        if (bigger and (line.bold or len(words) <= 8)) or (
                numbered and (line.bold or bigger or (not styled and len(words) <= 10))):
            found[i] = text
    return found


def _aligned_grids(layout: _PageLayout) -> list[tuple[TableGrid, int, int]]:
    """Tables whose figures stand in x-aligned columns. Returns (grid, first line, last line)."""
    toks = layout.toks
    cells = [(li, t) for li, ts in enumerate(toks) for t in ts if t.cand and t.is_cell]
    if len(cells) < 3:
        return []
    columns = [_Col({li: t for li, t in members}) for members in _cluster_columns(cells)]
    if not columns:
        return []
    # Tables: columns that share a line belong together.
    dsu = _DSU(len(columns))
    by_line: dict[int, list[int]] = {}
    for ci, col in enumerate(columns):
        for li in col.cells:
            by_line.setdefault(li, []).append(ci)
    for members in by_line.values():
        for ci in members[1:]:
            dsu.union(members[0], ci)
    comps: dict[int, list[int]] = {}
    for ci in range(len(columns)):
        comps.setdefault(dsu.find(ci), []).append(ci)
    results: list[tuple[TableGrid, int, int]] = []
    for comp in comps.values():
        comp_cols = [columns[ci] for ci in comp]
        others = [c for k, c in enumerate(columns) if k not in comp]
        prior: TableGrid | None = None
        for run in _runs(layout, comp_cols):
            built = _build_aligned(layout, run, others)
            if built:
                grid = built[0]
                if prior is not None and len(prior.columns) == len(grid.columns):
                    # a table split by a repeated header: its totals may add up the parts above
                    grid.linked = True
                    grid.prior_totals = prior.prior_totals + [
                        [parse_cell(c) for c in r.cells] for r in prior.rows if _is_total(r.label)
                    ]
                prior = grid
                results.append(built)
    return results


def _has_text_left(lines: list[Line], col: _Col) -> bool:
    return any(
        any(w.x1 < tok.x0 - 1 and parse_cell(w.text) is None for w in lines[li].words)
        for li, tok in col.cells.items()
    )


def _runs(layout: _PageLayout, cols: list[_Col]) -> list[list[int]]:
    """Split the lines of one column group into runs at lines of text across the columns."""
    lines = layout.lines
    labelled = [c for c in cols if _has_text_left(lines, c)] or cols  # code columns ("1a", "2") are stub
    hull0, hull1 = min(c.x0 for c in labelled), max(c.x1 for c in cols)
    own: set[int] = set()
    for c in cols:
        own |= set(c.cells)
    first, last = min(own), max(own)
    runs: list[list[int]] = []
    current: list[int] = []
    has_data = False
    last_bottom = lines[first].top
    for li in range(first, last + 1):
        in_cols = li in own
        if current and lines[li].top - last_bottom > 5 * layout.body_size:
            runs.append(current)
            current, has_data = [], False
        if in_cols:
            kinds = {c.cells[li].kind for c in cols if li in c.cells}
            period_only = kinds <= {"period"}
            if period_only and has_data:
                runs.append(current)
                current, has_data = [], False
            current.append(li)
            has_data = has_data or not period_only
            last_bottom = lines[li].bottom
            continue
        if any(w.x1 <= hull1 for w in lines[li].words):
            last_bottom = max(last_bottom, lines[li].bottom)
        crossing = [w for w in lines[li].words if _overlaps(w.x0, w.x1, hull0, hull1)]
        if crossing and current and has_data:
            runs.append(current)
            current, has_data = [], False
    if current:
        runs.append(current)
    return [r for r in runs if r]


def _build_aligned(
    layout: _PageLayout, run: list[int], all_columns: list[_Col]
) -> tuple[TableGrid, int, int] | None:
    lines, toks = layout.lines, layout.toks
    run_set = set(run)
    cells = [(li, t) for li in run for t in toks[li] if t.cand and t.is_cell]
    cols = [_Col({li: t for li, t in m}) for m in _cluster_columns(cells)]
    if not cols:
        return None
    cols.sort(key=lambda c: c.x0)
    top_line, bottom_line = min(run), max(run)
    # Left boundary: a table standing to the left on the same lines (side by side).
    left_bound = 0.0
    for other in all_columns:  # columns of other tables (not code columns of this one)
        if other.x1 < cols[0].x0 - 1 and any(top_line <= li <= bottom_line for li in other.cells) \
                and _has_text_left(lines, other):
            left_bound = max(left_bound, other.x1 + 1)

    def stub_words(li: int, limit: float) -> list[Word]:
        return [w for w in lines[li].words if w.x0 >= left_bound and w.x1 <= limit - 1]

    # Leading code columns ("0.1", "2"): no text to their left on any line -> part of the label.
    while cols:
        c = cols[0]
        if any(stub_words(li, c.cells[li].x0) for li in c.cells):
            break
        nxt = cols[1].x0 if len(cols) > 1 else float("inf")
        followed = sum(
            any(w.x0 >= c.cells[li].x1 and w.x1 <= nxt - 1 and parse_cell(w.text) is None for w in lines[li].words)
            for li in c.cells
        )
        if followed * 2 < len(c.cells):
            break
        cols.pop(0)
    # A column of figures, not of bullets or years only.
    cols = [c for c in cols if any(t.kind == "num" for t in c.cells.values())
            or sum(t.kind == "period" for t in c.cells.values()) < len(c.cells) - 1]
    if not cols:
        return None
    first_left = cols[0].x0
    col_lines = {li for c in cols for li in c.cells}
    # Header lines inside the run: period-only lines before the first data line.
    header_lines: list[int] = []
    data_lines: list[int] = []
    for li in sorted(col_lines):
        kinds = {c.cells[li].kind for c in cols if li in c.cells}
        if kinds <= {"period"} and not data_lines:
            header_lines.append(li)
        elif kinds & {"num", "period"}:
            data_lines.append(li)
    if not data_lines:
        return None
    # Header zone above: compact lines of short text within the table's width.
    right_edge = cols[-1].x1 + 3 * layout.body_size
    first_row = min(data_lines)
    last_row = max(data_lines)

    def in_table(li: int) -> list[Word]:
        return [w for w in lines[li].words if w.x0 >= left_bound - 1 and w.x1 <= right_edge]

    def stub_only(li: int) -> bool:
        words = [w for w in in_table(li) if w.x0 < cols[-1].x1]  # text right of the figures is ignored
        return bool(words) and all(w.x1 <= first_left - 1 for w in words)

    def near_row(li: int, rows_: list[int]) -> bool:
        return any(abs(lines[d].mid - lines[li].mid) <= 0.75 * lines[li].size for d in rows_)

    # Walk up from the first row (or the period line): compact lines of short text.
    start = min(header_lines) if header_lines else first_row
    cand_lines: list[int] = []
    li = start - 1
    prev_top = lines[start].top
    while li >= 0 and start - li <= 12:
        words = in_table(li)
        if not words:
            li -= 1
            continue
        gap = prev_top - max(w.bottom for w in words)
        limit = (3.5 if not cand_lines else 2.2) * lines[li].size
        text = _text(words)
        if gap > limit or li in layout.headings or _CAPTION_LINE.match(text):
            break
        if any(t.kind == "num" and t.cand and t.x1 > first_left for t in toks[li]):
            break  # a row of another table
        if len(words) > 14 or any(len(p) > 8 for p in _phrases(words, layout.body_size)):
            break
        if _ends_sentence(text) and len(words) >= 4:
            break
        cand_lines.insert(0, li)
        prev_top = min(w.top for w in words)
        li -= 1
    between_lines = [x for x in range(start + 1, first_row) if x not in header_lines and in_table(x)]
    col_header = [x for x in cand_lines + between_lines
                  if any(w.x1 > first_left - 1 and w.x0 < cols[-1].x1 + layout.body_size for w in in_table(x))]
    band = col_header + header_lines
    label_above: list[int] = []
    if band:
        band_top, band_bottom = min(band), max(band)
        for x in cand_lines + between_lines:
            close = lines[band_top].top - lines[x].bottom < 0.5 * lines[x].size
            if band_top <= x <= band_bottom or (x == band_top - 1 and stub_only(x) and close):
                header_lines.append(x)
            elif x > band_bottom:
                label_above.append(x)
    header_lines = sorted(set(header_lines))
    # header words over columns without figures are no stub header ("2023 2024" above empty columns)
    stub_right = max((w.x1 for x in data_lines for w in stub_words(x, first_left)), default=first_left)
    ghosts = [(t.x0, t.x1) for hl in header_lines for t in toks[hl]
              if t.kind == "period" and stub_right < t.x0 and t.x1 < first_left - 1]
    header_words = [(hl, [w for w in in_table(hl) if not any(_overlaps(w.x0, w.x1, a - 2, b + 2) for a, b in ghosts)])
                    for hl in header_lines]
    col_labels, stub_header, spanning, col_periods = _assign_header(header_words, cols, layout.body_size,
                                                                    first_left)
    if not any(col_labels):
        return None
    stub_cols = _stub_columns(header_words, first_left, layout.body_size)
    stub_x0 = min((w.x0 for x in data_lines for w in stub_words(x, first_left)), default=first_left)

    def label_col(ll: int) -> bool:
        """The line has text in the stub's first (label or code) column."""
        words = stub_words(ll, first_left)
        if not stub_cols:
            return any(w.x0 <= stub_x0 + 2 * layout.body_size for w in words)
        bound = stub_cols[1][0] if len(stub_cols) > 1 else first_left
        if len(stub_cols) > 2 and all(_CODE.fullmatch(w.text) for x in data_lines for w in stub_words(x, first_left)
                                      if w.x1 <= stub_cols[1][0] - 1):
            bound = stub_cols[2][0]  # first column holds codes; the label is the next one
        return any(w.x0 < bound - 1 for w in words)

    # Rows: data lines with their label; label-only lines are continuations or group headings.
    below = last_row + 1
    while below < len(lines) and (not in_table(below) or (stub_only(below) and near_row(below, [last_row]))):
        if not in_table(below) and lines[below].top - lines[last_row].bottom > 2 * layout.body_size:
            break
        below += 1
    label_lines = sorted(set([
        x for x in range(first_row, below)
        if x not in col_lines and x not in header_lines and stub_only(x)
    ] + label_above))
    attached: dict[int, list[int]] = {x: [] for x in data_lines}
    loose: list[int] = []
    for ll in label_lines:
        nearest = min(data_lines, key=lambda d: abs(lines[d].mid - lines[ll].mid))
        if abs(lines[nearest].mid - lines[ll].mid) <= 1.1 * lines[ll].size or not label_col(ll):
            attached[nearest].append(ll)  # part of the row's (multi-line) label cells
        elif ll < last_row:
            loose.append(ll)
    rows: list[GridRow] = []
    group = ""
    prev_data = -1
    for li in sorted(data_lines):
        between = [ll for ll in loose if prev_data < ll < li]
        parts = sorted(attached[li] + [li])
        own_text = _text(stub_words(li, first_left))
        if not own_text and not attached[li] and between:
            # values on a line of their own: the label lines just above are theirs
            parts, between = between, []
        elif between and _continues(own_text) and lines[li].top - lines[between[-1]].bottom < 1.5 * lines[li].size:
            parts, between = [between[-1]] + parts, between[:-1]  # label wrapped onto the values line
        if between:
            group = _clean_label(" ".join(_text(stub_words(ll, first_left)) for ll in between))
        prev_data = li
        label, extra = _stub_label([stub_words(x, first_left) for x in parts], layout.body_size, stub_cols)
        cells_text = [c.cells[li].text if li in c.cells else "" for c in cols]
        rows.append(GridRow(_clean_label(label), cells_text, group, extra))
    # a table labels its rows: lists of loose figures (score cards, chart axes) do not
    if not rows or sum(bool(r.label) for r in rows) * 2 < len(rows):
        return None
    grid = TableGrid(
        page=layout.number,
        title="",
        columns=col_labels,
        rows=rows,
        layout="aligned",
        context=" ".join(x for x in (stub_header, " ".join(spanning)) if x),
        periods=col_periods,
        stub_header=stub_header,
    )
    grid_top = min(header_lines + label_above + [first_row])
    grid_bottom = max(data_lines + [ll for lls in attached.values() for ll in lls])
    for x in range(grid_top, grid_bottom + 1):
        if x in run_set or x in header_lines or x in label_lines or x in col_lines:
            layout.used.add(x)
    grid.x0, grid.x1 = stub_x0, cols[-1].x1
    return grid, grid_top, grid_bottom


def _continues(text: str) -> bool:
    """Text that continues a label from the line above: starts in lower case or with a bracket."""
    return bool(text) and (text[0].islower() or text[0] in "(=")


_CODE = re.compile(r"[\dA-Za-z]{1,3}(?:\.\d{1,2})*[a-z]?\.?")


def _stub_columns(header_words: list[tuple[int, list[Word]]], first_left: float, size: float) -> list[tuple[float, float]]:
    """x-ranges of the text columns of the stub, from the stub header ("Omschrijving | Financier")."""
    spans: list[list[float]] = []
    for _, words in header_words:
        stub = [w for w in words if w.x1 <= first_left - 1]
        for p in _phrases(stub, 0.6 * size):
            x0, x1 = p[0].x0, p[-1].x1
            for sp in spans:
                if _overlaps(x0, x1, sp[0], sp[1]):
                    sp[0], sp[1] = min(sp[0], x0), max(sp[1], x1)
                    break
            else:
                spans.append([x0, x1])
    spans.sort()
    return [(a, b) for a, b in spans] if len(spans) >= 2 else []


def _stub_label(lines_words: list[list[Word]], size: float,
                stub_cols: list[tuple[float, float]] | None = None) -> tuple[str, str]:
    """Label of a row from its stub lines; further text columns of the stub become `extra`."""
    lines_words = [ws for ws in lines_words if ws]
    if not lines_words:
        return "", ""
    if stub_cols:
        columns: list[list[str]] = [[] for _ in stub_cols]
        for ws in lines_words:
            for p in _phrases(ws, 0.9 * size):
                x0, x1 = p[0].x0, p[-1].x1
                overlap = [min(x1, b) - max(x0, a) for a, b in stub_cols]
                k = max(range(len(stub_cols)), key=lambda j: overlap[j])
                if overlap[k] <= 0:
                    mid = (x0 + x1) / 2
                    k = min(range(len(stub_cols)), key=lambda j: abs((stub_cols[j][0] + stub_cols[j][1]) / 2 - mid))
                columns[k].append(_text(p))
        texts = [" ".join(c) for c in columns]
        if len(texts) > 1 and texts[0] and _CODE.fullmatch(texts[0]):
            texts = [f"{texts[0]} {texts[1]}".strip()] + texts[2:]  # a code column belongs to the label
        label = texts[0] or next((t for t in texts if t), "")
        return label, " | ".join(t for t in texts[1:] if t and t != label)
    # no stub header: text columns start where the phrases of the longest-split line start
    main = max(lines_words, key=lambda ws: len(_phrases(ws, 1.6 * size)))
    starts = [p[0].x0 for p in _phrases(main, 1.6 * size)]
    cols: list[list[str]] = [[] for _ in starts]
    for ws in lines_words:
        for w in ws:
            k = max([j for j, s in enumerate(starts) if w.x0 >= s - 2] or [0])
            cols[k].append(w.text)
    texts = [" ".join(c) for c in cols if c]
    if not texts:
        return "", ""
    if len(texts) > 1 and _CODE.fullmatch(texts[0]):
        texts = [f"{texts[0]} {texts[1]}"] + texts[2:]  # a code column ("1a", "0.1") belongs to the label
    return texts[0], " | ".join(texts[1:])


def _assign_header(
    header_words: list[tuple[int, list[Word]]], cols: list[_Col], size: float, first_left: float
) -> tuple[list[str], str, list[str], list[str]]:
    """Column labels (joined top to bottom), stub header, spanning headers and per-column periods."""
    n = len(cols)
    parts: list[list[str]] = [[] for _ in range(n)]
    periods = ["" for _ in range(n)]
    stub: list[str] = []
    spanning: list[str] = []
    bounds = []
    for k, c in enumerate(cols):
        lo = (cols[k - 1].x1 + c.x0) / 2 if k else c.x0 - 3 * size
        hi = (c.x1 + cols[k + 1].x0) / 2 if k + 1 < n else c.x1 + size
        bounds.append((lo, hi))
    for _, words in header_words:
        phrases = _phrases(words, size)
        for phrase in phrases:
            x0, x1 = phrase[0].x0, phrase[-1].x1
            text = _text(phrase)
            if x1 <= first_left - 1:
                stub.append(text)
                continue
            inside = [k for k, (lo, hi) in enumerate(bounds) if x0 >= lo - 1 and x1 <= hi + 1]
            if not inside:  # wider than its column but aligned with its right or left edge
                inside = [k for k, c in enumerate(cols)
                          if (abs(x1 - c.x1) <= 2 and x0 > (cols[k - 1].x1 if k else -1e9))
                          or (abs(x0 - c.x0) <= 2 and x1 <= bounds[k][1] + 1)]
            if inside:
                parts[inside[0]].append(text)
                continue
            # phrases of one word per column ("2023 2024") split at single spaces in tight headers
            split = _split_by_columns(phrase, bounds)
            if split:
                for k, t in split:
                    parts[k].append(t)
                continue
            over = [k for k, (lo, hi) in enumerate(bounds) if _overlaps(x0, x1, lo, hi)]
            spanning.append(text)
            p = _label_period(text)
            if p and len(phrases) == 1:
                for k in range(n):
                    periods[k] = periods[k] or p
            elif p:
                for k in over:
                    periods[k] = periods[k] or p
    labels = [_clean_label(" ".join(p)) for p in parts]
    return labels, _clean_label(" ".join(stub)), spanning, periods


def _split_by_columns(phrase: list[Word], bounds: list[tuple[float, float]]) -> list[tuple[int, str]]:
    """Words of a phrase that each fall within one column's bounds, or [] when they don't."""
    out: dict[int, list[str]] = {}
    for w in phrase:
        ks = [k for k, (lo, hi) in enumerate(bounds) if w.x0 >= lo - 1 and w.x1 <= hi + 1]
        if not ks:
            return []
        out.setdefault(ks[0], []).append(w.text)
    if len(out) < 2:
        return []
    return [(k, " ".join(v)) for k, v in sorted(out.items())]


# --------------------------------------------------------------------------------------------------
# Text-line tables


@dataclass(slots=True)
class _RowLine:
    index: int
    label: list[Tok]
    values: list[Tok]
    kind: str  # "row", "periods" or "label"


def _row_line(index: int, toks: list[Tok]) -> _RowLine:
    k = len(toks)
    while k > 0 and toks[k - 1].is_cell:
        k -= 1
    values = toks[k:]
    label = toks[:k]
    if values and all(t.kind == "period" for t in values):
        return _RowLine(index, label, values, "periods")
    if values and any(t.kind in ("num", "period") for t in values):
        return _RowLine(index, label, values, "row")
    return _RowLine(index, toks, [], "label")


def _split_header(toks: list[Tok], n: int) -> tuple[str, list[str]] | None:
    """Partition header tokens into a stub header and n column labels, or None when ambiguous."""
    items: list[tuple[str, list[Tok]]] = []
    for t in toks:
        if t.kind == "period":
            items.append(("P", [t]))
        elif items and items[-1][0] == "G":
            items[-1][1].append(t)
        else:
            items.append(("G", [t]))

    def text(ts: list[Tok]) -> str:
        return " ".join(t.text for t in ts)

    k = sum(1 for kind, _ in items if kind == "P")
    if k == 0:
        words = toks
        if len(words) == n:
            return "", [t.text for t in words]
        if len(words) == n + 1:
            return words[0].text, [t.text for t in words[1:]]
        return None
    if k == n:
        p_pos = [i for i, (kind, _) in enumerate(items) if kind == "P"]
        if items[-1][0] == "G" and items[0][0] == "P":  # "2023 realisatie 2024 realisatie"
            labels = []
            for j, pos in enumerate(p_pos):
                end = p_pos[j + 1] if j + 1 < len(p_pos) else len(items)
                labels.append(" ".join(text(ts) for _, ts in items[pos:end]))
            return "", labels
        if items[-1][0] == "G":
            return None
        labels = []
        prefixes: list[list[Tok]] = []
        for j, pos in enumerate(p_pos):
            prev = items[pos - 1] if pos > 0 and items[pos - 1][0] == "G" else None
            prefixes.append(prev[1] if prev else [])
        stub: list[Tok] = []
        if len(p_pos) > 1 and prefixes[0]:
            m = len(prefixes[1])
            if m == 0:
                stub, prefixes[0] = prefixes[0], []
            elif len(prefixes[0]) > m:
                stub, prefixes[0] = prefixes[0][:-m], prefixes[0][-m:]
        for j, pos in enumerate(p_pos):
            labels.append(" ".join(x for x in (text(prefixes[j]), items[pos][1][0].text) if x))
        return text(stub), labels
    if k < n:
        if len(items) == n:
            return "", [text(ts) for _, ts in items]
        if len(items) == n + 1 and items[0][0] == "G":
            return text(items[0][1]), [text(ts) for _, ts in items[1:]]
    return None


def _text_line_grids(layout: _PageLayout, previous: TableGrid | None) -> list[tuple[TableGrid, int, int]]:
    lines, toks = layout.lines, layout.toks
    rls = [_row_line(i, toks[i]) for i in range(len(lines))]
    results: list[tuple[TableGrid, int, int]] = []
    i = 0
    n_lines = len(lines)
    pitch = _line_pitch(lines)
    while i < n_lines:
        if i in layout.used or rls[i].kind != "row" or i in layout.headings:
            i += 1
            continue
        # A block: rows and short label lines; it ends at prose or a heading.
        start = i
        # a first row of figures only: its label is on the short lines directly above
        while not rls[i].label and start - 1 >= 0 and rls[start - 1].kind == "label" \
                and start - 1 not in layout.used and _short_label(rls[start - 1]) and i - (start - 1) <= 3 \
                and start - 1 not in layout.headings and not any(t.is_cell for t in toks[start - 1]):
            start -= 1
        block: list[int] = []
        j = start
        labels_run = 0
        while j < n_lines and j not in layout.used and j not in layout.headings:
            rl = rls[j]
            if rl.kind == "row" and len(rl.label) <= 12:
                block.append(j)
                labels_run = 0
            elif rl.kind == "label" and _short_label(rl) and labels_run < 3:
                block.append(j)
                labels_run += 1
            else:
                break
            if len(block) > 1 and lines[j].top - lines[block[-2]].bottom > 3.5 * pitch:
                block.pop()
                break
            j += 1
        while block and rls[block[-1]].kind != "row":
            block.pop()
        rows_idx = [b for b in block if rls[b].kind == "row"]
        if not rows_idx:
            i = max(i + 1, j)
            continue
        counts = Counter(len(rls[b].values) for b in rows_idx)
        n = max(counts)
        full = [b for b in rows_idx if len(rls[b].values) == n]
        # header: the lines right above the block (wrapped lines of one header paragraph)
        header_idx: list[int] = []
        h = block[0] - 1
        while h >= 0 and h not in layout.used and len(header_idx) < 3:
            rl = rls[h]
            below = lines[header_idx[0]] if header_idx else lines[block[0]]
            gap = below.top - lines[h].bottom
            limit = 2.6 * pitch if not header_idx else 0.6 * pitch
            if gap > limit or rl.kind == "row" or h in layout.headings or _CAPTION_LINE.match(lines[h].text):
                break
            if len(toks[h]) > 16 or _ends_sentence(lines[h].text):
                break
            header_idx.insert(0, h)
            h -= 1
        split = None
        if header_idx:
            candidates = [header_idx, header_idx[-1:]] if len(header_idx) > 1 else [header_idx]
            for hidx in candidates:
                htoks = [t for hi in hidx for t in toks[hi]]
                n_periods = sum(t.kind == "period" for t in htoks)
                for n_try in dict.fromkeys([n, n_periods]):
                    if n_try >= max(n, 2):
                        split = _split_header(htoks, n_try)
                        if split is not None:
                            n, header_idx = n_try, hidx
                            full = [b for b in rows_idx if len(rls[b].values) == n]
                            break
                if split is not None:
                    break
        continued = False
        if split is None and previous is not None and previous.layout == "text-lines" \
                and len(previous.columns) == n and _at_page_top(layout, block[0]):
            split = (previous.stub_header, list(previous.columns))
            continued = True
            header_idx = []
        ok = n >= 2 and split is not None and (len(full) >= 2 or any(
            _label_period(lbl) for lbl in split[1]))
        if not ok:
            i = max(i + 1, j)
            continue
        stub_header, labels = split
        if header_idx:
            labels = _group_repeated(labels, layout, header_idx[0], pitch)
        rows: list[GridRow] = []
        skipped: list[str] = []
        pending: list[str] = []
        for b in block:
            rl = rls[b]
            if rl.kind == "label":
                pending.append(" ".join(t.text for t in rl.label))
                continue
            own = " ".join(t.text for t in rl.label)
            label = _clean_label(own if own else " ".join(pending))
            pending = []
            if len(rl.values) != n:
                printed = " ".join(t.text for t in rl.values)
                skipped.append(
                    f"p. {layout.number}: rij '{label}' heeft {len(rl.values)} waarde(n) voor {n} kolommen "
                    f"({printed}); niet toegewezen"
                )
                continue
            rows.append(GridRow(label, [t.text for t in rl.values]))
        grid = TableGrid(
            page=layout.number, title="", columns=[_clean_label(x) for x in labels], rows=rows,
            layout="text-lines", context=stub_header, skipped=skipped,
        )
        grid.stub_header = stub_header
        if continued and previous is not None:
            grid.title = previous.title
            grid.context = previous.context
            grid.continued = True
        top = header_idx[0] if header_idx else block[0]
        for x in range(top, block[-1] + 1):
            layout.used.add(x)
        results.append((grid, top, block[-1]))
        i = block[-1] + 1
    return results


def _ends_sentence(text: str) -> bool:
    """Ends with a full stop that is not the end of an abbreviation ("t.o.v.", "ca.")."""
    text = text.rstrip()
    if text.endswith(("?", "!", ";")):
        return True
    if not text.endswith("."):
        return False
    last = text.split()[-1][:-1] if text.split() else ""
    return "." not in last and len(last) > 3


def _group_repeated(labels: list[str], layout: _PageLayout, header_top: int, pitch: float) -> list[str]:
    """Repeated period runs ("2016 2017 2018 2016 2017 2018") take their group labels from the line above
    the header ("Voor correctie | Na correctie"): its last capitalised phrases, one per run."""
    periods = [_label_period(x) if x == _label_period(x) else "" for x in labels]
    runs: list[list[int]] = []
    for k, p in enumerate(periods):
        if p and runs and runs[-1] and periods[runs[-1][-1]] and p > periods[runs[-1][-1]] and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        elif p:
            runs.append([k])
    seqs = [tuple(periods[k] for k in r) for r in runs]
    repeated = [r for r, q in zip(runs, seqs) if len(r) > 1 and seqs.count(q) > 1]
    if len(repeated) < 2 or header_top == 0:
        return labels
    above = layout.lines[header_top - 1]
    if layout.lines[header_top].top - above.bottom > 2.6 * pitch or header_top - 1 in layout.used:
        return labels
    words = above.text.split()
    segments: list[list[str]] = []
    for w in words:
        if w[:1].isupper() or not segments:
            segments.append([w])
        else:
            segments[-1].append(w)
    segments = [s for s in segments if s[0][:1].isupper()]
    if len(segments) < len(repeated):
        return labels
    out = list(labels)
    for run, seg in zip(repeated, segments[-len(repeated):]):
        for k in run:
            out[k] = f"{' '.join(seg)} {labels[k]}"
    return out


def _short_label(rl: _RowLine) -> bool:
    text = " ".join(t.text for t in rl.label)
    return 0 < len(rl.label) <= 8 and not _ends_sentence(text) and "http" not in text


def _line_pitch(lines: list[Line]) -> float:
    gaps = [round(b.top - a.top, 1) for a, b in pairwise(lines) if 2 < b.top - a.top < 40]
    if not gaps:
        return 12.0
    return Counter(gaps).most_common(1)[0][0]


def _at_page_top(layout: _PageLayout, index: int) -> bool:
    """The line is among the first content lines of the page (after a running header)."""
    content = [i for i in range(index) if i not in layout.headings and len(layout.lines[i].words) > 0]
    return len(content) <= 2


# --------------------------------------------------------------------------------------------------
# Titles


def _title_above(layout: _PageLayout, top: int, x0: float, x1: float) -> str:
    """A short title line (or two-line paragraph) right above a table, else ''."""
    lines = layout.lines
    li = top - 1
    limit = top - 4
    while li >= 0 and li >= limit:
        line = lines[li]
        gap = lines[top].top - line.bottom
        if gap > 5 * layout.body_size:
            return ""
        words = [w for w in line.words if w.x0 >= x0 - 5 and w.x1 <= max(x1, x0 + 200) + 5]
        text = _text(words).strip()
        if not words or li in layout.used:
            li -= 1
            continue
        # a two-line title: the line above, close and short
        if li - 1 >= 0 and li - 1 not in layout.used:
            prev = lines[li - 1]
            ptext = _text([w for w in prev.words if w.x0 >= x0 - 5 and w.x1 <= max(x1, x0 + 200) + 5])
            if ptext and line.top - prev.bottom < 0.6 * layout.body_size and len(ptext.split()) <= 6 \
                    and not ptext.endswith((".", ";", ",")) and li - 1 not in layout.headings:
                text = f"{ptext} {text}"
        if _ends_sentence(text) or text.endswith(",") or len(text.split()) > 14 \
                or (_scale_of(text) and len(text.split()) < 4):
            return ""
        if len(_phrases(words, 2.5 * layout.body_size)) > 1 or not re.match(r"[\W\d]*[A-ZÀ-Þ0-9]", text):
            return ""
        if not re.search(r"[^\W\d_]{3,}", text) or re.search(r"https?:|www\.", text) \
                or re.match(r"^\d+\s", text) or line.size < 0.9 * layout.body_size:
            return ""
        return _clean_label(text)
    return ""


# --------------------------------------------------------------------------------------------------
# Grid -> figure rows


def _unit_for(cell: str, column: str, row_label: str, context: str) -> tuple[str, str]:
    """(unit, source) of one cell: the cell's own sign, then row, column and table context."""
    if "%" in cell:
        return "%", "cell"
    for text in (row_label, column):
        if not text:
            continue
        scale = _scale_of(text)
        if scale:
            return ("EUR x " + scale) if (_EURO.search(text) or "€" in cell) else f"x {scale}", "label"
        if _PCT_LABEL.search(text):
            return "%", "label"
        if _FTE.search(text):
            return "fte", "label"
    if "€" in cell:
        scale = _scale_of(context)
        return ("EUR x " + scale) if scale else "EUR", "cell"
    scale = _scale_of(context)
    if scale:
        return ("EUR x " + scale) if _EURO.search(context) or scale else f"x {scale}", "context"
    if _FTE.search(context):
        return "fte", "context"
    if re.search(r"\(\s*%\s*\)|\bin\s*%", context):
        return "%", "context"
    if re.search(r"\(\s*(?:€|eur(?:o)?)\s*\)", context, re.IGNORECASE):
        return "EUR", "context"
    return "aantal", "default"


@dataclass(slots=True)
class _Cell:
    row: int
    col: int
    printed: str
    value: float


def grid_figures(grid: TableGrid, document: str, table: str) -> tuple[list[FigureRow], list[str]]:
    """One FigureRow per numeric cell of a grid, plus warnings about totals that do not add up."""
    title = grid.title
    context = " ".join(x for x in (grid.context, title) if x)
    title_period = _label_period(title)
    stub_header = grid.stub_header
    measure_fallback = ""
    for source in (stub_header, title):
        if len(_content_words(source)) >= 2:
            measure_fallback = slug(caption_text(re.sub(rf"\b{_YEAR}\b", " ", source)), 50)
            if measure_fallback:
                break
    measure_fallback = measure_fallback or "waarde"
    out: list[FigureRow] = []
    cells: list[_Cell] = []
    col_periods = [_label_period(col) or (grid.periods[c] if c < len(grid.periods) else "")
                   for c, col in enumerate(grid.columns)]
    years = sorted({p for p in col_periods if re.fullmatch(r"\d{4}", p)})
    seen_measures: Counter[tuple[str, str]] = Counter()
    for c, column in enumerate(grid.columns):
        col_period = col_periods[c]
        if not col_period and len(years) == 2 and _CHANGE.search(column):
            col_period = f"{years[0]}-{years[1]}"  # "Daling %" between a 2014 and a 2017 column
        measure = _measure_from(column) or measure_fallback
        seen_measures[(measure, col_period)] += 1
        if seen_measures[(measure, col_period)] > 1:  # the same label twice: keep the columns apart
            measure = f"{measure}_{seen_measures[(measure, col_period)]}"
        for r, row in enumerate(grid.rows):
            printed = row.cells[c].strip() if c < len(row.cells) else ""
            if not printed or printed in _DASHES:
                continue
            value = parse_cell(printed)
            if value is None:
                continue
            period = col_period or _label_period(row.label) or title_period
            unit, _ = _unit_for(printed, column, row.label, context)
            subject = _subject(row.label) or row.group or stub_header or title
            note = f"{grid.layout} table p{grid.page}"
            group = " | ".join(x for x in (row.group, row.extra) if x)  # keeps same-named rows apart
            out.append(FigureRow(
                table=table, subject=subject, measure=measure, period=period, value=value, unit=unit,
                printed=printed, document=document, page=grid.page, group=group, note=note,
                origin="extracted", table_title=title, row_label=row.label, column_label=column,
            ))
            cells.append(_Cell(r, c, printed, value))
    warnings = list(grid.skipped)
    position = {(cell.row, cell.col): i for i, cell in enumerate(cells)}
    for warning, at in _check_totals(grid, cells, title or table):
        warnings.append(warning)
        if at in position:  # the total is kept as printed; whoever uses it sees the disagreement
            row = out[position[at]]
            out[position[at]] = row.model_copy(update={"note": f"{row.note}; {warning.split(': ', 1)[-1]}"})
    return out, warnings


def _fmt(value: float) -> str:
    return format_dutch_number(value)


def _check_totals(grid: TableGrid, cells: list[_Cell], name: str) -> list[tuple[str, tuple[int, int]]]:
    """Totals that differ from the sum of their parts: kept as printed, reported with both numbers (and the
    (row, column) of the total)."""
    warnings: list[tuple[str, tuple[int, int]]] = []
    value = {(c.row, c.col): c for c in cells}
    n_rows, n_cols = len(grid.rows), len(grid.columns)
    totals = [r for r, row in enumerate(grid.rows) if _is_total(row.label)]
    for t in totals:
        above = list(range(t))
        if not above:
            continue
        for c in range(n_cols):
            cell = value.get((t, c))
            if cell is None:
                continue
            candidates = _sum_candidates([(r, value.get((r, c))) for r in above], totals)
            prior = [p[c] for p in grid.prior_totals if c < len(p) and p[c] is not None]
            if prior:
                own = [value[(r, c)].value for r in totals if r < t and (r, c) in value]
                for k in range(len(prior)):
                    candidates.append((round(sum(prior[k:]) + sum(own), 6), len(prior) - k + len(own)))
            if not candidates or _FORMULA.search(grid.rows[t].label):
                continue
            if any(abs(s - cell.value) < 1e-6 for s, _ in candidates):
                continue
            best, count = min(candidates, key=lambda sc: (abs(sc[0] - cell.value), -sc[1]))
            if not _plausible(cell.value, best):
                continue  # far off: the parts of this total are not the rows above
            if grid.continued and not _within_rounding(cell, best, count):
                continue  # its parts may stand on the previous page
            if _within_rounding(cell, best, count) and "%" in cell.printed:
                continue
            tag = " (mogelijk afrondingsverschil)" if _within_rounding(cell, best, count) else ""
            column = f", kolom '{grid.columns[c]}'" if grid.columns[c] else ""
            warnings.append((
                (f"p. {grid.page}: {grid.rows[t].label} {cell.printed}{column} in '{name}' wijkt af van de som "
                f"van de {count} rijen erboven ({_fmt(best)}){tag}"), (t, c)
            ))
    # total columns: a column labelled Totaal equals the sum of the columns to its left
    for c in range(n_cols):
        if not _is_total(grid.columns[c]) or c == 0:
            continue
        for r in range(n_rows):
            cell = value.get((r, c))
            if cell is None:
                continue
            parts = [(k, value.get((r, k))) for k in range(c)]
            candidates = _sum_candidates(parts, [])
            if not candidates or any(abs(s - cell.value) < 1e-6 for s, _ in candidates):
                continue
            best, count = min(candidates, key=lambda sc: (abs(sc[0] - cell.value), -sc[1]))
            if _within_rounding(cell, best, count) and "%" in cell.printed or not _plausible(cell.value, best):
                continue
            tag = " (mogelijk afrondingsverschil)" if _within_rounding(cell, best, count) else ""
            warnings.append((
                (f"p. {grid.page}: {grid.columns[c]} {cell.printed} (rij '{grid.rows[r].label}') in '{name}' "
                f"wijkt af van de som van de {count} kolommen ervoor ({_fmt(best)}){tag}"), (r, c)
            ))
    return warnings


def _sum_candidates(parts: list[tuple[int, _Cell | None]], totals: list[int]) -> list[tuple[float, int]]:
    """Sums a total may stand for: runs of rows right above it, all detail rows, or the subtotals."""
    out: list[tuple[float, int]] = []
    idx = [i for i, c in parts]
    vals = {i: c.value for i, c in parts if c is not None}
    if not vals:
        return []
    # runs of rows right above the total (empty cells count as 0)
    s, figures = 0.0, 0
    for count, i in enumerate(reversed(idx), start=1):
        if i in vals:
            s += vals[i]
            figures += 1
        if figures >= 1 or count >= 2:
            out.append((round(s, 6), count))
    detail = [i for i in idx if i not in totals and i in vals]
    if len(detail) >= 2:
        out.append((round(sum(vals[i] for i in detail), 6), len(detail)))
    subs = [i for i in idx if i in totals and i in vals]
    if subs:
        s = 0.0
        for count, i in enumerate(reversed(subs), start=1):
            s += vals[i]
            if count >= 2:
                out.append((round(s, 6), count))
        # subtotals plus the detail rows after the last subtotal
        tail = [i for i in idx if i > subs[-1] and i in vals]
        if tail:
            out.append((round(sum(vals[i] for i in subs + tail), 6), len(subs) + len(tail)))
    return out


_FORMULA = re.compile(r"\(\s*\w{1,3}\s*[-+x×*/]\s*\w{1,3}\s*\)")


def _plausible(total: float, parts: float) -> bool:
    """A sum within 10% of the printed total: a discrepancy, not a total of other rows."""
    return abs(total - parts) <= 0.1 * max(abs(total), abs(parts))


def _within_rounding(cell: _Cell, total: float, count: int) -> bool:
    """|difference| at most half a unit of the last printed digit per summed figure."""
    digits = re.sub(r"[^\d,]", "", cell.printed)
    decimals = len(digits.split(",")[1]) if "," in digits else 0
    unit = 10 ** -decimals
    return abs(total - cell.value) <= 0.5 * unit * max(count, 1) + 1e-9


# --------------------------------------------------------------------------------------------------
# Page -> grids -> figure rows (pure)


def _check_printed(rows: list[FigureRow], page_text: str) -> tuple[list[FigureRow], int]:
    haystack = normalise_for_match(page_text)
    kept = [r for r in rows if normalise_for_match(r.printed) in haystack]
    return kept, len(rows) - len(kept)


def figures_from_page_words(
    pages: list[PageWords], document: str, page_texts: dict[int, str] | None = None,
    running_text: bool = True, places: PlaceFinder | None = None,
) -> ExtractionResult:
    """Pure core of `extract_figures`: tables (and running-text figures) from positioned words."""
    started = time.perf_counter()
    result = ExtractionResult(pages=len(pages))
    section = ""
    previous: TableGrid | None = None
    pending_caption: tuple[int, str] | None = None
    slugs: Counter[str] = Counter()
    for pw in pages:
        lines = _lines(pw.words)
        if not lines:
            continue
        toks = [_tokens(line) for line in lines]
        body = _body_size(lines)
        layout = _PageLayout(pw.number, lines, toks, body, _detect_headings(lines, body))
        page_text = (page_texts or {}).get(pw.number) or pw.text
        try:
            found = _aligned_grids(layout)
            found += _text_line_grids(layout, previous)
        except Exception as exc:  # noqa: BLE001 - one odd page must not cost the document its other tables
            result.warnings.append(f"p. {pw.number}: tabellen niet gelezen ({type(exc).__name__})")
            found = []
        found.sort(key=lambda g: g[1])
        captions = [(i, _clean_label(line.text)) for i, line in enumerate(lines) if _CAPTION_LINE.match(line.text)]
        used_captions: set[int] = set()
        page_rows: list[FigureRow] = []
        for grid, top, bottom in found:
            heading = ""
            for hi in sorted(layout.headings):
                if hi < top:
                    heading = layout.headings[hi]
            grid.section = heading or section
            same_as_previous = (
                previous is not None and grid.layout == "aligned" and grid.columns == previous.columns
                and grid.stub_header == previous.stub_header
            )
            if not grid.title:
                caption = next(((ci, text) for ci, text in reversed(captions) if ci < top
                                and ci not in used_captions), None)
                x0, x1 = (grid.x0, grid.x1) if grid.x1 else (
                    min(w.x0 for w in lines[top].words), max(line.x1 for line in lines[top:bottom + 1]))
                above = _title_above(layout, top, x0, x1)
                if caption:
                    used_captions.add(caption[0])
                    grid.title = caption[1]
                elif pending_caption and pw.number - pending_caption[0] <= 2 and not grid.continued:
                    grid.title = pending_caption[1]
                    pending_caption = None
                elif above:
                    grid.title = above
                elif same_as_previous and previous is not None and (grid.linked or _at_page_top(layout, top)):
                    grid.title = previous.title  # the same table after a repeated header or a page break
                    grid.continued = not grid.linked
                else:
                    stub_header = grid.stub_header
                    if not grid.title and len(_content_words(stub_header)) >= 2:
                        grid.title = _clean_label(_UNIT_HINT.sub(" ", stub_header))
                    if not grid.title:  # the data table printed with a chart
                        grid.title = next((_clean_label(lines[ci].text) for ci in range(top - 1, -1, -1)
                                           if _FIGURE_CAPTION.match(lines[ci].text)), "")
                    grid.title = grid.title or grid.section or f"tabel p. {pw.number}"
            if same_as_previous and previous is not None and grid.title == previous.title \
                    and previous.page == pw.number - 1:
                grid.continued = True  # the title and header repeated on the next page
            name = slug(caption_text(grid.title)) or f"tabel_p{pw.number}"
            if grid.continued and previous is not None:
                table = previous.slug or name
            else:
                slugs[name] += 1
                table = name if slugs[name] == 1 else f"{name}_{slugs[name]}"
            grid.slug = table
            previous = grid
            rows, warnings = grid_figures(grid, document, table)
            kept, dropped = _check_printed(rows, page_text)
            if dropped:
                warnings.append(f"p. {pw.number}: {dropped} cel(len) van '{grid.title}' niet in de paginatekst "
                                "gevonden; weggelaten")
            page_rows += kept
            result.warnings += warnings
            if not kept:
                continue
            result.tables += 1
            result.table_info.append(TableInfo(
                page=pw.number, table=table, title=grid.title, layout=grid.layout, rows=len(grid.rows),
                columns=grid.columns, cells=len(kept),
            ))
        # captions not used on this page wait for a table on the next pages
        for ci, text in captions:
            if ci not in used_captions and not any(top <= ci for _, top, _ in found):
                pending_caption = (pw.number, text)
        if layout.headings:
            section = layout.headings[max(layout.headings)]
        if not found and any(line.words for line in lines[3:]):
            previous = None
        result.rows += page_rows
        if running_text:
            text_rows = figures_from_text(page_text, document, pw.number, section=section,
                                          table_lines=_used_text(layout), places=places)
            text_rows, _ = _check_printed(text_rows, page_text)
            result.rows += _not_in_tables(text_rows, page_rows)
    result.seconds = round(time.perf_counter() - started, 4)
    return result


def _used_text(layout: _PageLayout) -> list[str]:
    return [layout.lines[i].text for i in sorted(layout.used)]


def _not_in_tables(text_rows: list[FigureRow], table_rows: list[FigureRow]) -> list[FigureRow]:
    seen = {(r.page, normalise_for_match(r.printed)) for r in table_rows}
    return [r for r in text_rows if (r.page, normalise_for_match(r.printed)) not in seen]


def extract_figures(path: Path, document: str, pages: list[Page] | None = None,
                    running_text: bool = True, places: PlaceFinder | None = None) -> ExtractionResult:
    """Figures from the tables (and running text) of a PDF. I/O edge; picklable in and out.

    `pages` (from `ingest.pdf.load_pages`) is the text each extracted value is checked against; without
    it, pdfium's own page text is used.
    """
    started = time.perf_counter()
    words = read_pdf_words(Path(path))
    texts = {p.number: p.text for p in pages} if pages else None
    result = figures_from_page_words(words, document, texts, running_text=running_text, places=places)
    result.seconds = round(time.perf_counter() - started, 4)
    return result


# --------------------------------------------------------------------------------------------------
# DOCX and spreadsheets


def grid_from_cells(cells: list[list[str]], page: int, title: str, layout: str) -> TableGrid | None:
    """A grid from a rectangular table of cell texts: header rows on top, row labels in column 0."""
    rows = [[re.sub(r"\s+", " ", c or "").strip() for c in row] for row in cells if any((c or "").strip() for c in row)]
    if len(rows) < 2:
        return None
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    # header rows: leading rows without figures in the data columns (periods count as labels)
    n_header = 0
    for r in rows:
        data = [c for c in r[1:] if c]
        if data and all(period_of(c) or parse_cell(c) is None for c in data):
            n_header += 1
        else:
            break
    n_header = max(n_header, 1) if len(rows) > 1 else 0
    header = rows[:n_header]
    body = rows[n_header:]
    columns = []
    for c in range(1, width):
        parts: list[str] = []
        for h in header:
            if h[c] and (not parts or parts[-1] != h[c]):
                parts.append(h[c])
        columns.append(" ".join(parts))
    stub_header = " ".join(dict.fromkeys(h[0] for h in header if h[0]))
    grid_rows: list[GridRow] = []
    group = ""
    for r in body:
        label = r[0]
        values = r[1:]
        if not any(values):
            group = label
            continue
        # merged label cells repeat their text across the row in python-docx
        grid_rows.append(GridRow(label, values, group))
    if not grid_rows:
        return None
    grid = TableGrid(page=page, title=title, columns=columns, rows=grid_rows, layout=layout, context=stub_header)
    grid.stub_header = stub_header
    return grid


def extract_docx_figures(path: Path, document: str) -> ExtractionResult:
    """Figures from the tables of a .docx (page 1, as `ingest.pdf.DocxLoader` numbers it). I/O edge."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    started = time.perf_counter()
    doc = docx.Document(str(path))
    result = ExtractionResult(pages=1)
    last_text = ""
    heading = ""
    slugs: Counter[str] = Counter()
    page_text_parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            page_text_parts.append(" ".join(cell.text for cell in row.cells))
    page_text = "\n".join(page_text_parts)
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, doc)
            text = para.text.strip()
            if text:
                last_text = text
                style = (para.style.name if para.style is not None else "") or ""
                if style.lower().startswith(("heading", "kop")):
                    heading = text
            continue
        if tag != "tbl":
            continue
        table = Table(child, doc)
        cells = [[cell.text for cell in row.cells] for row in table.rows]
        title = last_text if last_text and len(last_text.split()) <= 14 and not last_text.endswith(".") else ""
        grid = grid_from_cells(cells, 1, title or heading or "tabel", "docx")
        last_text = ""
        if grid is None:
            continue
        grid.section = heading
        name = slug(caption_text(grid.title)) or "tabel"
        slugs[name] += 1
        table_slug = name if slugs[name] == 1 else f"{name}_{slugs[name]}"
        rows, warnings = grid_figures(grid, document, table_slug)
        kept, _ = _check_printed(rows, page_text)
        result.rows += kept
        result.warnings += warnings
        result.tables += 1
        result.table_info.append(TableInfo(page=1, table=table_slug, title=grid.title, layout="docx",
                                           rows=len(grid.rows), columns=grid.columns, cells=len(kept)))
    result.seconds = round(time.perf_counter() - started, 4)
    return result


def frame_text(value: Any) -> str:
    """A spreadsheet cell as printed text: integers without separators, decimals with a comma."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return format_dutch_number(value, decimals=None).replace(".", "")
    if isinstance(value, int):
        return str(value)
    return str(value).strip()


def figures_from_frame(df: Any, document: str, sheet: str) -> ExtractionResult:
    """Figures from a generic table (pandas DataFrame) that does not follow the figure schema.

    The first column holds the row labels, the header row the column labels (often periods).
    Spreadsheet numbers are printed without thousands separators and with a decimal comma.
    """
    started = time.perf_counter()
    header = [frame_text(c) for c in df.columns]
    cells = [header] + [[frame_text(v) for v in row] for row in df.itertuples(index=False, name=None)]
    # a period header read as numbers (2023.0) -> "2023"
    cells[0] = [re.sub(r"^(\d{4})\.0+$", r"\1", c) for c in cells[0]]
    result = ExtractionResult(pages=1)
    grid = grid_from_cells(cells, 1, sheet, "sheet")
    if grid is None:
        return result
    grid.columns = [re.sub(r"^Unnamed: \d+$", "", c) for c in grid.columns]
    table = slug(sheet) or "tabel"
    rows, warnings = grid_figures(grid, document, table)
    result.rows = rows
    result.warnings = warnings
    result.tables = 1
    result.table_info.append(TableInfo(page=1, table=table, title=sheet, layout="sheet", rows=len(grid.rows),
                                       columns=grid.columns, cells=len(rows)))
    result.seconds = round(time.perf_counter() - started, 4)
    return result
