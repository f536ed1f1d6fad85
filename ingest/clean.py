"""Pure text cleaning for text extracted from policy documents: normalisation and running headers/footers."""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from ingest.layout import LayoutLine

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\ufeff]")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200b\u202f]+")
_TABS = re.compile(r" *\t[ \t]*")
# A word split by a line-break hyphen: "ver-\nevende" -> "verevende". Only when the next line starts
# lower-case: "Jeugd-\nGGZ" keeps its hyphen (it is a compound), it only loses the line break.
_HYPHEN_LOWER = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[a-zà-ÿ])")
_HYPHEN_UPPER = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[A-ZÀ-Þ])")


def normalise_unicode(text: str) -> str:
    """NFKC: ligatures and compatibility forms become plain letters ("ĳ" -> "ij", "ﬁ" -> "fi", "…" -> "...");
    accented letters stay composed ("é", "ë")."""
    return unicodedata.normalize("NFKC", text)


def clean_text(text: str) -> str:
    """Normalise extracted text, keeping line structure (headings and list items live on lines).

    - Unicode NFKC (`normalise_unicode`); control characters and soft hyphens removed.
    - Line-break hyphenation re-joined ("ver-\\nevende" -> "verevende"; "Jeugd-\\nGGZ" -> "Jeugd-GGZ").
    - Runs of layout spaces collapsed to one space; a tab (a table cell boundary from DOCX) kept as one tab;
      blank-line runs collapsed to one blank line.
    - Numbers and amounts are left as printed ("€ 1.800", "0,69", "-5,89%").
    """
    text = normalise_unicode(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _TABS.sub("\t", text)
    text = _HYPHEN_LOWER.sub("", text)
    text = _HYPHEN_UPPER.sub("-", text)
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def normalise_for_match(text: str) -> str:
    """Whitespace-, hyphenation- and ligature-insensitive form, for finding a quote in a page or passage."""
    text = normalise_unicode(text).lower()
    text = text.replace("\u00ad", "")
    return re.sub(r"[\s\-‐‑–]+", "", text)


def contains_quote(haystack: str, quote: str) -> bool:
    needle = normalise_for_match(quote)
    return bool(needle) and needle in normalise_for_match(haystack)


# --- running headers, footers and letterheads ---------------------------------------------------------------

RUNNING_MIN_SHARE = 0.5  # a running line is on at least this share of the pages with text ...
RUNNING_MIN_PAGES = 3  # ... and on at least this many pages
EDGE_BAND = 0.12  # the top and bottom share of the page height where headers and footers live
EDGE_LINES = 2  # without positions: the first and last lines of a page (of at least six) are its edges
SAME_PLACE = 0.03  # occurrences of one running line lie within this share of the page height of each other

_DIGITS = re.compile(r"\d+")
_ROMAN_PAGE = re.compile(r"[ivxlc]{1,7}")


def running_key(line: str) -> str:
    """A line's identity across pages: case, spacing and numbers ignored ("Pagina 3 van 12" ~ "Pagina 4 van 12").

    A lone roman numeral ("iv", a page number in an appendix) counts as a number.
    """
    text = " ".join(normalise_unicode(line).lower().split())
    if _ROMAN_PAGE.fullmatch(text):
        return "#"
    return _DIGITS.sub("#", text)


def _edge(line: LayoutLine, index: int, count: int) -> str:
    """'top', 'bottom' or '' for the line at `index` of a page's `count` non-blank lines."""
    if line.position is not None:
        if line.position >= 1 - EDGE_BAND:
            return "top"
        if line.position <= EDGE_BAND:
            return "bottom"
        return ""
    edge = max(1, min(EDGE_LINES, count // 3))  # short pages: only the very first and last line
    if index < edge:
        return "top"
    if index >= count - edge:
        return "bottom"
    return ""


def _edge_lines(page: Sequence[LayoutLine]) -> list[tuple[int, str, str]]:
    """(line index, edge, key) of the page's lines at its top or bottom edge."""
    visible = [(i, line) for i, line in enumerate(page) if line.text.strip()]
    found = []
    for k, (i, line) in enumerate(visible):
        if edge := _edge(line, k, len(visible)):
            found.append((i, edge, running_key(line.text)))
    return found


def running_line_indices(pages: Sequence[Sequence[LayoutLine]]) -> list[set[int]]:
    """Per page, the indices of its running lines: headers, footers, letterheads and page numbers.

    A line is running when the same text (`running_key`: numbers ignored) stands at the same edge (top or
    bottom band of the page, or the first/last lines when positions are unknown), at the same height, on at
    least `RUNNING_MIN_SHARE` of the pages with text and on at least `RUNNING_MIN_PAGES` pages. A line that
    repeats on two pages, or in the middle of pages, is content and stays.
    """
    with_text = sum(1 for page in pages if any(line.text.strip() for line in page))
    needed = max(RUNNING_MIN_PAGES, math.ceil(RUNNING_MIN_SHARE * with_text))
    edges = [_edge_lines(page) for page in pages]
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    heights: dict[tuple[str, str], list[float]] = defaultdict(list)
    for number, found in enumerate(edges):
        for i, edge, key in found:
            seen[(edge, key)].add(number)
            if (position := pages[number][i].position) is not None:
                heights[(edge, key)].append(position)
    running = {k for k, numbers in seen.items() if len(numbers) >= needed}
    usual = {k: statistics.median(heights[k]) for k in running if heights[k]}
    result: list[set[int]] = []
    for number, found in enumerate(edges):
        keep: set[int] = set()
        for i, edge, key in found:
            if (edge, key) not in running:
                continue
            position = pages[number][i].position
            if position is None or (edge, key) not in usual or abs(position - usual[(edge, key)]) <= SAME_PLACE:
                keep.add(i)
        result.append(keep)
    return result


def remove_running_lines(
    pages: Sequence[Sequence[LayoutLine]],
) -> tuple[list[list[LayoutLine]], list[str], int]:
    """Pages without their running lines, the distinct running lines that hold words (first spelling, in page
    order: kept for metadata such as the publisher in a letterhead), and how many lines were removed."""
    indices = running_line_indices(pages)
    kept: list[list[LayoutLine]] = []
    texts: dict[str, str] = {}
    removed = 0
    for page, drop in zip(pages, indices, strict=True):
        kept.append([line for i, line in enumerate(page) if i not in drop])
        removed += len(drop)
        for i in sorted(drop):
            text = " ".join(normalise_unicode(page[i].text).split())
            if any(c.isalpha() for c in text) and not _ROMAN_PAGE.fullmatch(text.lower()):
                texts.setdefault(running_key(text), text)
    return kept, list(texts.values()), removed


def remove_running_text_lines(pages: Sequence[str]) -> tuple[list[str], list[str], int]:
    """`remove_running_lines` for plain-text pages (no positions: first and last lines are the edges)."""
    layout = [[LayoutLine(line) for line in page.split("\n")] for page in pages]
    kept, running, removed = remove_running_lines(layout)
    return ["\n".join(line.text for line in page) for page in kept], running, removed
